"""The review step of the Order tab: every order, the reference its comment carries, areas and totals.

The form's orders share everything but their AOI and comment, so what they share is said once above
the table, and the table keeps to the columns that differ: AOI, area, comment, reference.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..plugin.api import MAX_ORDERS_PER_BATCH
from ..plugin.i18n import tr, tr_count, translatable
from ..plugin.ordering import PlannedOrder, Submission, aoi_area_m2
from ..plugin.rules import format_area, in_words

HEADERS = (translatable("AOI"), translatable("Area"))
COMMENT_HEADER = translatable("Comment")
COMMENT_TIP = translatable("Double-click to edit one order's comment")
REFERENCE_HEADER = translatable("Reference")
REFERENCE_TIP = translatable(
    "Added to the order's comment: by it an interrupted submission is recognised on the server, "
    "and the orders can be found in the Orders tab"
)
# the illumination constraints in words, and their API values
ILLUMINATIONS = (
    (translatable("No constraint"), None),
    (translatable("Day"), "day"),
    (translatable("Night"), "night"),
)
PREFERRED_SIZE = (760, 520)
MAX_NAME_WIDTH = 220  # px; longer AOI names are elided, in full in the tooltip
SCREEN_MARGIN = 60  # room for the window frame and a task bar


def illumination_in_words(value: str | None) -> str:
    """An illumination constraint as the Order tab offers it: “Day”, “Night”, “No constraint”."""
    return next((tr(text) for text, known in ILLUMINATIONS if known == value), value or "")


class ReviewDialog(QDialog):
    """Every order to be placed, its comment editable, its reference, and what sending means.

    ``plan`` turns the reviewed orders into the submission to send; it runs again when a comment is
    edited, so the references shown are the ones that will be sent. The dialog deletes itself when closed.
    """

    def __init__(
        self,
        orders: list[PlannedOrder],
        plan: Callable[[list[PlannedOrder]], Submission],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(tr("Review the orders"))
        self.setSizeGripEnabled(True)
        self.orders = orders
        self._plan = plan
        self.submission = plan(orders)
        self.areas_m2 = [aoi_area_m2(order.aoi) for order in orders]
        layout = QVBoxLayout(self)
        self.intro = QLabel(self._intro_text())
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        self.shared = QLabel(self._shared_text())
        self.shared.setWordWrap(True)
        self.shared.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.shared)
        self.table = self._build_table()
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.place_button = buttons.addButton(
            tr_count(len(orders), "Place {count} order", "Place {count} orders"),
            QDialogButtonBox.ButtonRole.AcceptRole,
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._fit_screen()

    def _intro_text(self) -> str:
        count = len(self.orders)
        requests = len(self.submission.batches)
        area = format_area(sum(self.areas_m2))
        return tr(
            "<b>{orders} in {requests}, total area {area}.</b> "
            "A request holds at most {maximum} orders and is all-or-nothing: if the server "
            "refuses one order of a request, none of that request is created; the others are not affected. "
            "Each comment carries its request's reference, by which an interrupted submission is recognised "
            "on the server. Placed orders count against your workspace's constellr contract."
        ).format(
            orders=tr_count(count, "{count} order", "{count} orders"),
            requests=tr_count(requests, "{count} request", "{count} requests"),
            area=area,
            maximum=MAX_ORDERS_PER_BATCH,
        )

    def _shared_text(self) -> str:
        """What every order of the form has in common, and what goes with the whole submission."""
        request = self.orders[0].request
        images = request.maximum_number_of_images
        none = tr("none")
        frequency = in_words(request.frequency)
        lines = [
            tr("Product: {product}").format(product=request.product_name),
            tr("Period: {start} → {end} UTC").format(
                start=f"{request.start_date:%Y-%m-%d %H:%M}", end=f"{request.end_date:%Y-%m-%d %H:%M}"
            ),
            tr("Frequency: {frequency}").format(frequency=frequency)
            if images is None
            else tr("Frequency: {frequency}, at most {images}").format(
                frequency=frequency, images=tr_count(images, "{count} image", "{count} images")
            ),
            tr("Illumination: {illumination}").format(
                illumination=illumination_in_words(request.illumination_constraint)
            ),
            tr("Tags: {tags}").format(tags=", ".join(request.tags) or none),
            tr("Use case: {use_case}").format(
                use_case=in_words(self.submission.use_case) if self.submission.use_case else none
            ),
            tr("Submission comment: {comment}").format(comment=self.submission.comment or none),
        ]
        return "\n".join(lines)

    def _build_table(self) -> QTableWidget:
        headers = [tr(header) for header in (*HEADERS, COMMENT_HEADER, REFERENCE_HEADER)]
        table = QTableWidget(len(self.orders), len(headers))
        table.setHorizontalHeaderLabels(headers)
        table.horizontalHeaderItem(self._comment_column).setToolTip(tr(COMMENT_TIP))
        table.horizontalHeaderItem(self._reference_column).setToolTip(tr(REFERENCE_TIP))
        table.setWordWrap(False)
        table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        for row, (order, area) in enumerate(zip(self.orders, self.areas_m2)):
            request = order.request
            for column, text in enumerate((order.aoi.name, format_area(area))):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                table.setItem(row, column, item)
            table.setItem(row, self._comment_column, QTableWidgetItem(request.comment or ""))
            reference = QTableWidgetItem()
            reference.setFlags(reference.flags() & ~Qt.ItemFlag.ItemIsEditable)
            table.setItem(row, self._reference_column, reference)
        self._show_references(table)
        table.resizeColumnsToContents()
        header = table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(0, min(header.sectionSize(0), MAX_NAME_WIDTH))
        header.setSectionResizeMode(self._comment_column, QHeaderView.ResizeMode.Stretch)
        table.itemChanged.connect(self._comment_edited)
        return table

    @property
    def _comment_column(self) -> int:
        return len(HEADERS)

    @property
    def _reference_column(self) -> int:
        return len(HEADERS) + 1

    def _show_references(self, table: QTableWidget) -> None:
        row = 0
        for batch in self.submission.batches:
            for _order in batch.orders:
                table.item(row, self._reference_column).setText(f"[qgis-ref {batch.reference}]")
                row += 1

    def _comment_edited(self, item: QTableWidgetItem) -> None:
        if item.column() != self._comment_column:
            return
        self.submission = self._plan(self.reviewed())
        self.table.blockSignals(True)
        self._show_references(self.table)
        self.table.blockSignals(False)

    def _fit_screen(self) -> None:
        """The preferred size, or less when the screen is smaller (the dialog stays resizable)."""
        width, height = PREFERRED_SIZE
        available = self.screen().availableGeometry()
        width = min(width, available.width() - SCREEN_MARGIN)
        height = min(height, available.height() - SCREEN_MARGIN)
        self.resize(width, height)

    def reviewed(self) -> list[PlannedOrder]:
        """The orders with the comments as edited in the table (without the reference)."""
        reviewed = []
        for row, order in enumerate(self.orders):
            comment = self.table.item(row, self._comment_column).text().strip() or None
            reviewed.append(PlannedOrder(order.aoi, replace(order.request, comment=comment)))
        return reviewed
