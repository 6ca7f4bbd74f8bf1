"""From any QGIS geometry to one AOI polygon in EPSG:4326, with local metrics.

The local metrics follow the method the constellr server uses for geometry-info (see
``docs/architecture.md``): the UTM zone of the lon/lat bounding box's centre; the area of the polygon in
that zone; width and height of the bounding box of the four projected corners of the lon/lat bbox.
"""

from __future__ import annotations

import enum
import json
import math
import struct
import sys
from array import array
from dataclasses import dataclass, field
from typing import Any

from qgis.core import (
    Qgis,
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsCoordinateTransformContext,
    QgsCsException,
    QgsGeometry,
    QgsJsonUtils,
    QgsPointXY,
    QgsProject,
    QgsRectangle,
    QgsUnitTypes,
    QgsWkbTypes,
)

from .api import CancelledError
from .compat import POLYGON_GEOMETRY
from .i18n import tr
from .rules import PRODUCTS, aoi_size_problems, format_size
from .tasks import Progress

WGS84 = QgsCoordinateReferenceSystem("EPSG:4326")
MAX_VERTICES = 2_000
MAX_ABS_LATITUDE = 84.0  # beyond it UTM does not hold and the AOI reaches towards a pole
COORDINATE_DECIMALS = 7  # about 1 cm
# A span no product comes near (the largest takes 110 km) and one UTM zone cannot measure: a continent,
# the world, a map extent zoomed far out. Said plainly instead of measured.
WORLD_SCALE_DEGREES = 40.0
METRES_PER_DEGREE = 111_320.0
# QGIS 3.30 moved distance units to Qgis.DistanceUnit; QGIS 4 drops the old QgsUnitTypes names.
METRES = (
    Qgis.DistanceUnit.Meters if hasattr(Qgis, "DistanceUnit") else QgsUnitTypes.DistanceUnit.DistanceMeters
)


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
    message: str = ""  # why it is not READY, or, first, the size of a shape no product takes, in plain words
    notes: list[str] = field(default_factory=list)  # what was changed on the way (Z/M, simplification)
    # measured on the true outline (before any simplification); SEVERAL_PARTS: the whole, all parts together
    metrics: AoiMetrics | None = None

    @property
    def ready(self) -> bool:
        """True when the geometry can be sent as it is."""
        return self.verdict is Verdict.READY


def to_wgs84(
    geometry: QgsGeometry,
    crs: QgsCoordinateReferenceSystem,
    context: QgsCoordinateTransformContext | None = None,
) -> QgsGeometry:
    """A copy of ``geometry`` reprojected from ``crs`` to EPSG:4326 (raises QgsCsException if it cannot be).

    ``context`` defaults to the project's; pass it when working off the main thread.
    """
    copy = QgsGeometry(geometry)
    if crs.isValid() and crs != WGS84:
        copy.transform(
            QgsCoordinateTransform(crs, WGS84, context or QgsProject.instance().transformContext())
        )
    return copy


def _largest_product_bbox() -> str:
    largest = max(rules.max_bbox_m for rules in PRODUCTS.values())
    return format_size(largest, largest)


def _fitting_products(metrics: AoiMetrics) -> list[str]:
    return [
        name
        for name, rules in PRODUCTS.items()
        if not aoi_size_problems(rules, metrics.bbox_width_m, metrics.bbox_height_m)
    ]


def size_verdict(metrics: AoiMetrics) -> str:
    """The size and what the known products make of it: “600 km × 800 km — too large for every product”."""
    width, height = metrics.bbox_width_m, metrics.bbox_height_m
    fitting = _fitting_products(metrics)
    if len(fitting) == len(PRODUCTS):
        verdict = tr("fits every product")
    elif fitting:
        verdict = tr("fits {products} only").format(products=tr(" and ").join(fitting))
    elif max(width, height) > max(rules.max_bbox_m for rules in PRODUCTS.values()):
        verdict = tr("too large for every product (at most {largest})").format(
            largest=_largest_product_bbox()
        )
    else:
        verdict = tr("fits no product")
    return f"{format_size(width, height)} — {verdict}"


