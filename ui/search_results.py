"""The Search tab's results: a list of the items found, kept in step with the footprint layer's selection."""

from __future__ import annotations

import json

from qgis.core import QgsFeatureRequest, QgsVectorLayer
from qgis.gui import QgsMapCanvas
from qgis.PyQt.QtCore import QItemSelection, QItemSelectionModel, QObject, Qt, pyqtSignal
from qgis.PyQt.QtGui import QStandardItem, QStandardItemModel
from qgis.PyQt.QtWidgets import QAbstractItemView, QCheckBox, QListView, QVBoxLayout, QWidget

from ..plugin.api import StacItem
from ..plugin.i18n import tr
from ..plugin.search import SearchPage, acquisition_time, append_features, illumination_word, item_key

VISIBLE_ROWS = 6  # items the list shows before it scrolls


def _cloud_text(value: object) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return tr("cloud {percent} %").format(percent=f"{value:.0f}")
    return ""


def row_text(item: StacItem) -> str:
    """Two lines: when (UTC) and which collection; platform, day or night, cloud cover."""
    properties = item.properties
    acquired = acquisition_time(item)
    when = (
        tr("{moment} UTC").format(moment=acquired.strftime("%Y-%m-%d %H:%M")) if acquired else tr("no date")
    )
    about = (
        str(properties.get("platform") or ""),
        illumination_word(item),
        _cloud_text(properties.get("eo:cloud_cover")),
    )
    return f"{when} · {item.collection or ''}\n" + " · ".join(part for part in about if part)


def runs(rows: list[int]) -> list[tuple[int, int]]:
    """Sorted row numbers as (first, last) runs of consecutive rows (one selection range each)."""
    found: list[tuple[int, int]] = []
    for row in rows:
        if found and found[-1][1] == row - 1:
            found[-1] = (found[-1][0], row)
        else:
            found.append((row, row))
    return found


