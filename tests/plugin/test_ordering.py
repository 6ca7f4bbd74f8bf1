"""Submitting orders against the sandbox: batches of 25, partial failure, never a duplicate."""

from __future__ import annotations

import socket
from datetime import datetime, timedelta, timezone

import pytest
from qgis.core import QgsFeedback

from constellr.plugin.api import Aoi, ConstellrClient, OrderRequest
from constellr.plugin.ordering import (
    REFERENCE_PATTERN,
    BatchState,
    PlannedOrder,
    aoi_area_m2,
    plan_submission,
    planned_problems,
    submit,
)
from constellr.plugin.rules import OrderDraft, Problem


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
    submission = plan_submission(planned_orders(sandbox, small_aois, 26), "Drought Stress", "from the tests")
    batches = submission.batches
    assert [len(batch.orders) for batch in batches] == [25, 1]
    report = submit(demo_client, QgsFeedback(), submission)
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
    report = submit(demo_client, QgsFeedback(), plan_submission(orders, "Drought Stress", None))
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
    assert "35 of 60 orders created in 3 requests." in report.summary()


def test_a_connection_dropped_after_the_server_created_the_batch_gives_exactly_one_copy(
    demo_client, sandbox, small_aois
) -> None:
    sandbox.faults.add(kind="drop_after_processing", path="/orders/batch", method="POST", times=1)
    report = submit(
        demo_client, QgsFeedback(), plan_submission(planned_orders(sandbox, small_aois, 3), None, None)
    )
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
    report = submit(
        demo_client, QgsFeedback(), plan_submission(planned_orders(sandbox, small_aois, 2), None, None)
    )
    assert report.batches[0].state is BatchState.NOT_CREATED
    assert report.batches[0].can_send_again
    assert "checked with the server: safe to send again" in report.summary()
    report = submit(demo_client, QgsFeedback(), report)
    assert report.complete
    assert len(posts(sandbox)) == 2
    marked = [o for o in demo_client.iter_orders() if report.batches[0].reference in (o.comment or "")]
    assert len(marked) == 2


def test_when_even_the_check_fails_the_outcome_is_unknown_and_nothing_is_resent(
    demo_client, sandbox, small_aois
) -> None:
    sandbox.faults.add(kind="drop_after_processing", path="/orders/batch", method="POST", times=1)
    sandbox.faults.add(kind="status", status=500, path="/orders", method="GET")
    report = submit(
        demo_client, QgsFeedback(), plan_submission(planned_orders(sandbox, small_aois, 1), None, None)
    )
    (batch,) = report.batches
    assert batch.state is BatchState.UNKNOWN
    assert not batch.can_send_again
    assert f"[qgis-ref {batch.reference}]" in batch.summary()
    report = submit(demo_client, QgsFeedback(), report)
    assert batch.state is BatchState.UNKNOWN  # the check failed again: still nothing is sent
    assert len(posts(sandbox)) == 1


def refused_url(api_url: str) -> str:
    """The API address on a loopback port where nothing listens (connections are refused)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    path = api_url.split("/", 3)[3] if api_url.count("/") >= 3 else ""
    return f"http://127.0.0.1:{port}/{path}"


def test_a_refused_connection_is_not_sent_and_safe_to_send_again(demo_client, sandbox, small_aois) -> None:
    from sandbox.data import DEMO_API_KEY

    submission = plan_submission(planned_orders(sandbox, small_aois, 2), None, None)
    with ConstellrClient(refused_url(sandbox.api_url), DEMO_API_KEY) as unreachable:
        report = submit(unreachable, QgsFeedback(), submission)
    (batch,) = report.batches
    assert batch.state is BatchState.NOT_SENT
    assert batch.can_send_again
    assert batch.summary().startswith(
        "Batch 1 (2 orders): not sent — safe to send again (Could not connect to "
    )
    assert posts(sandbox) == []
    report = submit(demo_client, QgsFeedback(), report)
    assert report.complete
    marked = [o for o in demo_client.iter_orders() if batch.reference in (o.comment or "")]
    assert len(marked) == 2


def test_the_same_orders_placed_again_after_an_unknown_outcome_are_found_not_created_twice(
    demo_client, sandbox, small_aois
) -> None:
    orders = planned_orders(sandbox, small_aois, 3)
    sandbox.faults.add(kind="drop_after_processing", path="/orders/batch", method="POST", times=1)
    sandbox.faults.add(kind="status", status=500, path="/orders", method="GET", times=1)
    first = submit(demo_client, QgsFeedback(), plan_submission(orders, "Drought Stress", None))
    assert first.batches[0].state is BatchState.UNKNOWN
    again = plan_submission(orders, "Drought Stress", None, previous=first)
    assert again.id == first.id
    report = submit(demo_client, QgsFeedback(), again)
    (batch,) = report.batches
    assert batch.state is BatchState.CREATED
    assert batch.verified
    assert len(posts(sandbox)) == 1
    marked = [o for o in demo_client.iter_orders() if batch.reference in (o.comment or "")]
    assert len(marked) == 3


def square_aoi(name: str, side_m: float) -> Aoi:
    """A square AOI at the equator (1° ≈ 111,320 m), with the server's bbox figures."""
    half = side_m / 111_320 / 2
    ring = [[-half, -half], [half, -half], [half, half], [-half, half], [-half, -half]]
    return Aoi(
        id=name,
        name=name,
        geojson={"type": "Polygon", "coordinates": [ring]},
        bbox_width=side_m,
        bbox_height=side_m,
    )


