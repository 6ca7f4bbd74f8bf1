"""Memory layers the plugin adds to the project, styled, filled in one batch."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from qgis.core import (
    QgsFeature,
    QgsFields,
    QgsFillSymbol,
    QgsPalLayerSettings,
    QgsProject,
    QgsSingleSymbolRenderer,
    QgsTextFormat,
    QgsVectorLayer,
    QgsVectorLayerSimpleLabeling,
)
from qgis.PyQt.QtCore import QDateTime, QTimeZone
from qgis.PyQt.QtGui import QColor

from .aoi_geometry import from_geojson, local_metrics, to_geojson_geometry
from .api import Aoi, StacItem
from .compat import make_fields

AOI_LAYER_NAME = "constellr AOIs"
AOI_COLOR = "#e66100"


def _aoi_fields() -> QgsFields:
    return make_fields(
        (
            ("aoi_id", "string"),
            ("name", "string"),
            ("description", "string"),
            ("created", "string"),
            ("bbox_width_m", "double"),
            ("bbox_height_m", "double"),
            ("area_km2", "double"),
        )
    )


def aoi_geometry(aoi: Aoi):  # noqa: ANN201 - QgsGeometry
    """The AOI's polygon in EPSG:4326."""
    return from_geojson(aoi.geojson)


def aoi_features(aois: Iterable[Aoi], fields: QgsFields) -> list[QgsFeature]:
    """One feature per AOI with its attributes."""
    features = []
    for aoi in aois:
        geometry = aoi_geometry(aoi)
        feature = QgsFeature(fields)
        feature.setGeometry(geometry)
        area = local_metrics(geometry).area_m2 / 1e6 if not geometry.isEmpty() else None
        feature.setAttributes(
            [
                aoi.id,
                aoi.name,
                aoi.description or "",
                aoi.created.isoformat() if aoi.created else "",
                aoi.bbox_width,
                aoi.bbox_height,
                area,
            ]
        )
        features.append(feature)
    return features


def style_aoi_layer(layer: QgsVectorLayer) -> None:
    """Orange outline, light fill, names as labels."""
    symbol = QgsFillSymbol.createSimple(
        {"color": "230,97,0,40", "outline_color": AOI_COLOR, "outline_width": "0.6"}
    )
    layer.setRenderer(QgsSingleSymbolRenderer(symbol))
    label = QgsPalLayerSettings()
    label.fieldName = "name"
    text = QgsTextFormat()
    text.setColor(QColor(AOI_COLOR).darker(150))
    text.setSize(9)
    label.setFormat(text)
    layer.setLabeling(QgsVectorLayerSimpleLabeling(label))
    layer.setLabelsEnabled(True)


def aoi_layer(aois: Iterable[Aoi], name: str = AOI_LAYER_NAME) -> QgsVectorLayer:
    """A styled memory layer of AOIs, filled in one call."""
    layer = QgsVectorLayer("Polygon?crs=EPSG:4326", name, "memory")
    fields = _aoi_fields()
    layer.dataProvider().addAttributes(fields.toList())
    layer.updateFields()
    layer.dataProvider().addFeatures(aoi_features(aois, layer.fields()))
    layer.updateExtents()
    style_aoi_layer(layer)
    return layer


def add_or_replace_layer(layer: QgsVectorLayer, project: QgsProject | None = None) -> QgsVectorLayer:
    """Add ``layer``, replacing the plugin's earlier layer of the same name (no pile-up on refresh)."""
    project = project or QgsProject.instance()
    for old in project.mapLayersByName(layer.name()):
        if old.customProperty("constellr/generated"):
            project.removeMapLayer(old.id())
    layer.setCustomProperty("constellr/generated", True)
    project.addMapLayer(layer)
    return layer


def export_aois_geojson(aois: Iterable[Aoi], path: Path) -> int:
    """Write the AOIs as a GeoJSON FeatureCollection; returns how many were written."""
    features = [
        {
            "type": "Feature",
            "id": aoi.id,
            "properties": {
                "id": aoi.id,
                "name": aoi.name,
                "description": aoi.description,
                "created": aoi.created.isoformat() if aoi.created else None,
                "bbox_width": aoi.bbox_width,
                "bbox_height": aoi.bbox_height,
            },
            "geometry": to_geojson_geometry(aoi_geometry(aoi)),
        }
        for aoi in aois
    ]
    temporary = path.with_name(path.name + ".part")
    temporary.write_text(json.dumps({"type": "FeatureCollection", "features": features}, indent=1), "utf-8")
    temporary.replace(path)
    return len(features)


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
    return layer


def add_deliveries_layer(layer: QgsVectorLayer, project: QgsProject | None = None) -> QgsVectorLayer:
    """Add a deliveries layer, replacing the earlier one of the same order (even under another name)."""
    project = project or QgsProject.instance()
    order_id = layer.customProperty(DELIVERIES_ORDER_PROPERTY)
    for old in list(project.mapLayers().values()):
        if old.customProperty(DELIVERIES_ORDER_PROPERTY) == order_id:
            project.removeMapLayer(old.id())
    return add_or_replace_layer(layer, project)
