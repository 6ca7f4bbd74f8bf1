"""Placing orders: the form's orders checked, batches of at most 25, and never the same order twice.

Every order of a submission carries a reference in its comment (``[qgis-ref …]``). When the server may
have carried out a batch without a usable answer (the client's ``outcome_unknown``: no answer, a broken
one, a 500/502/504…), the workspace's newest orders are searched for that reference before anything is
offered again: the batch was either created whole (batches are all-or-nothing) or not at all. A POST is
never repeated blindly. Placing the same orders again after a submission that did not end cleanly is
that submission again (same references), so batches the server did create are found, not created twice.
"""

from __future__ import annotations

import enum
import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

from .aoi_geometry import from_geojson, local_metrics
from .aois import bbox_size
from .api import Aoi, ConstellrClient, ConstellrError, Order, OrderRequest, ValidationError
from .i18n import tr, tr_count
from .rules import OrderDraft, Problem, order_problems, split_into_batches
from .tasks import Progress

REFERENCE_PATTERN = re.compile(r"\[qgis-ref ([0-9a-f]{12}-\d+)\]")
RECENT_ORDERS_TO_SEARCH = 200  # the batch's orders are the newest ones: a few pages suffice
ORDER_LOCATION = re.compile(r"^(?:body\.)?orders\[(\d+)\]\.?(.*)$")


@dataclass(frozen=True)
class PlannedOrder:
    """One order of the form: the AOI it is for and the request to send."""

    aoi: Aoi
    request: OrderRequest

    def draft(self) -> OrderDraft:
        """The order as the product rules check it, with its AOI's bounding box."""
        width, height = bbox_size(self.aoi)
        request = self.request
        return OrderDraft(
            product_name=request.product_name,
            start_date=request.start_date,
            end_date=request.end_date,
            frequency=request.frequency,
            bbox_width_m=width,
            bbox_height_m=height,
            maximum_number_of_images=request.maximum_number_of_images,
            illumination_constraint=request.illumination_constraint,
            tags=request.tags,
        )


def planned_problems(orders: Sequence[PlannedOrder], now: datetime | None = None) -> list[Problem]:
    """Everything that keeps these orders from being placed, each once; an AOI's problems name it once."""
    if not orders:
        return [Problem("aoi", tr("Tick at least one AOI."))]
    found: list[Problem] = []
    for order in orders:
        problems = order_problems(order.draft(), now)
        about_aoi = [problem.message for problem in problems if problem.field == "aoi"]
        if about_aoi:
            problems = [Problem("aoi", f"“{order.aoi.name}”: {'; '.join(about_aoi)}")] + [
                problem for problem in problems if problem.field != "aoi"
            ]
        found.extend(problem for problem in problems if problem not in found)
    return found


def aoi_area_m2(aoi: Aoi) -> float:
    """The AOI's area in m², measured as constellr measures it."""
    return local_metrics(from_geojson(aoi.geojson)).area_m2


class BatchState(enum.Enum):
    """What became of one batch."""

    CREATED = "created"
    REFUSED = "refused"  # the server answered with an error: nothing was created
    NOT_CREATED = "not_created"  # the server did nothing: it said so, or the check found nothing
    UNKNOWN = "unknown"  # no answer, and the check itself failed
    NOT_SENT = "not_sent"  # never reached the server: cancelled, or no connection could be made


