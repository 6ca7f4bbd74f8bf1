"""The download dialog: chosen asset files of STAC items into a folder, with progress per file and in total.

``DownloadPanel`` (folder, parallel downloads, per-file progress, total, summary, "Open folder") and
``DownloadingDialog`` (closing it lets the download go on, summary to the message bar) are shared
with the legacy assets dialog.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

from qgis.core import QgsSettings
from qgis.gui import QgsFileWidget
from qgis.PyQt.QtCore import QStandardPaths, Qt, QUrl, pyqtSignal
from qgis.PyQt.QtGui import QCloseEvent, QDesktopServices
from qgis.PyQt.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..plugin.api import StacItem
from ..plugin.connection import SETTINGS_GROUP
from ..plugin.context import PluginContext
from ..plugin.downloads import (
    DEFAULT_PARALLEL,
    MAX_PARALLEL,
    DownloadReport,
    FileProgress,
    FileState,
    asset_choices,
    download_assets,
    size_text,
)
from ..plugin.i18n import tr, tr_count, translatable
from ..plugin.rasters import (
    RasterRequest,
    lst_asset_key,
    raster_asset_keys,
)
from ..plugin.tasks import ApiTask
from .raster_layers import open_rasters
from .style import BAD, GOOD, text_colour, wrapping_label

FOLDER_SETTING = f"{SETTINGS_GROUP}/downloads/folder"
PARALLEL_SETTING = f"{SETTINGS_GROUP}/downloads/parallel"
#: The size the download dialogs open at: they fit a 1366×768 screen with QGIS's window around them.
DIALOG_SIZE = (660, 580)


def default_folder() -> str:
    """The folder used last, else ``constellr`` in the user's downloads folder."""
    downloads = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DownloadLocation)
    return str(QgsSettings().value(FOLDER_SETTING, "") or Path(downloads or Path.home()) / "constellr")


def read_only_table(columns: tuple[str, ...]) -> QTableWidget:
    """A table of texts that cannot be edited; the first column takes the free width (``columns``:
    :func:`translatable` headers)."""
    table = QTableWidget(0, len(columns))
    table.setHorizontalHeaderLabels([tr(column) for column in columns])
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().setVisible(False)
    table.setTextElideMode(Qt.TextElideMode.ElideMiddle)  # long names keep their distinctive end
    header = table.horizontalHeader()
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    for column in range(1, len(columns)):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
    return table


def saved_parallel() -> int:
    """How many files were downloaded at once last time (4 at first, or when the setting is unreadable)."""
    try:
        return int(QgsSettings().value(PARALLEL_SETTING, DEFAULT_PARALLEL))
    except (TypeError, ValueError):
        return DEFAULT_PARALLEL


