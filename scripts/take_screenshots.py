"""Run inside QGIS (``qgis --code``, see ``make screenshots``): drives the real dock and saves screenshots.

The QGIS window is 1366×768 (a laptop screen) with the dock at 400 px: 1. a field that fits LSTprecision
(green verdicts), 2. a district too large for it (red), 3. the field created as an AOI and ordered from
the Order tab, 4. the review dialog, 5. the new order selected in the Orders tab, 6. an order's
deliveries found in the Search tab, 7. the deliveries on the time slider, 8. an LST layer with a pixel
identified in °C, 9. the download of its assets, 10. the live feed's footprints arriving in the Feeds
tab, 11. a key the server refuses: the error as the analyst sees it. Then QGIS quits.
"""

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from qgis.core import QgsDateTimeRange, QgsInterval, QgsProject, QgsRasterLayer, QgsUnitTypes
from qgis.PyQt.QtCore import QEventLoop, QPoint, Qt, QTimer
from qgis.PyQt.QtTest import QTest
from qgis.PyQt.QtWidgets import QDockWidget, QWidget
from qgis.utils import iface, plugins

DOCS = Path(  # docs/ of the repository, or where `make demo` without a display asks for them
    os.environ.get("CONSTELLR_SCREENSHOTS")
    or Path(QgsProject.instance().homePath()).resolve().parents[1] / "docs"
)
SCREEN = (1366, 768)
DOCK_WIDTH = 400


def wait(milliseconds: int) -> None:
    """Let QGIS work (tasks, rendering) for a while."""
    loop = QEventLoop()
    QTimer.singleShot(milliseconds, loop.quit)
    loop.exec()


def wait_until(condition: Callable[[], object], seconds: float = 20) -> None:
    """Let QGIS work until ``condition()`` holds (or give up after ``seconds``)."""
    for _ in range(int(seconds * 10)):
        if condition():
            return
        wait(100)


def select(layer_name: str, feature_name: str) -> None:
    """Make the layer active and select one feature by name."""
    layer = QgsProject.instance().mapLayersByName(layer_name)[0]
    iface.setActiveLayer(layer)
    ids = [feature.id() for feature in layer.getFeatures() if feature["name"] == feature_name]
    layer.selectByIds(ids)


def shoot(name: str, widget: QWidget | None = None) -> None:
    """Save the QGIS main window (or one widget)."""
    wait(2000)
    path = DOCS / name
    (widget or iface.mainWindow()).grab().save(str(path))
    print(f"saved {path}")


def search_deliveries(dock: QWidget, aoi_name: str) -> None:
    """Orders tab ▸ Show deliveries of the order on ``aoi_name``; time slider; LST in °C; download."""
    workspace = dock.context.workspace
    aoi = next(aoi for aoi in workspace.aois if aoi.name == aoi_name)
    order = next(order for order in workspace.orders if order.area_of_interest_id == aoi.id)
    dock.tabs.setCurrentWidget(dock.orders_tab)
    dock.orders_tab.select_orders([order.id])
    dock.orders_tab.show_deliveries()
    search = dock.search_tab
    wait_until(lambda: search._search is None and search.results.model.rowCount())
    shoot("screenshot-search.png")

    layer = search.results.layer
    temporal_dock = next(
        widget
        for widget in iface.mainWindow().findChildren(QDockWidget)
        if widget.windowTitle() == "Temporal Controller"
    )
    temporal_dock.show()
    navigation = iface.mapCanvas().temporalController()
    first, last = sorted(feature["datetime"] for feature in layer.getFeatures())[:: layer.featureCount() - 1]
    navigation.setTemporalExtents(QgsDateTimeRange(first.addDays(-1), last.addDays(1)))
    navigation.setFrameDuration(QgsInterval(7, QgsUnitTypes.TemporalUnit.TemporalDays))
    navigation.setNavigationMode(navigation.NavigationMode.Animated)
    navigation.setCurrentFrameNumber(2)
    shoot("screenshot-time-slider.png")
    navigation.setNavigationMode(navigation.NavigationMode.NavigationOff)
    temporal_dock.hide()

    search.results.select_rows([0])
    search.add_lst_layers()
    project = QgsProject.instance()
    wait_until(lambda: any(isinstance(each, QgsRasterLayer) for each in project.mapLayers().values()))
    raster = next(each for each in project.mapLayers().values() if isinstance(each, QgsRasterLayer))
    iface.setActiveLayer(raster)
    canvas = iface.mapCanvas()
    canvas.setExtent(canvas.mapSettings().layerExtentToOutputExtent(raster, raster.extent()))
    canvas.refresh()
    wait(3000)
    iface.actionIdentify().trigger()
    viewport = canvas.viewport()
    warm_spot = QPoint(viewport.width() // 5, viewport.height() // 2)  # in the demo scene's warm part
    QTest.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=warm_spot)
    shoot("screenshot-lst-identify.png")
    next(
        widget
        for widget in iface.mainWindow().findChildren(QDockWidget)
        if widget.objectName() == "IdentifyResultsDock"
    ).hide()
    iface.actionPan().trigger()

    dialog = search.download_selected()
    dialog.panel.folder_widget.setFilePath(tempfile.mkdtemp(prefix="constellr-downloads-"))
    dialog.set_chosen_keys(["lst", "quicklook", "metadata"])
    dialog.start()
    wait_until(lambda: "downloaded" in dialog.panel.summary_label.text())
    shoot("screenshot-download.png", dialog)
    dialog.close()


