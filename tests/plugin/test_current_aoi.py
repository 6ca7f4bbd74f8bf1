"""The current AOI follows its source layer: selection, edits, CRS."""

from __future__ import annotations

import pytest
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsFeature,
    QgsGeometry,
    QgsProject,
    QgsVectorLayer,
)

from constellr.plugin.aoi_geometry import Verdict
from constellr.plugin.compat import make_fields
from constellr.plugin.current_aoi import CurrentAoi

WGS84 = QgsCoordinateReferenceSystem("EPSG:4326")
FIELDS_4326 = [
    ("north", "POLYGON((13.40 52.50, 13.45 52.50, 13.45 52.53, 13.40 52.53, 13.40 52.50))"),
    ("south", "POLYGON((13.40 52.40, 13.60 52.40, 13.60 52.55, 13.40 52.55, 13.40 52.40))"),
    (None, "POLYGON((13.30 52.30, 13.31 52.30, 13.31 52.31, 13.30 52.31, 13.30 52.30))"),
]


def make_layer(authid: str) -> QgsVectorLayer:
    layer = QgsVectorLayer(f"Polygon?crs={authid}", f"parcels {authid}", "memory")
    layer.dataProvider().addAttributes(make_fields((("Name", "string"),)).toList())
    layer.updateFields()
    transform = QgsCoordinateTransform(WGS84, QgsCoordinateReferenceSystem(authid), QgsProject.instance())
    features = []
    for name, wkt in FIELDS_4326:
        geometry = QgsGeometry.fromWkt(wkt)
        geometry.transform(transform)
        feature = QgsFeature(layer.fields())
        feature.setAttributes([name])
        feature.setGeometry(geometry)
        features.append(feature)
    layer.dataProvider().addFeatures(features)
    QgsProject.instance().addMapLayer(layer)
    return layer


@pytest.fixture(params=["EPSG:4326", "EPSG:3857", "EPSG:32633"])
def layer(request):
    layer = make_layer(request.param)
    yield layer
    QgsProject.instance().removeMapLayer(layer.id())


def changes(current: CurrentAoi) -> list[int]:
    seen: list[int] = []
    current.changed.connect(lambda: seen.append(len(current.aois)))
    return seen


def test_selected_features_in_any_crs_become_wgs84_aois_named_from_attributes(layer) -> None:
    current = CurrentAoi()
    current.follow_layer(layer, selected_only=True)
    assert current.aois == []
    layer.selectByIds([1])
    (aoi,) = current.aois
    assert aoi.name == "north"
    extent = aoi.candidate.geometry.boundingBox()
    assert extent.xMinimum() == pytest.approx(13.40, abs=1e-6)
    assert extent.yMaximum() == pytest.approx(52.53, abs=1e-6)
    assert 3_000 < aoi.metrics.bbox_width_m < 3_600
    assert 3_300 < aoi.metrics.bbox_height_m < 3_500


def test_the_aoi_follows_selection_changes(layer) -> None:
    current = CurrentAoi()
    current.follow_layer(layer, selected_only=True)
    seen = changes(current)
    layer.selectByIds([1, 2])
    layer.selectByIds([3])
    layer.removeSelection()
    assert seen == [2, 1, 0]
    layer.selectByIds([3])
    assert current.aois[0].name == f"{layer.name()} 1"  # no name attribute: layer name and number


def test_the_aoi_follows_edits_of_the_source_layer(layer) -> None:
    current = CurrentAoi()
    current.follow_layer(layer, selected_only=True)
    layer.selectByIds([1])
    before = current.aois[0].metrics.area_m2
    layer.startEditing()
    bigger = (
        layer.getFeature(1).geometry().buffer(layer.getFeature(1).geometry().boundingBox().width() / 4, 2)
    )
    layer.changeGeometry(1, bigger)
    assert current.aois[0].metrics.area_m2 > before * 1.2
    layer.rollBack()
    assert current.aois[0].metrics.area_m2 == pytest.approx(before)


def test_whole_layer_gives_one_aoi_per_feature_and_follows_added_features(layer) -> None:
    current = CurrentAoi()
    current.follow_layer(layer, selected_only=False)
    assert [aoi.name for aoi in current.aois] == ["north", "south", f"{layer.name()} 3"]
    layer.startEditing()
    copy = QgsFeature(layer.getFeature(1))
    layer.addFeature(copy)
    assert len(current.aois) == 4
    layer.rollBack()
    assert len(current.aois) == 3


def test_removing_the_layer_clears_the_aoi() -> None:
    layer = make_layer("EPSG:4326")
    current = CurrentAoi()
    current.follow_layer(layer, selected_only=False)
    QgsProject.instance().removeMapLayer(layer.id())
    assert current.aois == []


def test_switching_source_stops_following_the_old_layer(layer) -> None:
    current = CurrentAoi()
    current.follow_layer(layer, selected_only=True)
    current.set_geometries([("drawn", QgsGeometry.fromWkt(FIELDS_4326[0][1]))], WGS84, "a drawing")
    layer.selectByIds([1, 2, 3])
    assert [aoi.name for aoi in current.aois] == ["drawn"]


def test_offered_fixes_replace_the_aoi() -> None:
    current = CurrentAoi()
    spike = "POLYGON((13 52, 13.1 52, 13.1 52.1, 13.05 52.1, 13.05 52.15, 13.05 52.1, 13 52.1, 13 52))"
    two = "MULTIPOLYGON(((13 52, 13.1 52, 13.1 52.1, 13 52)), ((14 52, 14.1 52, 14.1 52.1, 14 52)))"
    current.set_geometries(
        [("spike", QgsGeometry.fromWkt(spike)), ("two", QgsGeometry.fromWkt(two))], WGS84, "a file"
    )
    assert [aoi.candidate.verdict for aoi in current.aois] == [Verdict.REPAIRABLE, Verdict.SEVERAL_PARTS]
    current.accept_repair(0)
    current.split_parts(1)
    assert [aoi.name for aoi in current.aois] == ["spike", "two part 1", "two part 2"]
    assert all(aoi.candidate.ready for aoi in current.aois)
