"""The Order tab: a form that cannot send an invalid order, a review step, and a plain report."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone

from qgis.gui import QgisInterface
from qgis.PyQt.QtCore import QDateTime, Qt, QTimeZone, pyqtSignal
from qgis.PyQt.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..plugin.aois import bbox_size
from ..plugin.api import MAX_ORDERS_PER_BATCH, Aoi, OrderRequest
from ..plugin.context import PluginContext
from ..plugin.ordering import (
    BatchResult,
    PlannedOrder,
    SubmissionReport,
    new_submission_id,
    plan_batches,
    submit,
)
from ..plugin.rules import (
    SINGLE_IMAGE,
    OrderDraft,
    Problem,
    StartRule,
    format_size,
    order_problems,
    rules_for,
)
from ..plugin.workspace import AOIS, PRODUCTS_PART, USE_CASES
from .style import BAD, GOOD, text_colour

ILLUMINATIONS = (("No constraint", None), ("Day", "day"), ("Night", "night"))
DATE_FORMAT = "yyyy-MM-dd HH:mm 'UTC'"
FIELDS = ("aoi", "product_name", "start_date", "end_date", "frequency", "maximum_number_of_images", "tags")


def to_qdatetime(moment: datetime) -> QDateTime:
    """A UTC QDateTime from an aware datetime."""
    utc = moment.astimezone(timezone.utc)
    return QDateTime.fromSecsSinceEpoch(int(utc.timestamp()), QTimeZone.utc())


def from_qdatetime(value: QDateTime) -> datetime:
    """An aware UTC datetime from a QDateTime."""
    return datetime.fromtimestamp(value.toSecsSinceEpoch(), timezone.utc)


class ReviewDialog(QDialog):
    """Every order to be placed, its comment editable, and what sending means."""

    def __init__(self, planned: list[PlannedOrder], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Review the orders")
        self.resize(900, 420)
        self.planned = planned
        layout = QVBoxLayout(self)
        requests = -(-len(planned) // MAX_ORDERS_PER_BATCH)
        self.intro = QLabel(
            f"<b>{len(planned)} order{'s' if len(planned) != 1 else ''}</b> will be placed in {requests} "
            f"request{'s' if requests != 1 else ''} of at most {MAX_ORDERS_PER_BATCH} orders. "
            "Each request is all-or-nothing: if the server refuses one order of a request, none of that "
            "request is created; the others are not affected. Placed orders count against your workspace's "
            "constellr contract."
        )
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        headers = [
            "AOI",
            "Product",
            "Start (UTC)",
            "End (UTC)",
            "Frequency",
            "Images",
            "Illumination",
            "Tags",
            "Comment",
        ]
        self.table = QTableWidget(len(planned), len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        for row, order in enumerate(planned):
            request = order.request
            cells = [
                order.aoi.name,
                request.product_name,
                request.start_date.strftime("%Y-%m-%d %H:%M"),
                request.end_date.strftime("%Y-%m-%d %H:%M"),
                request.frequency,
                "—" if request.maximum_number_of_images is None else str(request.maximum_number_of_images),
                request.illumination_constraint or "no constraint",
                ", ".join(request.tags),
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.table.setItem(row, column, item)
            self.table.setItem(row, len(cells), QTableWidgetItem(request.comment or ""))
        self.table.resizeColumnsToContents()
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.place_button = buttons.addButton(
            f"Place {len(planned)} order{'s' if len(planned) != 1 else ''}",
            QDialogButtonBox.ButtonRole.AcceptRole,
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def reviewed(self) -> list[PlannedOrder]:
        """The orders with the comments as edited in the table."""
        reviewed = []
        for row, order in enumerate(self.planned):
            comment = self.table.item(row, self.table.columnCount() - 1).text().strip() or None
            reviewed.append(PlannedOrder(order.aoi, replace(order.request, comment=comment)))
        return reviewed


class OrderPanel(QWidget):
    """The order form. ``ordersPlaced`` carries the orders created by a submission."""

    ordersPlaced = pyqtSignal(list)

    def __init__(self, iface: QgisInterface, context: PluginContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.iface = iface
        self.context = context
        self.workspace = context.workspace
        self.aois: list[Aoi] = []
        self.batches: list[BatchResult] = []
        self.use_case_combo = QComboBox()
        self.problem_labels: dict[str, QLabel] = {}
        self._built = False
        self._build()
        self._built = True
        self.workspace.changed.connect(self._workspace_changed)
        self._fill_products()
        self.validate()

    # -- layout ----------------------------------------------------------------------------------
    def _problem_label(self, field: str) -> QLabel:
        label = QLabel()
        label.setWordWrap(True)
        label.setStyleSheet(text_colour(BAD))
        label.hide()
        self.problem_labels[field] = label
        return label

    def _row(self, form: QFormLayout, title: str, widget: QWidget, field: str | None = None) -> None:
        if field is None:
            form.addRow(title, widget)
            return
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(widget)
        column.addWidget(self._problem_label(field))
        form.addRow(title, box)

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.addWidget(self._build_aoi_box(), 1)
        layout.addWidget(self._build_form())
        self._build_actions(layout)

    def _build_aoi_box(self) -> QGroupBox:
        aoi_box = QGroupBox("AOIs (one order each)")
        aoi_layout = QVBoxLayout(aoi_box)
        top = QHBoxLayout()
        self.aoi_filter = QLineEdit()
        self.aoi_filter.setPlaceholderText("Filter AOIs by name")
        self.aoi_filter.textChanged.connect(self._filter_aois)
        refresh = QPushButton("Refresh AOIs")
        refresh.clicked.connect(self.refresh)
        top.addWidget(self.aoi_filter, 1)
        top.addWidget(refresh)
        aoi_layout.addLayout(top)
        self.aoi_list = QListWidget()
        self.aoi_list.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.aoi_list.itemChanged.connect(lambda _item: self.validate())
        aoi_layout.addWidget(self.aoi_list)
        aoi_layout.addWidget(self._problem_label("aoi"))
        return aoi_box

    def _build_form(self) -> QGroupBox:
        form_box = QGroupBox("Order")
        form = QFormLayout(form_box)
        self.product_combo = QComboBox()
        self.product_combo.currentTextChanged.connect(self._product_changed)
        self._row(form, "Product:", self.product_combo, "product_name")
        self.use_case_combo.currentTextChanged.connect(lambda _text: self.validate())
        self._row(form, "Use case:", self.use_case_combo)
        self.start_edit = self._date_edit()
        self.end_edit = self._date_edit()
        self._row(form, "Start:", self.start_edit, "start_date")
        self._row(form, "End:", self.end_edit, "end_date")
        self.frequency_combo = QComboBox()
        self.frequency_combo.currentTextChanged.connect(self._frequency_changed)
        self._row(form, "Frequency:", self.frequency_combo, "frequency")
        images = QWidget()
        images_row = QHBoxLayout(images)
        images_row.setContentsMargins(0, 0, 0, 0)
        self.images_limit = QCheckBox("at most")
        self.images_spin = QSpinBox()
        self.images_spin.setRange(1, 10_000)
        self.images_limit.toggled.connect(
            lambda checked: (self.images_spin.setEnabled(checked), self.validate())
        )
        self.images_spin.valueChanged.connect(lambda _value: self.validate())
        images_row.addWidget(self.images_limit)
        images_row.addWidget(self.images_spin)
        images_row.addStretch(1)
        self._row(form, "Images:", images, "maximum_number_of_images")
        self.illumination_combo = QComboBox()
        for text, value in ILLUMINATIONS:
            self.illumination_combo.addItem(text, value)
        self._row(form, "Illumination:", self.illumination_combo)
        self.tags_edit = QLineEdit()
        self.tags_edit.setPlaceholderText("comma-separated, e.g. field42, drought")
        self.tags_edit.textChanged.connect(lambda _text: self.validate())
        self._row(form, "Tags:", self.tags_edit, "tags")
        self.order_comment_edit = QLineEdit()
        self.order_comment_edit.setPlaceholderText("for each order (editable per order in the review)")
        self._row(form, "Order comment:", self.order_comment_edit)
        self.submission_comment_edit = QLineEdit()
        self._row(form, "Submission comment:", self.submission_comment_edit)
        return form_box

    def _build_actions(self, layout: QVBoxLayout) -> None:
        buttons = QHBoxLayout()
        self.review_button = QPushButton("Review and place orders…")
        self.review_button.clicked.connect(self.review)
        self.send_again_button = QPushButton("Send the unsent batches again")
        self.send_again_button.clicked.connect(lambda: self._send(self.batches))
        self.send_again_button.hide()
        buttons.addWidget(self.review_button)
        buttons.addWidget(self.send_again_button)
        layout.addLayout(buttons)
        self.result_label = QLabel()
        self.result_label.setWordWrap(True)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.result_label)

    def _date_edit(self) -> QDateTimeEdit:
        edit = QDateTimeEdit()
        edit.setTimeSpec(Qt.TimeSpec.UTC)
        edit.setDisplayFormat(DATE_FORMAT)
        edit.setCalendarPopup(True)
        edit.dateTimeChanged.connect(lambda _value: self.validate())
        return edit

    # -- data --------------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Load the AOI library and the use cases again (the workspace store does it)."""
        self.workspace.refresh([AOIS, USE_CASES])

    def _workspace_changed(self, part: str) -> None:
        if part == AOIS:
            self.set_aois(self.workspace.aois)
        elif part == USE_CASES:
            self._fill_use_cases(self.workspace.use_cases)
        elif part == PRODUCTS_PART:
            self._fill_products()

    def _warn(self, message: str) -> None:
        self.iface.messageBar().pushWarning("constellr", message)

    def set_aois(self, aois: list[Aoi], checked_ids: set[str] | None = None) -> None:
        """Offer these AOIs; keep (or set) which ones are ticked."""
        checked_ids = checked_ids if checked_ids is not None else set(self.checked_ids())
        self.aois = aois
        self.aoi_list.blockSignals(True)
        self.aoi_list.clear()
        for aoi in aois:
            width, height = bbox_size(aoi)
            item = QListWidgetItem(f"{aoi.name} — {format_size(width, height)}")
            item.setData(Qt.ItemDataRole.UserRole, aoi.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if aoi.id in checked_ids else Qt.CheckState.Unchecked)
            self.aoi_list.addItem(item)
        self.aoi_list.blockSignals(False)
        self._filter_aois(self.aoi_filter.text())
        self.validate()

    def select_aois(self, aois: list[Aoi]) -> None:
        """Tick exactly these AOIs (e.g. those just created), adding them to the list if needed."""
        known = {aoi.id for aoi in self.aois}
        self.set_aois(self.aois + [aoi for aoi in aois if aoi.id not in known], {aoi.id for aoi in aois})
        ticked = self._ticked_items()
        if ticked:
            self.aoi_list.scrollToItem(ticked[0])

    def _ticked_items(self) -> list[QListWidgetItem]:
        return [
            self.aoi_list.item(row)
            for row in range(self.aoi_list.count())
            if self.aoi_list.item(row).checkState() == Qt.CheckState.Checked
        ]

    def checked_ids(self) -> list[str]:
        """Ids of the ticked AOIs, in list order."""
        return [item.data(Qt.ItemDataRole.UserRole) for item in self._ticked_items()]

    def _filter_aois(self, text: str) -> None:
        for row in range(self.aoi_list.count()):
            item = self.aoi_list.item(row)
            item.setHidden(bool(text) and text.lower() not in item.text().lower())

    def _fill_use_cases(self, use_cases: list[str]) -> None:
        current = self.use_case_combo.currentText()
        self.use_case_combo.clear()
        self.use_case_combo.addItems(use_cases)
        if current in use_cases:
            self.use_case_combo.setCurrentText(current)

    def _fill_products(self) -> None:
        current = self.product_combo.currentText()
        self.product_combo.blockSignals(True)
        self.product_combo.clear()
        self.product_combo.addItems(self.workspace.products)
        self.product_combo.blockSignals(False)
        if current in self.workspace.products:
            self.product_combo.setCurrentText(current)
        self._product_changed(self.product_combo.currentText())

    def _product_changed(self, product: str) -> None:
        """Offer the product's frequencies and sensible dates for it."""
        rules = rules_for(product)
        self.frequency_combo.blockSignals(True)
        self.frequency_combo.clear()
        if rules is not None:
            self.frequency_combo.addItems(rules.frequencies)
        self.frequency_combo.blockSignals(False)
        now = datetime.now(timezone.utc)
        midnight = datetime.combine(now.date(), datetime.min.time(), timezone.utc)
        if rules is not None and rules.start_rule is StartRule.NOT_IN_FUTURE:
            start, end = midnight - timedelta(days=30), midnight
        else:
            start, end = midnight + timedelta(days=1), midnight + timedelta(days=31)
        for edit, value in ((self.start_edit, start), (self.end_edit, end)):
            edit.blockSignals(True)
            edit.setDateTime(to_qdatetime(value))
            edit.blockSignals(False)
        self._frequency_changed(self.frequency_combo.currentText())

    def _frequency_changed(self, frequency: str) -> None:
        rules = rules_for(self.product_combo.currentText())
        supports = rules is not None and rules.supports_max_images
        single = frequency == SINGLE_IMAGE
        self.images_limit.setEnabled(supports and not single)
        self.images_limit.setChecked(supports and single)
        self.images_spin.setEnabled(supports and not single and self.images_limit.isChecked())
        if single:
            self.images_spin.setValue(1)
        self.images_limit.setToolTip("" if supports else "Not supported by this product")
        self.validate()

    # -- validation --------------------------------------------------------------------------------
    def tags(self) -> list[str]:
        """The tags typed, split at commas, blanks ignored."""
        return [tag.strip() for tag in self.tags_edit.text().split(",") if tag.strip()]

    def _max_images(self) -> int | None:
        return self.images_spin.value() if self.images_limit.isChecked() else None

    def planned_orders(self) -> list[PlannedOrder]:
        """One order per ticked AOI, from the form's values."""
        by_id = {aoi.id: aoi for aoi in self.aois}
        comment = self.order_comment_edit.text().strip() or None
        return [
            PlannedOrder(
                by_id[aoi_id],
                OrderRequest(
                    area_of_interest_id=aoi_id,
                    product_name=self.product_combo.currentText(),
                    start_date=from_qdatetime(self.start_edit.dateTime()),
                    end_date=from_qdatetime(self.end_edit.dateTime()),
                    frequency=self.frequency_combo.currentText(),
                    comment=comment,
                    tags=tuple(self.tags()),
                    illumination_constraint=self.illumination_combo.currentData(),
                    maximum_number_of_images=self._max_images(),
                ),
            )
            for aoi_id in self.checked_ids()
            if aoi_id in by_id
        ]

    def problems(self) -> list[Problem]:
        """Everything that keeps the orders from being placed, per field; AOI problems name the AOI."""
        planned = self.planned_orders()
        if not planned:
            return [Problem("aoi", "Tick at least one AOI.")]
        found: list[Problem] = []
        for order in planned:
            width, height = bbox_size(order.aoi)
            request = order.request
            draft = OrderDraft(
                product_name=request.product_name,
                start_date=request.start_date,
                end_date=request.end_date,
                frequency=request.frequency,
                bbox_width_m=width,
                bbox_height_m=height,
                maximum_number_of_images=request.maximum_number_of_images,
                illumination_constraint=request.illumination_constraint,
                tags=request.tags,
            )
            for problem in order_problems(draft):
                named = (
                    Problem("aoi", f"“{order.aoi.name}”: {problem.message}")
                    if problem.field == "aoi"
                    else problem
                )
                if named not in found:
                    found.append(named)
        return found

    def validate(self) -> list[Problem]:
        """Show each problem next to its field; the review button only works when there is none."""
        if not self._built:
            return []  # signals fire while the form is being built
        problems = self.problems()
        for field, label in self.problem_labels.items():
            messages = [problem.message for problem in problems if problem.field == field]
            label.setText("\n".join(messages))
            label.setVisible(bool(messages))
        self.review_button.setEnabled(not problems)
        self.review_button.setToolTip("\n".join(str(problem) for problem in problems))
        count = len(self.checked_ids())
        self.review_button.setText(f"Review and place {count} order{'s' if count != 1 else ''}…")
        return problems

    # -- submission --------------------------------------------------------------------------------
    def review(self, *, confirm: bool = True) -> None:
        """Show every order before anything is sent; send on confirmation."""
        if self.validate():
            return
        planned = self.planned_orders()
        if confirm:
            dialog = ReviewDialog(planned, self)
            if not dialog.exec():
                return
            planned = dialog.reviewed()
        self.batches = plan_batches(planned, new_submission_id())
        self._send(self.batches)

    def _send(self, batches: list[BatchResult]) -> None:
        self.review_button.setEnabled(False)
        self.send_again_button.hide()
        self.result_label.setText("Placing orders…")
        self.result_label.setStyleSheet("")
        count = sum(len(batch.orders) for batch in batches if batch.can_send_again)
        self.context.run(
            f"place {count} order(s)",
            submit,
            batches,
            self.use_case_combo.currentText() or None,
            self.submission_comment_edit.text().strip() or None,
            on_done=self._placed,
            on_error=self._failed,
            owner=self,
        )

    def _placed(self, report: SubmissionReport) -> None:
        self.batches = report.batches
        self.result_label.setText(report.summary())
        self.result_label.setStyleSheet(text_colour(GOOD if report.complete else BAD))
        self.send_again_button.setVisible(any(batch.can_send_again for batch in report.batches))
        for aoi_name, field, message in (problem for batch in report.batches for problem in batch.problems):
            label = self.problem_labels.get(field)
            if label is not None:
                label.setText(f"constellr: {message}" + (f" (AOI “{aoi_name}”)" if aoi_name else ""))
                label.show()
        level = (
            self.iface.messageBar().pushSuccess if report.complete else self.iface.messageBar().pushWarning
        )
        level("constellr", report.summary().splitlines()[0])
        self.review_button.setEnabled(True)
        if report.created:
            self.workspace.orders_placed(report.created)
            self.ordersPlaced.emit(report.created)

    def _failed(self, message: str) -> None:
        self.result_label.setText(message)
        self.result_label.setStyleSheet(text_colour(BAD))
        self.review_button.setEnabled(True)
        self._warn(message)
