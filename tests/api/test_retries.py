"""Safe requests are retried with backoff within bounds; POST, PATCH and DELETE never are."""

from __future__ import annotations

import logging
import socket
import time
import uuid
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime

import pytest

from constellr.plugin.api import (
    ApiKeyAuth,
    ConstellrClient,
    NetworkError,
    OrderRequest,
    RateLimitedError,
    RetryPolicy,
    ServerError,
)
from constellr.plugin.api.retry import parse_retry_after
from sandbox import data

from .conftest import requests_to
from .test_endpoints import aoi_named


def test_503_twice_then_success(client, sb) -> None:
    sb.faults.add(kind="status", path="/orders", method="GET", status=503, times=2)
    assert len(list(client.iter_orders(page_size=50))) == 41
    assert len(requests_to(sb, "GET", "/orders")) == 3


def test_retry_after_is_honoured(client, sb) -> None:
    sb.faults.add(kind="status", path="/products", status=429, retry_after=1, times=1)
    started = time.monotonic()
    assert client.list_products()
    assert time.monotonic() - started >= 1.0
    assert len(requests_to(sb, "GET", "/products")) == 2


def test_dropped_connection_on_a_get_is_retried(client, sb) -> None:
    sb.faults.add(kind="drop", path="/areas-of-interest", after_bytes=100, times=1)
    assert len(list(client.iter_aois(page_size=50))) == 43
    assert len(requests_to(sb, "GET", "/areas-of-interest")) == 2


def test_gives_up_after_max_attempts(make_client, sb) -> None:
    client = make_client(retry=RetryPolicy(max_attempts=4, backoff_base=0.05, max_backoff=0.1, max_total=10))
    sb.faults.add(kind="status", path="/products", status=502)
    started = time.monotonic()
    with pytest.raises(ServerError) as caught:
        client.list_products()
    assert caught.value.status == 502
    assert len(requests_to(sb, "GET", "/products")) == 4
    assert time.monotonic() - started < 1.0


def test_gives_up_within_max_total(make_client, sb) -> None:
    client = make_client(retry=RetryPolicy(max_attempts=50, backoff_base=0.2, max_backoff=0.2, max_total=0.6))
    sb.faults.add(kind="status", path="/products", status=503)
    started = time.monotonic()
    with pytest.raises(ServerError):
        client.list_products()
    assert time.monotonic() - started < 1.0
    assert 2 <= len(requests_to(sb, "GET", "/products")) < 50


def test_a_retry_after_beyond_the_budget_is_not_waited_for(make_client, sb) -> None:
    client = make_client(retry=RetryPolicy(max_attempts=5, max_total=3))
    sb.faults.add(kind="status", path="/products", status=429, retry_after=60)
    started = time.monotonic()
    with pytest.raises(RateLimitedError) as caught:
        client.list_products()
    assert time.monotonic() - started < 1.0
    assert caught.value.retry_after == 60
    assert len(requests_to(sb, "GET", "/products")) == 1


def test_connection_refused_is_retried(caplog) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    retry = RetryPolicy(max_attempts=3, backoff_base=0.01, max_backoff=0.01)
    client = ConstellrClient(f"http://127.0.0.1:{port}", ApiKeyAuth(data.DEMO_API_KEY), retry=retry)
    with caplog.at_level(logging.WARNING, logger="constellr.api"), pytest.raises(NetworkError):
        client.list_products()
    client.close()
    assert sum("Retrying GET" in record.getMessage() for record in caplog.records) == 2


def _order(client: ConstellrClient, sb) -> OrderRequest:
    start = sb.clock.now() + timedelta(days=1)
    aoi = aoi_named(client, "Berlin Tempelhofer Feld")
    return OrderRequest(aoi.id, "LSTprecision", start, start + timedelta(days=14), "weekly")


@pytest.mark.parametrize("status", [429, 502, 503])
def test_post_is_never_retried(client, sb, status: int) -> None:
    request = _order(client, sb)
    sb.faults.add(kind="status", path="/orders/batch", method="POST", status=status, retry_after=0)
    with pytest.raises((ServerError, RateLimitedError)):
        client.create_orders([request])
    assert len(requests_to(sb, "POST", "/orders/batch")) == 1


def test_post_whose_answer_was_lost_is_not_repeated(client, sb) -> None:
    request = _order(client, sb)
    sb.faults.add(kind="drop_after_processing", path="/orders/batch", method="POST")
    with pytest.raises(NetworkError) as caught:
        client.create_orders([request])
    assert caught.value.outcome_unknown
    assert "check" in caught.value.hint
    assert len(requests_to(sb, "POST", "/orders/batch")) == 1
    assert client.iter_orders().count is None
    orders = client.iter_orders()
    next(orders)
    assert orders.count == 42  # it was created once: the user must look before sending again


def test_patch_and_delete_are_never_retried(client, sb) -> None:
    sb.faults.add(kind="status", path="/orders/*", status=503)
    order_id = str(uuid.uuid4())
    with pytest.raises(ServerError):
        client.update_order(order_id, tags=["x"])
    with pytest.raises(ServerError):
        client.delete_order(order_id)
    assert len(requests_to(sb, "PATCH", f"/orders/{order_id}")) == 1
    assert len(requests_to(sb, "DELETE", f"/orders/{order_id}")) == 1


def test_parse_retry_after() -> None:
    assert parse_retry_after("120") == 120
    assert parse_retry_after(None) is None
    assert parse_retry_after("soon") is None
    in_30_s = format_datetime(datetime.now(timezone.utc) + timedelta(seconds=30), usegmt=True)
    assert 27 <= parse_retry_after(in_30_s) <= 30
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0
