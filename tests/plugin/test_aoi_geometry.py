"""Geometry → AOI: reprojection, repairs, refusals and local metrics with real QGIS geometries."""

from __future__ import annotations

import pytest
from qgis.core import QgsCoordinateReferenceSystem, QgsGeometry, QgsPointXY

from constellr.plugin.aoi_geometry import (
    MAX_VERTICES,
    Verdict,
    from_geojson,
    local_metrics,
    prepare_aoi,
    square_around,
    to_geojson_geometry,
    to_wgs84,
    utm_epsg,
    zoom_extent,
)

DOCS_POLYGON = (
    "POLYGON((11.053963 51.690862, 11.976814 51.690862, 11.976814 51.059955, "
    "10.944099 51.073763, 11.053963 51.690862))"
)


def test_local_metrics_match_the_documented_geometry_info_example() -> None:
    metrics = local_metrics(QgsGeometry.fromWkt(DOCS_POLYGON))
    assert metrics.utm_epsg == 32632
    assert metrics.bbox_width_m == pytest.approx(74218.0, abs=0.1)
    assert metrics.bbox_height_m == pytest.approx(72561.2, abs=0.1)
    assert metrics.area_m2 == pytest.approx(4728768008.0, rel=1e-6)


@pytest.mark.parametrize(
    ("lon", "lat", "epsg"),
    [(13.4, 52.5, 32633), (-3.7, 40.4, 32630), (151.2, -33.9, 32756), (180.0, 10, 32660)],
)
def test_utm_zone(lon: float, lat: float, epsg: int) -> None:
    assert utm_epsg(lon, lat) == epsg


def test_a_valid_polygon_is_ready_as_it_is() -> None:
    candidate = prepare_aoi(QgsGeometry.fromWkt("POLYGON((13 52, 13.1 52, 13.1 52.1, 13 52.1, 13 52))"))
    assert candidate.verdict is Verdict.READY
    assert candidate.notes == []
    assert to_geojson_geometry(candidate.geometry)["type"] == "Polygon"


def test_a_bow_tie_is_repaired_into_its_two_halves_offered_as_one_aoi_each() -> None:
    bow_tie = QgsGeometry.fromWkt("POLYGON((13 52, 13.1 52.1, 13.1 52, 13 52.1, 13 52))")
    candidate = prepare_aoi(bow_tie)
    assert candidate.verdict is Verdict.SEVERAL_PARTS
    assert "crosses itself; repaired, it falls into 2 separate polygons" in candidate.message
    assert [part.isGeosValid() for part in candidate.parts] == [True, True]


def test_a_spike_is_repaired_and_offered() -> None:
    spiky = QgsGeometry.fromWkt(
        "POLYGON((13 52, 13.1 52, 13.1 52.1, 13.05 52.1, 13.05 52.15, 13.05 52.1, 13 52.1, 13 52))"
    )
    candidate = prepare_aoi(spiky)
    assert candidate.verdict is Verdict.REPAIRABLE
    assert candidate.geometry.isGeosValid()
    assert candidate.geometry.area() == pytest.approx(0.01, rel=1e-6)


def test_several_polygons_are_offered_as_one_aoi_each() -> None:
    multi = QgsGeometry.fromWkt(
        "MULTIPOLYGON(((13 52, 13.1 52, 13.1 52.1, 13 52)), ((14 52, 14.1 52, 14.1 52.1, 14 52)))"
    )
    candidate = prepare_aoi(multi)
    assert candidate.verdict is Verdict.SEVERAL_PARTS
    assert len(candidate.parts) == 2
    assert "2 separate polygons" in candidate.message


def test_a_multipolygon_with_one_part_is_simply_a_polygon() -> None:
    candidate = prepare_aoi(QgsGeometry.fromWkt("MULTIPOLYGON(((13 52, 13.1 52, 13.1 52.1, 13 52)))"))
    assert candidate.verdict is Verdict.READY
    assert not candidate.geometry.isMultipart()


@pytest.mark.parametrize(
    ("wkt", "words"),
    [
        ("POINT(13 52)", "point has no area"),
        ("LINESTRING(13 52, 14 53)", "line has no area"),
        ("POLYGON EMPTY", "empty"),
        (None, "empty"),
    ],
)
def test_points_lines_and_empty_geometries_are_refused(wkt: str | None, words: str) -> None:
    candidate = prepare_aoi(QgsGeometry.fromWkt(wkt) if wkt else None)
    assert candidate.verdict is Verdict.REFUSED
    assert words in candidate.message


