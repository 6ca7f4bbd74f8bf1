"""The plugin object QGIS creates through ``classFactory``: wires the GUI in and out.

This is the composition root, at the package root so that every import points down: it knows the
widgets of ``ui/`` and the services of ``plugin/``; ``plugin/`` never imports ``ui/``.
"""

from __future__ import annotations

from pathlib import Path

from qgis.core import QgsApplication
from qgis.gui import QgisInterface
from qgis.PyQt.QtCore import QCoreApplication, Qt, QTranslator
from qgis.PyQt.QtGui import QIcon
from qgis.PyQt.QtWidgets import QAction

from .plugin.context import PluginContext
from .plugin.i18n import install_translator, tr
from .plugin.log_panel import connect_log_panel, disconnect_log_panel
from .plugin.processing.provider import ConstellrProvider
from .plugin.raster_refresh import RasterRefresher
from .ui.dock import ConstellrDock, open_user_guide

MENU = "&constellr"
ICON = Path(__file__).resolve().parent / "resources" / "icon.svg"


class ConstellrPlugin:
    """Entry point QGIS talks to: ``initGui`` when the plugin is enabled, ``unload`` when it goes."""

    def __init__(self, iface: QgisInterface) -> None:
        self.iface = iface
        # before any text is made: Processing (initProcessing) and the GUI (initGui) speak QGIS's language
        self.translator: QTranslator | None = install_translator()
        self.context: PluginContext | None = None
        self.rasters: RasterRefresher | None = None
        self.dock: ConstellrDock | None = None
        self.actions: list[QAction] = []
        self.provider: ConstellrProvider | None = None

    def initProcessing(self) -> None:
        """Register the constellr Processing provider (once, whether initGui or qgis_process calls this)."""
        if self.provider is not None:
            return
        self.provider = ConstellrProvider()
        QgsApplication.processingRegistry().addProvider(self.provider)

    def initGui(self) -> None:
        """Add the Processing provider, the toolbar button, the Web ▸ constellr menu and the (hidden) dock."""
        self.initProcessing()  # QGIS Desktop calls only initGui; qgis_process calls only initProcessing
        connect_log_panel()
        self.context = PluginContext()
        self.rasters = RasterRefresher(self.context)
        self.rasters.problem.connect(self._raster_problem)
        self.iface.mapCanvas().renderErrorOccurred.connect(self.rasters.on_render_error)
        self.dock = ConstellrDock(self.iface, self.context, self.iface.mainWindow())
        self.iface.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        self.dock.hide()

        panel = QAction(QIcon(str(ICON)), tr("constellr panel"), self.iface.mainWindow())
        panel.setCheckable(True)
        panel.setToolTip(tr("Show the constellr panel: AOIs, size check, AOI library"))
        panel.toggled.connect(self.dock.setUserVisible)
        self.dock.visibilityChanged.connect(panel.setChecked)
        settings = QAction(tr("Connection settings…"), self.iface.mainWindow())
        settings.triggered.connect(self.edit_connection)
        guide = QAction(tr("Help"), self.iface.mainWindow())
        guide.setToolTip(tr("Open the constellr user guide"))
        guide.triggered.connect(open_user_guide)
        self.iface.addToolBarIcon(panel)
        for action in (panel, settings, guide):
            self.iface.addPluginToWebMenu(MENU, action)
        self.actions = [panel, settings, guide]  # the panel action first: it is also on the toolbar

    def edit_connection(self) -> None:
        """The connection settings dialog, from the menu."""
        if self.dock is not None:
            self.dock.edit_connection()

    def _raster_problem(self, message: str) -> None:
        self.iface.messageBar().pushWarning("constellr", message)

    def unload(self) -> None:
        """Remove everything ``initGui`` added, and stop running tasks."""
        if self.actions:
            self.iface.removeToolBarIcon(self.actions[0])
        for action in self.actions:
            self.iface.removePluginWebMenu(MENU, action)
            action.deleteLater()
        self.actions = []
        if self.rasters is not None:
            self.iface.mapCanvas().renderErrorOccurred.disconnect(self.rasters.on_render_error)
            self.rasters.release()
            self.rasters = None
        if self.context is not None:
            self.context.runner.cancel_all()
            self.context.close()
        if self.provider is not None:
            QgsApplication.processingRegistry().removeProvider(self.provider)
            self.provider = None
        disconnect_log_panel()
        if self.dock is not None:
            self.dock.release()
            self.iface.removeDockWidget(self.dock)
            self.dock.deleteLater()
            self.dock = None
        if self.translator is not None:
            QCoreApplication.removeTranslator(self.translator)
            self.translator = None