def _size_first(metrics: AoiMetrics, message: str) -> str:
    """``message`` preceded by the size and verdict when no product takes the shape."""
    if _fitting_products(metrics):
        return message
    return f"{size_verdict(metrics)}. {message}".strip()


def _world_scale_message(span: str) -> str:
    return tr(
        "The area spans {span}: a continent or the whole world, far beyond any product (the largest "
        "takes {largest}). Zoom in to the area you want to order, then take the "
        "map extent again or draw the AOI."
    ).format(span=span, largest=_largest_product_bbox())


def _world_scale_problem(extent: QgsRectangle, crs: QgsCoordinateReferenceSystem) -> str:
    """A plain refusal when ``extent`` (in ``crs``) spans a continent or more; empty otherwise."""
    if crs.isGeographic():
        # wider than 180° yet low: a small area crossing the antimeridian the long way round, said elsewhere
        wide = WORLD_SCALE_DEGREES < extent.width() <= 180.0
        if not wide and extent.height() <= WORLD_SCALE_DEGREES:
            return ""
        return _world_scale_message(
            tr("{width:,.0f}° of longitude × {height:,.0f}° of latitude").format(
                width=extent.width(), height=extent.height()
            )
        )
    to_metres = QgsUnitTypes.fromUnitToUnitFactor(crs.mapUnits(), METRES)
    width, height = extent.width() * to_metres, extent.height() * to_metres
    if max(width, height) <= WORLD_SCALE_DEGREES * METRES_PER_DEGREE:
        return ""
    return _world_scale_message(
        tr("{size} in {crs}").format(size=format_size(width, height), crs=crs.authid() or crs.description())
    )


def prepare_aoi_from(
    geometry: QgsGeometry | None,
    crs: QgsCoordinateReferenceSystem,
    context: QgsCoordinateTransformContext | None = None,
    feedback: Progress | None = None,
) -> AoiCandidate:
    """:func:`prepare_aoi` for a geometry in any CRS: a world-scale or unprojectable shape is refused plainly.

    Thread-safe given ``context`` (copied from the project on the main thread).
    """
    if geometry is None or geometry.isNull() or geometry.isEmpty():
        return prepare_aoi(None)
    if crs.isValid() and crs != WGS84:
        problem = _world_scale_problem(geometry.boundingBox(), crs)
        if problem:
            return AoiCandidate(Verdict.REFUSED, message=problem)
    try:
        geometry_wgs84 = to_wgs84(geometry, crs, context)
        extent = geometry_wgs84.boundingBox()
        corners = (extent.xMinimum(), extent.yMinimum(), extent.xMaximum(), extent.yMaximum())
        placed = all(map(math.isfinite, corners))  # PROJ answers some points outside its domain with inf/NaN
    except QgsCsException:
        placed = False
    if not placed:
        return AoiCandidate(
            Verdict.REFUSED,
            message=tr(
                "The area reaches beyond where {crs} is defined, so it has no "
                "place in longitude/latitude. Zoom in, or check the layer's CRS."
            ).format(crs=crs.authid() or crs.description()),
        )
    return prepare_aoi(geometry_wgs84, feedback)


def _drop_z_m(geometry: QgsGeometry, notes: list[str]) -> QgsGeometry:
    wkb_type = geometry.wkbType()
    if not (QgsWkbTypes.hasZ(wkb_type) or QgsWkbTypes.hasM(wkb_type)):
        return geometry
    flat = QgsGeometry(geometry.constGet().clone())
    flat.get().dropZValue()
    flat.get().dropMValue()
    notes.append(tr("Z and M values were dropped: an AOI is two-dimensional."))
    return flat


