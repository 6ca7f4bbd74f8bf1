"""The Search tab: filters, a STAC search loaded page by page, the results on the map and in a list,
item details, and what to do with the selected items (rasters, downloads)."""

from __future__ import annotations

from qgis.core import QgsGeometry
from qgis.gui import QgisInterface
from qgis.PyQt.QtCore import Qt, QTimer
from qgis.PyQt.QtGui import QShowEvent
from qgis.PyQt.QtWidgets import (
    QDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..plugin.aoi_geometry import zoom_extent
from ..plugin.api import StacCollection, StacItem
from ..plugin.context import PluginContext
from ..plugin.current_aoi import CurrentAoi
from ..plugin.i18n import tr, tr_count, translatable
from ..plugin.orders import short_id
from ..plugin.rasters import (
    RasterRequest,
    lst_asset_key,
    raster_asset_keys,
)
from ..plugin.search import (
    SearchPage,
    SearchRequest,
    SearchSummary,
    add_search_group,
    footprint_layer,
    list_collections,
    search_items,
)
from ..plugin.tasks import ApiTask
from .download_dialog import DownloadDialog
from .item_details import ItemDetails
from .legacy_assets import LegacyAssetsDialog
from .raster_layers import open_rasters
from .scrolling_tab import ScrollingTab
from .search_filters import SearchFilters
from .search_results import SearchResults
from .style import BAD, breakable, text_colour, wrapping_label

NOTHING_SELECTED = translatable("Select items in the list or on the map first")
COUNT_UPDATE_MS = 250


def count_text(received: int, matched: int | None) -> str:
    """``N of M items`` (or ``N items`` when the server does not say how many match)."""
    if matched is None:
        return tr_count(received, "{count} item", "{count} items")
    return tr("{received} of {matched} items").format(received=received, matched=matched)


def nothing_found(request: SearchRequest | None) -> str:
    """What an empty answer means."""
    if request is not None and request.order_id:
        return tr("No deliveries of order {order} match: none yet, or the other filters leave none.").format(
            order=short_id(request.order_id)
        )
    return tr("No items match these filters.")


class SearchTab(ScrollingTab):
    """Search the STAC catalogue; the results become a footprint layer and a list kept in step."""

    def __init__(
        self,
        iface: QgisInterface,
        context: PluginContext,
        parent: QWidget | None = None,
        *,
        current_aoi: CurrentAoi | None = None,
    ) -> None:
        super().__init__(parent)
        self.iface = iface
        self.context = context
        self.canvas = iface.mapCanvas()
        self._task: ApiTask | None = None
        self._search: object | None = None  # the search under way: callbacks of an older one are ignored
        self._request: SearchRequest | None = None
        self._received = 0
        self._matched: int | None = None
        self._group_added = False
        self._collections_asked = False
        self._listing: object | None = None  # the collections listing under way
        # while pages pour in, the count is shown a few times a second: each new text lays the dock out
        self._count_timer = QTimer(self)
        self._count_timer.setSingleShot(True)
        self._count_timer.setInterval(COUNT_UPDATE_MS)
        self._count_timer.timeout.connect(self._show_count)
        self.filters = SearchFilters(iface, context.workspace, current_aoi)
        self.results = SearchResults(self.canvas)
        self.details = ItemDetails(context)
        self._build()
        self.results.selectionChanged.connect(self._selection_changed)
        self.filters.order_edit.returnPressed.connect(self.search)
        self._selection_changed()

    # -- layout ----------------------------------------------------------------------------------
    def _build(self) -> None:
        layout = QVBoxLayout(self.content)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.filters)
        running = QHBoxLayout()
        self.search_button = QPushButton(tr("Search"))
        self.search_button.setDefault(True)
        self.search_button.clicked.connect(self.search)
        self.cancel_button = QPushButton(tr("Cancel"))
        self.cancel_button.setToolTip(tr("Stop the search; the items already received stay"))
        self.cancel_button.clicked.connect(self.cancel)
        self.reset_button = QPushButton(tr("Reset filters"))
        self.reset_button.setToolTip(tr("Every filter back to “any” (sort and page size stay)"))
        self.reset_button.clicked.connect(self.filters.reset)
        running.addWidget(self.search_button)
        running.addWidget(self.cancel_button)
        running.addStretch(1)
        running.addWidget(self.reset_button)
        layout.addLayout(running)
        self.problem_label = wrapping_label()
        self.problem_label.setStyleSheet(text_colour(BAD))
        self.problem_label.hide()
        layout.addWidget(self.problem_label)
        self.status_label = wrapping_label(tr("Set the filters and search."))
        layout.addWidget(self.status_label)
        results_box = QGroupBox(tr("Results"))
        results_layout = QVBoxLayout(results_box)
        results_layout.addWidget(self.results)
        results_layout.addLayout(self._build_actions())
        layout.addWidget(results_box, 1)
        layout.addWidget(self.details)
        self._set_running(False)

    def _build_actions(self) -> QGridLayout:
        actions = QGridLayout()
        self.lst_button = QPushButton(tr("Add LST layers"))
        self.lst_button.clicked.connect(self.add_lst_layers)
        self.rasters_button = QPushButton(tr("Add other rasters…"))
        self.rasters_menu = QMenu(self.rasters_button)
        self.rasters_menu.aboutToShow.connect(self._fill_rasters_menu)
        self.rasters_button.setMenu(self.rasters_menu)
        self.download_button = QPushButton(tr("Download…"))
        self.download_button.clicked.connect(self.download_selected)
        self.legacy_button = QPushButton(tr("Legacy assets…"))
        self.legacy_button.setToolTip(tr("The files of the legacy /assets listing, for accounts that use it"))
        self.legacy_button.clicked.connect(self.open_legacy_assets)
        actions.addWidget(self.lst_button, 0, 0)
        actions.addWidget(self.rasters_button, 0, 1)
        actions.addWidget(self.download_button, 1, 0)
        actions.addWidget(self.legacy_button, 1, 1)
        return actions

    def showEvent(self, event: QShowEvent) -> None:
        """The collections are listed when the tab is first shown."""
        super().showEvent(event)
        if not self._collections_asked:
            self.load_collections()

    # -- collections -----------------------------------------------------------------------------
    def load_collections(self) -> None:
        """List the server's collections in the filters (in a task)."""
        self._collections_asked = True
        listing = self._listing = object()  # an answer for an earlier connection is dropped
        self.filters.collections_status.setText(tr("Listing the collections…"))
        self.context.run(
            tr("list STAC collections"),
            list_collections,
            on_done=lambda collections: self._collections_loaded(listing, collections),
            on_error=lambda message: self._collections_failed(listing, message),
            owner=self,
        )

    def connection_changed(self) -> None:
        """Another server or API key: its collections replace the previous ones, none ticked."""
        self._listing = None
        self._collections_asked = False
        self.filters.tick_collections([])
        self.filters.set_collections([])
        self.filters.collections_status.setText(tr("Collections are listed when the tab is shown."))
        if self.isVisible():
            self.load_collections()

    def _collections_loaded(self, listing: object, collections: list[StacCollection]) -> None:
        if listing is self._listing:
            self.filters.set_collections(collections)

    def _collections_failed(self, listing: object, message: str) -> None:
        if listing is self._listing:
            self._collections_asked = False  # asked again when the tab is shown again
            self.filters.collections_failed(message)

    # -- searching -------------------------------------------------------------------------------
    def search_order(self, order_id: str) -> None:
        """Find an order's deliveries: the order filter filled in, every other filter cleared, run
        (a search under way stops first)."""
        self.cancel()
        self.filters.reset()
        self.filters.set_order(order_id)
        self.search()

    def search(self) -> None:
        """Run the search the filters describe; a filter that cannot be sent is said, nothing sent."""
        if self._search is not None:
            return
        try:
            request = self.filters.request()
            request.to_stac()  # a CQL2 box or a date that cannot be sent is said here, before sending
        except ValueError as problem:
            self.filters.setCollapsed(False)  # the filter to change in view
            self._show_problem(str(problem))
            return
        self._show_problem("")
        # the results get the room; the title says what was searched, a click shows the filters again
        self.filters.setTitle(tr("Filters: {search}").format(search=request.describe()))
        self.filters.setCollapsed(True)
        self._request = request
        self._received, self._matched, self._group_added = 0, None, False
        self.results.start(
            footprint_layer(tr("constellr search — {search}").format(search=request.describe()))
        )
        self.status_label.setText(tr("Searching {search}…").format(search=request.describe()))
        self._search = search = object()
        self._set_running(True)
        self._task = self.context.run(  # None, on_error already called, when there are no credentials
            tr("search {search}").format(search=request.describe()),
            search_items,
            request,
            on_done=lambda summary: self._finished(search, summary),
            on_error=lambda message: self._failed(search, message),
            owner=self,
            on_partial=lambda page: self._page_arrived(search, page),
        )

    def _page_arrived(self, search: object, page: SearchPage) -> None:
        if search is not self._search or self._request is None:
            return
        layer = self.results.layer
        if page.items and layer is not None and not self._group_added:
            add_search_group(layer, self._request.describe())
            self._group_added = True
        self.results.add_page(page)
        self._received, self._matched = page.received, page.matched
        if not self._count_timer.isActive():
            self._count_timer.start()

    def _show_count(self) -> None:
        if self._search is not None:
            self.status_label.setText(count_text(self._received, self._matched) + "…")

    def _finished(self, search: object, summary: SearchSummary) -> None:
        if search is not self._search:
            return
        self._end()
        self._received, self._matched = summary.received, summary.matched
        if summary.cancelled:
            self._say_cancelled()
        elif summary.received == 0:
            self.status_label.setText(nothing_found(self._request))
        else:
            self.status_label.setText(count_text(summary.received, summary.matched) + ".")
        self.zoom_to_results()

    def _failed(self, search: object, message: str) -> None:
        if search is not self._search:
            return
        self._end()
        items = count_text(self._received, self._matched)
        if self._received:
            self._show_problem(
                tr("The search failed: {message} {items} received are kept.").format(
                    message=message, items=items
                )
            )
        else:
            self._show_problem(tr("The search failed: {message}").format(message=message))
        self.status_label.setText(items + "." if self._received else "")
        self.zoom_to_results()

    def cancel(self) -> None:
        """Stop the search at once; the items received so far stay in the list and on the map."""
        task = self._task
        if task is None:
            return
        task.silence()
        self._end()
        self._say_cancelled()
        self.zoom_to_results()

    def _say_cancelled(self) -> None:
        self.status_label.setText(
            tr("Search cancelled: {items} received are kept.").format(
                items=count_text(self._received, self._matched)
            )
        )

    def _end(self) -> None:
        """The search under way is over: its callbacks are ignored from now on."""
        self._task = self._search = None
        self._set_running(False)

    def _set_running(self, running: bool) -> None:
        self.search_button.setEnabled(not running)
        self.cancel_button.setEnabled(running)

    def _show_problem(self, message: str) -> None:
        self.problem_label.setText(breakable(message))
        self.problem_label.setVisible(bool(message))

    def zoom_to_results(self) -> None:
        """Zoom the map to the footprints found (in the map's CRS)."""
        layer = self.results.layer
        if layer is None or layer.featureCount() == 0:
            return
        layer.updateExtents()
        crs = self.canvas.mapSettings().destinationCrs()
        self.canvas.setExtent(zoom_extent(QgsGeometry.fromRect(layer.extent()), crs))
        self.canvas.refresh()

    # -- the selected items ----------------------------------------------------------------------
    def selected_items(self) -> list[StacItem]:
        """The items selected in the list (and on the map)."""
        return self.results.selected_items()

    def _selection_changed(self) -> None:
        """Details of the first selected item; the actions enabled when items are selected.

        Only that one item is read back (a selection of thousands stays quick); which of the selected
        items have the asset an action needs is seen when it runs.
        """
        rows = self.results.selected_rows()
        self.details.show_item(self.results.model.stac_item(rows[0]) if rows else None, len(rows))
        for button, tip in (
            (
                self.lst_button,
                tr("Stream the LST of the {count} selected item(s) as layers in °C").format(count=len(rows)),
            ),
            (self.rasters_button, tr("Add other raster assets of the selected items as layers")),
            (
                self.download_button,
                tr("Download files of the {count} selected item(s)").format(count=len(rows)),
            ),
        ):
            button.setEnabled(bool(rows))
            button.setToolTip(tip if rows else tr(NOTHING_SELECTED))

    def add_lst_layers(self) -> None:
        """Stream the LST asset of every selected item as a layer in °C."""
        self.add_rasters([(item, lst_asset_key(item)) for item in self.selected_items()], "LST")

    def _fill_rasters_menu(self) -> None:
        self.rasters_menu.clear()
        items = self.selected_items()
        counts: dict[str, int] = {}
        for item in items:
            for key in raster_asset_keys(item):
                counts[key] = counts.get(key, 0) + 1
        for key, count in counts.items():
            action = self.rasters_menu.addAction(
                (tr("{key} ({count} item)") if count == 1 else tr("{key} ({count} items)")).format(
                    key=key, count=count
                )
            )
            action.triggered.connect(
                lambda _checked=False, key=key: self.add_rasters([(item, key) for item in items], key)
            )
        if not counts:
            self.rasters_menu.addAction(tr("The selected items have no raster assets")).setEnabled(False)

    def add_rasters(self, wanted: list[tuple[StacItem, str | None]], what: str) -> None:
        """Open these assets (those an item lacks are left out) as layers, prepared in a task."""
        requests = [RasterRequest(item, key) for item, key in wanted if key and key in item.assets]
        if not requests:
            self.iface.messageBar().pushInfo(
                "constellr",
                tr(
                    "None of the selected items has a {what} asset: add another of their rasters "
                    "(Add other rasters…) or download their files (Download…)."
                ).format(what=what),
            )
            return
        description = tr("open {what} rasters: {count}").format(what=what, count=len(requests))
        open_rasters(self.iface, self.context, requests, description, owner=self)

    def download_selected(self) -> DownloadDialog | None:
        """Choose files and a folder for the selected items, and download them (a dialog)."""
        items = self.selected_items()
        if not items:
            return None
        return self._open(DownloadDialog(self.iface, self.context, items, self))

    def open_legacy_assets(self) -> LegacyAssetsDialog:
        """The legacy /assets listing, with downloads (a dialog)."""
        return self._open(LegacyAssetsDialog(self.iface, self.context, self))

    @staticmethod
    def _open(dialog: QDialog) -> QDialog:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    # -- unload ----------------------------------------------------------------------------------
    def release(self) -> None:
        """Stop this tab's tasks and stop following the results layer and the workspace (unload)."""
        self._task = self._search = None
        self.context.cancel(self)
        self.details.release()
        self.results.release()
        self.filters.release()
