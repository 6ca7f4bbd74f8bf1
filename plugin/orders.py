"""Orders of the workspace without widgets: table rows, filters, tags, and the operations on orders.

The operations (``delete_orders``, ``update_tags``; listing is ``workspace.list_orders``) take
``(client, feedback, …)``; everything else is plain data the table model and the tab read.
"""

from __future__ import annotations

import enum
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from .api import (
    Aoi,
    ConstellrClient,
    Order,
)
from .deletion import DeletionResult, delete_each
from .i18n import tr, tr_count
from .tasks import Progress

SHORT_ID_LENGTH = 8
NO_VALUE = "—"


@dataclass(frozen=True)
class StateStyle:
    """How an order state is told in words: a label and what it means (its colours are in ``ui/style.py``)."""

    label: str
    description: str


ORDER_STATES = ("pending_validation", "in_progress", "closing", "closed", "rejected")  # in lifecycle order


def _state_styles() -> dict[str, StateStyle]:
    """The words of every state of ``ORDER_STATES``, in the user's language."""
    return {
        "pending_validation": StateStyle(
            tr("pending validation"), tr("constellr is checking the order; it can still be deleted")
        ),
        "in_progress": StateStyle(tr("in progress"), tr("images are being acquired and delivered")),
        "closing": StateStyle(
            tr("closing"), tr("the monitoring period is over; last images may still arrive")
        ),
        "closed": StateStyle(tr("closed"), tr("finished: every image has been delivered")),
        "rejected": StateStyle(tr("rejected"), tr("refused by constellr; it can be deleted")),
    }


def state_style(state: str | None) -> StateStyle:
    """The words of a state; a state this plugin does not know is shown as it comes."""
    return _state_styles().get(state or "") or StateStyle(state or tr("unknown"), "")


def short_id(order_id: str) -> str:
    """The first characters of an id, as the table shows it."""
    return order_id[:SHORT_ID_LENGTH]


class Column(enum.IntEnum):
    """The columns of the orders table, in order."""

    ID = 0
    STATE = enum.auto()
    PRODUCT = enum.auto()
    AOI = enum.auto()
    PERIOD = enum.auto()
    FREQUENCY = enum.auto()
    MAX_IMAGES = enum.auto()
    ILLUMINATION = enum.auto()
    TAGS = enum.auto()
    CREATED = enum.auto()
    REJECTION = enum.auto()

    @property
    def title(self) -> str:
        """The header text."""
        return _titles()[self]


def _titles() -> dict[Column, str]:
    """The header text of every column, in the user's language."""
    return {
        Column.ID: tr("ID"),
        Column.STATE: tr("State"),
        Column.PRODUCT: tr("Product"),
        Column.AOI: tr("AOI"),
        Column.PERIOD: tr("Period (UTC)"),
        Column.FREQUENCY: tr("Frequency"),
        Column.MAX_IMAGES: tr("Max images"),
        Column.ILLUMINATION: tr("Illumination"),
        Column.TAGS: tr("Tags"),
        Column.CREATED: tr("Created"),
        Column.REJECTION: tr("Rejection reason"),
    }


KEY_COLUMNS = (Column.STATE, Column.PRODUCT, Column.AOI, Column.CREATED)  # shown until the user chooses


def created_text(order: Order) -> str:
    """When the order was created, to the minute, in UTC."""
    return order.created.strftime("%Y-%m-%d %H:%M UTC") if order.created else NO_VALUE


