"""The Orders tab against the sandbox: every page, filters, auto-refresh, zoom, tags, deletion, deliveries."""

from __future__ import annotations

import time
from datetime import timedelta
from urllib.parse import parse_qs

import pytest
from qgis.core import (
    Qgis,
    QgsApplication,
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsProject,
    QgsSettings,
)
from qgis.PyQt.QtCore import QEvent, QPoint, Qt
from qgis.PyQt.QtWidgets import QMenu

from constellr.plugin.api import MAX_ORDERS_PER_BATCH, NotFoundError, OrderRequest
from constellr.plugin.context import PluginContext
from constellr.plugin.layers import aoi_geometry
from constellr.plugin.orders import KEY_COLUMNS, ORDER_STATES, Column
from constellr.plugin.workspace import AOIS
from constellr.ui.orders_tab import OrdersTab
from constellr.ui.orders_table import COLUMNS_SETTING, fit_widths
from constellr.ui.style import UNKNOWN_STATE_TINT, order_state_tint
from constellr.ui.tags_dialog import TagsDialog

WGS84 = QgsCoordinateReferenceSystem("EPSG:4326")
LAPTOP_DOCK_WIDTH = 380  # a dock on a 1366×768 screen


@pytest.fixture
def tab(connected, recording_iface, wait_for):
    QgsSettings().remove(COLUMNS_SETTING)  # the key columns, as a new user sees them
    context = PluginContext()
    tab = OrdersTab(recording_iface, context)
    tab.loads = []
    tab.ordersLoaded.connect(tab.loads.append)
    yield tab
    tab.release()
    wait_for(lambda: not context.runner.running, what="tasks to end")
    tab.deleteLater()
    QgsProject.instance().removeAllMapLayers()
    QgsSettings().remove(COLUMNS_SETTING)


@pytest.fixture
def loaded(tab, wait_for):
    """The tab with the orders loaded in pages of 15 (three pages of orders and of AOIs)."""
    tab.workspace.page_size = 15
    tab.refresh()
    wait_for(lambda: tab.loads and tab.workspace.is_loaded(AOIS), what="the orders and AOIs")
    return tab


def messages(tab: OrdersTab, level: Qgis.MessageLevel) -> list[str]:
    return tab.iface.messageBar().get_messages(level)


def shown(tab: OrdersTab, column: Column) -> list[str]:
    """The texts of a column, in the order the table shows them."""
    return [tab.proxy.index(row, column).data() for row in range(tab.proxy.rowCount())]


def offsets_fetched(sandbox, path: str) -> list[int]:
    """The ``offset`` of every page request of a list, in the order they were made."""
    return [
        int(parse_qs(request.query)["offset"][0])
        for request in sandbox.requests
        if request.method == "GET" and request.path == path
    ]


def order_in(tab: OrdersTab, state: str, number: int = 0):
    return [row.order for row in tab.model.rows if row.order.state == state][number]


def test_the_table_holds_every_order_of_every_page_fetched_once(loaded, sandbox, demo_client) -> None:
    assert (
        # pages after the first start one item early: the client checks that the list did not move
        offsets_fetched(sandbox, "/orders") == offsets_fetched(sandbox, "/areas-of-interest") == [0, 14, 29]
    )
    expected = {order.id: order for order in demo_client.iter_orders()}
    assert sorted(row.order.id for row in loaded.model.rows) == sorted(expected)
    assert loaded.status_label.text() == f"{len(expected)} of {len(expected)} orders"
    aoi_names = {aoi.id: aoi.name for aoi in demo_client.iter_aois()}
    assert {row.aoi_name for row in loaded.model.rows} == {
        aoi_names[order.area_of_interest_id] for order in expected.values()
    }
    first = loaded.proxy.index(0, Column.ID)
    assert first.data(Qt.ItemDataRole.ToolTipRole).startswith(loaded.model.rows[0].order.id[:8])
    assert len(first.data()) == 8


