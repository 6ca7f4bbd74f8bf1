"""Geometry → AOI: reprojection, repairs, refusals and local metrics with real QGIS geometries."""

from __future__ import annotations

import re

import pytest
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsCoordinateTransformContext,
    QgsCurvePolygon,
    QgsFeedback,
    QgsGeometry,
    QgsPointXY,
    QgsWkbTypes,
)

from constellr.plugin.aoi_geometry import (
    MAX_VERTICES,
    WGS84,
    Verdict,
    accepted_repair,
    from_geojson,
    largest_shift,
    local_metrics,
    prepare_aoi,
    prepare_aoi_from,
    size_verdict,
    square_around,
    to_geojson_geometry,
    to_wgs84,
    utm_epsg,
    zoom_extent,
)
from constellr.plugin.api import CancelledError
from constellr.plugin.rules import format_size

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


def wavy_parcel(vertices: int) -> QgsGeometry:
    """A parcel about 7 km across whose outline wiggles by up to ~20 m: simplification has to move it."""
    import math

    points = []
    for index in range(vertices):
        angle = 2 * math.pi * index / vertices
        radius = 0.05 * (1 + 0.002 * math.sin(397 * angle) + 0.0005 * math.sin(5003 * angle))
        points.append(QgsPointXY(13.4 + radius * math.cos(angle), 52.5 + 0.6 * radius * math.sin(angle)))
    return QgsGeometry.fromPolygonXY([points])


def in_utm(geometry: QgsGeometry, epsg: int) -> QgsGeometry:
    projected = QgsGeometry(geometry)
    projected.transform(
        QgsCoordinateTransform(
            WGS84, QgsCoordinateReferenceSystem(f"EPSG:{epsg}"), QgsCoordinateTransformContext()
        )
    )
    return projected


def test_very_many_vertices_are_simplified_stating_how_far_the_outline_moved() -> None:
    parcel = wavy_parcel(20_000)
    candidate = prepare_aoi(parcel)
    assert candidate.verdict is Verdict.READY
    assert candidate.geometry.constGet().nCoordinates() <= MAX_VERTICES
    (note,) = candidate.notes
    assert note.startswith("Simplified from 20,001 to ")
    moved = float(re.search(r"moved by at most ([\d.,]+) m", note).group(1).replace(",", ""))
    # the figure is the Hausdorff distance between the two outlines in the UTM zone, as GEOS finds it
    exact = in_utm(parcel, 32633).hausdorffDistance(in_utm(candidate.geometry, 32633))
    assert moved == pytest.approx(exact, abs=0.06)
    assert 1 < moved < 100


def test_the_size_and_verdicts_come_from_the_true_outline_not_the_simplified_one() -> None:
    parcel = wavy_parcel(20_000)
    candidate = prepare_aoi(parcel)
    assert candidate.metrics == local_metrics(parcel)
    assert candidate.metrics != local_metrics(candidate.geometry)


def test_the_largest_shift_is_the_hausdorff_distance_of_a_simplification() -> None:
    parcel = in_utm(wavy_parcel(5_000), 32633)
    for tolerance in (2, 10, 40):
        simplified = parcel.simplify(tolerance)
        shift = largest_shift(parcel, simplified)
        assert shift == pytest.approx(parcel.hausdorffDistance(simplified), abs=1e-6)
        assert shift <= tolerance


def test_a_shift_from_an_outline_that_is_no_simplification_is_still_measured() -> None:
    square = QgsGeometry.fromWkt("POLYGON((0 0, 100 0, 100 100, 0 100, 0 0))")
    moved = QgsGeometry.fromWkt("POLYGON((0 0, 103 0, 103 100, 0 100, 0 0))")
    assert largest_shift(square, moved) == pytest.approx(3.0)


@pytest.mark.parametrize(
    ("side_m", "verdict"),
    [
        (10_000, "fits every product"),
        (50_000, "fits LSTfusion only"),
        (30, "fits LSTprecision and LSTzoom only"),
        (200_000, "too large for every product (at most 110 km × 110 km)"),
    ],
)
def test_size_verdict_says_the_size_then_what_fits(side_m: float, verdict: str) -> None:
    metrics = local_metrics(square_around(13.4, 52.5, side_m))
    assert size_verdict(metrics) == f"{format_size(metrics.bbox_width_m, metrics.bbox_height_m)} — {verdict}"


def test_a_multipart_shape_says_its_size_and_verdict_before_offering_one_aoi_per_part() -> None:
    corners = QgsGeometry.fromWkt(
        "MULTIPOLYGON(((10 45, 10.1 45, 10.1 45.1, 10 45)), ((17 52, 17.1 52, 17.1 52.1, 17 52)), "
        "((13 48, 13.1 48, 13.1 48.1, 13 48)))"
    )
    candidate = prepare_aoi(corners)
    assert candidate.verdict is Verdict.SEVERAL_PARTS
    assert candidate.metrics == local_metrics(corners)
    size = format_size(candidate.metrics.bbox_width_m, candidate.metrics.bbox_height_m)
    assert size == "559.6 km × 798.9 km"
    assert candidate.message.startswith(f"{size} — too large for every product")
    assert candidate.message.endswith("Create one AOI per part (3 AOIs) instead.")


