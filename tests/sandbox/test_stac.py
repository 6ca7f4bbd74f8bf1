"""STAC: documents, media types, STAC error bodies, item search parameters (datetime, bbox, intersects,
ids, collections, sortby) and the deliveries that follow the orders."""

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
        "https://api.stacspec.org/v1.0.0/item-search#fields",
        "https://api.stacspec.org/v1.0.0/ogcapi-features#fields",
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


def test_ids_and_collections(kit):
    everything = kit.all_items()
    wanted = [everything[0]["id"], everything[-1]["id"]]
    assert kit.ids(kit.all_items(ids=",".join(wanted))) == sorted(wanted)
    posted = kit.api.post("/stac/search", json={"ids": wanted}).json()["features"]
    assert kit.ids(posted) == sorted(wanted)
    zoom = kit.all_items(collections="lstzoom")
    assert zoom
    assert all(item["collection"] == "lstzoom" for item in zoom)
    assert kit.all_items(collections="nothing") == []


def test_oversized_limit_is_lowered_not_refused(api):
    response = api.get("/stac/search", params={"limit": 50_000})
    assert response.status_code == 200
    assert response.json()["numberReturned"] == min(response.json()["numberMatched"], 1000)


@pytest.mark.parametrize(
    ("method", "path", "media_type"),
    [
        ("GET", "/stac", "application/json"),
        ("GET", "/stac/conformance", "application/json"),
        ("GET", "/stac/collections", "application/json"),
        ("GET", "/stac/collections/lstzoom", "application/json"),
        ("GET", "/stac/queryables", "application/schema+json"),
        ("GET", "/stac/collections/lstzoom/queryables", "application/schema+json"),
        ("GET", "/stac/search", "application/geo+json"),
        ("POST", "/stac/search", "application/geo+json"),
        ("GET", "/stac/collections/lstzoom/items", "application/geo+json"),
    ],
)
def test_media_types(api, method, path, media_type):
    response = api.request(method, path, **({"json": {}} if method == "POST" else {}))
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == media_type


def test_an_item_is_geojson(api):
    item = api.get("/stac/search", params={"limit": 1}).json()["features"][0]
    response = api.get(f"/stac/collections/{item['collection']}/items/{item['id']}")
    assert response.headers["content-type"] == "application/geo+json"


def _stac_error(response, status=400, code="SearchParameterError"):
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"code", "description"}
    assert body["code"] == code
    assert body["description"]
    return body["description"]


def test_stac_errors_are_400_with_code_and_description(api):
    """STAC APIs answer invalid parameters with 400 (not FastAPI's 422) and a code/description body."""
    for params in ({"limit": 0}, {"limit": -1}, {"limit": "many"}):
        assert "limit" in _stac_error(api.get("/stac/search", params=params), code="RequestValidationError")
    for body in (
        {"limit": -1},
        {"limit": "many"},
        {"bbox": "100.0, 0.0, 105.0, 1.0"},
        {"collections": "lstzoom"},
    ):
        _stac_error(api.post("/stac/search", json=body), code="RequestValidationError")
    _stac_error(
        api.post("/stac/search", data="{not json", headers={"Content-Type": "application/json"}),
        code="RequestValidationError",
    )
    _stac_error(
        api.get("/stac/collections/lstzoom/items", params={"limit": 0}), code="RequestValidationError"
    )
    _stac_error(api.get("/stac/search", params={"bbox": "1,2,3"}))
    _stac_error(api.get("/stac/search", params={"sortby": "-shoe_size"}))
    _stac_error(api.get("/stac/collections/nothing"), 404, "NotFoundError")
    _stac_error(api.get("/stac/collections/lstzoom/items/nothing"), 404, "NotFoundError")


def test_other_endpoints_keep_fastapi_422(api):
    """The guide documents 422 with FastAPI's ``detail`` list for orders and AOIs: that stays."""
    for path in ("/orders", "/areas-of-interest"):
        response = api.get(path, params={"limit": 0})
        assert response.status_code == 422
        assert response.json()["detail"][0]["loc"] == ["query", "limit"]


def test_unauthenticated_stac_keeps_the_api_401(sb):
    response = requests.get(f"{sb.api_url}/stac/search", timeout=10)
    assert response.status_code == 401
    assert response.json() == {"detail": "Not authenticated"}


@pytest.mark.parametrize(
    "value",
    [
        "1985-04-12",  # date only
        "1985-04-12T23:20:50",  # no time zone
        "1985-04-12T23:20:50.52",  # no time zone
        "1985-04-12T23:20:50.Z",  # a fraction without digits
        "1985-04-12T23:20:50,52Z",  # ISO 8601's comma, not RFC 3339
        "1985-04-12T23:20Z",  # no seconds
        "1937-01-01T12:00:27.87+0100",  # offset without colon
        "85-04-12T23:20:50Z",
        "1985-13-12T23:20:50Z",
        "1985-02-30T23:20:50Z",
        "1985-12-01T25:20:50Z",
        "1985-12-01T00:06:61Z",
        "1985-04-12 23:20:50Z",
        " 1985-04-12T23:20:50Z",
        "yesterday",
        "/",
        "../..",
        "/..",
        "../",
        "1985-04-12T23:20:50Z/1986-04-12T23:20:50Z/",
        "/1984-04-12T23:20:50Z/1985-04-12T23:20:50Z",
        "1986-04-12T23:20:50Z/1985-04-12T23:20:50Z",  # start after end
        "1985-04-12/1986-04-12",
    ],
)
def test_datetimes_must_be_rfc3339(api, value):
    assert "datetime" in _stac_error(api.get("/stac/search", params={"datetime": value}))
    assert "datetime" in _stac_error(api.post("/stac/search", json={"datetime": value}))
    assert "datetime" in _stac_error(api.get("/stac/collections/lstzoom/items", params={"datetime": value}))