def test_newest_first_and_dates_sort_as_dates(loaded) -> None:
    created = [row.order.created for row in loaded.model.rows]
    newest_first = sorted(created, reverse=True)
    assert shown(loaded, Column.CREATED) == [moment.strftime("%Y-%m-%d") for moment in newest_first]
    created_tip = loaded.proxy.index(0, Column.CREATED).data(Qt.ItemDataRole.ToolTipRole)
    assert created_tip == newest_first[0].strftime("%Y-%m-%d %H:%M UTC")
    chosen = order_in(loaded, "closing")
    loaded.select_orders([chosen.id])
    loaded.table.sortByColumn(Column.PERIOD, Qt.SortOrder.AscendingOrder)
    starts = [row.order.start_date for row in loaded.model.rows]
    assert [text.split(" – ")[0] for text in shown(loaded, Column.PERIOD)] == [
        moment.strftime("%Y-%m-%d") for moment in sorted(starts)
    ]
    assert loaded.selected_orders() == [chosen]  # the selection follows its row
    loaded.table.sortByColumn(Column.STATE, Qt.SortOrder.DescendingOrder)
    assert shown(loaded, Column.STATE)[0] == "rejected"
    assert loaded.selected_orders() == [chosen]


def test_states_are_coloured(loaded) -> None:
    loaded.state_combo.setCurrentIndex(loaded.state_combo.findData("rejected"))
    index = loaded.proxy.index(0, Column.STATE)
    assert index.data() == "rejected"
    background = index.data(Qt.ItemDataRole.BackgroundRole)
    foreground = index.data(Qt.ItemDataRole.ForegroundRole)
    assert background.lightness() - foreground.lightness() > 100  # dark text on a light tint


def test_every_order_state_has_its_own_readable_tint_and_an_unknown_one_is_grey() -> None:
    tints = [order_state_tint(state) for state in ORDER_STATES]
    assert len({tint.background.name() for tint in tints}) == len(ORDER_STATES)
    for tint in tints:
        assert tint.background.lightness() - tint.foreground.lightness() > 100
    assert order_state_tint("archived") == UNKNOWN_STATE_TINT


def test_filters_by_state_product_and_text(loaded) -> None:
    total = len(loaded.model.rows)
    loaded.state_combo.setCurrentIndex(loaded.state_combo.findData("rejected"))
    assert set(shown(loaded, Column.STATE)) == {"rejected"}
    assert loaded.status_label.text() == f"3 of {total} orders"
    loaded.product_combo.setCurrentIndex(loaded.product_combo.findData("LSTfusion"))
    assert shown(loaded, Column.AOI) == ["Longyearbyen"]
    loaded.state_combo.setCurrentIndex(0)
    loaded.product_combo.setCurrentIndex(0)
    loaded.search_edit.setText("ARCTIC")  # a tag, any case
    assert sorted(shown(loaded, Column.AOI)) == ["Longyearbyen", "Ny-Ålesund"]
    loaded.search_edit.setText("berlin")  # AOI names and tags
    assert sorted(shown(loaded, Column.AOI)) == ["Berlin Mitte", "Berlin Tempelhofer Feld"]
    loaded.search_edit.setText("coverage area")  # rejection reason
    assert loaded.proxy.rowCount() == 3
    loaded.search_edit.setText("irrigation check")  # comment
    assert shown(loaded, Column.AOI) == ["Po Valley Field 12"]
    loaded.search_edit.setText(loaded.model.rows[5].order.id[9:18])  # part of an id
    assert loaded.proxy.rowCount() == 1
    loaded.search_edit.clear()
    assert loaded.status_label.text() == f"{total} of {total} orders"


