"""The Orders tab's logic without widgets: rows, filters, tags, deletions and deliveries on the sandbox."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from constellr.plugin.api import Aoi, NotFoundError, Order, OrderTag
from constellr.plugin.orders import (
    ORDER_STATES,
    Column,
    OrderFilter,
    OrderRow,
    StateStyle,
    created_text,
    delete_orders,
    deletion_refusal,
    parse_tags,
    state_style,
    update_tags,
)

SQUARE = {"type": "Polygon", "coordinates": [[[13, 52], [13.1, 52], [13.1, 52.1], [13, 52.1], [13, 52]]]}


class RecordedProgress:
    """Stands in for the QgsTask the work functions run in: records progress, never cancelled."""

    def __init__(self) -> None:
        self.values: list[float] = []

    def setProgress(self, progress: float) -> None:
        self.values.append(progress)

    def isCanceled(self) -> bool:
        return False


def _order(**changes) -> Order:
    values = {
        "id": "0123456789abcdef",
        "area_of_interest_id": "aoi-1",
        "product_name": "LSTprecision",
        "state": "in_progress",
        "start_date": datetime(2026, 7, 1, tzinfo=timezone.utc),
        "end_date": datetime(2026, 8, 1, tzinfo=timezone.utc),
        "frequency": "once_every_two_weeks",
        "created": datetime(2026, 6, 30, 8, 15, tzinfo=timezone.utc),
        "comment": "Field 42 irrigation",
        "tags": (OrderTag("Crops"), OrderTag("irrigation")),
    }
    values.update(changes)
    return Order(**values)


AOIS = {"aoi-1": Aoi("aoi-1", "Po Valley Field 12", SQUARE)}


def test_a_row_shows_every_column_in_words() -> None:
    row = OrderRow.build(_order(), AOIS)
    assert dict(zip(Column, row.texts)) == {
        Column.ID: "01234567",
        Column.STATE: "in progress",
        Column.PRODUCT: "LSTprecision",
        Column.AOI: "Po Valley Field 12",
        Column.PERIOD: "2026-07-01 – 2026-08-01",
        Column.FREQUENCY: "once every two weeks",
        Column.MAX_IMAGES: "—",
        Column.ILLUMINATION: "no constraint",
        Column.TAGS: "Crops, irrigation",
        Column.CREATED: "2026-06-30",
        Column.REJECTION: "",
    }


def test_the_creation_time_is_told_to_the_minute_in_utc() -> None:
    assert created_text(_order()) == "2026-06-30 08:15 UTC"


def test_an_unknown_aoi_is_shown_by_its_id() -> None:
    assert OrderRow.build(_order(area_of_interest_id="gone"), AOIS).aoi_name == "gone"


def test_dates_sort_by_time_and_states_by_lifecycle() -> None:
    early = OrderRow.build(_order(created=datetime(2025, 12, 31, 23, tzinfo=timezone.utc)), AOIS)
    late = OrderRow.build(_order(created=datetime(2026, 1, 1, 1, tzinfo=timezone.utc)), AOIS)
    assert early.sort_keys[Column.CREATED] < late.sort_keys[Column.CREATED]
    states = [OrderRow.build(_order(state=state), AOIS).sort_keys[Column.STATE] for state in ORDER_STATES]
    assert states == sorted(states)


def test_every_state_is_told_in_words_and_an_unknown_state_is_shown_as_it_comes() -> None:
    for state in ORDER_STATES:
        style = state_style(state)
        assert style.label == state.replace("_", " ")
        assert style.description
    assert state_style("archived") == StateStyle("archived", "")


@pytest.mark.parametrize(
    ("order_filter", "accepted"),
    [
        (OrderFilter(), True),
        (OrderFilter(state="in_progress"), True),
        (OrderFilter(state="closed"), False),
        (OrderFilter(product="LSTfusion"), False),
        (OrderFilter(text="po valley"), True),  # AOI name, any case
        (OrderFilter(text="CROPS"), True),  # tag
        (OrderFilter(text="irrigation"), True),  # tag and comment
        (OrderFilter(text="field 42"), True),  # comment
        (OrderFilter(text="89ab"), True),  # id
        (OrderFilter(text="  "), True),
        (OrderFilter(text="berlin"), False),
        (OrderFilter(state="in_progress", product="LSTprecision", text="crops"), True),
    ],
)
def test_the_filter_matches_state_product_and_text(order_filter: OrderFilter, accepted: bool) -> None:
    assert order_filter.accepts(OrderRow.build(_order(), AOIS)) is accepted


def test_the_text_filter_finds_the_rejection_reason() -> None:
    rejected = OrderRow.build(_order(state="rejected", rejection_reason="AOI is outside coverage."), AOIS)
    assert OrderFilter(text="outside COVERAGE").accepts(rejected)


@pytest.mark.parametrize(
    ("text", "tags"),
    [("a, b , c", ["a", "b", "c"]), ("", []), (" heat ,, wave, ", ["heat", "wave"]), ("one", ["one"])],
)
def test_tag_text_is_split_on_commas(text: str, tags: list[str]) -> None:
    assert parse_tags(text) == tags


def test_deletion_is_refused_with_the_states_that_stand_in_the_way() -> None:
    deletable = [_order(state="pending_validation"), _order(state="rejected")]
    assert deletion_refusal(deletable) == ""
    refusal = deletion_refusal([*deletable, _order(), _order(), _order(state="closed")])
    assert refusal == (
        "Only orders pending validation or rejected can be deleted; "
        "2 selected are in progress, 1 selected is closed."
    )


def test_update_tags_replaces_them_and_answers_with_the_order(sandbox, demo_client) -> None:
    order = next(iter(demo_client.iter_orders()))
    updated = update_tags(demo_client, RecordedProgress(), order.id, ["drought", "field-7"])
    assert updated.id == order.id
    assert sorted(tag.name for tag in updated.tags) == ["drought", "field-7"]
    assert sorted(tag.name for tag in demo_client.get_order(order.id).tags) == ["drought", "field-7"]


def test_delete_orders_explains_a_refusal(sandbox, demo_client) -> None:
    orders = list(demo_client.iter_orders())
    pending = next(order for order in orders if order.state == "pending_validation")
    running = next(order for order in orders if order.state == "in_progress")
    result = delete_orders(demo_client, RecordedProgress(), [pending.id, running.id])
    assert result.deleted == [pending.id]
    assert result.summary().splitlines()[0] == "Deleted 1 order."
    assert "refused to delete it in its current state" in result.summary()
    with pytest.raises(NotFoundError):
        demo_client.get_order(pending.id)
