"""The Orders tab: every order of the workspace in a filterable table, tags, deletion, deliveries."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from qgis.gui import QgisInterface
from qgis.PyQt.QtCore import (
    QAbstractTableModel,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    pyqtSignal,
)
from qgis.PyQt.QtGui import QColor
from qgis.PyQt.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..plugin.aoi_geometry import WGS84, zoom_extent
from ..plugin.api import Aoi, Order, StacItem
from ..plugin.context import PluginContext
from ..plugin.deletion import DeletionResult
from ..plugin.layers import aoi_geometry
from ..plugin.orders import (
    ORDER_STATES,
    Column,
    OrderFilter,
    OrderRow,
    aoi_name,
    delete_orders,
    deletion_refusal,
    parse_tags,
    short_id,
    state_style,
    tag_names,
    tags_text,
    update_tags,
)
from ..plugin.rules import MAX_TAG_LENGTH, MAX_TAGS_PER_ORDER, tag_problems
from ..plugin.search import (
    DEFAULT_PAGE_SIZE,
    add_deliveries_layer,
    deliveries_layer,
    deliveries_layer_name,
    deliveries_message,
    load_deliveries,
)
from ..plugin.workspace import AOIS, ORDERS, PRODUCTS_PART
from .style import BAD, text_colour

DEFAULT_REFRESH_SECONDS = 60


class OrdersTableModel(QAbstractTableModel):
    """Order rows for a table view, fast with thousands of rows.

    Texts and sort keys are computed once per row; sorting is one Python ``list.sort`` on those keys
    (a proxy sorting through ``data()`` would cross into Python n·log n times).
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[OrderRow] = []
        self._sorting: tuple[int, Qt.SortOrder] | None = None
        self._state_colours = {
            state: (QColor(state_style(state).background), QColor(state_style(state).foreground))
            for state in ORDER_STATES
        }

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(Column)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return Column(section).title
        return None

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return row.texts[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, Column(column))
        if column == Column.STATE and role in (
            Qt.ItemDataRole.BackgroundRole,
            Qt.ItemDataRole.ForegroundRole,
        ):
            colours = self._state_colours.get(row.order.state or "")
            if colours:
                return colours[0] if role == Qt.ItemDataRole.BackgroundRole else colours[1]
        return None

    @staticmethod
    def _tooltip(row: OrderRow, column: Column) -> str:
        order = row.order
        if column is Column.ID:
            return f"{order.id}\n{order.comment}" if order.comment else order.id
        if column is Column.STATE:
            return state_style(order.state).description
        if column is Column.AOI:
            return order.area_of_interest_id or ""
        return row.texts[column]

    def _sort_rows(self) -> None:
        if self._sorting is not None:
            column, order = self._sorting
            descending = order == Qt.SortOrder.DescendingOrder
            self.rows.sort(key=lambda row: row.sort_keys[column], reverse=descending)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by a column's sort keys (dates by time, states in lifecycle order); selections follow."""
        self._sorting = (column, order)
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        followed = [(self.rows[index.row()], index.column()) for index in persistent]
        self._sort_rows()
        position = {id(row): number for number, row in enumerate(self.rows)}
        self.changePersistentIndexList(
            persistent, [self.index(position[id(row)], at_column) for row, at_column in followed]
        )
        self.layoutChanged.emit()

    def set_rows(self, rows: list[OrderRow]) -> None:
        """Show these rows instead of the current ones, in the current sort order."""
        self.beginResetModel()
        self.rows = rows
        self._sort_rows()
        self.endResetModel()


class OrdersFilterProxy(QSortFilterProxyModel):
    """Keeps the rows an :class:`OrderFilter` accepts; sorting is handed to the source model."""

    def __init__(self, source: OrdersTableModel) -> None:
        super().__init__(source)
        self.setSourceModel(source)
        self.order_filter = OrderFilter()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.sourceModel().sort(column, order)

    def set_order_filter(self, order_filter: OrderFilter) -> None:
        """Filter the rows anew."""
        self.order_filter = order_filter
        self.invalidateFilter()

    def filterAcceptsRow(self, source_row: int, _source_parent: QModelIndex) -> bool:
        return self.order_filter.accepts(self.sourceModel().rows[source_row])