def test_auto_refresh_reloads_and_never_overlaps(tab, sandbox, wait_for) -> None:
    tab.refresh()
    tab.refresh_timer.timeout.emit()  # a tick while loading starts nothing
    wait_for(lambda: tab.loads, what="the first load")
    assert tab.refresh_button.isEnabled()  # no second load was queued
    tab.auto_refresh_check.setChecked(True)
    assert tab.refresh_timer.interval() == 60_000
    tab.refresh_timer.setInterval(50)
    wait_for(lambda: len(tab.loads) >= 3, what="two automatic reloads")
    tab.auto_refresh_check.setChecked(False)
    assert not tab.refresh_timer.isActive()
    first_pages = [r for r in sandbox.requests if r.path == "/orders" and "offset=0" in r.query]
    assert len(first_pages) == len(tab.loads)


def test_delete_is_refused_with_the_reason_when_a_selected_order_is_not_deletable(loaded) -> None:
    pending, running = order_in(loaded, "pending_validation"), order_in(loaded, "in_progress")
    loaded.select_orders([pending.id])
    assert loaded.delete_button.isEnabled()
    loaded.select_orders([pending.id, running.id])
    assert not loaded.delete_button.isEnabled()
    assert loaded.delete_button.toolTip() == (
        "Only orders pending validation or rejected can be deleted; 1 selected is in progress."
    )


def test_delete_a_pending_order(loaded, demo_client, wait_for) -> None:
    pending = order_in(loaded, "pending_validation")
    loaded.select_orders([pending.id])
    loaded.delete_selected(confirm=False)
    wait_for(lambda: messages(loaded, Qgis.MessageLevel.Success), what="the deletion")
    assert messages(loaded, Qgis.MessageLevel.Success) == ["constellr:Deleted 1 order."]
    with pytest.raises(NotFoundError):
        demo_client.get_order(pending.id)
    wait_for(lambda: len(loaded.loads) == 2, what="the refresh after deleting")
    assert pending.id not in {row.order.id for row in loaded.model.rows}


def test_an_order_validated_meanwhile_is_kept_and_explained(loaded, sandbox, wait_for) -> None:
    pending = order_in(loaded, "pending_validation")
    loaded.select_orders([pending.id])
    sandbox.clock.advance(timedelta(minutes=15))  # validated on the server since the table was loaded
    loaded.delete_selected(confirm=False)
    wait_for(lambda: messages(loaded, Qgis.MessageLevel.Warning), what="the refusal")
    (warning,) = messages(loaded, Qgis.MessageLevel.Warning)
    assert "refused to delete it in its current state" in warning
    wait_for(lambda: len(loaded.loads) == 2, what="the refresh after the refusal")
    (row,) = [row for row in loaded.model.rows if row.order.id == pending.id]
    assert row.order.state == "in_progress"
    assert loaded.selected_orders() == [row.order]  # the selection survives the refresh
    assert not loaded.delete_button.isEnabled()


def test_a_409_from_the_server_is_explained(loaded, sandbox, wait_for) -> None:
    sandbox.faults.add(kind="status", status=409, path="/orders/*", method="DELETE")
    loaded.select_orders([order_in(loaded, "rejected").id])
    loaded.delete_selected(confirm=False)
    wait_for(lambda: messages(loaded, Qgis.MessageLevel.Warning), what="the refusal")
    (warning,) = messages(loaded, Qgis.MessageLevel.Warning)
    assert warning.startswith("constellr:Deleted 0 orders.\nOrder ")
    assert "Only orders pending validation or rejected can be deleted" in warning


def test_edit_tags_roundtrip(loaded, sandbox, demo_client, wait_for) -> None:
    order = order_in(loaded, "in_progress")
    loaded.select_orders([order.id])
    sandbox.requests.clear()
    loaded.edit_selected_tags(["heat", "summer 2026"])
    wait_for(lambda: messages(loaded, Qgis.MessageLevel.Success), what="the saved tags")
    assert [(r.method, r.path) for r in sandbox.requests] == [("PATCH", f"/orders/{order.id}")]
    assert [tag.name for tag in demo_client.get_order(order.id).tags] == ["heat", "summer 2026"]
    (row,) = [row for row in loaded.model.rows if row.order.id == order.id]
    assert row.texts[Column.TAGS] == "heat, summer 2026"
    loaded.search_edit.setText("summer 2026")
    assert loaded.proxy.rowCount() == 1


