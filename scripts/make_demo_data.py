"""Writes the demo project: a GeoPackage of parcels and districts around Berlin, and a QGIS project.

Layers come in three CRSs on purpose (UTM 33N, Web Mercator, WGS 84), with fields that fit LSTprecision,
districts that only LSTfusion takes, and two awkward shapes (a self-crossing outline, a multipart field).
Usage: python scripts/make_demo_data.py OUTPUT_DIR
"""

from __future__ import annotations

import math
import os
import random
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from qgis.core import (
    QgsApplication,
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsFeature,
    QgsFillSymbol,
    QgsGeometry,
    QgsPointXY,
    QgsProject,
    QgsRectangle,
    QgsReferencedRectangle,
    QgsSingleSymbolRenderer,
    QgsVectorFileWriter,
    QgsVectorLayer,
)

WGS84 = QgsCoordinateReferenceSystem("EPSG:4326")
WORLD_MAP = Path("/usr/share/qgis/resources/data/world_map.gpkg")


def _to(crs: QgsCoordinateReferenceSystem, geometry: QgsGeometry) -> QgsGeometry:
    moved = QgsGeometry(geometry)
    moved.transform(QgsCoordinateTransform(WGS84, crs, QgsProject.instance()))
    return moved


def _field_polygon(rng: random.Random, lon: float, lat: float, size_m: float) -> QgsGeometry:
    """A slightly irregular quadrilateral field of about ``size_m`` across."""
    dlat = size_m / 111_320
    dlon = dlat / math.cos(math.radians(lat))
    corners = [(-0.5, -0.5), (0.5, -0.5), (0.5, 0.5), (-0.5, 0.5)]
    ring = [
        QgsPointXY(lon + (x + rng.uniform(-0.08, 0.08)) * dlon, lat + (y + rng.uniform(-0.08, 0.08)) * dlat)
        for x, y in corners
    ]
    return QgsGeometry.fromPolygonXY([[*ring, ring[0]]])


def _layer(name: str, crs: str, rows: list[tuple[str, str, QgsGeometry]]) -> QgsVectorLayer:
    layer = QgsVectorLayer(f"MultiPolygon?crs={crs}&field=name:string&field=note:string", name, "memory")
    features = []
    target = QgsCoordinateReferenceSystem(crs)
    for row_name, note, geometry in rows:
        feature = QgsFeature(layer.fields())
        feature.setAttributes([row_name, note])
        feature.setGeometry(_to(target, geometry))
        features.append(feature)
    layer.dataProvider().addFeatures(features)
    return layer


def build_layers() -> list[QgsVectorLayer]:
    """The three demo layers, deterministic."""
    rng = random.Random(42)
    fields = [
        (
            f"Field {chr(65 + i)}",
            "fits LSTprecision",
            _field_polygon(rng, 13.55 + (i % 4) * 0.03, 52.33 + (i // 4) * 0.02, rng.uniform(500, 1800)),
        )
        for i in range(12)
    ]
    districts = [
        ("Spree district", "18 km wide: LSTfusion only", _field_polygon(rng, 13.75, 52.45, 18_000)),
        ("Dahme lakes", "14 km: every product", _field_polygon(rng, 13.62, 52.22, 14_000)),
        ("Garden plot", "40 m: too small for LSTfusion", _field_polygon(rng, 13.58, 52.37, 40)),
    ]
    spike = QgsGeometry.fromWkt(
        "POLYGON((13.48 52.30, 13.50 52.30, 13.50 52.315, 13.49 52.315, 13.49 52.325, "
        "13.49 52.315, 13.48 52.315, 13.48 52.30))"
    )
    two_parts = QgsGeometry.collectGeometry(
        [_field_polygon(rng, 13.45, 52.36, 900), _field_polygon(rng, 13.47, 52.37, 700)]
    )
    awkward = [
        ("Spiky field", "outline crosses itself: repair offered", spike),
        ("Split farm", "two parts: one AOI per part offered", two_parts),
    ]
    return [
        _layer("Fields (UTM 33N)", "EPSG:32633", fields),
        _layer("Districts (Web Mercator)", "EPSG:3857", districts),
        _layer("Awkward shapes (WGS 84)", "EPSG:4326", awkward),
    ]


def write(output: Path) -> Path:
    """Write demo.gpkg and constellr-demo.qgz into ``output``; returns the project path."""
    output.mkdir(parents=True, exist_ok=True)
    gpkg = output / "demo.gpkg"
    if gpkg.exists():
        gpkg.unlink()
    project = QgsProject.instance()
    project.clear()
    project.setCrs(QgsCoordinateReferenceSystem("EPSG:32633"))
    if WORLD_MAP.exists():
        countries = QgsVectorLayer(f"{WORLD_MAP}|layername=countries", "Countries", "ogr")
        countries.setRenderer(
            QgsSingleSymbolRenderer(
                QgsFillSymbol.createSimple({"color": "#f2efe9", "outline_color": "#b0a89a"})
            )
        )
        project.addMapLayer(countries)
    colours = ["#2e7d32", "#1565c0", "#8e24aa"]
    for index, layer in enumerate(build_layers()):
        options = QgsVectorFileWriter.SaveVectorOptions()
        options.driverName = "GPKG"
        options.layerName = layer.name().split(" (")[0].lower().replace(" ", "_")
        options.actionOnExistingFile = (
            QgsVectorFileWriter.ActionOnExistingFile.CreateOrOverwriteLayer
            if gpkg.exists()
            else QgsVectorFileWriter.ActionOnExistingFile.CreateOrOverwriteFile
        )
        error = QgsVectorFileWriter.writeAsVectorFormatV2(
            layer, str(gpkg), project.transformContext(), options
        )
        if error[0] != QgsVectorFileWriter.WriterError.NoError:
            raise RuntimeError(f"could not write {layer.name()}: {error}")
        saved = QgsVectorLayer(f"{gpkg}|layername={options.layerName}", layer.name(), "ogr")
        saved.setRenderer(
            QgsSingleSymbolRenderer(
                QgsFillSymbol.createSimple(
                    {"color": colours[index] + "40", "outline_color": colours[index], "outline_width": "0.5"}
                )
            )
        )
        project.addMapLayer(saved)
    extent = QgsRectangle(13.40, 52.18, 13.95, 52.55)
    view = QgsCoordinateTransform(WGS84, project.crs(), project).transformBoundingBox(extent)
    project.viewSettings().setDefaultViewExtent(QgsReferencedRectangle(view, project.crs()))
    path = output / "constellr-demo.qgz"
    project.write(str(path))
    return path


if __name__ == "__main__":
    app = QgsApplication([], False)
    app.initQgis()
    print(write(Path(sys.argv[1] if len(sys.argv) > 1 else "build/demo")))
    app.exitQgis()
