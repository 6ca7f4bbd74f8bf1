"""Where the current AOI comes from: the draw tools and the “From:” buttons, and its outline on the map."""

from __future__ import annotations

from pathlib import Path

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsGeometry,
    QgsPointXY,
    QgsProject,
    QgsVectorLayer,
)
from qgis.gui import QgisInterface
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtWidgets import (
    QDoubleSpinBox,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QLabel,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QWidget,
)

from ..plugin.aoi_geometry import WGS84, square_around
from ..plugin.aois import read_vector_file
from ..plugin.current_aoi import CurrentAoi, is_polygon_layer
from ..plugin.i18n import tr
from .map_tools import AoiMapTool, PolygonTool, RectangleTool, SquareTool, make_rubber_band

KM = 1000.0
BUTTON_COLUMNS = 3  # three buttons a row keep the box narrow enough for a 400 px dock


class AoiSources(QGroupBox):
    """Draw an AOI or take it from a layer, the map extent or a file; the current AOI is shown on the map."""

    def __init__(self, iface: QgisInterface, current: CurrentAoi, parent: QWidget | None = None) -> None:
        super().__init__(tr("Area of interest"), parent)
        self.iface = iface
        self.current = current
        self.canvas = iface.mapCanvas()
        self.band = make_rubber_band(self.canvas)
        self.tools: dict[str, AoiMapTool] = {}
        self._on_map = True
        self._build()
        self.current.changed.connect(self._draw_band)
        self.canvas.destinationCrsChanged.connect(self._draw_band)

    def _build(self) -> None:
        grid = QGridLayout(self)
        draw_buttons = [
            self._tool_button(
                "rectangle",
                RectangleTool(self.canvas),
                tr("Rectangle"),
                tr("Press, drag and release on the map"),
                drawn=(tr("Drawn rectangle"), tr("a drawn rectangle")),
            ),
            self._tool_button(
                "polygon",
                PolygonTool(self.canvas),
                tr("Polygon"),
                tr(
                    "Click the vertices; right click or double click closes it; "
                    "Backspace removes the last one"
                ),
                drawn=(tr("Drawn polygon"), tr("a drawn polygon")),
            ),
            self._tool_button(
                "square",
                SquareTool(self.canvas, self._square_in_canvas_crs),
                tr("Square"),
                tr("One click places a square of the chosen side centred on the click"),
                drawn=(tr("Drawn square"), tr("a drawn square")),
            ),
        ]
        self.square_size = QDoubleSpinBox()
        self.square_size.setRange(0.1, 110.0)
        self.square_size.setDecimals(1)
        self.square_size.setSuffix(" km")
        self.square_size.setValue(15.0)
        self.square_size.setToolTip(
            tr("Side of the square the Square tool places (15 km: the LSTzoom maximum)")
        )
        side = QLabel(tr("Side:"))
        side.setToolTip(self.square_size.toolTip())
        side.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        take_buttons = []
        for text, tip, slot in (
            (
                tr("Selection"),
                tr("The selected features of the active polygon layer (follows the selection)"),
                self.use_selection,
            ),
            (
                tr("Layer"),
                tr("Every feature of the active polygon layer: one AOI each"),
                self.use_whole_layer,
            ),
            (tr("Map extent"), tr("The current map extent"), self.use_extent),
            (tr("GeoJSON…"), tr("Polygons from a GeoJSON file: one AOI each"), self.use_geojson_file),
            (tr("Clear"), tr("Forget the current AOI"), self.current.clear),
        ):
            button = QPushButton(text)
            button.setToolTip(tip)
            button.clicked.connect(slot)
            take_buttons.append(button)

        grid.addWidget(QLabel(tr("Draw:")), 0, 0)
        grid.addWidget(side, 0, 1)
        grid.addWidget(self.square_size, 0, BUTTON_COLUMNS - 1)
        row = self._add_buttons(grid, 1, draw_buttons)
        grid.addWidget(QLabel(tr("From:")), row, 0, 1, BUTTON_COLUMNS)
        self._add_buttons(grid, row + 1, take_buttons)
        for column in range(BUTTON_COLUMNS):
            grid.setColumnStretch(column, 1)

    @staticmethod
    def _add_buttons(grid: QGridLayout, row: int, buttons: list[QWidget]) -> int:
        """Lay ``buttons`` out ``BUTTON_COLUMNS`` a row from ``row``; the next free row."""
        for number, button in enumerate(buttons):
            button.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
            grid.addWidget(button, row + number // BUTTON_COLUMNS, number % BUTTON_COLUMNS)
        return row + (len(buttons) + BUTTON_COLUMNS - 1) // BUTTON_COLUMNS

    def _tool_button(
        self, key: str, tool: AoiMapTool, text: str, tip: str, *, drawn: tuple[str, str]
    ) -> QToolButton:
        """A checkable button for ``tool``; ``drawn`` names what it draws and says where the AOI came from."""
        button = QToolButton()
        button.setText(text)
        button.setToolTip(tip)
        button.setCheckable(True)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        tool.setButton(button)
        tool.geometryChanged.connect(self._drawing)
        name, source = drawn
        tool.geometryDrawn.connect(lambda geometry: self._drawn(geometry, name, source))
        button.clicked.connect(lambda: self.canvas.setMapTool(tool))
        self.tools[key] = tool
        return button

    # -- drawing ---------------------------------------------------------------------------------
    def _canvas_crs(self) -> QgsCoordinateReferenceSystem:
        return self.canvas.mapSettings().destinationCrs()

    def _square_in_canvas_crs(self, point: QgsPointXY) -> QgsGeometry:
        to_wgs = QgsCoordinateTransform(self._canvas_crs(), WGS84, QgsProject.instance())
        centre = to_wgs.transform(point)
        square = square_around(centre.x(), centre.y(), self.square_size.value() * KM)
        square.transform(QgsCoordinateTransform(WGS84, self._canvas_crs(), QgsProject.instance()))
        return square

    def _drawing(self, geometry: QgsGeometry) -> None:
        """Live figures while a tool draws (no layer, no history)."""
        self.current.set_geometries(
            [(tr("Drawn AOI"), geometry)], self._canvas_crs(), tr("the shape being drawn")
        )

    def _drawn(self, geometry: QgsGeometry, name: str, source: str) -> None:
        self.current.set_geometries([(name, geometry)], self._canvas_crs(), source)

    # -- taking an AOI ---------------------------------------------------------------------------
    def _active_polygon_layer(self) -> QgsVectorLayer | None:
        layer = self.iface.activeLayer()
        if is_polygon_layer(layer):
            return layer
        self.iface.messageBar().pushWarning(
            "constellr", tr("Select a polygon layer in the Layers panel first.")
        )
        return None

    def use_selection(self) -> None:
        """The selected features of the active layer; follows the selection."""
        layer = self._active_polygon_layer()
        if layer is None:
            return
        if layer.selectedFeatureCount() == 0:
            self.iface.messageBar().pushInfo(
                "constellr",
                tr("Select features of “{layer}”: the AOI follows the selection.").format(layer=layer.name()),
            )
        self.current.follow_layer(layer, selected_only=True)

    def use_whole_layer(self) -> None:
        """Every feature of the active layer, one AOI each."""
        layer = self._active_polygon_layer()
        if layer is not None:
            self.current.follow_layer(layer, selected_only=False)

    def use_extent(self) -> None:
        """The map extent as a rectangle."""
        extent = QgsGeometry.fromRect(self.canvas.extent())
        self.current.set_geometries([(tr("Map extent"), extent)], self._canvas_crs(), tr("the map extent"))

    def use_geojson_file(self, path: str | None = None) -> None:
        """Polygons from a GeoJSON (or other vector) file: one AOI per feature."""
        if not path:
            path, _ = QFileDialog.getOpenFileName(
                self, tr("AOI from a file"), "", tr("GeoJSON (*.geojson *.json);;All vector files (*)")
            )
        if not path:
            return
        try:
            named, crs = read_vector_file(Path(path))
        except ValueError as error:
            self.iface.messageBar().pushWarning("constellr", str(error))
            return
        self.current.set_geometries(named, crs, tr("the file {name}").format(name=Path(path).name))

    # -- the outline on the map ------------------------------------------------------------------
    def _draw_band(self) -> None:
        self.band.reset()
        if not self._on_map:
            return
        to_canvas = QgsCoordinateTransform(WGS84, self._canvas_crs(), QgsProject.instance())
        for aoi in self.current.aois:
            geometry = aoi.candidate.geometry or (
                QgsGeometry.collectGeometry(aoi.candidate.parts) if aoi.candidate.parts else None
            )
            if geometry is not None:
                shown = QgsGeometry(geometry)
                shown.transform(to_canvas)
                self.band.addGeometry(shown, None)

    def activate(self) -> None:
        """Outline the current AOI on the map again (the tab is shown)."""
        self._on_map = True
        self._draw_band()

    def deactivate(self) -> None:
        """Unset the draw tool if one is active and take the outline off the map; the AOI is kept."""
        for tool in self.tools.values():
            if self.canvas.mapTool() is tool:
                self.canvas.unsetMapTool(tool)
        self._on_map = False
        self._draw_band()

    def release(self) -> None:
        """Remove the map tools and the rubber band from the canvas (plugin unload)."""
        self.deactivate()
        for tool in self.tools.values():
            tool.release()
        self.canvas.scene().removeItem(self.band)
