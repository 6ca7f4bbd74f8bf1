"""STAC filter extension: CQL2 text and JSON, GET and POST, held to the advertised conformance classes."""

from __future__ import annotations

import json

import pytest
import shapely.geometry
from shapely.geometry import box

CQL2 = "http://www.opengis.net/spec/cql2/1.0/conf/"


def _search(kit, cql2, lang):
    """Every match of a filter, found four ways that must agree: GET and POST, as given and as the
    GET default (cql2-text) when ``lang`` is cql2-text."""
    via_post = kit.api.post("/stac/search", json={"filter": cql2, "filter-lang": lang, "limit": 1000})
    assert via_post.status_code == 200, via_post.text
    text = cql2 if lang == "cql2-text" else json.dumps(cql2)
    via_get = kit.all_items(filter=text, **{"filter-lang": lang})
    assert kit.ids(via_get) == kit.ids(via_post.json()["features"])
    if lang == "cql2-text":
        assert kit.ids(kit.all_items(filter=text)) == kit.ids(via_get)  # cql2-text is GET's default
    return kit.ids(via_get)


def _refused(kit, cql2, lang):
    """The description of the 400 that both GET and POST answer."""
    posted = kit.api.post("/stac/search", json={"filter": cql2, "filter-lang": lang})
    text = cql2 if isinstance(cql2, str) else json.dumps(cql2)
    got = kit.api.get("/stac/search", params={"filter": text, "filter-lang": lang})
    for response in (posted, got):
        assert response.status_code == 400, (cql2, response.text)
        assert response.json()["code"] in ("FilterError", "SearchParameterError")
    return posted.json()["description"]


def test_conformance_lists_both_encodings(api):
    conforms = api.get("/stac/conformance").json()["conformsTo"]
    for name in (
        "basic-cql2",
        "cql2-text",
        "cql2-json",
        "advanced-comparison-operators",
        "basic-spatial-functions",
        "spatial-functions",
    ):
        assert CQL2 + name in conforms
    for name in ("temporal-functions", "arithmetic", "property-property", "case-insensitive-comparison"):
        assert CQL2 + name not in conforms


