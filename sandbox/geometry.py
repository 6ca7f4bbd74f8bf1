"""AOI GeoJSON parsing and the server's metrics: UTM bounding-box size and area.

The metrics reproduce the documented ``geometry-info`` example to the decimetre: the UTM zone of
the bounding-box centre, the four lon/lat bbox corners projected into it for width and height, the
projected polygon for the area, each truncated (not rounded) to one decimal.
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass
from typing import Any

import numpy as np
import shapely
import shapely.geometry
from osgeo import osr
from shapely.geometry import Polygon, box
from shapely.geometry.base import BaseGeometry

osr.UseExceptions()

WGS84_EPSG = 4326
MAX_ABS_LATITUDE = 84.0  # UTM's northern limit; the sandbox uses it both ways
_GEOHASH_ALPHABET = "0123456789bcdefghjkmnpqrstuvwxyz"
_SUPPORTED = "a Polygon, a MultiPolygon with one polygon, a Feature or a FeatureCollection with one feature"
_local = threading.local()


class GeometryError(ValueError):
    """GeoJSON that cannot be used as an AOI; the API answers 400 with the message."""


@dataclass(frozen=True)
class Metrics:
    """What ``geometry-info`` reports, plus the UTM zone it was measured in."""

    bbox_width: float
    bbox_height: float
    area: float
    epsg: int

    def as_json(self) -> dict[str, float]:
        """The ``geometry-info`` response body."""
        return {"bbox_width": self.bbox_width, "bbox_height": self.bbox_height, "area": self.area}


@dataclass(frozen=True)
class AoiGeometry:
    """An accepted AOI: the input normalised to a Feature and its polygon in lon/lat."""

    feature: dict[str, Any]
    polygon: Polygon


def parse_aoi(geojson: dict[str, Any]) -> AoiGeometry:
    """Accept a Feature, a one-feature FeatureCollection, a Polygon or a one-polygon MultiPolygon."""
    kind = geojson.get("type")
    if kind == "FeatureCollection":
        features = geojson.get("features")
        if not isinstance(features, list) or len(features) != 1:
            count = len(features) if isinstance(features, list) else 0
            raise GeometryError(f"A FeatureCollection must contain exactly one feature (got {count})")
        if not isinstance(features[0], dict) or features[0].get("type") != "Feature":
            raise GeometryError("The FeatureCollection's member must be a GeoJSON Feature")
        return parse_aoi(features[0])
    if kind == "Feature":
        geometry = geojson.get("geometry")
        if not isinstance(geometry, dict):
            raise GeometryError("The Feature has no geometry")
        properties = geojson.get("properties")
        feature = {**geojson, "properties": properties if isinstance(properties, dict) else {}}
        return AoiGeometry(feature, _polygon_of(geometry))
    if kind in ("Polygon", "MultiPolygon"):
        return AoiGeometry({"type": "Feature", "properties": {}, "geometry": geojson}, _polygon_of(geojson))
    raise GeometryError(f"Unsupported GeoJSON type {kind!r}: expected {_SUPPORTED}")


def _polygon_of(geometry: dict[str, Any]) -> Polygon:
    kind = geometry.get("type")
    coordinates = geometry.get("coordinates")
    if kind == "MultiPolygon":
        if not isinstance(coordinates, list) or len(coordinates) != 1:
            count = len(coordinates) if isinstance(coordinates, list) else 0
            raise GeometryError(f"A MultiPolygon must contain exactly one polygon (got {count})")
        coordinates = coordinates[0]
    elif kind != "Polygon":
        raise GeometryError(f"Unsupported geometry type {kind!r}: expected {_SUPPORTED}")
    if not isinstance(coordinates, list) or not coordinates:
        raise GeometryError("Polygon coordinates must be a non-empty list of linear rings")
    rings = [_ring(ring, number) for number, ring in enumerate(coordinates)]
    polygon = Polygon(rings[0], rings[1:])
    if not polygon.is_valid:
        raise GeometryError(f"Invalid polygon: {shapely.is_valid_reason(polygon)}")
    _check_extent(polygon)
    return polygon


def _ring(ring: Any, number: int) -> list[tuple[float, float]]:
    name = "exterior ring" if number == 0 else f"interior ring {number}"
    if not isinstance(ring, list) or len(ring) < 4:
        raise GeometryError(f"The {name} must be a list of at least 4 positions")
    positions = [_position(position, name) for position in ring]
    if positions[0] != positions[-1]:
        raise GeometryError(f"The {name} is not closed: its first and last positions differ")
    return positions


def _position(position: Any, ring_name: str) -> tuple[float, float]:
    if (
        not isinstance(position, list)
        or len(position) not in (2, 3)
        or not all(isinstance(value, (int, float)) and not isinstance(value, bool) for value in position)
        or not all(math.isfinite(value) for value in position)
    ):
        raise GeometryError(f"Every position of the {ring_name} must be [longitude, latitude] numbers")
    lon, lat = float(position[0]), float(position[1])
    if not -180.0 <= lon <= 180.0:
        raise GeometryError(f"Longitude {lon} is out of range [-180, 180]")
    if not -90.0 <= lat <= 90.0:
        raise GeometryError(f"Latitude {lat} is out of range [-90, 90]")
    return lon, lat


def _check_extent(polygon: Polygon) -> None:
    min_lon, min_lat, max_lon, max_lat = polygon.bounds
    if max_lon - min_lon > 180.0:
        raise GeometryError(
            "The polygon crosses the antimeridian (spans more than 180° of longitude); split it into "
            "one polygon on each side"
        )
    if max(abs(min_lat), abs(max_lat)) >= MAX_ABS_LATITUDE:
        raise GeometryError(
            f"The polygon reaches latitude ±{MAX_ABS_LATITUDE:g}° or beyond, where UTM (and so the "
            "bounding-box metrics) is not defined"
        )


def search_geometry(geojson: Any) -> BaseGeometry:
    """A search's GeoJSON geometry (RFC 7946), made valid; GeometryError when it is not GeoJSON.

    As strict as a GeoJSON model: lines of 2+ positions, closed rings of 4+, lon/lat in range.
    """
    _check_geometry(geojson)
    return shapely.make_valid(shapely.geometry.shape(geojson))


def _check_geometry(geojson: Any) -> None:
    if not isinstance(geojson, dict):
        raise GeometryError("A GeoJSON geometry must be an object")
    kind = geojson.get("type")
    if kind == "GeometryCollection":
        members = geojson.get("geometries")
        if not isinstance(members, list):
            raise GeometryError("A GeometryCollection needs a list of geometries")
        for member in members:
            _check_geometry(member)
        return
    check = _COORDINATE_CHECKS.get(kind)
    if check is None:
        raise GeometryError(f"Unsupported GeoJSON geometry type {kind!r}")
    check(geojson.get("coordinates"))


def _members(coordinates: Any, kind: str) -> list[Any]:
    if not isinstance(coordinates, list) or not coordinates:
        raise GeometryError(f"The coordinates of a {kind} must be a non-empty list")
    return coordinates


def _point(coordinates: Any) -> None:
    _position(coordinates, "Point")


def _multi_point(coordinates: Any) -> None:
    for position in _members(coordinates, "MultiPoint"):
        _position(position, "MultiPoint")


def _line(coordinates: Any) -> None:
    if not isinstance(coordinates, list) or len(coordinates) < 2:
        raise GeometryError("A LineString needs at least 2 positions")
    for position in coordinates:
        _position(position, "LineString")


def _multi_line(coordinates: Any) -> None:
    for line in _members(coordinates, "MultiLineString"):
        _line(line)


def _polygon(coordinates: Any) -> None:
    for number, ring in enumerate(_members(coordinates, "Polygon")):
        _ring(ring, number)


def _multi_polygon(coordinates: Any) -> None:
    for polygon in _members(coordinates, "MultiPolygon"):
        _polygon(polygon)


_COORDINATE_CHECKS = {
    "Point": _point,
    "MultiPoint": _multi_point,
    "LineString": _line,
    "MultiLineString": _multi_line,
    "Polygon": _polygon,
    "MultiPolygon": _multi_polygon,
}


def utm_epsg(lon: float, lat: float) -> int:
    """The EPSG code of the WGS 84 / UTM zone containing a lon/lat point."""
    zone = min(math.floor((lon + 180.0) / 6.0) + 1, 60)
    return (32600 if lat >= 0 else 32700) + zone


def transformer(source_epsg: int, target_epsg: int) -> osr.CoordinateTransformation:
    """A (per-thread cached) lon/lat-ordered transformation between two EPSG codes."""
    cache: dict[tuple[int, int], osr.CoordinateTransformation] | None = getattr(_local, "transformers", None)
    if cache is None:
        cache = _local.transformers = {}
    key = (source_epsg, target_epsg)
    if key not in cache:
        cache[key] = osr.CoordinateTransformation(
            spatial_reference(source_epsg), spatial_reference(target_epsg)
        )
    return cache[key]


def spatial_reference(epsg: int) -> osr.SpatialReference:
    """An EPSG spatial reference with traditional GIS (x = lon/easting) axis order."""
    reference = osr.SpatialReference()
    reference.ImportFromEPSG(epsg)
    reference.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return reference


def project(geometry: BaseGeometry, source_epsg: int, target_epsg: int) -> BaseGeometry:
    """Transform a shapely geometry's coordinates between two EPSG codes."""
    transformation = transformer(source_epsg, target_epsg)

    def convert(coords: np.ndarray) -> np.ndarray:
        try:
            points = transformation.TransformPoints(coords.tolist())
        except RuntimeError as error:
            raise GeometryError(f"The polygon cannot be projected to EPSG:{target_epsg}: {error}") from None
        return np.asarray(points)[:, :2]

    return shapely.transform(geometry, convert)