def test_refused_tags_are_never_sent(loaded, sandbox) -> None:
    loaded.select_orders([order_in(loaded, "in_progress").id])
    sandbox.requests.clear()
    loaded.edit_selected_tags(["twin", "twin"])
    (warning,) = messages(loaded, Qgis.MessageLevel.Warning)
    assert warning == "constellr:The tags were not saved: duplicate tags: twin"
    assert not sandbox.requests


def test_the_tags_dialog_keeps_ok_disabled_while_the_tags_would_be_refused(loaded) -> None:
    dialog = TagsDialog(next(row.order for row in loaded.model.rows if row.aoi_name == "Berlin Mitte"))
    assert dialog.editor.text() == "urban-heat, berlin"
    assert dialog.ok_button.isEnabled()
    dialog.editor.setText("a, b, a")
    assert not dialog.ok_button.isEnabled()
    assert dialog.problem_label.text() == "duplicate tags: a"
    dialog.editor.setText(", ".join(f"t{number}" for number in range(11)))
    assert "at most 10 tags per order (11 given)" in dialog.problem_label.text()
    dialog.editor.setText("x" * 51)
    assert not dialog.ok_button.isEnabled()
    dialog.editor.setText(" a ,b ")
    assert dialog.ok_button.isEnabled()
    assert dialog.problem_label.text() == ""
    assert dialog.tags() == ["a", "b"]


def test_show_deliveries_asks_for_the_selected_order_and_searches_nothing_itself(loaded, sandbox) -> None:
    order = next(row.order for row in loaded.model.rows if row.aoi_name == "Camargue Rice Field")
    requested = []
    loaded.deliveriesRequested.connect(requested.append)
    loaded.select_orders([order.id])
    sandbox.requests.clear()
    loaded.deliveries_button.click()
    assert requested == [order.id]  # the dock shows them in the Search tab
    pump_events(seconds=0.2)
    assert not [request for request in sandbox.requests if request.path == "/stac/search"]
    assert not QgsProject.instance().mapLayers()


def test_double_click_zooms_to_the_aoi_in_the_map_crs(loaded) -> None:
    canvas = loaded.canvas
    canvas.setDestinationCrs(QgsCoordinateReferenceSystem("EPSG:3857"))
    order = next(row.order for row in loaded.model.rows if row.aoi_name == "Seville Orchards")
    loaded.search_edit.setText("Seville Orchards")
    loaded.table.doubleClicked.emit(loaded.proxy.index(0, Column.AOI))
    aoi = loaded.aois[order.area_of_interest_id]
    to_map = QgsCoordinateTransform(WGS84, canvas.mapSettings().destinationCrs(), QgsProject.instance())
    footprint = to_map.transformBoundingBox(aoi_geometry(aoi).boundingBox())
    assert canvas.extent().contains(footprint)
    assert canvas.extent().width() < 10 * footprint.width()


def test_an_order_whose_aoi_was_deleted_shows_the_id_and_cannot_be_zoomed_to(
    loaded, demo_client, wait_for
) -> None:
    order = order_in(loaded, "closed")
    demo_client.delete_aoi(order.area_of_interest_id)  # closed orders do not keep their AOI
    loaded.refresh()
    wait_for(lambda: len(loaded.loads) == 2 and not loaded.workspace.is_loading(AOIS), what="the refresh")
    extent = loaded.canvas.extent()
    loaded.search_edit.setText(order.id)
    assert shown(loaded, Column.AOI) == [order.area_of_interest_id]
    loaded.table.doubleClicked.emit(loaded.proxy.index(0, Column.ID))
    (warning,) = messages(loaded, Qgis.MessageLevel.Warning)
    assert "is no longer in the workspace (it may have been deleted)" in warning
    assert loaded.canvas.extent() == extent