@pytest.mark.parametrize(
    "value",
    [
        "1985-04-12t23:20:50.000z",
        "1996-12-19T16:39:57-08:00",
        "1996-12-19T16:39:57-00:00",
        "2020-07-23T00:00:00.012345678Z",
        "../1985-04-12T23:20:50.52Z",
        "1985-04-12T23:20:50.52Z/",
        "1985-04-12T23:20:50.52+01:00/1986-04-12T23:20:50.52+01:00",
    ],
)
def test_rfc3339_datetimes_are_accepted(api, value):
    assert api.get("/stac/search", params={"datetime": value}).status_code == 200


def test_datetime_forms(kit):
    everything = sorted(kit.all_items(), key=lambda item: item["properties"]["datetime"])
    times = [item["properties"]["datetime"] for item in everything]
    low, high = times[len(times) // 4], times[3 * len(times) // 4]

    def within(start, end):
        return kit.ids(
            item
            for item, moment in zip(everything, times)
            if (start is None or moment >= start) and (end is None or moment <= end)
        )

    assert kit.ids(kit.all_items(datetime=low)) == within(low, low)
    assert kit.ids(kit.all_items(datetime=f"{low}/{high}")) == within(low, high)
    assert kit.ids(kit.all_items(datetime=f"../{high}")) == within(None, high)
    assert kit.ids(kit.all_items(datetime=f"/{high}")) == within(None, high)
    assert kit.ids(kit.all_items(datetime=f"{low}/..")) == within(low, None)
    assert kit.ids(kit.all_items(datetime=f"{low}/")) == within(low, None)
    offset = datetime.fromisoformat(low.replace("Z", "+00:00")).astimezone().isoformat()
    assert kit.ids(kit.all_items(datetime=offset)) == within(low, low)


BERLIN = {
    "type": "Polygon",
    "coordinates": [[[13.3, 52.45], [13.5, 52.45], [13.5, 52.55], [13.3, 52.55], [13.3, 52.45]]],
}


def test_bbox_and_intersects_select_the_same_items(kit):
    by_intersects = kit.all_items(intersects=json.dumps(BERLIN), collections="lstprecision")
    by_bbox = kit.all_items(bbox="13.3,52.45,13.5,52.55", collections="lstprecision")
    posted = kit.api.post(
        "/stac/search", json={"intersects": BERLIN, "collections": ["lstprecision"], "limit": 1000}
    )
    assert by_intersects
    assert kit.ids(by_intersects) == kit.ids(by_bbox) == kit.ids(posted.json()["features"])
    assert len(by_bbox) < len(kit.all_items())
    everywhere = {
        "type": "GeometryCollection",
        "geometries": [BERLIN, {"type": "Point", "coordinates": [0, 0]}],
    }
    assert kit.ids(kit.all_items(intersects=json.dumps(everywhere), collections="lstprecision")) == kit.ids(
        by_bbox
    )


@pytest.mark.parametrize(
    "bbox",
    [
        "1,2,3",
        "1,2,3,4,5",
        "[100.0,0.0,105.0,1.0]",
        "100,1,105,0",
        "-181,0,1,1",
        "0,-91,1,1",
        "nan,0,1,1",
        "1_0,0,11,1",
        "0, 0, 1, 1",
        "inf,0,1,1",
    ],
)
def test_bad_bbox(api, bbox):
    assert "bbox" in _stac_error(api.get("/stac/search", params={"bbox": bbox}))


@pytest.mark.parametrize(
    "geometry",
    [
        {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1]]]},  # ring not closed
        {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [0, 0]]]},  # fewer than 4 positions
        {"type": "LineString", "coordinates": [[0, 0]]},
        {"type": "Point", "coordinates": [200, 0]},
        {"type": "Point", "coordinates": ["0", "0"]},
        {"type": "Circle", "coordinates": [0, 0]},
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [0, 0]}, "properties": {}},
        {"type": "MultiPolygon", "coordinates": []},
    ],
)
def test_intersects_must_be_a_geojson_geometry(api, geometry):
    assert "intersects" in _stac_error(api.get("/stac/search", params={"intersects": json.dumps(geometry)}))
    assert "intersects" in _stac_error(api.post("/stac/search", json={"intersects": geometry}))


def test_bbox_and_intersects_are_exclusive(api):
    _stac_error(api.post("/stac/search", json={"bbox": [13, 52, 14, 53], "intersects": BERLIN}))
    _stac_error(api.get("/stac/search", params={"bbox": "13,52,14,53", "intersects": json.dumps(BERLIN)}))
