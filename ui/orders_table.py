"""The orders table: its model, its filter, and a view that fits its columns to the width it is given."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import partial
from typing import Any

from qgis.core import QgsSettings
from qgis.PyQt.QtCore import QAbstractTableModel, QModelIndex, QObject, QPoint, QSortFilterProxyModel, Qt
from qgis.PyQt.QtGui import QResizeEvent
from qgis.PyQt.QtWidgets import QAbstractItemView, QHeaderView, QMenu, QTableView, QWidget

from ..plugin.connection import SETTINGS_GROUP
from ..plugin.i18n import tr, translatable
from ..plugin.orders import KEY_COLUMNS, Column, OrderFilter, OrderRow, created_text, state_style
from .style import order_state_tint

COLUMNS_SETTING = f"{SETTINGS_GROUP}/orders_table/columns"  # names of the columns shown, comma-separated
HEADER_HINT = translatable("Right-click a column title to choose the columns shown.")


class OrdersTableModel(QAbstractTableModel):
    """Order rows for a table view, fast with thousands of rows.

    Texts and sort keys are computed once per row; sorting is one Python ``list.sort`` on those keys
    (a proxy sorting through ``data()`` would cross into Python n·log n times).
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[OrderRow] = []
        self._sorting: tuple[int, Qt.SortOrder] | None = None

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(Column)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return Column(section).title
        if role == Qt.ItemDataRole.ToolTipRole:
            return tr(HEADER_HINT)
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
        if column == Column.STATE and role == Qt.ItemDataRole.BackgroundRole:
            return order_state_tint(row.order.state).background
        if column == Column.STATE and role == Qt.ItemDataRole.ForegroundRole:
            return order_state_tint(row.order.state).foreground
        return None

    @staticmethod
    def _tooltip(row: OrderRow, column: Column) -> str:
        """The whole text (a narrow column elides it), and what the short forms stand for."""
        order = row.order
        if column is Column.ID:
            return f"{order.id}\n{order.comment}" if order.comment else order.id
        if column is Column.STATE:
            style = state_style(order.state)
            return f"{style.label}: {style.description}" if style.description else style.label
        if column is Column.AOI and order.area_of_interest_id != row.aoi_name:
            return f"{row.aoi_name}\n{order.area_of_interest_id}"
        if column is Column.CREATED:
            return created_text(order)
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


def fit_widths(natural: Sequence[int], available: int, minimum: int) -> list[int]:
    """Column widths that add up to at most ``available``.

    Columns narrower than an equal share keep their natural width; the wider ones share what is left
    equally (never below ``minimum``), so short columns stay whole and long texts are elided.
    """
    widths = list(natural)
    left = available
    narrowest_first = sorted(range(len(natural)), key=natural.__getitem__)
    for position, column in enumerate(narrowest_first):
        share = left // (len(natural) - position)
        if natural[column] > share:
            for wide in narrowest_first[position:]:
                widths[wide] = max(share, minimum)
            break
        left -= natural[column]
    return widths


def saved_columns() -> list[Column]:
    """The columns the user chose to show, or the key columns when they never chose."""
    names = str(QgsSettings().value(COLUMNS_SETTING, "") or "").split(",")
    chosen = [Column[name] for name in names if name in Column.__members__]
    return chosen or list(KEY_COLUMNS)


def save_columns(columns: Iterable[Column]) -> None:
    """Remember which columns are shown."""
    QgsSettings().setValue(COLUMNS_SETTING, ",".join(column.name for column in columns))


class OrdersTableView(QTableView):
    """The orders table: rows selected whole, the shown columns fitted to the width (no horizontal
    scrolling), a column chooser on the header's context menu, the choice kept in QGIS settings.

    The AOI column (or the last one shown) takes the width left over; when the columns do not fit,
    the widest are narrowed equally and elide their text (tooltips show it whole). Column widths the
    user drags stay until the table is resized or its columns change.
    """

    def __init__(self, proxy: OrdersFilterProxy, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(proxy)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSortingEnabled(True)
        self.sortByColumn(Column.CREATED, Qt.SortOrder.DescendingOrder)
        self.setWordWrap(False)
        self.verticalHeader().setVisible(False)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._show_column_menu)
        header.sectionResized.connect(self._resized_by_hand)
        self._natural: dict[int, int] = {}
        self._fitting = False
        self._sized_by_hand = False
        proxy.modelReset.connect(self._contents_changed)
        shown = saved_columns()
        for column in Column:
            self.setColumnHidden(column, column not in shown)
        self.fit_columns()

    def visible_columns(self) -> list[Column]:
        """The columns shown, in table order."""
        return [column for column in Column if not self.isColumnHidden(column)]

    def set_column_visible(self, column: Column, visible: bool) -> None:
        """Show or hide a column (the last one shown stays), remember the choice and fit the widths."""
        if not visible and self.visible_columns() == [column]:
            return
        self.setColumnHidden(column, not visible)
        save_columns(self.visible_columns())
        self.fit_columns()

    def column_menu(self) -> QMenu:
        """The column chooser: one checkable entry per column."""
        menu = QMenu(self)
        shown = self.visible_columns()
        for column in Column:
            action = menu.addAction(column.title)
            action.setCheckable(True)
            action.setChecked(column in shown)
            action.setEnabled(shown != [column])
            action.toggled.connect(partial(self.set_column_visible, column))
        return menu

    def _show_column_menu(self, position: QPoint) -> None:
        menu = self.column_menu()
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(self.horizontalHeader().mapToGlobal(position))

    def fit_columns(self) -> None:
        """Size the shown columns to fill the viewport's width without a horizontal scroll bar."""
        shown = self.visible_columns()
        header = self.horizontalHeader()
        natural = [self._natural_width(column) for column in shown]
        available = self.viewport().width()
        widths = fit_widths(natural, available, header.minimumSectionSize())
        stretched = shown.index(Column.AOI) if Column.AOI in shown else len(shown) - 1
        widths[stretched] += max(available - sum(widths), 0)
        self._fitting = True
        for column, width in zip(shown, widths):
            header.resizeSection(column, width)
        self._fitting = False
        self._sized_by_hand = False

    def _natural_width(self, column: int) -> int:
        if column not in self._natural:
            header_width = self.horizontalHeader().sectionSizeHint(column)
            self._natural[column] = max(self.sizeHintForColumn(column), header_width)
        return self._natural[column]

    def _contents_changed(self) -> None:
        self._natural.clear()
        if not self._sized_by_hand:
            self.fit_columns()

    def _resized_by_hand(self) -> None:
        if not self._fitting:
            self._sized_by_hand = True

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_columns()
