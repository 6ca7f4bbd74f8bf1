"""STAC: documents, item search (filters, datetime, sortby) and token paging for GET and POST."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import pytest
import requests


def test_landing_conformance_and_collections(sb, api):
    for path in ("/stac", "/stac/"):
        landing = api.get(path).json()
        assert landing["type"] == "Catalog"
        assert landing["id"] == "constellr-stacapi"
        links = {link["rel"]: link["href"] for link in landing["links"]}
        assert links["self"] == f"{sb.api_url}/stac/"
        assert links["data"] == f"{sb.api_url}/stac/collections"
        assert {"conformance", "search", "root"} <= set(links)
    conforms = api.get("/stac/conformance").json()["conformsTo"]
    for cls in (
        "https://api.stacspec.org/v1.0.0/core",
        "https://api.stacspec.org/v1.0.0/item-search",
        "http://www.opengis.net/spec/cql2/1.0/conf/cql2-json",
        "https://api.stacspec.org/v1.0.0/ogcapi-features#sort",
    ):
        assert cls in conforms
    collections = api.get("/stac/collections").json()
    assert [c["id"] for c in collections["collections"]] == ["lstprecision", "lstzoom", "lstfusion"]
    assert collections["numberMatched"] == collections["numberReturned"] == 3
    page = api.get("/stac/collections", params={"limit": 2, "offset": 1}).json()
    assert [c["id"] for c in page["collections"]] == ["lstzoom", "lstfusion"]
    fusion = api.get("/stac/collections/lstfusion").json()
    assert fusion["stac_version"] == "1.1.0"
    assert fusion["license"] == "other"
    assert fusion["extent"]["spatial"]["bbox"]
    assert api.get("/stac/collections/lstnothing").status_code == 404
    assert api.get("/stac/collections/lstnothing/items").status_code == 404


def test_items_carry_order_properties_and_signed_assets(sb, api):
    item = api.get("/stac/search", params={"collections": "lstprecision", "limit": 1}).json()["features"][0]
    properties = item["properties"]
    for key in (
        "datetime",
        "gsd",
        "platform",
        "order:id",
        "constellr:illumination",
        "eo:cloud_cover",
        "view:off_nadir",
        "view:sun_elevation",
        "view:sun_azimuth",
        "proj:epsg",
        "proj:shape",
        "proj:bbox",
    ):
        assert key in properties
    assert properties["platform"] in ("SBA01", "SBA02")
    assert 32601 <= properties["proj:epsg"] <= 32660
    assert item["id"].startswith(f"LSTPRECISION_{properties['platform']}_")
    assert set(item["assets"]) == {"lst", "quicklook", "thumbnail", "metadata", "scl_mask_30m"}
    lst = item["assets"]["lst"]
    assert lst["href"].startswith(f"{sb.storage_url}/demo/{item['id']}/lst.tiff?X-Expires=")
    assert "profile=cloud-optimized" in lst["type"]
    assert lst["roles"] == ["data"]
    assert lst["raster:bands"][0] | {"spatial_resolution": 0} == {
        "data_type": "uint16",
        "scale": 0.01,
        "offset": 0.0,
        "nodata": 65535,
        "unit": "kelvin",
        "spatial_resolution": 0,
    }
    again = api.get(f"/stac/collections/lstprecision/items/{item['id']}").json()
    assert again["id"] == item["id"]
    assert again["properties"] == properties
    assert api.get(f"/stac/collections/lstzoom/items/{item['id']}").status_code == 404
    assert api.get("/stac/collections/lstprecision/items/NOPE").status_code == 404


def test_demo_catalogue_is_big_enough(kit):
    items = kit.all_items()
    assert len(items) >= 25
    assert {item["collection"] for item in items} == {"lstprecision", "lstzoom", "lstfusion"}
    assert {item["properties"]["constellr:illumination"] for item in items} == {"day", "night"}


def _collect_get(api, params):
    """Follow GET ``next`` links; returns pages of ids and the first page."""
    first = api.get("/stac/search", params=params).json()
    pages, page = [], first
    while True:
        pages.append([feature["id"] for feature in page["features"]])
        assert page["numberReturned"] == len(page["features"])
        following = [link for link in page["links"] if link["rel"] == "next"]
        if not following:
            return pages, first
        page = api.session.get(following[0]["href"], timeout=30).json()


def test_get_paging_follows_next_links(api, sb):
    pages, first = _collect_get(api, {"limit": 10, "sortby": "-datetime"})
    ids = [item_id for page in pages for item_id in page]
    assert len(pages) >= 3
    assert len(ids) == len(set(ids)) == first["numberMatched"]
    next_link = next(link for link in first["links"] if link["rel"] == "next")
    assert next_link["href"].startswith(f"{sb.api_url}/stac/search?")
    assert "token=" in next_link["href"]
    assert "sortby=-datetime" in next_link["href"]
    second = api.session.get(next_link["href"], timeout=30).json()
    previous = next(link for link in second["links"] if link["rel"] == "prev")
    assert [f["id"] for f in api.session.get(previous["href"], timeout=30).json()["features"]] == pages[0]


def test_post_paging_follows_next_links(api):
    body = {
        "collections": ["lstprecision", "lstzoom", "lstfusion"],
        "limit": 10,
        "sortby": [{"field": "datetime", "direction": "desc"}],
    }
    page = api.post("/stac/search", json=body).json()
    matched, ids, pages = page["numberMatched"], [], 0
    while True:
        pages += 1
        ids += [feature["id"] for feature in page["features"]]
        following = [link for link in page["links"] if link["rel"] == "next"]
        if not following:
            break
        link = following[0]
        assert link["method"] == "POST"
        assert link["merge"] is False
        assert link["body"]["collections"] == body["collections"]
        assert "token" in link["body"]
        page = api.post(link["href"][len(api.base) :], json=link["body"]).json()
    assert pages >= 3
    assert len(ids) == len(set(ids)) == matched
    get_ids = [item_id for page_ids in _collect_get(api, {"limit": 10})[0] for item_id in page_ids]
    assert get_ids == ids


def test_collection_items_page_too(api):
    first = api.get("/stac/collections/lstfusion/items", params={"limit": 5}).json()
    rels = {link["rel"] for link in first["links"]}
    assert {"collection", "parent", "root", "self", "next"} <= rels
    ids, page = [], first
    while True:
        ids += [feature["id"] for feature in page["features"]]
        assert all(feature["collection"] == "lstfusion" for feature in page["features"])
        following = [link["href"] for link in page["links"] if link["rel"] == "next"]
        if not following:
            break
        page = api.session.get(following[0], timeout=30).json()
    assert len(ids) == len(set(ids)) == first["numberMatched"] > 10
    assert api.get("/stac/search", params={"token": "garbage!"}).status_code == 400


def _ids(items):
    return sorted(item["id"] for item in items)


def test_filters_each_operator(kit):
    everything = kit.all_items()
    order_id = everything[0]["properties"]["order:id"]
    clouds = sorted(item["properties"]["eo:cloud_cover"] for item in everything)
    middle = clouds[len(clouds) // 2]
    moment = sorted(item["properties"]["datetime"] for item in everything)[len(everything) // 2]

    def prop(item, name):
        return item["properties"].get(name)

    cases = [
        (
            {"op": "=", "args": [{"property": "order:id"}, order_id]},
            lambda i: prop(i, "order:id") == order_id,
        ),
        (
            {"op": "eq", "args": [{"property": "order:id"}, order_id]},
            lambda i: prop(i, "order:id") == order_id,
        ),
        (
            {"op": "<>", "args": [{"property": "platform"}, "fusion"]},
            lambda i: prop(i, "platform") != "fusion",
        ),
        (
            {"op": "<", "args": [{"property": "eo:cloud_cover"}, middle]},
            lambda i: prop(i, "eo:cloud_cover") < middle,
        ),
        (
            {"op": "lte", "args": [{"property": "eo:cloud_cover"}, middle]},
            lambda i: prop(i, "eo:cloud_cover") <= middle,
        ),
        (
            {"op": ">", "args": [{"property": "eo:cloud_cover"}, middle]},
            lambda i: prop(i, "eo:cloud_cover") > middle,
        ),
        (
            {"op": "gte", "args": [{"property": "eo:cloud_cover"}, middle]},
            lambda i: prop(i, "eo:cloud_cover") >= middle,
        ),
        ({"op": "like", "args": [{"property": "id"}, "LSTZOOM%"]}, lambda i: i["id"].startswith("LSTZOOM")),
        (
            {"op": "like", "args": [{"property": "platform"}, "SBA0_"]},
            lambda i: prop(i, "platform") != "fusion",
        ),
        (
            {"op": "in", "args": [{"property": "platform"}, ["SBA01", "fusion"]]},
            lambda i: prop(i, "platform") in ("SBA01", "fusion"),
        ),
        ({"op": "isNull", "args": [{"property": "no:such"}]}, lambda i: True),
        ({"op": "isNull", "args": [{"property": "platform"}]}, lambda i: False),
        (
            {"op": "not", "args": [{"op": "=", "args": [{"property": "constellr:illumination"}, "day"]}]},
            lambda i: prop(i, "constellr:illumination") != "day",
        ),
        (
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
            {"op": ">=", "args": [{"property": "datetime"}, {"timestamp": moment}]},
            lambda i: prop(i, "datetime") >= moment,
        ),
        ({"op": "<", "args": [{"property": "datetime"}, moment]}, lambda i: prop(i, "datetime") < moment),
        (
            {"op": "between", "args": [{"property": "eo:cloud_cover"}, 0, middle]},
            lambda i: prop(i, "eo:cloud_cover") <= middle,
        ),
    ]
    for cql2, expected in cases:
        found = kit.api.post("/stac/search", json={"filter": cql2, "limit": 1000}).json()["features"]
        wanted = [item for item in everything if expected(item)]
        assert _ids(found) == _ids(wanted), cql2
        assert found or cql2["op"] == "isNull", cql2
        via_get = kit.all_items(filter=json.dumps(cql2), **{"filter-lang": "cql2-json"})
        assert _ids(via_get) == _ids(wanted), cql2


def test_spatial_filter_and_intersects(kit):
    everything = kit.all_items()
    berlin = {
        "type": "Polygon",
        "coordinates": [[[13.3, 52.45], [13.5, 52.45], [13.5, 52.55], [13.3, 52.55], [13.3, 52.45]]],
    }
    cql2 = {
        "op": "and",
        "args": [
            {"op": "s_intersects", "args": [{"property": "geometry"}, berlin]},
            {"op": "=", "args": [{"property": "collection"}, "lstprecision"]},
        ],
    }
    found = kit.api.post("/stac/search", json={"filter": cql2, "limit": 1000}).json()["features"]
    assert found
    assert all(13.0 < item["bbox"][0] < 13.5 for item in found)
    by_intersects = kit.all_items(intersects=json.dumps(berlin), collections="lstprecision")
    by_bbox = kit.all_items(bbox="13.3,52.45,13.5,52.55", collections="lstprecision")
    assert _ids(found) == _ids(by_intersects) == _ids(by_bbox)
    assert len(found) < len(everything)
    both = kit.api.post("/stac/search", json={"bbox": [13, 52, 14, 53], "intersects": berlin})
    assert both.status_code == 400


@pytest.mark.parametrize(
    "cql2",
    [
        {"op": "t_intersects", "args": [{"property": "datetime"}, "2025-01-01T00:00:00Z"]},
        {"op": "=", "args": [{"property": "id"}]},
        {"args": []},
        {"op": "s_intersects", "args": [{"property": "platform"}, {"type": "Point", "coordinates": [1, 2]}]},
    ],
)
def test_bad_filters_are_400(api, cql2):
    response = api.post("/stac/search", json={"filter": cql2})
    assert response.status_code == 400
    assert isinstance(response.json()["detail"], str)


def test_bad_get_parameters(api):
    assert api.get("/stac/search", params={"filter": "{not json"}).status_code == 400
    assert api.get("/stac/search", params={"filter-lang": "cql2-text", "filter": "{}"}).status_code == 400
    assert api.get("/stac/search", params={"bbox": "1,2,3"}).status_code == 400
    assert api.get("/stac/search", params={"limit": 0}).status_code == 422
    assert api.post("/stac/search", json={"limit": "many"}).status_code == 422
    assert api.get("/stac/search", params={"sortby": "-shoe_size"}).status_code == 400


def test_datetime_forms(kit):
    everything = sorted(kit.all_items(), key=lambda item: item["properties"]["datetime"])
    times = [item["properties"]["datetime"] for item in everything]
    low, high = times[len(times) // 4], times[3 * len(times) // 4]

    def within(start, end):
        return _ids(
            item
            for item, moment in zip(everything, times)
            if (start is None or moment >= start) and (end is None or moment <= end)
        )

    assert _ids(kit.all_items(datetime=low)) == within(low, low)
    assert _ids(kit.all_items(datetime=f"{low}/{high}")) == within(low, high)
    assert _ids(kit.all_items(datetime=f"../{high}")) == within(None, high)
    assert _ids(kit.all_items(datetime=f"/{high}")) == within(None, high)
    assert _ids(kit.all_items(datetime=f"{low}/..")) == within(low, None)
    assert _ids(kit.all_items(datetime=f"{low}/")) == within(low, None)
    offset = datetime.fromisoformat(low.replace("Z", "+00:00")).astimezone().isoformat()
    assert _ids(kit.all_items(datetime=offset)) == within(low, low)
    for bad in ("yesterday", "../..", f"{high}/{low}" if high != low else "x/y"):
        assert kit.api.get("/stac/search", params={"datetime": bad}).status_code == 400


def test_sortby_get_and_post(kit):
    clouds = [item["properties"]["eo:cloud_cover"] for item in kit.all_items(sortby="-eo:cloud_cover")]
    assert clouds == sorted(clouds, reverse=True)
    ascending = [item["properties"]["datetime"] for item in kit.all_items(sortby="+datetime,id")]
    assert ascending == sorted(ascending)
    body = {"limit": 1000, "sortby": [{"field": "properties.eo:cloud_cover", "direction": "asc"}]}
    posted = [
        item["properties"]["eo:cloud_cover"]
        for item in kit.api.post("/stac/search", json=body).json()["features"]
    ]
    assert posted == sorted(posted)
    default = [item["properties"]["datetime"] for item in kit.all_items()]
    assert default == sorted(default, reverse=True)


def test_delivered_items_follow_orders_and_the_clock(sb, kit, field):
    start = kit.today()
    order = kit.post_orders(
        kit.order(
            field["id"],
            start,
            start + timedelta(days=14),
            frequency="max_frequency",
            maximum_number_of_images=3,
        )
    ).json()[0]
    search = {"filter": {"op": "eq", "args": [{"property": "order:id"}, order["id"]]}, "limit": 100}

    def deliveries():
        return kit.api.post("/stac/search", json=search).json()["features"]

    assert deliveries() == []
    sb.clock.advance(timedelta(days=5))
    delivered = deliveries()
    assert 1 <= len(delivered) <= 3
    sb.clock.advance(timedelta(days=20))
    final = deliveries()
    assert len(final) == 3
    assert {item["properties"]["constellr:illumination"] for item in final} == {"day", "night"}
    assert all(item["properties"]["datetime"] >= order["start_date"][:19] for item in final)


def test_unauthenticated_stac_is_refused(sb):
    assert requests.get(f"{sb.api_url}/stac/search", timeout=10).status_code == 401


def test_ids_and_collections(kit):
    everything = kit.all_items()
    wanted = [everything[0]["id"], everything[-1]["id"]]
    assert _ids(kit.all_items(ids=",".join(wanted))) == sorted(wanted)
    posted = kit.api.post("/stac/search", json={"ids": wanted}).json()["features"]
    assert _ids(posted) == sorted(wanted)
    zoom = kit.all_items(collections="lstzoom")
    assert zoom
    assert all(item["collection"] == "lstzoom" for item in zoom)
    assert kit.all_items(collections="nothing") == []


def test_oversized_limit_is_lowered_not_refused(api):
    response = api.get("/stac/search", params={"limit": 50_000})
    assert response.status_code == 200
    assert response.json()["numberReturned"] == min(response.json()["numberMatched"], 1000)