class TagsDialog(QDialog):
    """Edits one order's tags as a comma-separated line, checked while typing."""

    def __init__(self, order: Order, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Tags of order {short_id(order.id)}")
        layout = QVBoxLayout(self)
        hint = QLabel(
            f"Comma-separated; at most {MAX_TAGS_PER_ORDER} tags of up to {MAX_TAG_LENGTH} characters, "
            "no duplicates. Leave empty to remove every tag."
        )
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.editor = QLineEdit(tags_text(tag_names(order)))
        layout.addWidget(self.editor)
        self.problem_label = QLabel()
        self.problem_label.setWordWrap(True)
        self.problem_label.setStyleSheet(text_colour(BAD))
        layout.addWidget(self.problem_label)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.editor.textChanged.connect(self._check)
        self._check()

    @property
    def ok_button(self) -> QPushButton:
        """The OK button (disabled while the tags would be refused)."""
        return self.buttons.button(QDialogButtonBox.StandardButton.Ok)

    def tags(self) -> list[str]:
        """The tags as typed."""
        return parse_tags(self.editor.text())

    def _check(self) -> None:
        problems = tag_problems(self.tags())
        self.problem_label.setText("\n".join(problem.message for problem in problems))
        self.ok_button.setEnabled(not problems)


class OrdersPanel(QWidget):
    """Every order of the workspace: filters, auto-refresh, zoom to AOI, tags, deletion, deliveries.

    Signals:
        ordersLoaded(int): the table was (re)loaded with this many orders.
        deliveriesRequested(str): the user asked for the deliveries of this order id. The panel runs
            its own STAC search and adds a footprint layer; a Search tab can connect to this signal to
            take over (show the items in its result list).
    """

    ordersLoaded = pyqtSignal(int)
    deliveriesRequested = pyqtSignal(str)

    def __init__(self, iface: QgisInterface, context: PluginContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.iface = iface
        self.context = context
        self.workspace = context.workspace
        self.canvas = iface.mapCanvas()
        self.page_size = DEFAULT_PAGE_SIZE  # deliveries per request
        self.model = OrdersTableModel(self)
        self.proxy = OrdersFilterProxy(self.model)
        self.refresh_timer = QTimer(self)
        self.refresh_timer.timeout.connect(self._refresh_if_idle)
        self._loaded_once = False
        self._build()
        self.workspace.changed.connect(self._workspace_changed)
        self.workspace.loadingChanged.connect(self._workspace_loading)
        self.workspace.failed.connect(self._workspace_failed)
        self._fill_products()
        self._apply_filter()

    # -- layout ----------------------------------------------------------------------------------
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.addLayout(self._build_filters())
        layout.addWidget(self._build_table(), 1)
        self.status_label = QLabel()
        layout.addWidget(self.status_label)
        layout.addLayout(self._build_refreshing())
        layout.addLayout(self._build_actions())

    def _build_filters(self) -> QHBoxLayout:
        filters = QHBoxLayout()
        self.state_combo = QComboBox()
        self.state_combo.addItem("All states", None)
        for state in ORDER_STATES:
            self.state_combo.addItem(state_style(state).label, state)
        self.product_combo = QComboBox()
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText("Search id, AOI, tags, comment, rejection reason")
        self.search_edit.setClearButtonEnabled(True)
        self.state_combo.currentIndexChanged.connect(self._apply_filter)
        self.product_combo.currentIndexChanged.connect(self._apply_filter)
        self.search_edit.textChanged.connect(self._apply_filter)
        filters.addWidget(self.state_combo)
        filters.addWidget(self.product_combo)
        filters.addWidget(self.search_edit, 1)
        return filters

    def _build_table(self) -> QTableView:
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(Column.CREATED, Qt.SortOrder.DescendingOrder)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(self._zoom_to_index)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        return self.table

    def _build_refreshing(self) -> QHBoxLayout:
        refreshing = QHBoxLayout()
        self.refresh_button = QPushButton("Refresh")
        self.refresh_button.clicked.connect(self.refresh)
        self.auto_refresh_check = QCheckBox("Auto-refresh every")
        self.refresh_interval = QSpinBox()
        self.refresh_interval.setRange(10, 3600)
        self.refresh_interval.setSuffix(" s")
        self.refresh_interval.setValue(DEFAULT_REFRESH_SECONDS)
        self.auto_refresh_check.toggled.connect(self._update_timer)
        self.refresh_interval.valueChanged.connect(self._update_timer)
        refreshing.addWidget(self.refresh_button)
        refreshing.addWidget(self.auto_refresh_check)
        refreshing.addWidget(self.refresh_interval)
        refreshing.addStretch(1)
        return refreshing

    def _build_actions(self) -> QHBoxLayout:
        actions = QHBoxLayout()
        self.tags_button = QPushButton("Edit tags…")
        self.tags_button.clicked.connect(lambda: self.edit_selected_tags())  # noqa: PLW0108 - not clicked(bool)
        self.delete_button = QPushButton("Delete")
        self.delete_button.clicked.connect(lambda: self.delete_selected())  # noqa: PLW0108 - not clicked(bool)
        self.deliveries_button = QPushButton("Show deliveries")
        self.deliveries_button.setToolTip("Add the delivered images of the order as a footprint layer")
        self.deliveries_button.clicked.connect(self.show_deliveries)
        for button in (self.tags_button, self.delete_button, self.deliveries_button):
            actions.addWidget(button)
        actions.addStretch(1)
        return actions

    def _fill_products(self) -> None:
        """Product filter: the workspace's products and any other product an order names."""
        current = self.product_combo.currentData()
        products = set(self.workspace.products) | {
            row.order.product_name for row in self.model.rows if row.order.product_name
        }
        self.product_combo.blockSignals(True)
        self.product_combo.clear()
        self.product_combo.addItem("All products", None)
        for product in sorted(products):
            self.product_combo.addItem(product, product)
        self.product_combo.setCurrentIndex(max(self.product_combo.findData(current), 0))
        self.product_combo.blockSignals(False)

    @property
    def aois(self) -> dict[str, Aoi]:
        """The workspace's AOIs by id (for names and zooming)."""
        return {aoi.id: aoi for aoi in self.workspace.aois}

    def _warn(self, message: str) -> None:
        self.iface.messageBar().pushWarning("constellr", message)

    # -- loading ---------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Load every order and AOI again (all pages, in tasks of the workspace store)."""
        self.workspace.refresh([ORDERS, AOIS])

    def _refresh_if_idle(self) -> None:
        if not self.workspace.is_loading(ORDERS):
            self.workspace.refresh([ORDERS])

    def _update_timer(self) -> None:
        if self.auto_refresh_check.isChecked():
            self.refresh_timer.start(self.refresh_interval.value() * 1000)
        else:
            self.refresh_timer.stop()

    def _workspace_changed(self, part: str) -> None:
        if part == ORDERS:
            self._show_orders()
            self.ordersLoaded.emit(self.model.rowCount())
        elif part == AOIS and self._loaded_once:
            self._show_orders()  # AOI names
        elif part == PRODUCTS_PART:
            self._fill_products()

    def _workspace_loading(self, part: str, busy: bool) -> None:
        if part == ORDERS:
            self.refresh_button.setEnabled(not busy)
            self.refresh_button.setText("Loading…" if busy else "Refresh")

    def _workspace_failed(self, part: str, message: str) -> None:
        if part == ORDERS:
            self.status_label.setText(f"The orders could not be loaded: {message}")
            self._update_buttons()

    def _show_orders(self) -> None:
        selected = [order.id for order in self.selected_orders()]
        aois = self.aois
        self.model.set_rows([OrderRow.build(order, aois) for order in self.workspace.orders])
        if not self._loaded_once:
            self.table.resizeColumnsToContents()
        self._loaded_once = True
        self._fill_products()
        self._apply_filter()
        self.select_orders(selected)

    # -- filters and selection -------------------------------------------------------------------
    def _apply_filter(self) -> None:
        self.proxy.set_order_filter(
            OrderFilter(
                self.state_combo.currentData(), self.product_combo.currentData(), self.search_edit.text()
            )
        )
        total = self.model.rowCount()
        self.status_label.setText(
            f"{self.proxy.rowCount()} of {total} orders" if self._loaded_once else "Orders not loaded yet."
        )
        self._update_buttons()

    def selected_orders(self) -> list[Order]:
        """The orders selected in the table (those the filters hide are not selected)."""
        return [
            self.model.rows[self.proxy.mapToSource(index).row()].order
            for index in self.table.selectionModel().selectedRows()
        ]

    def select_orders(self, order_ids: Iterable[str]) -> None:
        """Select these orders in the table (those hidden by the filters stay unselected)."""
        wanted = set(order_ids)
        selection = QItemSelection()
        for number, row in enumerate(self.model.rows):
            if row.order.id in wanted:
                index = self.proxy.mapFromSource(self.model.index(number, 0))
                if index.isValid():
                    selection.select(index, index)
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        self.table.selectionModel().select(selection, flags)

    def _update_buttons(self) -> None:
        orders = self.selected_orders()
        single = len(orders) == 1
        self.tags_button.setEnabled(single)
        self.deliveries_button.setEnabled(single)
        refusal = deletion_refusal(orders)
        self.delete_button.setEnabled(bool(orders) and not refusal)
        if refusal:
            self.delete_button.setToolTip(refusal)
        elif orders:
            self.delete_button.setToolTip(f"Delete the {len(orders)} selected order(s) from the workspace")
        else:
            self.delete_button.setToolTip("Select orders pending validation or rejected to delete them")

    def _single_selected(self, action: str) -> Order | None:
        orders = self.selected_orders()
        if len(orders) != 1:
            self.iface.messageBar().pushInfo("constellr", f"Select one order to {action}.")
            return None
        return orders[0]

    # -- map -------------------------------------------------------------------------------------
    def _zoom_to_index(self, index: QModelIndex) -> None:
        self.zoom_to_order(self.model.rows[self.proxy.mapToSource(index).row()].order)

    def zoom_to_order(self, order: Order) -> None:
        """Zoom the map to the order's AOI and flash it; say so when the AOI is gone."""
        aoi = self.aois.get(order.area_of_interest_id or "")
        if aoi is None:
            self._warn(
                f"The AOI of order {short_id(order.id)} ({order.area_of_interest_id}) is no longer in the "
                "workspace (it may have been deleted): there is nothing to zoom to."
            )
            return
        geometry = aoi_geometry(aoi)
        self.canvas.setExtent(zoom_extent(geometry, self.canvas.mapSettings().destinationCrs()))
        self.canvas.refresh()
        self.canvas.flashGeometries([geometry], WGS84)

    # -- tags ------------------------------------------------------------------------------------
    def edit_selected_tags(self, tags: Sequence[str] | None = None) -> None:
        """Replace the selected order's tags: ``tags`` as given, or as edited in a dialog."""
        order = self._single_selected("edit its tags")
        if order is None:
            return
        if tags is None:
            dialog = TagsDialog(order, self)
            accepted = dialog.exec()
            tags = dialog.tags()
            dialog.deleteLater()
            if not accepted:
                return
        problems = tag_problems(tags)
        if problems:
            self._warn("The tags were not saved: " + "; ".join(problem.message for problem in problems))
            return
        self.context.run(
            f"tag order {short_id(order.id)}",
            update_tags,
            order.id,
            list(tags),
            on_done=self._tags_saved,
            on_error=self._warn,
            owner=self,
        )

    def _tags_saved(self, order: Order) -> None:
        self.workspace.order_changed(order)
        tags = tags_text(tag_names(order)) or "none"
        self.iface.messageBar().pushSuccess("constellr", f"Tags of order {short_id(order.id)} saved: {tags}.")

    # -- deletion --------------------------------------------------------------------------------
    def delete_selected(self, *, confirm: bool = True) -> None:
        """Delete the selected orders (all pending validation or rejected) after confirmation."""
        orders = self.selected_orders()
        if not orders:
            return
        refusal = deletion_refusal(orders)
        if refusal:
            self._warn(refusal)
            return
        if confirm:
            ids = ", ".join(short_id(order.id) for order in orders[:5]) + ("…" if len(orders) > 5 else "")
            answer = QMessageBox.question(
                self, "Delete orders", f"Delete {len(orders)} order(s) from the workspace: {ids}?"
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        self.delete_button.setEnabled(False)
        self.context.run(
            f"delete {len(orders)} order(s)",
            delete_orders,
            [order.id for order in orders],
            on_done=self._deleted,
            on_error=self._delete_failed,
            owner=self,
        )

    def _deleted(self, result: DeletionResult) -> None:
        bar = self.iface.messageBar()
        (bar.pushWarning if result.failed else bar.pushSuccess)("constellr", result.summary())
        self.workspace.orders_deleted(result.deleted)
        if result.failed:  # kept orders changed state since the table was loaded: show them as they are
            self.workspace.refresh([ORDERS])

    def _delete_failed(self, message: str) -> None:
        self._warn(message)
        self.workspace.refresh([ORDERS])

    # -- deliveries ------------------------------------------------------------------------------
    def show_deliveries(self) -> None:
        """Search the selected order's deliveries (STAC, all pages) and add them as a footprint layer."""
        order = self._single_selected("show its deliveries")
        if order is None:
            return
        self.deliveriesRequested.emit(order.id)
        name = aoi_name(order, self.aois)
        self.context.run(
            f"deliveries of order {short_id(order.id)}",
            load_deliveries,
            order.id,
            self.page_size,
            on_done=lambda items: self._deliveries_loaded(order, name, items),
            on_error=self._warn,
            owner=self,
        )

    def _deliveries_loaded(self, order: Order, name: str, items: list[StacItem]) -> None:
        message = deliveries_message(len(items), order, name)
        if not items:
            self.iface.messageBar().pushInfo("constellr", message)
            return
        add_deliveries_layer(deliveries_layer(items, deliveries_layer_name(name, order.id), order.id))
        self.iface.messageBar().pushSuccess("constellr", message)

    # -- unload ----------------------------------------------------------------------------------
    def release(self) -> None:
        """Stop auto-refresh, cancel this tab's tasks and stop listening to the workspace (unload)."""
        self.refresh_timer.stop()
        self.context.cancel(self)
        self.workspace.changed.disconnect(self._workspace_changed)
        self.workspace.loadingChanged.disconnect(self._workspace_loading)
        self.workspace.failed.disconnect(self._workspace_failed)
