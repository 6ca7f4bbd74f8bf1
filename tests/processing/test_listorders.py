"""constellr:listorders: the workspace's orders as a table, filtered by state, product and AOI."""

from __future__ import annotations

import threading
import time

import pytest
from qgis.core import QgsProcessingException, QgsProcessingFeedback, QgsVectorLayer

from sandbox.data import DEMO_ORDERS


def listed(result: dict) -> list:
    layer: QgsVectorLayer = result["OUTPUT"]
    return list(layer.getFeatures())


def test_every_order_newest_first_with_its_aoi_name_and_utc_times(run, connected, demo_client) -> None:
    result = run("listorders", {"OUTPUT": "memory:"})

    rows = listed(result)
    orders = list(demo_client.iter_orders())
    assert result["COUNT"] == len(rows) == len(orders) == len(DEMO_ORDERS)
    assert [row["order_id"] for row in rows] == [order.id for order in orders]
    first, order = rows[0], orders[0]
    aoi = demo_client.get_aoi(order.area_of_interest_id)
    assert (first["state"], first["product"], first["aoi_id"]) == (
        order.state,
        order.product_name,
        order.area_of_interest_id,
    )
    assert first["aoi_name"] == aoi.name
    assert first["created"].toMSecsSinceEpoch() == round(order.created.timestamp() * 1000)  # the instant
    assert first["start_date"].toMSecsSinceEpoch() == round(order.start_date.timestamp() * 1000)
    berlin = next(row for row in rows if row["aoi_name"] == "Berlin Mitte")
    assert berlin["tags"] == "urban-heat, berlin"
    assert berlin["comment"].startswith("Summer heat campaign")
    max_images = result["OUTPUT"].fields().field("max_images")
    assert max_images.typeName().lower().startswith("int")  # a whole number, not a real
    assert [row["max_images"] for row in rows] == [order.maximum_number_of_images for order in orders]


def test_filters_by_state_product_and_aoi(run, connected, demo_client) -> None:
    orders = list(demo_client.iter_orders())

    rejected = listed(run("listorders", {"STATE": "rejected", "OUTPUT": "memory:"}))
    assert {row["order_id"] for row in rejected} == {o.id for o in orders if o.state == "rejected"}
    assert rejected
    assert all(row["rejection_reason"] for row in rejected)

    fusion_running = listed(
        run("listorders", {"STATE": "in_progress", "PRODUCT": "LSTfusion", "OUTPUT": "memory:"})
    )
    expected = {o.id for o in orders if o.state == "in_progress" and o.product_name == "LSTfusion"}
    assert expected
    assert {row["order_id"] for row in fusion_running} == expected

    by_name = listed(run("listorders", {"AOI": "longyearbyen", "OUTPUT": "memory:"}))
    assert len(by_name) == 2
    aoi_id = by_name[0]["aoi_id"]
    by_id = listed(run("listorders", {"AOI": aoi_id, "PRODUCT": "LSTfusion", "OUTPUT": "memory:"}))
    assert [row["order_id"] for row in by_id] == [
        o.id for o in orders if o.area_of_interest_id == aoi_id and o.product_name == "LSTfusion"
    ]


def test_an_unknown_state_is_refused_before_anything_is_asked(run, connected) -> None:
    with pytest.raises(QgsProcessingException):
        run("listorders", {"STATE": "lost", "OUTPUT": "memory:"})
    assert not [request for request in connected.requests if request.path == "/orders"]


def test_a_cancel_stops_the_request_under_way(run, connected) -> None:
    connected.faults.add(kind="latency", path="/orders", method="GET", delay=3.0)
    feedback = QgsProcessingFeedback()
    threading.Timer(0.5, feedback.cancel).start()
    started = time.monotonic()

    with pytest.raises(QgsProcessingException, match="Cancelled"):
        run("listorders", {"OUTPUT": "memory:"}, feedback)
    assert time.monotonic() - started < 2.0
