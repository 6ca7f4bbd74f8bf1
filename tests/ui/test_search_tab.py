"""The Search tab against the sandbox: collections, filters on the wire, pages, cancel, selection, details."""

from __future__ import annotations

import json
import time
from datetime import datetime, timezone

import pytest
import requests
from qgis.core import (
    Qgis,
    QgsApplication,
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsFeature,
    QgsGeometry,
    QgsPointXY,
    QgsProject,
    QgsRasterLayer,
    QgsRectangle,
    QgsSettings,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QDate, QDateTime, QEvent, Qt, QTime, QTimeZone
from qgis.PyQt.QtGui import QImage

import constellr
from constellr.plugin.aoi_geometry import from_geojson
from constellr.plugin.api import ConstellrClient, StacItem, StacSearch
from constellr.plugin.context import PluginContext
from constellr.plugin.current_aoi import CurrentAoi
from constellr.plugin.search import MAX_PLACE_VERTICES, SearchRequest, fetch_preview
from constellr.plugin.workspace import AOIS
from constellr.ui.download_dialog import DownloadDialog
from constellr.ui.item_details import PREVIEW_HEIGHT, small_preview
from constellr.ui.legacy_assets import LegacyAssetsDialog
from constellr.ui.search_filters import Spatial
from constellr.ui.search_results import row_text
from constellr.ui.search_tab import SearchTab

UTC = timezone.utc
ORDER = "ad61f183-6566-46a6-ab36-4d9581ba7eae"  # 20 deliveries in the demo workspace
WGS84 = QgsCoordinateReferenceSystem("EPSG:4326")
MERCATOR = QgsCoordinateReferenceSystem("EPSG:3857")


def pump(seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        QgsApplication.processEvents()
        time.sleep(0.01)


@pytest.fixture
def bodies() -> list[dict]:
    """The JSON bodies of the POST requests the tab's client sends, as sent."""
    return []


@pytest.fixture
def tab(connected, recording_iface, bodies, wait_for):
    from sandbox.data import DEMO_API_KEY

    session = requests.Session()
    session.hooks["response"].append(
        lambda response, *args, **kwargs: (
            bodies.append(json.loads(response.request.body)) if response.request.method == "POST" else None
        )
    )
    context = PluginContext(lambda: ConstellrClient(connected.api_url, DEMO_API_KEY, session=session))
    current = CurrentAoi(runner=context.runner)
    tab = SearchTab(recording_iface, context, current_aoi=current)
    tab.resize(400, 900)
    yield tab
    tab.release()
    wait_for(lambda: not context.runner.running, what="tasks to end")
    tab.deleteLater()
    QgsProject.instance().removeAllMapLayers()
    QgsProject.instance().layerTreeRoot().removeAllChildren()
    session.close()


def searches(sandbox) -> list:
    return [request for request in sandbox.requests if request.path == "/stac/search"]


def run_search(tab: SearchTab, wait_for) -> None:
    tab.search_button.click()
    wait_for(tab.search_button.isEnabled, what="the search to end")


def test_the_collections_are_listed_when_the_tab_is_first_shown(tab, connected, wait_for) -> None:
    assert not [request for request in connected.requests if request.path == "/stac/collections"]
    tab.show()
    wait_for(lambda: tab.filters.collections_list.count() == 3, what="the collections")
    ids = [
        tab.filters.collections_list.item(row).data(Qt.ItemDataRole.UserRole)
        for row in range(tab.filters.collections_list.count())
    ]
    assert ids == ["lstprecision", "lstzoom", "lstfusion"]
    assert tab.filters.collections() == []  # none ticked: every collection


def test_a_search_over_several_pages_fills_the_layer_and_the_list(
    tab, connected, demo_client, wait_for
) -> None:
    expected = list(demo_client.search(StacSearch.for_order(ORDER)))
    tab.canvas.setDestinationCrs(MERCATOR)
    tab.filters.set_order(ORDER)
    tab.filters.page_spin.setValue(7)
    connected.requests.clear()
    tab.search_button.click()
    assert not tab.search_button.isEnabled()
    assert tab.cancel_button.isEnabled()
    wait_for(tab.search_button.isEnabled, what="the search to end")
    assert len(searches(connected)) == 3  # 7 + 7 + 6, each page once
    assert tab.status_label.text() == f"{len(expected)} of {len(expected)} items."
    layer = tab.results.layer
    assert layer.featureCount() == len(expected) == tab.results.model.rowCount()
    assert [key[1] for key in tab.results.model.keys] == [item.id for item in expected]  # newest first
    first = expected[0]
    assert tab.results.model.index(0, 0).data() == (
        f"{first.acquired:%Y-%m-%d %H:%M} UTC · {first.collection}\n{first.properties['platform']} · "
        f"{first.properties['constellr:illumination']} · cloud {first.properties['eo:cloud_cover']:.0f} %"
    )
    (group,) = QgsProject.instance().layerTreeRoot().children()
    assert group.name() == f"order {ORDER[:8]}"
    assert group.findLayer(layer.id()) is not None
    shown = tab.canvas.extent()  # zoomed to the results, in the map's CRS
    found = QgsCoordinateTransform(WGS84, MERCATOR, QgsProject.instance()).transformBoundingBox(
        layer.extent()
    )
    assert shown.contains(found)
    assert shown.width() < 5 * found.width()


def test_each_page_is_shown_as_it_arrives(tab, connected, wait_for) -> None:
    connected.faults.add(kind="latency", path="/stac/search", method="POST", delay=0.6)
    tab.filters.set_order(ORDER)
    tab.filters.page_spin.setValue(10)
    tab.search_button.click()
    wait_for(lambda: tab.results.model.rowCount() == 10, what="the first page")
    assert tab.results.layer.featureCount() == 10
    # the count follows within a quarter of a second (not at every page: each new text lays the dock out)
    wait_for(lambda: tab.status_label.text() == "10 of 20 items…", what="the count", timeout=0.5)
    assert tab.results.model.rowCount() == 10
    wait_for(tab.search_button.isEnabled, what="the search to end")
    assert tab.status_label.text() == "20 of 20 items."


def test_every_filter_reaches_the_request(tab, connected, bodies, recording_iface, wait_for) -> None:
    tab.show()
    wait_for(lambda: tab.filters.collections_list.count() == 3, what="the collections")
    filters = tab.filters
    filters.tick_collections(["lstprecision", "lstfusion"])
    filters.start_check.setChecked(True)
    filters.start_edit.setDateTime(QDateTime(QDate(2026, 11, 15), QTime(6, 30), QTimeZone.utc()))
    filters.end_check.setChecked(True)
    filters.end_edit.setDateTime(QDateTime(QDate(2026, 11, 30), QTime(23, 0), QTimeZone.utc()))
    filters.set_spatial(Spatial.EXTENT)
    filters.set_order(ORDER)
    filters.illumination_combo.setCurrentIndex(filters.illumination_combo.findData("day"))
    filters.cloud_spin.setValue(40)
    filters.sort_combo.setCurrentIndex(2)  # least cloud first
    filters.page_spin.setValue(4)
    filters.cql2_edit.setPlainText("platform = 'fusion'")
    canvas = recording_iface.mapCanvas()
    canvas.setDestinationCrs(MERCATOR)
    canvas.setExtent(QgsRectangle(-1.0e6, 4.0e6, 3.0e6, 8.0e6))
    to_wgs84 = QgsCoordinateTransform(canvas.mapSettings().destinationCrs(), WGS84, QgsProject.instance())
    request = filters.request()
    assert request == SearchRequest(
        collections=("lstprecision", "lstfusion"),
        start=datetime(2026, 11, 15, 6, 30, tzinfo=UTC),
        end=datetime(2026, 11, 30, 23, 0, 59, 999000, tzinfo=UTC),  # "until 23:00" includes 23:00:30
        intersects=request.intersects,
        order_id=ORDER,
        illumination="day",
        max_cloud_cover=40.0,
        sort_field="eo:cloud_cover",
        descending=False,
        page_size=4,
        cql2="platform = 'fusion'",
    )
    sent = from_geojson(request.intersects).boundingBox()
    wanted = to_wgs84.transformBoundingBox(canvas.extent())
    assert abs(sent.xMinimum() - wanted.xMinimum()) < 1e-6
    assert abs(sent.yMaximum() - wanted.yMaximum()) < 1e-6
    assert -10 < sent.xMinimum() < -8
    assert 57 < sent.yMaximum() < 59
    bodies.clear()
    run_search(tab, wait_for)
    first = bodies[0]
    assert first == request.to_stac().to_body()
    assert first["collections"] == ["lstprecision", "lstfusion"]
    assert first["datetime"].startswith("2026-11-15T06:30:00")
    assert "/2026-11-30T23:00:59.999" in first["datetime"]
    assert [sort["field"] for sort in first["sortby"]] == ["eo:cloud_cover", "id"]  # ties: by id
    assert first["limit"] == 4
    assert first["intersects"]["type"] == "Polygon"
    for words in (ORDER, "'day'", "eo:cloud_cover", "40", "platform = 'fusion'"):
        assert words in first["filter"]
    model = tab.results.model
    assert 0 < model.rowCount() < 20  # fewer than the order's deliveries
    tab.filters.setCollapsed(False)
    tab.reset_button.click()
    assert tab.filters.request() == SearchRequest(sort_field="eo:cloud_cover", descending=False, page_size=4)
    for item in (model.stac_item(row) for row in range(model.rowCount())):
        assert item.order_id == ORDER
        assert item.properties["platform"] == "fusion"
        assert item.properties["constellr:illumination"] == "day"
        assert item.properties["eo:cloud_cover"] <= 40


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        (
            lambda filters: (
                filters.start_check.setChecked(True),
                filters.start_edit.setDateTime(QDateTime(QDate(2026, 9, 2), QTime(0, 0))),
                filters.end_check.setChecked(True),
                filters.end_edit.setDateTime(QDateTime(QDate(2026, 9, 1), QTime(0, 0))),
            ),
            "The start date is after the end date",
        ),
        (
            lambda filters: filters.cql2_edit.setPlainText('{"op": "=", '),
            "The advanced filter is not valid JSON",
        ),
        (lambda filters: filters.set_spatial(Spatial.CURRENT_AOI), "There is no current AOI"),
        (lambda filters: filters.set_spatial(Spatial.SELECTED), "No features are selected"),
        (lambda filters: filters.set_spatial(Spatial.LIBRARY_AOI), "Choose an AOI of the library"),
    ],
)
def test_bad_input_is_said_next_to_the_form_and_nothing_is_sent(tab, connected, setting, message) -> None:
    tab.show()
    tab.filters.setCollapsed(True)  # as after an earlier search
    setting(tab.filters)
    connected.requests.clear()
    tab.search_button.click()
    assert not tab.filters.isCollapsed()
    assert tab.problem_label.isVisible()
    assert tab.problem_label.text().replace("\u200b", "").startswith(message)
    assert tab.search_button.isEnabled()
    pump(0.2)
    assert searches(connected) == []


