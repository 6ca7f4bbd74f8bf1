"""The Feeds tab: saved live STAC feeds; a run reads one into a footprint layer of its own, with a status
line; the selected footprints open as LST layers or download as the Search tab's results do.

Everything about reading a feed lives in ``plugin/feeds.py``; this tab starts ``read_feed`` in a task,
adds the pushed batches to the run's layer and shows the pushed status.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone

from qgis.core import QgsVectorLayer
from qgis.gui import QgisInterface
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..plugin.api import StacItem
from ..plugin.connection import CredentialsError, network_settings
from ..plugin.context import PluginContext
from ..plugin.feeds import (
    Feed,
    FeedBatch,
    FeedKind,
    FeedStatus,
    describe_gap,
    feed_token,
    forget_token,
    read_feed,
    save_feeds,
    saved_feeds,
)
from ..plugin.i18n import tr, tr_count, translatable
from ..plugin.rasters import RasterRequest, lst_asset_key
from ..plugin.search import add_search_group, append_features, footprint_layer, item_key
from ..plugin.tasks import ApiTask, user_message
from .download_dialog import DownloadDialog
from .feed_dialog import FeedDialog
from .raster_layers import open_rasters
from .scrolling_tab import ScrollingTab
from .style import BAD, breakable, text_colour, wrapping_label

KIND_WORDS = {
    FeedKind.SUBSCRIPTION: translatable("live subscription"),
    FeedKind.DATASET: translatable("dataset"),
}
VISIBLE_FEEDS = 4  # feeds the list shows before it scrolls
GAPS_SHOWN = 3  # the latest gaps in the status line; the log lists every one


def status_text(status: FeedStatus) -> str:
    """The status line: the service's sentence (state, count, reconnect countdown); the rate, the last
    item's time, lines skipped; then every gap, one per line."""
    details = []
    if status.state in ("connected", "reconnecting"):
        details.append(tr("{rate} items/min").format(rate=f"{status.items_per_minute:.1f}"))
    if status.last_item_at is not None:
        moment = status.last_item_at.astimezone(timezone.utc)
        details.append(tr("last item {time} UTC").format(time=f"{moment:%H:%M:%S}"))
    if status.malformed:
        details.append(
            tr_count(status.malformed, "{count} malformed line skipped", "{count} malformed lines skipped")
        )
    if status.duplicates:
        details.append(tr_count(status.duplicates, "{count} repeat ignored", "{count} repeats ignored"))
    lines = [status.message]
    if details:
        lines.append(" · ".join(details))
    earlier = len(status.gaps) - GAPS_SHOWN
    if earlier > 0:
        lines.append(
            tr_count(
                earlier,
                "{count} earlier disconnection is listed in the constellr log.",
                "{count} earlier disconnections are listed in the constellr log.",
            )
        )
    lines.extend(describe_gap(gap) for gap in status.gaps[-GAPS_SHOWN:])
    return "\n".join(lines)


def feed_row_text(feed: Feed) -> str:
    """Two lines: the name; the kind and the address."""
    return f"{feed.name}\n{tr(KIND_WORDS[feed.kind])} · {feed.url}"


class FeedRun:
    """One run of a feed: its task, its footprint layer and the items it received (as JSON text)."""

    def __init__(self, feed: Feed, layer: QgsVectorLayer) -> None:
        self.feed = feed
        self.layer: QgsVectorLayer | None = layer
        self.task: ApiTask | None = None
        self.status: FeedStatus | None = None
        self.problem = ""
        self.in_project = False
        self.stopping = False
        self.documents: dict[tuple[str, str], str] = {}  # (collection, item id) → the item's JSON
        self.started = datetime.now(timezone.utc)
        layer.willBeDeleted.connect(self._layer_deleted)

    @property
    def running(self) -> bool:
        """Whether its task is still reading."""
        return self.task is not None

    def add(self, batch: FeedBatch) -> None:
        """A batch's items kept, its footprints on the map (its layer put in its group at the first one)."""
        if self.layer is not None and batch.features:
            if not self.in_project:
                started = f"{self.started:%Y-%m-%d %H:%M}"
                add_search_group(
                    self.layer, tr("Feed {name}, {time} UTC").format(name=self.feed.name, time=started)
                )
                self.in_project = True
            append_features(self.layer, batch.features)
        for feature, document in zip(batch.features, batch.items):
            self.documents[item_key(feature)] = document
        self.status = batch.status

    def selected_items(self) -> list[StacItem]:
        """The items whose footprints are selected on the map."""
        if self.layer is None:
            return []
        keys = (item_key(feature) for feature in self.layer.getSelectedFeatures())
        return [StacItem.from_dict(json.loads(self.documents[key])) for key in keys if key in self.documents]

    def selected_count(self) -> int:
        """How many footprints are selected on the map."""
        return self.layer.selectedFeatureCount() if self.layer is not None else 0

    def _layer_deleted(self) -> None:
        self.layer = None  # the analyst removed it: the run goes on counting

    def release(self) -> None:
        """Stop following the layer; drop it when it never reached the project."""
        layer, self.layer = self.layer, None
        if layer is not None:
            layer.willBeDeleted.disconnect(self._layer_deleted)
            if not self.in_project:
                layer.deleteLater()