FORM_START = datetime.now(timezone.utc).replace(microsecond=0) + timedelta(days=2)


def form_orders(aois: list[Aoi], **changes) -> list[PlannedOrder]:
    """One order per AOI as the form makes them (the same values each time)."""
    values = {
        "product_name": "LSTprecision",
        "start_date": FORM_START,
        "end_date": FORM_START + timedelta(days=30),
        "frequency": "weekly",
        "tags": ("a",),
        **changes,
    }
    return [PlannedOrder(aoi, OrderRequest(area_of_interest_id=aoi.id, **values)) for aoi in aois]


def test_the_draft_of_an_order_carries_its_request_and_its_aoi_bbox() -> None:
    (order,) = form_orders(
        [square_aoi("field", 2_000)], maximum_number_of_images=3, illumination_constraint="day"
    )
    request = order.request
    assert order.draft() == OrderDraft(
        product_name="LSTprecision",
        start_date=request.start_date,
        end_date=request.end_date,
        frequency="weekly",
        bbox_width_m=2_000,
        bbox_height_m=2_000,
        maximum_number_of_images=3,
        illumination_constraint="day",
        tags=("a",),
    )


def test_problems_name_the_aoi_and_are_given_once() -> None:
    assert planned_problems([]) == [Problem("aoi", "Tick at least one AOI.")]
    orders = form_orders([square_aoi("small", 2_000), square_aoi("huge", 20_000), square_aoi("other", 3_000)])
    assert planned_problems(orders) == [
        Problem("aoi", "“huge”: width 20 km exceeds 15 km; height 20 km exceeds 15 km")
    ]
    orders = form_orders([square_aoi("small", 2_000), square_aoi("other", 3_000)], frequency="daily")
    assert [problem.field for problem in planned_problems(orders)] == ["frequency"]


def test_an_aoi_area_is_measured_in_square_metres() -> None:
    assert aoi_area_m2(square_aoi("field", 1_000)) == pytest.approx(1_000_000, rel=0.01)


def test_placing_again_reuses_the_reference_only_for_the_same_orders_after_an_unclean_outcome() -> None:
    aois = [square_aoi(f"field {index}", 2_000) for index in range(30)]
    orders = form_orders(aois)
    previous = plan_submission(orders, "Drought Stress", None)
    assert [batch.reference for batch in previous.batches] == [f"{previous.id}-1", f"{previous.id}-2"]
    previous.batches[0].state = BatchState.CREATED
    previous.batches[1].state = BatchState.UNKNOWN
    again = plan_submission(form_orders(aois), "Drought Stress", None, previous)
    assert again.id == previous.id
    assert again.batches == previous.batches  # created stays created; unknown is looked for first
    for changed in (
        plan_submission(form_orders(aois, tags=("b",)), "Drought Stress", None, previous),
        plan_submission(orders, "Yield Prediction", None, previous),
        plan_submission(orders, "Drought Stress", "another comment", previous),
        plan_submission(orders[:-1], "Drought Stress", None, previous),
    ):
        assert changed.id != previous.id
        assert all(batch.state is BatchState.NOT_SENT for batch in changed.batches)
    previous.batches[1].state = BatchState.CREATED
    assert plan_submission(orders, "Drought Stress", None, previous).id != previous.id


def test_refused_and_unsent_batches_of_a_submission_placed_again_are_sent_afresh() -> None:
    orders = form_orders([square_aoi(f"field {index}", 2_000) for index in range(30)])
    previous = plan_submission(orders, None, None)
    previous.batches[0].state, previous.batches[0].message = BatchState.REFUSED, "refused"
    previous.batches[1].state, previous.batches[1].message = BatchState.NOT_SENT, "Could not connect"
    again = plan_submission(orders, None, None, previous)
    assert again.id == previous.id
    assert [(batch.state, batch.message) for batch in again.batches] == [(BatchState.NOT_SENT, "")] * 2


def test_a_server_saying_it_did_nothing_is_safe_to_send_again_without_a_check(
    demo_client, sandbox, small_aois
) -> None:
    sandbox.faults.add(kind="status", status=503, retry_after=1, path="/orders/batch", method="POST", times=1)
    report = submit(
        demo_client, QgsFeedback(), plan_submission(planned_orders(sandbox, small_aois, 1), None, None)
    )
    (batch,) = report.batches
    assert batch.state is BatchState.NOT_CREATED
    assert not batch.verified
    assert "the server said it did nothing: safe to send again" in batch.summary()
    assert [r for r in sandbox.requests if r.method == "GET" and r.path == "/orders"] == []
