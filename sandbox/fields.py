"""The STAC API Fields extension (v1.0.0): which fields of each item a search returns.

Semantics of the extension's "Include/Exclude Semantics" section:

- no ``fields``: the whole item;
- neither include nor exclude (``?fields=``, ``{}``, nulls, empty arrays): the default fields below;
- include given: only those fields;
- only exclude, POST with ``include`` missing: the whole item less those fields;
- only exclude otherwise (``include`` null or empty, or any GET, which cannot say "missing"): the default
  fields less those;
- nested paths: the most specific path decides, and a path both included and excluded is included.

``type``, ``stac_version``, ``id`` and ``collection`` are always kept (the extension allows keeping simple
string fields), so every returned entity still says what it is.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

DEFAULT = ("type", "stac_version", "id", "geometry", "bbox", "links", "assets", "properties.datetime")
ALWAYS = ("type", "stac_version", "id", "collection")
Path = tuple[str, ...]


@dataclass(frozen=True)
class Fields:
    """Include and exclude paths; ``include=None`` means "include was missing" (POST only)."""

    include: frozenset[str] | None
    exclude: frozenset[str]

    @classmethod
    def from_query(cls, text: str) -> Fields:
        """``fields=id,+geometry,-properties.gsd`` of a GET request."""
        names = [name.strip() for name in text.split(",") if name.strip()]
        return cls(
            include=frozenset(name.removeprefix("+") for name in names if not name.startswith("-")),
            exclude=frozenset(name[1:] for name in names if name.startswith("-")),
        )

    @classmethod
    def from_body(
        cls, include: Iterable[str] | None, exclude: Iterable[str] | None, include_set: bool
    ) -> Fields:
        """``{"fields": {"include": [...], "exclude": [...]}}`` of a POST request."""
        return cls(
            include=frozenset(include or ()) if include_set else None,
            exclude=frozenset(exclude or ()),
        )

    def apply(self, item: Mapping[str, Any]) -> dict[str, Any]:
        """The item with only the selected fields."""
        included = self.include or frozenset()
        everything = self.include is None and bool(self.exclude)
        rules = {
            **dict.fromkeys(() if included or everything else DEFAULT, True),
            **dict.fromkeys(self.exclude, False),
            **dict.fromkeys(included, True),  # a field both included and excluded is included
        }
        selected = _select(
            item, {tuple(name.split(".")): keep for name, keep in rules.items()}, (), everything
        )
        return {**selected, **{key: item[key] for key in ALWAYS if key in item}}


def _select(
    value: Mapping[str, Any], rules: Mapping[Path, bool], prefix: Path, inherited: bool
) -> dict[str, Any]:
    """The members of ``value`` that the most specific rule keeps (``inherited`` when none names them)."""
    selected: dict[str, Any] = {}
    for key, child in value.items():
        path = (*prefix, key)
        keep = rules.get(path, inherited)
        deeper = any(len(rule) > len(path) and rule[: len(path)] == path for rule in rules)
        if deeper and isinstance(child, Mapping):
            nested = _select(child, rules, path, keep)
            if nested or keep:
                selected[key] = nested
        elif keep:
            selected[key] = child
    return selected
