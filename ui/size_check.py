"""The live size check: the current AOIs' sizes and product verdicts, the server's figures, fixes, Create."""

from __future__ import annotations

from qgis.gui import QgisInterface
from qgis.PyQt.QtCore import Qt, pyqtSignal
from qgis.PyQt.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..plugin.aoi_geometry import Verdict
from ..plugin.aois import CreationResult, create_aois
from ..plugin.context import PluginContext
from ..plugin.current_aoi import CurrentAoi, NamedAoi
from ..plugin.i18n import tr, tr_count
from ..plugin.rules import format_size
from ..plugin.server_metrics import MetricsComparison, ServerMetricsCheck
from ..plugin.size_check import aoi_size, product_verdict
from ..plugin.workspace import PRODUCTS_PART
from .style import BAD, GOOD, MUTED, breakable, text_colour, wrapping_label

ASK_ABOVE = 10  # creating more AOIs than this at once asks first
NAME, SIZE = 0, 1  # the first columns of the AOI table; one verdict column per product follows
PRODUCT_PREFIX = "LST"  # every product name starts with it: the verdict column titles leave it out


def verdict_column_titles(products: list[str]) -> list[str]:
    """The shortest titles that tell the products apart, for narrow ✔/✘ columns: P, Z, F for the LST ones."""
    names = [product.removeprefix(PRODUCT_PREFIX) or product for product in products]
    for length in range(1, max(map(len, names), default=0) + 1):
        titles = [name[:length].capitalize() for name in names]
        if len(set(titles)) == len(titles):
            return titles
    return products


