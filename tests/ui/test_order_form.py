"""The Order tab against the sandbox: live validation, review, batches, no duplicates, server errors."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from qgis.PyQt import sip
from qgis.PyQt.QtCore import QCoreApplication, QEvent, QTimer
from qgis.PyQt.QtWidgets import QApplication

from constellr.plugin.api import Aoi
from constellr.plugin.context import PluginContext
from constellr.plugin.ordering import REFERENCE_PATTERN, aoi_area_m2
from constellr.plugin.rules import format_area, in_words
from constellr.ui.order_form import OrderForm, from_qdatetime, to_qdatetime
from constellr.ui.order_review import COMMENT_HEADER, REFERENCE_HEADER, ReviewDialog


@pytest.fixture
def panel(connected, recording_iface, wait_for):
    context = PluginContext()
    panel = OrderForm(recording_iface, context)
    panel.refresh()
    wait_for(lambda: panel.aois and panel.use_case_combo.count(), what="AOIs and use cases")
    yield panel
    wait_for(lambda: not context.runner.running, what="tasks to end")


def tick(panel: OrderForm, names: list[str]) -> None:
    ids = {aoi.id for aoi in panel.aois if aoi.name in names}
    panel.set_aois(panel.aois, ids)


def small_names(panel: OrderForm, count: int) -> list[str]:
    names = [aoi.name for aoi in panel.aois if aoi.bbox_width and aoi.bbox_width < 15_000]
    assert len(names) >= count
    return names[:count]


def choose(combo, value: str) -> None:
    """Pick the item whose API value (item data) is ``value``."""
    index = combo.findData(value)
    assert index >= 0, f"{value} is not offered"
    combo.setCurrentIndex(index)


def visible_problem(panel: OrderForm, field: str) -> str:
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
    frequencies = [panel.frequency_combo.itemData(i) for i in range(panel.frequency_combo.count())]
    assert frequencies == ["daily"]
    assert not panel.images_limit.isEnabled()
    assert panel.planned_orders() == [] or panel.planned_orders()[0].request.maximum_number_of_images is None
    panel.product_combo.setCurrentText("LSTprecision")
    choose(panel.frequency_combo, "single_image")
    tick(panel, small_names(panel, 1))
    (order,) = panel.planned_orders()
    assert order.request.maximum_number_of_images == 1
    assert not panel.images_spin.isEnabled()
    choose(panel.frequency_combo, "weekly")
    assert panel.images_limit.isEnabled()


def test_placing_26_orders_sends_two_requests_and_reports_them(panel, sandbox, demo_client, wait_for) -> None:
    tick(panel, small_names(panel, 26))
    panel.product_combo.setCurrentText("LSTprecision")
    before = len(list(demo_client.iter_orders()))
    placed: list = []
    panel.ordersPlaced.connect(placed.extend)
    panel.review(confirm=False)
    wait_for(lambda: placed, what="the orders")
    assert panel.result_label.text().startswith("26 of 26 orders created in 2 requests.")
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
    wait_for(lambda: " created in " in panel.result_label.text(), what="the report")
    assert "the answer was lost; the server was checked and has them" in panel.result_label.text()
    assert not panel.send_again_button.isVisibleTo(panel)
    assert len(list(demo_client.iter_orders())) == before + 2
    assert len([r for r in sandbox.requests if r.method == "POST"]) == 1


def test_a_batch_that_never_arrived_can_be_sent_again(panel, sandbox, demo_client, wait_for) -> None:
    sandbox.faults.add(kind="status", status=503, path="/orders/batch", method="POST", times=1)
    tick(panel, small_names(panel, 1))
    before = len(list(demo_client.iter_orders()))
    panel.review(confirm=False)
    wait_for(lambda: " created in " in panel.result_label.text(), what="the report")
    assert "safe to send again" in panel.result_label.text()
    assert panel.send_again_button.isVisibleTo(panel)
    panel.send_again_button.click()
    wait_for(lambda: "1 of 1 order created" in panel.result_label.text(), what="the second report")
    assert len(list(demo_client.iter_orders())) == before + 1


def test_server_validation_errors_land_next_to_the_field(panel, sandbox, wait_for) -> None:
    tick(panel, small_names(panel, 1))
    panel.product_combo.setCurrentText("LSTprecision")
    sandbox.clock.advance(timedelta(days=5))  # the server's today is now after the form's start date
    panel.review(confirm=False)
    wait_for(lambda: " created in " in panel.result_label.text(), what="the report")
    assert "refused, nothing created" in panel.result_label.text()
    assert visible_problem(panel, "start_date").startswith("constellr: ")
    assert "AOI “" in visible_problem(panel, "start_date")


def posts(sandbox) -> list:
    return [r for r in sandbox.requests if r.method == "POST" and r.path == "/orders/batch"]


def when_the_review_opens(action) -> list[ReviewDialog]:
    """Run ``action(dialog)`` once the (modal) review dialog is open; the list receives the dialog."""
    opened: list[ReviewDialog] = []

    def act() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, ReviewDialog)
        opened.append(dialog)
        action(dialog)

    QTimer.singleShot(0, act)
    return opened


def deleted(widget) -> bool:
    """Whether Qt deleted the widget once the deferred deletions were processed."""
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    return sip.isdeleted(widget)


def header_index(dialog: ReviewDialog, header: str) -> int:
    table = dialog.table
    return [table.horizontalHeaderItem(index).text() for index in range(table.columnCount())].index(header)


def column(dialog: ReviewDialog, header: str) -> list[str]:
    index = header_index(dialog, header)
    return [dialog.table.item(row, index).text() for row in range(dialog.table.rowCount())]


def test_the_review_shows_references_areas_and_totals_and_sends_the_edited_comments(
    panel, demo_client, wait_for
) -> None:
    names = small_names(panel, 3)
    tick(panel, names)
    panel.order_comment_edit.setText("harvest check")
    aois = [aoi for aoi in panel.aois if aoi.name in names]
    shown: dict = {}

    def review_then_place(dialog: ReviewDialog) -> None:
        total = format_area(sum(aoi_area_m2(aoi) for aoi in aois))
        shown["intro"], shown["shared"] = dialog.intro.text(), dialog.shared.text()
        shown["areas"] = column(dialog, "Area")
        dialog.table.item(1, header_index(dialog, COMMENT_HEADER)).setText("only this one")
        shown["references"] = column(dialog, REFERENCE_HEADER)
        shown["total"] = total
        dialog.place_button.click()

    placed: list = []
    panel.ordersPlaced.connect(placed.extend)
    opened = when_the_review_opens(review_then_place)
    panel.review_button.click()
    wait_for(lambda: placed, what="the orders")
    assert f"3 orders in 1 request, total area {shown['total']}." in shown["intro"]
    assert f"Frequency: {panel.frequency_combo.currentText()}" in shown["shared"]
    assert f"Use case: {panel.use_case_combo.currentText()}" in shown["shared"]
    assert shown["areas"] == [format_area(aoi_area_m2(aoi)) for aoi in panel.aois if aoi.name in names]
    reference = panel.submission.batches[0].reference
    assert shown["references"] == [f"[qgis-ref {reference}]"] * 3
    assert sorted(order.comment for order in placed) == sorted(
        [f"harvest check [qgis-ref {reference}]"] * 2 + [f"only this one [qgis-ref {reference}]"]
    )
    assert deleted(opened[0])


def test_the_review_fits_the_screen_and_is_deleted_when_cancelled(panel, sandbox) -> None:
    tick(panel, small_names(panel, 26))
    shown: dict = {}

    def measure_then_cancel(dialog: ReviewDialog) -> None:
        shown["size"], shown["minimum"] = dialog.size(), dialog.minimumSizeHint()
        shown["screen"] = dialog.screen().availableGeometry()
        shown["rows"], shown["intro"] = dialog.table.rowCount(), dialog.intro.text()
        shown["references"] = column(dialog, REFERENCE_HEADER)
        dialog.reject()

    opened = when_the_review_opens(measure_then_cancel)
    panel.review_button.click()
    (dialog,) = opened
    assert shown["size"].width() <= min(1366, shown["screen"].width())
    assert shown["size"].height() <= min(768, shown["screen"].height())
    assert shown["minimum"].width() <= 1366
    assert shown["rows"] == 26
    assert "26 orders in 2 requests" in shown["intro"]
    assert shown["references"][24:] == [
        f"[qgis-ref {dialog.submission.id}-1]",
        f"[qgis-ref {dialog.submission.id}-2]",
    ]
    assert deleted(dialog)
    assert posts(sandbox) == []


def test_frequencies_and_use_cases_are_shown_in_words_and_sent_as_api_values(panel) -> None:
    panel.product_combo.setCurrentText("LSTprecision")
    combo = panel.frequency_combo
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "Single image",
        "As often as possible",
        "Once every two weeks",
        "Monthly",
        "Weekly",
    ]
    choose(combo, "once_every_two_weeks")
    assert combo.currentText() == "Once every two weeks"
    use_cases = panel.use_case_combo
    assert [use_cases.itemText(i) for i in range(use_cases.count())] == [
        in_words(use_cases.itemData(i)) for i in range(use_cases.count())
    ]
    choose(use_cases, "Drought Stress")
    tick(panel, small_names(panel, 1))
    (order,) = panel.planned_orders()
    assert order.request.frequency == "once_every_two_weeks"
    assert panel.submission_for(panel.planned_orders()).use_case == "Drought Stress"


def test_switching_product_keeps_the_period_and_frequency_it_allows(panel) -> None:
    panel.product_combo.setCurrentText("LSTprecision")
    start = datetime.now(timezone.utc).replace(second=0, microsecond=0) + timedelta(days=3)
    end = start + timedelta(days=60)
    panel.start_edit.setDateTime(to_qdatetime(start))
    panel.end_edit.setDateTime(to_qdatetime(end))
    choose(panel.frequency_combo, "monthly")
    panel.product_combo.setCurrentText("LSTzoom")
    assert (from_qdatetime(panel.start_edit.dateTime()), from_qdatetime(panel.end_edit.dateTime())) == (
        start,
        end,
    )
    assert panel.frequency() == "monthly"
    panel.product_combo.setCurrentText("LSTfusion")
    assert from_qdatetime(panel.start_edit.dateTime()) < datetime.now(timezone.utc)  # the future is refused
    assert from_qdatetime(panel.end_edit.dateTime()) == end
    assert panel.frequency() == "daily"
    assert visible_problem(panel, "start_date") == visible_problem(panel, "end_date") == ""


LONG_NAME = "Nordfeld Bewässerungsversuch Parzelle 7 (Hauptschlag) Winterweizen nach Raps, Drainage Ost"


def large_aoi(number: int) -> Aoi:
    ring = [[13.0, 52.0], [13.5, 52.0], [13.5, 52.3], [13.0, 52.3], [13.0, 52.0]]
    return Aoi(
        id=f"long-{number}",
        name=f"{LONG_NAME} {number}",
        geojson={"type": "Polygon", "coordinates": [ring]},
        bbox_width=34_000.0,
        bbox_height=33_000.0,
    )


def test_the_tab_fits_a_380_px_dock_with_long_names_problems_and_reports(panel, sandbox, wait_for) -> None:
    sandbox.faults.add(kind="drop_after_processing", path="/orders/batch", method="POST", times=1)
    sandbox.faults.add(kind="status", status=500, path="/orders", method="GET", times=1)
    tick(panel, small_names(panel, 2))
    panel.review(confirm=False)
    wait_for(lambda: "outcome unknown" in panel.result_label.text(), what="the report")
    long_aois = [large_aoi(number) for number in range(3)]
    panel.set_aois(panel.aois + long_aois, {aoi.id for aoi in long_aois})
    panel.product_combo.setCurrentText("LSTprecision")
    assert visible_problem(panel, "aoi").startswith(f"“{LONG_NAME} 0”: width 34 km exceeds 15 km")
    panel.tags_edit.setText(",".join(["a-tag-much-longer-than-fifty-characters-" * 2] * 11))
    assert visible_problem(panel, "tags")
    assert panel.body.minimumSizeHint().width() <= 380
    assert panel.minimumSizeHint().width() <= 380
    panel.resize(380, 700)
    panel.show()
    wait_for(lambda: panel.body.width() > 0, what="the layout")
    assert panel.body.width() <= 380
    assert panel.aoi_list.horizontalScrollBar().maximum() == 0  # long names are elided, full in the tooltip
    assert panel.aoi_list.item(panel.aoi_list.count() - 1).toolTip().startswith(LONG_NAME)


def test_a_refused_connection_is_not_sent_and_can_be_sent_again(
    panel, sandbox, demo_client, monkeypatch, wait_for
) -> None:
    from tests.plugin.test_ordering import refused_url

    tick(panel, small_names(panel, 1))
    before = len(list(demo_client.iter_orders()))
    monkeypatch.setenv("CONSTELLR_API_URL", refused_url(sandbox.api_url))
    panel.review(confirm=False)
    wait_for(lambda: " created in " in panel.result_label.text(), timeout=40, what="the report")
    assert "Batch 1 (1 order): not sent — safe to send again (Could not connect" in panel.result_label.text()
    assert panel.send_again_button.isVisibleTo(panel)
    assert posts(sandbox) == []
    monkeypatch.setenv("CONSTELLR_API_URL", sandbox.api_url)
    panel.send_again_button.click()
    wait_for(lambda: "1 of 1 order created" in panel.result_label.text(), what="the second report")
    assert len(list(demo_client.iter_orders())) == before + 1


def test_the_same_orders_placed_again_are_recognised_by_their_reference(
    panel, sandbox, demo_client, wait_for
) -> None:
    before = len(list(demo_client.iter_orders()))
    sandbox.faults.add(kind="drop_after_processing", path="/orders/batch", method="POST", times=1)
    sandbox.faults.add(kind="status", status=500, path="/orders", method="GET", times=1)
    tick(panel, small_names(panel, 2))
    panel.review(confirm=False)
    wait_for(lambda: "outcome unknown" in panel.result_label.text(), what="the first report")
    first_reference = panel.submission.batches[0].reference
    placed: list = []
    panel.ordersPlaced.connect(placed.extend)
    panel.review(confirm=False)
    wait_for(lambda: placed, what="the orders found on the server")
    assert panel.result_label.text().startswith("2 of 2 orders created in 1 request.")
    assert "the answer was lost; the server was checked and has them" in panel.result_label.text()
    assert panel.submission.batches[0].reference == first_reference
    assert len(posts(sandbox)) == 1
    assert len(list(demo_client.iter_orders())) == before + 2
    assert {REFERENCE_PATTERN.search(order.comment).group(1) for order in placed} == {first_reference}
    panel.tags_edit.setText("second round")
    panel.review(confirm=False)
    wait_for(lambda: len(posts(sandbox)) == 2 and panel.review_button.isEnabled(), what="a new submission")
    assert panel.submission.batches[0].reference != first_reference
    assert len(list(demo_client.iter_orders())) == before + 4
