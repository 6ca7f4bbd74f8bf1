"""The constellr product rules, in one place.

The AOI size verdicts, the order form and the Processing algorithms all ask this module, so the
plugin refuses exactly what the server would refuse (``constellr-api-current``, "Product Specific
Validation" and "General Validation"). No widgets: only its words go through ``tr`` (``plugin/i18n.py``).
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from .api import MAX_ORDERS_PER_BATCH
from .i18n import tr

MAX_TAGS_PER_ORDER = 10
MAX_TAG_LENGTH = 50
ILLUMINATION_CONSTRAINTS = ("day", "night", None)
SINGLE_IMAGE = "single_image"
DEFAULT_PERIOD = timedelta(days=30)


def _words() -> dict[str, str]:
    """How the API's frequencies read, in the user's language (the API values stay what is sent)."""
    return {
        SINGLE_IMAGE: tr("Single image"),
        "max_frequency": tr("As often as possible"),
        "once_every_two_weeks": tr("Once every two weeks"),
        "monthly": tr("Monthly"),
        "weekly": tr("Weekly"),
        "daily": tr("Daily"),
    }


def in_words(value: str) -> str:
    """An API value as an analyst reads it: “single_image” → “Single image”; words stay as they are.

    The frequencies are translated; other values (use cases) come from the API and only lose their ``_``.
    """
    words = _words()
    if value in words:
        return words[value]
    if "_" in value and value == value.lower():
        return value.replace("_", " ").capitalize()
    return value


class StartRule(enum.Enum):
    """When a monitoring period may begin, relative to today (UTC), as calendar days like the API guide."""

    TODAY_OR_LATER = "today_or_later"
    NOT_IN_FUTURE = "not_in_future"


@dataclass(frozen=True)
class ProductRules:
    """What one product accepts."""

    name: str
    max_bbox_m: float
    min_bbox_m: float | None
    start_rule: StartRule
    min_duration: timedelta | None
    max_duration: timedelta | None
    frequencies: tuple[str, ...]
    supports_max_images: bool


_TASKED = {
    "max_bbox_m": 15_000.0,
    "min_bbox_m": None,
    "start_rule": StartRule.TODAY_OR_LATER,
    "min_duration": timedelta(days=7),
    "max_duration": timedelta(days=365),
    "frequencies": (SINGLE_IMAGE, "max_frequency", "once_every_two_weeks", "monthly", "weekly"),
    "supports_max_images": True,
}

PRODUCTS: dict[str, ProductRules] = {
    "LSTprecision": ProductRules(name="LSTprecision", **_TASKED),
    "LSTzoom": ProductRules(name="LSTzoom", **_TASKED),
    "LSTfusion": ProductRules(
        name="LSTfusion",
        max_bbox_m=110_000.0,
        min_bbox_m=60.0,
        start_rule=StartRule.NOT_IN_FUTURE,
        min_duration=None,
        max_duration=None,
        frequencies=("daily",),
        supports_max_images=False,
    ),
}


def rules_for(product_name: str) -> ProductRules | None:
    """The rules of a product, or None for a product this plugin version does not know."""
    return PRODUCTS.get(product_name)


@dataclass(frozen=True)
class Problem:
    """One reason a value is refused, tied to the field it concerns."""

    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


def format_length(metres: float) -> str:
    """A length as an analyst reads it: metres below 1 km, else km with one decimal."""
    if abs(metres) < 1000:
        return f"{metres:,.0f} m"
    return f"{metres / 1000:,.1f} km".replace(".0 km", " km")


def format_area(square_metres: float) -> str:
    """An area in hectares below 1 km², else in km²."""
    if square_metres < 1_000_000:
        return f"{square_metres / 10_000:,.1f} ha"
    return f"{square_metres / 1_000_000:,.1f} km²"


def format_size(width_m: float, height_m: float, area_m2: float | None = None) -> str:
    """“12.3 km × 8.1 km · 98.2 km²”."""
    text = f"{format_length(width_m)} × {format_length(height_m)}"
    return f"{text} · {format_area(area_m2)}" if area_m2 is not None else text


def _length_pair(value: float, limit: float) -> tuple[str, str]:
    """Two lengths formatted so that their difference stays visible (15,001 m vs 15,000 m)."""
    shown, shown_limit = format_length(value), format_length(limit)
    if shown == shown_limit:
        return f"{value:,.1f} m".replace(".0 m", " m"), f"{limit:,.0f} m"
    return shown, shown_limit


def aoi_size_problems(product: ProductRules, bbox_width_m: float, bbox_height_m: float) -> list[Problem]:
    """Why an AOI's bounding box does not fit the product (empty list: it fits)."""
    too_large = (tr("width {size} exceeds {limit}"), tr("height {size} exceeds {limit}"))
    too_small = (tr("width {size} is below {limit}"), tr("height {size} is below {limit}"))
    problems = []
    for side, value in enumerate((bbox_width_m, bbox_height_m)):
        if value > product.max_bbox_m:
            shown, limit = _length_pair(value, product.max_bbox_m)
            problems.append(Problem("aoi", too_large[side].format(size=shown, limit=limit)))
        elif product.min_bbox_m is not None and value < product.min_bbox_m:
            shown, limit = _length_pair(value, product.min_bbox_m)
            problems.append(Problem("aoi", too_small[side].format(size=shown, limit=limit)))
    return problems


@dataclass
class OrderDraft:
    """One order as the form holds it before it is sent."""

    product_name: str
    start_date: datetime
    end_date: datetime
    frequency: str
    bbox_width_m: float | None = None
    bbox_height_m: float | None = None
    maximum_number_of_images: int | None = None
    illumination_constraint: str | None = None
    tags: Sequence[str] = field(default_factory=tuple)


