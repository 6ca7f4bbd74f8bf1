"""The Order tab: a form that cannot send an invalid order, a review step, and a plain report."""

from __future__ import annotations

from datetime import datetime, timezone

from qgis.gui import QgisInterface
from qgis.PyQt.QtCore import QDateTime, Qt, QTimeZone, pyqtSignal
from qgis.PyQt.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ..plugin.aois import bbox_size
from ..plugin.api import Aoi, OrderRequest
from ..plugin.context import PluginContext
from ..plugin.i18n import tr, tr_count
from ..plugin.ordering import PlannedOrder, Submission, plan_submission, planned_problems, submit
from ..plugin.orders import parse_tags
from ..plugin.rules import (
    SINGLE_IMAGE,
    Problem,
    format_size,
    frequency_kept,
    in_words,
    period_kept,
    rules_for,
)
from ..plugin.workspace import AOIS, PRODUCTS_PART, USE_CASES
from .order_review import ILLUMINATIONS, ReviewDialog
from .style import BAD, GOOD, text_colour, wrapping_label

DATE_FORMAT = "yyyy-MM-dd HH:mm 'UTC'"


def to_qdatetime(moment: datetime) -> QDateTime:
    """A UTC QDateTime from an aware datetime."""
    utc = moment.astimezone(timezone.utc)
    return QDateTime.fromSecsSinceEpoch(int(utc.timestamp()), QTimeZone.utc())


def from_qdatetime(value: QDateTime) -> datetime:
    """An aware UTC datetime from a QDateTime."""
    return datetime.fromtimestamp(value.toSecsSinceEpoch(), timezone.utc)


def fill_in_words(combo: QComboBox, values: list[str] | tuple[str, ...]) -> None:
    """API values as items: shown in words, the value itself as item data."""
    for value in values:
        combo.addItem(in_words(value), value)


