"""The legacy ``/assets`` listing, for accounts that use it: filter by date, list page by page, download."""

from __future__ import annotations

from typing import Any

from qgis.PyQt.QtCore import QDateTime
from qgis.PyQt.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDateTimeEdit,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..plugin.api import LegacyAsset
from ..plugin.context import PluginContext
from ..plugin.downloads import LegacyFilter, LegacyListing, LegacyPage, download_legacy_assets, size_text
from ..plugin.i18n import tr, tr_count, translatable
from ..plugin.tasks import ApiTask
from .download_dialog import DownloadingDialog, read_only_table
from .style import BAD, text_colour, wrapping_label
from .utc_dates import MINUTE_FORMAT, edited_utc, utc_date_edit

PAGE_SIZE = 100


def _date_edit(days_back: int) -> QDateTimeEdit:
    edit = utc_date_edit(QDateTime.currentDateTimeUtc().addDays(-days_back), f"{MINUTE_FORMAT} 'UTC'")
    edit.setEnabled(False)
    return edit


class LegacyAssetsDialog(DownloadingDialog):
    """Lists the legacy assets (key, modified, size) a page at a time or all, and downloads the selected."""

    COLUMNS = (translatable("Key"), translatable("Modified"), translatable("Size"))

    def __init__(self, iface: Any, context: PluginContext, parent: QWidget | None = None) -> None:
        super().__init__(iface, context, parent)
        self.listing: LegacyListing | None = None
        self.list_task: ApiTask | None = None
        self.setWindowTitle(tr("Legacy assets"))
        layout = QVBoxLayout(self)
        layout.addLayout(self._filters())
        listing_row = QHBoxLayout()
        self.list_button = QPushButton(tr("List"))
        self.more_button = QPushButton(tr("Load more"))
        self.all_button = QPushButton(tr("Load all"))
        self.list_button.clicked.connect(self.list_assets)
        self.more_button.clicked.connect(lambda: self.load(1))
        self.all_button.clicked.connect(lambda: self.load(None))
        for button in (self.list_button, self.more_button, self.all_button):
            listing_row.addWidget(button)
        self.status_label = wrapping_label()
        listing_row.addWidget(self.status_label, 1)
        layout.addLayout(listing_row)
        self.table = read_only_table(self.COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        layout.addWidget(self.table, 2)
        self.panel.finished.connect(lambda _report: self._update_buttons())
        layout.addWidget(self.panel, 1)
        self.buttons = QDialogButtonBox()
        self.download_button = self.buttons.addButton(
            tr("Download selected"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.cancel_button = self.buttons.addButton(tr("Cancel"), QDialogButtonBox.ButtonRole.ActionRole)
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.download_button.clicked.connect(self.download_selected)
        self.cancel_button.clicked.connect(self.cancel)
        self.close_button.clicked.connect(self.reject)
        layout.addWidget(self.buttons)
        self._update_buttons()

    def _filters(self) -> QGridLayout:
        filters = QGridLayout()
        self.after_check = QCheckBox(tr("Modified after"))
        self.after_edit = _date_edit(30)
        self.before_check = QCheckBox(tr("Modified before"))
        self.before_edit = _date_edit(0)
        for row, (check, edit) in enumerate(
            ((self.after_check, self.after_edit), (self.before_check, self.before_edit))
        ):
            check.toggled.connect(edit.setEnabled)
            filters.addWidget(check, row, 0)
            filters.addWidget(edit, row, 1)
        filters.setColumnStretch(2, 1)
        return filters

    def query(self) -> LegacyFilter:
        """The date filters as set."""
        return LegacyFilter(
            edited_utc(self.after_edit) if self.after_check.isChecked() else None,
            edited_utc(self.before_edit) if self.before_check.isChecked() else None,
            PAGE_SIZE,
        )

    def list_assets(self) -> None:
        """Start a new listing with the filters as set: its first page."""
        self.context.cancel(self)
        self.list_task = None
        self.listing = LegacyListing(self.query())
        self.table.setRowCount(0)
        self.load(1)

    def load(self, pages: int | None) -> None:
        """Fetch the next page (None: every remaining page) of the current listing."""
        if self.listing is None or self.listing.finished or self.list_task is not None:
            return
        self._show(tr("Listing…"), None)
        self.list_task = self.context.run(
            tr("list legacy assets"),
            self.listing.load,
            pages,
            on_done=lambda _count: self._listed(),
            on_error=self._list_failed,
            owner=self,
            on_partial=self._add_page,
        )
        self._update_buttons()

    def selected_assets(self) -> list[LegacyAsset]:
        """The assets of the selected rows, in listing order."""
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self.listing.assets[row] for row in rows] if self.listing is not None else []

    def download_selected(self) -> None:
        """Download the selected assets into the chosen folder."""
        assets = self.selected_assets()
        if not assets or self.panel.running:
            return
        self.panel.start(
            tr("download {count} legacy asset(s)").format(count=len(assets)),
            download_legacy_assets,
            assets,
            on_error=self._download_failed,
        )
        self._update_buttons()

    def cancel(self) -> None:
        """Stop the listing (keeping the pages received) or the download under way."""
        if self.list_task is not None:
            self.list_task.cancel()
        self.panel.cancel()

    def reject(self) -> None:
        """Close; a listing still running stops, a download goes on (its summary to the message bar)."""
        self.context.cancel(self)
        self.list_task = None
        super().reject()

    def _add_page(self, page: LegacyPage) -> None:
        for asset in page.assets:
            row = self.table.rowCount()
            self.table.insertRow(row)
            modified = asset.last_modified.strftime("%Y-%m-%d %H:%M") if asset.last_modified else "—"
            for column, text in enumerate((asset.key, modified, size_text(asset.size))):
                self.table.setItem(row, column, QTableWidgetItem(text))

    def _listed(self) -> None:
        self.list_task = None
        finished = self.listing is not None and self.listing.finished
        count = self.table.rowCount()
        if finished:
            text = tr_count(count, "{count} file listed.", "{count} files listed.")
        else:
            text = tr_count(
                count, "{count} file listed, more to load.", "{count} files listed, more to load."
            )
        self._show(text, None)
        self._update_buttons()

    def _list_failed(self, message: str) -> None:
        self.list_task = None
        self._show(message, BAD)
        self._update_buttons()

    def _download_failed(self, message: str) -> None:
        self._update_buttons()
        self.iface.messageBar().pushWarning("constellr", message)

    def _show(self, text: str, colour: Any) -> None:
        self.status_label.setText(text)
        self.status_label.setStyleSheet(text_colour(colour) if colour is not None else "")

    def _update_buttons(self) -> None:
        listing = self.list_task is not None
        more = self.listing is not None and not self.listing.finished and not listing
        self.more_button.setEnabled(more)
        self.all_button.setEnabled(more)
        self.download_button.setEnabled(
            bool(self.table.selectionModel().selectedRows()) and not self.panel.running
        )
        self.cancel_button.setEnabled(listing or self.panel.running)