def metrics(polygon: Polygon) -> Metrics:
    """Bounding-box width/height (m) and area (m²) of a lon/lat polygon, as the server reports them."""
    min_lon, min_lat, max_lon, max_lat = polygon.bounds
    epsg = utm_epsg((min_lon + max_lon) / 2.0, (min_lat + max_lat) / 2.0)
    corners = project(box(min_lon, min_lat, max_lon, max_lat), WGS84_EPSG, epsg)
    min_x, min_y, max_x, max_y = corners.bounds
    area = project(polygon, WGS84_EPSG, epsg).area
    return Metrics(_truncate(max_x - min_x), _truncate(max_y - min_y), _truncate(area), epsg)


def _truncate(value: float) -> float:
    """Cut to one decimal, as the real server does (72561.276 -> 72561.2)."""
    return math.floor(round(value * 10.0, 6)) / 10.0


def geohash(lon: float, lat: float, precision: int = 8) -> str:
    """The (upper-case) geohash of a point, as used in constellr file names."""
    lon_range, lat_range = [-180.0, 180.0], [-90.0, 90.0]
    code, bits, value, even = [], 0, 0, True
    while len(code) < precision:
        interval, coordinate = (lon_range, lon) if even else (lat_range, lat)
        middle = (interval[0] + interval[1]) / 2.0
        value <<= 1
        if coordinate >= middle:
            value |= 1
            interval[0] = middle
        else:
            interval[1] = middle
        even, bits = not even, bits + 1
        if bits == 5:
            code.append(_GEOHASH_ALPHABET[value])
            bits, value = 0, 0
    return "".join(code).upper()
