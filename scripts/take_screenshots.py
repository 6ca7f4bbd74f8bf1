"""Run inside QGIS (``qgis --code``, see ``make screenshots``): drives the real dock and saves screenshots.

1. a field that fits LSTprecision (green verdicts), 2. a district too large for it (red),
3. the field created as an AOI and ordered from the Order tab, 4. the review dialog,
5. the new order selected in the Orders tab. Then QGIS quits.
"""

from collections.abc import Callable
from pathlib import Path

from qgis.core import QgsProject
from qgis.PyQt.QtCore import QEventLoop, QTimer
from qgis.PyQt.QtWidgets import QWidget
from qgis.utils import iface, plugins

DOCS = Path(QgsProject.instance().homePath()).resolve().parents[1] / "docs"


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
    iface.mainWindow().resize(1600, 1000)
    plugin.actions[0].setChecked(True)
    dock = plugin.dock
    wait_until(lambda: dock.aoi_panel.library and dock.orders_panel.model.rowCount())

    select("Fields (UTM 33N)", "Field F")
    dock.aoi_panel.use_selection()
    iface.mapCanvas().zoomToSelected()
    iface.mapCanvas().zoomScale(120_000)
    shoot("screenshot-aoi-green.png")
    select("Districts (Web Mercator)", "Spree district")
    dock.aoi_panel.use_selection()
    iface.mapCanvas().zoomToSelected()
    shoot("screenshot-aoi-red.png")

    select("Fields (UTM 33N)", "Field F")
    dock.aoi_panel.use_selection()
    iface.mapCanvas().zoomToSelected()
    iface.mapCanvas().zoomScale(120_000)
    dock.aoi_panel.create_button.click()
    wait_until(dock.order_panel.checked_ids)
    form = dock.order_panel
    form.product_combo.setCurrentText("LSTprecision")
    form.frequency_combo.setCurrentText("weekly")
    form.illumination_combo.setCurrentText("Day")
    form.tags_edit.setText("demo, field-f")
    form.order_comment_edit.setText("irrigation check")
    dock.tabs.setCurrentWidget(form)
    shoot("screenshot-order-form.png")

    from constellr.ui.order_panel import ReviewDialog

    review = ReviewDialog(form.planned_orders(), iface.mainWindow())
    review.show()
    shoot("screenshot-order-review.png", review)
    review.close()

    form.review(confirm=False)
    wait_until(lambda: "orders created" in form.result_label.text())
    dock.tabs.setCurrentWidget(dock.orders_panel)
    wait_until(dock.orders_panel.selected_orders)
    shoot("screenshot-orders-tab.png")

    QgsProject.instance().setDirty(False)
    iface.actionExit().trigger()


QTimer.singleShot(3000, run)
