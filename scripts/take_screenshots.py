"""Run inside QGIS (``qgis --code``, see ``make screenshots``): drives the real dock and saves screenshots.

The QGIS window is 1366×768 (a laptop screen) with the dock at 400 px: 1. a field that fits LSTprecision
(green verdicts), 2. a district too large for it (red), 3. the field created as an AOI and ordered from
the Order tab, 4. the review dialog, 5. the new order selected in the Orders tab, 6. a key the server
refuses: the error as the analyst sees it. Then QGIS quits.
"""

import os
from collections.abc import Callable
from pathlib import Path

from qgis.core import QgsProject
from qgis.PyQt.QtCore import QEventLoop, Qt, QTimer
from qgis.PyQt.QtWidgets import QWidget
from qgis.utils import iface, plugins

DOCS = Path(QgsProject.instance().homePath()).resolve().parents[1] / "docs"
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
    wait_until(lambda: "orders created" in form.result_label.text())
    dock.tabs.setCurrentWidget(dock.orders_tab)
    wait_until(dock.orders_tab.selected_orders)
    shoot("screenshot-orders-tab.png")

    os.environ["CONSTELLR_API_KEY"] = "cstl_a_key_that_was_revoked"  # what a revoked or mistyped key meets
    dock.show_connection()
    wait_until(lambda: "API key" in dock.connection_label.text())
    shoot("screenshot-error.png")

    QgsProject.instance().setDirty(False)
    iface.actionExit().trigger()


QTimer.singleShot(3000, run)
