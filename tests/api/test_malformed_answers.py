"""Every malformed answer is a plain ServerError; lists without counts and older STAC APIs still page."""

from __future__ import annotations

import pytest

from constellr.plugin.api import ServerError, StacSearch

from .stub import answer, stac_page, stub_api

FEATURE = {"type": "Feature", "id": "a", "properties": {}, "geometry": None}


@pytest.mark.parametrize(
    "page",
    [
        {"type": "FeatureCollection", "features": [FEATURE], "numberMatched": "many"},
        {"type": "FeatureCollection", "features": [FEATURE], "numberMatched": 1.5},
        {"type": "FeatureCollection", "features": [FEATURE], "numberMatched": -1},
        {"type": "FeatureCollection", "features": [FEATURE], "numberMatched": True},
        {"type": "FeatureCollection", "features": [FEATURE], "context": {"matched": "x"}},
        {"type": "FeatureCollection", "features": {"a": FEATURE}},
        {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {}}]},
        {"type": "FeatureCollection", "features": ["a"]},
        {
            "features": [FEATURE],
            "links": [{"rel": "next", "href": "/p", "method": "POST", "body": "token=2"}],
        },
        {"features": [FEATURE], "links": [{"rel": "next", "href": "/p", "method": "POST", "body": [1]}]},
        {"features": [FEATURE], "links": [{"rel": "next", "href": "/p", "method": "DELETE"}]},
        {"features": [FEATURE], "links": [{"rel": "next", "href": "/p", "headers": {"a": 1}}]},
        ["not", "an", "object"],
        "[" * 100_000 + "]" * 100_000,
        "{not json",
    ],
)
def test_a_malformed_search_page_is_a_plain_server_error(page) -> None:
    body = page.encode() if isinstance(page, str) else page
    with stub_api(lambda _r: answer(200, body)) as (_api, client), pytest.raises(ServerError) as raised:
        list(client.search(StacSearch()))
    assert "could not be read" in str(raised.value)


@pytest.mark.parametrize(
    "page",
    [{"count": "3", "items": []}, {"count": 3, "items": {"id": "a"}}, {"count": 1, "items": [{"name": "x"}]}],
)
def test_a_malformed_offset_page_is_a_plain_server_error(page) -> None:
    with (
        stub_api(lambda _r: answer(200, page)) as (_api, client),
        pytest.raises(ServerError, match="could not be read"),
    ):
        list(client.iter_aois())


def offset_list(total: int, with_count: bool):
    names = [f"aoi-{number}" for number in range(total)]

    def respond(request):
        query = dict(part.split("=") for part in request.target.split("?", 1)[1].split("&"))
        offset, limit = int(query["offset"]), int(query["limit"])
        items = [{"id": name, "name": name, "geojson": {}} for name in names[offset : offset + limit]]
        return answer(200, {"count": total, "items": items} if with_count else {"items": items})

    return respond


def test_a_list_without_count_is_read_until_a_short_page() -> None:
    with stub_api(offset_list(25, with_count=False)) as (api, client):
        pager = client.iter_aois(page_size=10)
        names = [aoi.name for aoi in pager]
    assert names == [f"aoi-{number}" for number in range(25)]
    assert pager.count is None
    assert len(api.requests) == 3


def test_a_list_without_count_ending_on_a_full_page_is_read_until_an_empty_page() -> None:
    with stub_api(offset_list(20, with_count=False)) as (api, client):
        assert len(list(client.iter_aois(page_size=10))) == 20
    assert len(api.requests) == 3


def test_older_stac_apis_report_their_total_in_the_context() -> None:
    page = {**stac_page(["a", "b"], None), "context": {"matched": 7, "returned": 2, "limit": 2}}
    with stub_api(lambda _r: answer(200, page)) as (_api, client):
        pager = client.search(StacSearch(limit=2))
        assert [item.id for item in pager] == ["a", "b"]
    assert pager.number_matched == 7


def test_items_a_server_repeats_across_pages_are_given_once() -> None:
    def respond(request):
        if "page=2" in request.target:
            return answer(200, stac_page(["b", "c"], None))
        return answer(200, stac_page(["a", "b"], "?page=2"))

    with stub_api(respond) as (_api, client):
        assert [item.id for item in client.search(StacSearch(), method="GET")] == ["a", "b", "c"]