class DownloadPanel(QWidget):
    """Folder and parallel downloads to choose, then per-file progress, the total, and a summary.

    Signals:
        finished(object): the DownloadReport of a run that ended (also a cancelled one).
        stopped(): a run ended, with a report or an error (after ``finished`` or ``on_error``).
    """

    finished = pyqtSignal(object)
    stopped = pyqtSignal()

    COLUMNS = (translatable("File"), translatable("Size"), translatable("State"))

    def __init__(self, context: PluginContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.task: ApiTask | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        form = QFormLayout()
        self.folder_widget = QgsFileWidget()
        self.folder_widget.setStorageMode(QgsFileWidget.StorageMode.GetDirectory)
        self.folder_widget.setFilePath(default_folder())
        form.addRow(tr("Folder"), self.folder_widget)
        self.parallel_spin = QSpinBox()
        self.parallel_spin.setRange(1, MAX_PARALLEL)
        self.parallel_spin.setValue(saved_parallel())
        self.parallel_spin.setToolTip(tr("How many files are downloaded at the same time."))
        form.addRow(tr("Parallel downloads"), self.parallel_spin)
        layout.addLayout(form)
        self.table = read_only_table(self.COLUMNS)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        layout.addWidget(self.table, 1)
        self.total_bar = QProgressBar()
        self.total_bar.setRange(0, 100)
        self.total_bar.setFormat(tr("Total %p%"))
        layout.addWidget(self.total_bar)
        summary_row = QHBoxLayout()
        self.summary_label = wrapping_label()
        summary_row.addWidget(self.summary_label, 1)
        self.open_folder_button = QPushButton(tr("Open folder"))
        self.open_folder_button.setVisible(False)
        self.open_folder_button.clicked.connect(self.open_folder)
        summary_row.addWidget(self.open_folder_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(summary_row)
        self._rows: dict[tuple[str, str], int] = {}
        self._folder = ""

    @property
    def running(self) -> bool:
        """Whether a download is under way."""
        return self.task is not None

    def folder(self) -> str:
        """The chosen folder."""
        return self.folder_widget.filePath().strip()

    def start(
        self,
        description: str,
        operation: Callable[..., DownloadReport],
        *args: Any,
        on_error: Callable[[str], None],
    ) -> bool:
        """Run ``operation(client, task, *args, folder, parallel)``; False (message shown) if it cannot."""
        folder = self.folder()
        if not folder:
            self._show(tr("Choose a folder to download into."), BAD)
            return False
        settings = QgsSettings()
        settings.setValue(FOLDER_SETTING, folder)
        settings.setValue(PARALLEL_SETTING, self.parallel_spin.value())
        self._folder = folder
        self.table.setRowCount(0)
        self._rows.clear()
        self.total_bar.setValue(0)
        self.open_folder_button.setVisible(False)
        self._show(tr("Downloading…"), None)
        self.task = self.context.run(
            description,
            operation,
            *args,
            folder,
            self.parallel_spin.value(),
            on_done=self._done,
            on_error=lambda message: self._failed(message, on_error),
            owner=self.context,  # not the panel: closing the dialog does not stop the download
            on_partial=self.show_progress,
        )
        if self.task is None:
            return False
        self.task.progressChanged.connect(self._show_total)
        return True

    def cancel(self) -> None:
        """Stop the download at once; its summary still comes (``.part`` files stay for a resume)."""
        if self.task is not None:
            self.task.cancel()
            self._show(tr("Cancelling…"), None)

    def show_progress(self, progress: FileProgress) -> None:
        """Show where one file stands (its row is added when it is first heard of)."""
        key = (progress.item_id, progress.asset_key)
        row = self._rows.get(key)
        if row is None:
            row = self._rows[key] = self.table.rowCount()
            self.table.insertRow(row)
            for column in range(len(self.COLUMNS)):
                self.table.setItem(row, column, QTableWidgetItem())
        name = (
            Path(progress.path).name
            if progress.path
            else tr("{asset} of {item}").format(asset=progress.asset_key, item=progress.item_id)
        )
        self.table.item(row, 0).setText(name)
        self.table.item(row, 0).setToolTip(progress.path or name)
        size = size_text(progress.total)
        if progress.state == FileState.DOWNLOADING and progress.received:
            size = tr("{received} of {total}").format(received=size_text(progress.received), total=size)
        self.table.item(row, 1).setText(size)
        state = tr(progress.state)
        if progress.state == FileState.DOWNLOADING and progress.total:
            state = f"{100 * progress.received // progress.total} %"
        state_item = self.table.item(row, 2)
        state_item.setText(state)
        state_item.setToolTip(progress.message)
        colour = {FileState.FAILED: BAD, FileState.DONE: GOOD, FileState.SKIPPED: GOOD}.get(progress.state)
        if colour is not None:
            state_item.setForeground(colour)

    def row_texts(self) -> list[tuple[str, ...]]:
        """What the progress table shows, row by row."""
        return [
            tuple(self.table.item(row, column).text() for column in range(len(self.COLUMNS)))
            for row in range(self.table.rowCount())
        ]

    def open_folder(self) -> None:
        """Show the download folder in the file manager."""
        QDesktopServices.openUrl(QUrl.fromLocalFile(self._folder))

    def _show_total(self, percent: float) -> None:
        self.total_bar.setValue(round(percent))

    def _done(self, report: DownloadReport) -> None:
        self.task = None
        if not report.cancelled and not report.failed:
            self.total_bar.setValue(100)
        self._show(report.summary(), BAD if report.failed else GOOD)
        self.open_folder_button.setVisible(bool(report.files))
        self.finished.emit(report)
        self.stopped.emit()

    def _failed(self, message: str, on_error: Callable[[str], None]) -> None:
        self.task = None
        self._show(message, BAD)
        on_error(message)
        self.stopped.emit()

    def _show(self, text: str, colour: Any) -> None:
        self.summary_label.setText(text)
        self.summary_label.setStyleSheet(text_colour(colour) if colour is not None else "")


class DownloadingDialog(QDialog):
    """A dialog around a DownloadPanel (``self.panel``). Closing it while a download runs only hides it:
    the download goes on (QGIS's task manager can still cancel it), its summary reaches the message bar,
    and the dialog closes for good when the download ends."""

    def __init__(self, iface: Any, context: PluginContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.iface = iface
        self.context = context
        self.panel = DownloadPanel(context, self)
        self.panel.finished.connect(self._report)
        self.panel.stopped.connect(self._close_when_hidden)
        self._closing = False
        self.resize(*DIALOG_SIZE)

    def reject(self) -> None:
        """Close (Close, Esc, the window's close button); a download under way goes on without the dialog."""
        if not self.panel.running:
            super().reject()
            return
        self._closing = True
        self.hide()
        self.iface.messageBar().pushInfo(
            "constellr",
            tr(
                "The download goes on; its summary will appear here. To stop it, cancel it in QGIS's task "
                "manager (the progress bar at the bottom of the window)."
            ),
        )

    def closeEvent(self, event: QCloseEvent) -> None:
        """The window's close button: as :meth:`reject` (the dialog is not deleted while it downloads)."""
        if self.panel.running:
            event.ignore()
            self.reject()
            return
        super().closeEvent(event)

    def _report(self, report: DownloadReport) -> None:
        bar = self.iface.messageBar()
        (bar.pushWarning if report.failed else bar.pushSuccess)("constellr", report.summary())

    def _close_when_hidden(self) -> None:
        if self._closing:
            super().reject()  # deletes the dialog when it was opened with WA_DeleteOnClose


class DownloadDialog(DownloadingDialog):
    """Download chosen asset files of STAC items into ``<folder>/<datetime>_<item id>/``; optionally load
    the downloaded rasters."""

    def __init__(
        self, iface: Any, context: PluginContext, items: list[StacItem], parent: QWidget | None = None
    ) -> None:
        super().__init__(iface, context, parent)
        self.items = list(items)
        self.setWindowTitle(
            tr_count(len(self.items), "Download files of {count} item", "Download files of {count} items")
        )
        layout = QVBoxLayout(self)
        layout.addWidget(wrapping_label(tr("Files to download for each item:")))
        self.keys_list = QListWidget()
        self.keys_list.setMaximumHeight(130)
        lst_keys = {lst_asset_key(item) for item in self.items}
        for choice in asset_choices(self.items):
            entry = QListWidgetItem(
                tr("{key} — {title} ({count} of {total} items)").format(
                    key=choice.key, title=choice.title, count=choice.count, total=len(self.items)
                )
            )
            entry.setData(Qt.ItemDataRole.UserRole, choice.key)
            entry.setFlags(entry.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            ticked = choice.key in lst_keys
            entry.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
            self.keys_list.addItem(entry)
        self.keys_list.itemChanged.connect(lambda _entry: self._update_buttons())
        layout.addWidget(self.keys_list)
        self.panel.finished.connect(self._finished)
        layout.addWidget(self.panel, 1)
        self.load_check = QCheckBox(tr("Load rasters when done"))
        self.load_check.setToolTip(tr("Add the downloaded raster files (LST in °C) to the map."))
        layout.addWidget(self.load_check)
        self.buttons = QDialogButtonBox()
        self.download_button = self.buttons.addButton(tr("Download"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton(
            tr("Cancel download"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.download_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self.panel.cancel)
        self.close_button.clicked.connect(self.reject)
        layout.addWidget(self.buttons)
        self._update_buttons()

    def chosen_keys(self) -> list[str]:
        """The ticked asset keys."""
        entries = (self.keys_list.item(row) for row in range(self.keys_list.count()))
        return [
            entry.data(Qt.ItemDataRole.UserRole)
            for entry in entries
            if entry.checkState() == Qt.CheckState.Checked
        ]

    def set_chosen_keys(self, keys: list[str]) -> None:
        """Tick exactly these asset keys."""
        for row in range(self.keys_list.count()):
            entry = self.keys_list.item(row)
            chosen = entry.data(Qt.ItemDataRole.UserRole) in keys
            entry.setCheckState(Qt.CheckState.Checked if chosen else Qt.CheckState.Unchecked)

    def start(self) -> None:
        """Download the ticked files of every item."""
        keys = self.chosen_keys()
        if not keys or self.panel.running:
            return
        count = len(self.items)
        self.panel.start(
            tr("download {files} file(s) of {count} item(s)").format(files=len(keys), count=count),
            download_assets,
            self.items,
            keys,
            on_error=self._failed,
        )
        self._update_buttons()

    def _finished(self, report: DownloadReport) -> None:
        self._update_buttons()
        if not self.load_check.isChecked():
            return
        requests = [
            RasterRequest(file.item, file.asset_key, local_path=file.path)
            for file in report.files
            if file.item is not None and file.asset_key in raster_asset_keys(file.item)
        ]
        if not requests:
            return
        # not owned by the dialog: the layers are added even if it was closed meanwhile
        description = tr("open downloaded rasters: {count}").format(count=len(requests))
        open_rasters(self.iface, self.context, requests, description)

    def _failed(self, message: str) -> None:
        self._update_buttons()
        self.iface.messageBar().pushWarning("constellr", message)

    def _update_buttons(self) -> None:
        running = self.panel.running
        self.download_button.setEnabled(not running and bool(self.chosen_keys()))
        self.cancel_button.setEnabled(running)
        self.keys_list.setEnabled(not running)