def test_dates_are_utc_whatever_the_computer_s_time_zone(berlin_time, tab) -> None:
    filters = tab.filters
    filters.start_check.setChecked(True)
    filters.end_check.setChecked(True)
    # 02:30 does not exist in Berlin that night, but it is a fine UTC time: nothing shifts it
    filters.start_edit.setDateTime(QDateTime(QDate(2026, 3, 29), QTime(2, 30), QTimeZone.utc()))
    filters.end_edit.setDateTime(QDateTime(QDate(2026, 3, 29), QTime(2, 45), QTimeZone.utc()))
    assert filters.start_edit.text() == "2026-03-29 02:30"
    request = filters.request()
    assert (request.start, request.end) == (
        datetime(2026, 3, 29, 2, 30, tzinfo=UTC),
        datetime(2026, 3, 29, 2, 45, 59, 999000, tzinfo=UTC),
    )
    sent = request.to_stac().to_body()["datetime"]
    assert sent == "2026-03-29T02:30:00.000000Z/2026-03-29T02:45:59.999000Z"


def area_of(bodies: list[dict]) -> QgsGeometry:
    (body,) = bodies
    return from_geojson(body["intersects"])


def test_the_current_aoi_is_sent_as_the_area(tab, bodies, wait_for) -> None:
    square = QgsGeometry.fromRect(QgsRectangle(4.40, 43.58, 4.45, 43.62))
    tab.filters.current_aoi.set_geometries([("Camargue", square)], WGS84, "drawn")
    tab.filters.set_spatial(Spatial.CURRENT_AOI)
    run_search(tab, wait_for)
    assert area_of(bodies).equals(square)
    assert tab.results.model.rowCount() > 0


