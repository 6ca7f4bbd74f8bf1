"""When and how long to wait before repeating a failed request."""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from typing import Callable

#: Statuses worth repeating a safe (GET/HEAD) request for.
RETRY_STATUSES = frozenset({429, 502, 503, 504})


@dataclass(frozen=True)
class RetryPolicy:
    """Exponential backoff with full jitter, bounded in attempts and in total time.

    ``max_attempts`` counts the first try; ``max_total`` bounds the seconds spent from the
    first try until the last one starts (a wait that would cross it is not taken).
    """

    max_attempts: int = 4
    backoff_base: float = 0.5
    max_backoff: float = 8.0
    max_total: float = 30.0
    sleep: Callable[[float], None] = field(default=time.sleep, repr=False, compare=False)
    clock: Callable[[], float] = field(default=time.monotonic, repr=False, compare=False)

    def delay_before_retry(
        self, attempts_made: int, started: float, retry_after: float | None = None
    ) -> float | None:
        """Seconds to wait before the next attempt, or None when the budget is spent.

        ``started`` is ``self.clock()`` at the first attempt; a server's ``Retry-After``
        replaces the jittered backoff.
        """
        if attempts_made >= self.max_attempts:
            return None
        if retry_after is None:
            ceiling = min(self.max_backoff, self.backoff_base * 2 ** (attempts_made - 1))
            delay = random.uniform(0.0, ceiling)  # noqa: S311 - jitter, not cryptography
        else:
            delay = retry_after
        if self.clock() - started + delay > self.max_total:
            return None
        return delay


def parse_retry_after(value: str | None) -> float | None:
    """Seconds from a ``Retry-After`` header (delta-seconds or HTTP date); None if absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())
