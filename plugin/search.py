"""STAC search and footprint layers, for the Orders tab's deliveries and the Search tab.

Operations take ``(client, feedback, …)``; layers are memory layers filled in one batch.
"""

from __future__ import annotations

from collections.abc import Iterable

from qgis.core import (
    Qgis,
    QgsFeature,
    QgsFields,
    QgsFillSymbol,
    QgsProject,
    QgsSingleSymbolRenderer,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QDateTime, QTimeZone

from .aoi_geometry import from_geojson
from .api import ConstellrClient, Order, StacItem, StacSearch
from .compat import make_fields
from .layers import add_or_replace_layer
from .orders import short_id, state_style
from .tasks import Progress, read_all

DEFAULT_PAGE_SIZE = 50


def load_deliveries(
    client: ConstellrClient, feedback: Progress, order_id: str, page_size: int = DEFAULT_PAGE_SIZE
) -> list[StacItem]:
    """Every delivered item of an order (STAC POST search on ``order:id``, all pages), newest first."""
    search = StacSearch.for_order(
        order_id, sortby=[{"field": "datetime", "direction": "desc"}], limit=page_size
    )
    return read_all(client.search(search, method="POST", is_cancelled=feedback.isCanceled), feedback)


def deliveries_layer_name(aoi: str, order_id: str) -> str:
    """``constellr deliveries — <AOI name> (<short id>)``."""
    return f"constellr deliveries — {aoi} ({short_id(order_id)})"


def deliveries_message(count: int, order: Order, aoi: str) -> str:
    """What the message bar says after a deliveries search."""
    if count == 0:
        return f"No deliveries yet for this order (state: {state_style(order.state).label})."
    deliveries = "1 delivery" if count == 1 else f"{count} deliveries"
    return f"{deliveries} of order {short_id(order.id)} ({aoi}) added as a layer."


DELIVERIES_COLOR = "#1c64b4"
DELIVERIES_ORDER_PROPERTY = "constellr/deliveries_of_order"


def _deliveries_fields() -> QgsFields:
    return make_fields(
        (
            ("item_id", "string"),
            ("datetime", "datetime"),
            ("platform", "string"),
            ("gsd_m", "double"),
            ("cloud_cover_pct", "double"),
            ("illumination", "string"),
            ("collection", "string"),
            ("order_id", "string"),
        )
    )


def _utc_datetime(item: StacItem) -> QDateTime:
    if item.acquired is None:
        return QDateTime()
    return QDateTime.fromMSecsSinceEpoch(round(item.acquired.timestamp() * 1000), QTimeZone.utc())


def _number(value: object) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def delivery_features(items: Iterable[StacItem], fields: QgsFields) -> list[QgsFeature]:
    """One footprint feature per STAC item, with its acquisition attributes."""
    features = []
    for item in items:
        properties = item.properties
        feature = QgsFeature(fields)
        if item.geometry:
            feature.setGeometry(from_geojson(item.geometry))
        feature.setAttributes(
            [
                item.id,
                _utc_datetime(item),
                properties.get("platform"),
                _number(properties.get("gsd")),
                _number(properties.get("eo:cloud_cover")),
                properties.get("constellr:illumination"),
                item.collection,
                item.order_id,
            ]
        )
        features.append(feature)
    return features


def deliveries_layer(items: Iterable[StacItem], name: str, order_id: str) -> QgsVectorLayer:
    """A styled memory layer of an order's delivered footprints, filled in one call."""
    layer = QgsVectorLayer("Polygon?crs=EPSG:4326", name, "memory")
    layer.dataProvider().addAttributes(_deliveries_fields().toList())
    layer.updateFields()
    layer.dataProvider().addFeatures(delivery_features(items, layer.fields()))
    layer.updateExtents()
    symbol = QgsFillSymbol.createSimple(
        {"color": "28,100,180,30", "outline_color": DELIVERIES_COLOR, "outline_width": "0.4"}
    )
    layer.setRenderer(QgsSingleSymbolRenderer(symbol))
    layer.setCustomProperty(DELIVERIES_ORDER_PROPERTY, order_id)
    temporal = layer.temporalProperties()  # each footprint at its acquisition time on the time slider
    temporal.setMode(Qgis.VectorTemporalMode.FeatureDateTimeInstantFromField)
    temporal.setStartField("datetime")
    temporal.setIsActive(True)
    return layer


def add_deliveries_layer(layer: QgsVectorLayer, project: QgsProject | None = None) -> QgsVectorLayer:
    """Add a deliveries layer, replacing the earlier one of the same order (even under another name)."""
    project = project or QgsProject.instance()
    order_id = layer.customProperty(DELIVERIES_ORDER_PROPERTY)
    for old in list(project.mapLayers().values()):
        if old.customProperty(DELIVERIES_ORDER_PROPERTY) == order_id:
            project.removeMapLayer(old.id())
    return add_or_replace_layer(layer, project)