def test_an_aoi_of_the_library_is_sent_as_the_area(tab, bodies, wait_for) -> None:
    workspace = tab.context.workspace
    workspace.refresh([AOIS])
    wait_for(lambda: workspace.is_loaded(AOIS), what="the AOIs")
    aoi = workspace.aois[3]
    tab.filters.set_spatial(Spatial.LIBRARY_AOI)
    assert tab.filters.library_combo.isVisibleTo(tab.filters)
    tab.filters.library_combo.setCurrentIndex(tab.filters.library_combo.findData(aoi.id))
    run_search(tab, wait_for)
    assert area_of(bodies).equals(from_geojson(aoi.geometry))


def test_selected_features_are_sent_in_wgs84(tab, bodies, recording_iface, wait_for) -> None:
    layer = QgsVectorLayer("Polygon?crs=EPSG:3857", "parcels", "memory")
    features = []
    for x in (490000.0, 520000.0, 900000.0):
        feature = QgsFeature()
        feature.setGeometry(QgsGeometry.fromRect(QgsRectangle(x, 5400000.0, x + 2000.0, 5402000.0)))
        features.append(feature)
    layer.dataProvider().addFeatures(features)
    QgsProject.instance().addMapLayer(layer)
    recording_iface.setActiveLayer(layer)
    layer.selectByIds([feature.id() for feature in layer.getFeatures()][:2])
    tab.filters.set_spatial(Spatial.SELECTED)
    run_search(tab, wait_for)
    sent = area_of(bodies)
    assert sent.constGet().numGeometries() == 2  # the two selected parcels, not the third
    box = sent.boundingBox()
    assert 4.39 < box.xMinimum() < 4.41  # 490 km east in Web Mercator is 4.40° E
    assert 43.5 < box.yMinimum() < 43.6


