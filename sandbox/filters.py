"""CQL2-JSON filters compiled to predicates over delivered items.

Supported: ``and``, ``or``, ``not``; ``=``, ``<>``, ``<``, ``<=``, ``>``, ``>=`` (and the aliases ``eq``,
``neq``/``ne``, ``lt``, ``lte``/``le``, ``gt``, ``gte``/``ge``); ``like`` (``%`` and ``_``), ``in``,
``between``, ``isNull``; ``s_intersects``, ``s_within``, ``s_contains``, ``s_disjoint``, ``s_equals``.
Operands: ``{"property": ...}``, literals, ``{"timestamp": ...}``, ``{"date": ...}``, GeoJSON geometries
and ``{"bbox": [...]}``. Comparisons with a missing property are false, as CQL2 says.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any

from shapely.geometry import box
from shapely.geometry.base import BaseGeometry

from .catalog import Delivery
from .geometry import GeometryError, search_geometry
from .state import ApiError

Predicate = Callable[[Delivery], bool]
Operand = Callable[[Delivery], Any]

_COMPARISONS: dict[str, Callable[[Any, Any], bool]] = {
    "=": operator.eq,
    "eq": operator.eq,
    "<>": operator.ne,
    "neq": operator.ne,
    "ne": operator.ne,
    "<": operator.lt,
    "lt": operator.lt,
    "<=": operator.le,
    "lte": operator.le,
    "le": operator.le,
    ">": operator.gt,
    "gt": operator.gt,
    ">=": operator.ge,
    "gte": operator.ge,
    "ge": operator.ge,
}
_SPATIAL: dict[str, Callable[[BaseGeometry, BaseGeometry], bool]] = {
    "s_intersects": BaseGeometry.intersects,
    "s_within": BaseGeometry.within,
    "s_contains": BaseGeometry.contains,
    "s_disjoint": BaseGeometry.disjoint,
    "s_equals": BaseGeometry.equals,
}


class FilterError(ApiError):
    """400: a filter the sandbox cannot evaluate."""


def item_value(item: Delivery, name: str) -> Any:
    """The value of a queryable: ``id``, ``collection``, ``geometry``, ``datetime`` or an item property."""
    name = name.removeprefix("properties.")
    if name == "id":
        return item.item_id
    if name == "collection":
        return item.collection
    if name == "geometry":
        return item.footprint
    if name == "datetime":
        return item.acquired
    if name in ("created", "updated"):
        return item.delivered
    return item.properties.get(name)


def parse_timestamp(text: str) -> datetime:
    """An RFC 3339 timestamp (or a date, meaning its midnight) as an aware UTC datetime."""
    try:
        moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        raise FilterError(
            f"Invalid timestamp {text!r}: expected RFC 3339 like 2025-08-18T11:00:00Z"
        ) from None
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment.astimezone(timezone.utc)


def compile_filter(expression: Any) -> Predicate:
    """A predicate for a CQL2-JSON expression; :class:`FilterError` (400) for anything unsupported."""
    if not isinstance(expression, dict) or not isinstance(expression.get("op"), str):
        raise FilterError('A CQL2-JSON filter must be an object with "op" and "args"')
    op = expression["op"]
    args = expression.get("args")
    if not isinstance(args, list):
        raise FilterError(f'CQL2 operator {op!r} needs a list of "args"')
    build = _OPERATORS.get(op.lower())
    if build is None:
        raise FilterError(f"Unsupported CQL2 operator {op!r}")
    return build(op, args)


def _logical(op: str, args: list[Any]) -> Predicate:
    parts = [compile_filter(arg) for arg in _arity(op, args, minimum=1)]
    combine = all if op.lower() == "and" else any
    return lambda item: combine(part(item) for part in parts)


def _not(op: str, args: list[Any]) -> Predicate:
    inner = compile_filter(_arity(op, args, 1)[0])
    return lambda item: not inner(item)


def _compare(op: str, args: list[Any]) -> Predicate:
    left, right = (_operand(arg) for arg in _arity(op, args, 2))
    return _comparison(_COMPARISONS[op.lower()], left, right)


def _between(op: str, args: list[Any]) -> Predicate:
    value, low, high = (_operand(arg) for arg in _arity(op, args, 3))
    above, below = _comparison(operator.ge, value, low), _comparison(operator.le, value, high)
    return lambda item: above(item) and below(item)


def _is_null(op: str, args: list[Any]) -> Predicate:
    value = _operand(_arity(op, args, 1)[0])
    return lambda item: value(item) is None


def _arity(op: str, args: list[Any], count: int | None = None, minimum: int | None = None) -> list[Any]:
    if (count is not None and len(args) != count) or (minimum is not None and len(args) < minimum):
        expected = count if count is not None else f"at least {minimum}"
        raise FilterError(f"CQL2 operator {op!r} takes {expected} argument(s), got {len(args)}")
    return args


def _operand(node: Any) -> Operand:
    if isinstance(node, dict):
        if "property" in node:
            name = node["property"]
            if not isinstance(name, str):
                raise FilterError("A CQL2 property reference must be a string")
            return lambda item: item_value(item, name)
        return _constant(_literal_object(node))
    if isinstance(node, (str, int, float, bool)) or node is None:
        return _constant(node)
    raise FilterError(f"Unsupported CQL2 operand {node!r}")


def _literal_object(node: dict[str, Any]) -> Any:
    if "timestamp" in node or "date" in node:
        return parse_timestamp(str(node.get("timestamp", node.get("date"))))
    if "bbox" in node:
        return _bbox_geometry(node["bbox"])
    if "type" in node and "coordinates" in node:
        try:
            return search_geometry(node)
        except GeometryError as error:
            raise FilterError(f"Invalid GeoJSON geometry in filter: {error}") from None
    raise FilterError(f"Unsupported CQL2 operand {node!r}")


def _bbox_geometry(values: Any) -> BaseGeometry:
    if not isinstance(values, list) or len(values) not in (4, 6):
        raise FilterError("A CQL2 bbox must have 4 or 6 numbers")
    west, south, east, north = (values[0], values[1], values[3], values[4]) if len(values) == 6 else values
    return box(west, south, east, north)


def _constant(value: Any) -> Operand:
    return lambda _item: value


def _comparison(compare: Callable[[Any, Any], bool], left: Operand, right: Operand) -> Predicate:
    def evaluate(item: Delivery) -> bool:
        a, b = left(item), right(item)
        if a is None or b is None:
            return False
        if isinstance(a, datetime) or isinstance(b, datetime):
            try:
                a, b = _as_datetime(a), _as_datetime(b)
            except FilterError:
                return False
        try:
            return bool(compare(a, b))
        except TypeError:
            return False

    return evaluate


def _as_datetime(value: Any) -> datetime:
    if isinstance(value, datetime):
        return value
    if isinstance(value, str):
        return parse_timestamp(value)
    raise FilterError(f"{value!r} is not a timestamp")


def _like(op: str, args: list[Any]) -> Predicate:
    value_node, pattern_node = _arity(op, args, 2)
    if not isinstance(pattern_node, str):
        raise FilterError("The pattern of 'like' must be a string")
    value = _operand(value_node)
    regex = re.compile(_like_regex(pattern_node), re.DOTALL)

    def evaluate(item: Delivery) -> bool:
        text = value(item)
        return isinstance(text, str) and regex.fullmatch(text) is not None

    return evaluate


def _like_regex(pattern: str) -> str:
    """``%`` is any text, ``_`` one character, ``\\`` escapes the next character."""
    parts, escaped = [], False
    for character in pattern:
        if escaped:
            parts.append(re.escape(character))
            escaped = False
        elif character == "\\":
            escaped = True
        elif character == "%":
            parts.append(".*")
        elif character == "_":
            parts.append(".")
        else:
            parts.append(re.escape(character))
    return "".join(parts)


def _in(op: str, args: list[Any]) -> Predicate:
    value_node, options = _arity(op, args, 2)
    if not isinstance(options, list):
        raise FilterError("The second argument of 'in' must be a list")
    value = _operand(value_node)
    equals = [_comparison(operator.eq, value, _operand(option)) for option in options]
    return lambda item: any(equal(item) for equal in equals)


def _spatial(op: str, args: list[Any]) -> Predicate:
    relation = _SPATIAL[op.lower()]
    left, right = (_geometry_operand(arg) for arg in _arity(op, args, 2))
    return lambda item: bool(relation(left(item), right(item)))


def _geometry_operand(node: Any) -> Operand:
    if isinstance(node, dict) and "property" in node:
        if str(node["property"]).removeprefix("properties.") != "geometry":
            raise FilterError('Spatial operators apply to {"property": "geometry"} only')
        return _operand(node)
    value = _literal_object(node) if isinstance(node, dict) else None
    if not isinstance(value, BaseGeometry):
        raise FilterError("Spatial operators need a GeoJSON geometry or a bbox literal")
    return _constant(value)


_OPERATORS: dict[str, Callable[[str, list[Any]], Predicate]] = {
    "and": _logical,
    "or": _logical,
    "not": _not,
    "like": _like,
    "in": _in,
    "between": _between,
    "isnull": _is_null,
    **dict.fromkeys(_COMPARISONS, _compare),
    **dict.fromkeys(_SPATIAL, _spatial),
}
