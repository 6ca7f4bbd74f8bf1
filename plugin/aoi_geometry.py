"""From any QGIS geometry to one AOI polygon in EPSG:4326, with local metrics.

The local metrics follow the method the constellr server uses for geometry-info (see
``docs/architecture.md``): the UTM zone of the lon/lat bounding box's centre; the area of the polygon in
that zone; width and height of the bounding box of the four projected corners of the lon/lat bbox.
"""

from __future__ import annotations

import enum
import json
import math
from dataclasses import dataclass, field
from typing import Any

from qgis.core import (
    Qgis,
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsCoordinateTransformContext,
    QgsGeometry,
    QgsJsonUtils,
    QgsPointXY,
    QgsProject,
    QgsRectangle,
    QgsWkbTypes,
)

from .compat import POLYGON_GEOMETRY

WGS84 = QgsCoordinateReferenceSystem("EPSG:4326")
MAX_VERTICES = 2_000
MAX_ABS_LATITUDE = 84.0  # beyond it UTM does not hold and the AOI reaches towards a pole
COORDINATE_DECIMALS = 7  # about 1 cm


@dataclass(frozen=True)
class AoiMetrics:
    """Bounding-box width and height in metres and area in m², as constellr measures them."""

    bbox_width_m: float
    bbox_height_m: float
    area_m2: float
    utm_epsg: int


def utm_epsg(lon: float, lat: float) -> int:
    """EPSG code of the UTM zone (WGS 84) holding a lon/lat position."""
    zone = min(math.floor((lon + 180.0) / 6.0) + 1, 60)
    return (32600 if lat >= 0 else 32700) + zone


def _utm_transform(extent: QgsRectangle) -> tuple[QgsCoordinateTransform, int]:
    epsg = utm_epsg(extent.center().x(), extent.center().y())
    crs = QgsCoordinateReferenceSystem(f"EPSG:{epsg}")
    return QgsCoordinateTransform(WGS84, crs, QgsCoordinateTransformContext()), epsg


def local_metrics(polygon_wgs84: QgsGeometry) -> AoiMetrics:
    """Metrics of a polygon in EPSG:4326, computed without the server."""
    extent = polygon_wgs84.boundingBox()
    transform, epsg = _utm_transform(extent)
    corners = [
        transform.transform(QgsPointXY(x, y))
        for x, y in (
            (extent.xMinimum(), extent.yMinimum()),
            (extent.xMaximum(), extent.yMinimum()),
            (extent.xMaximum(), extent.yMaximum()),
            (extent.xMinimum(), extent.yMaximum()),
        )
    ]
    xs = [corner.x() for corner in corners]
    ys = [corner.y() for corner in corners]
    projected = QgsGeometry(polygon_wgs84)
    projected.transform(transform)
    return AoiMetrics(
        bbox_width_m=max(xs) - min(xs),
        bbox_height_m=max(ys) - min(ys),
        area_m2=projected.area(),
        utm_epsg=epsg,
    )


class Verdict(enum.Enum):
    """What can be done with a candidate geometry."""

    READY = "ready"  # a valid single polygon in EPSG:4326
    REPAIRABLE = "repairable"  # invalid, but a repaired polygon is offered
    SEVERAL_PARTS = "several_parts"  # one AOI is one polygon: one AOI per part is offered
    REFUSED = "refused"  # nothing sensible can be made of it


@dataclass
class AoiCandidate:
    """A geometry on its way to becoming an AOI: the polygon, or why not and what is offered instead."""

    verdict: Verdict
    geometry: QgsGeometry | None = None  # READY: the polygon; REPAIRABLE: the repaired polygon
    parts: list[QgsGeometry] = field(default_factory=list)  # SEVERAL_PARTS: one polygon per part
    message: str = ""  # why it is not READY, in plain words
    notes: list[str] = field(default_factory=list)  # what was changed on the way (Z/M, simplification)

    @property
    def ready(self) -> bool:
        """True when the geometry can be sent as it is."""
        return self.verdict is Verdict.READY