def test_a_large_selection_is_sent_as_its_bounding_box(tab, bodies, recording_iface, wait_for) -> None:
    layer = QgsVectorLayer("Polygon?crs=EPSG:3857", "coastline", "memory")
    features = []
    for x in (490000.0, 560000.0):
        feature = QgsFeature()
        # two round lakes of many vertices each: together more than the outline limit
        feature.setGeometry(
            QgsGeometry.fromPointXY(QgsPointXY(x, 5400000.0)).buffer(5000.0, MAX_PLACE_VERTICES)
        )
        features.append(feature)
    layer.dataProvider().addFeatures(features)
    QgsProject.instance().addMapLayer(layer)
    recording_iface.setActiveLayer(layer)
    layer.selectAll()
    tab.filters.set_spatial(Spatial.SELECTED)
    run_search(tab, wait_for)
    sent = area_of(bodies)
    assert sent.constGet().nCoordinates() == 5  # a rectangle
    to_wgs84 = QgsCoordinateTransform(layer.crs(), WGS84, QgsProject.instance())
    wanted = to_wgs84.transformBoundingBox(layer.boundingBoxOfSelected())
    assert sent.boundingBox().toString(6) == wanted.toString(6)
    assert tab.problem_label.text() == ""


def test_a_map_zoomed_out_beyond_the_world_is_sent_within_it(tab, recording_iface) -> None:
    canvas = recording_iface.mapCanvas()
    canvas.setDestinationCrs(WGS84)
    canvas.setExtent(QgsRectangle(-400.0, -200.0, 400.0, 200.0))
    tab.filters.set_spatial(Spatial.EXTENT)
    sent = from_geojson(tab.filters.request().intersects).boundingBox()
    assert (sent.xMinimum(), sent.yMinimum(), sent.xMaximum(), sent.yMaximum()) == (-180, -90, 180, 90)


MOLLWEIDE = QgsCoordinateReferenceSystem("ESRI:54009")


@pytest.mark.parametrize("spatial", [Spatial.EXTENT, Spatial.SELECTED])
def test_a_place_beyond_its_crs_is_said_next_to_the_form(tab, connected, recording_iface, spatial) -> None:
    outside = QgsRectangle(2.0e7, 2.0e7, 3.0e7, 3.0e7)  # beyond the Mollweide ellipse
    canvas = recording_iface.mapCanvas()
    canvas.setDestinationCrs(MOLLWEIDE)
    canvas.setExtent(outside)
    layer = QgsVectorLayer("Polygon?crs=ESRI:54009", "beyond", "memory")
    feature = QgsFeature()
    feature.setGeometry(QgsGeometry.fromRect(outside))
    layer.dataProvider().addFeatures([feature])
    QgsProject.instance().addMapLayer(layer)
    recording_iface.setActiveLayer(layer)
    layer.selectAll()
    tab.filters.set_spatial(spatial)
    connected.requests.clear()
    tab.search_button.click()  # a QgsCsException escaping the slot would be an error dialog
    problem = tab.problem_label.text().replace("\u200b", "")
    what = "The map extent" if spatial is Spatial.EXTENT else "The selection of “beyond”"
    assert problem.startswith(f"{what} reaches beyond where ESRI:54009 is defined")
    assert "zoom in" in problem
    assert tab.search_button.isEnabled()
    pump(0.2)
    assert searches(connected) == []


