"""CQL2 filters (text or JSON): parsed, validated and evaluated by the ``cql2`` library.

The library understands all of CQL2, more than the sandbox advertises. :func:`parse_filter` refuses (400)
what the advertised conformance classes do not cover, as a server that implements only those would:
basic-cql2 (``and``, ``or``, ``not``, ``=``, ``<>``, ``<``, ``<=``, ``>``, ``>=``, ``isNull``, each a
property compared with a literal of the queryable's type), advanced-comparison-operators (``like``,
``between``, ``in``), basic-spatial-functions and spatial-functions (``s_intersects``, ``s_contains``,
``s_within``, ``s_disjoint``, ``s_equals``, ``s_overlaps``, ``s_touches``, ``s_crosses`` on ``geometry``).
Temporal and array functions, arithmetic, ``casei``/``accenti``, custom functions and property-property
comparisons are refused. ``eq`` is accepted for ``=`` because constellr documents it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import cql2

from .rfc3339 import check_cql2_timestamp, check_full_date, parse_date_time
from .state import ApiError

TEXT = "cql2-text"
JSON = "cql2-json"
Queryables = Mapping[str, Mapping[str, Any]]

_LOGICAL = frozenset({"and", "or", "not"})
_COMPARISONS = frozenset({"=", "<>", "<", "<=", ">", ">="})
_SPATIAL = frozenset(
    {
        "s_intersects",
        "s_contains",
        "s_within",
        "s_disjoint",
        "s_equals",
        "s_overlaps",
        "s_touches",
        "s_crosses",
    }
)
_DOCUMENTED_ALIASES = {"eq": "="}
_TEXT_INSTANT = re.compile(r"\b(TIMESTAMP|DATE)\s*\(\s*'([^']*)'", re.IGNORECASE)


class FilterError(ApiError):
    """400: a filter that is not CQL2, or that uses what the sandbox does not advertise."""


@dataclass(frozen=True)
class Filter:
    """A checked CQL2 expression."""

    expression: cql2.Expr

    def matches(self, item: dict[str, Any]) -> bool:
        """Whether the filter is TRUE for an item; NULL (a missing property) selects nothing, as in SQL."""
        return self.expression.reduce(item).to_json() is True


def check_language(language: str) -> None:
    """FilterError unless ``language`` is a ``filter-lang`` the sandbox speaks."""
    if language not in (TEXT, JSON):
        raise FilterError(f"filter-lang {language!r} is not supported; use {TEXT} or {JSON}")


def parse_filter(value: Any, language: str, queryables: Queryables) -> Filter:
    """A filter in ``language`` (a string for cql2-text, decoded JSON for cql2-json), or FilterError."""
    check_language(language)
    if language == TEXT:
        if not isinstance(value, str):
            raise FilterError("A cql2-text filter must be a string")
        _check_text_instants(value)
        expression = _parsed(cql2.parse_text, value)
        tree = expression.to_json()
    else:
        tree = _without_aliases(value)
        expression = _parsed(cql2.parse_json, json.dumps(tree))
    try:
        expression.validate()
    except cql2.ValidationError as error:
        raise FilterError(f"Invalid {language} filter: {error}") from None
    _check_predicate(tree, queryables)
    return Filter(expression)


def _parsed(parse: Callable[[str], cql2.Expr], text: str) -> cql2.Expr:
    try:
        return parse(text)
    except (cql2.ParseError, ValueError) as error:
        raise FilterError(f"Invalid CQL2: {error}") from None


def _check_text_instants(text: str) -> None:
    """CQL2 text's instants: ``TIMESTAMP('…Z')`` in UTC and ``DATE('YYYY-MM-DD')`` (the library is laxer)."""
    for match in _TEXT_INSTANT.finditer(text):
        kind, literal = match.group(1).upper(), match.group(2)
        try:
            (check_cql2_timestamp if kind == "TIMESTAMP" else check_full_date)(literal)
        except ValueError as error:
            raise FilterError(f"Invalid {kind} literal: {error}") from None


def _without_aliases(node: Any) -> Any:
    if isinstance(node, list):
        return [_without_aliases(child) for child in node]
    if isinstance(node, dict):
        renamed = {key: _without_aliases(child) for key, child in node.items()}
        if renamed.get("op") in _DOCUMENTED_ALIASES:
            renamed["op"] = _DOCUMENTED_ALIASES[renamed["op"]]
        return renamed
    return node


