"""The AOIs tab: AOI sources, the live size check with per-product verdicts, and the AOI library."""

from __future__ import annotations

from pathlib import Path

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsGeometry,
    QgsProject,
    QgsVectorLayer,
)
from qgis.gui import QgisInterface
from qgis.PyQt.QtCore import Qt, pyqtSignal
from qgis.PyQt.QtWidgets import (
    QAbstractItemView,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..plugin.aoi_geometry import WGS84, Verdict, square_around, zoom_extent
from ..plugin.aois import CreationResult, create_aois, delete_aois, read_vector_file
from ..plugin.context import PluginContext
from ..plugin.current_aoi import CurrentAoi, NamedAoi, is_polygon_layer
from ..plugin.deletion import DeletionResult
from ..plugin.layers import add_or_replace_layer, aoi_geometry, aoi_layer, export_aois_geojson
from ..plugin.rules import aoi_size_problems, format_size, rules_for
from ..plugin.server_metrics import MetricsComparison, ServerMetricsCheck
from ..plugin.workspace import AOIS, PRODUCTS_PART
from .map_tools import AoiMapTool, PolygonTool, RectangleTool, SquareTool, make_rubber_band
from .style import BAD, GOOD, MUTED, text_colour

KM = 1000.0


class AoiPanel(QWidget):
    """Everything about AOIs in one tab. ``aoisCreated`` carries the AOIs just created."""

    aoisCreated = pyqtSignal(list)

    def __init__(self, iface: QgisInterface, context: PluginContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.iface = iface
        self.context = context
        self.canvas = iface.mapCanvas()
        self.current = CurrentAoi()
        self.server_check = ServerMetricsCheck(context)
        self.band = make_rubber_band(self.canvas)
        self.workspace = context.workspace
        self._tools: dict[str, AoiMapTool] = {}
        self._build()
        self.current.changed.connect(self._show_current)
        self.server_check.confirmed.connect(self._show_server_metrics)
        self.server_check.failed.connect(self._show_server_failure)
        self.canvas.destinationCrsChanged.connect(self._draw_band)
        self.workspace.changed.connect(self._workspace_changed)
        self.workspace.loadingChanged.connect(self._workspace_loading)
        self.workspace.failed.connect(self._workspace_failed)
        self._show_current()

    # -- layout ----------------------------------------------------------------------------------
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.addWidget(self._build_sources())
        layout.addWidget(self._build_check())
        layout.addWidget(self._build_library(), 1)

    def _tool_button(self, text: str, tip: str, key: str, tool: AoiMapTool) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setToolTip(tip)
        button.setCheckable(True)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        tool.setButton(button)
        tool.geometryChanged.connect(self._drawing)
        label = text.lower()
        tool.geometryDrawn.connect(lambda geometry: self._drawn(geometry, label))
        button.clicked.connect(lambda: self.canvas.setMapTool(tool))
        self._tools[key] = tool
        return button

    def _build_sources(self) -> QGroupBox:
        box = QGroupBox("Area of interest")
        rows = QVBoxLayout(box)
        draw = QHBoxLayout()
        draw.addWidget(QLabel("Draw:"))
        draw.addWidget(
            self._tool_button(
                "Rectangle", "Press, drag and release on the map", "rectangle", RectangleTool(self.canvas)
            )
        )
        draw.addWidget(
            self._tool_button(
                "Polygon",
                "Click the vertices; right click or double click closes it; Backspace removes the last one",
                "polygon",
                PolygonTool(self.canvas),
            )
        )
        draw.addWidget(
            self._tool_button(
                "Square",
                "One click places a square of the chosen size centred on the click",
                "square",
                SquareTool(self.canvas, self._square_in_canvas_crs),
            )
        )
        self.square_size = QDoubleSpinBox()
        self.square_size.setRange(0.1, 110.0)
        self.square_size.setDecimals(1)
        self.square_size.setSuffix(" km")
        self.square_size.setValue(15.0)
        self.square_size.setToolTip(
            "Side of the product square (15 km is the LSTprecision / LSTzoom maximum)"
        )
        draw.addWidget(self.square_size)
        draw.addStretch(1)
        rows.addLayout(draw)

        take = QHBoxLayout()
        take.addWidget(QLabel("From:"))
        for text, tip, slot in (
            (
                "Selection",
                "The selected features of the active polygon layer (follows the selection)",
                self.use_selection,
            ),
            ("Layer", "Every feature of the active polygon layer: one AOI each", self.use_whole_layer),
            ("Map extent", "The current map extent", self.use_extent),
            ("GeoJSON…", "A polygon from a GeoJSON file", self.use_geojson_file),
            ("Clear", "Forget the current AOI", self.current.clear),
        ):
            button = QPushButton(text)
            button.setToolTip(tip)
            button.clicked.connect(slot)
            take.addWidget(button)
        take.addStretch(1)
        rows.addLayout(take)
        return box

    def _build_check(self) -> QGroupBox:
        box = QGroupBox("Size check")
        layout = QVBoxLayout(box)
        self.source_label = QLabel()
        self.source_label.setWordWrap(True)
        layout.addWidget(self.source_label)
        self.aoi_table = QTableWidget(0, 2)
        self.aoi_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.aoi_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.aoi_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.aoi_table.verticalHeader().setVisible(False)
        self.aoi_table.setMaximumHeight(110)
        self.aoi_table.horizontalHeader().setStretchLastSection(False)
        self.aoi_table.itemSelectionChanged.connect(self._show_selected_aoi)
        layout.addWidget(self.aoi_table)

        details = QFormLayout()
        self.metrics_label = QLabel()
        self.server_label = QLabel()
        self.server_label.setWordWrap(True)
        details.addRow("Size:", self.metrics_label)
        details.addRow("Server:", self.server_label)
        layout.addLayout(details)
        self.verdicts = QFormLayout()
        layout.addLayout(self.verdicts)
        self.problem_label = QLabel()
        self.problem_label.setWordWrap(True)
        layout.addWidget(self.problem_label)
        fixes = QHBoxLayout()
        self.repair_button = QPushButton("Use the repaired polygon")
        self.repair_button.clicked.connect(lambda: self.current.accept_repair(self._selected_index()))
        self.split_button = QPushButton("One AOI per part")
        self.split_button.clicked.connect(lambda: self.current.split_parts(self._selected_index()))
        fixes.addWidget(self.repair_button)
        fixes.addWidget(self.split_button)
        fixes.addStretch(1)
        layout.addLayout(fixes)

        create = QFormLayout()
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText("AOI name (unique in the workspace)")
        self.description_edit = QLineEdit()
        self.create_button = QPushButton("Create AOI")
        self.create_button.clicked.connect(self.create_aois)
        create.addRow("Name:", self.name_edit)
        create.addRow("Description:", self.description_edit)
        create.addRow(self.create_button)
        layout.addLayout(create)
        return box

    def _build_library(self) -> QGroupBox:
        box = QGroupBox("AOI library")
        layout = QVBoxLayout(box)
        self.library_table = QTableWidget(0, 3)
        self.library_table.setHorizontalHeaderLabels(["Name", "Created", "Size"])
        self.library_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.library_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.library_table.verticalHeader().setVisible(False)
        self.library_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.library_table.setSortingEnabled(True)
        self.library_table.doubleClicked.connect(lambda _index: self.zoom_to_library_selection())
        self.library_table.itemSelectionChanged.connect(self._update_library_buttons)
        layout.addWidget(self.library_table)
        self.library_status = QLabel("Not loaded yet.")
        layout.addWidget(self.library_status)
        buttons = QHBoxLayout()
        self.library_buttons: dict[str, QPushButton] = {}
        for key, text, slot in (
            ("refresh", "Refresh", self.refresh_library),
            ("layer", "Load as layer", self.load_library_layer),
            ("zoom", "Zoom to", self.zoom_to_library_selection),
            ("export", "Export…", self.export_library),
            ("delete", "Delete", self.delete_library_selection),
        ):
            button = QPushButton(text)
            button.clicked.connect(slot)
            buttons.addWidget(button)
            self.library_buttons[key] = button
        layout.addLayout(buttons)
        self._update_library_buttons()
        return box

    # -- AOI sources -----------------------------------------------------------------------------
    def _canvas_crs(self) -> QgsCoordinateReferenceSystem:
        return self.canvas.mapSettings().destinationCrs()

    def _square_in_canvas_crs(self, point) -> QgsGeometry:  # noqa: ANN001 - QgsPointXY
        to_wgs = QgsCoordinateTransform(self._canvas_crs(), WGS84, QgsProject.instance())
        centre = to_wgs.transform(point)
        square = square_around(centre.x(), centre.y(), self.square_size.value() * KM)
        square.transform(QgsCoordinateTransform(WGS84, self._canvas_crs(), QgsProject.instance()))
        return square

    def _drawing(self, geometry: QgsGeometry) -> None:
        """Live figures while a tool draws (no layer, no history)."""
        self.current.set_geometries([("Drawn AOI", geometry)], self._canvas_crs(), "the shape being drawn")

    def _drawn(self, geometry: QgsGeometry, label: str) -> None:
        self.current.set_geometries([(f"Drawn {label}", geometry)], self._canvas_crs(), f"a drawn {label}")

    def _active_polygon_layer(self) -> QgsVectorLayer | None:
        layer = self.iface.activeLayer()
        if is_polygon_layer(layer):
            return layer
        self.iface.messageBar().pushWarning("constellr", "Select a polygon layer in the Layers panel first.")
        return None

    def use_selection(self) -> None:
        """The selected features of the active layer; follows the selection."""
        layer = self._active_polygon_layer()
        if layer is None:
            return
        if layer.selectedFeatureCount() == 0:
            self.iface.messageBar().pushInfo(
                "constellr", f"Select features of “{layer.name()}”: the AOI follows the selection."
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
        self.current.set_geometries([("Map extent", extent)], self._canvas_crs(), "the map extent")

    def use_geojson_file(self, path: str | None = None) -> None:
        """Polygons from a GeoJSON (or other vector) file: one AOI per feature."""
        if not path:
            path, _ = QFileDialog.getOpenFileName(
                self, "AOI from a file", "", "GeoJSON (*.geojson *.json);;All vector files (*)"
            )
        if not path:
            return
        try:
            named, crs = read_vector_file(Path(path))
        except ValueError as error:
            self.iface.messageBar().pushWarning("constellr", str(error))
            return
        self.current.set_geometries(named, crs, f"the file {Path(path).name}")

    # -- live size check -------------------------------------------------------------------------
    def _products(self) -> list[str]:
        return self.workspace.products

    def _selected_index(self) -> int:
        rows = self.aoi_table.selectionModel().selectedRows() if self.aoi_table.selectionModel() else []
        return rows[0].row() if rows else 0

    @staticmethod
    def _verdict(aoi: NamedAoi, product: str) -> tuple[bool | None, str]:
        """(fits?, what to say): None when there is nothing to judge or no local rule."""
        rules = rules_for(product)
        if aoi.metrics is None or aoi.candidate.verdict is Verdict.REFUSED:
            return None, "—"
        if rules is None:
            return None, "no local rule: constellr decides when ordering"
        problems = aoi_size_problems(rules, aoi.metrics.bbox_width_m, aoi.metrics.bbox_height_m)
        if problems:
            return False, "✘ " + "; ".join(problem.message for problem in problems)
        return True, "✔ fits"

    def _verdict_cell(self, aoi: NamedAoi, product: str) -> QTableWidgetItem:
        fits, text = self._verdict(aoi, product)
        item = QTableWidgetItem({True: "✔", False: "✘"}.get(fits, "—"))
        item.setToolTip(f"{product}: {text}")
        item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
        if fits is not None:
            item.setForeground(GOOD if fits else BAD)
        return item

    def _show_current(self) -> None:
        aois = self.current.aois
        products = self._products()
        self.source_label.setText(
            f"{len(aois)} AOI{'s' if len(aois) != 1 else ''} from {self.current.source_label}."
            if aois
            else "Draw an AOI, or take it from a polygon layer, the map extent or a GeoJSON file."
        )
        self.aoi_table.blockSignals(True)
        self.aoi_table.setColumnCount(2 + len(products))
        self.aoi_table.setHorizontalHeaderLabels(["Name", "Size", *products])
        self.aoi_table.setRowCount(len(aois))
        for row, aoi in enumerate(aois):
            self.aoi_table.setItem(row, 0, QTableWidgetItem(aoi.name))
            size = (
                format_size(aoi.metrics.bbox_width_m, aoi.metrics.bbox_height_m)
                if aoi.metrics
                else aoi.candidate.message
            )
            self.aoi_table.setItem(row, 1, QTableWidgetItem(size))
            for column, product in enumerate(products, start=2):
                self.aoi_table.setItem(row, column, self._verdict_cell(aoi, product))
        self.aoi_table.resizeColumnsToContents()
        if aois:
            self.aoi_table.selectRow(min(self._selected_index(), len(aois) - 1))
        self.aoi_table.blockSignals(False)
        self._show_selected_aoi()
        self._draw_band()

    def _show_selected_aoi(self) -> None:
        aois = self.current.aois
        while self.verdicts.rowCount():
            self.verdicts.removeRow(0)
        if not aois:
            for label in (self.metrics_label, self.server_label, self.problem_label):
                label.clear()
            self.repair_button.hide()
            self.split_button.hide()
            self.create_button.setEnabled(False)
            self.server_check.cancel()
            return
        aoi = aois[min(self._selected_index(), len(aois) - 1)]
        candidate = aoi.candidate
        self.metrics_label.setText(
            format_size(aoi.metrics.bbox_width_m, aoi.metrics.bbox_height_m, aoi.metrics.area_m2)
            if aoi.metrics
            else "—"
        )
        for product in self._products():
            fits, text = self._verdict(aoi, product)
            label = QLabel(text)
            label.setWordWrap(True)
            if fits is not None:
                label.setStyleSheet(text_colour(GOOD if fits else BAD))
            self.verdicts.addRow(f"{product}:", label)
        messages = [candidate.message] if candidate.message else []
        self.problem_label.setText("\n".join(messages + candidate.notes))
        self.problem_label.setStyleSheet(text_colour(BAD if not candidate.ready else MUTED))
        self.repair_button.setVisible(candidate.verdict is Verdict.REPAIRABLE)
        self.split_button.setVisible(candidate.verdict is Verdict.SEVERAL_PARTS)
        ready = [item for item in aois if item.candidate.ready]
        self.create_button.setEnabled(bool(ready))
        self.create_button.setText("Create AOI" if len(ready) <= 1 else f"Create {len(ready)} AOIs")
        self.name_edit.setEnabled(len(aois) == 1)
        if len(aois) == 1 and not self.name_edit.isModified():
            self.name_edit.setText(aoi.name)
        self.server_label.setStyleSheet("")
        if candidate.ready and aoi.metrics is not None:
            self.server_label.setText("checking…")
            self.server_check.request(candidate.geometry, aoi.metrics)
        else:
            self.server_check.cancel()  # an answer for the AOI shown before must not appear here
            self.server_label.setText("—")

    def _show_server_metrics(self, comparison: MetricsComparison) -> None:
        server = comparison.server
        figures = format_size(server.bbox_width, server.bbox_height, server.area)
        if comparison.agrees:
            self.server_label.setText(f"✔ constellr measures the same ({figures})")
            self.server_label.setStyleSheet(text_colour(GOOD))
        else:
            self.server_label.setText(
                f"constellr measures {figures}: {comparison.largest_difference:.1%} off the local figures"
            )
            self.server_label.setStyleSheet(text_colour(BAD))

    def _show_server_failure(self, message: str) -> None:
        self.server_label.setText(f"not confirmed: {message}")
        self.server_label.setStyleSheet(text_colour(BAD))

    def _draw_band(self) -> None:
        self.band.reset()
        to_canvas = QgsCoordinateTransform(WGS84, self._canvas_crs(), QgsProject.instance())
        for aoi in self.current.aois:
            geometry = aoi.candidate.geometry or (
                QgsGeometry.collectGeometry(aoi.candidate.parts) if aoi.candidate.parts else None
            )
            if geometry is not None:
                shown = QgsGeometry(geometry)
                shown.transform(to_canvas)
                self.band.addGeometry(shown, None)

    # -- creating AOIs ---------------------------------------------------------------------------
    def create_aois(self) -> None:
        """Create the ready AOIs in the workspace (one task)."""
        ready = [aoi for aoi in self.current.aois if aoi.candidate.ready]
        if not ready:
            return
        if len(ready) == 1 and len(self.current.aois) == 1:
            ready = [
                NamedAoi(self.name_edit.text().strip() or ready[0].name, ready[0].candidate, ready[0].metrics)
            ]
        description = self.description_edit.text().strip()
        self.create_button.setEnabled(False)
        self.context.run(
            f"create {len(ready)} AOI(s)",
            create_aois,
            [(aoi.name, aoi.candidate.geometry) for aoi in ready],
            description,
            on_done=self._created,
            on_error=self._create_failed,
            owner=self,
        )

    def _created(self, result: CreationResult) -> None:
        self.create_button.setEnabled(True)
        bar = self.iface.messageBar()
        (bar.pushWarning if result.failed else bar.pushSuccess)("constellr", result.summary())
        if result.created:
            self.name_edit.setModified(False)
            self.workspace.aois_created(result.created)
            self.aoisCreated.emit(result.created)

    def _create_failed(self, message: str) -> None:
        self.create_button.setEnabled(True)
        self.iface.messageBar().pushWarning("constellr", message)

    # -- AOI library -----------------------------------------------------------------------------
    @property
    def library(self) -> list:
        """The workspace's AOIs, as the store has them."""
        return self.workspace.aois

    def refresh_library(self) -> None:
        """Fetch every AOI of the workspace again (all pages, in a task)."""
        self.workspace.refresh([AOIS])

    def _workspace_changed(self, part: str) -> None:
        if part == PRODUCTS_PART:
            self._show_current()
        elif part == AOIS:
            self._show_library()

    def _workspace_loading(self, part: str, busy: bool) -> None:
        if part == AOIS:
            self.library_buttons["refresh"].setEnabled(not busy)
            if busy:
                self.library_status.setText("Loading AOIs…")

    def _workspace_failed(self, part: str, message: str) -> None:
        if part == AOIS:
            self.library_status.setText(f"The AOIs could not be loaded: {message}")

    def _show_library(self) -> None:
        aois = self.library
        self.library_table.setSortingEnabled(False)
        self.library_table.setRowCount(len(aois))
        for row, aoi in enumerate(aois):
            name = QTableWidgetItem(aoi.name)
            name.setData(Qt.ItemDataRole.UserRole, aoi.id)
            name.setToolTip(aoi.description or "")
            self.library_table.setItem(row, 0, name)
            created = aoi.created.strftime("%Y-%m-%d %H:%M") if aoi.created else ""
            self.library_table.setItem(row, 1, QTableWidgetItem(created))
            size = format_size(aoi.bbox_width, aoi.bbox_height) if aoi.bbox_width is not None else ""
            self.library_table.setItem(row, 2, QTableWidgetItem(size))
        self.library_table.setSortingEnabled(True)
        self.library_table.resizeColumnsToContents()
        self.library_status.setText(f"{len(aois)} AOIs in the workspace.")
        self._update_library_buttons()

    def _deletion_failed(self, message: str) -> None:
        self.iface.messageBar().pushWarning("constellr", message)

    def selected_library_aois(self) -> list:
        """The library AOIs selected in the table."""
        ids = {
            self.library_table.item(index.row(), 0).data(Qt.ItemDataRole.UserRole)
            for index in self.library_table.selectionModel().selectedRows()
        }
        return [aoi for aoi in self.library if aoi.id in ids]

    def _update_library_buttons(self) -> None:
        selected = bool(
            self.library_table.selectionModel() and self.library_table.selectionModel().selectedRows()
        )
        self.library_buttons["zoom"].setEnabled(selected)
        self.library_buttons["delete"].setEnabled(selected)
        self.library_buttons["layer"].setEnabled(bool(self.library))
        self.library_buttons["export"].setEnabled(bool(self.library))

    def load_library_layer(self) -> QgsVectorLayer:
        """Every AOI of the library as one styled memory layer."""
        layer = add_or_replace_layer(aoi_layer(self.library))
        self.iface.messageBar().pushSuccess("constellr", f"Loaded {layer.featureCount()} AOIs as a layer.")
        return layer

    def zoom_to_library_selection(self) -> None:
        """Zoom the map to the selected AOIs."""
        aois = self.selected_library_aois()
        if not aois:
            return
        shown = zoom_extent(
            QgsGeometry.collectGeometry([aoi_geometry(aoi) for aoi in aois]), self._canvas_crs()
        )
        self.canvas.setExtent(shown)
        self.canvas.refresh()

    def export_library(self, path: str | None = None) -> None:
        """Write the selected AOIs (or all) to a GeoJSON file."""
        if not path:
            path, _ = QFileDialog.getSaveFileName(
                self, "Export AOIs", "constellr-aois.geojson", "GeoJSON (*.geojson)"
            )
        if not path:
            return
        aois = self.selected_library_aois() or self.library
        count = export_aois_geojson(aois, Path(path))
        self.iface.messageBar().pushSuccess("constellr", f"Exported {count} AOIs to {path}.")

    def delete_library_selection(self, *, confirm: bool = True) -> None:
        """Delete the selected AOIs after confirmation."""
        aois = self.selected_library_aois()
        if not aois:
            return
        names = ", ".join(aoi.name for aoi in aois[:5]) + ("…" if len(aois) > 5 else "")
        if confirm:
            answer = QMessageBox.question(
                self, "Delete AOIs", f"Delete {len(aois)} AOI(s) from the workspace: {names}?"
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        self.context.run(
            f"delete {len(aois)} AOI(s)",
            delete_aois,
            aois,
            on_done=self._deleted,
            on_error=self._deletion_failed,
            owner=self,
        )

    def _deleted(self, result: DeletionResult) -> None:
        bar = self.iface.messageBar()
        (bar.pushWarning if result.failed else bar.pushSuccess)("constellr", result.summary())
        self.workspace.aois_deleted(result.deleted)

    def release(self) -> None:
        """Remove map tools and rubber bands from the canvas (plugin unload)."""
        self.server_check.cancel()
        self.context.cancel(self)
        for tool in self._tools.values():
            if self.canvas.mapTool() is tool:
                self.canvas.unsetMapTool(tool)
            tool.release()
        self.current.clear()
        self.canvas.scene().removeItem(self.band)