def test_cancel_stops_at_once_and_keeps_what_was_received(tab, connected, wait_for) -> None:
    connected.faults.add(kind="latency", path="/stac/search", method="POST", delay=0.5)
    tab.filters.set_order(ORDER)
    tab.filters.page_spin.setValue(5)
    tab.search_button.click()
    wait_for(lambda: tab.results.model.rowCount() == 5, what="the first page")
    tab.cancel_button.click()
    assert tab.search_button.isEnabled()
    assert not tab.cancel_button.isEnabled()
    assert tab.status_label.text() == "Search cancelled: 5 of 20 items received are kept."
    wait_for(lambda: not tab.context.runner.running, what="the task to stop", timeout=1.0)
    pump(0.7)  # longer than a page takes
    assert len(searches(connected)) <= 2  # the page under way when cancelled, no more
    assert tab.results.model.rowCount() == tab.results.layer.featureCount() == 5
    assert tab.status_label.text() == "Search cancelled: 5 of 20 items received are kept."


@pytest.fixture
def found(tab, wait_for) -> SearchTab:
    """The tab with the order's 20 deliveries found."""
    tab.show()
    tab.filters.set_order(ORDER)
    run_search(tab, wait_for)
    assert tab.results.model.rowCount() == 20
    return tab


def selected_ids(layer: QgsVectorLayer) -> set[str]:
    return {feature["item_id"] for feature in layer.getSelectedFeatures()}


def test_the_list_and_the_layer_select_the_same_items(found, recording_iface) -> None:
    results, layer = found.results, found.results.layer
    items = [results.model.stac_item(row) for row in range(results.model.rowCount())]
    results.select_rows([2, 3])
    assert selected_ids(layer) == {items[2].id, items[3].id}
    assert [item.id for item in found.selected_items()] == [items[2].id, items[3].id]
    fid = next(feature.id() for feature in layer.getFeatures() if feature["item_id"] == items[7].id)
    layer.selectByIds([fid])  # on the map
    assert [item.id for item in found.selected_items()] == [items[7].id]
    assert found.details.item == items[7]
    layer.removeSelection()
    assert found.selected_items() == []
    assert not found.lst_button.isEnabled()
    assert found.lst_button.toolTip() == "Select items in the list or on the map first"


def test_selecting_in_the_list_can_zoom_to_the_items(found, recording_iface) -> None:
    canvas = recording_iface.mapCanvas()
    canvas.setExtent(QgsRectangle(-100.0, -50.0, 100.0, 50.0))
    found.results.zoom_check.setChecked(True)
    found.results.select_rows([0])
    footprint = from_geojson(found.results.model.stac_item(0).geometry).boundingBox()
    assert canvas.extent().contains(footprint)
    assert canvas.extent().width() < 10 * footprint.width()


def test_the_details_show_properties_assets_and_the_thumbnail(found, connected, wait_for) -> None:
    item = found.results.model.stac_item(0)
    connected.requests.clear()
    found.results.select_rows([0])
    text = found.details.text.toPlainText().replace("\u200b", "")
    assert item.id in text
    assert "eo:cloud_cover" in text
    assert "lst" in text
    assert "thumbnail" in text
    assert "X-Amz" not in text
    assert "http" not in text
    wait_for(
        lambda: found.details.preview.pixmap() and not found.details.preview.pixmap().isNull(),
        what="the thumbnail",
    )
    pixmap = found.details.preview.pixmap()
    assert 0 < pixmap.height() <= 160
    assert pixmap.width() <= found.details.width()
    (fetched,) = [request for request in connected.requests if request.server == "storage"]
    assert fetched.path.endswith("thumbnail.jpg")
    assert not any(name.lower() == "x-api-key" for name in fetched.headers)


