"""Map tools that draw an AOI: rectangle, polygon, and the one-click product square.

Every tool reports geometries in the canvas CRS through ``geometryChanged`` while drawing (for the live
size check) and ``geometryDrawn`` when done. Esc cancels, Backspace removes the last polygon vertex.
"""

from __future__ import annotations

from qgis.core import QgsGeometry, QgsPointXY, QgsRectangle
from qgis.gui import QgsMapCanvas, QgsMapMouseEvent, QgsMapTool, QgsRubberBand
from qgis.PyQt.QtCore import Qt, pyqtSignal
from qgis.PyQt.QtGui import QColor, QKeyEvent

from ..plugin.compat import POLYGON_GEOMETRY

DRAW_COLOR = QColor(255, 120, 0)


def make_rubber_band(canvas: QgsMapCanvas, color: QColor = DRAW_COLOR) -> QgsRubberBand:
    """A polygon rubber band with a translucent fill, as the plugin draws AOIs."""
    band = QgsRubberBand(canvas, POLYGON_GEOMETRY)
    band.setStrokeColor(color)
    fill = QColor(color)
    fill.setAlpha(50)
    band.setFillColor(fill)
    band.setWidth(2)
    return band


class AoiMapTool(QgsMapTool):
    """Common plumbing: a rubber band, the two signals, Esc to cancel."""

    geometryChanged = pyqtSignal(QgsGeometry)
    geometryDrawn = pyqtSignal(QgsGeometry)

    def __init__(self, canvas: QgsMapCanvas) -> None:
        super().__init__(canvas)
        self.band = make_rubber_band(canvas)
        self.setCursor(Qt.CursorShape.CrossCursor)

    def show(self, geometry: QgsGeometry) -> None:
        """Draw ``geometry`` (canvas CRS) as the tool's sketch."""
        self.band.setToGeometry(geometry, None)

    def reset(self) -> None:
        """Forget the sketch."""
        self.band.reset(POLYGON_GEOMETRY)

    def deactivate(self) -> None:
        """Clear the sketch when another tool takes over."""
        self.reset()
        super().deactivate()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Esc cancels the drawing."""
        if event.key() == Qt.Key.Key_Escape:
            self.reset()
            event.accept()

    def release(self) -> None:
        """Remove the rubber band from the canvas (plugin unload)."""
        self.reset()
        self.canvas().scene().removeItem(self.band)


class RectangleTool(AoiMapTool):
    """Press, drag, release: a rectangle."""

    def __init__(self, canvas: QgsMapCanvas) -> None:
        super().__init__(canvas)
        self._start: QgsPointXY | None = None

    def _rectangle_to(self, point: QgsPointXY) -> QgsGeometry:
        return QgsGeometry.fromRect(QgsRectangle(self._start, point))

    def canvasPressEvent(self, event: QgsMapMouseEvent) -> None:
        """Anchor the first corner."""
        if event.button() == Qt.MouseButton.LeftButton:
            self._start = event.mapPoint()

    def canvasMoveEvent(self, event: QgsMapMouseEvent) -> None:
        """Follow the mouse with the opposite corner."""
        if self._start is None:
            return
        geometry = self._rectangle_to(event.mapPoint())
        self.show(geometry)
        self.geometryChanged.emit(geometry)

    def canvasReleaseEvent(self, event: QgsMapMouseEvent) -> None:
        """Finish the rectangle (a click without drag draws nothing)."""
        if self._start is None:
            return
        geometry = self._rectangle_to(event.mapPoint())
        self._start = None
        if geometry.area() > 0:
            self.show(geometry)
            self.geometryDrawn.emit(geometry)
        else:
            self.reset()

    def reset(self) -> None:
        """Forget the first corner too."""
        self._start = None
        super().reset()


class PolygonTool(AoiMapTool):
    """Left click adds a vertex, right click (or double click) closes the polygon."""

    def __init__(self, canvas: QgsMapCanvas) -> None:
        super().__init__(canvas)
        self.vertices: list[QgsPointXY] = []

    def _polygon(self, extra: QgsPointXY | None = None) -> QgsGeometry:
        ring = [*self.vertices, extra] if extra is not None else list(self.vertices)
        return QgsGeometry.fromPolygonXY([ring]) if len(ring) >= 3 else QgsGeometry()

    def canvasReleaseEvent(self, event: QgsMapMouseEvent) -> None:
        """Add a vertex, or finish on right click."""
        if event.button() == Qt.MouseButton.RightButton:
            self.finish()
            return
        if event.button() == Qt.MouseButton.LeftButton:
            self.vertices.append(event.mapPoint())
            self._sketch()

    def canvasDoubleClickEvent(self, event: QgsMapMouseEvent) -> None:
        """A double click finishes the polygon (its second click already added the vertex)."""
        self.finish()

    def canvasMoveEvent(self, event: QgsMapMouseEvent) -> None:
        """Show where the next vertex would go."""
        if self.vertices:
            preview = self._polygon(event.mapPoint())
            if not preview.isNull():
                self.show(preview)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Backspace removes the last vertex; Esc cancels."""
        if event.key() in (Qt.Key.Key_Backspace, Qt.Key.Key_Delete) and self.vertices:
            self.vertices.pop()
            self._sketch()
            event.accept()
            return
        super().keyPressEvent(event)

    def _sketch(self) -> None:
        polygon = self._polygon()
        if polygon.isNull():
            self.band.reset(POLYGON_GEOMETRY)
            for vertex in self.vertices:
                self.band.addPoint(vertex)
            return
        self.show(polygon)
        self.geometryChanged.emit(polygon)

    def finish(self) -> None:
        """Close the polygon when it has three vertices or more."""
        polygon = self._polygon()
        self.vertices = []
        if polygon.isNull():
            self.reset()
            return
        self.show(polygon)
        self.geometryDrawn.emit(polygon)

    def reset(self) -> None:
        """Forget the vertices too."""
        self.vertices = []
        super().reset()


class SquareTool(AoiMapTool):
    """One click places a product square centred on the click; ``square_maker`` builds it.

    ``square_maker(point)`` receives the click in canvas CRS and returns the square in canvas CRS, so the
    size logic (constellr's way of measuring) stays in the plugin's geometry service.
    """

    def __init__(self, canvas: QgsMapCanvas, square_maker) -> None:  # noqa: ANN001 - Callable[[QgsPointXY], QgsGeometry]
        super().__init__(canvas)
        self._square_maker = square_maker

    def canvasMoveEvent(self, event: QgsMapMouseEvent) -> None:
        """Preview the square under the mouse."""
        self.show(self._square_maker(event.mapPoint()))

    def canvasReleaseEvent(self, event: QgsMapMouseEvent) -> None:
        """Place the square."""
        if event.button() != Qt.MouseButton.LeftButton:
            return
        square = self._square_maker(event.mapPoint())
        self.show(square)
        self.geometryDrawn.emit(square)
