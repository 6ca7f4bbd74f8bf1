"""The product rules on both sides of every boundary of the reference's product table."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from constellr.plugin.rules import (
    PRODUCTS,
    SINGLE_IMAGE,
    OrderDraft,
    aoi_size_problems,
    default_period,
    format_area,
    format_length,
    frequency_kept,
    in_words,
    order_problems,
    period_kept,
    split_into_batches,
    tag_problems,
)

NOW = datetime(2026, 11, 22, 9, 30, tzinfo=timezone.utc)
MIDNIGHT = datetime(2026, 11, 22, tzinfo=timezone.utc)


def _draft(product: str = "LSTprecision", **changes) -> OrderDraft:
    values = {
        "product_name": product,
        "start_date": NOW + timedelta(days=1),
        "end_date": NOW + timedelta(days=31),
        "frequency": "weekly" if product != "LSTfusion" else "daily",
        "bbox_width_m": 5_000.0,
        "bbox_height_m": 5_000.0,
    }
    if product == "LSTfusion":
        values["start_date"] = NOW - timedelta(days=10)
    values.update(changes)
    return OrderDraft(**values)


def _fields(draft: OrderDraft) -> list[str]:
    return [problem.field for problem in order_problems(draft, NOW)]


@pytest.mark.parametrize("product", ["LSTprecision", "LSTzoom", "LSTfusion"])
def test_a_sensible_order_has_no_problem(product: str) -> None:
    assert order_problems(_draft(product), NOW) == []


@pytest.mark.parametrize(
    ("product", "width", "height", "accepted"),
    [
        ("LSTprecision", 14_999, 14_999, True),
        ("LSTprecision", 15_000, 15_000, True),
        ("LSTprecision", 15_001, 100, False),
        ("LSTzoom", 100, 15_001, False),
        ("LSTfusion", 61, 61, True),
        ("LSTfusion", 59, 61, False),
        ("LSTfusion", 61, 59, False),
        ("LSTfusion", 109_999, 109_999, True),
        ("LSTfusion", 110_001, 109_999, False),
    ],
)
def test_aoi_size_limits(product: str, width: float, height: float, accepted: bool) -> None:
    assert (aoi_size_problems(PRODUCTS[product], width, height) == []) is accepted


def test_size_messages_name_the_dimension_and_the_limit() -> None:
    (problem,) = aoi_size_problems(PRODUCTS["LSTprecision"], 18_234, 2_000)
    assert problem.message == "width 18.2 km exceeds 15 km"
    (problem,) = aoi_size_problems(PRODUCTS["LSTprecision"], 2_000, 15_001)
    assert problem.message == "height 15,001 m exceeds 15,000 m"
    (problem,) = aoi_size_problems(PRODUCTS["LSTfusion"], 59, 100)
    assert problem.message == "width 59 m is below 60 m"


@pytest.mark.parametrize(
    ("start", "accepted"),
    [(MIDNIGHT, True), (MIDNIGHT - timedelta(seconds=1), False), (NOW + timedelta(days=30), True)],
)
def test_tasked_products_start_today_or_later(start: datetime, accepted: bool) -> None:
    draft = _draft(start_date=start, end_date=start + timedelta(days=10))
    assert ("start_date" not in _fields(draft)) is accepted


@pytest.mark.parametrize(
    ("start", "accepted"),
    [
        (NOW, True),
        (NOW - timedelta(days=400), True),
        (MIDNIGHT + timedelta(hours=23, minutes=59), True),
        (MIDNIGHT + timedelta(days=1), False),
    ],
)
def test_fusion_cannot_start_after_today(start: datetime, accepted: bool) -> None:
    draft = _draft("LSTfusion", start_date=start, end_date=start + timedelta(days=3))
    assert ("start_date" not in _fields(draft)) is accepted


@pytest.mark.parametrize(("days", "accepted"), [(6, False), (7, True), (365, True), (366, False), (0, False)])
def test_tasked_duration_between_seven_days_and_a_year(days: int, accepted: bool) -> None:
    start = NOW + timedelta(days=1)
    draft = _draft(start_date=start, end_date=start + timedelta(days=days))
    assert ("end_date" not in _fields(draft)) is accepted


def test_fusion_has_no_duration_limit_but_must_end_after_it_starts() -> None:
    start = NOW - timedelta(days=800)
    assert _fields(_draft("LSTfusion", start_date=start, end_date=start + timedelta(days=700))) == []
    assert _fields(_draft("LSTfusion", start_date=start, end_date=start)) == ["end_date"]


@pytest.mark.parametrize(
    ("product", "frequency", "accepted"),
    [
        ("LSTprecision", "single_image", True),
        ("LSTprecision", "max_frequency", True),
        ("LSTzoom", "once_every_two_weeks", True),
        ("LSTzoom", "monthly", True),
        ("LSTprecision", "weekly", True),
        ("LSTprecision", "daily", False),
        ("LSTfusion", "daily", True),
        ("LSTfusion", "weekly", False),
    ],
)
def test_frequencies_per_product(product: str, frequency: str, accepted: bool) -> None:
    images = 1 if frequency == "single_image" else None
    draft = _draft(product, frequency=frequency, maximum_number_of_images=images)
    assert ("frequency" not in _fields(draft)) is accepted


@pytest.mark.parametrize(
    ("product", "frequency", "images", "accepted"),
    [
        ("LSTprecision", "single_image", 1, True),
        ("LSTprecision", "single_image", 2, False),
        ("LSTprecision", "single_image", None, False),
        ("LSTprecision", "weekly", 12, True),
        ("LSTprecision", "weekly", None, True),
        ("LSTprecision", "weekly", 0, False),
        ("LSTfusion", "daily", None, True),
        ("LSTfusion", "daily", 1, False),
    ],
)
def test_maximum_number_of_images(product: str, frequency: str, images: int | None, accepted: bool) -> None:
    draft = _draft(product, frequency=frequency, maximum_number_of_images=images)
    assert ("maximum_number_of_images" not in _fields(draft)) is accepted


@pytest.mark.parametrize(
    ("value", "accepted"), [("day", True), ("night", True), (None, True), ("dusk", False)]
)
def test_illumination(value: str | None, accepted: bool) -> None:
    assert ("illumination_constraint" not in _fields(_draft(illumination_constraint=value))) is accepted


@pytest.mark.parametrize(
    ("tags", "accepted"),
    [
        ([f"t{i}" for i in range(10)], True),
        ([f"t{i}" for i in range(11)], False),
        (["x" * 50], True),
        (["x" * 51], False),
        (["a", "b", "a"], False),
        (["a", " "], False),
    ],
)
def test_tags(tags: list[str], accepted: bool) -> None:
    assert (tag_problems(tags) == []) is accepted


def test_unknown_product_is_refused_by_name() -> None:
    assert [str(p) for p in order_problems(_draft(product_name="LSTmagic"), NOW)] == [
        "product_name: unknown product LSTmagic"
    ]


@pytest.mark.parametrize(("count", "sizes"), [(1, [1]), (25, [25]), (26, [25, 1]), (60, [25, 25, 10])])
def test_batches_hold_at_most_25_orders_in_order(count: int, sizes: list[int]) -> None:
    batches = split_into_batches(list(range(count)))
    assert [len(batch) for batch in batches] == sizes
    assert [item for batch in batches for item in batch] == list(range(count))


@pytest.mark.parametrize(
    ("metres", "text"),
    [(59, "59 m"), (999, "999 m"), (1_000, "1 km"), (18_234, "18.2 km"), (110_000, "110 km")],
)
def test_lengths_read_like_an_analyst_writes_them(metres: float, text: str) -> None:
    assert format_length(metres) == text


@pytest.mark.parametrize(
    ("m2", "text"), [(4_000, "0.4 ha"), (250_000, "25.0 ha"), (4_728_768_008, "4,728.8 km²")]
)
def test_areas_in_hectares_or_square_kilometres(m2: float, text: str) -> None:
    assert format_area(m2) == text


def test_frequencies_and_use_cases_read_in_words() -> None:
    assert [in_words(value) for value in PRODUCTS["LSTprecision"].frequencies] == [
        "Single image",
        "As often as possible",
        "Once every two weeks",
        "Monthly",
        "Weekly",
    ]
    assert in_words("daily") == "Daily"
    assert in_words("cover_crop_monitoring") == "Cover crop monitoring"
    assert in_words("Drought Stress") == "Drought Stress"


def test_switching_product_keeps_what_the_new_product_allows() -> None:
    precision, zoom, fusion = PRODUCTS["LSTprecision"], PRODUCTS["LSTzoom"], PRODUCTS["LSTfusion"]
    future = (MIDNIGHT + timedelta(days=3), MIDNIGHT + timedelta(days=60))
    assert period_kept(zoom, *future, NOW) == future
    assert frequency_kept(zoom, "monthly") == "monthly"
    past = (MIDNIGHT - timedelta(days=90), MIDNIGHT - timedelta(days=10))
    assert period_kept(fusion, *past, NOW) == past
    assert frequency_kept(fusion, "monthly") == "daily"
    assert frequency_kept(precision, "daily") == "single_image"


def test_switching_product_changes_only_the_dates_it_refuses() -> None:
    precision, fusion = PRODUCTS["LSTprecision"], PRODUCTS["LSTfusion"]
    past = (MIDNIGHT - timedelta(days=90), MIDNIGHT - timedelta(days=10))
    start, end = period_kept(precision, *past, NOW)
    assert (
        (start, end)
        == default_period(precision, NOW)
        == (
            MIDNIGHT + timedelta(days=1),
            MIDNIGHT + timedelta(days=31),
        )
    )
    long_future = (MIDNIGHT + timedelta(days=2), MIDNIGHT + timedelta(days=500))
    assert period_kept(precision, *long_future, NOW) == (long_future[0], long_future[0] + timedelta(days=30))
    future = (MIDNIGHT + timedelta(days=3), MIDNIGHT + timedelta(days=60))
    assert period_kept(fusion, *future, NOW) == (MIDNIGHT - timedelta(days=30), future[1])


@pytest.mark.parametrize("product", sorted(PRODUCTS))
def test_the_default_period_is_accepted(product: str) -> None:
    start, end = default_period(PRODUCTS[product], NOW)
    assert _fields(_draft(product, start_date=start, end_date=end)) == []


def test_problems_name_frequencies_in_words() -> None:
    (problem,) = order_problems(_draft("LSTfusion", frequency="weekly"), NOW)
    assert problem.message == "LSTfusion offers: Daily"
    (problem,) = order_problems(_draft(frequency=SINGLE_IMAGE, maximum_number_of_images=2), NOW)
    assert problem.message == "must be 1 when the frequency is “Single image”"
