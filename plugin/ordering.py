"""Placing orders: batches of at most 25, and never the same order twice.

Every order of a submission carries a reference in its comment (``[qgis-ref …]``). When the server may
have carried out a batch without a usable answer (the client's ``outcome_unknown``: no answer, a broken
one, a 500/502/504…), the workspace's newest orders are searched for that reference before anything is
offered again: the batch was either created whole (batches are all-or-nothing) or not at all. A POST is
never repeated blindly.
"""

from __future__ import annotations

import enum
import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from .api import Aoi, ConstellrClient, ConstellrError, Order, OrderRequest, ValidationError
from .rules import split_into_batches
from .tasks import Progress

REFERENCE_PATTERN = re.compile(r"\[qgis-ref ([0-9a-f]{12}-\d+)\]")
RECENT_ORDERS_TO_SEARCH = 200  # the batch's orders are the newest ones: a few pages suffice
ORDER_LOCATION = re.compile(r"^(?:body\.)?orders\[(\d+)\]\.?(.*)$")


@dataclass(frozen=True)
class PlannedOrder:
    """One order of the form: the AOI it is for and the request to send."""

    aoi: Aoi
    request: OrderRequest


class BatchState(enum.Enum):
    """What became of one batch."""

    CREATED = "created"
    REFUSED = "refused"  # the server answered with an error: nothing was created
    NOT_CREATED = "not_created"  # no proof either way at first; checked: nothing was created
    UNKNOWN = "unknown"  # no answer, and the check itself failed
    NOT_SENT = "not_sent"  # cancelled before it was sent


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

    @property
    def can_send_again(self) -> bool:
        """True when sending the batch again cannot create it twice."""
        return self.state in (BatchState.NOT_CREATED, BatchState.NOT_SENT)

    def summary(self) -> str:
        """One plain line about this batch."""
        count = f"{len(self.orders)} order{'s' if len(self.orders) != 1 else ''}"
        texts = {
            BatchState.CREATED: f"created {count}"
            + (" (the answer was lost; the server was checked and has them)" if self.verified else ""),
            BatchState.REFUSED: f"refused, nothing created: {self.message}",
            BatchState.NOT_CREATED: (
                f"not created ({self.message}); checked with the server: safe to send again"
            ),
            BatchState.UNKNOWN: (
                f"outcome unknown ({self.message}). Refresh the Orders tab before sending again: "
                f"look for orders whose comment holds [qgis-ref {self.reference}]"
            ),
            BatchState.NOT_SENT: "not sent (cancelled)",
        }
        lines = [f"Batch {self.number} ({count}): {texts[self.state]}"]
        lines += [
            f"  “{aoi}” {field}: {message}" if aoi else f"  {field}: {message}"
            for aoi, field, message in self.problems
        ]
        return "\n".join(lines)


@dataclass
class SubmissionReport:
    """What became of every batch of a submission."""

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
        head = f"{len(self.created)} of {total} orders created in {len(self.batches)} request(s)."
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


def _settle_unanswered(client: ConstellrClient, batch: BatchResult, error: ConstellrError) -> None:
    """A batch sent without a usable answer: look for it before saying anything."""
    batch.message = str(error.message)
    try:
        found = find_created(client, batch.reference)
    except ConstellrError as check_error:
        batch.state, batch.message = (
            BatchState.UNKNOWN,
            f"{error.message}; the check failed: {check_error.message}",
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
            _settle_unanswered(client, batch, error)
        elif error.status is not None and 400 <= error.status < 500:
            batch.state = BatchState.REFUSED
            batch.message = error.message
            batch.problems = server_problems(error, batch.orders)
        else:  # nothing reached the server, or it said it did nothing: safe to send again
            batch.state, batch.message = BatchState.NOT_CREATED, error.message


def submit(
    client: ConstellrClient,
    feedback: Progress,
    batches: Sequence[BatchResult],
    use_case: str | None,
    comment: str | None,
) -> SubmissionReport:
    """Send the batches that may be sent, one after the other; the report says what became of each."""
    for index, batch in enumerate(batches):
        if feedback.isCanceled():
            break
        if batch.can_send_again:
            send_batch(client, batch, use_case, comment)
        feedback.setProgress(100.0 * (index + 1) / len(batches))
    return SubmissionReport(list(batches))