def _check_predicate(node: Any, queryables: Queryables) -> None:
    if isinstance(node, bool):
        return
    op, args = node["op"], node["args"]
    if op in _LOGICAL:
        for arg in args:
            _check_predicate(arg, queryables)
        return
    check = _PREDICATES.get(op)
    if check is None:
        raise FilterError(
            f"CQL2 operator {op!r} is not supported: the sandbox conforms to basic-cql2, "
            "advanced-comparison-operators, basic-spatial-functions and spatial-functions"
        )
    check(op, args, queryables)


def _comparison(op: str, args: list[Any], queryables: Queryables) -> None:
    _check_literal(args[1], _property(args[0], op), queryables)


def _is_null(op: str, args: list[Any], _queryables: Queryables) -> None:
    _property(args[0], op)


def _like(op: str, args: list[Any], queryables: Queryables) -> None:
    _check_type(_property(args[0], op), "string", queryables, "'like'")
    if not isinstance(args[1], str):
        raise FilterError("The pattern of 'like' must be a string (casei/accenti are not supported)")


def _between(op: str, args: list[Any], queryables: Queryables) -> None:
    name = _property(args[0], op)
    _check_type(name, "number", queryables, "'between'")
    for bound in args[1:]:
        _check_literal(bound, name, queryables)


def _in(op: str, args: list[Any], queryables: Queryables) -> None:
    name = _property(args[0], op)
    for option in args[1]:
        _check_literal(option, name, queryables)


def _spatial(op: str, args: list[Any], _queryables: Queryables) -> None:
    if _property(args[0], op) != "geometry":
        raise FilterError(f"{op} compares the property 'geometry' with a geometry literal")
    if not isinstance(args[1], dict) or not ({"type", "bbox"} & args[1].keys()):
        raise FilterError(f"The second argument of {op} must be a geometry or bbox literal")


_PREDICATES: dict[str, Callable[[str, list[Any], Queryables], None]] = {
    **dict.fromkeys(_COMPARISONS, _comparison),
    "isNull": _is_null,
    "like": _like,
    "between": _between,
    "in": _in,
    **dict.fromkeys(_SPATIAL, _spatial),
}


def _property(node: Any, op: str) -> str:
    """The queryable a predicate's first argument names (basic CQL2 compares a property with a literal)."""
    if not isinstance(node, dict) or set(node) != {"property"}:
        raise FilterError(
            f"The first argument of {op!r} must be a property (only property-literal comparisons)"
        )
    return str(node["property"]).removeprefix("properties.")


def _check_literal(node: Any, name: str, queryables: Queryables) -> None:
    given = _literal_type(node)
    _check_type(name, given, queryables, f"a {given} literal")


def _literal_type(node: Any) -> str:
    if isinstance(node, bool):
        return "boolean"
    if isinstance(node, (int, float)):
        return "number"
    if isinstance(node, str):
        return "string"
    if isinstance(node, dict) and set(node) == {"timestamp"}:
        try:
            parse_date_time(str(node["timestamp"]))
        except ValueError as error:
            raise FilterError(f"Invalid timestamp literal: {error}") from None
        return "timestamp"
    if isinstance(node, dict) and set(node) == {"date"}:
        try:
            check_full_date(str(node["date"]))
        except ValueError as error:
            raise FilterError(f"Invalid date literal: {error}") from None
        return "date"
    if isinstance(node, dict) and "property" in node:
        raise FilterError(
            "Property-property comparisons are not supported: compare a property with a literal"
        )
    raise FilterError(
        f"Unsupported CQL2 operand {json.dumps(node)} (functions and arithmetic are not supported)"
    )


def _check_type(name: str, given: str, queryables: Queryables, usage: str) -> None:
    """Both sides of a comparison must be of one type (CQL2 /req/basic-cql2/binary-comparison-predicate D)."""
    schema = queryables.get(name)
    if schema is None:  # not a queryable: additionalProperties allows it, and it evaluates as NULL if absent
        return
    if schema.get("format") == "date-time":
        expected = "timestamp"
    elif schema.get("type") in ("number", "integer"):
        expected = "number"
    else:
        expected = str(schema.get("type", "geometry"))
    if given != expected:
        raise FilterError(f"{name!r} is a {expected}: {usage} does not apply to it")
