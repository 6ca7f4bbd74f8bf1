"""Loading and unloading the plugin, twice in one session, leaves nothing behind."""

from __future__ import annotations

import constellr
from constellr.ui.map_tools import AoiMapTool


def test_plugin_loads_and_unloads_twice_without_leftovers(recording_iface, canvas) -> None:
    scene_items = len(canvas.scene().items())
    for _ in range(2):
        plugin = constellr.classFactory(recording_iface)
        plugin.initGui()
        assert len(recording_iface.toolbar) == 1
        assert [action.text() for action in recording_iface.web_menu] == [
            "constellr panel",
            "Connection settings…",
        ]
        assert recording_iface.docks == [plugin.dock]
        plugin.actions[0].setChecked(True)
        assert plugin.dock.isUserVisible()
        plugin.dock.aoi_tab.sources.tools["polygon"].button().click()
        assert isinstance(canvas.mapTool(), AoiMapTool)

        plugin.unload()
        assert recording_iface.toolbar == []
        assert recording_iface.web_menu == []
        assert recording_iface.docks == []
        assert not isinstance(canvas.mapTool(), AoiMapTool)
        assert len(canvas.scene().items()) == scene_items
        assert plugin.context.runner.running == []
