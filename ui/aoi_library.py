"""The AOI library: the workspace's AOIs in a table, loaded as a layer, zoomed to, exported or deleted."""

from __future__ import annotations

from pathlib import Path

from qgis.core import QgsGeometry, QgsVectorLayer
from qgis.gui import QgisInterface
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHeaderView,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..plugin.aoi_geometry import zoom_extent
from ..plugin.aois import delete_aois
from ..plugin.api import Aoi
from ..plugin.context import PluginContext
from ..plugin.deletion import DeletionResult
from ..plugin.i18n import tr, tr_count
from ..plugin.layers import add_or_replace_layer, aoi_geometry, aoi_layer, export_aois_geojson
from ..plugin.rules import format_size
from ..plugin.workspace import AOIS
from .style import breakable, wrapping_label

BUTTON_COLUMNS = 3  # two rows of buttons keep the box narrow enough for a 400 px dock
NAME, CREATED, SIZE = range(3)
SORT_KEY = Qt.ItemDataRole.UserRole + 1


class KeyedItem(QTableWidgetItem):
    """A cell that sorts by a number of its own (a time, an area), not by its text."""

    def __init__(self, text: str, key: float) -> None:
        super().__init__(text)
        self.setData(SORT_KEY, key)

    def __lt__(self, other: QTableWidgetItem) -> bool:
        return self.data(SORT_KEY) < other.data(SORT_KEY)


