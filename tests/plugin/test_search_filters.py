"""The Search tab's filters as the STAC API and CQL2 specs write them, and as the sandbox applies them.

What the plugin generates is parsed with the ``cql2`` library (the reference parser the sandbox uses;
the plugin itself cannot depend on it inside QGIS). What reaches the server is read off the wire: the
JSON bodies of POST searches from the client's own session, the query strings of GET searches from
the sandbox's request log.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import datetime, timedelta, timezone
from urllib.parse import parse_qs

import cql2
import pytest
import requests

from constellr.plugin.api import ConstellrClient, StacItem, StacSearch
from constellr.plugin.search import SearchPage, SearchRequest, search_items

UTC = timezone.utc
ORDER = "ad61f183-6566-46a6-ab36-4d9581ba7eae"
AREA = {
    "type": "Polygon",
    "coordinates": [[[-180.0, -60.0], [0.0, -60.0], [0.0, 75.0], [-180.0, 75.0], [-180.0, -60.0]]],
}


class Recorder:
    """Stands in for the task: records pages and progress; cancels once ``cancel_after`` pages arrived."""

    def __init__(self, cancel_after: int | None = None) -> None:
        self.pages: list[SearchPage] = []
        self.progress: list[float] = []
        self.cancel_after = cancel_after

    def setProgress(self, progress: float) -> None:
        self.progress.append(progress)

    def isCanceled(self) -> bool:
        return self.cancel_after is not None and len(self.pages) >= self.cancel_after

    def push(self, page: SearchPage) -> None:
        self.pages.append(page)

    @property
    def items(self) -> list[StacItem]:
        return [item for page in self.pages for item in page.items]


@pytest.fixture
def wire(sandbox):
    """A demo client whose POST bodies are recorded as sent (``client.bodies``)."""
    from sandbox.data import DEMO_API_KEY

    session = requests.Session()
    bodies: list[dict] = []
    session.hooks["response"].append(
        lambda response, *args, **kwargs: (
            bodies.append(json.loads(response.request.body)) if response.request.method == "POST" else None
        )
    )
    with ConstellrClient(sandbox.api_url, DEMO_API_KEY, session=session) as client:
        client.bodies = bodies
        yield client
    session.close()


def everything(client: ConstellrClient) -> list[StacItem]:
    return list(client.search(StacSearch(limit=1000)))


def parsed_filter(search: StacSearch) -> dict:
    """The filter as the reference parser reads it (CQL2 JSON tree)."""
    if search.filter_lang == "cql2-text":
        return cql2.parse_text(search.filter).to_json()
    return cql2.parse_json(json.dumps(search.filter)).to_json()


# --- what is generated -------------------------------------------------------------------------------


def test_a_form_without_filters_sends_only_sort_and_page_size() -> None:
    assert SearchRequest(page_size=20).to_stac().to_body() == {
        "sortby": [{"field": "datetime", "direction": "desc"}, {"field": "id", "direction": "asc"}],
        "limit": 20,
    }


def test_sorting_by_id_needs_no_second_key() -> None:
    assert SearchRequest(sort_field="id").to_stac().sortby == [{"field": "id", "direction": "desc"}]


def test_every_form_field_goes_where_the_stac_api_spec_puts_it() -> None:
    request = SearchRequest(
        collections=("lstprecision", "lstzoom"),
        start=datetime(2026, 9, 1, tzinfo=UTC),
        end=datetime(2026, 9, 30, 23, 59, 59, tzinfo=timezone(timedelta(hours=2))),
        intersects=AREA,
        order_id=ORDER,
        illumination="night",
        max_cloud_cover=20,
        sort_field="eo:cloud_cover",
        descending=False,
        page_size=7,
    )
    body = request.to_stac().to_body()
    assert body["collections"] == ["lstprecision", "lstzoom"]
    assert body["datetime"] == "2026-09-01T00:00:00.000000Z/2026-09-30T21:59:59.000000Z"  # RFC 3339, UTC
    assert body["intersects"] == AREA
    # ties (equal cloud cover) ordered by id, the same on every page
    assert body["sortby"] == [
        {"field": "eo:cloud_cover", "direction": "asc"},
        {"field": "id", "direction": "asc"},
    ]
    assert body["limit"] == 7
    assert body["filter-lang"] == "cql2-json"
    assert body["filter"] == {
        "op": "and",
        "args": [
            {"op": "=", "args": [{"property": "order:id"}, ORDER]},
            {"op": "=", "args": [{"property": "constellr:illumination"}, "night"]},
            {"op": "<=", "args": [{"property": "eo:cloud_cover"}, 20.0]},
        ],
    }
    assert parsed_filter(request.to_stac()) == body["filter"]


def test_open_ended_periods_use_two_dots() -> None:
    since = SearchRequest(start=datetime(2026, 9, 1, tzinfo=UTC)).to_stac().to_body()
    until = SearchRequest(end=datetime(2026, 9, 1, tzinfo=UTC)).to_stac().to_body()
    assert since["datetime"] == "2026-09-01T00:00:00.000000Z/.."
    assert until["datetime"] == "../2026-09-01T00:00:00.000000Z"


def test_a_single_filter_is_not_wrapped_in_an_and() -> None:
    search = SearchRequest(illumination="day").to_stac()
    assert search.filter == {"op": "=", "args": [{"property": "constellr:illumination"}, "day"]}


def test_a_cql2_text_box_turns_every_filter_into_cql2_text() -> None:
    request = SearchRequest(
        order_id="it's-an-id", max_cloud_cover=12.5, cql2="platform = 'SBA01' OR gsd < 20"
    )
    search = request.to_stac()
    assert search.filter_lang == "cql2-text"
    assert search.filter == (
        "\"order:id\" = 'it''s-an-id' AND \"eo:cloud_cover\" <= 12.5 AND (platform = 'SBA01' OR gsd < 20)"
    )
    assert parsed_filter(search) == {
        "op": "and",
        "args": [
            {"op": "=", "args": [{"property": "order:id"}, "it's-an-id"]},
            {"op": "<=", "args": [{"property": "eo:cloud_cover"}, 12.5]},
            {
                "op": "or",
                "args": [
                    {"op": "=", "args": [{"property": "platform"}, "SBA01"]},
                    {"op": "<", "args": [{"property": "gsd"}, 20]},
                ],
            },
        ],
    }


def test_a_cql2_text_box_alone_is_sent_as_it_is() -> None:
    search = SearchRequest(cql2="  gsd < 20 ").to_stac()
    assert (search.filter, search.filter_lang) == ("gsd < 20", "cql2-text")


def test_a_cql2_json_box_is_anded_with_the_form() -> None:
    box = {"op": "in", "args": [{"property": "platform"}, ["SBA01", "SBA02"]]}
    search = SearchRequest(illumination="day", cql2=json.dumps(box, indent=2)).to_stac()
    assert search.filter_lang == "cql2-json"
    assert search.filter == {
        "op": "and",
        "args": [{"op": "=", "args": [{"property": "constellr:illumination"}, "day"]}, box],
    }
    assert parsed_filter(search) == search.filter


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"cql2": '{"op": "=", "args": [{"property": "gsd"}, 30'}, "not valid JSON"),
        ({"cql2": '{"op": "=",}'}, "not valid JSON"),
        ({"cql2": "{}[]"}, "not valid JSON"),
        ({"cql2": "gsd = 30) OR (gsd = 10"}, "parentheses do not match"),
        ({"cql2": "(gsd = 30"}, "parentheses do not match"),
        ({"cql2": "platform = 'SBA01"}, "quote that is never closed"),
        ({"cql2": "gsd < 20", "order_id": "ab\\"}, "backslash"),
        ({"start": datetime(2026, 9, 1)}, "no time zone"),
        ({"start": datetime(2026, 9, 2, tzinfo=UTC), "end": datetime(2026, 9, 1, tzinfo=UTC)}, "after"),
        ({"max_cloud_cover": 101.0}, "between 0 and 100"),
        ({"max_cloud_cover": float("nan")}, "between 0 and 100"),
        ({"illumination": "dusk"}, "'day' or 'night'"),
        ({"page_size": 0}, "at least 1"),
    ],
)
def test_input_that_cannot_be_sent_is_a_plain_value_error(changes: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        SearchRequest(**changes).to_stac()


def test_parentheses_and_quotes_inside_literals_do_not_count() -> None:
    search = SearchRequest(order_id="x", cql2="platform = ')(' OR \"order:id\" = 'a''('").to_stac()
    assert cql2.parse_text(search.filter).to_json()["op"] == "and"


def test_describe_names_the_search_in_a_few_words() -> None:
    request = SearchRequest(
        order_id=ORDER,
        start=datetime(2026, 6, 1, tzinfo=UTC),
        end=datetime(2026, 6, 30, tzinfo=UTC),
        illumination="night",
        max_cloud_cover=20,
    )
    assert request.describe() == "order ad61f183, 2026-06-01 – 2026-06-30, night, ≤ 20% cloud"
    assert SearchRequest().describe() == "all deliveries"
    assert SearchRequest(collections=("lstzoom",), intersects=AREA).describe() == "lstzoom, in area"


# --- what reaches the server, and what it answers ------------------------------------------------------


def test_a_post_search_sends_each_filter_in_the_body(sandbox, wire) -> None:
    request = SearchRequest(
        collections=("lstprecision",),
        start=datetime(2026, 9, 1, tzinfo=UTC),
        intersects=AREA,
        illumination="day",
        max_cloud_cover=30,
        page_size=5,
    )
    search_items(wire, Recorder(), request)
    first = wire.bodies[0]
    assert first == request.to_stac().to_body()
    assert first["filter-lang"] == "cql2-json"
    assert all(body["limit"] == 5 for body in wire.bodies)


def test_a_get_search_sends_each_filter_as_a_query_parameter(sandbox, demo_client) -> None:
    request = SearchRequest(
        collections=("lstprecision", "lstfusion"),
        end=datetime(2026, 11, 1, tzinfo=UTC),
        intersects=AREA,
        order_id=ORDER,
        cql2="gsd >= 10",
        descending=False,
        page_size=4,
    )
    search_items(demo_client, Recorder(), request, method="GET")
    searches = [entry for entry in sandbox.requests if entry.path == "/stac/search"]
    query = {name: values[0] for name, values in parse_qs(searches[0].query).items()}
    assert query == {
        "collections": "lstprecision,lstfusion",
        "datetime": "../2026-11-01T00:00:00.000000Z",
        "intersects": json.dumps(AREA),
        "filter": "\"order:id\" = 'ad61f183-6566-46a6-ab36-4d9581ba7eae' AND (gsd >= 10)",
        "filter-lang": "cql2-text",
        "sortby": "+datetime,+id",
        "limit": "4",
    }
    assert "%2Bdatetime" in searches[0].query  # '+' encoded, not read as a space


@pytest.mark.parametrize("illumination", ["day", "night"])
def test_day_or_night_keeps_exactly_those_items(sandbox, demo_client, illumination: str) -> None:
    recorder = Recorder()
    summary = search_items(demo_client, recorder, SearchRequest(illumination=illumination, page_size=40))
    expected = {
        item.id
        for item in everything(demo_client)
        if item.properties["constellr:illumination"] == illumination
    }
    assert {item.id for item in recorder.items} == expected
    assert summary.matched == summary.received == len(expected) > 0


def test_max_cloud_cover_and_order_and_period_filter_together(sandbox, demo_client) -> None:
    start, end = datetime(2026, 8, 1, tzinfo=UTC), datetime(2026, 11, 15, tzinfo=UTC)
    request = SearchRequest(order_id=ORDER, max_cloud_cover=25.0, start=start, end=end, page_size=3)
    recorder = Recorder()
    search_items(demo_client, recorder, request)
    expected = [
        item
        for item in everything(demo_client)
        if item.order_id == ORDER
        and item.properties["eo:cloud_cover"] <= 25.0
        and start <= item.acquired <= end
    ]
    assert 0 < len(expected) < Counter(item.order_id for item in everything(demo_client))[ORDER]
    assert [item.id for item in recorder.items] == [item.id for item in expected]  # newest first


def test_collections_and_area_filter(sandbox, demo_client) -> None:
    recorder = Recorder()
    search_items(demo_client, recorder, SearchRequest(collections=("lstzoom",), intersects=AREA))
    west = [
        item
        for item in everything(demo_client)
        if item.collection == "lstzoom" and min(x for x, _ in item.geometry["coordinates"][0]) < 0
    ]
    assert {item.id for item in recorder.items} == {item.id for item in west}


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_a_cql2_box_in_either_language_is_applied_with_the_form(sandbox, demo_client, method: str) -> None:
    text = SearchRequest(illumination="day", cql2="platform = 'SBA01' OR platform = 'fusion'", page_size=50)
    box = {"op": "in", "args": [{"property": "platform"}, ["SBA01", "fusion"]]}
    as_json = SearchRequest(illumination="day", cql2=json.dumps(box), page_size=50)
    expected = {
        item.id
        for item in everything(demo_client)
        if item.properties["constellr:illumination"] == "day"
        and item.properties["platform"] in ("SBA01", "fusion")
    }
    for request in (text, as_json):
        recorder = Recorder()
        search_items(demo_client, recorder, request, method=method)
        assert {item.id for item in recorder.items} == expected
