"""The workspace store: each part loaded once per refresh, a superseded load never applied."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from constellr.plugin.api import Aoi, Order
from constellr.plugin.context import PluginContext
from constellr.plugin.workspace import AOIS, ORDERS, PARTS, PRODUCTS_PART, USE_CASES


@pytest.fixture
def store(connected, wait_for):
    context = PluginContext()
    changes: list[str] = []
    context.workspace.changed.connect(changes.append)
    context.workspace.changes = changes
    yield context.workspace
    context.runner.cancel_all()
    wait_for(lambda: not context.runner.running, what="tasks to end")


def first_pages(sandbox, path: str) -> int:
    return sum(1 for r in sandbox.requests if r.method == "GET" and r.path == path and "offset=0" in r.query)


def test_a_refresh_loads_every_part_once(store, sandbox, demo_client, wait_for) -> None:
    store.refresh()
    wait_for(lambda: all(store.is_loaded(part) for part in PARTS), what="every part")
    assert sorted(store.changes) == sorted(PARTS)
    assert first_pages(sandbox, "/areas-of-interest") == first_pages(sandbox, "/orders") == 1
    assert [r.path for r in sandbox.requests].count("/products") == 1
    assert [r.path for r in sandbox.requests].count("/orders/meta/use-cases") == 1
    assert store.products == ["LSTprecision", "LSTzoom", "LSTfusion"]
    assert {aoi.id for aoi in store.aois} == {aoi.id for aoi in demo_client.iter_aois()}
    assert {order.id for order in store.orders} == {order.id for order in demo_client.iter_orders()}
    assert store.use_cases == demo_client.list_use_cases()


def test_a_newer_refresh_stops_the_older_load_whose_result_is_never_applied(store, sandbox, wait_for) -> None:
    sandbox.faults.add(kind="latency", path="/areas-of-interest", delay=0.5, times=1)
    store.refresh([AOIS])
    wait_for(lambda: sandbox.requests, what="the first load to start")
    store.refresh([AOIS])
    wait_for(lambda: store.is_loaded(AOIS) and not store.is_loading(AOIS), what="the second load")
    wait_for(lambda: first_pages(sandbox, "/areas-of-interest") == 2, what="both loads to be sent")
    assert store.changes == [AOIS]  # one change: the first load's answer was dropped


def test_a_failed_load_is_signalled_with_a_plain_message(store, sandbox, wait_for) -> None:
    failures: list[tuple[str, str]] = []
    store.failed.connect(lambda part, message: failures.append((part, message)))
    sandbox.faults.add(kind="status", status=500, path="/products")
    store.refresh([PRODUCTS_PART, USE_CASES])
    wait_for(lambda: failures and store.is_loaded(USE_CASES), what="the failure")
    ((part, message),) = failures
    assert part == PRODUCTS_PART
    assert "HTTP 500" in message
    assert not store.is_loading(PRODUCTS_PART)


def aoi(number: int) -> Aoi:
    return Aoi(id=f"aoi-{number}", name=f"AOI {number}", geojson={})


def order(number: int, state: str = "pending_validation") -> Order:
    moment = datetime(2026, 1, 1, tzinfo=timezone.utc)
    return Order(f"order-{number}", "aoi-1", "LSTprecision", state, moment, moment)


def test_changes_made_through_the_plugin_update_the_store_and_signal_once(store) -> None:
    store.aois = [aoi(1), aoi(2)]
    store.aois_created([aoi(3), aoi(4)])
    assert [a.id for a in store.aois] == ["aoi-4", "aoi-3", "aoi-1", "aoi-2"]
    store.aois_deleted(["aoi-1", "aoi-4"])
    assert [a.id for a in store.aois] == ["aoi-3", "aoi-2"]
    store.orders_placed([order(1)])
    store.order_changed(order(1, "in_progress"))
    assert [(o.id, o.state) for o in store.orders] == [("order-1", "in_progress")]
    store.orders_deleted(["order-1"])
    assert store.orders == []
    store.aois_deleted([])  # nothing changed: no signal
    assert store.changes == [AOIS, AOIS, ORDERS, ORDERS, ORDERS]
    assert store.aoi("aoi-2") == aoi(2)
    assert store.aoi("gone") is None