class SizeCheck(QGroupBox):
    """What the current AOIs measure, whether each product takes them, and creating them."""

    aoisCreated = pyqtSignal(list)

    def __init__(
        self,
        iface: QgisInterface,
        context: PluginContext,
        current: CurrentAoi,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(tr("Size check"), parent)
        self.iface = iface
        self.context = context
        self.current = current
        self.workspace = context.workspace
        self.server_check = ServerMetricsCheck(context)
        self._creating = False
        self._build()
        self.current.changed.connect(self._show_current)
        self.current.busyChanged.connect(self._show_busy)
        self.server_check.confirmed.connect(self._show_server_metrics)
        self.server_check.failed.connect(self._show_server_failure)
        self.workspace.changed.connect(self._workspace_changed)
        self._show_current()

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        self.source_label = wrapping_label()
        layout.addWidget(self.source_label)
        self.busy_label = wrapping_label(tr("Preparing the AOI…"))
        self.busy_label.setStyleSheet(text_colour(MUTED))
        self.busy_label.hide()
        layout.addWidget(self.busy_label)
        self.aoi_table = QTableWidget(0, 2)
        self.aoi_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.aoi_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.aoi_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.aoi_table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.aoi_table.setWordWrap(False)
        self.aoi_table.verticalHeader().setVisible(False)
        self.aoi_table.horizontalHeader().setMinimumSectionSize(self.aoi_table.fontMetrics().height())
        self.aoi_table.setMaximumHeight(110)
        self.aoi_table.itemSelectionChanged.connect(self._show_selected_aoi)
        layout.addWidget(self.aoi_table)

        details = QFormLayout()
        details.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.metrics_label = wrapping_label()
        self.server_label = wrapping_label()
        details.addRow(tr("Size:"), self.metrics_label)
        details.addRow(tr("Server:"), self.server_label)
        layout.addLayout(details)
        self.verdicts = QFormLayout()
        layout.addLayout(self.verdicts)
        self.problem_label = wrapping_label()
        layout.addWidget(self.problem_label)
        fixes = QHBoxLayout()
        self.repair_button = QPushButton(tr("Use the repaired polygon"))
        self.repair_button.clicked.connect(lambda: self.current.accept_repair(self._selected_index()))
        self.split_button = QPushButton(tr("One AOI per part"))
        self.split_button.clicked.connect(lambda: self.current.split_parts(self._selected_index()))
        fixes.addWidget(self.repair_button)
        fixes.addWidget(self.split_button)
        fixes.addStretch(1)
        layout.addLayout(fixes)

        create = QFormLayout()
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText(tr("AOI name (unique in the workspace)"))
        self.description_edit = QLineEdit()
        self.create_button = QPushButton(tr("Create AOI"))
        self.create_button.clicked.connect(self.create_aois)
        create.addRow(tr("Name:"), self.name_edit)
        create.addRow(tr("Description:"), self.description_edit)
        create.addRow(self.create_button)
        layout.addLayout(create)

    def _products(self) -> list[str]:
        return self.workspace.products

    def _selected_index(self) -> int:
        rows = self.aoi_table.selectionModel().selectedRows() if self.aoi_table.selectionModel() else []
        return rows[0].row() if rows else 0

    def _workspace_changed(self, part: str) -> None:
        if part == PRODUCTS_PART:
            self._show_current()

    # -- the AOI table ---------------------------------------------------------------------------
    def _set_columns(self, products: list[str]) -> None:
        self.aoi_table.setColumnCount(2 + len(products))
        titles = [(tr("Name"), tr("The name the AOI gets")), (tr("Size"), tr("Bounding box width × height"))]
        titles += [
            (title, tr("Does it fit {product}?").format(product=product))
            for title, product in zip(verdict_column_titles(products), products)
        ]
        for column, (title, tip) in enumerate(titles):
            header = QTableWidgetItem(title)
            header.setToolTip(tip)
            self.aoi_table.setHorizontalHeaderItem(column, header)
        header = self.aoi_table.horizontalHeader()
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        for column in range(SIZE, self.aoi_table.columnCount()):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)

    @staticmethod
    def _size_cell(aoi: NamedAoi) -> QTableWidgetItem:
        metrics = aoi_size(aoi)
        item = QTableWidgetItem(format_size(metrics.bbox_width_m, metrics.bbox_height_m) if metrics else "—")
        item.setToolTip(aoi.candidate.message)
        return item

    @staticmethod
    def _verdict_cell(aoi: NamedAoi, product: str) -> QTableWidgetItem:
        verdict = product_verdict(aoi, product)
        item = QTableWidgetItem(verdict.symbol)
        item.setToolTip(f"{product}: {verdict.text}")
        item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
        if verdict.fits is not None:
            item.setForeground(GOOD if verdict.fits else BAD)
        return item

    def _show_current(self) -> None:
        aois = self.current.aois
        products = self._products()
        self.source_label.setText(
            breakable(
                tr("{aois} from {source}.").format(
                    aois=tr_count(len(aois), "{count} AOI", "{count} AOIs"), source=self.current.source_label
                )
            )
            if aois
            else tr("Draw an AOI, or take it from a polygon layer, the map extent or a GeoJSON file.")
        )
        self.aoi_table.blockSignals(True)
        self._set_columns(products)
        self.aoi_table.setRowCount(len(aois))
        for row, aoi in enumerate(aois):
            name = QTableWidgetItem(aoi.name)
            name.setToolTip(aoi.name)
            self.aoi_table.setItem(row, NAME, name)
            self.aoi_table.setItem(row, SIZE, self._size_cell(aoi))
            for column, product in enumerate(products, start=SIZE + 1):
                self.aoi_table.setItem(row, column, self._verdict_cell(aoi, product))
        if aois:
            self.aoi_table.selectRow(min(self._selected_index(), len(aois) - 1))
        self.aoi_table.blockSignals(False)
        self._show_selected_aoi()

    # -- the AOI selected in the table -----------------------------------------------------------
    def _show_selected_aoi(self) -> None:
        aois = self.current.aois
        while self.verdicts.rowCount():
            self.verdicts.removeRow(0)
        if not aois:
            for label in (self.metrics_label, self.server_label, self.problem_label):
                label.clear()
            self.problem_label.hide()
            self.repair_button.hide()
            self.split_button.hide()
            self._update_create_button()
            self.server_check.cancel()
            return
        aoi = aois[min(self._selected_index(), len(aois) - 1)]
        candidate = aoi.candidate
        metrics = aoi_size(aoi)
        self.metrics_label.setText(
            format_size(metrics.bbox_width_m, metrics.bbox_height_m, metrics.area_m2) if metrics else "—"
        )
        for product in self._products():
            verdict = product_verdict(aoi, product)
            label = wrapping_label(verdict.text)
            if verdict.fits is not None:
                label.setStyleSheet(text_colour(GOOD if verdict.fits else BAD))
            self.verdicts.addRow(f"{product}:", label)
        messages = [candidate.message] if candidate.message else []
        self.problem_label.setText("\n".join(messages + candidate.notes))
        self.problem_label.setVisible(bool(self.problem_label.text()))
        self.problem_label.setStyleSheet(text_colour(BAD if not candidate.ready else MUTED))
        self.repair_button.setVisible(candidate.verdict is Verdict.REPAIRABLE)
        self.split_button.setVisible(candidate.verdict is Verdict.SEVERAL_PARTS)
        self._update_create_button()
        self.name_edit.setEnabled(len(aois) == 1)
        if len(aois) == 1 and not self.name_edit.isModified():
            self.name_edit.setText(aoi.name)
        self.server_label.setStyleSheet("")
        if candidate.ready and aoi.metrics is not None:
            self.server_label.setText(tr("checking…"))
            self.server_check.request(candidate.geometry, aoi.metrics)
        else:
            self.server_check.cancel()  # an answer for the AOI shown before must not appear here
            self.server_label.setText("—")

    def _show_busy(self, busy: bool) -> None:
        """While the AOI is prepared in a task, say so; the AOIs shown are about to change."""
        self.busy_label.setVisible(busy)
        self._update_create_button()

    def _update_create_button(self) -> None:
        ready = [aoi for aoi in self.current.aois if aoi.candidate.ready]
        self.create_button.setEnabled(bool(ready) and not self.current.busy and not self._creating)
        self.create_button.setText(
            tr("Create AOI") if len(ready) <= 1 else tr("Create {count} AOIs").format(count=len(ready))
        )

    def _show_server_metrics(self, comparison: MetricsComparison) -> None:
        server = comparison.server
        figures = format_size(server.bbox_width, server.bbox_height, server.area)
        if comparison.agrees:
            self.server_label.setText(tr("✔ constellr measures the same ({figures})").format(figures=figures))
            self.server_label.setStyleSheet(text_colour(GOOD))
        else:
            self.server_label.setText(
                tr("constellr measures {figures}: {difference} off the local figures").format(
                    figures=figures, difference=f"{comparison.largest_difference:.1%}"
                )
            )
            self.server_label.setStyleSheet(text_colour(BAD))

    def _show_server_failure(self, message: str) -> None:
        self.server_label.setText(breakable(tr("not confirmed: {message}").format(message=message)))
        self.server_label.setStyleSheet(text_colour(BAD))

    # -- creating AOIs ---------------------------------------------------------------------------
    def create_aois(self, *, confirm: bool = True) -> None:
        """Create the ready AOIs in the workspace (one task); more than ``ASK_ABOVE`` at once asks first."""
        ready = [aoi for aoi in self.current.aois if aoi.candidate.ready]
        if not ready or self.current.busy:  # the AOIs shown are about to be replaced
            return
        if confirm and len(ready) > ASK_ABOVE:
            answer = QMessageBox.question(
                self,
                tr("Create AOIs"),
                tr("Create {count} AOIs in the workspace, one per polygon?").format(count=len(ready)),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        if len(ready) == 1 and len(self.current.aois) == 1:
            ready = [
                NamedAoi(self.name_edit.text().strip() or ready[0].name, ready[0].candidate, ready[0].metrics)
            ]
        description = self.description_edit.text().strip()
        self._creating = True
        self._update_create_button()
        self.context.run(
            tr_count(len(ready), "create {count} AOI", "create {count} AOIs"),
            create_aois,
            [(aoi.name, aoi.candidate.geometry) for aoi in ready],
            description,
            on_done=self._created,
            on_error=self._create_failed,
            owner=self,
        )

    def _created(self, result: CreationResult) -> None:
        self._creating = False
        self._update_create_button()
        bar = self.iface.messageBar()
        (bar.pushWarning if result.failed else bar.pushSuccess)("constellr", result.summary())
        if result.created:
            self.name_edit.setModified(False)
            self.workspace.aois_created(result.created)
            self.aoisCreated.emit(result.created)

    def _create_failed(self, message: str) -> None:
        self._creating = False
        self._update_create_button()
        self.iface.messageBar().pushWarning("constellr", message)

    def release(self) -> None:
        """Stop the server check and this box's tasks."""
        self.server_check.cancel()
        self.context.cancel(self)