def _date(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d") if moment else "…"


def _timestamp(moment: datetime | None) -> float:
    return moment.timestamp() if moment else float("-inf")


def tag_names(order: Order) -> list[str]:
    """The order's tag names."""
    return [tag.name for tag in order.tags]


def tags_text(tags: Iterable[str]) -> str:
    """Tags as one editable line: ``a, b, c``."""
    return ", ".join(tags)


def parse_tags(text: str) -> list[str]:
    """``"a, b , c"`` → ``["a", "b", "c"]``; blanks between commas are ignored."""
    return [part.strip() for part in text.split(",") if part.strip()]


def aoi_name(order: Order, aois: dict[str, Aoi]) -> str:
    """The name of the order's AOI, or its id when the workspace no longer has it."""
    aoi = aois.get(order.area_of_interest_id or "")
    return aoi.name if aoi else (order.area_of_interest_id or NO_VALUE)


@dataclass(frozen=True)
class OrderRow:
    """One table row, its texts and sort keys computed once (the model only indexes them)."""

    order: Order
    aoi_name: str
    texts: tuple[str, ...]
    sort_keys: tuple[Any, ...]
    search_text: str

    @classmethod
    def build(cls, order: Order, aois: dict[str, Aoi]) -> OrderRow:
        """The row of ``order``; ``aois`` maps AOI ids to AOIs for the names."""
        name = aoi_name(order, aois)
        style = state_style(order.state)
        tags = tag_names(order)
        images = order.maximum_number_of_images
        values: dict[Column, tuple[str, Any]] = {
            Column.ID: (short_id(order.id), order.id),
            Column.STATE: (
                style.label,
                ORDER_STATES.index(order.state) if order.state in ORDER_STATES else 99,
            ),
            Column.PRODUCT: (order.product_name or NO_VALUE, (order.product_name or "").casefold()),
            Column.AOI: (name, name.casefold()),
            Column.PERIOD: (
                f"{_date(order.start_date)} – {_date(order.end_date)}",
                _timestamp(order.start_date),
            ),
            Column.FREQUENCY: ((order.frequency or NO_VALUE).replace("_", " "), order.frequency or ""),
            Column.MAX_IMAGES: (
                NO_VALUE if images is None else str(images),
                -1 if images is None else images,
            ),
            Column.ILLUMINATION: (
                order.illumination_constraint or tr("no constraint"),
                order.illumination_constraint or "",
            ),
            Column.TAGS: (tags_text(tags), tags_text(tags).casefold()),
            Column.CREATED: (_date(order.created) if order.created else NO_VALUE, _timestamp(order.created)),
            Column.REJECTION: (order.rejection_reason or "", (order.rejection_reason or "").casefold()),
        }
        searched = [order.id, name, *tags, order.comment or "", order.rejection_reason or ""]
        return cls(
            order=order,
            aoi_name=name,
            texts=tuple(values[column][0] for column in Column),
            sort_keys=tuple(values[column][1] for column in Column),
            search_text="\n".join(searched).casefold(),
        )


@dataclass(frozen=True)
class OrderFilter:
    """What the user narrowed the table to; None or "" means any."""

    state: str | None = None
    product: str | None = None
    text: str = ""

    def accepts(self, row: OrderRow) -> bool:
        """True when the row passes every filter (text: id, AOI name, tags, comment, rejection reason)."""
        order = row.order
        if self.state and order.state != self.state:
            return False
        if self.product and order.product_name != self.product:
            return False
        needle = self.text.strip().casefold()
        return not needle or needle in row.search_text


def _selected_in_state(count: int, state: str) -> str:
    """“2 selected are in progress”."""
    if count == 1:
        return tr("{count} selected is {state}").format(count=count, state=state)
    return tr("{count} selected are {state}").format(count=count, state=state)


def deletion_refusal(orders: Sequence[Order]) -> str:
    """Why these orders cannot be deleted ("" when they all can)."""
    kept = Counter(state_style(order.state).label for order in orders if not order.deletable)
    if not kept:
        return ""
    states = ", ".join(_selected_in_state(count, label) for label, count in kept.most_common())
    return tr("Only orders pending validation or rejected can be deleted; {states}.").format(states=states)


def delete_orders(client: ConstellrClient, feedback: Progress, order_ids: Sequence[str]) -> DeletionResult:
    """Delete orders one by one; a refusal (409) is explained in plain words."""
    return delete_each(
        order_ids,
        client.delete_order,
        key=lambda order_id: order_id,
        label=lambda order_id: tr("Order {id}").format(id=short_id(order_id)),
        headline=lambda count: tr_count(count, "Deleted {count} order.", "Deleted {count} orders."),
        conflict_reason=tr(
            "constellr refused to delete it in its current state. Only orders pending validation or "
            "rejected can be deleted, and its state has probably changed since the table was loaded (a "
            "validated order cannot be deleted any more); the refreshed table shows its state now."
        ),
        task=feedback,
    )


def update_tags(client: ConstellrClient, _feedback: Progress, order_id: str, tags: Sequence[str]) -> Order:
    """Replace an order's tags; the server's answer is the order as it is now."""
    return client.update_order(order_id, tags=list(tags))