class AoiLibrary(QGroupBox):
    """The AOIs of the workspace, as the workspace store has them."""

    def __init__(self, iface: QgisInterface, context: PluginContext, parent: QWidget | None = None) -> None:
        super().__init__(tr("AOI library"), parent)
        self.iface = iface
        self.context = context
        self.canvas = iface.mapCanvas()
        self.workspace = context.workspace
        self._build()
        self.workspace.changed.connect(self._workspace_changed)
        self.workspace.loadingChanged.connect(self._workspace_loading)
        self.workspace.failed.connect(self._workspace_failed)

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels([tr("Name"), tr("Created"), tr("Size")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(CREATED, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(SIZE, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setSortingEnabled(True)
        self.table.doubleClicked.connect(lambda _index: self.zoom_to_selection())
        self.table.itemSelectionChanged.connect(self._update_buttons)
        layout.addWidget(self.table)
        self.status = wrapping_label(tr("Not loaded yet."))
        layout.addWidget(self.status)
        buttons = QGridLayout()
        self.buttons: dict[str, QPushButton] = {}
        for number, (key, text, tip, slot) in enumerate(
            (
                ("refresh", tr("Refresh"), tr("List the workspace's AOIs again"), self.refresh),
                (
                    "layer",
                    tr("Load as layer"),
                    tr("Every AOI of the library as one map layer"),
                    self.load_layer,
                ),
                ("zoom", tr("Zoom to"), tr("Zoom the map to the selected AOIs"), self.zoom_to_selection),
                ("export", tr("Export…"), tr("Write the selected AOIs (or all) to GeoJSON"), self.export),
                (
                    "delete",
                    tr("Delete…"),
                    tr("Delete the selected AOIs from the workspace"),
                    self.delete_selection,
                ),
            )
        ):
            button = QPushButton(text)
            button.setToolTip(tip)
            button.clicked.connect(slot)
            buttons.addWidget(button, number // BUTTON_COLUMNS, number % BUTTON_COLUMNS)
            self.buttons[key] = button
        layout.addLayout(buttons)
        self._update_buttons()

    @property
    def aois(self) -> list[Aoi]:
        """The workspace's AOIs, as the store has them."""
        return self.workspace.aois

    def refresh(self) -> None:
        """Fetch every AOI of the workspace again (all pages, in a task)."""
        self.workspace.refresh([AOIS])

    def _workspace_changed(self, part: str) -> None:
        if part == AOIS:
            self._show()

    def _workspace_loading(self, part: str, busy: bool) -> None:
        if part == AOIS:
            self.buttons["refresh"].setEnabled(not busy)
            if busy:
                self.status.setText(tr("Loading AOIs…"))

    def _workspace_failed(self, part: str, message: str) -> None:
        if part == AOIS:
            self.status.setText(
                breakable(tr("The AOIs could not be loaded: {message}").format(message=message))
            )

    def _show(self) -> None:
        aois = self.aois
        self.table.setSortingEnabled(False)
        self.table.setRowCount(len(aois))
        for row, aoi in enumerate(aois):
            name = QTableWidgetItem(aoi.name)
            name.setData(Qt.ItemDataRole.UserRole, aoi.id)
            name.setToolTip(f"{aoi.name}\n{aoi.description}" if aoi.description else aoi.name)
            self.table.setItem(row, NAME, name)
            created = KeyedItem(
                aoi.created.strftime("%Y-%m-%d") if aoi.created else "",
                aoi.created.timestamp() if aoi.created else 0.0,
            )
            created.setToolTip(aoi.created.strftime("%Y-%m-%d %H:%M") if aoi.created else "")
            self.table.setItem(row, CREATED, created)
            if aoi.bbox_width is not None and aoi.bbox_height is not None:
                size = KeyedItem(
                    format_size(aoi.bbox_width, aoi.bbox_height), aoi.bbox_width * aoi.bbox_height
                )
            else:
                size = KeyedItem("", -1.0)
            self.table.setItem(row, SIZE, size)
        self.table.setSortingEnabled(True)
        self.status.setText(tr("{count} AOIs in the workspace.").format(count=len(aois)))
        self._update_buttons()

    def selected_aois(self) -> list[Aoi]:
        """The library AOIs selected in the table."""
        ids = {
            self.table.item(index.row(), NAME).data(Qt.ItemDataRole.UserRole)
            for index in self.table.selectionModel().selectedRows()
        }
        return [aoi for aoi in self.aois if aoi.id in ids]

    def _update_buttons(self) -> None:
        selected = bool(self.table.selectionModel() and self.table.selectionModel().selectedRows())
        self.buttons["zoom"].setEnabled(selected)
        self.buttons["delete"].setEnabled(selected)
        self.buttons["layer"].setEnabled(bool(self.aois))
        self.buttons["export"].setEnabled(bool(self.aois))

    def load_layer(self) -> QgsVectorLayer:
        """Every AOI of the library as one styled memory layer."""
        layer = add_or_replace_layer(aoi_layer(self.aois))
        self.iface.messageBar().pushSuccess(
            "constellr",
            tr_count(
                layer.featureCount(), "Loaded {count} AOI as a layer.", "Loaded {count} AOIs as a layer."
            ),
        )
        return layer

    def zoom_to_selection(self) -> None:
        """Zoom the map to the selected AOIs."""
        aois = self.selected_aois()
        if not aois:
            return
        shown = zoom_extent(
            QgsGeometry.collectGeometry([aoi_geometry(aoi) for aoi in aois]),
            self.canvas.mapSettings().destinationCrs(),
        )
        self.canvas.setExtent(shown)
        self.canvas.refresh()

    def export(self, path: str | None = None) -> None:
        """Write the selected AOIs (or all) to a GeoJSON file."""
        if not path:
            path, _ = QFileDialog.getSaveFileName(
                self, tr("Export AOIs"), "constellr-aois.geojson", "GeoJSON (*.geojson)"
            )
        if not path:
            return
        aois = self.selected_aois() or self.aois
        count = export_aois_geojson(aois, Path(path))
        self.iface.messageBar().pushSuccess(
            "constellr",
            tr("Exported {aois} to {path}.").format(
                aois=tr_count(count, "{count} AOI", "{count} AOIs"), path=path
            ),
        )

    def delete_selection(self, *, confirm: bool = True) -> None:
        """Delete the selected AOIs after confirmation."""
        aois = self.selected_aois()
        if not aois:
            return
        names = ", ".join(aoi.name for aoi in aois[:5]) + ("…" if len(aois) > 5 else "")
        if confirm:
            answer = QMessageBox.question(
                self,
                tr("Delete AOIs"),
                tr("Delete {aois} from the workspace: {names}?").format(
                    aois=tr_count(len(aois), "{count} AOI", "{count} AOIs"), names=names
                ),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        self.context.run(
            tr_count(len(aois), "delete {count} AOI", "delete {count} AOIs"),
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

    def _deletion_failed(self, message: str) -> None:
        self.iface.messageBar().pushWarning("constellr", message)

    def release(self) -> None:
        """Stop this box's tasks."""
        self.context.cancel(self)
