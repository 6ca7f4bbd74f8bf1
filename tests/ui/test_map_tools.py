"""The AOI map tools driven by simulated mouse events on a real QgsMapCanvas."""

from __future__ import annotations

import pytest
from qgis.core import QgsGeometry, QgsPointXY, QgsRectangle
from qgis.gui import QgsMapCanvas, QgsMapMouseEvent
from qgis.PyQt.QtCore import QEvent, QPoint, Qt
from qgis.PyQt.QtGui import QKeyEvent

from constellr.ui.map_tools import PolygonTool, RectangleTool, SquareTool


def mouse(
    canvas: QgsMapCanvas,
    kind: QEvent.Type,
    lon: float,
    lat: float,
    button: Qt.MouseButton = Qt.MouseButton.LeftButton,
) -> QgsMapMouseEvent:
    pixel = canvas.getCoordinateTransform().transform(QgsPointXY(lon, lat))
    buttons = Qt.MouseButton.NoButton if kind == QEvent.Type.MouseMove else button
    return QgsMapMouseEvent(
        canvas,
        kind,
        QPoint(round(pixel.x()), round(pixel.y())),
        button,
        buttons,
        Qt.KeyboardModifier.NoModifier,
    )


def click(canvas, tool, lon, lat, button=Qt.MouseButton.LeftButton) -> None:
    tool.canvasPressEvent(mouse(canvas, QEvent.Type.MouseButtonPress, lon, lat, button))
    tool.canvasReleaseEvent(mouse(canvas, QEvent.Type.MouseButtonRelease, lon, lat, button))


def record(tool) -> tuple[list[QgsGeometry], list[QgsGeometry]]:
    changed: list[QgsGeometry] = []
    drawn: list[QgsGeometry] = []
    tool.geometryChanged.connect(changed.append)
    tool.geometryDrawn.connect(drawn.append)
    return changed, drawn


def test_rectangle_by_press_drag_release(canvas) -> None:
    tool = RectangleTool(canvas)
    changed, drawn = record(tool)
    tool.canvasPressEvent(mouse(canvas, QEvent.Type.MouseButtonPress, 13.2, 52.2))
    tool.canvasMoveEvent(mouse(canvas, QEvent.Type.MouseMove, 13.3, 52.3))
    tool.canvasReleaseEvent(mouse(canvas, QEvent.Type.MouseButtonRelease, 13.4, 52.4))
    assert len(changed) == 1
    (rectangle,) = drawn
    extent = rectangle.boundingBox()
    assert extent.xMinimum() == pytest.approx(13.2, abs=0.01)
    assert extent.yMaximum() == pytest.approx(52.4, abs=0.01)
    assert tool.band.numberOfVertices() > 0


def test_a_click_without_drag_draws_no_rectangle(canvas) -> None:
    tool = RectangleTool(canvas)
    _, drawn = record(tool)
    click(canvas, tool, 13.5, 52.5)
    assert drawn == []


def test_polygon_vertices_then_right_click(canvas) -> None:
    tool = PolygonTool(canvas)
    changed, drawn = record(tool)
    for lon, lat in ((13.1, 52.1), (13.5, 52.1), (13.5, 52.5), (13.1, 52.5)):
        click(canvas, tool, lon, lat)
    click(canvas, tool, 13.3, 52.3, Qt.MouseButton.RightButton)
    assert len(changed) == 2  # from the third vertex on, each vertex updates the live figures
    (polygon,) = drawn
    assert polygon.constGet().nCoordinates() == 5
    assert polygon.area() == pytest.approx(0.16, rel=0.02)


def test_backspace_removes_the_last_vertex_and_escape_cancels(canvas) -> None:
    tool = PolygonTool(canvas)
    _, drawn = record(tool)
    for lon, lat in ((13.1, 52.1), (13.5, 52.1), (13.9, 52.9)):
        click(canvas, tool, lon, lat)
    tool.keyPressEvent(QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Backspace, Qt.KeyboardModifier.NoModifier))
    assert len(tool.vertices) == 2
    tool.keyPressEvent(QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier))
    assert tool.vertices == []
    click(canvas, tool, 13.3, 52.3, Qt.MouseButton.RightButton)
    assert drawn == []


def test_square_tool_places_the_maker_square_on_the_click(canvas) -> None:
    def maker(point: QgsPointXY) -> QgsGeometry:
        return QgsGeometry.fromRect(
            QgsRectangle(point.x() - 0.1, point.y() - 0.1, point.x() + 0.1, point.y() + 0.1)
        )

    tool = SquareTool(canvas, maker)
    _, drawn = record(tool)
    click(canvas, tool, 13.5, 52.5)
    (square,) = drawn
    assert square.centroid().asPoint().x() == pytest.approx(13.5, abs=0.01)
    assert square.area() == pytest.approx(0.04, rel=1e-6)
