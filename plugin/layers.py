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
from qgis.PyQt.QtGui import QColor

from .aoi_geometry import from_geojson, local_metrics, to_geojson_geometry
from .api import Aoi
from .compat import make_fields
from .i18n import tr

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


def aoi_layer(aois: Iterable[Aoi], name: str | None = None) -> QgsVectorLayer:
    """A styled memory layer of AOIs, filled in one call; named “constellr AOIs” unless ``name`` is given."""
    layer = QgsVectorLayer("Polygon?crs=EPSG:4326", name or tr("constellr AOIs"), "memory")
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