class FeedsTab(ScrollingTab):
    """Saved feeds, Start/Stop, the status of the selected feed's run, and what to do with its footprints."""

    def __init__(self, iface: QgisInterface, context: PluginContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.iface = iface
        self.context = context
        self.feeds: list[Feed] = saved_feeds()
        self.runs: dict[str, FeedRun] = {}  # by feed name: the latest run of each feed
        self._build()
        self._fill_list()
        self._update()

    # -- layout ----------------------------------------------------------------------------------
    def _build(self) -> None:
        layout = QVBoxLayout(self.content)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._build_feeds_box())
        running = QHBoxLayout()
        self.start_button = QPushButton(tr("Start"))
        self.start_button.clicked.connect(self.start)
        self.stop_button = QPushButton(tr("Stop"))
        self.stop_button.clicked.connect(self.stop)
        running.addWidget(self.start_button)
        running.addWidget(self.stop_button)
        running.addStretch(1)
        layout.addLayout(running)
        self.problem_label = wrapping_label()
        self.problem_label.setStyleSheet(text_colour(BAD))
        self.problem_label.hide()
        layout.addWidget(self.problem_label)
        self.status_label = wrapping_label()
        layout.addWidget(self.status_label)
        layout.addWidget(self._build_footprints_box())
        layout.addStretch(1)

    def _build_feeds_box(self) -> QGroupBox:
        feeds_box = QGroupBox(tr("Feeds"))
        feeds_layout = QVBoxLayout(feeds_box)
        self.feed_list = QListWidget()
        self.feed_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.feed_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.feed_list.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.feed_list.setMinimumWidth(1)
        row = 2 * self.fontMetrics().lineSpacing() + self.fontMetrics().height() // 2
        self.feed_list.setMinimumHeight(2 * row)
        self.feed_list.setMaximumHeight(VISIBLE_FEEDS * row)
        self.feed_list.currentRowChanged.connect(lambda _row: self._update())
        self.feed_list.itemDoubleClicked.connect(lambda _item: self.edit_feed())
        feeds_layout.addWidget(self.feed_list)
        editing = QHBoxLayout()
        self.add_button = QPushButton(tr("Add…"))
        self.add_button.clicked.connect(self.add_feed)
        self.edit_button = QPushButton(tr("Edit…"))
        self.edit_button.clicked.connect(self.edit_feed)
        self.remove_button = QPushButton(tr("Remove"))
        self.remove_button.clicked.connect(self.remove_feed)
        for button in (self.add_button, self.edit_button, self.remove_button):
            editing.addWidget(button)
        editing.addStretch(1)
        feeds_layout.addLayout(editing)
        return feeds_box

    def _build_footprints_box(self) -> QGroupBox:
        footprints_box = QGroupBox(tr("Footprints"))
        footprints_layout = QVBoxLayout(footprints_box)
        self.selection_label = wrapping_label()
        footprints_layout.addWidget(self.selection_label)
        actions = QHBoxLayout()
        self.lst_button = QPushButton(tr("Add LST layers"))
        self.lst_button.clicked.connect(self.add_lst_layers)
        self.download_button = QPushButton(tr("Download…"))
        self.download_button.clicked.connect(self.download_selected)
        actions.addWidget(self.lst_button)
        actions.addWidget(self.download_button)
        actions.addStretch(1)
        footprints_layout.addLayout(actions)
        return footprints_box

    def _fill_list(self, current: str | None = None) -> None:
        self.feed_list.clear()
        for feed in self.feeds:
            entry = QListWidgetItem(feed_row_text(feed))
            entry.setToolTip(breakable(feed.url))
            self.feed_list.addItem(entry)
        names = [feed.name for feed in self.feeds]
        if names:
            self.feed_list.setCurrentRow(names.index(current) if current in names else 0)

    # -- the saved feeds -------------------------------------------------------------------------
    def reload(self) -> None:
        """Read the saved feeds again (saved elsewhere); the selected feed stays selected."""
        feed = self.current_feed()
        self.feeds = saved_feeds()
        self._fill_list(feed.name if feed else None)
        self._update()

    def current_feed(self) -> Feed | None:
        """The feed selected in the list."""
        row = self.feed_list.currentRow()
        return self.feeds[row] if 0 <= row < len(self.feeds) else None

    def select_feed(self, name: str) -> None:
        """Select the feed of this name in the list."""
        self.feed_list.setCurrentRow([feed.name for feed in self.feeds].index(name))

    def add_feed(self) -> FeedDialog:
        """Open the dialog for a new feed; it is saved when the dialog is."""
        return self._open_dialog(None)

    def edit_feed(self) -> FeedDialog | None:
        """Open the dialog for the selected feed (not while it runs)."""
        feed = self.current_feed()
        if feed is None or self.is_running(feed):
            return None
        return self._open_dialog(feed)

    def _open_dialog(self, feed: Feed | None) -> FeedDialog:
        others = [other for other in self.feeds if other != feed]
        dialog = FeedDialog(others, feed, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._feed_saved(feed, dialog.saved))
        dialog.open()
        return dialog

    def _feed_saved(self, original: Feed | None, saved: Feed | None) -> None:
        if saved is None:
            return
        if original is None:
            self.feeds.append(saved)
        else:
            self.feeds[self.feeds.index(original)] = saved
            run = self.runs.pop(original.name, None)
            if run is not None:
                self.runs[saved.name] = run
        save_feeds(self.feeds)
        self._fill_list(saved.name)

    def remove_feed(self, *, confirm: bool = True) -> None:
        """Remove the selected feed (not while it runs) and forget its token; its layers stay."""
        feed = self.current_feed()
        if feed is None or self.is_running(feed):
            return
        if confirm:
            answer = QMessageBox.question(
                self,
                tr("Remove feed"),
                tr("Remove the feed “{name}” and forget its token? Its footprint layers stay.").format(
                    name=feed.name
                ),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        forget_token(feed)
        self.feeds.remove(feed)
        run = self.runs.pop(feed.name, None)
        if run is not None:
            run.release()
        save_feeds(self.feeds)
        self._fill_list()
        self._update()

    # -- running ---------------------------------------------------------------------------------
    def is_running(self, feed: Feed) -> bool:
        """Whether a run of this feed is reading."""
        run = self.runs.get(feed.name)
        return run is not None and run.running

    def current_run(self) -> FeedRun | None:
        """The latest run of the selected feed (None before its first)."""
        feed = self.current_feed()
        return self.runs.get(feed.name) if feed else None

    def start(self) -> None:
        """Read the selected feed into a new footprint layer, in a task (not when it already runs)."""
        feed = self.current_feed()
        if feed is None or self.is_running(feed):
            return
        try:
            token = feed_token(feed)
        except CredentialsError as error:
            self._show_problem(str(error))
            return
        self._show_problem("")
        previous = self.runs.pop(feed.name, None)
        if previous is not None:
            self._stop_following(previous)
        run = self.runs[feed.name] = FeedRun(feed, footprint_layer(tr("Feed {name}").format(name=feed.name)))
        run.layer.selectionChanged.connect(self._footprints_selected)
        run.layer.willBeDeleted.connect(self._footprints_selected)  # after the run let go of it
        network = network_settings()
        run.task = self.context.runner.start(
            "constellr: " + tr("read the feed {name}").format(name=feed.name),
            lambda task: read_feed(feed, token, task, network=network),
            lambda status: self._ended(run, status),
            lambda error: self._failed(run, user_message(error)),
            owner=self,
            on_partial=lambda batch: self._batch_arrived(run, batch),
            endless=feed.kind is FeedKind.SUBSCRIPTION,
        )
        self._update()

    def stop(self) -> None:
        """Stop the selected feed's run; what it received stays."""
        run = self.current_run()
        if run is None or run.task is None:
            return
        run.stopping = True
        run.task.cancel()  # read_feed ends within a second and returns its final status
        self._update()

    def _batch_arrived(self, run: FeedRun, batch: FeedBatch) -> None:
        run.add(batch)
        self._run_changed(run)

    def _ended(self, run: FeedRun, status: FeedStatus) -> None:
        run.task, run.status = None, status
        self._run_changed(run)

    def _failed(self, run: FeedRun, message: str) -> None:
        run.task = None
        if not run.stopping:  # else cancelled before it began: nothing went wrong
            run.problem = tr("The feed stopped: {reason}").format(reason=message)
        self._run_changed(run)

    def _run_changed(self, run: FeedRun) -> None:
        if run is self.current_run():
            self._update()

    # -- what is shown ---------------------------------------------------------------------------
    def _update(self) -> None:
        """Buttons, status and selection for the selected feed."""
        feed = self.current_feed()
        run = self.current_run()
        running = run is not None and run.running
        self.edit_button.setEnabled(feed is not None and not running)
        self.remove_button.setEnabled(feed is not None and not running)
        self.start_button.setEnabled(feed is not None and not running)
        self.stop_button.setEnabled(running and not run.stopping)
        tip = tr("Stop the feed first") if running else ""
        self.edit_button.setToolTip(tip)
        self.remove_button.setToolTip(tip)
        if run is None:
            self.status_label.setText(
                tr("Add a feed, then start it.") if feed is None else tr("Not started.")
            )
            self.problem_label.hide()
        else:
            self._show_status(run)
            self._show_problem(run.problem)
        self._footprints_selected()

    def _show_status(self, run: FeedRun) -> None:
        status = run.status
        if run.running and run.stopping:
            text = tr("Stopping…")
        elif run.running:
            text = status_text(status) if status is not None else tr("Connecting to the feed…")
        elif status is not None and status.state in ("finished", "stopped"):
            text = status_text(status)
        else:  # it failed (the problem says why) or was stopped before it began
            received = status.received if status is not None else 0
            text = tr_count(
                received,
                "{count} item received before it stopped.",
                "{count} items received before it stopped.",
            )
        self.status_label.setText(breakable(text))

    def _show_problem(self, message: str) -> None:
        self.problem_label.setText(breakable(message))
        self.problem_label.setVisible(bool(message))

    def _footprints_selected(self, *_args: object) -> None:
        run = self.current_run()
        count = run.selected_count() if run is not None else 0
        if run is None or run.layer is None:
            self.selection_label.setText(tr("The footprints of a run appear in a layer of their own."))
        elif count:
            self.selection_label.setText(
                tr_count(count, "{count} footprint selected", "{count} footprints selected")
            )
        else:
            self.selection_label.setText(tr("Select footprints of this feed's layer on the map."))
        for button in (self.lst_button, self.download_button):
            button.setEnabled(bool(count))

    # -- the selected footprints -----------------------------------------------------------------
    def selected_items(self) -> list[StacItem]:
        """The items of the footprints selected in the selected feed's layer."""
        run = self.current_run()
        return run.selected_items() if run is not None else []

    def add_lst_layers(self) -> None:
        """Stream the LST asset of every selected item as a layer in °C (the Search tab's machinery)."""
        items = self.selected_items()
        requests = [RasterRequest(item, key) for item in items for key in [lst_asset_key(item)] if key]
        if not requests:
            self.iface.messageBar().pushInfo(
                "constellr",
                tr("None of the selected items has an LST asset: download their files (Download…)."),
            )
            return
        description = tr("open {what} rasters: {count}").format(what="LST", count=len(requests))
        open_rasters(self.iface, self.context, requests, description, owner=self)

    def download_selected(self) -> DownloadDialog | None:
        """Choose files and a folder for the selected items (the feed's assets of interest ticked)."""
        items = self.selected_items()
        run = self.current_run()
        if not items or run is None:
            return None
        dialog = DownloadDialog(self.iface, self.context, items, self)
        if run.feed.asset_keys:
            dialog.set_chosen_keys(list(run.feed.asset_keys))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    # -- unload ----------------------------------------------------------------------------------
    def _stop_following(self, run: FeedRun) -> None:
        if run.layer is not None:
            run.layer.selectionChanged.disconnect(self._footprints_selected)
            run.layer.willBeDeleted.disconnect(self._footprints_selected)
        run.release()

    def release(self) -> None:
        """Stop every run (calling nothing back) and stop following their layers (unload)."""
        self.context.cancel(self)
        for run in self.runs.values():
            run.task = None
            self._stop_following(run)
        self.runs.clear()