def test_a_huge_polygon_says_its_size_and_verdict_first() -> None:
    candidate = prepare_aoi(QgsGeometry.fromWkt("POLYGON((10 45, 17 45, 17 52, 10 52, 10 45))"))
    assert candidate.verdict is Verdict.READY
    assert candidate.message.startswith("5")
    assert "— too large for every product" in candidate.message
    assert prepare_aoi(square_around(13.4, 52.5, 10_000)).message == ""


def test_accepting_a_repair_keeps_the_polygon_and_its_size() -> None:
    spiky = QgsGeometry.fromWkt(
        "POLYGON((13 52, 13.1 52, 13.1 52.1, 13.05 52.1, 13.05 52.15, 13.05 52.1, 13 52.1, 13 52))"
    )
    offered = prepare_aoi(spiky)
    accepted = accepted_repair(offered)
    assert accepted.verdict is Verdict.READY
    assert accepted.geometry.equals(offered.geometry)
    assert accepted.metrics == offered.metrics
    assert accepted.message == ""


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


@pytest.mark.parametrize(
    ("authid", "wkt", "span"),
    [
        (
            "EPSG:3857",
            "POLYGON((-20037508 -20037508, 20037508 -20037508, 20037508 20037508, -20037508 20037508, "
            "-20037508 -20037508))",
            "40,075 km × 40,075 km in EPSG:3857",
        ),
        (
            "EPSG:3857",
            "POLYGON((-6e7 -3e7, 6e7 -3e7, 6e7 3e7, -6e7 3e7, -6e7 -3e7))",
            "120,000 km × 60,000 km in EPSG:3857",
        ),
        (
            "EPSG:4326",
            "POLYGON((-180 -90, 180 -90, 180 90, -180 90, -180 -90))",
            "360° of longitude × 180° of latitude",
        ),
        (
            "EPSG:4326",
            "POLYGON((-60 -20, 60 -20, 60 40, -60 40, -60 -20))",
            "120° of longitude × 60° of latitude",
        ),
    ],
)
def test_a_world_scale_extent_gets_a_plain_message(authid: str, wkt: str, span: str) -> None:
    candidate = prepare_aoi_from(QgsGeometry.fromWkt(wkt), QgsCoordinateReferenceSystem(authid))
    assert candidate.verdict is Verdict.REFUSED
    assert candidate.message.startswith(f"The area spans {span}: a continent or the whole world")
    assert "Zoom in to the area you want to order" in candidate.message


def test_a_shape_outside_its_crs_is_refused_plainly_not_with_a_transform_error() -> None:
    far_away = QgsGeometry.fromWkt("POLYGON((1e8 1e8, 1e8 1.0001e8, 1.0001e8 1.0001e8, 1e8 1e8))")
    candidate = prepare_aoi_from(far_away, QgsCoordinateReferenceSystem("EPSG:3035"))
    assert candidate.verdict is Verdict.REFUSED
    assert candidate.message.startswith("The area reaches beyond where EPSG:3035 is defined")


def test_a_small_area_across_the_antimeridian_is_still_explained_as_such() -> None:
    strip = QgsGeometry.fromWkt("POLYGON((-179.9 10, 179.9 10, 179.9 10.1, -179.9 10.1, -179.9 10))")
    assert "antimeridian" in prepare_aoi_from(strip, WGS84).message


def test_a_cancelled_preparation_stops_before_its_long_steps() -> None:
    feedback = QgsFeedback()
    assert prepare_aoi(wavy_parcel(20_000), feedback).verdict is Verdict.READY
    feedback.cancel()
    with pytest.raises(CancelledError):
        prepare_aoi(wavy_parcel(20_000), feedback)
    assert prepare_aoi(square_around(13.4, 52.5, 1_000), feedback).ready  # nothing long to stop


def test_a_curve_polygon_outline_is_simplified_and_its_shift_measured_too() -> None:
    parcel = wavy_parcel(5_000)
    as_curve_polygon = QgsCurvePolygon()  # what a GeoPackage layer with curves hands over
    as_curve_polygon.setExteriorRing(parcel.constGet().exteriorRing().clone())
    curved = QgsGeometry(as_curve_polygon)
    assert QgsWkbTypes.displayString(curved.wkbType()) == "CurvePolygon"
    projected = in_utm(curved, 32633)
    simplified = projected.simplify(5)
    assert largest_shift(projected, simplified) == pytest.approx(projected.hausdorffDistance(simplified))
    candidate = prepare_aoi(curved)
    assert candidate.verdict is Verdict.READY
    assert "moved by at most" in candidate.notes[0]
    assert to_geojson_geometry(candidate.geometry)["type"] == "Polygon"


def test_arcs_are_sent_as_straight_segments_with_a_note() -> None:
    arc = QgsGeometry.fromWkt(
        "CURVEPOLYGON(COMPOUNDCURVE(CIRCULARSTRING(13.4 52.5, 13.45 52.53, 13.5 52.5), "
        "(13.5 52.5, 13.4 52.5)))"
    )
    candidate = prepare_aoi(arc)
    assert candidate.verdict is Verdict.READY
    assert candidate.notes == ["Arcs were replaced by straight segments: an AOI is sent as a plain polygon."]
    assert to_geojson_geometry(candidate.geometry)["type"] == "Polygon"
    assert candidate.geometry.area() == pytest.approx(arc.area(), rel=0.001)