def test_a_thumbnail_is_kept_only_as_small_as_it_is_shown(demo_client) -> None:
    class Running:
        def isCanceled(self) -> bool:
            return False

    item = next(iter(demo_client.search(StacSearch(limit=1))))
    full = QImage.fromData(fetch_preview(demo_client, Running(), item))
    assert full.height() > PREVIEW_HEIGHT  # the sandbox's thumbnails are larger than shown
    image = small_preview(demo_client, Running(), item)
    assert isinstance(image, QImage)  # decoded in the task, not on the main thread as a pixmap
    assert 0 < image.height() <= PREVIEW_HEIGHT
    assert image.width() / image.height() == pytest.approx(full.width() / full.height(), rel=0.02)


def test_add_lst_layers_streams_the_selected_items(found, wait_for) -> None:
    found.results.select_rows([0, 1])
    assert found.lst_button.isEnabled()
    found.lst_button.click()
    project = QgsProject.instance()

    def rasters() -> list[QgsRasterLayer]:
        return [layer for layer in project.mapLayers().values() if isinstance(layer, QgsRasterLayer)]

    wait_for(lambda: len(rasters()) == 2, what="the LST layers", timeout=30)
    assert all(layer.isValid() for layer in rasters())


def test_show_deliveries_opens_the_search_tab_with_the_order_found(
    recording_iface, connected, wait_for
) -> None:
    plugin = constellr.classFactory(recording_iface)
    plugin.initGui()
    try:
        plugin.actions[0].setChecked(True)
        dock = plugin.dock
        orders = dock.orders_tab
        wait_for(lambda: orders.model.rowCount() > 0, what="the orders")
        orders.select_orders([ORDER])
        orders.deliveries_button.click()
        assert dock.tabs.currentWidget() is dock.search_tab
        search = dock.search_tab
        assert search.filters.order_edit.text() == ORDER
        wait_for(search.search_button.isEnabled, what="the deliveries")
        assert search.results.model.rowCount() == 20
        assert search.status_label.text() == "20 of 20 items."
        search.results.select_rows([0])  # long ids in the details
        body = dock.widget().widget()
        assert body.minimumSizeHint().width() <= 400
        assert dock.minimumSizeHint().width() <= 400
    finally:
        plugin.unload()
        QgsProject.instance().removeAllMapLayers()
        QgsProject.instance().layerTreeRoot().removeAllChildren()


def test_download_opens_for_the_selected_items_and_downloads_them(
    found, recording_iface, tmp_path, wait_for
) -> None:
    assert not found.download_button.isEnabled()
    found.results.select_rows([0, 1])
    assert found.download_button.isEnabled()
    found.download_button.click()
    (dialog,) = found.findChildren(DownloadDialog)
    assert dialog.isVisible()
    assert dialog.items == found.selected_items()
    dialog.set_chosen_keys(["thumbnail"])
    dialog.panel.folder_widget.setFilePath(str(tmp_path))
    dialog.start()
    bar = recording_iface.messageBar()
    wait_for(lambda: bar.get_messages(Qgis.MessageLevel.Success), what="the download")
    assert len(list(tmp_path.glob("*/*.jpg"))) == 2
    dialog.close_button.click()
    QgsApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert found.findChildren(DownloadDialog) == []  # closed and deleted


def test_legacy_assets_open_in_their_dialog(found) -> None:
    assert found.legacy_button.isEnabled()
    found.legacy_button.click()
    (dialog,) = found.findChildren(LegacyAssetsDialog)
    assert dialog.isVisible()
    dialog.close_button.click()
    QgsApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert found.findChildren(LegacyAssetsDialog) == []


def test_other_rasters_are_offered_by_asset_key_and_added(found, wait_for) -> None:
    found.results.select_rows([0, 1])
    found.rasters_menu.aboutToShow.emit()
    entries = {action.text(): action for action in found.rasters_menu.actions()}
    assert list(entries) == ["lst (2 items)", "quicklook (2 items)", "scl_mask_30m (2 items)"]
    entries["quicklook (2 items)"].trigger()
    project = QgsProject.instance()
    wait_for(
        lambda: sum(isinstance(layer, QgsRasterLayer) for layer in project.mapLayers().values()) == 2,
        what="the quicklooks",
        timeout=30,
    )