def to_wgs84(
    geometry: QgsGeometry, crs: QgsCoordinateReferenceSystem, project: QgsProject | None = None
) -> QgsGeometry:
    """A copy of ``geometry`` reprojected from ``crs`` to EPSG:4326."""
    copy = QgsGeometry(geometry)
    if crs.isValid() and crs != WGS84:
        context = (project or QgsProject.instance()).transformContext()
        copy.transform(QgsCoordinateTransform(crs, WGS84, context))
    return copy


def _drop_z_m(geometry: QgsGeometry, notes: list[str]) -> QgsGeometry:
    wkb_type = geometry.wkbType()
    if not (QgsWkbTypes.hasZ(wkb_type) or QgsWkbTypes.hasM(wkb_type)):
        return geometry
    flat = QgsGeometry(geometry.constGet().clone())
    flat.get().dropZValue()
    flat.get().dropMValue()
    notes.append("Z and M values were dropped: an AOI is two-dimensional.")
    return flat


def _simplify(polygon: QgsGeometry, notes: list[str]) -> QgsGeometry:
    vertices = _vertex_count(polygon)
    if vertices <= MAX_VERTICES:
        return polygon
    transform, _ = _utm_transform(polygon.boundingBox())
    projected = QgsGeometry(polygon)
    projected.transform(transform)
    tolerance = 0.5
    simplified = projected
    while _vertex_count(simplified) > MAX_VERTICES:
        tolerance *= 2
        simplified = projected.simplify(tolerance)
    simplified.transform(transform, Qgis.TransformDirection.Reverse)
    notes.append(
        f"Simplified from {vertices:,} to {_vertex_count(simplified):,} vertices "
        f"(tolerance {tolerance:g} m) to stay within {MAX_VERTICES:,} vertices."
    )
    return simplified


def _vertex_count(geometry: QgsGeometry) -> int:
    return geometry.constGet().nCoordinates()


def _reach_problem(polygon: QgsGeometry) -> str:
    extent = polygon.boundingBox()
    if extent.xMinimum() < -180 or extent.xMaximum() > 180 or extent.width() > 180:
        return (
            "The area crosses the antimeridian (180° longitude). constellr AOIs must lie on one side "
            "of it: split the area into an eastern and a western AOI."
        )
    if max(abs(extent.yMinimum()), abs(extent.yMaximum())) >= MAX_ABS_LATITUDE:
        return (
            f"The area reaches beyond {MAX_ABS_LATITUDE:g}° latitude, towards a pole, where constellr "
            "cannot measure or deliver it. Draw the AOI closer to the equator."
        )
    return ""


def _single_polygons(geometry: QgsGeometry) -> list[QgsGeometry]:
    return [QgsGeometry(part.clone()) for part in geometry.constParts()]


def _finish(polygon: QgsGeometry, notes: list[str], verdict: Verdict, message: str = "") -> AoiCandidate:
    polygon = _simplify(polygon, notes)
    problem = _reach_problem(polygon)
    if problem:
        return AoiCandidate(Verdict.REFUSED, message=problem, notes=notes)
    return AoiCandidate(verdict, geometry=polygon, message=message, notes=notes)


def _one_aoi_per_part(parts: list[QgsGeometry], notes: list[str], reason: str) -> AoiCandidate:
    """Several polygons where one AOI must be one polygon: one AOI per part is offered."""
    return AoiCandidate(
        Verdict.SEVERAL_PARTS,
        parts=parts,
        notes=notes,
        message=f"{reason} Create one AOI per part ({len(parts)} AOIs) instead.",
    )


def _repair(polygon: QgsGeometry, notes: list[str]) -> AoiCandidate:
    """An invalid polygon made valid: one polygon offered, several offered as parts, or refused."""
    repaired = polygon.makeValid()
    repaired_parts = [
        part for part in _single_polygons(repaired) if part.type() == POLYGON_GEOMETRY and part.area() > 0
    ]
    if not repaired_parts:
        return AoiCandidate(
            Verdict.REFUSED,
            notes=notes,
            message=(
                "The polygon is invalid (its outline crosses itself) and nothing with an area is left "
                "once repaired. Redraw it."
            ),
        )
    if len(repaired_parts) > 1:
        return _one_aoi_per_part(
            repaired_parts,
            notes,
            f"The polygon's outline crosses itself; repaired, it falls into {len(repaired_parts)} "
            "separate polygons.",
        )
    return _finish(
        repaired_parts[0],
        notes,
        Verdict.REPAIRABLE,
        "The polygon is invalid (its outline crosses itself). A repaired polygon is offered.",
    )


