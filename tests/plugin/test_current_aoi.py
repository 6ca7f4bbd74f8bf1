"""The current AOI follows its source layer (selection, edits, CRS) and never prepares on the main thread
what is heavy: busy while it works, a burst of edits prepared once, a superseded result never applied."""

from __future__ import annotations

import pytest
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsCoordinateTransformContext,
    QgsFeature,
    QgsFeedback,
    QgsGeometry,
    QgsPointXY,
    QgsProject,
    QgsVectorLayer,
)

from constellr.plugin.aoi_geometry import Verdict
from constellr.plugin.api import CancelledError
from constellr.plugin.compat import make_fields
from constellr.plugin.current_aoi import HEAVY_VERTICES, AoiSource, CurrentAoi, prepare_sources
from constellr.plugin.tasks import TaskRunner

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


@pytest.fixture
def settled(wait_for):
    """Run an action on the layer, then process events until ``current`` has prepared its outcome once."""

    def settle(current: CurrentAoi, action) -> None:
        seen = changes(current)
        action()
        wait_for(lambda: seen and not current.busy, timeout=10, what="the AOI to be prepared")

    return settle


def test_selected_features_in_any_crs_become_wgs84_aois_named_from_attributes(layer, settled) -> None:
    current = CurrentAoi()
    current.follow_layer(layer, selected_only=True)
    assert current.aois == []
    settled(current, lambda: layer.selectByIds([1]))
    (aoi,) = current.aois
    assert aoi.name == "north"
    extent = aoi.candidate.geometry.boundingBox()
    assert extent.xMinimum() == pytest.approx(13.40, abs=1e-6)
    assert extent.yMaximum() == pytest.approx(52.53, abs=1e-6)
    assert 3_000 < aoi.metrics.bbox_width_m < 3_600
    assert 3_300 < aoi.metrics.bbox_height_m < 3_500


def test_the_aoi_follows_selection_changes(layer, settled) -> None:
    current = CurrentAoi()
    current.follow_layer(layer, selected_only=True)
    counts = []
    for ids in ([1, 2], [3], []):
        settled(current, lambda ids=ids: layer.selectByIds(ids))
        counts.append(len(current.aois))
    assert counts == [2, 1, 0]
    settled(current, lambda: layer.selectByIds([3]))
    assert current.aois[0].name == f"{layer.name()} 1"  # no name attribute: layer name and number


def test_a_burst_of_selection_changes_is_prepared_once(layer, settled) -> None:
    current = CurrentAoi()
    current.follow_layer(layer, selected_only=True)
    seen = changes(current)
    settled(current, lambda: [layer.selectByIds(ids) for ids in ([1, 2], [3], [1, 2, 3], [2])])
    assert seen == [1]
    assert [aoi.name for aoi in current.aois] == ["south"]


def test_the_aoi_follows_edits_of_the_source_layer(layer, settled) -> None:
    current = CurrentAoi()
    current.follow_layer(layer, selected_only=True)
    settled(current, lambda: layer.selectByIds([1]))
    before = current.aois[0].metrics.area_m2
    layer.startEditing()
    bigger = (
        layer.getFeature(1).geometry().buffer(layer.getFeature(1).geometry().boundingBox().width() / 4, 2)
    )
    settled(current, lambda: layer.changeGeometry(1, bigger))
    assert current.aois[0].metrics.area_m2 > before * 1.2
    settled(current, layer.rollBack)
    assert current.aois[0].metrics.area_m2 == pytest.approx(before)


def test_a_burst_of_edits_is_prepared_once(layer, settled) -> None:
    current = CurrentAoi()
    current.follow_layer(layer, selected_only=False)
    seen = changes(current)
    layer.startEditing()
    original = layer.getFeature(1).geometry()

    def edit_five_times() -> None:
        for step in range(1, 6):
            layer.changeGeometry(1, original.buffer(original.boundingBox().width() * step / 10, 2))

    settled(current, edit_five_times)
    assert seen == [3]
    last = original.buffer(original.boundingBox().width() / 2, 2)
    assert current.aois[0].metrics.area_m2 == at_once(last, layer.crs()).metrics.area_m2
    layer.rollBack()


def test_whole_layer_gives_one_aoi_per_feature_and_follows_added_features(layer, settled) -> None:
    current = CurrentAoi()
    current.follow_layer(layer, selected_only=False)
    assert [aoi.name for aoi in current.aois] == ["north", "south", f"{layer.name()} 3"]
    layer.startEditing()
    copy = QgsFeature(layer.getFeature(1))
    settled(current, lambda: layer.addFeature(copy))
    assert len(current.aois) == 4
    settled(current, layer.rollBack)
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


