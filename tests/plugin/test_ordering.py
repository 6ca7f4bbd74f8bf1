"""Submitting orders against the sandbox: batches of 25, partial failure, never a duplicate."""

from __future__ import annotations

from datetime import timedelta

import pytest
from qgis.core import QgsFeedback

from constellr.plugin.api import OrderRequest
from constellr.plugin.ordering import (
    REFERENCE_PATTERN,
    BatchState,
    PlannedOrder,
    new_submission_id,
    plan_batches,
    submit,
)


@pytest.fixture
def small_aois(demo_client):
    aois = [aoi for aoi in demo_client.iter_aois() if aoi.bbox_width and aoi.bbox_width < 10_000]
    assert len(aois) >= 3
    return aois


def planned_orders(sandbox, aois, count: int) -> list[PlannedOrder]:
    start = sandbox.clock.now() + timedelta(days=2)
    return [
        PlannedOrder(
            aois[index % len(aois)],
            OrderRequest(
                area_of_interest_id=aois[index % len(aois)].id,
                product_name="LSTprecision",
                start_date=start,
                end_date=start + timedelta(days=30),
                frequency="weekly",
                comment=f"order {index}",
                tags=("test",),
            ),
        )
        for index in range(count)
    ]


def posts(sandbox) -> list:
    return [r for r in sandbox.requests if r.method == "POST" and r.path == "/orders/batch"]


def test_26_orders_go_in_two_batches_and_carry_their_reference(demo_client, sandbox, small_aois) -> None:
    before = len(list(demo_client.iter_orders()))
    batches = plan_batches(planned_orders(sandbox, small_aois, 26), new_submission_id())
    assert [len(batch.orders) for batch in batches] == [25, 1]
    report = submit(demo_client, QgsFeedback(), batches, "Drought Stress", "from the tests")
    assert report.complete
    assert len(report.created) == 26
    assert len(posts(sandbox)) == 2
    assert len(list(demo_client.iter_orders())) == before + 26
    references = {REFERENCE_PATTERN.search(order.comment).group(1) for order in report.created}
    assert references == {batches[0].reference, batches[1].reference}
    assert report.created[0].comment.startswith("order 0 [qgis-ref ")


def test_60_orders_with_a_bad_one_in_the_middle_batch(demo_client, sandbox, small_aois) -> None:
    orders = planned_orders(sandbox, small_aois, 60)
    bad = orders[30]
    orders[30] = PlannedOrder(bad.aoi, OrderRequest(**{**bad.request.__dict__, "frequency": "daily"}))
    report = submit(
        demo_client, QgsFeedback(), plan_batches(orders, new_submission_id()), "Drought Stress", None
    )
    assert [batch.state for batch in report.batches] == [
        BatchState.CREATED,
        BatchState.REFUSED,
        BatchState.CREATED,
    ]
    assert len(report.created) == 35
    refused = report.batches[1]
    assert refused.problems[0][:2] == (bad.aoi.name, "frequency")
    assert "Batch 2 (25 orders): refused, nothing created" in report.summary()
    assert f"“{bad.aoi.name}” frequency:" in report.summary()
    assert "35 of 60 orders created in 3 request(s)." in report.summary()


def test_a_connection_dropped_after_the_server_created_the_batch_gives_exactly_one_copy(
    demo_client, sandbox, small_aois
) -> None:
    sandbox.faults.add(kind="drop_after_processing", path="/orders/batch", method="POST", times=1)
    batches = plan_batches(planned_orders(sandbox, small_aois, 3), new_submission_id())
    report = submit(demo_client, QgsFeedback(), batches, "Drought Stress", None)
    (batch,) = report.batches
    assert batch.state is BatchState.CREATED
    assert batch.verified
    assert "the answer was lost; the server was checked and has them" in batch.summary()
    assert len(posts(sandbox)) == 1
    marked = [o for o in demo_client.iter_orders() if batch.reference in (o.comment or "")]
    assert len(marked) == 3
    assert not batch.can_send_again


def test_a_server_error_before_creation_is_checked_then_safe_to_send_again(
    demo_client, sandbox, small_aois
) -> None:
    sandbox.faults.add(kind="status", status=502, path="/orders/batch", method="POST", times=1)
    batches = plan_batches(planned_orders(sandbox, small_aois, 2), new_submission_id())
    report = submit(demo_client, QgsFeedback(), batches, "Drought Stress", None)
    assert report.batches[0].state is BatchState.NOT_CREATED
    assert report.batches[0].can_send_again
    report = submit(demo_client, QgsFeedback(), report.batches, "Drought Stress", None)
    assert report.complete
    assert len(posts(sandbox)) == 2
    marked = [o for o in demo_client.iter_orders() if batches[0].reference in (o.comment or "")]
    assert len(marked) == 2


def test_when_even_the_check_fails_the_outcome_is_unknown_and_nothing_is_resent(
    demo_client, sandbox, small_aois
) -> None:
    sandbox.faults.add(kind="drop_after_processing", path="/orders/batch", method="POST", times=1)
    sandbox.faults.add(kind="status", status=500, path="/orders", method="GET")
    report = submit(
        demo_client,
        QgsFeedback(),
        plan_batches(planned_orders(sandbox, small_aois, 1), new_submission_id()),
        None,
        None,
    )
    (batch,) = report.batches
    assert batch.state is BatchState.UNKNOWN
    assert not batch.can_send_again
    assert f"[qgis-ref {batch.reference}]" in batch.summary()
    report = submit(demo_client, QgsFeedback(), report.batches, None, None)
    assert len(posts(sandbox)) == 1