def _straighten(geometry: QgsGeometry, notes: list[str]) -> QgsGeometry:
    """Curved types (CurvePolygon, MultiSurface) as plain polygons; arcs become straight segments."""
    if not QgsWkbTypes.isCurvedType(geometry.wkbType()):
        return geometry
    if geometry.constGet().hasCurvedSegments():
        notes.append(tr("Arcs were replaced by straight segments: an AOI is sent as a plain polygon."))
    return QgsGeometry(geometry.constGet().segmentize())


def stop_if_cancelled(feedback: Progress | None) -> None:
    """Raise CancelledError once the preparation's ``feedback`` is cancelled (None: never)."""
    if feedback is not None and feedback.isCanceled():
        raise CancelledError("cancelled", hint=tr("take the AOI from its source again to prepare it."))


def _simplify(polygon: QgsGeometry, notes: list[str], feedback: Progress | None) -> QgsGeometry:
    vertices = _vertex_count(polygon)
    if vertices <= MAX_VERTICES:
        return polygon
    transform, epsg = _utm_transform(polygon.boundingBox())
    projected = QgsGeometry(polygon)
    projected.transform(transform)
    tolerance = 0.5
    simplified = projected
    while _vertex_count(simplified) > MAX_VERTICES:
        stop_if_cancelled(feedback)
        tolerance *= 2
        # each pass goes on from the last (the later ones are cheap): the shift is measured on the result
        simplified = simplified.simplify(tolerance)
    stop_if_cancelled(feedback)
    shift = largest_shift(projected, simplified)
    simplified.transform(transform, Qgis.TransformDirection.Reverse)
    notes.append(
        tr(
            "Simplified from {vertices:,} to {kept:,} vertices to stay within "
            "{limit:,}: the outline moved by at most {shift:,.1f} m (measured in UTM, EPSG:{epsg}); "
            "the size and verdicts are those of the true outline."
        ).format(
            vertices=vertices, kept=_vertex_count(simplified), limit=MAX_VERTICES, shift=shift, epsg=epsg
        )
    )
    return simplified


def _vertex_count(geometry: QgsGeometry) -> int:
    return geometry.constGet().nCoordinates()


def _polygon_rings(polygon: QgsGeometry) -> list[array]:
    """The rings of a 2D single polygon as arrays of interleaved x, y in native byte order, from its WKB.

    Arrays, not Python tuples: a worker thread building 10⁵ tuples would hold the interpreter lock long
    enough to stall the main thread.
    """
    wkb = bytes(polygon.asWkb())
    order = "<" if wkb[0] == 1 else ">"
    (ring_count,) = struct.unpack_from(f"{order}I", wkb, 5)
    offset, rings = 9, []
    for _ in range(ring_count):
        (count,) = struct.unpack_from(f"{order}I", wkb, offset)
        values = array("d", wkb[offset + 4 : offset + 4 + 16 * count])
        if (order == "<") != (sys.byteorder == "little"):
            values.byteswap()
        rings.append(values)
        offset += 4 + 16 * count
    return rings


def _find_vertex(xs: array, ys: array, vertex: tuple[float, float], start: int, stop: int) -> int:
    """Index of ``vertex`` within [start, stop), or -1 (searched in C, not in a Python loop)."""
    x, y = vertex
    while True:
        try:
            index = xs.index(x, start, stop)
        except ValueError:
            return -1
        if ys[index] == y:
            return index
        start = index + 1


def _kept_positions(true_ring: array, kept_ring: array) -> list[int] | None:
    """Where each vertex of ``kept_ring`` sits in ``true_ring``, in ring order; None if one is not there."""
    xs, ys = true_ring[0::2], true_ring[1::2]
    closed = len(xs) - 1  # the closing vertex repeats the first
    kept = list(zip(kept_ring[0:-2:2], kept_ring[1:-2:2]))
    first = _find_vertex(xs, ys, kept[0], 0, closed)  # GEOS may move a ring's start: look everywhere
    if first < 0:
        return None
    positions = [first]
    for vertex in kept[1:]:
        index = _find_vertex(xs, ys, vertex, positions[-1] + 1, closed)
        if index < 0:  # past the end of the ring: on from its start
            index = _find_vertex(xs, ys, vertex, 0, first)
        if index < 0:
            return None
        positions.append(index)
    return positions


