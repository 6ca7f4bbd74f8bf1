"""The dock as an analyst meets it: quiet until opened, honest about where it connects."""

from __future__ import annotations

import time

from qgis.core import QgsApplication

import constellr
from constellr.ui.dock import connection_line
from constellr.ui.map_tools import AoiMapTool


def _settle(seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        QgsApplication.processEvents()
        time.sleep(0.01)


def test_nothing_happens_until_the_dock_is_opened(recording_iface, connected, wait_for) -> None:
    plugin = constellr.classFactory(recording_iface)
    plugin.initGui()
    try:
        _settle(0.5)
        assert connected.requests == []  # saved credentials, yet no request
        assert all(not messages for messages in recording_iface.messageBar().messages.values())
        plugin.actions[0].setChecked(True)
        wait_for(lambda: len(connected.requests) >= 3, what="the workspace loaded on first opening")
    finally:
        plugin.unload()


def test_the_connection_line_names_the_environment_overrides(monkeypatch) -> None:
    monkeypatch.delenv("CONSTELLR_API_KEY", raising=False)
    monkeypatch.setenv("CONSTELLR_API_URL", "https://staging.example.test")
    assert connection_line() == "API: https://staging.example.test (from CONSTELLR_API_URL)"
    monkeypatch.setenv("CONSTELLR_API_KEY", "not-shown")
    assert connection_line().endswith("· key from CONSTELLR_API_KEY")
    assert "not-shown" not in connection_line()


def test_closing_the_dock_leaves_no_plugin_map_tool_active(recording_iface, connected, canvas) -> None:
    plugin = constellr.classFactory(recording_iface)
    plugin.initGui()
    try:
        plugin.actions[0].setChecked(True)
        plugin.dock.aoi_tab.sources.tools["polygon"].button().click()
        assert isinstance(canvas.mapTool(), AoiMapTool)
        plugin.actions[0].setChecked(False)  # the analyst closes the panel
        assert not plugin.dock.isUserVisible()
        assert not isinstance(canvas.mapTool(), AoiMapTool)
    finally:
        plugin.unload()


def test_a_long_failure_never_widens_the_dock(recording_iface, connected) -> None:
    plugin = constellr.classFactory(recording_iface)
    plugin.initGui()
    try:
        plugin.actions[0].setChecked(True)
        url = "https://api.constellr.com/v1/orders?page=1&limit=50&sort=-created&" + "x" * 120
        plugin.context.workspace.failed.emit("orders", f"The server answered HTTP 502 (GET {url}): try later")
        body = plugin.dock.widget().widget()
        tabs = plugin.dock.tabs
        assert [tabs.tabText(index) for index in range(tabs.count())] == [
            "AOIs",
            "Order",
            "Orders",
            "Search",
            "Feeds",
        ]
        for index in range(tabs.count()):
            tabs.setCurrentIndex(index)
            assert body.minimumSizeHint().width() <= 400, tabs.tabText(index)
            assert plugin.dock.minimumSizeHint().width() <= 400, tabs.tabText(index)
    finally:
        plugin.unload()


def test_the_dock_fits_a_laptop_in_german_too(recording_iface, connected, german_qgis) -> None:
    """German words are longer: every tab still fits the 400 px dock of a 1366×768 screen."""
    plugin = constellr.classFactory(recording_iface)
    plugin.initGui()
    try:
        plugin.actions[0].setChecked(True)
        body = plugin.dock.widget().widget()
        tabs = plugin.dock.tabs
        titles = [tabs.tabText(index) for index in range(tabs.count())]
        assert titles != ["AOIs", "Order", "Orders", "Search", "Feeds"]  # German
        for index in range(tabs.count()):
            tabs.setCurrentIndex(index)
            assert body.minimumSizeHint().width() <= 400, titles[index]
            assert plugin.dock.minimumSizeHint().width() <= 400, titles[index]
    finally:
        plugin.unload()
