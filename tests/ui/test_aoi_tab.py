"""The AOIs tab against the sandbox: live size check, server confirmation, creation, the AOI library."""

from __future__ import annotations

import json

import pytest
from qgis.core import Qgis, QgsCoordinateReferenceSystem, QgsGeometry, QgsProject
from qgis.PyQt.QtCore import QItemSelectionModel, Qt

from constellr.plugin.aoi_geometry import square_around
from constellr.plugin.context import PluginContext
from constellr.ui.aoi_tab import AoiTab

WGS84 = QgsCoordinateReferenceSystem("EPSG:4326")


@pytest.fixture
def tab(connected, recording_iface, wait_for):
    context = PluginContext()
    tab = AoiTab(recording_iface, context)
    yield tab
    tab.release()
    wait_for(lambda: not context.runner.running, what="tasks to end")
    for layer in QgsProject.instance().mapLayers().values():
        QgsProject.instance().removeMapLayer(layer.id())


def verdicts(tab: AoiTab) -> dict[str, str]:
    form = tab.size_check.verdicts
    return {
        form.itemAt(row, form.ItemRole.LabelRole).widget().text(): form.itemAt(row, form.ItemRole.FieldRole)
        .widget()
        .text()
        for row in range(form.rowCount())
    }


def select_library_rows(tab: AoiTab, ids: set[str]) -> None:
    table = tab.library.table
    table.selectionModel().clearSelection()
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    for row in range(table.rowCount()):
        if table.item(row, 0).data(Qt.ItemDataRole.UserRole) in ids:
            table.selectionModel().select(table.model().index(row, 0), flags)


def messages(tab: AoiTab, level: Qgis.MessageLevel) -> list[str]:
    return tab.iface.messageBar().get_messages(level)


def test_a_square_of_16_km_is_red_for_tasked_products_and_green_for_fusion(tab) -> None:
    tab.current.set_geometries([("big", square_around(13.4, 52.5, 16_000))], WGS84, "a test")
    assert verdicts(tab) == {
        "LSTprecision:": "✘ width 16 km exceeds 15 km; height 16 km exceeds 15 km",
        "LSTzoom:": "✘ width 16 km exceeds 15 km; height 16 km exceeds 15 km",
        "LSTfusion:": "✔ fits",
    }
    # the area is the polygon's own in UTM: a lon/lat square is turned against the UTM grid, so less than 16²
    assert tab.size_check.metrics_label.text() == "16 km × 16 km · 245.1 km²"


def test_the_server_confirms_the_local_figures(tab, wait_for) -> None:
    tab.current.set_geometries([("field", square_around(10.0, 45.0, 3_000))], WGS84, "a test")
    wait_for(
        lambda: "constellr measures the same" in tab.size_check.server_label.text(),
        what="server confirmation",
    )
    assert "3 km × 3 km" in tab.size_check.server_label.text()


def test_bad_geometry_is_explained_and_the_fix_offered(tab) -> None:
    spike = "POLYGON((13 52, 13.1 52, 13.1 52.1, 13.05 52.1, 13.05 52.15, 13.05 52.1, 13 52.1, 13 52))"
    tab.current.set_geometries([("spike", QgsGeometry.fromWkt(spike))], WGS84, "a test")
    assert "crosses itself" in tab.size_check.problem_label.text()
    assert tab.size_check.repair_button.isVisibleTo(tab)
    assert not tab.size_check.create_button.isEnabled()
    tab.size_check.repair_button.click()
    assert tab.size_check.problem_label.text() == ""
    assert tab.size_check.create_button.isEnabled()


def test_create_an_aoi_then_find_it_in_the_library(tab, connected, wait_for) -> None:
    tab.current.set_geometries([("x", square_around(13.4, 52.5, 2_000))], WGS84, "a test")
    tab.size_check.name_edit.setText("Tempelhof field")
    tab.size_check.name_edit.setModified(True)
    tab.size_check.description_edit.setText("from the test")
    tab.size_check.create_button.click()
    wait_for(lambda: any("Created 1 AOI" in m for m in messages(tab, Qgis.MessageLevel.Success)))
    wait_for(lambda: "AOIs in the workspace" in tab.library.status.text(), what="library refresh")
    names = [aoi.name for aoi in tab.library.aois]
    assert "Tempelhof field" in names
    assert tab.library.table.rowCount() == len(tab.library.aois)


def test_a_taken_name_is_refused_with_a_free_one_suggested(tab, wait_for) -> None:
    tab.library.refresh()
    wait_for(lambda: tab.library.aois, what="the library")
    taken = tab.library.aois[0].name
    tab.current.set_geometries([("x", square_around(13.4, 52.5, 2_000))], WGS84, "a test")
    tab.size_check.name_edit.setText(taken)
    tab.size_check.name_edit.setModified(True)
    tab.size_check.create_button.click()
    wait_for(lambda: messages(tab, Qgis.MessageLevel.Warning), what="the creation result")
    (message,) = messages(tab, Qgis.MessageLevel.Warning)  # nothing created: a warning, never a tick
    assert message.startswith("constellr:No AOI was created (1 refused).")
    assert (
        f"“{taken}” was not created: the name is taken in this workspace; “{taken} (2)” is free." in message
    )
    assert messages(tab, Qgis.MessageLevel.Success) == []