class SearchResultsModel(QStandardItemModel):
    """The items found, in the server's order; pages are appended as they arrive.

    The texts live in Qt's own model, so drawing the list never waits for Python (a search's worker
    thread holds Python's interpreter lock while it reads pages). Each item is kept as its JSON text and
    made a StacItem again when asked for: tens of thousands of StacItems (nested dicts) would make each
    of Python's full garbage collections, which stall the main thread, last hundreds of milliseconds;
    strings are not even looked at by them.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.keys: list[tuple[str, str]] = []  # (collection, item id) per row
        self._documents: list[str] = []

    def stac_item(self, row: int) -> StacItem:
        """The STAC item of a row."""
        return StacItem.from_dict(json.loads(self._documents[row]))

    def clear(self) -> None:
        """No items (a new search begins)."""
        super().clear()
        self.keys, self._documents = [], []

    def append(self, items: list[StacItem]) -> None:
        """Add a page of items at the end."""
        rows = []
        for item in items:
            row = QStandardItem(row_text(item))
            row.setToolTip(item.id)
            row.setEditable(False)
            rows.append(row)
        self.keys.extend((item.collection or "", item.id) for item in items)
        self._documents.extend(json.dumps(item.raw, separators=(",", ":")) for item in items)
        self.invisibleRootItem().appendRows(rows)


class ResultsView(QListView):
    """Two lines per item, rows of equal height (fast with thousands), never a horizontal scroll bar."""

    def __init__(self, model: SearchResultsModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(model)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setUniformItemSizes(True)
        self.setAlternatingRowColors(True)
        self.setMinimumWidth(1)
        row = 2 * self.fontMetrics().lineSpacing() + self.fontMetrics().height() // 2
        self.setMinimumHeight(2 * row)
        self.setMaximumHeight(VISIBLE_ROWS * row)


class SearchResults(QWidget):
    """The results list and the footprint layer of one search, their selections kept in step.

    Selecting rows selects the footprints (and zooms to them when asked); selecting footprints on the
    map selects their rows. ``selectionChanged`` tells when the selected items change.
    """

    selectionChanged = pyqtSignal()

    def __init__(self, canvas: QgsMapCanvas, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.canvas = canvas
        self.model = SearchResultsModel(self)
        self.view = ResultsView(self.model)
        self.zoom_check = QCheckBox(tr("Zoom the map to the selected items"))
        self.zoom_check.setToolTip(tr("Or double-click an item to zoom to it"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        layout.addWidget(self.zoom_check)
        self.layer: QgsVectorLayer | None = None
        self._fid_of_row: dict[int, int] = {}
        self._row_of_fid: dict[int, int] = {}
        self._syncing = False
        self.view.selectionModel().selectionChanged.connect(self._rows_selected)
        self.view.doubleClicked.connect(self._zoom_to_selection)

    # -- filling ---------------------------------------------------------------------------------
    def start(self, layer: QgsVectorLayer) -> None:
        """Show the items of a new search, whose footprints go into ``layer``."""
        self._detach()
        self.model.clear()
        self._fid_of_row.clear()
        self._row_of_fid.clear()
        self.layer = layer
        layer.selectionChanged.connect(self._features_selected)
        layer.willBeDeleted.connect(self._layer_deleted)
        self.selectionChanged.emit()

    def add_page(self, page: SearchPage) -> None:
        """Add a page of items to the list and their footprints (built in the worker) to the layer."""
        items = page.items
        if not items:
            return
        if self.layer is not None:  # else the analyst removed the layer: the list goes on alone
            append_features(self.layer, page.features)
        self.model.append(items)

    def selected_rows(self) -> list[int]:
        """The rows selected, in list order."""
        return sorted(index.row() for index in self.view.selectionModel().selectedRows())

    def selected_items(self) -> list[StacItem]:
        """The items selected, in list order."""
        return [self.model.stac_item(row) for row in self.selected_rows()]

    # -- keeping the selections in step ----------------------------------------------------------
    def _map_features(self) -> None:
        """Match the footprints added since the last time to their rows (when a selection needs them).

        Done here rather than per page: a page then costs the main thread only its append.
        """
        layer = self.layer
        if layer is None or len(self._row_of_fid) >= layer.featureCount():
            return
        row_of_key = {key: row for row, key in enumerate(self.model.keys)}
        request = QgsFeatureRequest().setSubsetOfAttributes(["collection", "item_id"], layer.fields())
        for feature in layer.getFeatures(request):
            if feature.id() not in self._row_of_fid:
                row = row_of_key.get(item_key(feature))
                if row is not None:
                    self._fid_of_row[row] = feature.id()
                    self._row_of_fid[feature.id()] = row

    def _rows_selected(self) -> None:
        if not self._syncing and self.layer is not None:
            self._map_features()
            fids = [self._fid_of_row[row] for row in self.selected_rows() if row in self._fid_of_row]
            self._syncing = True
            try:
                self.layer.selectByIds(fids)
            finally:
                self._syncing = False
            if fids and self.zoom_check.isChecked():
                self._zoom_to_selection()
        self.selectionChanged.emit()

    def _zoom_to_selection(self) -> None:
        if self.layer is not None and self.layer.selectedFeatureCount():
            self.canvas.zoomToSelected(self.layer)

    def _features_selected(self, *_args: object) -> None:
        if self._syncing or self.layer is None:
            return
        self._map_features()
        rows = sorted(
            self._row_of_fid[fid] for fid in self.layer.selectedFeatureIds() if fid in self._row_of_fid
        )
        self._syncing = True
        try:
            self.select_rows(rows)  # selectionChanged follows
        finally:
            self._syncing = False
        if rows:
            self.view.scrollTo(self.model.index(rows[0], 0))

    def select_rows(self, rows: list[int]) -> None:
        """Select these rows (sorted), and so their footprints."""
        selection = QItemSelection()
        for first, last in runs(rows):
            selection.select(self.model.index(first, 0), self.model.index(last, 0))
        self.view.selectionModel().select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)

    # -- the layer going away --------------------------------------------------------------------
    def _layer_deleted(self) -> None:
        # the layer is being destroyed: forget it (its signals can no longer be touched)
        self.layer = None
        self._fid_of_row.clear()
        self._row_of_fid.clear()

    def _detach(self) -> None:
        if self.layer is not None:
            self.layer.selectionChanged.disconnect(self._features_selected)
            self.layer.willBeDeleted.disconnect(self._layer_deleted)
            self.layer = None

    def release(self) -> None:
        """Stop following the layer (unload)."""
        self._detach()
