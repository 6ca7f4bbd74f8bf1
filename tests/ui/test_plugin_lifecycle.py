"""Loading and unloading the plugin, twice in one session, leaves nothing behind."""

from __future__ import annotations

from pathlib import Path

from qgis.core import QgsApplication
from qgis.PyQt.QtCore import QObject, QUrl, pyqtSlot
from qgis.PyQt.QtGui import QDesktopServices

import constellr
from constellr.ui.map_tools import AoiMapTool

REPO_ROOT = Path(__file__).resolve().parents[2]


class OpenedUrls(QObject):
    """Takes the file URLs QDesktopServices would hand to the web browser, and keeps them."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[QUrl] = []

    @pyqtSlot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url)


def test_plugin_loads_and_unloads_twice_without_leftovers(recording_iface, canvas) -> None:
    scene_items = len(canvas.scene().items())
    registry = QgsApplication.processingRegistry()
    for _ in range(2):
        plugin = constellr.classFactory(recording_iface)
        plugin.initGui()
        assert len(recording_iface.toolbar) == 1
        assert [action.text() for action in recording_iface.web_menu] == [
            "constellr panel",
            "Connection settings…",
            "Help",
        ]
        assert recording_iface.docks == [plugin.dock]
        assert registry.providerById("constellr") is not None  # QGIS Desktop calls initGui only
        plugin.actions[0].setChecked(True)
        assert plugin.dock.isUserVisible()
        plugin.dock.aoi_tab.sources.tools["polygon"].button().click()
        assert isinstance(canvas.mapTool(), AoiMapTool)

        plugin.unload()
        assert recording_iface.toolbar == []
        assert recording_iface.web_menu == []
        assert recording_iface.docks == []
        assert registry.providerById("constellr") is None
        assert not isinstance(canvas.mapTool(), AoiMapTool)
        assert len(canvas.scene().items()) == scene_items
        assert plugin.context.runner.running == []


def test_the_help_entry_opens_the_user_guide_shipped_in_the_plugin(recording_iface) -> None:
    opened = OpenedUrls()
    QDesktopServices.setUrlHandler("file", opened, "open")
    plugin = constellr.classFactory(recording_iface)
    plugin.initGui()
    try:
        help_action = next(action for action in recording_iface.web_menu if action.text() == "Help")
        help_action.trigger()
        plugin.dock.help_button.click()
    finally:
        plugin.unload()
        QDesktopServices.unsetUrlHandler("file")
    guide = REPO_ROOT / "help" / "user-guide.html"
    assert [Path(url.toLocalFile()) for url in opened.urls] == [guide, guide]
    assert guide.is_file()
    assert plugin.dock is None
