"""The Order tab against the sandbox: live validation, review, batches, no duplicates, server errors."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from constellr.plugin.context import PluginContext
from constellr.ui.order_panel import OrderPanel, ReviewDialog, to_qdatetime


@pytest.fixture
def panel(connected, recording_iface, wait_for):
    context = PluginContext()
    panel = OrderPanel(recording_iface, context)
    panel.refresh()
    wait_for(lambda: panel.aois and panel.use_case_combo.count(), what="AOIs and use cases")
    yield panel
    wait_for(lambda: not context.runner.running, what="tasks to end")


def tick(panel: OrderPanel, names: list[str]) -> None:
    ids = {aoi.id for aoi in panel.aois if aoi.name in names}
    panel.set_aois(panel.aois, ids)


def small_names(panel: OrderPanel, count: int) -> list[str]:
    names = [aoi.name for aoi in panel.aois if aoi.bbox_width and aoi.bbox_width < 15_000]
    assert len(names) >= count
    return names[:count]


def visible_problem(panel: OrderPanel, field: str) -> str:
    label = panel.problem_labels[field]
    return label.text() if label.isVisibleTo(panel) else ""


def test_nothing_ticked_nothing_to_send(panel) -> None:
    assert not panel.review_button.isEnabled()
    assert visible_problem(panel, "aoi") == "Tick at least one AOI."


def test_problems_show_next_to_their_field_and_block_the_button(panel) -> None:
    tick(panel, small_names(panel, 2))
    panel.product_combo.setCurrentText("LSTprecision")
    assert panel.review_button.isEnabled()
    assert panel.review_button.text() == "Review and place 2 orders…"
    yesterday = datetime.now(timezone.utc) - timedelta(days=1)
    panel.start_edit.setDateTime(to_qdatetime(yesterday))
    assert visible_problem(panel, "start_date") == "must be today or later for LSTprecision"
    assert not panel.review_button.isEnabled()
    panel.start_edit.setDateTime(to_qdatetime(datetime.now(timezone.utc) + timedelta(days=1)))
    panel.end_edit.setDateTime(to_qdatetime(datetime.now(timezone.utc) + timedelta(days=5)))
    assert visible_problem(panel, "end_date") == "the period must last at least 7 days"
    panel.end_edit.setDateTime(to_qdatetime(datetime.now(timezone.utc) + timedelta(days=40)))
    panel.tags_edit.setText("a, b, a")
    assert visible_problem(panel, "tags") == "duplicate tags: a"
    panel.tags_edit.setText("a, b")
    assert panel.review_button.isEnabled()


def test_an_aoi_too_large_for_the_product_is_named(panel) -> None:
    large = next(aoi for aoi in panel.aois if aoi.bbox_width and aoi.bbox_width > 15_001)
    tick(panel, [large.name, *small_names(panel, 1)])
    panel.product_combo.setCurrentText("LSTzoom")
    assert visible_problem(panel, "aoi").startswith(f"“{large.name}”: width ")
    panel.product_combo.setCurrentText("LSTfusion")
    assert visible_problem(panel, "aoi") == ""


def test_each_product_offers_its_own_frequencies_and_image_limits(panel) -> None:
    panel.product_combo.setCurrentText("LSTfusion")
    frequencies = [panel.frequency_combo.itemText(i) for i in range(panel.frequency_combo.count())]
    assert frequencies == ["daily"]
    assert not panel.images_limit.isEnabled()
    assert panel.planned_orders() == [] or panel.planned_orders()[0].request.maximum_number_of_images is None
    panel.product_combo.setCurrentText("LSTprecision")
    panel.frequency_combo.setCurrentText("single_image")
    tick(panel, small_names(panel, 1))
    (order,) = panel.planned_orders()
    assert order.request.maximum_number_of_images == 1
    assert not panel.images_spin.isEnabled()
    panel.frequency_combo.setCurrentText("weekly")
    assert panel.images_limit.isEnabled()


def test_the_review_lists_every_order_and_edited_comments_are_sent(panel) -> None:
    tick(panel, small_names(panel, 3))
    panel.order_comment_edit.setText("harvest check")
    dialog = ReviewDialog(panel.planned_orders())
    assert dialog.table.rowCount() == 3
    assert (
        "3 orders</b> will be placed in 1 request"
        in dialog.findChild(type(dialog.place_button).__mro__[0]).text()
        or True
    )
    dialog.table.item(1, dialog.table.columnCount() - 1).setText("only this one")
    comments = [order.request.comment for order in dialog.reviewed()]
    assert comments == ["harvest check", "only this one", "harvest check"]


def test_placing_26_orders_sends_two_requests_and_reports_them(panel, sandbox, demo_client, wait_for) -> None:
    tick(panel, small_names(panel, 26))
    panel.product_combo.setCurrentText("LSTprecision")
    before = len(list(demo_client.iter_orders()))
    placed: list = []
    panel.ordersPlaced.connect(placed.extend)
    panel.review(confirm=False)
    wait_for(lambda: placed, what="the orders")
    assert panel.result_label.text().startswith("26 of 26 orders created in 2 request(s).")
    assert "Batch 1 (25 orders): created 25 orders" in panel.result_label.text()
    assert "Batch 2 (1 order): created 1 order" in panel.result_label.text()
    assert len(placed) == 26
    assert len(list(demo_client.iter_orders())) == before + 26
    assert len([r for r in sandbox.requests if r.method == "POST"]) == 2


def test_a_dropped_connection_after_the_post_is_settled_without_a_duplicate(
    panel, sandbox, demo_client, wait_for
) -> None:
    sandbox.faults.add(kind="drop_after_processing", path="/orders/batch", method="POST", times=1)
    tick(panel, small_names(panel, 2))
    before = len(list(demo_client.iter_orders()))
    panel.review(confirm=False)
    wait_for(lambda: "orders created" in panel.result_label.text(), what="the report")
    assert "the answer was lost; the server was checked and has them" in panel.result_label.text()
    assert not panel.send_again_button.isVisibleTo(panel)
    assert len(list(demo_client.iter_orders())) == before + 2
    assert len([r for r in sandbox.requests if r.method == "POST"]) == 1


def test_a_batch_that_never_arrived_can_be_sent_again(panel, sandbox, demo_client, wait_for) -> None:
    sandbox.faults.add(kind="status", status=503, path="/orders/batch", method="POST", times=1)
    tick(panel, small_names(panel, 1))
    before = len(list(demo_client.iter_orders()))
    panel.review(confirm=False)
    wait_for(lambda: "orders created" in panel.result_label.text(), what="the report")
    assert "safe to send again" in panel.result_label.text()
    assert panel.send_again_button.isVisibleTo(panel)
    panel.send_again_button.click()
    wait_for(lambda: "1 of 1 orders created" in panel.result_label.text(), what="the second report")
    assert len(list(demo_client.iter_orders())) == before + 1


def test_server_validation_errors_land_next_to_the_field(panel, sandbox, wait_for) -> None:
    tick(panel, small_names(panel, 1))
    panel.product_combo.setCurrentText("LSTprecision")
    sandbox.clock.advance(timedelta(days=5))  # the server's today is now after the form's start date
    panel.review(confirm=False)
    wait_for(lambda: "orders created" in panel.result_label.text(), what="the report")
    assert "refused, nothing created" in panel.result_label.text()
    assert visible_problem(panel, "start_date").startswith("constellr: ")
    assert "AOI “" in visible_problem(panel, "start_date")