def heavy_polygon(lon: float = 13.4, lat: float = 52.5) -> QgsGeometry:
    """A round parcel of 10,001 vertices, about 7 km across: simplified, hence prepared in a task."""
    polygon = QgsGeometry.fromPointXY(QgsPointXY(lon, lat)).buffer(0.05, 2500)
    assert polygon.constGet().nCoordinates() > HEAVY_VERTICES
    return polygon


def recorder(current: CurrentAoi) -> tuple[list[bool], list[list[str]]]:
    busy: list[bool] = []
    shown: list[list[str]] = []
    current.busyChanged.connect(busy.append)
    current.changed.connect(lambda: shown.append([aoi.name for aoi in current.aois]))
    return busy, shown


def test_a_heavy_shape_is_prepared_in_a_task_with_the_same_result_as_at_once(wait_for) -> None:
    runner = TaskRunner()
    current = CurrentAoi(runner=runner)
    busy, shown = recorder(current)
    current.set_geometries([("parcel", heavy_polygon())], WGS84, "a file")
    assert current.busy
    assert len(runner.running_for(current)) == 1
    assert shown == []  # nothing applied yet: the main thread is free
    wait_for(lambda: not current.busy, what="the preparation task")
    assert busy == [True, False]
    assert shown == [["parcel"]]
    (aoi,) = current.aois
    (at_once,) = prepare_sources(
        [AoiSource("parcel", heavy_polygon(), WGS84)], QgsCoordinateTransformContext()
    )
    assert aoi.candidate.verdict is at_once.candidate.verdict is Verdict.READY
    assert aoi.candidate.geometry.equals(at_once.candidate.geometry)
    assert aoi.metrics == at_once.metrics
    assert aoi.candidate.notes == at_once.candidate.notes


def test_a_light_shape_is_prepared_at_once_and_never_busy() -> None:
    current = CurrentAoi()
    busy, shown = recorder(current)
    current.set_geometries([("drawn", QgsGeometry.fromWkt(FIELDS_4326[0][1]))], WGS84, "a drawing")
    assert shown == [["drawn"]]
    assert busy == []
    assert not current.busy


def test_a_superseded_preparation_is_never_applied(wait_for) -> None:
    runner = TaskRunner()
    current = CurrentAoi(runner=runner)
    busy, shown = recorder(current)
    current.set_geometries([("first", heavy_polygon())], WGS84, "a file")
    current.set_geometries([("second", heavy_polygon(14.0))], WGS84, "another file")
    wait_for(lambda: not runner.running, what="both tasks to end")
    assert shown == [["second"]]
    assert current.aois[0].candidate.geometry.boundingBox().center().x() == pytest.approx(14.0, abs=0.01)
    current.set_geometries([("third", heavy_polygon())], WGS84, "a file")
    current.set_geometries([("drawn", QgsGeometry.fromWkt(FIELDS_4326[0][1]))], WGS84, "a drawing")
    wait_for(lambda: not runner.running, what="the superseded task to end")
    assert shown == [["second"], ["drawn"]]
    assert busy == [True, False, True, False]
    current.set_geometries([("fourth", heavy_polygon())], WGS84, "a file")
    current.clear()
    wait_for(lambda: not runner.running, what="the cleared task to end")
    assert shown[-1] == []
    assert current.aois == []


def test_a_preparation_cancelled_in_the_task_manager_says_so(wait_for) -> None:
    runner = TaskRunner()
    current = CurrentAoi(runner=runner)
    huge = QgsGeometry.fromPointXY(QgsPointXY(13.4, 52.5)).buffer(0.05, 50_000)  # ~0.5 s to prepare
    current.set_geometries([("parcel", huge)], WGS84, "a file")
    (task,) = runner.running_for(current)
    task.cancel()  # what the cancel button of QGIS's task manager does
    wait_for(lambda: not current.busy, what="the cancelled task to end")
    (aoi,) = current.aois
    assert aoi.candidate.verdict is Verdict.REFUSED
    assert aoi.candidate.message.startswith("The AOI was not prepared: ")
    assert "cancelled" in aoi.candidate.message.lower()