def test_z_and_m_values_are_dropped_with_a_note() -> None:
    candidate = prepare_aoi(
        QgsGeometry.fromWkt("POLYGON ZM((13 52 5 1, 13.1 52 5 1, 13.1 52.1 5 1, 13 52 5 1))")
    )
    assert candidate.verdict is Verdict.READY
    assert "Z and M values were dropped" in candidate.notes[0]
    assert candidate.geometry.asWkt(1).startswith("Polygon ((")


def test_very_many_vertices_are_simplified_within_a_stated_tolerance() -> None:
    circle = QgsGeometry.fromPointXY(QgsPointXY(13.4, 52.5)).buffer(0.05, 2500)
    assert circle.constGet().nCoordinates() > 10_000
    candidate = prepare_aoi(circle)
    assert candidate.verdict is Verdict.READY
    assert candidate.geometry.constGet().nCoordinates() <= MAX_VERTICES
    assert "Simplified from" in candidate.notes[0]
    assert "tolerance" in candidate.notes[0]
    assert candidate.geometry.area() == pytest.approx(circle.area(), rel=0.001)


@pytest.mark.parametrize(
    ("wkt", "words"),
    [
        ("POLYGON((179.9 10, 180.1 10, 180.1 10.1, 179.9 10.1, 179.9 10))", "antimeridian"),
        ("POLYGON((-179.9 10, 179.9 10, 179.9 10.1, -179.9 10.1, -179.9 10))", "antimeridian"),
        ("POLYGON((10 85, 11 85, 11 86, 10 86, 10 85))", "pole"),
        ("POLYGON((10 -89, 11 -89, 11 -86, 10 -86, 10 -89))", "pole"),
    ],
)
def test_antimeridian_and_polar_areas_are_refused_with_an_explanation(wkt: str, words: str) -> None:
    candidate = prepare_aoi(QgsGeometry.fromWkt(wkt))
    assert candidate.verdict is Verdict.REFUSED
    assert words in candidate.message


@pytest.mark.parametrize(
    ("authid", "wkt"),
    [
        (
            "EPSG:3857",
            "POLYGON((1491681 6893443, 1502813 6893443, 1502813 6911738, 1491681 6911738, 1491681 6893443))",
        ),
        (
            "EPSG:32633",
            "POLYGON((390000 5810000, 400000 5810000, 400000 5820000, 390000 5820000, 390000 5810000))",
        ),
    ],
)
def test_layers_in_projected_crs_are_reprojected_to_wgs84(authid: str, wkt: str) -> None:
    polygon = to_wgs84(QgsGeometry.fromWkt(wkt), QgsCoordinateReferenceSystem(authid))
    extent = polygon.boundingBox()
    assert 13.0 < extent.center().x() < 13.6
    assert 52.3 < extent.center().y() < 52.6
    if authid == "EPSG:32633":
        metrics = local_metrics(polygon)
        assert metrics.area_m2 == pytest.approx(1e8, rel=0.001)  # 10 km x 10 km in its own UTM zone
        # constellr measures the lon/lat bbox: a square off the central meridian is turned against the
        # meridians (grid convergence), so its lon/lat bbox is larger than the square itself
        assert 10_000 < metrics.bbox_height_m < 10_500


def test_geojson_in_all_accepted_wrappings() -> None:
    ring = [[13, 52], [13.1, 52], [13.1, 52.1], [13, 52]]
    polygon = {"type": "Polygon", "coordinates": [ring]}
    feature = {"type": "Feature", "properties": {}, "geometry": polygon}
    for geojson in (polygon, feature, {"type": "FeatureCollection", "features": [feature]}):
        assert from_geojson(geojson).asWkt(1) == "Polygon ((13 52, 13.1 52, 13.1 52.1, 13 52))"


@pytest.mark.parametrize(("lat", "size"), [(0.5, 15_000), (52.5, 15_000), (69.9, 15_000), (45.0, 1_000)])
def test_product_square_measures_its_size_the_way_constellr_does(lat: float, size: float) -> None:
    metrics = local_metrics(square_around(13.4, lat, size))
    assert size - 0.1 <= metrics.bbox_width_m <= size
    assert size - 0.1 <= metrics.bbox_height_m <= size


def test_the_zoom_extent_holds_the_geometry_in_the_map_crs() -> None:
    geometry = QgsGeometry.fromWkt("POLYGON((13 52, 13.1 52, 13.1 52.1, 13 52.1, 13 52))")
    extent = zoom_extent(geometry, QgsCoordinateReferenceSystem("EPSG:3857"))
    assert extent.contains(QgsGeometry.fromWkt("POINT(1450000 6820000)").boundingBox())
    assert 11_000 < extent.width() < 14_000  # 0.1° of longitude at 52° N, plus a margin