def test_a_server_failure_while_loading_is_said_in_the_tab(tab, sandbox, wait_for) -> None:
    sandbox.faults.add(kind="status", status=500, path="/orders", method="GET")
    tab.refresh()
    wait_for(lambda: "could not be loaded" in tab.status_label.text(), what="the failure")
    text = tab.status_label.text()
    assert text.startswith("The orders could not be loaded:")
    assert "HTTP 500" in text
    assert "Traceback" not in text
    assert tab.refresh_button.isEnabled()
    assert messages(tab, Qgis.MessageLevel.Warning) == []  # the dock says it once for all tabs


def test_after_release_a_load_still_running_changes_nothing_in_the_tab(tab, sandbox, wait_for) -> None:
    sandbox.faults.add(kind="latency", path="/orders", delay=0.3, times=1)
    tab.auto_refresh_check.setChecked(True)
    tab.refresh()
    tab.release()
    assert not tab.refresh_timer.isActive()
    wait_for(lambda: tab.workspace.is_loaded("orders"), what="the load to end")
    assert tab.loads == []
    assert tab.model.rowCount() == 0
    tab.release = lambda: None  # released once already (the fixture would release again)


def pump_events(seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        QgsApplication.processEvents()
        time.sleep(0.01)


def deleted_later() -> None:
    """Run the deletions Qt deferred (the test's own event processing does not)."""
    QgsApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture
def crowded(sandbox, demo_client):
    """Fifty more orders on an AOI with a long name, each with ten long tags and a long comment."""
    model = next(aoi for aoi in demo_client.iter_aois() if aoi.name == "Berlin Mitte")
    name = "Municipal irrigation district of the lower river valley, parcel group 7 (northern half)"
    aoi = demo_client.create_aoi(name, model.geojson)
    start = sandbox.clock.now() + timedelta(days=1)
    request = OrderRequest(
        area_of_interest_id=aoi.id,
        product_name="LSTprecision",
        start_date=start,
        end_date=start + timedelta(days=60),
        frequency="weekly",
        comment="A comment long enough to fill a line of the table on its own, and then some more text",
        tags=[f"tag {number} " + "x" * 40 for number in range(10)],
    )
    for _batch in range(2):
        demo_client.create_orders([request] * MAX_ORDERS_PER_BATCH)
    return name


def visible_width(tab: OrdersTab) -> int:
    return sum(tab.table.columnWidth(column) for column in tab.table.visible_columns())


def test_fit_widths_keeps_narrow_columns_whole_and_shares_the_rest() -> None:
    assert fit_widths([50, 60, 400], 300, 30) == [50, 60, 190]
    assert fit_widths([150, 160, 400], 300, 30) == [100, 100, 100]
    assert fit_widths([50, 60], 300, 30) == [50, 60]  # the view gives what is left to the AOI column
    assert fit_widths([200, 200], 40, 30) == [30, 30]  # never below the header's minimum


def test_the_tab_fits_a_laptop_dock_with_its_key_columns_in_view(tab, crowded, wait_for) -> None:
    tab.resize(LAPTOP_DOCK_WIDTH, 600)
    tab.show()
    tab.refresh()
    wait_for(lambda: tab.loads and tab.workspace.is_loaded(AOIS), what="the orders")
    QgsApplication.processEvents()
    assert tab.minimumSizeHint().width() <= LAPTOP_DOCK_WIDTH
    assert tab.width() == LAPTOP_DOCK_WIDTH
    table = tab.table
    assert len(tab.model.rows) > 80
    assert table.verticalScrollBar().isVisible()  # many rows: the viewport is narrowed by the bar
    assert table.visible_columns() == list(KEY_COLUMNS)
    viewport = table.viewport().width()
    assert viewport - len(KEY_COLUMNS) <= visible_width(tab) <= viewport
    assert table.horizontalScrollBar().maximum() == 0
    tab.search_edit.setText("irrigation district")
    index = tab.proxy.index(0, Column.AOI)
    assert table.columnWidth(Column.AOI) < table.sizeHintForColumn(Column.AOI)  # elided…
    assert index.data(Qt.ItemDataRole.ToolTipRole).startswith(crowded)  # …and whole in its tooltip
    tab.status_label.setText("The orders could not be loaded: " + "a long reason " * 30)
    QgsApplication.processEvents()
    assert tab.minimumSizeHint().width() <= LAPTOP_DOCK_WIDTH  # messages wrap
    tab.resize(LAPTOP_DOCK_WIDTH + 200, 600)  # a wider dock: the AOI column takes the room
    QgsApplication.processEvents()
    assert table.viewport().width() - len(KEY_COLUMNS) <= visible_width(tab) <= table.viewport().width()
    tab.hide()


def test_the_column_chooser_shows_hides_and_remembers_columns(tab, recording_iface, wait_for) -> None:
    tab.resize(LAPTOP_DOCK_WIDTH, 600)
    tab.show()
    table = tab.table
    assert table.isColumnHidden(Column.TAGS)
    menu = table.column_menu()
    entries = {action.text(): action for action in menu.actions()}
    assert list(entries) == [column.title for column in Column]
    assert [title for title, action in entries.items() if action.isChecked()] == [
        column.title for column in KEY_COLUMNS
    ]
    entries["Tags"].trigger()
    entries["Product"].trigger()
    assert not table.isColumnHidden(Column.TAGS)
    assert table.isColumnHidden(Column.PRODUCT)
    assert visible_width(tab) <= table.viewport().width()
    menu.deleteLater()
    deleted_later()
    table.horizontalHeader().customContextMenuRequested.emit(QPoint(5, 5))  # a right-click on the header
    (popup,) = table.findChildren(QMenu)
    assert popup.isVisible()
    popup.close()
    deleted_later()
    assert table.findChildren(QMenu) == []  # the menu is deleted when closed

    again = OrdersTab(recording_iface, tab.context)  # the choice outlives the tab
    assert again.table.visible_columns() == [Column.STATE, Column.AOI, Column.TAGS, Column.CREATED]
    again.release()
    again.deleteLater()

    for column in (Column.AOI, Column.TAGS, Column.CREATED):
        table.set_column_visible(column, False)
    assert table.visible_columns() == [Column.STATE]
    (last,) = [action for action in table.column_menu().actions() if action.isChecked()]
    assert not last.isEnabled()  # the last column shown cannot be hidden
    table.set_column_visible(Column.STATE, False)
    assert table.visible_columns() == [Column.STATE]
    tab.hide()


def test_the_tags_dialog_saves_and_is_deleted_when_closed(loaded, demo_client, sandbox, wait_for) -> None:
    order = order_in(loaded, "in_progress")
    loaded.select_orders([order.id])
    sandbox.requests.clear()
    loaded.tags_button.click()
    (dialog,) = loaded.findChildren(TagsDialog)
    assert dialog.isVisible()
    dialog.reject()
    deleted_later()
    assert loaded.findChildren(TagsDialog) == []
    assert not sandbox.requests  # cancelled: nothing sent

    loaded.tags_button.click()
    (dialog,) = loaded.findChildren(TagsDialog)
    dialog.editor.setText("dry, late summer")
    dialog.ok_button.click()
    deleted_later()
    assert loaded.findChildren(TagsDialog) == []
    wait_for(lambda: messages(loaded, Qgis.MessageLevel.Success), what="the saved tags")
    assert [tag.name for tag in demo_client.get_order(order.id).tags] == ["dry", "late summer"]
