"""Fixtures for widget and map tool tests."""

from __future__ import annotations

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
