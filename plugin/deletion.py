"""Deleting several things one by one, with a plain reason for each one the server keeps."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from .api import ConflictError, ConstellrError
from .i18n import tr
from .tasks import Progress

T = TypeVar("T")


@dataclass
class DeletionResult:
    """What happened to each item: ``deleted`` holds their keys, ``failed`` (label, reason) pairs.

    ``headline`` says how many were deleted: ``headline(3)`` → “Deleted 3 orders.”
    """

    headline: Callable[[int], str]
    deleted: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)

    def summary(self) -> str:
        """One line for the message bar, then one per item kept."""
        lines = [self.headline(len(self.deleted))]
        lines += [
            tr("{label} was kept: {reason}").format(label=label, reason=reason)
            for label, reason in self.failed
        ]
        return "\n".join(lines)


def delete_each(
    items: Sequence[T],
    delete: Callable[[T], object],
    *,
    key: Callable[[T], str],
    label: Callable[[T], str],
    headline: Callable[[int], str],
    conflict_reason: str,
    task: Progress,
) -> DeletionResult:
    """Call ``delete`` for each item (stops when cancelled); a 409 gets ``conflict_reason``."""
    result = DeletionResult(headline)
    for number, item in enumerate(items, start=1):
        if task.isCanceled():
            break
        try:
            delete(item)
            result.deleted.append(key(item))
        except ConflictError:
            result.failed.append((label(item), conflict_reason))
        except ConstellrError as error:
            result.failed.append((label(item), str(error)))
        task.setProgress(100.0 * number / len(items))
    return result