def watch_a_feed(dock: QWidget) -> None:
    """Feeds tab: the sandbox's live subscription, its new footprints on the map as they are published.

    Uses the feed `make demo` saves (scripts/demo.sh: the sandbox publishes a delivery every 4 s, the token
    comes from ``CONSTELLR_FEED_TOKEN``, so the profile's authentication database stays untouched).
    """
    tab = dock.feeds_tab
    dock.tabs.setCurrentWidget(tab)
    tab.start_button.click()
    run = tab.current_run()
    wait_until(lambda: run.layer is not None and run.layer.featureCount() >= 6, 60)
    layer = run.layer
    iface.setActiveLayer(layer)
    canvas = iface.mapCanvas()
    layer.updateExtents()
    canvas.setExtent(canvas.mapSettings().layerExtentToOutputExtent(layer, layer.extent()))
    canvas.zoomScale(canvas.scale() * 1.3)
    layer.selectByIds([max(feature.id() for feature in layer.getFeatures())])  # the newest footprint
    shoot("screenshot-feeds.png")
    tab.stop_button.click()
    wait_until(lambda: not run.running, 5)


def refuse_the_key(dock: QWidget) -> None:
    """What a revoked or mistyped key meets."""
    os.environ["CONSTELLR_API_KEY"] = "cstl_a_key_that_was_revoked"
    dock.show_connection()
    wait_until(lambda: "API key" in dock.connection_label.text())
    shoot("screenshot-error.png")


def run() -> None:
    """The whole sequence, then quit QGIS."""
    plugin = plugins["constellr"]
    window = iface.mainWindow()
    window.setGeometry(0, 0, *SCREEN)  # Xvfb has no window manager: place the window by hand
    plugin.actions[0].setChecked(True)
    dock = plugin.dock
    window.resizeDocks([dock], [DOCK_WIDTH], Qt.Orientation.Horizontal)
    wait_until(lambda: dock.context.workspace.aois and dock.orders_tab.model.rowCount())
    aoi_tab = dock.aoi_tab

    select("Fields (UTM 33N)", "Field F")
    aoi_tab.sources.use_selection()
    iface.mapCanvas().zoomToSelected()
    iface.mapCanvas().zoomScale(120_000)
    shoot("screenshot-aoi-green.png")
    select("Districts (Web Mercator)", "Spree district")
    aoi_tab.sources.use_selection()
    iface.mapCanvas().zoomToSelected()
    shoot("screenshot-aoi-red.png")

    select("Fields (UTM 33N)", "Field F")
    aoi_tab.sources.use_selection()
    iface.mapCanvas().zoomToSelected()
    iface.mapCanvas().zoomScale(120_000)
    wait_until(aoi_tab.size_check.create_button.isEnabled)
    aoi_tab.size_check.create_button.click()
    form = dock.order_form
    wait_until(form.checked_ids)
    form.product_combo.setCurrentText("LSTprecision")
    form.frequency_combo.setCurrentIndex(form.frequency_combo.findData("weekly"))
    form.illumination_combo.setCurrentIndex(form.illumination_combo.findData("day"))
    form.tags_edit.setText("demo, field-f")
    form.order_comment_edit.setText("irrigation check")
    dock.tabs.setCurrentWidget(form)
    shoot("screenshot-order-form.png")

    from constellr.ui.order_review import ReviewDialog

    review = ReviewDialog(form.planned_orders(), form.submission_for, window)
    review.show()
    shoot("screenshot-order-review.png", review)
    review.close()

    form.review(confirm=False)
    wait_until(lambda: " created in " in form.result_label.text())
    dock.tabs.setCurrentWidget(dock.orders_tab)
    wait_until(dock.orders_tab.selected_orders)
    shoot("screenshot-orders-tab.png")

    search_deliveries(dock, "Berlin Mitte")
    watch_a_feed(dock)
    refuse_the_key(dock)

    QgsProject.instance().removeAllMapLayers()  # else QGIS asks whether to drop the footprint layers
    QgsProject.instance().setDirty(False)
    iface.actionExit().trigger()


QTimer.singleShot(3000, run)
