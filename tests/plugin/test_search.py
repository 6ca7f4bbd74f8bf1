"""STAC search and footprint layers: an order's deliveries over several pages, one layer per order."""

from __future__ import annotations

from collections import Counter

import pytest
from qgis.core import (
    QgsDateTimeRange,
    QgsExpression,
    QgsFeatureRequest,
    QgsProject,
    QgsVectorLayer,
    QgsVectorLayerTemporalContext,
)
from qgis.PyQt.QtCore import QDateTime, QTimeZone

from constellr.plugin.api import StacSearch
from constellr.plugin.search import (
    DELIVERIES_ORDER_PROPERTY,
    add_deliveries_layer,
    deliveries_layer,
    deliveries_layer_name,
    deliveries_message,
    load_deliveries,
)

from .test_orders import RecordedProgress, _order


def test_deliveries_message_counts_or_says_there_are_none() -> None:
    order = _order(state="pending_validation")
    none = "No deliveries yet for this order (state: pending validation)."
    assert deliveries_message(0, order, "x") == none
    assert deliveries_message(1, order, "Field") == "1 delivery of order 01234567 (Field) added as a layer."
    assert deliveries_message(3, order, "Field").startswith("3 deliveries of order 01234567")


def test_deliveries_become_one_layer_per_order(sandbox, demo_client) -> None:
    counts = Counter(item.order_id for item in demo_client.search(StacSearch(limit=1000)))
    order_id, count = counts.most_common(1)[0]
    items = load_deliveries(demo_client, RecordedProgress(), order_id, page_size=7)
    assert len(items) == count > 7  # several pages
    assert [item.acquired for item in items] == sorted((item.acquired for item in items), reverse=True)
    layer = deliveries_layer(items, deliveries_layer_name("Somewhere", order_id), order_id)
    assert layer.name() == f"constellr deliveries — Somewhere ({order_id[:8]})"
    assert layer.featureCount() == count
    assert layer.fields().names() == [
        "item_id", "datetime", "platform", "gsd_m", "cloud_cover_pct", "illumination", "collection",
        "order_id",
    ]  # fmt: skip
    feature = next(layer.getFeatures())
    assert feature["order_id"] == order_id
    assert feature["datetime"].toUTC().toString("yyyy-MM-ddTHH:mm:ssZ") == items[0].properties["datetime"]
    west, south, east, north = items[0].bbox
    box = feature.geometry().boundingBox()
    assert (box.xMinimum(), box.yMinimum(), box.xMaximum(), box.yMaximum()) == pytest.approx(
        (west, south, east, north), abs=1e-6
    )
    try:
        add_deliveries_layer(layer)
        again = add_deliveries_layer(deliveries_layer(items, "renamed", order_id))
        kept = [
            kept
            for kept in QgsProject.instance().mapLayers().values()
            if isinstance(kept, QgsVectorLayer) and kept.customProperty(DELIVERIES_ORDER_PROPERTY) == order_id
        ]
        assert kept == [again]
    finally:
        QgsProject.instance().removeAllMapLayers()


def test_deliveries_play_on_the_time_slider(sandbox, demo_client) -> None:
    counts = Counter(item.order_id for item in demo_client.search(StacSearch(limit=1000)))
    order_id, _ = counts.most_common(1)[0]
    items = load_deliveries(demo_client, RecordedProgress(), order_id, page_size=50)
    layer = deliveries_layer(items, "deliveries", order_id)
    assert layer.temporalProperties().isActive()
    newest = items[0].acquired
    start = QDateTime.fromMSecsSinceEpoch(round(newest.timestamp() * 1000), QTimeZone.utc())
    frame = QgsDateTimeRange(start.addSecs(-1), start.addSecs(1))  # one frame of the Temporal Controller
    context = QgsVectorLayerTemporalContext()
    context.setLayer(layer)
    shown = layer.temporalProperties().createFilterString(context, frame)
    in_frame = {feature["item_id"] for feature in layer.getFeatures(QgsFeatureRequest(QgsExpression(shown)))}
    assert in_frame == {item.id for item in items if item.acquired == newest}
    assert len(in_frame) < len(items)  # the other deliveries wait for their own frames