def _linestring(values: array) -> QgsGeometry:
    line = QgsGeometry()
    header = struct.pack("=BII", 1 if sys.byteorder == "little" else 0, 2, len(values) // 2)
    line.fromWkb(header + values.tobytes())
    return line


def _ring_shift(true_ring: array, kept_ring: array) -> float | None:
    """Largest distance from a vertex of ``true_ring`` to the segment of ``kept_ring`` that replaced it.

    ``kept_ring`` keeps a subset of the true vertices in order (what GEOS simplification does); None when
    it does not. Each stretch of removed vertices is measured by GEOS against its segment, outside the
    interpreter lock.
    """
    positions = _kept_positions(true_ring, kept_ring)
    if positions is None:
        return None
    closed = len(true_ring) // 2 - 1
    largest = 0.0
    for start, end in zip(positions, [*positions[1:], positions[0]]):
        if end > start:
            stretch = true_ring[2 * start : 2 * end + 2]
        else:  # across the ring's start
            stretch = true_ring[2 * start : 2 * closed] + true_ring[0 : 2 * end + 2]
        if len(stretch) > 4:  # something was removed between the two kept vertices
            segment = stretch[0:2] + stretch[-2:]
            largest = max(largest, _linestring(stretch).hausdorffDistance(_linestring(segment)))
    return largest


def largest_shift(true_polygon: QgsGeometry, simplified: QgsGeometry) -> float:
    """How far the simplified outline lies from the true one at most (both single polygons, same CRS).

    The Hausdorff distance, found in linear time: every stretch of removed vertices is measured against
    the segment that replaced it (a simplified segment lies no farther from the vertices it replaced than
    they lie from it). Falls back to GEOS's Hausdorff distance between the whole outlines (quadratic) when
    the vertices kept are not a subset of the true ones in order, or the true outline has curves.
    """
    kinds = {QgsWkbTypes.displayString(geometry.wkbType()) for geometry in (true_polygon, simplified)}
    if kinds == {"Polygon"}:  # 2D, straight segments: the WKB _polygon_rings reads
        true_rings, kept_rings = _polygon_rings(true_polygon), _polygon_rings(simplified)
        if len(true_rings) == len(kept_rings):
            shifts = [_ring_shift(true, kept) for true, kept in zip(true_rings, kept_rings)]
            if None not in shifts:
                return max(shifts)
    return true_polygon.hausdorffDistance(simplified)


def _reach_problem(polygon: QgsGeometry) -> str:
    extent = polygon.boundingBox()
    if extent.xMinimum() < -180 or extent.xMaximum() > 180 or extent.width() > 180:
        return tr(
            "The area crosses the antimeridian (180° longitude). constellr AOIs must lie on one side "
            "of it: split the area into an eastern and a western AOI."
        )
    if max(abs(extent.yMinimum()), abs(extent.yMaximum())) >= MAX_ABS_LATITUDE:
        return tr(
            "The area reaches beyond {latitude:g}° latitude, towards a pole, where constellr "
            "cannot measure or deliver it. Draw the AOI closer to the equator."
        ).format(latitude=MAX_ABS_LATITUDE)
    return ""


def _single_polygons(geometry: QgsGeometry) -> list[QgsGeometry]:
    return [QgsGeometry(part.clone()) for part in geometry.constParts()]


def _finish(
    polygon: QgsGeometry, notes: list[str], verdict: Verdict, feedback: Progress | None, message: str = ""
) -> AoiCandidate:
    """Measure the true polygon, then simplify it for sending."""
    problem = _reach_problem(polygon)
    if problem:
        return AoiCandidate(Verdict.REFUSED, message=problem, notes=notes)
    metrics = local_metrics(polygon)
    return AoiCandidate(
        verdict,
        geometry=_simplify(polygon, notes, feedback),
        message=_size_first(metrics, message),
        notes=notes,
        metrics=metrics,
    )


def _one_aoi_per_part(parts: list[QgsGeometry], notes: list[str], reason: str) -> AoiCandidate:
    """Several polygons where one AOI must be one polygon: the size of the whole first, then the offer."""
    metrics = local_metrics(QgsGeometry.collectGeometry(parts))
    return AoiCandidate(
        Verdict.SEVERAL_PARTS,
        parts=parts,
        notes=notes,
        message=tr("{size}. {reason} Create one AOI per part ({count} AOIs) instead.").format(
            size=size_verdict(metrics), reason=reason, count=len(parts)
        ),
        metrics=metrics,
    )


def accepted_repair(candidate: AoiCandidate) -> AoiCandidate:
    """The REPAIRABLE ``candidate`` with its repaired polygon taken: READY, same polygon, notes and size."""
    return AoiCandidate(
        Verdict.READY,
        geometry=candidate.geometry,
        message=_size_first(candidate.metrics, "") if candidate.metrics else "",
        notes=candidate.notes,
        metrics=candidate.metrics,
    )


def _repair(polygon: QgsGeometry, notes: list[str], feedback: Progress | None) -> AoiCandidate:
    """An invalid polygon made valid: one polygon offered, several offered as parts, or refused."""
    repaired = polygon.makeValid()
    repaired_parts = [
        part for part in _single_polygons(repaired) if part.type() == POLYGON_GEOMETRY and part.area() > 0
    ]
    if not repaired_parts:
        return AoiCandidate(
            Verdict.REFUSED,
            notes=notes,
            message=tr(
                "The polygon is invalid (its outline crosses itself) and nothing with an area is left "
                "once repaired. Redraw it."
            ),
        )
    if len(repaired_parts) > 1:
        return _one_aoi_per_part(
            repaired_parts,
            notes,
            tr(
                "The polygon's outline crosses itself; repaired, it falls into {count} separate polygons."
            ).format(count=len(repaired_parts)),
        )
    return _finish(
        repaired_parts[0],
        notes,
        Verdict.REPAIRABLE,
        feedback,
        tr("The polygon is invalid (its outline crosses itself). A repaired polygon is offered."),
    )


def prepare_aoi(geometry: QgsGeometry | None, feedback: Progress | None = None) -> AoiCandidate:
    """Turn a geometry in EPSG:4326 into an AOI candidate, explaining every change and refusal.

    With ``feedback`` (in a task) it raises CancelledError between its long steps once cancelled.
    """
    if geometry is None or geometry.isNull() or geometry.isEmpty():
        return AoiCandidate(Verdict.REFUSED, message=tr("The geometry is empty: there is no area to order."))
    if geometry.type() != POLYGON_GEOMETRY:
        kind = QgsWkbTypes.geometryDisplayString(geometry.type()).lower()
        return AoiCandidate(
            Verdict.REFUSED,
            message=tr(
                "An AOI must be a polygon; a {kind} has no area. Use a polygon layer or draw a polygon."
            ).format(kind=kind),
        )
    problem = _world_scale_problem(geometry.boundingBox(), WGS84)
    if problem:
        return AoiCandidate(Verdict.REFUSED, message=problem)
    notes: list[str] = []
    geometry = _straighten(_drop_z_m(geometry, notes), notes)
    parts = _single_polygons(geometry)
    if len(parts) > 1:
        return _one_aoi_per_part(
            parts,
            notes,
            tr("The geometry has {count} separate polygons, but an AOI is one polygon.").format(
                count=len(parts)
            ),
        )
    polygon = parts[0]
    if polygon.isGeosValid():
        return _finish(polygon, notes, Verdict.READY, feedback)
    return _repair(polygon, notes, feedback)


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