def prepare_aoi(geometry: QgsGeometry | None) -> AoiCandidate:
    """Turn a geometry in EPSG:4326 into an AOI candidate, explaining every change and refusal."""
    if geometry is None or geometry.isNull() or geometry.isEmpty():
        return AoiCandidate(Verdict.REFUSED, message="The geometry is empty: there is no area to order.")
    if geometry.type() != POLYGON_GEOMETRY:
        kind = QgsWkbTypes.geometryDisplayString(geometry.type()).lower()
        return AoiCandidate(
            Verdict.REFUSED,
            message=f"An AOI must be a polygon; a {kind} has no area. Use a polygon layer or draw a polygon.",
        )
    notes: list[str] = []
    geometry = _drop_z_m(geometry, notes)
    parts = _single_polygons(geometry)
    if len(parts) > 1:
        return _one_aoi_per_part(
            parts, notes, f"The geometry has {len(parts)} separate polygons, but an AOI is one polygon."
        )
    polygon = parts[0]
    if polygon.isGeosValid():
        return _finish(polygon, notes, Verdict.READY)
    return _repair(polygon, notes)


def to_geojson_geometry(polygon_wgs84: QgsGeometry) -> dict[str, Any]:
    """The polygon as a GeoJSON geometry dict (coordinates rounded to about 1 cm)."""
    return json.loads(polygon_wgs84.asJson(COORDINATE_DECIMALS))


def from_geojson(geojson: dict[str, Any]) -> QgsGeometry:
    """A QGIS geometry from a GeoJSON geometry, Feature or single-feature FeatureCollection."""
    if geojson.get("type") == "FeatureCollection":
        features = geojson.get("features") or []
        geometries = [from_geojson(feature) for feature in features]
        if len(geometries) == 1:
            return geometries[0]
        return QgsGeometry.collectGeometry(geometries) if geometries else QgsGeometry()
    if geojson.get("type") == "Feature":
        return from_geojson(geojson.get("geometry") or {})
    features = QgsJsonUtils.stringToFeatureList(
        json.dumps({"type": "Feature", "properties": {}, "geometry": geojson})
    )
    return features[0].geometry() if features else QgsGeometry()


def square_around(lon: float, lat: float, size_m: float) -> QgsGeometry:
    """A lon/lat rectangle centred on a point that constellr measures as ``size_m`` × ``size_m``.

    Built in lon/lat and corrected against :func:`local_metrics` so that the server's bbox measure,
    not some other projection's, equals the requested size (to a few centimetres, never above it).
    """
    target = size_m - 0.05
    half_height = size_m / 2 / 111_320.0
    half_width = half_height / max(math.cos(math.radians(lat)), 1e-6)
    for _ in range(6):
        square = QgsGeometry.fromRect(
            QgsRectangle(lon - half_width, lat - half_height, lon + half_width, lat + half_height)
        )
        metrics = local_metrics(square)
        half_width *= target / metrics.bbox_width_m
        half_height *= target / metrics.bbox_height_m
    return QgsGeometry.fromRect(
        QgsRectangle(lon - half_width, lat - half_height, lon + half_width, lat + half_height)
    )


def zoom_extent(geometry_wgs84: QgsGeometry, crs: QgsCoordinateReferenceSystem) -> QgsRectangle:
    """The geometry's bounding box in ``crs``, with a margin around it, to zoom a map to."""
    transform = QgsCoordinateTransform(WGS84, crs, QgsProject.instance())
    extent = transform.transformBoundingBox(geometry_wgs84.boundingBox())
    extent.scale(1.2)
    return extent