class OrderForm(QWidget):
    """The order form. ``ordersPlaced`` carries the orders created by a submission."""

    ordersPlaced = pyqtSignal(list)

    def __init__(self, iface: QgisInterface, context: PluginContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.iface = iface
        self.context = context
        self.workspace = context.workspace
        self.aois: list[Aoi] = []
        self.submission: Submission | None = None
        self._created_before: set[str] = set()
        self.problem_labels: dict[str, QLabel] = {}
        self._built = False
        self._build()
        self._built = True
        self.workspace.changed.connect(self._workspace_changed)
        self._fill_products()
        self.validate()

    # -- layout ----------------------------------------------------------------------------------
    def _problem_label(self, field: str) -> QLabel:
        label = wrapping_label()
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
        """Everything in a vertical scroll area, so every control is reachable on a small screen."""
        self.body = QWidget()
        body_layout = QVBoxLayout(self.body)
        body_layout.addWidget(self._build_aoi_box(), 1)
        body_layout.addWidget(self._build_form())
        self._build_actions(body_layout)
        scroll = QScrollArea()
        scroll.setWidget(self.body)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)

    def _build_aoi_box(self) -> QGroupBox:
        aoi_box = QGroupBox(tr("AOIs (one order each)"))
        aoi_layout = QVBoxLayout(aoi_box)
        top = QHBoxLayout()
        self.aoi_filter = QLineEdit()
        self.aoi_filter.setPlaceholderText(tr("Filter by name"))
        self.aoi_filter.textChanged.connect(self._filter_aois)
        refresh = QPushButton(tr("Refresh"))
        refresh.setToolTip(tr("Load the AOI library and the use cases again"))
        refresh.clicked.connect(self.refresh)
        top.addWidget(self.aoi_filter, 1)
        top.addWidget(refresh)
        aoi_layout.addLayout(top)
        self.aoi_list = QListWidget()
        self.aoi_list.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.aoi_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.aoi_list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.aoi_list.setUniformItemSizes(True)
        self.aoi_list.setMinimumHeight(120)
        self.aoi_list.itemChanged.connect(lambda _item: self.validate())
        aoi_layout.addWidget(self.aoi_list)
        aoi_layout.addWidget(self._problem_label("aoi"))
        return aoi_box

    def _build_form(self) -> QGroupBox:
        form_box = QGroupBox(tr("Order"))
        form = QFormLayout(form_box)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.product_combo = QComboBox()
        self.product_combo.currentTextChanged.connect(self._product_changed)
        self._row(form, tr("Product:"), self.product_combo, "product_name")
        self.use_case_combo = QComboBox()
        self.use_case_combo.currentIndexChanged.connect(lambda _index: self.validate())
        self._row(form, tr("Use case:"), self.use_case_combo)
        self.start_edit = self._date_edit()
        self.end_edit = self._date_edit()
        self._row(form, tr("Start:"), self.start_edit, "start_date")
        self._row(form, tr("End:"), self.end_edit, "end_date")
        self.frequency_combo = QComboBox()
        self.frequency_combo.currentIndexChanged.connect(lambda _index: self._frequency_changed())
        self._row(form, tr("Frequency:"), self.frequency_combo, "frequency")
        images = QWidget()
        images_row = QHBoxLayout(images)
        images_row.setContentsMargins(0, 0, 0, 0)
        self.images_limit = QCheckBox(tr("at most"))
        self.images_spin = QSpinBox()
        self.images_spin.setRange(1, 10_000)
        self.images_limit.toggled.connect(
            lambda checked: (self.images_spin.setEnabled(checked), self.validate())
        )
        self.images_spin.valueChanged.connect(lambda _value: self.validate())
        images_row.addWidget(self.images_limit)
        images_row.addWidget(self.images_spin)
        images_row.addStretch(1)
        self._row(form, tr("Images:"), images, "maximum_number_of_images")
        self.illumination_combo = QComboBox()
        for text, value in ILLUMINATIONS:
            self.illumination_combo.addItem(tr(text), value)
        self._row(form, tr("Illumination:"), self.illumination_combo)
        self.tags_edit = QLineEdit()
        self.tags_edit.setPlaceholderText(tr("comma-separated, e.g. field42, drought"))
        self.tags_edit.textChanged.connect(lambda _text: self.validate())
        self._row(form, tr("Tags:"), self.tags_edit, "tags")
        self.order_comment_edit = QLineEdit()
        self.order_comment_edit.setPlaceholderText(tr("on each order; editable in the review"))
        self._row(form, tr("Comment:"), self.order_comment_edit)
        self.submission_comment_edit = QLineEdit()
        self.submission_comment_edit.setPlaceholderText(tr("a comment on the whole submission"))
        self._row(form, tr("Submission:"), self.submission_comment_edit)
        return form_box

    def _build_actions(self, layout: QVBoxLayout) -> None:
        self.review_button = QPushButton(tr("Review and place orders…"))
        self.review_button.clicked.connect(self.review)
        layout.addWidget(self.review_button)
        self.send_again_button = QPushButton(tr("Send the unsent batches again"))
        self.send_again_button.setToolTip(tr("Only batches that were certainly not created are sent"))
        self.send_again_button.clicked.connect(lambda: self._send(self.submission))
        self.send_again_button.hide()
        layout.addWidget(self.send_again_button)
        self.result_label = wrapping_label()
        layout.addWidget(self.result_label)
        layout.addStretch(1)

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

    def set_aois(self, aois: list[Aoi], checked_ids: set[str] | None = None) -> None:
        """Offer these AOIs; keep (or set) which ones are ticked."""
        checked_ids = checked_ids if checked_ids is not None else set(self.checked_ids())
        self.aois = aois
        self.aoi_list.blockSignals(True)
        self.aoi_list.clear()
        for aoi in aois:
            width, height = bbox_size(aoi)
            text = f"{aoi.name} — {format_size(width, height)}"
            item = QListWidgetItem(text)
            item.setToolTip(text)
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
        current = self.use_case_combo.currentData()
        self.use_case_combo.clear()
        fill_in_words(self.use_case_combo, use_cases)
        if current in use_cases:
            self.use_case_combo.setCurrentIndex(self.use_case_combo.findData(current))

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
        """Offer the product's frequencies; keep the period and frequency where the product allows them."""
        rules = rules_for(product)
        frequency = self.frequency_combo.currentData()
        self.frequency_combo.blockSignals(True)
        self.frequency_combo.clear()
        if rules is not None:
            fill_in_words(self.frequency_combo, rules.frequencies)
            kept = frequency_kept(rules, frequency)
            self.frequency_combo.setCurrentIndex(self.frequency_combo.findData(kept))
            start, end = period_kept(
                rules, from_qdatetime(self.start_edit.dateTime()), from_qdatetime(self.end_edit.dateTime())
            )
            for edit, value in ((self.start_edit, start), (self.end_edit, end)):
                edit.blockSignals(True)
                edit.setDateTime(to_qdatetime(value))
                edit.blockSignals(False)
        self.frequency_combo.blockSignals(False)
        self._frequency_changed()

    def frequency(self) -> str:
        """The API value of the chosen frequency ('' when the product offers none)."""
        return self.frequency_combo.currentData() or ""

    def _frequency_changed(self) -> None:
        rules = rules_for(self.product_combo.currentText())
        supports = rules is not None and rules.supports_max_images
        single = self.frequency() == SINGLE_IMAGE
        self.images_limit.setEnabled(supports and not single)
        self.images_limit.setChecked(supports and single)
        self.images_spin.setEnabled(supports and not single and self.images_limit.isChecked())
        if single:
            self.images_spin.setValue(1)
        self.images_limit.setToolTip("" if supports else tr("Not supported by this product"))
        self.validate()

    # -- validation --------------------------------------------------------------------------------
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
                    frequency=self.frequency(),
                    comment=comment,
                    tags=tuple(parse_tags(self.tags_edit.text())),
                    illumination_constraint=self.illumination_combo.currentData(),
                    maximum_number_of_images=self._max_images(),
                ),
            )
            for aoi_id in self.checked_ids()
            if aoi_id in by_id
        ]

    def validate(self) -> list[Problem]:
        """Show each problem next to its field; the review button only works when there is none."""
        if not self._built:
            return []  # signals fire while the form is being built
        problems = planned_problems(self.planned_orders())
        for field, label in self.problem_labels.items():
            messages = [problem.message for problem in problems if problem.field == field]
            label.setText("\n".join(messages))
            label.setVisible(bool(messages))
        self.review_button.setEnabled(not problems)
        self.review_button.setToolTip("\n".join(str(problem) for problem in problems))
        self.review_button.setText(
            tr_count(
                len(self.checked_ids()), "Review and place {count} order…", "Review and place {count} orders…"
            )
        )
        return problems

    # -- submission --------------------------------------------------------------------------------
    def submission_for(self, orders: list[PlannedOrder]) -> Submission:
        """These orders as a submission: the previous one again if it did not end cleanly and is unchanged."""
        return plan_submission(
            orders,
            self.use_case_combo.currentData(),
            self.submission_comment_edit.text().strip() or None,
            self.submission,
        )

    def review(self, *, confirm: bool = True) -> None:
        """Show every order before anything is sent; send on confirmation."""
        if self.validate():
            return
        planned = self.planned_orders()
        if not confirm:
            self._send(self.submission_for(planned))
            return
        dialog = ReviewDialog(planned, self.submission_for, self)
        if dialog.exec():
            self._send(dialog.submission)

    def _send(self, submission: Submission) -> None:
        self.submission = submission
        self._created_before = {order.id for order in submission.created}
        self.review_button.setEnabled(False)
        self.send_again_button.hide()
        self.result_label.setText(tr("Placing orders…"))
        self.result_label.setStyleSheet("")
        count = sum(len(batch.orders) for batch in submission.batches if batch.can_send_again)
        self.context.run(
            tr_count(count, "place {count} order", "place {count} orders"),
            submit,
            submission,
            on_done=self._placed,
            on_error=self._failed,
            owner=self,
        )

    def _placed(self, submission: Submission) -> None:
        self.submission = submission
        summary = submission.summary()
        self.result_label.setText(summary)
        self.result_label.setStyleSheet(text_colour(GOOD if submission.complete else BAD))
        self.send_again_button.setVisible(any(batch.can_send_again for batch in submission.batches))
        for batch in submission.batches:
            for aoi_name, field, message in batch.problems:
                label = self.problem_labels.get(field)
                if label is not None:
                    label.setText(
                        tr("constellr: {message} (AOI “{aoi}”)").format(message=message, aoi=aoi_name)
                        if aoi_name
                        else tr("constellr: {message}").format(message=message)
                    )
                    label.show()
        bar = self.iface.messageBar()
        (bar.pushSuccess if submission.complete else bar.pushWarning)("constellr", summary.splitlines()[0])
        self.review_button.setEnabled(True)
        created = [order for order in submission.created if order.id not in self._created_before]
        if created:
            self.workspace.orders_placed(created)
            self.ordersPlaced.emit(created)

    def _failed(self, message: str) -> None:
        self.result_label.setText(message)
        self.result_label.setStyleSheet(text_colour(BAD))
        self.review_button.setEnabled(True)
        self.iface.messageBar().pushWarning("constellr", message)
