"""The AOIs tab against the sandbox: live size check, server confirmation, creation, the AOI library."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from qgis.core import (
    Qgis,
    QgsApplication,
    QgsCoordinateReferenceSystem,
    QgsGeometry,
    QgsPointXY,
    QgsProject,
)
from qgis.gui import QgsMapToolPan
from qgis.PyQt.QtCore import QItemSelectionModel, Qt, QTimer
from qgis.PyQt.QtGui import QFont
from qgis.PyQt.QtWidgets import QApplication, QLabel, QMessageBox, QTableWidget

from constellr.plugin.aoi_geometry import square_around
from constellr.plugin.context import PluginContext
from constellr.ui.aoi_tab import AoiTab
from constellr.ui.map_tools import AoiMapTool
from constellr.ui.size_check import verdict_column_titles

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
    check = tab.size_check
    assert "crosses itself" in check.problem_label.text()
    assert check.problem_label.isVisibleTo(tab)
    assert check.repair_button.isVisibleTo(tab)
    assert not check.create_button.isEnabled()
    check.repair_button.click()
    assert check.problem_label.text() == ""
    assert not check.problem_label.isVisibleTo(tab)  # no empty line where the problem was
    assert check.create_button.isEnabled()


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


# -- the AOI table's product columns ------------------------------------------------------------------
def test_verdict_columns_are_titled_by_the_shortest_distinct_abbreviation() -> None:
    assert verdict_column_titles(["LSTprecision", "LSTzoom", "LSTfusion"]) == ["P", "Z", "F"]
    assert verdict_column_titles(["LSTzoom", "LSTzeta", "Other"]) == ["Zo", "Ze", "Ot"]


def test_the_table_shows_a_tick_or_a_cross_per_product_and_says_why_in_the_tooltip(tab) -> None:
    tab.current.set_geometries([("big", square_around(13.4, 52.5, 16_000))], WGS84, "a test")
    table = tab.size_check.aoi_table
    headers = [table.horizontalHeaderItem(column) for column in range(table.columnCount())]
    assert [header.text() for header in headers] == ["Name", "Size", "P", "Z", "F"]
    assert headers[2].toolTip() == "Does it fit LSTprecision?"
    cells = [table.item(0, column) for column in range(table.columnCount())]
    assert [cell.text() for cell in cells] == ["big", "16 km × 16 km", "✘", "✘", "✔"]
    assert cells[2].toolTip() == "LSTprecision: ✘ width 16 km exceeds 15 km; height 16 km exceeds 15 km"
    assert cells[4].toolTip() == "LSTfusion: ✔ fits"


# -- fits a 1366×768 laptop: a dock of 400 px ------------------------------------------------------
LONG_NAME = "Feldstück 12 – Obstplantage Altes Land, Nordteil am Deich (Bewässerungsblock B, Sorte Elstar)"
SPIKE = "POLYGON((13 52, 13.1 52, 13.1 52.1, 13.05 52.1, 13.05 52.15, 13.05 52.1, 13 52.1, 13 52))"
MAX_TAB_WIDTH = 380  # a 400 px dock less its frame and margins


@pytest.fixture
def laptop_font():
    """A laptop's UI font: 10 pt DejaVu Sans is wider than QGIS's Segoe UI 9 pt on Windows."""
    default = QApplication.font()
    font = QFont(default)
    font.setPointSize(10)
    QApplication.setFont(font)
    yield font
    QApplication.setFont(default)


def write_geojson(path: Path, named_wkt: list[tuple[str, str]]) -> Path:
    features = [
        {
            "type": "Feature",
            "properties": {"name": name},
            "geometry": json.loads(QgsGeometry.fromWkt(wkt).asJson()),
        }
        for name, wkt in named_wkt
    ]
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    return path


def assert_no_sideways_scrolling(table: QTableWidget, key_column: int) -> None:
    header = table.horizontalHeader()
    assert table.horizontalScrollBar().maximum() == 0
    assert header.length() <= table.viewport().width()
    assert header.sectionSize(key_column) >= 80, "the name column must show the start of the name"


@pytest.mark.usefixtures("laptop_font")
def test_the_tab_fits_a_400_px_dock_whatever_the_names_and_messages(
    tab, sandbox, demo_client, tmp_path, wait_for
) -> None:
    demo_client.create_aoi(
        LONG_NAME[:100],
        {"type": "Polygon", "coordinates": [[[13, 52], [13.01, 52], [13.01, 52.01], [13, 52]]]},
    )
    tab.library.refresh()
    wait_for(lambda: any(aoi.name == LONG_NAME[:100] for aoi in tab.library.aois), what="the library")
    widths = {"empty": tab.minimumSizeHint().width()}

    square = square_around(13.4, 52.5, 12_000).asWkt()
    fields = [(f"{LONG_NAME} {number}", SPIKE if number == 1 else square) for number in range(1, 5)]
    path = write_geojson(
        tmp_path / "Bewaesserungsbloecke_Altes_Land_Obstbau_2026_endgueltig_v3.geojson", fields
    )
    sandbox.faults.add(kind="status", status=500, path="/areas-of-interest/geometry-info")
    tab.sources.use_geojson_file(str(path))
    check = tab.size_check
    assert "crosses itself" in check.problem_label.text()
    widths["long names, a long file name, a geometry problem"] = tab.minimumSizeHint().width()

    check.aoi_table.selectRow(1)
    wait_for(lambda: check.server_label.text().startswith("not confirmed: "), what="the server failure")
    assert len(check.server_label.text()) > 200
    widths["a long server failure"] = tab.minimumSizeHint().width()

    sandbox.faults.add(kind="status", status=500, path="/areas-of-interest", method="GET")
    tab.library.refresh()
    wait_for(lambda: "could not be loaded" in tab.library.status.text(), what="the library failure")
    widths["a long library failure"] = tab.minimumSizeHint().width()

    assert max(widths.values()) <= MAX_TAB_WIDTH, widths
    labels = [check.source_label, check.metrics_label, check.server_label, check.problem_label]
    labels += [check.verdicts.itemAt(row, check.verdicts.ItemRole.FieldRole).widget() for row in range(3)]
    labels.append(tab.library.status)
    assert all(isinstance(label, QLabel) and label.wordWrap() for label in labels)

    tab.resize(MAX_TAB_WIDTH, 700)
    tab.show()
    for _ in range(5):
        QgsApplication.processEvents()
    assert tab.scroll.horizontalScrollBar().maximum() == 0
    # long file names and URLs break too: no word is cut off at the dock's edge
    cut = [label.text() for label in labels if label.minimumSizeHint().width() > label.width()]
    assert cut == []
    assert_no_sideways_scrolling(check.aoi_table, 0)
    assert_no_sideways_scrolling(tab.library.table, 0)


# -- many AOIs at once ---------------------------------------------------------------------------------
@contextmanager
def answering(answer: QMessageBox.StandardButton) -> Iterator[list[str]]:
    """Answer every question box that opens with ``answer``; the texts asked, in order."""
    asked: list[str] = []

    def answer_open_box() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            asked.append(box.text())
            box.button(answer).click()

    timer = QTimer()
    timer.timeout.connect(answer_open_box)
    timer.start(10)
    try:
        yield asked
    finally:
        timer.stop()


def squares(count: int) -> list[tuple[str, QgsGeometry]]:
    return [(f"field {number}", square_around(13.0 + number / 100, 52.5, 500)) for number in range(count)]


def test_creating_more_than_ten_aois_asks_first_and_no_creates_nothing(tab, sandbox, wait_for) -> None:
    tab.current.set_geometries(squares(11), WGS84, "a test")
    with answering(QMessageBox.StandardButton.No) as asked:
        tab.size_check.create_button.click()
    assert asked == ["Create 11 AOIs in the workspace, one per polygon?"]
    assert tab.size_check.context.runner.running_for(tab.size_check) == []
    assert tab.size_check.create_button.isEnabled()
    wait_for(lambda: not tab.size_check.server_check.busy, what="the server check")
    assert not [r for r in sandbox.requests if r.method == "POST" and r.path == "/areas-of-interest"]


def test_creating_more_than_ten_aois_asks_first_and_yes_creates_them(tab, wait_for) -> None:
    tab.current.set_geometries(squares(11), WGS84, "a test")
    with answering(QMessageBox.StandardButton.Yes) as asked:
        tab.size_check.create_button.click()
    assert asked == ["Create 11 AOIs in the workspace, one per polygon?"]
    wait_for(lambda: messages(tab, Qgis.MessageLevel.Success), what="the creation result")
    assert messages(tab, Qgis.MessageLevel.Success)[0].startswith("constellr:Created 11 AOIs")


def test_ten_aois_are_created_without_asking(tab, wait_for) -> None:
    tab.current.set_geometries(squares(10), WGS84, "a test")
    with answering(QMessageBox.StandardButton.No) as asked:
        tab.size_check.create_button.click()
        wait_for(lambda: messages(tab, Qgis.MessageLevel.Success), what="the creation result")
    assert asked == []


# -- closing the dock ------------------------------------------------------------------------------------
def test_deactivating_unsets_the_draw_tool_and_takes_the_outline_off_the_map(tab, canvas) -> None:
    polygon_tool = tab.sources.tools["polygon"]
    polygon_tool.button().click()
    assert canvas.mapTool() is polygon_tool
    polygon_tool.show(QgsGeometry.fromWkt("POLYGON((13.1 52.1, 13.2 52.1, 13.2 52.2, 13.1 52.1))"))
    tab.current.set_geometries([("field", square_around(13.4, 52.5, 2_000))], WGS84, "a test")
    assert tab.sources.band.numberOfVertices() > 0

    tab.deactivate()
    assert not isinstance(canvas.mapTool(), AoiMapTool)
    assert not polygon_tool.button().isChecked()
    assert polygon_tool.band.numberOfVertices() == 0
    assert tab.sources.band.numberOfVertices() == 0
    assert [aoi.name for aoi in tab.current.aois] == ["field"]  # the AOI is kept
    tab.current.set_geometries([("moved", square_around(13.5, 52.5, 2_000))], WGS84, "a test")
    assert tab.sources.band.numberOfVertices() == 0  # nothing drawn while the dock is closed

    tab.show()  # the dock is opened again
    assert tab.sources.band.numberOfVertices() > 0


def test_deactivating_leaves_a_tool_of_qgis_alone(tab, canvas) -> None:
    pan = QgsMapToolPan(canvas)
    canvas.setMapTool(pan)
    tab.deactivate()
    assert canvas.mapTool() is pan
    canvas.unsetMapTool(pan)


# -- heavy AOIs are prepared in a task -------------------------------------------------------------------
def test_while_a_heavy_aoi_is_prepared_the_size_check_says_so_and_create_waits(
    tab, sandbox, wait_for
) -> None:
    check = tab.size_check
    tab.current.set_geometries([("small", square_around(13.4, 52.5, 2_000))], WGS84, "a test")
    assert check.create_button.isEnabled()
    assert not check.busy_label.isVisibleTo(tab)

    round_field = QgsGeometry.fromPointXY(QgsPointXY(13.4, 52.5)).buffer(0.01, 5_000)  # 20,000 vertices
    tab.current.set_geometries([("round field", round_field)], WGS84, "a test")
    assert tab.current.busy
    assert check.busy_label.isVisibleTo(tab)
    assert check.busy_label.text() == "Preparing the AOI…"
    assert not check.create_button.isEnabled()
    check.create_aois(confirm=False)  # the small AOI still shown is about to be replaced: nothing is sent
    assert check.context.runner.running_for(check) == []

    wait_for(lambda: not tab.current.busy, what="the preparation")
    assert not check.busy_label.isVisibleTo(tab)
    assert [aoi.name for aoi in tab.current.aois] == ["round field"]
    assert check.create_button.isEnabled()


def test_several_parts_say_the_size_of_the_whole_first_then_offer_one_aoi_per_part(tab) -> None:
    two_fields = QgsGeometry.collectGeometry(
        [square_around(13.0, 52.5, 1_000), square_around(13.3, 52.5, 1_000)]  # about 21 km apart
    )
    tab.current.set_geometries([("two fields", two_fields)], WGS84, "a test")
    check = tab.size_check
    row = [check.aoi_table.item(0, column).text() for column in range(check.aoi_table.columnCount())]
    assert row[0] == "two fields"
    assert row[1:] == ["21.4 km × 1.5 km", "✘", "✘", "✔"]  # the bbox of the whole, in UTM
    assert check.problem_label.text().startswith("21.4 km × 1.5 km — fits LSTfusion only.")
    assert check.split_button.isVisibleTo(tab)
    assert not check.create_button.isEnabled()
    check.split_button.click()
    assert [aoi.name for aoi in tab.current.aois] == ["two fields part 1", "two fields part 2"]
    assert check.create_button.text() == "Create 2 AOIs"


def test_the_library_sorts_sizes_by_area_and_dates_by_time(tab, wait_for) -> None:
    tab.library.refresh()
    wait_for(lambda: tab.library.aois, what="the library")
    table = tab.library.table
    by_id = {aoi.id: aoi for aoi in tab.library.aois}

    def column_order(column: int) -> list:
        table.sortItems(column, Qt.SortOrder.AscendingOrder)
        return [by_id[table.item(row, 0).data(Qt.ItemDataRole.UserRole)] for row in range(table.rowCount())]

    areas = [aoi.bbox_width * aoi.bbox_height for aoi in column_order(2) if aoi.bbox_width is not None]
    assert len(areas) > 20
    assert areas == sorted(areas)
    assert (
        len({len(table.item(row, 2).text()) for row in range(table.rowCount())}) > 1
    )  # text order would differ
    times = [aoi.created for aoi in column_order(1) if aoi.created is not None]
    assert times == sorted(times)


def test_a_late_server_answer_for_the_previous_aoi_is_never_shown(tab, sandbox, wait_for) -> None:
    sandbox.faults.add(
        kind="latency", path="/areas-of-interest/geometry-info", delay=1.0, times=1
    )  # the first AOI's answer
    tab.current.set_geometries([("first", square_around(10.0, 45.0, 3_000))], WGS84, "a test")
    wait_for(
        lambda: any(r.path == "/areas-of-interest/geometry-info" for r in sandbox.requests),
        what="the first check",
    )
    tab.current.set_geometries([("second", square_around(10.0, 45.0, 7_000))], WGS84, "a test")
    seen: list[str] = []
    deadline = time.monotonic() + 3.0  # past the slow answer's arrival
    while time.monotonic() < deadline:
        seen.append(tab.size_check.server_label.text())
        QgsApplication.processEvents()
        time.sleep(0.01)
    assert not any("3 km × 3 km" in text for text in seen)
    assert "constellr measures the same (7 km × 7 km" in seen[-1]