@dataclass
class BatchResult:
    """One batch (≤ 25 orders) and its outcome."""

    number: int
    reference: str
    orders: list[PlannedOrder]
    state: BatchState = BatchState.NOT_SENT
    created: list[Order] = field(default_factory=list)
    message: str = ""
    problems: list[tuple[str, str, str]] = field(default_factory=list)  # (AOI name, field, message)
    verified: bool = False  # created or not created, as found by searching for the reference
    lost_answer: str = ""  # why the server's answer to the POST never arrived (its outcome was unknown)

    @property
    def can_send_again(self) -> bool:
        """True when sending the batch again cannot create it twice."""
        return self.state in (BatchState.NOT_CREATED, BatchState.NOT_SENT)

    def _outcome(self, orders: str) -> str:
        """What became of the batch, in words; ``orders`` is how many it holds (“3 orders”)."""
        if self.state is BatchState.CREATED and self.verified and self.lost_answer:
            text = tr("created {orders} (the answer was lost; the server was checked and has them)")
        elif self.state is BatchState.CREATED and self.verified:  # by an earlier run, resumed
            text = tr("created {orders} earlier (found on the server by its reference; not sent again)")
        elif self.state is BatchState.CREATED:
            text = tr("created {orders}")
        elif self.state is BatchState.REFUSED:
            text = tr("refused, nothing created: {message}")
        elif self.state is BatchState.NOT_CREATED and self.verified:
            text = tr("not created ({message}); checked with the server: safe to send again")
        elif self.state is BatchState.NOT_CREATED:
            text = tr("not created ({message}); the server said it did nothing: safe to send again")
        elif self.state is BatchState.UNKNOWN:
            text = tr(
                "outcome unknown ({message}). Place the same orders again to have the server "
                "checked first, or look in the Orders tab for orders whose comment holds "
                "[qgis-ref {reference}]"
            )
        else:
            text = tr("not sent — safe to send again ({message})")
        message = self.message or (tr("cancelled") if self.state is BatchState.NOT_SENT else "")
        return text.format(orders=orders, message=message, reference=self.reference)

    def summary(self) -> str:
        """One plain line about this batch."""
        orders = tr_count(len(self.orders), "{count} order", "{count} orders")
        lines = [
            tr("Batch {number} ({orders}): {outcome}").format(
                number=self.number, orders=orders, outcome=self._outcome(orders)
            )
        ]
        lines += [
            f"  “{aoi}” {field}: {message}" if aoi else f"  {field}: {message}"
            for aoi, field, message in self.problems
        ]
        return "\n".join(lines)


@dataclass
class Submission:
    """One submission: its reference, what is sent with every batch, and what became of each batch."""

    id: str
    use_case: str | None
    comment: str | None
    batches: list[BatchResult]

    @property
    def created(self) -> list[Order]:
        """Every order created, in batch order."""
        return [order for batch in self.batches for order in batch.created]

    @property
    def complete(self) -> bool:
        """True when every batch was created."""
        return all(batch.state is BatchState.CREATED for batch in self.batches)

    def summary(self) -> str:
        """Counts first, then a line per batch."""
        total = sum(len(batch.orders) for batch in self.batches)
        head = tr("{created} of {orders} created in {requests}.").format(
            created=len(self.created),
            orders=tr_count(total, "{count} order", "{count} orders"),
            requests=tr_count(len(self.batches), "{count} request", "{count} requests"),
        )
        return "\n".join([head, *(batch.summary() for batch in self.batches)])


def new_submission_id() -> str:
    """A fresh reference for one submission (12 hex digits)."""
    return uuid.uuid4().hex[:12]


def with_reference(comment: str | None, reference: str) -> str:
    """The order comment with the submission reference appended."""
    marker = f"[qgis-ref {reference}]"
    return f"{comment.strip()} {marker}" if comment and comment.strip() else marker


def plan_batches(orders: Sequence[PlannedOrder], submission_id: str) -> list[BatchResult]:
    """Split into batches of ≤ 25, each order's comment marked with its batch reference."""
    batches = []
    for number, chunk in enumerate(split_into_batches(list(orders)), start=1):
        reference = f"{submission_id}-{number}"
        marked = [
            replace(
                planned,
                request=replace(planned.request, comment=with_reference(planned.request.comment, reference)),
            )
            for planned in chunk
        ]
        batches.append(BatchResult(number=number, reference=reference, orders=marked))
    return batches


