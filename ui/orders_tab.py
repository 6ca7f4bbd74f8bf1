"""The Orders tab: every order of the workspace in a filterable table, tags, deletion, deliveries."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from qgis.gui import QgisInterface
from qgis.PyQt.QtCore import QItemSelection, QItemSelectionModel, QModelIndex, QTimer, pyqtSignal
from qgis.PyQt.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ..plugin.aoi_geometry import WGS84, zoom_extent
from ..plugin.api import Aoi, Order
from ..plugin.context import PluginContext
from ..plugin.deletion import DeletionResult
from ..plugin.i18n import tr, tr_count
from ..plugin.layers import aoi_geometry
from ..plugin.orders import (
    ORDER_STATES,
    OrderFilter,
    OrderRow,
    delete_orders,
    deletion_refusal,
    short_id,
    state_style,
    tag_names,
    tags_text,
    update_tags,
)
from ..plugin.rules import tag_problems
from ..plugin.workspace import AOIS, ORDERS, PRODUCTS_PART
from .orders_table import OrdersFilterProxy, OrdersTableModel, OrdersTableView
from .style import breakable
from .tags_dialog import TagsDialog

DEFAULT_REFRESH_SECONDS = 60
COMBO_MINIMUM_CHARACTERS = 8  # the filters shrink to this and elide longer entries


class OrdersTab(QWidget):
    """Every order of the workspace: filters, auto-refresh, zoom to AOI, tags, deletion, deliveries.

    Signals:
        ordersLoaded(int): the table was (re)loaded with this many orders.
        deliveriesRequested(str): the user asked for the deliveries of this order id; the dock shows
            them in the Search tab.
    """

    ordersLoaded = pyqtSignal(int)
    deliveriesRequested = pyqtSignal(str)

    def __init__(self, iface: QgisInterface, context: PluginContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.iface = iface
        self.context = context
        self.workspace = context.workspace
        self.canvas = iface.mapCanvas()
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
        self.table = OrdersTableView(self.proxy)
        self.table.doubleClicked.connect(self._zoom_to_index)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        layout.addWidget(self.table, 1)
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        layout.addWidget(self.status_label)
        layout.addLayout(self._build_refreshing())
        layout.addLayout(self._build_actions())

    def _build_filters(self) -> QGridLayout:
        """State and product side by side, the search line below them (narrow enough for a laptop)."""
        filters = QGridLayout()
        self.state_combo = QComboBox()
        self.state_combo.addItem(tr("All states"), None)
        for state in ORDER_STATES:
            self.state_combo.addItem(state_style(state).label, state)
        self.product_combo = QComboBox()
        for combo in (self.state_combo, self.product_combo):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(COMBO_MINIMUM_CHARACTERS)
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText(tr("Search id, AOI, tags, comment, rejection reason"))
        self.search_edit.setClearButtonEnabled(True)
        self.state_combo.currentIndexChanged.connect(self._apply_filter)
        self.product_combo.currentIndexChanged.connect(self._apply_filter)
        self.search_edit.textChanged.connect(self._apply_filter)
        filters.addWidget(self.state_combo, 0, 0)
        filters.addWidget(self.product_combo, 0, 1)
        filters.addWidget(self.search_edit, 1, 0, 1, 2)
        return filters

    def _build_refreshing(self) -> QHBoxLayout:
        refreshing = QHBoxLayout()
        self.refresh_button = QPushButton(tr("Refresh"))
        self.refresh_button.clicked.connect(self.refresh)
        self.auto_refresh_check = QCheckBox(tr("Auto-refresh"))
        self.auto_refresh_check.setToolTip(tr("Reload the orders every so many seconds"))
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
        self.tags_button = QPushButton(tr("Edit tags…"))
        self.tags_button.clicked.connect(lambda: self.edit_selected_tags())  # noqa: PLW0108 - not clicked(bool)
        self.delete_button = QPushButton(tr("Delete"))
        self.delete_button.clicked.connect(lambda: self.delete_selected())  # noqa: PLW0108 - not clicked(bool)
        self.deliveries_button = QPushButton(tr("Show deliveries"))
        self.deliveries_button.setToolTip(tr("Find the delivered images of the order in the Search tab"))
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
        self.product_combo.addItem(tr("All products"), None)
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
            self.refresh_button.setText(tr("Loading…") if busy else tr("Refresh"))

    def _workspace_failed(self, part: str, message: str) -> None:
        if part == ORDERS:
            self.status_label.setText(
                breakable(tr("The orders could not be loaded: {message}").format(message=message))
            )
            self._update_buttons()

    def _show_orders(self) -> None:
        selected = [order.id for order in self.selected_orders()]
        aois = self.aois
        self.model.set_rows([OrderRow.build(order, aois) for order in self.workspace.orders])
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
            tr("{shown} of {total} orders").format(shown=self.proxy.rowCount(), total=total)
            if self._loaded_once
            else tr("Orders not loaded yet.")
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
            self.delete_button.setToolTip(
                tr_count(
                    len(orders),
                    "Delete the {count} selected order from the workspace",
                    "Delete the {count} selected orders from the workspace",
                )
            )
        else:
            self.delete_button.setToolTip(tr("Select orders pending validation or rejected to delete them"))

    def _single_selected(self, request: str) -> Order | None:
        """The one order selected; else ``request`` (“Select one order to …”) is shown and None returned."""
        orders = self.selected_orders()
        if len(orders) != 1:
            self.iface.messageBar().pushInfo("constellr", request)
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
                tr(
                    "The AOI of order {order} ({aoi}) is no longer in the workspace "
                    "(it may have been deleted): there is nothing to zoom to."
                ).format(order=short_id(order.id), aoi=order.area_of_interest_id)
            )
            return
        geometry = aoi_geometry(aoi)
        self.canvas.setExtent(zoom_extent(geometry, self.canvas.mapSettings().destinationCrs()))
        self.canvas.refresh()
        self.canvas.flashGeometries([geometry], WGS84)

    # -- tags ------------------------------------------------------------------------------------
    def edit_selected_tags(self, tags: Sequence[str] | None = None) -> None:
        """Replace the selected order's tags: ``tags`` as given, or as edited in a dialog (not blocking)."""
        order = self._single_selected(tr("Select one order to edit its tags."))
        if order is None:
            return
        if tags is None:
            dialog = TagsDialog(order, self)
            dialog.tagsAccepted.connect(lambda edited: self._save_tags(order, edited))
            dialog.open()
        else:
            self._save_tags(order, tags)

    def _save_tags(self, order: Order, tags: Sequence[str]) -> None:
        problems = tag_problems(tags)
        if problems:
            self._warn(
                tr("The tags were not saved: {problems}").format(
                    problems="; ".join(problem.message for problem in problems)
                )
            )
            return
        self.context.run(
            tr("tag order {order}").format(order=short_id(order.id)),
            update_tags,
            order.id,
            list(tags),
            on_done=self._tags_saved,
            on_error=self._warn,
            owner=self,
        )

    def _tags_saved(self, order: Order) -> None:
        self.workspace.order_changed(order)
        tags = tags_text(tag_names(order)) or tr("none")
        self.iface.messageBar().pushSuccess(
            "constellr",
            tr("Tags of order {order} saved: {tags}.").format(order=short_id(order.id), tags=tags),
        )

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
                self,
                tr("Delete orders"),
                tr("Delete {orders} from the workspace: {ids}?").format(
                    orders=tr_count(len(orders), "{count} order", "{count} orders"), ids=ids
                ),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        self.delete_button.setEnabled(False)
        self.context.run(
            tr_count(len(orders), "delete {count} order", "delete {count} orders"),
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
        """Ask for the selected order's deliveries (the dock searches them in the Search tab)."""
        order = self._single_selected(tr("Select one order to show its deliveries."))
        if order is not None:
            self.deliveriesRequested.emit(order.id)

    # -- unload ----------------------------------------------------------------------------------
    def release(self) -> None:
        """Stop auto-refresh, cancel this tab's tasks and stop listening to the workspace (unload)."""
        self.refresh_timer.stop()
        self.context.cancel(self)
        self.workspace.changed.disconnect(self._workspace_changed)
        self.workspace.loadingChanged.disconnect(self._workspace_loading)
        self.workspace.failed.disconnect(self._workspace_failed)
