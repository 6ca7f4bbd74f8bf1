"""Every call ends: trickling servers hit a deadline, stalls are timeouts, cancels abort at once, pagers
never go in circles."""

from __future__ import annotations

import threading
import time

import pytest

from constellr.plugin.api import (
    CancelledError,
    ConstellrError,
    NetworkError,
    RetryPolicy,
    ServerError,
    StacSearch,
    TimeoutError,
    cancellable,
    paging,
)

from .conftest import FAST_RETRY
from .stub import answer, stac_page, stub_api, trickle

HEAD = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n["


def timed(action):
    started = time.monotonic()
    with pytest.raises(ConstellrError) as raised:
        action()
    return raised.value, time.monotonic() - started


def test_a_server_trickling_bytes_for_ever_meets_the_deadline() -> None:
    with (
        stub_api(lambda _r: trickle(HEAD, every=0.2), timeout=(1, 1), deadline=1.5, retry=FAST_RETRY) as (
            api,
            client,
        ),
    ):
        error, elapsed = timed(client.list_products)
    assert isinstance(error, TimeoutError)
    assert "No complete answer within 2 s" in str(error)
    assert 1.4 < elapsed < 2.5
    assert len(api.requests) == 1  # a deadline is not retried


def test_a_stall_in_the_middle_of_a_body_is_a_timeout_not_a_lost_connection() -> None:
    with (
        stub_api(lambda _r: [HEAD, 5.0], timeout=(1, 0.5), retry=FAST_RETRY) as (_api, client),
    ):
        error, elapsed = timed(client.list_products)
    assert isinstance(error, TimeoutError)
    assert not isinstance(error, NetworkError)
    assert "stopped answering" in str(error)
    assert "internet connection" not in str(error)
    assert elapsed < 2


def cancel_after(seconds: float) -> threading.Event:
    cancelled = threading.Event()
    threading.Timer(seconds, cancelled.set).start()
    return cancelled


def test_a_cancel_aborts_a_request_waiting_for_the_server(client, sb) -> None:
    sb.faults.add(kind="latency", path="/products", delay=20)
    cancelled = cancel_after(0.3)
    with cancellable(cancelled.is_set):
        error, elapsed = timed(client.list_products)
    assert isinstance(error, CancelledError)
    assert elapsed < 1.3


def test_a_cancel_aborts_a_request_whose_body_is_trickling() -> None:
    with stub_api(lambda _r: trickle(HEAD, every=0.2)) as (_api, client):
        cancelled = cancel_after(0.5)
        with cancellable(cancelled.is_set):
            error, elapsed = timed(client.list_products)
    assert isinstance(error, CancelledError)
    assert elapsed < 1.5


def test_a_cancel_aborts_a_page_fetch_under_way(client, sb) -> None:
    sb.faults.add(kind="latency", path="/orders", delay=20)
    cancelled = cancel_after(0.3)
    error, elapsed = timed(lambda: list(client.iter_orders(is_cancelled=cancelled.is_set)))
    assert isinstance(error, CancelledError)
    assert elapsed < 1.3


def test_a_cancel_interrupts_the_wait_before_a_retry(make_client, sb) -> None:
    client = make_client(retry=RetryPolicy(max_attempts=3, max_total=60))
    sb.faults.add(kind="status", path="/products", status=503, retry_after=30)
    cancelled = cancel_after(0.3)
    with cancellable(cancelled.is_set):
        error, elapsed = timed(client.list_products)
    assert isinstance(error, CancelledError)
    assert elapsed < 1.3


def test_next_links_that_come_back_to_an_earlier_page_end_in_a_plain_error() -> None:
    def respond(request):
        page = request.target.rsplit("=", 1)[-1] if "page=" in request.target else "1"
        following = {"1": "?page=2", "2": "?page=3", "3": "/stac/search"}[page]  # 3 → 1, not the previous
        return answer(200, stac_page([f"item-{page}"], following))

    with stub_api(respond) as (api, client):
        pager = client.search(StacSearch(), method="GET")
        with pytest.raises(ServerError, match="points back to a page already read"):
            list(pager)
    assert len(api.requests) == 3


def test_post_next_links_whose_body_comes_back_end_in_a_plain_error() -> None:
    def respond(request):
        token = request.json().get("token", 0)
        link = {"rel": "next", "href": "/stac/search", "method": "POST", "body": {"token": (token + 1) % 2}}
        page = {"type": "FeatureCollection", "features": [], "links": [link]}
        return answer(200, page)

    with (
        stub_api(respond) as (api, client),
        pytest.raises(ServerError, match="already read"),
    ):
        list(client.search(StacSearch()))
    assert [r.json().get("token") for r in api.requests] == [None, 1, 0]


def test_continuation_tokens_that_repeat_end_in_a_plain_error() -> None:
    tokens = {"": "a", "a": "b", "b": "a"}

    def respond(request):
        token = (
            request.target.split("continuation_token=")[-1] if "continuation_token" in request.target else ""
        )
        contents = [{"Key": f"file-{token}", "Size": 1}]
        return answer(
            200, {"Contents": contents, "IsTruncated": True, "NextContinuationToken": tokens[token]}
        )

    with (
        stub_api(respond) as (api, client),
        pytest.raises(ServerError, match="repeats one already used"),
    ):
        list(client.iter_legacy_assets())
    assert len(api.requests) == 3


def test_a_walk_never_goes_past_the_page_limit(monkeypatch) -> None:
    monkeypatch.setattr(paging, "MAX_PAGES", 5)

    def respond(request):
        number = int(request.target.rsplit("=", 1)[-1]) if "page=" in request.target else 0
        return answer(200, stac_page([f"item-{number}"], f"/stac/search?page={number + 1}"))

    with (
        stub_api(respond) as (api, client),
        pytest.raises(ServerError, match="more than 5 pages"),
    ):
        list(client.search(StacSearch(), method="GET"))
    assert len(api.requests) == 5
