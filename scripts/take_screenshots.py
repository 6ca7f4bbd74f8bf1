"""Run inside QGIS (``qgis --code``, see ``make screenshots``): drives the real dock and saves screenshots.

Selects a field that fits LSTprecision (green verdicts), then a district that is too large for it (red),
waits for the server's geometry-info each time, grabs the QGIS main window into ``docs/``, then quits.
"""

from pathlib import Path

from qgis.core import QgsProject
from qgis.PyQt.QtCore import QEventLoop, QTimer
from qgis.utils import iface, plugins

DOCS = Path(QgsProject.instance().homePath()).resolve().parents[1] / "docs"


def wait(milliseconds: int) -> None:
    """Let QGIS work (tasks, rendering) for a while."""
    loop = QEventLoop()
    QTimer.singleShot(milliseconds, loop.quit)
    loop.exec()


def select(layer_name: str, feature_name: str) -> None:
    """Make the layer active and select one feature by name."""
    layer = QgsProject.instance().mapLayersByName(layer_name)[0]
    iface.setActiveLayer(layer)
    ids = [feature.id() for feature in layer.getFeatures() if feature["name"] == feature_name]
    layer.selectByIds(ids)


def shoot(name: str) -> None:
    """Save the QGIS main window."""
    wait(2500)
    path = DOCS / name
    iface.mainWindow().grab().save(str(path))
    print(f"saved {path}")


def run() -> None:
    """The whole sequence, then quit QGIS."""
    plugin = plugins["constellr"]
    iface.mainWindow().resize(1600, 1000)
    plugin.actions[0].setChecked(True)
    panel = plugin.dock.aoi_panel
    wait(1500)
    panel.refresh_library()
    select("Fields (UTM 33N)", "Field F")
    panel.use_selection()
    iface.mapCanvas().zoomToSelected()
    iface.mapCanvas().zoomScale(120_000)
    shoot("screenshot-aoi-green.png")
    select("Districts (Web Mercator)", "Spree district")
    panel.use_selection()
    iface.mapCanvas().zoomToSelected()
    shoot("screenshot-aoi-red.png")
    QgsProject.instance().setDirty(False)
    iface.actionExit().trigger()


QTimer.singleShot(3000, run)