def _start_of_day(moment: datetime) -> datetime:
    return datetime.combine(moment.astimezone(timezone.utc).date(), datetime.min.time(), timezone.utc)


def _period_problems(product: ProductRules, start: datetime, end: datetime, now: datetime) -> list[Problem]:
    problems = []
    if product.start_rule is StartRule.TODAY_OR_LATER and start < _start_of_day(now):
        problems.append(
            Problem("start_date", tr("must be today or later for {product}").format(product=product.name))
        )
    if product.start_rule is StartRule.NOT_IN_FUTURE and start >= _start_of_day(now) + timedelta(days=1):
        problems.append(
            Problem("start_date", tr("cannot be after today for {product}").format(product=product.name))
        )
    duration = end - start
    if duration <= timedelta(0):
        problems.append(Problem("end_date", tr("must be after the start date")))
    elif product.min_duration is not None and duration < product.min_duration:
        problems.append(
            Problem(
                "end_date",
                tr("the period must last at least {days} days").format(days=product.min_duration.days),
            )
        )
    elif product.max_duration is not None and duration > product.max_duration:
        problems.append(
            Problem(
                "end_date",
                tr("the period may last at most {days} days (1 year)").format(days=product.max_duration.days),
            )
        )
    return problems


def default_period(product: ProductRules, now: datetime) -> tuple[datetime, datetime]:
    """A period the product accepts: the last 30 days for archive products, else the next 30 from tomorrow."""
    midnight = _start_of_day(now)
    if product.start_rule is StartRule.NOT_IN_FUTURE:
        return midnight - DEFAULT_PERIOD, midnight
    start = midnight + timedelta(days=1)
    return start, start + DEFAULT_PERIOD


def period_kept(
    product: ProductRules, start: datetime, end: datetime, now: datetime | None = None
) -> tuple[datetime, datetime]:
    """The period after switching to ``product``: what it accepts stays, only a refused date changes."""
    now = now or datetime.now(timezone.utc)
    default_start, default_end = default_period(product, now)
    if any(problem.field == "start_date" for problem in _period_problems(product, start, end, now)):
        start = default_start
    if any(problem.field == "end_date" for problem in _period_problems(product, start, end, now)):
        end = start + (default_end - default_start)
    return start, end


def frequency_kept(product: ProductRules, frequency: str) -> str:
    """The frequency after switching to ``product``: kept when it offers it, else its first one."""
    return frequency if frequency in product.frequencies else product.frequencies[0]


def _images_problems(product: ProductRules, draft: OrderDraft) -> list[Problem]:
    images = draft.maximum_number_of_images
    if not product.supports_max_images:
        if images is not None:
            return [
                Problem(
                    "maximum_number_of_images", tr("not supported by {product}").format(product=product.name)
                )
            ]
        return []
    if draft.frequency == SINGLE_IMAGE and images != 1:
        return [
            Problem(
                "maximum_number_of_images",
                tr("must be 1 when the frequency is “{frequency}”").format(frequency=in_words(SINGLE_IMAGE)),
            )
        ]
    if images is not None and images < 1:
        return [Problem("maximum_number_of_images", tr("must be at least 1"))]
    return []


def tag_problems(tags: Sequence[str]) -> list[Problem]:
    """Why a set of tags is refused: count, length, duplicates."""
    problems = []
    if len(tags) > MAX_TAGS_PER_ORDER:
        problems.append(
            Problem(
                "tags",
                tr("at most {limit} tags per order ({count} given)").format(
                    limit=MAX_TAGS_PER_ORDER, count=len(tags)
                ),
            )
        )
    too_long = tr('"{start}…" is longer than {limit} characters')
    problems.extend(
        Problem("tags", too_long.format(start=tag[:20], limit=MAX_TAG_LENGTH))
        for tag in tags
        if len(tag) > MAX_TAG_LENGTH
    )
    if any(not tag.strip() for tag in tags):
        problems.append(Problem("tags", tr("empty tags are not allowed")))
    duplicates = sorted({tag for tag in tags if list(tags).count(tag) > 1})
    if duplicates:
        problems.append(Problem("tags", tr("duplicate tags: {tags}").format(tags=", ".join(duplicates))))
    return problems


def order_problems(draft: OrderDraft, now: datetime | None = None) -> list[Problem]:
    """Every reason the server would refuse this order (empty list: it would be accepted)."""
    now = now or datetime.now(timezone.utc)
    product = rules_for(draft.product_name)
    if product is None:
        return [Problem("product_name", tr("unknown product {product}").format(product=draft.product_name))]
    problems: list[Problem] = []
    if draft.bbox_width_m is not None and draft.bbox_height_m is not None:
        problems.extend(aoi_size_problems(product, draft.bbox_width_m, draft.bbox_height_m))
    problems.extend(_period_problems(product, draft.start_date, draft.end_date, now))
    if draft.frequency not in product.frequencies:
        offered = ", ".join(in_words(frequency) for frequency in product.frequencies)
        problems.append(
            Problem(
                "frequency",
                tr("{product} offers: {frequencies}").format(product=product.name, frequencies=offered),
            )
        )
    problems.extend(_images_problems(product, draft))
    if draft.illumination_constraint not in ILLUMINATION_CONSTRAINTS:
        problems.append(Problem("illumination_constraint", tr("must be day, night or no constraint")))
    problems.extend(tag_problems(draft.tags))
    return problems


def split_into_batches(items: Sequence, size: int = MAX_ORDERS_PER_BATCH) -> list[list]:
    """Consecutive batches of at most ``size`` orders (the server takes ≤ 25 per request)."""
    return [list(items[start : start + size]) for start in range(0, len(items), size)]
