"""Lazy paging: every kind walks 3+ pages, never fetches a page twice, and stops when asked."""

from __future__ import annotations

import json
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar
from urllib.parse import parse_qs

import pytest

from constellr.plugin.api import ApiKeyAuth, CancelledError, ConstellrClient, StacSearch

from .conftest import requests_to
from .test_endpoints import SQUARE


def queries(sb, method: str, path: str) -> list[dict[str, list[str]]]:
    return [parse_qs(r.query) for r in requests_to(sb, method, path)]


@pytest.mark.parametrize(
    ("method_name", "path", "total"),
    [("iter_orders", "/orders", 41), ("iter_aois", "/areas-of-interest", 43)],
)
def test_offset_lists(client, sb, method_name: str, path: str, total: int) -> None:
    pager = getattr(client, method_name)(page_size=10)
    assert pager.count is None
    first = next(pager)
    assert pager.count == total
    items = [first, *pager]
    assert len({item.id for item in items}) == len(items) == total
    pages = [(query["offset"], query["limit"]) for query in queries(sb, "GET", path)]
    # each page after the first starts one item early, to see whether the list moved under the walk
    assert pages == [(["0"], ["10"]), (["9"], ["11"]), (["19"], ["11"]), (["29"], ["11"]), (["39"], ["11"])]
    assert not pager.changed
    assert list(pager) == []  # exhausted: nothing is fetched again
    assert len(requests_to(sb, "GET", path)) == 5


def test_pages_report_progress(client) -> None:
    pages = list(client.iter_orders(page_size=15).pages())
    assert [(page.number, len(page.items), page.received, page.total) for page in pages] == [
        (1, 15, 15, 41),
        (2, 15, 30, 41),
        (3, 11, 41, 41),
    ]


def test_mixing_items_and_pages_loses_nothing(client) -> None:
    pager = client.iter_aois(page_size=10)
    head = [next(pager) for _ in range(3)]
    rest = [aoi for page in pager.pages() for aoi in page.items]
    assert len({aoi.id for aoi in head + rest}) == 43


def test_items_added_mid_walk_neither_repeat_nor_hide_others(client) -> None:
    before = {aoi.id for aoi in client.iter_aois()}
    pager = client.iter_aois(page_size=10)
    seen = [next(pager) for _ in range(15)]
    for number in range(3):  # newest first: these push every later item back by three
        client.create_aoi(f"Added while paging {number}", SQUARE)
    seen += list(pager)
    ids = [aoi.id for aoi in seen]
    assert len(set(ids)) == len(ids)  # the shifted boundary items are not repeated
    assert before <= set(ids)
    assert pager.changed
    assert pager.count == 46


def test_items_deleted_mid_walk_hide_no_other_item(client) -> None:
    pager = client.iter_aois(page_size=10)
    seen = [next(pager) for _ in range(15)]  # two pages read
    deleted = seen[:3]
    for aoi in deleted:
        client.delete_aoi(aoi.id)
    seen += list(pager)
    ids = [aoi.id for aoi in seen]
    assert len(set(ids)) == len(ids) == 43  # with offsets alone, the three items after 20 went unseen
    assert {aoi.id for aoi in client.iter_aois()} <= set(ids)
    assert pager.changed
    assert pager.count == 40


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_stac_search_follows_next_links(client, sb, method: str) -> None:
    pager = client.search(StacSearch(collections=["lstprecision", "lstzoom"], limit=20), method=method)
    items = list(pager)
    assert pager.number_matched == len(items) > 60
    assert len({item.id for item in items}) == len(items)
    pages = requests_to(sb, method, "/stac/search")
    assert len(pages) == -(-len(items) // 20)
    if method == "GET":
        tokens = [parse_qs(r.query).get("token", [""])[0] for r in pages]
        assert len(set(tokens)) == len(tokens)
        assert all(parse_qs(r.query)["collections"] == ["lstprecision,lstzoom"] for r in pages)


def test_collection_items_and_collections_follow_next_links(client, sb) -> None:
    items = client.iter_collection_items("lstfusion", StacSearch(limit=10))
    assert len(list(items)) == items.number_matched > 30
    assert len(requests_to(sb, "GET", "/stac/collections/lstfusion/items")) == -(-items.number_matched // 10)
    collections = list(client.iter_collections(limit=1))
    assert len(collections) == 3
    assert len(requests_to(sb, "GET", "/stac/collections")) == 3


def test_legacy_assets_follow_continuation_tokens(client, sb) -> None:
    recent = sb.clock.now() - timedelta(days=2)
    assets = list(client.iter_legacy_assets(modified_after=recent, page_size=5))
    assert len(assets) > 10
    assert len({asset.key for asset in assets}) == len(assets)
    assert all(asset.last_modified > recent and asset.size > 0 for asset in assets)
    logged = queries(sb, "GET", "/assets")
    assert len(logged) == -(-len(assets) // 5)
    tokens = [query.get("continuation_token", [""])[0] for query in logged]
    assert tokens[0] == ""
    assert len(set(tokens)) == len(tokens)


def test_cancellation_between_pages(client, sb) -> None:
    received: list = []  # cancelled once two pages arrived (not when the server saw the request: a race)
    pages = client.iter_orders(page_size=10, is_cancelled=lambda: len(received) >= 2).pages()
    received.append(next(pages))
    received.append(next(pages))
    with pytest.raises(CancelledError):
        next(pages)
    assert len(requests_to(sb, "GET", "/orders")) == 2


class _MergingStac(BaseHTTPRequestHandler):
    """A STAC search whose POST ``next`` links carry only the token and ask for ``merge``."""

    bodies: ClassVar[list[dict]] = []

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.bodies.append(body)
        page = int(body.get("token", 0))
        links = []
        if page < 2:
            href = f"http://{self.headers['Host']}/stac/search"
            links.append(
                {
                    "rel": "next",
                    "href": href,
                    "method": "POST",
                    "body": {"token": str(page + 1)},
                    "merge": True,
                }
            )
        features = [{"id": f"item-{page}", "type": "Feature", "properties": {}}]
        answer = json.dumps(
            {"type": "FeatureCollection", "features": features, "links": links, "numberMatched": 3}
        )
        self.send_response(200)
        self.send_header("Content-Type", "application/geo+json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer.encode())

    def log_message(self, *args: object) -> None:
        """Quiet."""


def test_post_next_links_with_merge() -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _MergingStac)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        with ConstellrClient(url, ApiKeyAuth("local-key")) as client:
            pager = client.search(StacSearch(collections=["lstfusion"], limit=1))
            assert [item.id for item in pager] == ["item-0", "item-1", "item-2"]
    finally:
        server.shutdown()
        server.server_close()
    first, second, third = _MergingStac.bodies
    assert first == {"collections": ["lstfusion"], "limit": 1}
    assert second == {**first, "token": "1"}  # merged into the previous body
    assert third == {**first, "token": "2"}
