"""The AOIs tab: where the AOI comes from, its live size check, and the AOI library, one box each."""

from __future__ import annotations

from qgis.gui import QgisInterface
from qgis.PyQt.QtCore import pyqtSignal
from qgis.PyQt.QtGui import QShowEvent
from qgis.PyQt.QtWidgets import QVBoxLayout, QWidget

from ..plugin.context import PluginContext
from ..plugin.current_aoi import CurrentAoi
from .aoi_library import AoiLibrary
from .aoi_sources import AoiSources
from .scrolling_tab import ScrollingTab
from .size_check import SizeCheck


class AoiTab(ScrollingTab):
    """Everything about AOIs in one tab. ``aoisCreated`` carries the AOIs just created."""

    aoisCreated = pyqtSignal(list)

    def __init__(self, iface: QgisInterface, context: PluginContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.iface = iface
        self.current = CurrentAoi(runner=context.runner)
        self.sources = AoiSources(iface, self.current)
        self.size_check = SizeCheck(iface, context, self.current)
        self.library = AoiLibrary(iface, context)
        boxes = QVBoxLayout(self.content)
        boxes.setContentsMargins(0, 0, 0, 0)  # the tab page and the boxes have margins enough
        boxes.addWidget(self.sources)
        boxes.addWidget(self.size_check)
        boxes.addWidget(self.library, 1)
        self.size_check.aoisCreated.connect(self.aoisCreated)

    def showEvent(self, event: QShowEvent) -> None:
        """Shown again after the dock was closed: the current AOI is outlined on the map again."""
        super().showEvent(event)
        self.sources.activate()

    def deactivate(self) -> None:
        """The dock is closed: unset the plugin's active map tool and take its outlines off the map.

        The current AOI is kept; it is outlined again when the tab is shown.
        """
        self.sources.deactivate()

    def release(self) -> None:
        """Stop the tab's tasks and remove its map tools and rubber bands from the canvas (plugin unload)."""
        self.size_check.release()
        self.library.release()
        self.current.clear()
        self.sources.release()
