"""Local metrics agree with the server's geometry-info within 1 % from the equator to 70° north."""

from __future__ import annotations

import math

import pytest
from qgis.core import QgsGeometry, QgsPointXY

from constellr.plugin.aoi_geometry import local_metrics, to_geojson_geometry


def irregular_polygon(lon: float, lat: float, size_m: float, sides: int, seed: int) -> QgsGeometry:
    """A star-ish polygon about ``size_m`` across, deterministic per seed."""
    ring = []
    for index in range(sides):
        angle = 2 * math.pi * index / sides
        radius = size_m / 2 * (0.6 + 0.4 * abs(math.sin(seed + index * 1.7)))
        dlat = radius * math.sin(angle) / 111_320
        dlon = radius * math.cos(angle) / (111_320 * math.cos(math.radians(lat)))
        ring.append(QgsPointXY(lon + dlon, lat + dlat))
    return QgsGeometry.fromPolygonXY([[*ring, ring[0]]])


SHAPES = [
    (lon, lat, size, sides)
    for lat, lon, size, sides in [
        (0.0, 9.0, 5_000, 4),
        (0.5, -60.0, 40_000, 7),
        (5.0, 2.99, 12_000, 5),  # straddles a UTM zone border
        (10.0, 100.0, 90_000, 9),
        (15.0, -15.0, 1_000, 4),
        (20.0, 30.0, 14_900, 6),
        (25.0, 55.0, 60, 4),
        (30.0, -100.0, 110_000, 12),
        (35.0, 140.0, 7_500, 8),
        (40.0, -3.7, 15_000, 4),
        (45.0, 11.0, 25_000, 10),
        (48.0, 2.35, 3_000, 5),
        (50.0, 8.7, 109_000, 16),
        (52.5, 13.4, 14_999, 4),
        (55.0, 12.6, 800, 6),
        (58.0, 18.0, 45_000, 7),
        (60.0, 25.0, 15_001, 4),
        (63.0, 10.4, 70_000, 11),
        (66.5, -18.0, 9_000, 5),
        (70.0, 23.7, 20_000, 9),
        (70.0, 179.5, 5_000, 4),
    ]
]


@pytest.mark.parametrize(("lon", "lat", "size", "sides"), SHAPES)
def test_local_and_server_metrics_agree_within_one_percent(demo_client, lon, lat, size, sides) -> None:
    polygon = irregular_polygon(lon, lat, size, sides, seed=int(lat * 10 + sides))
    local = local_metrics(polygon)
    server = demo_client.geometry_info(
        {"type": "Feature", "properties": {}, "geometry": to_geojson_geometry(polygon)}
    )
    assert local.bbox_width_m == pytest.approx(server.bbox_width, rel=0.01)
    assert local.bbox_height_m == pytest.approx(server.bbox_height, rel=0.01)
    assert local.area_m2 == pytest.approx(server.area, rel=0.01)
