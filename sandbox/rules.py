"""Order validation, exactly per the product table of the current constellr API guide.

Every problem becomes one line ``orders[2].start_date: ...``; the API joins them with newlines in a
single 400 ``detail``.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from . import data
from .geometry import Metrics
from .schemas import OrderBatch, OrderIn
from .state import start_of_day

MAX_TAGS = 10
MAX_TAG_LENGTH = 50
ILLUMINATIONS = ("day", "night")
TASKED_FREQUENCIES = ("single_image", "max_frequency", "once_every_two_weeks", "monthly", "weekly")


@dataclass(frozen=True)
class ProductRules:
    """What one product accepts."""

    max_bbox_m: float
    min_bbox_m: float | None
    start_today_or_later: bool  # else: the start may not be in the future
    min_duration: timedelta | None
    max_duration: timedelta | None
    frequencies: tuple[str, ...]
    supports_max_images: bool


_TASKED = ProductRules(15_000.0, None, True, timedelta(days=7), timedelta(days=365), TASKED_FREQUENCIES, True)
PRODUCT_RULES = {
    "LSTprecision": _TASKED,
    "LSTzoom": _TASKED,
    "LSTfusion": ProductRules(110_000.0, 60.0, False, None, None, ("daily",), False),
}


def as_utc(moment: datetime) -> datetime:
    """Aware UTC; naive input is taken as UTC."""
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment.astimezone(timezone.utc)


def batch_problems(batch: OrderBatch, aoi_metrics: Mapping[uuid.UUID, Metrics], now: datetime) -> list[str]:
    """Every rule the batch breaks; AOIs and products are known to exist."""
    problems = []
    if batch.use_case is not None and batch.use_case not in data.USE_CASES:
        problems.append(
            f"use_case: {batch.use_case!r} is not a known use case; see GET /orders/meta/use-cases"
        )
    for index, order in enumerate(batch.orders):
        problems += order_problems(index, order, aoi_metrics[order.area_of_interest_id], now)
    return problems


def order_problems(index: int, order: OrderIn, aoi: Metrics, now: datetime) -> list[str]:
    """The rules one order breaks, each prefixed with ``orders[index].field``."""
    product = order.product_name
    rules = PRODUCT_RULES[product]
    start, end = as_utc(order.start_date), as_utc(order.end_date)
    found: list[tuple[str, str]] = []
    size = f"{aoi.bbox_width:.1f} m x {aoi.bbox_height:.1f} m"
    if aoi.bbox_width > rules.max_bbox_m or aoi.bbox_height > rules.max_bbox_m:
        limit = f"{rules.max_bbox_m:,.0f} m x {rules.max_bbox_m:,.0f} m"
        found.append(
            ("area_of_interest_id", f"the AOI's bounding box ({size}) exceeds {limit} for {product}")
        )
    if rules.min_bbox_m is not None and min(aoi.bbox_width, aoi.bbox_height) < rules.min_bbox_m:
        limit = f"{rules.min_bbox_m:,.0f} m x {rules.min_bbox_m:,.0f} m"
        found.append(
            ("area_of_interest_id", f"the AOI's bounding box ({size}) is smaller than {limit} for {product}")
        )
    today = start_of_day(now)
    if rules.start_today_or_later and start < today:
        found.append(("start_date", f"start date must be today or later for {product}"))
    if not rules.start_today_or_later and start >= today + timedelta(days=1):
        found.append(("start_date", f"start date cannot be in the future for {product}"))
    found += _period_problems(rules, product, start, end)
    if order.frequency not in rules.frequencies:
        found.append(
            (
                "frequency",
                f"{order.frequency!r} is not available for {product}; choose one of: "
                + ", ".join(rules.frequencies),
            )
        )
    found += _max_images_problems(rules, product, order)
    found += [("tags", problem) for problem in tag_problems(order.tags)]
    if order.illumination_constraint not in (*ILLUMINATIONS, None):
        found.append(("illumination_constraint", "must be 'day', 'night' or null"))
    return [f"orders[{index}].{field}: {message}" for field, message in found]


def _period_problems(
    rules: ProductRules, product: str, start: datetime, end: datetime
) -> list[tuple[str, str]]:
    if end <= start:
        return [("end_date", "end date must be after the start date")]
    duration = end - start
    days = f"{duration / timedelta(days=1):.6g} days"
    if rules.min_duration is not None and duration < rules.min_duration:
        return [
            (
                "end_date",
                f"the monitoring period must be at least {rules.min_duration.days} days for "
                f"{product} (got {days})",
            )
        ]
    if rules.max_duration is not None and duration > rules.max_duration:
        return [
            (
                "end_date",
                f"the monitoring period must be at most 1 year ({rules.max_duration.days} days) for "
                f"{product} (got {days})",
            )
        ]
    return []


def _max_images_problems(rules: ProductRules, product: str, order: OrderIn) -> list[tuple[str, str]]:
    count = order.maximum_number_of_images
    if not rules.supports_max_images:
        return (
            []
            if count is None
            else [("maximum_number_of_images", f"not supported for {product}; leave it null")]
        )
    if order.frequency == "single_image" and count != 1:
        return [("maximum_number_of_images", "must be 1 when frequency is single_image")]
    if count is not None and count < 1:
        return [("maximum_number_of_images", "must be a positive integer")]
    return []


def tag_problems(tags: list[str]) -> list[str]:
    """Tag rules: at most 10 per order, each 1..50 characters, no duplicates."""
    problems = []
    if len(tags) > MAX_TAGS:
        problems.append(f"at most {MAX_TAGS} tags are allowed per order (got {len(tags)})")
    for tag in tags:
        if not tag.strip():
            problems.append("tags must not be empty")
        elif len(tag) > MAX_TAG_LENGTH:
            problems.append(f"tag {tag!r} is {len(tag)} characters long; the maximum is {MAX_TAG_LENGTH}")
    duplicates = sorted({tag for tag in tags if tags.count(tag) > 1})
    problems += [f"duplicate tag {tag!r}" for tag in duplicates]
    return problems