def test_the_library_holds_every_page_and_loads_as_a_styled_layer(tab, demo_client, wait_for) -> None:
    expected_names = sorted(aoi.name for aoi in demo_client.iter_aois())
    assert len(expected_names) > 20  # more than two default pages
    tab.library.refresh()
    wait_for(lambda: tab.library.aois, what="the library")
    assert sorted(aoi.name for aoi in tab.library.aois) == expected_names
    layer = tab.library.load_layer()
    assert layer.featureCount() == len(expected_names)
    assert layer.crs().authid() == "EPSG:4326"
    assert layer.labelsEnabled()
    name = layer.name()
    tab.library.load_layer()
    assert len(QgsProject.instance().mapLayersByName(name)) == 1  # replaced, not piled up


def test_export_the_library_as_geojson(tab, wait_for, tmp_path) -> None:
    tab.library.refresh()
    wait_for(lambda: tab.library.aois, what="the library")
    target = tmp_path / "aois.geojson"
    tab.library.export(str(target))
    exported = json.loads(target.read_text())
    assert exported["type"] == "FeatureCollection"
    assert len(exported["features"]) == len(tab.library.aois)
    assert {f["geometry"]["type"] for f in exported["features"]} == {"Polygon"}


def test_deleting_an_aoi_with_active_orders_is_explained(tab, demo_client, wait_for) -> None:
    client = demo_client
    active = {order.area_of_interest_id for order in client.iter_orders() if order.state == "in_progress"}
    fresh = client.create_aoi(
        "to delete",
        {"type": "Polygon", "coordinates": [[[13, 52], [13.01, 52], [13.01, 52.01], [13, 52]]]},
    )
    tab.library.refresh()
    wait_for(lambda: tab.library.aois, what="the library")
    busy = next(aoi.id for aoi in tab.library.aois if aoi.id in active)
    select_library_rows(tab, {busy, fresh.id})
    assert {aoi.id for aoi in tab.library.selected_aois()} == {busy, fresh.id}
    tab.library.delete_selection(confirm=False)
    wait_for(lambda: messages(tab, Qgis.MessageLevel.Warning), what="the deletion result")
    (message,) = messages(tab, Qgis.MessageLevel.Warning)
    assert "Deleted 1 AOI." in message
    assert "it has active orders" in message
    assert all(aoi.id != fresh.id for aoi in client.iter_aois())


def test_a_geojson_file_with_several_features_gives_one_aoi_each(tab, tmp_path) -> None:
    ring = [[13.0, 52.0], [13.02, 52.0], [13.02, 52.02], [13.0, 52.0]]
    features = [
        {
            "type": "Feature",
            "properties": {"name": name},
            "geometry": {"type": "Polygon", "coordinates": [ring]},
        }
        for name in ("east", "west")
    ]
    path = tmp_path / "fields.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    tab.sources.use_geojson_file(str(path))
    assert [aoi.name for aoi in tab.current.aois] == ["east", "west"]
    assert tab.size_check.create_button.text() == "Create 2 AOIs"
    assert tab.size_check.source_label.text() == "2 AOIs from the file fields.geojson."


def test_an_unreadable_geojson_file_is_a_plain_warning(tab, tmp_path) -> None:
    path = tmp_path / "broken.geojson"
    path.write_text("{not json")
    tab.sources.use_geojson_file(str(path))
    (warning,) = messages(tab, Qgis.MessageLevel.Warning)
    assert warning.startswith("constellr:broken.geojson could not be read as GeoJSON")
    assert tab.current.aois == []


def test_the_map_extent_becomes_the_aoi(tab) -> None:
    tab.sources.canvas.setExtent(tab.sources.canvas.mapSettings().destinationCrs().bounds())
    tab.sources.use_extent()
    (aoi,) = tab.current.aois
    assert aoi.name == "Map extent"


def test_a_file_in_another_crs_is_reprojected(tab, tmp_path) -> None:
    square = [[390000, 5810000], [400000, 5810000], [400000, 5820000], [390000, 5820000], [390000, 5810000]]
    collection = {
        "type": "FeatureCollection",
        "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::32633"}},
        "features": [
            {
                "type": "Feature",
                "properties": {"name": "utm"},
                "geometry": {"type": "Polygon", "coordinates": [square]},
            }
        ],
    }
    path = tmp_path / "utm.geojson"
    path.write_text(json.dumps(collection))
    tab.sources.use_geojson_file(str(path))
    (aoi,) = tab.current.aois
    centre = aoi.candidate.geometry.centroid().asPoint()
    assert (round(centre.x(), 1), round(centre.y(), 1)) == (13.5, 52.5)
    assert aoi.metrics.area_m2 == pytest.approx(1e8, rel=0.001)


def test_a_failed_server_check_says_why_in_red(tab, sandbox, wait_for) -> None:
    sandbox.faults.add(kind="status", status=500, path="/areas-of-interest/geometry-info")
    tab.current.set_geometries([("field", square_around(10.0, 45.0, 3_000))], WGS84, "a test")
    wait_for(lambda: tab.size_check.server_label.text().startswith("not confirmed: "), what="the failure")
    assert "constellr service had a problem" in tab.size_check.server_label.text()
    assert "#c62828" in tab.size_check.server_label.styleSheet()
