"""Fixtures for widget and map tool tests."""

from __future__ import annotations

import time

import pytest
from qgis.core import QgsApplication, QgsCoordinateReferenceSystem, QgsRectangle
from qgis.gui import QgsMapCanvas


@pytest.fixture
def canvas(qgis_canvas: QgsMapCanvas, qgis_parent) -> QgsMapCanvas:
    qgis_canvas.setDestinationCrs(QgsCoordinateReferenceSystem("EPSG:4326"))
    qgis_parent.show()  # a hidden canvas keeps a tiny output size
    QgsApplication.processEvents()
    qgis_canvas.setExtent(QgsRectangle(13.0, 52.0, 14.0, 53.0))
    qgis_canvas.refresh()
    assert qgis_canvas.mapUnitsPerPixel() < 0.002
    return qgis_canvas


class RecordingInterface:
    """The pytest-qgis interface, plus a record of what a plugin adds to and removes from QGIS."""

    def __init__(self, iface) -> None:
        self._iface = iface
        self.toolbar: list = []
        self.web_menu: list = []
        self.docks: list = []

    def __getattr__(self, name: str):
        return getattr(self._iface, name)

    def addToolBarIcon(self, action) -> None:
        self.toolbar.append(action)

    def removeToolBarIcon(self, action) -> None:
        self.toolbar.remove(action)

    def addPluginToWebMenu(self, _menu: str, action) -> None:
        self.web_menu.append(action)

    def removePluginWebMenu(self, _menu: str, action) -> None:
        self.web_menu.remove(action)

    def addDockWidget(self, area, dock) -> None:
        self._iface.mainWindow().addDockWidget(area, dock)
        self.docks.append(dock)

    def removeDockWidget(self, dock) -> None:
        self._iface.mainWindow().removeDockWidget(dock)
        self.docks.remove(dock)


@pytest.fixture
def recording_iface(qgis_iface, canvas) -> RecordingInterface:
    qgis_iface.messageBar().clear_messages()
    return RecordingInterface(qgis_iface)


@pytest.fixture
def berlin_time(monkeypatch):
    """The computer's clock in Europe/Berlin (clocks went forward on 2026-03-29 at 02:00 local time)."""
    monkeypatch.setenv("TZ", "Europe/Berlin")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()
