"""STAC paging: next/prev links for GET and POST, keyset tokens that survive items arriving mid-walk."""

from __future__ import annotations

import base64
import json
from datetime import timedelta

import pytest


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


def _order_daily_deliveries(kit, field):
    """An LSTfusion order from today: one more item each day the clock moves on."""
    start = kit.today()
    order = kit.order(
        field["id"], start, start + timedelta(days=10), frequency="daily", product_name="LSTfusion"
    )
    assert kit.post_orders(order).status_code == 201


def _walk(api, first_page, between_pages=None):
    """Every id of a GET walk that follows ``next`` links; ``between_pages()`` runs after the first page."""
    ids, page = [], first_page
    while True:
        ids += [feature["id"] for feature in page["features"]]
        following = [link["href"] for link in page["links"] if link["rel"] == "next"]
        if not following:
            return ids
        if between_pages is not None:
            between_pages()
            between_pages = None
        response = api.session.get(following[0], timeout=30)
        assert response.status_code == 200, response.text
        page = response.json()


@pytest.mark.parametrize(
    "sortby", [None, "-datetime,id", "-eo:cloud_cover", "+constellr:illumination,-datetime"]
)
def test_walk_survives_deliveries_arriving_between_pages(sb, kit, field, sortby):
    """New items that sort before the cursor do not shift the pages: nothing is repeated or skipped."""
    _order_daily_deliveries(kit, field)
    params = {"limit": 7} | ({"sortby": sortby} if sortby else {})
    original = [item["id"] for item in kit.all_items(**params | {"limit": 1000})]
    first = kit.api.get("/stac/search", params=params).json()
    newest_on_first_page = first["features"][-1]["properties"]["datetime"]

    walked = _walk(kit.api, first, between_pages=lambda: sb.clock.advance(timedelta(days=4)))

    arrived = [item for item in kit.all_items(limit=1000) if item["id"] not in original]
    assert len(arrived) >= 3, "the clock should have delivered new items during the walk"
    if sortby in (None, "-datetime,id"):  # some sort before the cursor: offset paging would repeat items
        assert any(item["properties"]["datetime"] > newest_on_first_page for item in arrived)
    assert len(walked) == len(set(walked)), "an item was returned twice"
    assert set(original) <= set(walked), "an item was skipped"


def test_post_walk_survives_deliveries_arriving_between_pages(sb, kit, field):
    _order_daily_deliveries(kit, field)
    body = {"limit": 6, "sortby": [{"field": "datetime", "direction": "desc"}]}
    original = {item["id"] for item in kit.all_items()}
    page = kit.api.post("/stac/search", json=body).json()
    walked = [feature["id"] for feature in page["features"]]
    sb.clock.advance(timedelta(days=4))
    while following := [link for link in page["links"] if link["rel"] == "next"]:
        page = kit.api.post("/stac/search", json=following[0]["body"]).json()
        walked += [feature["id"] for feature in page["features"]]
    assert len(kit.all_items()) > len(original)
    assert len(walked) == len(set(walked))
    assert original <= set(walked)


def test_tokens_belong_to_their_sort_order(api):
    first = api.get("/stac/search", params={"limit": 3, "sortby": "-eo:cloud_cover"}).json()
    token = next(link["href"] for link in first["links"] if link["rel"] == "next").split("token=")[1]
    assert api.get("/stac/search", params={"limit": 3, "sortby": "-eo:cloud_cover", "token": token}).ok
    for params in ({"token": token}, {"sortby": "eo:cloud_cover", "token": token}):
        response = api.get("/stac/search", params={"limit": 3, **params})
        assert response.status_code == 400
        assert response.json()["code"] == "SearchParameterError"
    forged = {"sort": [["datetime", True], ["id", False]], "after": [5, "x"]}  # a number for a datetime
    forged_token = base64.urlsafe_b64encode(json.dumps(forged).encode()).decode()
    for garbage in ("garbage!", "", "b2Zmc2V0OjEw", forged_token):  # b2Zm…: the old "offset:10" token
        assert api.get("/stac/search", params={"token": garbage}).status_code == 400
