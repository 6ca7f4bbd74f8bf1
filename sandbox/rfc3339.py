"""RFC 3339 instants (section 5.6 ``date-time``), as STAC ``datetime`` parameters and CQL2 need them."""

from __future__ import annotations

import re
from datetime import datetime, timezone

# full-date "T" full-time: seconds required, a fraction has digits, the offset is required (Z or ±hh:mm).
_DATE_TIME = re.compile(
    r"\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-](?:[01]\d|2[0-3]):[0-5]\d)"
)
_FULL_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# CQL2 text's timestampInstantString: a UTC time, always ending in Z.
_CQL2_TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z")


def parse_date_time(text: str) -> datetime:
    """An aware UTC datetime; ValueError unless ``text`` is an RFC 3339 ``date-time``."""
    if not _DATE_TIME.fullmatch(text):
        raise ValueError(f"{text!r} is not an RFC 3339 date-time like 2025-08-18T11:00:00Z")
    return datetime.fromisoformat(text.upper().replace("Z", "+00:00")).astimezone(timezone.utc)


def check_full_date(text: str) -> None:
    """ValueError unless ``text`` is an RFC 3339 ``full-date`` (``2025-08-18``)."""
    if not _FULL_DATE.fullmatch(text):
        raise ValueError(f"{text!r} is not a date like 2025-08-18")
    datetime.strptime(text, "%Y-%m-%d")  # a calendar check: 2025-02-30 is refused


def check_cql2_timestamp(text: str) -> None:
    """ValueError unless ``text`` is a CQL2 text ``TIMESTAMP`` literal: an RFC 3339 UTC time ending in Z."""
    if not _CQL2_TIMESTAMP.fullmatch(text):
        raise ValueError(f"{text!r} is not a CQL2 timestamp like 2025-08-18T11:00:00Z (UTC, ending in Z)")
    parse_date_time(text)