def test_collections_that_failed_are_listed_again_when_the_tab_is_shown_again(
    tab, connected, wait_for
) -> None:
    connected.faults.add(kind="status", path="/stac/collections", status=500, times=1)
    tab.show()
    status = tab.filters.collections_status
    wait_for(lambda: "could not be listed" in status.text(), what="the failure")
    assert tab.filters.collections_list.count() == 0
    tab.hide()
    tab.show()
    wait_for(lambda: tab.filters.collections_list.count() == 3, what="the collections")


def test_another_connection_lists_its_collections_anew_with_none_ticked(tab, connected, wait_for) -> None:
    connected.faults.add(kind="latency", path="/stac/collections", delay=1, times=1)
    tab.show()  # the first listing is slow; the connection changes before it answers
    tab.connection_changed()
    wait_for(lambda: tab.filters.collections_list.count() == 3, what="the collections")
    tab.filters.tick_collections(["lstfusion"])
    pump(1.5)  # the first, outdated answer arrives meanwhile: it changes nothing
    assert tab.filters.collections() == ["lstfusion"]
    connected.requests.clear()
    tab.connection_changed()
    assert tab.filters.collections() == []  # the previous server's ids no longer filter
    wait_for(lambda: tab.filters.collections_list.count() == 3, what="the collections again")
    assert len([request for request in connected.requests if request.path == "/stac/collections"]) == 1
    assert tab.filters.collections() == []


def test_items_without_the_asset_say_what_else_to_do(found, recording_iface) -> None:
    found.add_rasters([(found.results.model.stac_item(0), None)], "LST")
    (message,) = recording_iface.messageBar().get_messages(Qgis.MessageLevel.Info)
    assert message.endswith("(Add other rasters…) or download their files (Download…).")


def test_the_list_goes_on_when_the_analyst_removes_the_layer_mid_search(tab, connected, wait_for) -> None:
    connected.faults.add(kind="latency", path="/stac/search", method="POST", delay=0.3)
    tab.filters.set_order(ORDER)
    tab.filters.page_spin.setValue(5)
    tab.search_button.click()
    wait_for(lambda: tab.results.model.rowCount() == 5, what="the first page")
    QgsProject.instance().removeMapLayer(tab.results.layer.id())
    assert tab.results.layer is None
    wait_for(tab.search_button.isEnabled, what="the search to end")
    assert tab.results.model.rowCount() == 20
    assert tab.status_label.text() == "20 of 20 items."
    tab.results.select_rows([3])
    assert tab.details.item == tab.results.model.stac_item(3)


def test_an_order_without_deliveries_says_so(tab, connected, demo_client, wait_for) -> None:
    pending = next(order for order in demo_client.iter_orders() if order.state == "pending_validation")
    tab.search_order(pending.id)
    wait_for(tab.search_button.isEnabled, what="the answer")
    assert tab.status_label.text() == (
        f"No deliveries of order {pending.id[:8]} match: none yet, or the other filters leave none."
    )
    assert tab.results.model.rowCount() == 0
    assert not QgsProject.instance().mapLayers()  # no empty layer or group
    assert not QgsProject.instance().layerTreeRoot().children()


def test_without_credentials_the_search_says_what_to_do(recording_iface, monkeypatch, wait_for) -> None:
    monkeypatch.delenv("CONSTELLR_API_KEY", raising=False)
    QgsSettings().remove("constellr")  # no saved connection either
    context = PluginContext()
    tab = SearchTab(recording_iface, context)
    try:
        tab.search_button.click()
        assert (
            tab.problem_label.text()
            .replace("\u200b", "")
            .startswith(
                "The search failed: No constellr credentials yet. Open the constellr connection settings"
            )
        )
        assert tab.search_button.isEnabled()
        assert not tab.cancel_button.isEnabled()
    finally:
        tab.release()
        tab.deleteLater()


def test_a_row_reads_day_or_night_and_the_time_as_the_footprint_does() -> None:
    item = StacItem.from_dict(
        {
            "type": "Feature",
            "id": "ranged",
            "collection": "lstzoom",
            "geometry": None,
            "properties": {
                "datetime": None,
                "start_datetime": "2026-06-01T22:15:00Z",
                "view:sun_elevation": -20,
            },
            "links": [],
            "assets": {},
        }
    )
    assert row_text(item) == "2026-06-01 22:15 UTC · lstzoom\nnight"