def test_comparisons_text_and_json(kit):
    everything = kit.all_items()
    order_id = everything[0]["properties"]["order:id"]
    clouds = sorted(item["properties"]["eo:cloud_cover"] for item in everything)
    middle = clouds[len(clouds) // 2]
    moment = sorted(item["properties"]["datetime"] for item in everything)[len(everything) // 2]

    def prop(item, name):
        return item["properties"].get(name)

    cases = [  # (cql2-text, cql2-json, expected)
        (
            f"\"order:id\" = '{order_id}'",
            {"op": "=", "args": [{"property": "order:id"}, order_id]},
            lambda i: prop(i, "order:id") == order_id,
        ),
        (
            f"\"order:id\" = '{order_id}'",
            {"op": "eq", "args": [{"property": "order:id"}, order_id]},  # the form constellr documents
            lambda i: prop(i, "order:id") == order_id,
        ),
        (
            "platform <> 'fusion'",
            {"op": "<>", "args": [{"property": "platform"}, "fusion"]},
            lambda i: prop(i, "platform") != "fusion",
        ),
        (
            f"eo:cloud_cover < {middle}",
            {"op": "<", "args": [{"property": "eo:cloud_cover"}, middle]},
            lambda i: prop(i, "eo:cloud_cover") < middle,
        ),
        (
            f"eo:cloud_cover <= {middle}",
            {"op": "<=", "args": [{"property": "eo:cloud_cover"}, middle]},
            lambda i: prop(i, "eo:cloud_cover") <= middle,
        ),
        (
            f"eo:cloud_cover > {middle}",
            {"op": ">", "args": [{"property": "eo:cloud_cover"}, middle]},
            lambda i: prop(i, "eo:cloud_cover") > middle,
        ),
        (
            f"eo:cloud_cover >= {middle}",
            {"op": ">=", "args": [{"property": "eo:cloud_cover"}, middle]},
            lambda i: prop(i, "eo:cloud_cover") >= middle,
        ),
        (
            f"eo:cloud_cover BETWEEN 0 AND {middle}",
            {"op": "between", "args": [{"property": "eo:cloud_cover"}, 0, middle]},
            lambda i: prop(i, "eo:cloud_cover") <= middle,
        ),
        (
            "id LIKE 'LSTZOOM%'",
            {"op": "like", "args": [{"property": "id"}, "LSTZOOM%"]},
            lambda i: i["id"].startswith("LSTZOOM"),
        ),
        (
            "platform LIKE 'SBA0_'",
            {"op": "like", "args": [{"property": "platform"}, "SBA0_"]},
            lambda i: prop(i, "platform") != "fusion",
        ),
        (
            "platform IN ('SBA01', 'fusion')",
            {"op": "in", "args": [{"property": "platform"}, ["SBA01", "fusion"]]},
            lambda i: prop(i, "platform") in ("SBA01", "fusion"),
        ),
        (
            "NOT constellr:illumination = 'day'",
            {"op": "not", "args": [{"op": "=", "args": [{"property": "constellr:illumination"}, "day"]}]},
            lambda i: prop(i, "constellr:illumination") != "day",
        ),
        (
            f"collection = 'lstzoom' OR \"order:id\" = '{order_id}'",
            {
                "op": "or",
                "args": [
                    {"op": "=", "args": [{"property": "collection"}, "lstzoom"]},
                    {"op": "=", "args": [{"property": "order:id"}, order_id]},
                ],
            },
            lambda i: i["collection"] == "lstzoom" or prop(i, "order:id") == order_id,
        ),
        (
            f"datetime >= TIMESTAMP('{moment}') AND platform = 'fusion'",
            {
                "op": "and",
                "args": [
                    {"op": ">=", "args": [{"property": "datetime"}, {"timestamp": moment}]},
                    {"op": "=", "args": [{"property": "platform"}, "fusion"]},
                ],
            },
            lambda i: prop(i, "datetime") >= moment and prop(i, "platform") == "fusion",
        ),
        ("platform IS NULL", {"op": "isNull", "args": [{"property": "platform"}]}, lambda i: False),
    ]
    for text, cql2_json, expected in cases:
        wanted = kit.ids(item for item in everything if expected(item))
        assert _search(kit, text, "cql2-text") == wanted, text
        assert _search(kit, cql2_json, "cql2-json") == wanted, cql2_json
        assert wanted or text == "platform IS NULL", text


def test_a_missing_property_is_null_and_selects_nothing(kit):
    everything = kit.ids(kit.all_items())
    assert _search(kit, "no:such = 5", "cql2-text") == []
    assert _search(kit, "NOT (no:such = 5)", "cql2-text") == []  # NOT NULL is NULL, as in SQL
    assert _search(kit, "no:such IS NULL", "cql2-text") == everything
    assert _search(kit, "no:such = 5 OR platform <> 'x'", "cql2-text") == everything


def _literal(geometry):
    return shapely.geometry.mapping(geometry)


def test_every_spatial_function(kit):
    everything = kit.all_items()
    footprints = {item["id"]: shapely.geometry.shape(item["geometry"]) for item in everything}
    target = footprints[everything[0]["id"]]
    west, south, east, north = target.bounds
    width = east - west
    literals = {
        "s_intersects": box(west - width, south, west + width / 2, north),
        "s_equals": target,
        "s_within": target.buffer(width / 4),
        "s_contains": target.centroid,
        "s_disjoint": box(west - width, south, west + width / 2, north),
        "s_overlaps": box(west - width / 2, south, west + width / 2, north),
        "s_touches": box(east, south, east + width, north),
        "s_crosses": shapely.geometry.LineString(
            [(west - width, south + 1e-4), (east + width, north - 1e-4)]
        ),
    }
    relations = {
        "s_intersects": "intersects",
        "s_equals": "equals",
        "s_within": "within",
        "s_contains": "contains",
        "s_disjoint": "disjoint",
        "s_overlaps": "overlaps",
        "s_touches": "touches",
        "s_crosses": "crosses",
    }
    for op, geometry in literals.items():
        relation = relations[op]
        wanted = sorted(
            item_id for item_id, shape in footprints.items() if getattr(shape, relation)(geometry)
        )
        assert wanted, op
        cql2_json = {"op": op, "args": [{"property": "geometry"}, _literal(geometry)]}
        assert _search(kit, cql2_json, "cql2-json") == wanted, op
        assert _search(kit, f"{op.upper()}(geometry, {geometry.wkt})", "cql2-text") == wanted, op
    bbox_text = f"S_INTERSECTS(geometry, BBOX({west},{south},{east},{north}))"
    bbox_json = {
        "op": "s_intersects",
        "args": [{"property": "geometry"}, {"bbox": [west, south, east, north]}],
    }
    assert _search(kit, bbox_text, "cql2-text") == _search(kit, bbox_json, "cql2-json")
    assert _search(kit, bbox_text, "cql2-text") == kit.ids(
        kit.all_items(bbox=f"{west},{south},{east},{north}")
    )


@pytest.mark.parametrize(
    ("cql2", "lang"),
    [
        # not advertised: temporal and array functions, arithmetic, casei/accenti, custom functions
        ("T_INTERSECTS(datetime, INTERVAL('2025-01-01T00:00:00Z', '2026-01-01T00:00:00Z'))", "cql2-text"),
        ({"op": "t_intersects", "args": [{"property": "datetime"}, {"interval": ["..", ".."]}]}, "cql2-json"),
        ("A_CONTAINS(platform, ('SBA01'))", "cql2-text"),
        ("eo:cloud_cover + 1 > 5", "cql2-text"),
        ("CASEI(platform) = casei('sba01')", "cql2-text"),
        ("ACCENTI(platform) = accenti('SBA01')", "cql2-text"),
        ("platform LIKE CASEI('sba%')", "cql2-text"),
        ("FOO(platform)", "cql2-text"),
        ({"op": "frob", "args": [1, 2]}, "cql2-json"),
        # basic CQL2 compares a property with a literal
        ("'SBA01' = platform", "cql2-text"),
        ("platform = constellation", "cql2-text"),
        ({"op": "=", "args": ["a", "a"]}, "cql2-json"),
        ("S_INTERSECTS(POINT(13 52), geometry)", "cql2-text"),
        # both sides of a comparison are of one type (the queryables say which)
        ("datetime < '2025-01-01T00:00:00Z'", "cql2-text"),
        ({"op": "<", "args": [{"property": "datetime"}, "2025-01-01T00:00:00Z"]}, "cql2-json"),
        ("datetime > DATE('2025-01-01')", "cql2-text"),
        ("eo:cloud_cover = '12.5'", "cql2-text"),
        ("platform = 5", "cql2-text"),
        ("platform IN ('SBA01', 5)", "cql2-text"),
        ("gsd LIKE '3%'", "cql2-text"),
        ("platform BETWEEN 'a' AND 'z'", "cql2-text"),
        ("S_INTERSECTS(platform, POINT(1 2))", "cql2-text"),
        ("geometry = 'x'", "cql2-text"),
        # CQL2 text timestamps are UTC ending in Z; JSON timestamps are RFC 3339 date-times
        ("datetime > TIMESTAMP('2025-01-01')", "cql2-text"),
        ("datetime > TIMESTAMP('2025-01-01T00:00:00')", "cql2-text"),
        ("datetime > TIMESTAMP('2025-01-01T00:00:00+01:00')", "cql2-text"),
        ("datetime > TIMESTAMP('2025-01-01T00:00:00.Z')", "cql2-text"),
        ("datetime > TIMESTAMP('2025-13-01T00:00:00Z')", "cql2-text"),
        ({"op": ">", "args": [{"property": "datetime"}, {"timestamp": "2025-01-01"}]}, "cql2-json"),
        ({"op": ">", "args": [{"property": "datetime"}, {"timestamp": "2025-01-01T00:00:00"}]}, "cql2-json"),
        (
            {"op": ">", "args": [{"property": "datetime"}, {"timestamp": "2025-01-01T00:00:00.Z"}]},
            "cql2-json",
        ),
        # not CQL2 1.0 at all
        ({"op": "between", "args": [{"property": "eo:cloud_cover"}, [0, 50]]}, "cql2-json"),
        ({"op": "=", "args": [{"property": "id"}]}, "cql2-json"),
        ({"op": "lte", "args": [{"property": "eo:cloud_cover"}, 5]}, "cql2-json"),
        ({"args": []}, "cql2-json"),
        (
            {
                "op": "s_intersects",
                "args": [{"property": "geometry"}, {"type": "Polygon", "coordinates": [[[0, 0]]]}],
            },
            "cql2-json",
        ),
        ("platform == 'x'", "cql2-text"),
        ("eo:cloud_cover > 5 AND", "cql2-text"),
        ("", "cql2-text"),
        ("platform = 'x'", "cql2-json"),
        ("platform = 'x'", "cql-text"),
    ],
)
def test_refused_filters(kit, cql2, lang):
    _refused(kit, cql2, lang)


def test_filter_encodings_must_match_filter_lang(api):
    assert (
        api.post(
            "/stac/search",
            json={"filter": {"op": "=", "args": [{"property": "id"}, "x"]}, "filter-lang": "cql2-text"},
        ).status_code
        == 400
    )
    assert api.post("/stac/search", json={"filter": "id = 'x'"}).status_code == 400  # POST defaults to JSON
    assert (
        api.get(
            "/stac/search", params={"filter": '{"op": "=", "args": [{"property": "id"}, "x"]}'}
        ).status_code
        == 400
    )
    assert (
        api.get("/stac/search", params={"filter": "{not json", "filter-lang": "cql2-json"}).status_code == 400
    )


def test_filter_crs_is_crs84_only(api):
    crs84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
    assert api.get("/stac/search", params={"filter": "id = 'x'", "filter-crs": crs84}).status_code == 200
    for crs in (
        "http://www.opengis.net/def/crs/EPSG/0/4326",
        "https://www.opengis.net/def/crs/OGC/1.3/CRS84",
    ):
        assert api.get("/stac/search", params={"filter": "id = 'x'", "filter-crs": crs}).status_code == 400


def test_collection_items_take_filters_too(kit):
    zoom = kit.ids(kit.all_items(collections="lstzoom"))
    response = kit.api.get(
        "/stac/collections/lstzoom/items", params={"filter": "platform = 'SBA01'", "limit": 1000}
    )
    assert response.status_code == 200
    found = kit.ids(response.json()["features"])
    assert found
    assert set(found) < set(zoom)
    assert (
        kit.api.get("/stac/collections/lstzoom/items", params={"filter": "platform = 5"}).status_code == 400
    )