def plan_submission(
    orders: Sequence[PlannedOrder],
    use_case: str | None,
    comment: str | None,
    previous: Submission | None = None,
) -> Submission:
    """The submission for these orders: ``previous`` again when it did not end cleanly and nothing changed.

    Sent again, a previous submission keeps its references: created batches stay created, a batch whose
    outcome is unknown is looked for on the server before it is sent, the others are sent. Any change
    (orders, comments, use case, submission comment) makes a new submission with a new reference.
    """
    if (
        previous is not None
        and not previous.complete
        and (use_case, comment)
        == (
            previous.use_case,
            previous.comment,
        )
    ):
        again = plan_batches(orders, previous.id)
        if [batch.orders for batch in again] == [batch.orders for batch in previous.batches]:
            kept = (BatchState.CREATED, BatchState.UNKNOWN)
            return replace(
                previous,
                batches=[old if old.state in kept else new for old, new in zip(previous.batches, again)],
            )
    submission_id = new_submission_id()
    return Submission(submission_id, use_case, comment, plan_batches(orders, submission_id))


def find_created(client: ConstellrClient, reference: str) -> list[Order]:
    """The workspace's newest orders whose comment carries ``reference``."""
    found = []
    for index, order in enumerate(client.iter_orders(sort="-created")):
        if index >= RECENT_ORDERS_TO_SEARCH:
            break
        match = REFERENCE_PATTERN.search(order.comment or "")
        if match and match.group(1) == reference:
            found.append(order)
    return found


def server_problems(error: ConstellrError, orders: Sequence[PlannedOrder]) -> list[tuple[str, str, str]]:
    """The server's messages tied to the AOI and field they concern: (AOI name, field, message)."""
    if isinstance(error, ValidationError) and error.field_errors:
        located = [(field_error.location, field_error.message) for field_error in error.field_errors]
    else:
        lines = (error.server_message or "").splitlines()
        located = [
            tuple(line.split(": ", 1)) if ": " in line else ("", line) for line in lines if line.strip()
        ]
    problems = []
    for location, message in located:
        match = ORDER_LOCATION.match(location)
        if match and int(match.group(1)) < len(orders):
            problems.append((orders[int(match.group(1))].aoi.name, match.group(2) or "order", message))
        else:
            problems.append(("", location or "request", message))
    return problems


def _settle_unanswered(client: ConstellrClient, batch: BatchResult) -> None:
    """A batch that may have been carried out without a usable answer: look for it before saying anything."""
    batch.message = batch.lost_answer
    try:
        found = find_created(client, batch.reference)
    except ConstellrError as check_error:
        batch.state = BatchState.UNKNOWN
        batch.message = tr("{reason}; the check failed: {error}").format(
            reason=batch.lost_answer, error=check_error.message
        )
        return
    batch.verified = True
    if found:
        batch.state, batch.created = BatchState.CREATED, found
    else:
        batch.state = BatchState.NOT_CREATED


def send_batch(
    client: ConstellrClient, batch: BatchResult, use_case: str | None, comment: str | None
) -> None:
    """POST one batch once; settle its outcome (checking with the server when the answer is lost)."""
    try:
        batch.created = client.create_orders(
            [planned.request for planned in batch.orders], use_case=use_case, comment=comment
        )
        batch.state = BatchState.CREATED
    except ConstellrError as error:
        if error.outcome_unknown:
            batch.lost_answer = error.message
            _settle_unanswered(client, batch)
        elif error.status is None:  # no connection could be made: nothing reached the server
            batch.state, batch.message = BatchState.NOT_SENT, error.message
        elif 400 <= error.status < 500:
            batch.state = BatchState.REFUSED
            batch.message = error.message
            batch.problems = server_problems(error, batch.orders)
        else:  # the server said it did nothing (501, 505, 503 with Retry-After)
            batch.state, batch.message = BatchState.NOT_CREATED, error.message


def submit(client: ConstellrClient, feedback: Progress, submission: Submission) -> Submission:
    """Send the batches that may be sent, one after the other (a batch of unknown outcome is looked for
    first); the submission then says what became of each."""
    batches = submission.batches
    for index, batch in enumerate(batches):
        if feedback.isCanceled():
            break
        if batch.state is BatchState.UNKNOWN:
            _settle_unanswered(client, batch)
        if batch.can_send_again:
            send_batch(client, batch, submission.use_case, submission.comment)
        feedback.setProgress(100.0 * (index + 1) / len(batches))
    return submission