def test_a_cancelled_preparation_never_hands_back_a_partial_list() -> None:
    feedback = QgsFeedback()
    sources = [AoiSource(name, QgsGeometry.fromWkt(wkt), WGS84) for name, wkt in FIELDS_4326]
    context = QgsCoordinateTransformContext()
    assert len(prepare_sources(sources, context, feedback)) == 3
    feedback.cancel()
    with pytest.raises(CancelledError):
        prepare_sources(sources, context, feedback)


def at_once(geometry: QgsGeometry, crs: QgsCoordinateReferenceSystem):
    """The same preparation done at once, as the task's result must be."""
    (prepared,) = prepare_sources(
        [AoiSource("at once", geometry, crs)], QgsProject.instance().transformContext()
    )
    return prepared


def test_a_heavy_feature_of_a_followed_layer_is_prepared_in_a_task_and_follows_its_edits(settled) -> None:
    mercator = QgsCoordinateReferenceSystem("EPSG:3857")
    to_mercator = QgsCoordinateTransform(WGS84, mercator, QgsProject.instance())
    parcel, edited = heavy_polygon(), heavy_polygon().buffer(0.01, 5)
    for geometry in (parcel, edited):
        geometry.transform(to_mercator)
    layer = QgsVectorLayer("Polygon?crs=EPSG:3857", "big parcels", "memory")
    feature = QgsFeature()
    feature.setGeometry(parcel)
    layer.dataProvider().addFeatures([feature])
    QgsProject.instance().addMapLayer(layer)
    try:
        current = CurrentAoi()
        busy, _ = recorder(current)
        current.follow_layer(layer, selected_only=True)
        settled(current, layer.selectAll)
        assert busy == [True, False]
        expected = at_once(parcel, mercator)
        assert current.aois[0].metrics == expected.metrics
        assert current.aois[0].candidate.geometry.equals(expected.candidate.geometry)
        layer.startEditing()
        settled(current, lambda: layer.changeGeometry(1, edited))
        assert busy == [True, False, True, False]
        expected = at_once(edited, mercator)
        assert current.aois[0].metrics == expected.metrics
        assert current.aois[0].candidate.notes == expected.candidate.notes
        layer.rollBack()
    finally:
        QgsProject.instance().removeMapLayer(layer.id())


def test_splitting_a_multipart_shape_keeps_the_other_aois() -> None:
    current = CurrentAoi()
    two = "MULTIPOLYGON(((13 52, 13.1 52, 13.1 52.1, 13 52)), ((14 52, 14.1 52, 14.1 52.1, 14 52)))"
    current.set_geometries(
        [("before", QgsGeometry.fromWkt(FIELDS_4326[0][1])), ("two", QgsGeometry.fromWkt(two))],
        WGS84,
        "a file",
    )
    (several,) = [aoi for aoi in current.aois if aoi.candidate.verdict is Verdict.SEVERAL_PARTS]
    assert several.metrics is None  # no single polygon to measure …
    assert several.candidate.metrics.bbox_width_m > 70_000  # … but the size of the whole is known
    current.split_parts(1)
    assert [aoi.name for aoi in current.aois] == ["before", "two part 1", "two part 2"]


@pytest.mark.parametrize(
    ("authid", "extent"),
    [
        (
            "EPSG:3857",
            "POLYGON((-20037508 -20037508, 20037508 -20037508, 20037508 20037508, "
            "-20037508 20037508, -20037508 -20037508))",
        ),
        ("EPSG:3857", "POLYGON((-6e7 -3e7, 6e7 -3e7, 6e7 3e7, -6e7 3e7, -6e7 -3e7))"),
        ("EPSG:4326", "POLYGON((-180 -90, 180 -90, 180 90, -180 90, -180 -90))"),
        ("EPSG:4326", "POLYGON((-400 -200, 400 -200, 400 200, -400 200, -400 -200))"),
    ],
)
def test_a_world_scale_map_extent_says_to_zoom_in(authid: str, extent: str) -> None:
    current = CurrentAoi()
    crs = QgsCoordinateReferenceSystem(authid)
    current.set_geometries([("Map extent", QgsGeometry.fromWkt(extent))], crs, "the map extent")
    (aoi,) = current.aois
    assert aoi.candidate.verdict is Verdict.REFUSED
    assert aoi.candidate.message.startswith("The area spans ")
    assert "Zoom in to the area you want to order" in aoi.candidate.message
    assert "crosses itself" not in aoi.candidate.message
    assert "antimeridian" not in aoi.candidate.message
