"""The Orders tab against the sandbox: every page, filters, auto-refresh, zoom, tags, deletion, deliveries."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import parse_qs

import pytest
from qgis.core import (
    Qgis,
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsProject,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import Qt

from constellr.plugin.api import NotFoundError, StacSearch
from constellr.plugin.context import PluginContext
from constellr.plugin.layers import aoi_geometry
from constellr.plugin.orders import Column
from constellr.plugin.workspace import AOIS
from constellr.ui.orders_panel import OrdersPanel, TagsDialog

WGS84 = QgsCoordinateReferenceSystem("EPSG:4326")


@pytest.fixture
def panel(connected, recording_iface, wait_for):
    context = PluginContext()
    panel = OrdersPanel(recording_iface, context)
    panel.loads = []
    panel.ordersLoaded.connect(panel.loads.append)
    yield panel
    panel.release()
    wait_for(lambda: not context.runner.running, what="tasks to end")
    QgsProject.instance().removeAllMapLayers()


@pytest.fixture
def loaded(panel, wait_for):
    """The panel with the orders loaded in pages of 15 (three pages of orders and of AOIs)."""
    panel.workspace.page_size = panel.page_size = 15
    panel.refresh()
    wait_for(lambda: panel.loads and panel.workspace.is_loaded(AOIS), what="the orders and AOIs")
    return panel


def messages(panel: OrdersPanel, level: Qgis.MessageLevel) -> list[str]:
    return panel.iface.messageBar().get_messages(level)


def shown(panel: OrdersPanel, column: Column) -> list[str]:
    """The texts of a column, in the order the table shows them."""
    return [panel.proxy.index(row, column).data() for row in range(panel.proxy.rowCount())]


def offsets_fetched(sandbox, path: str) -> list[int]:
    """The ``offset`` of every page request of a list, in the order they were made."""
    return [
        int(parse_qs(request.query)["offset"][0])
        for request in sandbox.requests
        if request.method == "GET" and request.path == path
    ]


def order_in(panel: OrdersPanel, state: str, number: int = 0):
    return [row.order for row in panel.model.rows if row.order.state == state][number]


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
    assert shown(loaded, Column.CREATED) == [
        moment.strftime("%Y-%m-%d %H:%M") for moment in sorted(created, reverse=True)
    ]
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


def test_auto_refresh_reloads_and_never_overlaps(panel, sandbox, wait_for) -> None:
    panel.refresh()
    panel.refresh_timer.timeout.emit()  # a tick while loading starts nothing
    wait_for(lambda: panel.loads, what="the first load")
    assert panel.refresh_button.isEnabled()  # no second load was queued
    panel.auto_refresh_check.setChecked(True)
    assert panel.refresh_timer.interval() == 60_000
    panel.refresh_timer.setInterval(50)
    wait_for(lambda: len(panel.loads) >= 3, what="two automatic reloads")
    panel.auto_refresh_check.setChecked(False)
    assert not panel.refresh_timer.isActive()
    first_pages = [r for r in sandbox.requests if r.path == "/orders" and "offset=0" in r.query]
    assert len(first_pages) == len(panel.loads)


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


def test_show_deliveries_adds_one_layer_with_every_delivered_item(loaded, demo_client, wait_for) -> None:
    order = next(row.order for row in loaded.model.rows if row.aoi_name == "Camargue Rice Field")
    expected = list(demo_client.search(StacSearch.for_order(order.id), method="POST"))
    assert len(expected) > loaded.page_size  # more than one page
    requested = []
    loaded.deliveriesRequested.connect(requested.append)
    loaded.select_orders([order.id])

    def successes() -> list[str]:
        return messages(loaded, Qgis.MessageLevel.Success)

    loaded.deliveries_button.click()
    wait_for(lambda: len(successes()) == 1, what="the deliveries")
    loaded.deliveries_button.click()  # the second search replaces the first layer
    wait_for(lambda: len(successes()) == 2, what="the deliveries again")
    (layer,) = QgsProject.instance().mapLayers().values()
    assert isinstance(layer, QgsVectorLayer)
    assert layer.name() == f"constellr deliveries — Camargue Rice Field ({order.id[:8]})"
    assert layer.featureCount() == len(expected)
    assert {feature["item_id"] for feature in layer.getFeatures()} == {item.id for item in expected}
    assert requested == [order.id, order.id]
    assert successes()[-1] == (
        f"constellr:{len(expected)} deliveries of order {order.id[:8]} (Camargue Rice Field) "
        "added as a layer."
    )


def test_an_order_without_deliveries_says_so(loaded, wait_for) -> None:
    loaded.select_orders([order_in(loaded, "pending_validation").id])
    loaded.show_deliveries()
    wait_for(lambda: messages(loaded, Qgis.MessageLevel.Info), what="the answer")
    assert messages(loaded, Qgis.MessageLevel.Info) == [
        "constellr:No deliveries yet for this order (state: pending validation)."
    ]
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


def test_a_server_failure_while_loading_is_said_in_the_tab(panel, sandbox, wait_for) -> None:
    sandbox.faults.add(kind="status", status=500, path="/orders", method="GET")
    panel.refresh()
    wait_for(lambda: "could not be loaded" in panel.status_label.text(), what="the failure")
    text = panel.status_label.text()
    assert text.startswith("The orders could not be loaded:")
    assert "HTTP 500" in text
    assert "Traceback" not in text
    assert panel.refresh_button.isEnabled()
    assert messages(panel, Qgis.MessageLevel.Warning) == []  # the dock says it once for all tabs


def test_after_release_a_load_still_running_changes_nothing_in_the_tab(panel, sandbox, wait_for) -> None:
    sandbox.faults.add(kind="latency", path="/orders", delay=0.3, times=1)
    panel.auto_refresh_check.setChecked(True)
    panel.refresh()
    panel.release()
    assert not panel.refresh_timer.isActive()
    wait_for(lambda: panel.workspace.is_loaded("orders"), what="the load to end")
    assert panel.loads == []
    assert panel.model.rowCount() == 0
    panel.release = lambda: None  # released once already (the fixture would release again)
