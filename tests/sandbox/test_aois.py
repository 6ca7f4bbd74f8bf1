"""Areas of interest: accepted and refused GeoJSON, metrics, names, listing and deletion."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest

DOCS_POLYGON = {
    "type": "Polygon",
    "coordinates": [
        [
            [11.053963, 51.690862],
            [11.976814, 51.690862],
            [11.976814, 51.059955],
            [10.944099, 51.073763],
            [11.053963, 51.690862],
        ]
    ],
}
RING = [[13.0, 52.0], [13.05, 52.0], [13.05, 52.03], [13.0, 52.03], [13.0, 52.0]]
POLYGON = {"type": "Polygon", "coordinates": [RING]}
FEATURE = {"type": "Feature", "properties": {"field": 7}, "geometry": POLYGON}


def test_geometry_info_matches_the_documented_example(api):
    response = api.post(
        "/areas-of-interest/geometry-info", json={"type": "Feature", "geometry": DOCS_POLYGON}
    )
    assert response.status_code == 200
    assert response.json() == {"bbox_width": 74218.0, "bbox_height": 72561.2, "area": 4728768008.0}


def test_geometry_info_takes_a_bare_polygon_and_refuses_a_point(api):
    assert api.post("/areas-of-interest/geometry-info", json=DOCS_POLYGON).json()["bbox_width"] == 74218.0
    point = api.post("/areas-of-interest/geometry-info", json={"type": "Point", "coordinates": [1, 2]})
    assert point.status_code == 400
    assert "Point" in point.json()["detail"]
    assert api.post("/areas-of-interest/geometry-info", json=[1, 2]).status_code == 422


@pytest.mark.parametrize(
    ("geojson", "geometry_type"),
    [
        (FEATURE, "Polygon"),
        ({"type": "FeatureCollection", "features": [FEATURE]}, "Polygon"),
        (POLYGON, "Polygon"),
        ({"type": "MultiPolygon", "coordinates": [[RING]]}, "MultiPolygon"),
    ],
    ids=["feature", "collection-of-one", "polygon", "multipolygon-of-one"],
)
def test_accepted_geojson_becomes_a_feature(api, geojson, geometry_type):
    response = api.post(
        "/areas-of-interest", json={"name": "Accepted", "description": "d", "geojson": geojson}
    )
    assert response.status_code == 201, response.text
    aoi = response.json()
    assert aoi["geojson"]["type"] == "Feature"
    assert aoi["geojson"]["geometry"]["type"] == geometry_type
    assert aoi["geojson"]["properties"] == (
        {"field": 7} if geometry_type == "Polygon" and geojson is not POLYGON else {}
    )
    assert aoi["name"] == "Accepted"
    assert aoi["description"] == "d"
    assert uuid.UUID(aoi["id"]).version == 4
    assert "T" in aoi["created"]
    assert not aoi["created"].endswith("Z")
    assert 3500 < aoi["bbox_width"] < 3550
    assert 3400 < aoi["bbox_height"] < 3450
    assert api.get(f"/areas-of-interest/{aoi['id']}").json() == aoi


def _ring_with(position):
    return {"type": "Polygon", "coordinates": [[[0.0, 0.0], [1.0, 0.0], position, [0.0, 0.0]]]}


@pytest.mark.parametrize(
    ("geojson", "words"),
    [
        ({"type": "Point", "coordinates": [13.0, 52.0]}, "Point"),
        ({"type": "LineString", "coordinates": [[13.0, 52.0], [13.1, 52.1]]}, "LineString"),
        ({"type": "FeatureCollection", "features": []}, "exactly one feature (got 0)"),
        ({"type": "FeatureCollection", "features": [FEATURE, FEATURE]}, "exactly one feature (got 2)"),
        ({"type": "MultiPolygon", "coordinates": [[RING], [RING]]}, "exactly one polygon (got 2)"),
        ({"type": "Feature", "properties": {}, "geometry": None}, "no geometry"),
        (
            {"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]},
            "Self-intersection",
        ),
        ({"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1]]]}, "not closed"),
        ({"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [0, 0]]]}, "at least 4 positions"),
        (_ring_with(["1", "1"]), "numbers"),
        (_ring_with([200.0, 1.0]), "Longitude 200.0"),
        (_ring_with([1.0, -95.0]), "Latitude -95.0"),
        (
            {
                "type": "Polygon",
                "coordinates": [[[179.5, 10], [-179.5, 10], [-179.5, 11], [179.5, 11], [179.5, 10]]],
            },
            "antimeridian",
        ),
        (
            {
                "type": "Polygon",
                "coordinates": [[[10, 83.5], [11, 83.5], [11, 84.0], [10, 84.0], [10, 83.5]]],
            },
            "84",
        ),
        ({"type": "Polygon", "coordinates": []}, "non-empty"),
        ({"coordinates": [RING]}, "None"),
    ],
)
def test_refused_geojson_is_a_400_with_a_reason(api, geojson, words):
    response = api.post("/areas-of-interest", json={"name": "Refused", "geojson": geojson})
    assert response.status_code == 400, response.text
    assert words in response.json()["detail"]
    assert api.post("/areas-of-interest/geometry-info", json=geojson).status_code == 400


@pytest.mark.parametrize(
    "body",
    [
        {"geojson": POLYGON},
        {"name": "No geometry"},
        {"name": "", "geojson": POLYGON},
        {"name": "x", "geojson": "x"},
    ],
)
def test_schema_problems_are_422(api, body):
    response = api.post("/areas-of-interest", json=body)
    assert response.status_code == 422
    assert isinstance(response.json()["detail"], list)


def test_names_are_unique_per_workspace(api, other_api, kit):
    kit.aoi("Twice", POLYGON)
    again = api.post("/areas-of-interest", json={"name": "Twice", "geojson": POLYGON})
    assert again.status_code == 409
    assert again.json() == {"detail": "An Area of Interest with this name already exists"}
    kit.aoi("Twice", POLYGON, api=other_api)
    assert (
        api.post("/areas-of-interest", json={"name": "Berlin Mitte", "geojson": POLYGON}).status_code == 409
    )


def test_listing_pages_and_sorts(api):
    first = api.get("/areas-of-interest").json()
    assert first["count"] >= 30
    assert len(first["items"]) == 10
    names = []
    for offset in range(0, first["count"], 10):
        names += [
            aoi["name"] for aoi in api.get("/areas-of-interest", params={"offset": offset}).json()["items"]
        ]
    assert len(names) == len(set(names)) == first["count"]
    newest_first = [aoi["created"] for aoi in first["items"]]
    assert newest_first == sorted(newest_first, reverse=True)
    by_name = api.get("/areas-of-interest", params={"sort": "name", "limit": 100}).json()["items"]
    assert [aoi["name"] for aoi in by_name] == sorted(aoi["name"] for aoi in by_name)
    oldest = api.get("/areas-of-interest", params={"sort": "created", "limit": 1}).json()["items"][0]
    assert oldest["name"] == "Berlin Mitte"
    assert api.get("/areas-of-interest", params={"sort": "size"}).status_code == 422
    assert api.get("/areas-of-interest", params={"limit": 0}).status_code == 422


def test_unknown_and_malformed_ids(api):
    assert api.get(f"/areas-of-interest/{uuid.uuid4()}").json() == {"detail": "Area of interest not found"}
    malformed = api.get("/areas-of-interest/not-a-uuid")
    assert malformed.status_code == 422
    assert malformed.json()["detail"][0]["loc"] == ["path", "area_of_interest_id"]
    assert api.delete("/areas-of-interest/not-a-uuid").status_code == 422


def test_delete_waits_until_orders_are_closed_or_rejected(sb, api, kit, field):
    start, end = kit.week()
    order = kit.post_orders(kit.order(field["id"], start, end)).json()[0]
    blocked = api.delete(f"/areas-of-interest/{field['id']}")
    assert blocked.status_code == 409
    assert "active order" in blocked.json()["detail"]
    sb.clock.advance(end - sb.clock.now() + timedelta(days=4))
    assert api.get(f"/orders/{order['id']}").json()["state"] == "closed"
    assert api.delete(f"/areas-of-interest/{field['id']}").status_code == 204
    assert api.get(f"/areas-of-interest/{field['id']}").status_code == 404
    assert api.get(f"/orders/{order['id']}").status_code == 200


def test_unused_aoi_deletes_at_once(api, field):
    response = api.delete(f"/areas-of-interest/{field['id']}")
    assert response.status_code == 204
    assert response.content == b""
