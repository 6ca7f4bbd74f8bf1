"""The plugin object QGIS creates through ``classFactory``: wires the GUI in and out."""

from __future__ import annotations

from qgis.gui import QgisInterface


class ConstellrPlugin:
    """Entry point QGIS talks to: ``initGui`` when the plugin is enabled, ``unload`` when it goes."""

    def __init__(self, iface: QgisInterface) -> None:
        self.iface = iface

    def initGui(self) -> None:
        """Add the plugin's actions and widgets to QGIS (none yet: the dock comes with the AOI work)."""

    def unload(self) -> None:
        """Remove everything ``initGui`` added."""
