"""The dock as an analyst meets it: quiet until opened, honest about where it connects."""

from __future__ import annotations

import time

from qgis.core import QgsApplication

import constellr
from constellr.ui.dock import connection_line


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
