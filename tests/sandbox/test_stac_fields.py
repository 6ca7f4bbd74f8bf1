"""STAC API Fields extension (v1.0.0): include/exclude for GET and POST search and a collection's items."""

from __future__ import annotations

import pytest

DEFAULT = {"type", "stac_version", "id", "collection", "geometry", "bbox", "links", "assets", "properties"}
EVERYTHING = DEFAULT | {"stac_extensions"}


def _first_get(api, fields, path="/stac/search"):
    response = api.get(path, params={"fields": fields, "limit": 1})
    assert response.status_code == 200, response.text
    return response.json()["features"][0]


def _first_post(api, fields):
    response = api.post("/stac/search", json={"fields": fields, "limit": 1})
    assert response.status_code == 200, response.text
    return response.json()["features"][0]


def test_conformance(api):
    conforms = api.get("/stac/conformance").json()["conformsTo"]
    assert "https://api.stacspec.org/v1.0.0/item-search#fields" in conforms
    assert "https://api.stacspec.org/v1.0.0/ogcapi-features#fields" in conforms


def test_without_fields_items_are_whole(api):
    item = api.get("/stac/search", params={"limit": 1}).json()["features"][0]
    assert set(item) == EVERYTHING
    assert len(item["properties"]) > 10


@pytest.mark.parametrize("fields", [{}, {"include": None, "exclude": None}, {"include": [], "exclude": []}])
def test_empty_fields_give_the_default_fields(api, fields):
    for item in (_first_get(api, ""), _first_post(api, fields)):
        assert set(item) == DEFAULT
        assert set(item["properties"]) == {"datetime"}


def test_include_gives_only_those_fields(api):
    item = _first_get(api, "properties.eo:cloud_cover,+bbox")
    assert set(item) == {"type", "stac_version", "id", "collection", "bbox", "properties"}
    assert set(item["properties"]) == {"eo:cloud_cover"}
    assert _first_post(api, {"include": ["properties.eo:cloud_cover", "bbox"]}) == item
    assert set(_first_get(api, "assets")) == {"type", "stac_version", "id", "collection", "assets"}


def test_exclude_alone(api):
    """GET cannot say "include is missing": exclude applies to the default fields; POST to the whole item."""
    from_get = _first_get(api, "-geometry,-properties.datetime")
    assert set(from_get) == DEFAULT - {"geometry", "properties"}
    from_post = _first_post(api, {"exclude": ["geometry", "properties.gsd"]})
    assert set(from_post) == EVERYTHING - {"geometry"}
    assert "gsd" not in from_post["properties"]
    assert "eo:cloud_cover" in from_post["properties"]
    for include in (None, []):
        assert set(_first_post(api, {"include": include, "exclude": ["geometry"]})) == DEFAULT - {"geometry"}


def test_the_most_specific_path_decides(api):
    only_one = _first_get(api, "-properties,+properties.gsd")
    assert only_one["properties"] == {"gsd": only_one["properties"]["gsd"]}
    all_but_one = _first_post(api, {"include": ["properties"], "exclude": ["properties.gsd"]})
    assert "gsd" not in all_but_one["properties"]
    assert {"datetime", "eo:cloud_cover", "platform"} <= set(all_but_one["properties"])
    assert "geometry" in _first_get(api, "+geometry,-geometry")  # included and excluded: included
    assert "geometry" in _first_post(api, {"include": ["geometry"], "exclude": ["geometry"]})


def test_unknown_fields_are_no_error(api):
    item = _first_get(api, "properties.no:such")
    assert set(item) == {"type", "stac_version", "id", "collection"}


def test_collection_items_take_fields(api):
    item = _first_get(api, "id,properties.platform", path="/stac/collections/lstzoom/items")
    assert set(item) == {"type", "stac_version", "id", "collection", "properties"}
    assert set(item["properties"]) == {"platform"}


def test_next_pages_keep_the_fields(api):
    first = api.get("/stac/search", params={"fields": "properties.gsd", "limit": 2}).json()
    following = next(link["href"] for link in first["links"] if link["rel"] == "next")
    assert all(
        set(item) == {"type", "stac_version", "id", "collection", "properties"}
        for item in api.session.get(following, timeout=30).json()["features"]
    )
    posted = api.post("/stac/search", json={"fields": {"include": ["properties.gsd"]}, "limit": 2}).json()
    link = next(link for link in posted["links"] if link["rel"] == "next")
    assert link["body"]["fields"] == {"include": ["properties.gsd"]}
    second = api.post("/stac/search", json=link["body"]).json()["features"]
    assert all(set(item["properties"]) == {"gsd"} for item in second)


@pytest.mark.parametrize("fields", [None, [], "id", {"includes": ["id"]}, {"include": "id"}])
def test_malformed_post_fields_are_400(api, fields):
    response = api.post("/stac/search", json={"fields": fields})
    assert response.status_code == 400
    assert set(response.json()) == {"code", "description"}
