"""Typed views of what the API returns, and of what is sent to it.

``from_dict`` tolerates unknown fields and missing optional ones; date-times become aware UTC
datetimes. STAC objects keep the server's dict as ``.raw`` since STAC is extensible.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any, Generic, TypeVar

T = TypeVar("T")

#: Order states in which an order may be deleted.
DELETABLE_ORDER_STATES = frozenset({"pending_validation", "rejected"})
#: Most orders one ``POST /orders/batch`` accepts.
MAX_ORDERS_PER_BATCH = 25

_ISO_DATETIME = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})"
    r"(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?"
    r"\s*([Zz]|[+-]\d{2}(?::?\d{2})?)?"
)


#: An RFC 3339 date-time: full date, full time, optional fraction, and a zone (Z or an offset).
_RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})")


def parse_datetime(value: str | None) -> datetime | None:
    """An aware UTC datetime from ISO 8601 text ('Z', offsets, or naive meaning UTC); None stays None."""
    if value is None:
        return None
    match = _ISO_DATETIME.fullmatch(value.strip())
    if not match:
        raise ValueError(f"Not an ISO 8601 date-time: {value!r}")
    year, month, day, hour, minute, second, fraction, zone = match.groups()
    offset = timedelta(0)
    if zone and zone not in "Zz":
        minutes = int(zone[-2:]) if len(zone) > 3 else 0
        offset = (timedelta(hours=int(zone[1:3]), minutes=minutes)) * (-1 if zone[0] == "-" else 1)
    moment = datetime(
        int(year),
        int(month),
        int(day),
        int(hour or 0),
        int(minute or 0),
        int(second or 0),
        int((fraction or "0")[:6].ljust(6, "0")),
        tzinfo=timezone(offset),
    )
    return moment.astimezone(timezone.utc)


def format_datetime(moment: datetime) -> str:
    """``2025-09-27T10:30:08.004000Z``; a naive datetime is taken as UTC."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _optional_float(value: Any) -> float | None:
    return None if value is None else float(value)


def _optional_int(value: Any) -> int | None:
    return None if value is None else int(value)


@dataclass(frozen=True)
class Product:
    """A product the workspace may order, e.g. ``LSTprecision``."""

    name: str

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Product:
        return cls(name=str(data["name"]))


@dataclass(frozen=True)
class OrderTag:
    """A tag attached to an order."""

    name: str
    id: str | None = None
    created: datetime | None = None

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> OrderTag:
        return cls(name=str(data["name"]), id=data.get("id"), created=parse_datetime(data.get("created")))


@dataclass(frozen=True)
class Order:
    """An order as the server reports it.

    ``state`` moves pending_validation → in_progress → closing → closed, or to rejected.
    """

    id: str
    area_of_interest_id: str | None
    product_name: str | None
    state: str | None
    start_date: datetime | None = None
    end_date: datetime | None = None
    frequency: str | None = None
    created: datetime | None = None
    comment: str | None = None
    rejection_reason: str | None = None
    tags: tuple[OrderTag, ...] = ()
    illumination_constraint: str | None = None
    maximum_number_of_images: int | None = None

    @property
    def deletable(self) -> bool:
        """Only orders pending validation or rejected can be deleted."""
        return self.state in DELETABLE_ORDER_STATES

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Order:
        return cls(
            id=str(data["id"]),
            area_of_interest_id=data.get("area_of_interest_id"),
            product_name=data.get("product_name"),
            state=data.get("state"),
            start_date=parse_datetime(data.get("start_date")),
            end_date=parse_datetime(data.get("end_date")),
            frequency=data.get("frequency"),
            created=parse_datetime(data.get("created")),
            comment=data.get("comment"),
            rejection_reason=data.get("rejection_reason"),
            tags=tuple(OrderTag.from_dict(tag) for tag in data.get("tags") or ()),
            illumination_constraint=data.get("illumination_constraint"),
            maximum_number_of_images=_optional_int(data.get("maximum_number_of_images")),
        )


@dataclass(frozen=True)
class OrderRequest:
    """One order to submit with ``create_orders``; ``illumination_constraint`` is "day", "night" or None."""

    area_of_interest_id: str
    product_name: str
    start_date: datetime
    end_date: datetime
    frequency: str
    comment: str | None = None
    tags: Sequence[str] = ()
    illumination_constraint: str | None = None
    maximum_number_of_images: int | None = None

    def to_dict(self) -> dict[str, Any]:
        """The JSON object for the ``orders`` list of ``POST /orders/batch``."""
        body: dict[str, Any] = {
            "area_of_interest_id": self.area_of_interest_id,
            "product_name": self.product_name,
            "start_date": format_datetime(self.start_date),
            "end_date": format_datetime(self.end_date),
            "frequency": self.frequency,
            "tags": list(self.tags),
            "illumination_constraint": self.illumination_constraint,
        }
        if self.comment is not None:
            body["comment"] = self.comment
        if self.maximum_number_of_images is not None:
            body["maximum_number_of_images"] = self.maximum_number_of_images
        return body


@dataclass(frozen=True)
class Aoi:
    """An area of interest from the workspace's AOI library."""

    id: str
    name: str
    geojson: dict[str, Any]
    description: str | None = None
    bbox_width: float | None = None
    bbox_height: float | None = None
    created: datetime | None = None

    @property
    def geometry(self) -> dict[str, Any] | None:
        """The GeoJSON geometry, whether the server stored a Feature, a collection or a bare geometry."""
        kind = self.geojson.get("type")
        if kind == "Feature":
            return self.geojson.get("geometry")
        if kind == "FeatureCollection":
            features = self.geojson.get("features") or []
            return features[0].get("geometry") if features else None
        return self.geojson

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Aoi:
        return cls(
            id=str(data["id"]),
            name=str(data["name"]),
            geojson=dict(data.get("geojson") or data.get("geometry") or {}),  # older servers: "geometry"
            description=data.get("description"),
            bbox_width=_optional_float(data.get("bbox_width")),
            bbox_height=_optional_float(data.get("bbox_height")),
            created=parse_datetime(data.get("created")),
        )


@dataclass(frozen=True)
class GeometryInfo:
    """Server-computed size of a geometry, in metres and square metres."""

    bbox_width: float
    bbox_height: float
    area: float

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> GeometryInfo:
        return cls(float(data["bbox_width"]), float(data["bbox_height"]), float(data["area"]))


@dataclass(frozen=True)
class Page(Generic[T]):
    """One fetched page: its items, its 1-based number, the total reported (if any) and items so far."""

    items: list[T]
    number: int
    total: int | None
    received: int


@dataclass(frozen=True)
class StacLink:
    """A STAC link; ``method``, ``body`` and ``merge`` describe how to follow a POST search's ``next``."""

    rel: str
    href: str
    type: str | None = None
    title: str | None = None
    method: str = "GET"
    body: dict[str, Any] | None = None
    merge: bool = False
    headers: dict[str, str] | None = None

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> StacLink:
        method = str(data.get("method") or "GET").upper()
        body, headers = data.get("body"), data.get("headers")
        if method not in ("GET", "POST"):
            raise ValueError(f"A link cannot be followed with {method}")
        if body is not None and not isinstance(body, dict):
            raise TypeError("A link's body must be a JSON object")
        if headers is not None and not (
            isinstance(headers, dict) and all(isinstance(value, str) for value in headers.values())
        ):
            raise TypeError("A link's headers must be an object of texts")
        return cls(
            rel=str(data.get("rel", "")),
            href=str(data["href"]),
            type=data.get("type"),
            title=data.get("title"),
            method=method,
            body=body,
            merge=data.get("merge") is True,
            headers=headers,
        )


def stac_links(data: Mapping[str, Any]) -> tuple[StacLink, ...]:
    """The usable links of a STAC document."""
    links = data.get("links") or ()
    return tuple(StacLink.from_dict(link) for link in links if isinstance(link, dict) and "href" in link)


def find_link(links: Sequence[StacLink], rel: str) -> StacLink | None:
    """The first link with relation ``rel``."""
    return next((link for link in links if link.rel == rel), None)


@dataclass(frozen=True)
class StacCatalog:
    """The STAC landing page."""

    id: str
    title: str | None
    description: str | None
    stac_version: str | None
    conforms_to: tuple[str, ...]
    links: tuple[StacLink, ...]
    raw: dict[str, Any] = field(repr=False)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> StacCatalog:
        return cls(
            id=str(data["id"]),
            title=data.get("title"),
            description=data.get("description"),
            stac_version=data.get("stac_version"),
            conforms_to=tuple(data.get("conformsTo") or ()),
            links=stac_links(data),
            raw=dict(data),
        )


@dataclass(frozen=True)
class StacCollection:
    """A STAC collection such as ``lstprecision``; ``bbox``/``interval`` are its overall extent."""

    id: str
    title: str | None
    description: str | None
    license: str | None
    bbox: tuple[float, ...] | None
    interval: tuple[datetime | None, datetime | None] | None
    links: tuple[StacLink, ...]
    raw: dict[str, Any] = field(repr=False)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> StacCollection:
        extent = data.get("extent") or {}
        bboxes = (extent.get("spatial") or {}).get("bbox") or []
        intervals = (extent.get("temporal") or {}).get("interval") or []
        start, end = intervals[0] if intervals else (None, None)
        return cls(
            id=str(data["id"]),
            title=data.get("title"),
            description=data.get("description"),
            license=data.get("license"),
            bbox=tuple(float(value) for value in bboxes[0]) if bboxes else None,
            interval=(parse_datetime(start), parse_datetime(end)) if intervals else None,
            links=stac_links(data),
            raw=dict(data),
        )


@dataclass(frozen=True)
class StacAsset:
    """A file of a STAC item; ``href`` is usually a temporary pre-signed URL on the storage host.

    ``href`` stays out of ``repr``: its signature grants access to the file.
    """

    key: str
    href: str = field(repr=False)
    type: str | None
    title: str | None
    roles: tuple[str, ...]
    raw: dict[str, Any] = field(repr=False)

    @classmethod
    def from_dict(cls, key: str, data: Mapping[str, Any]) -> StacAsset:
        return cls(
            key=key,
            href=str(data["href"]),
            type=data.get("type"),
            title=data.get("title"),
            roles=tuple(data.get("roles") or ()),
            raw=dict(data),
        )


@dataclass(frozen=True)
class StacItem:
    """One delivered image (a GeoJSON Feature); ``acquired`` is its ``datetime`` property."""

    id: str
    collection: str | None
    geometry: dict[str, Any] | None
    bbox: tuple[float, ...] | None
    properties: dict[str, Any]
    acquired: datetime | None
    assets: dict[str, StacAsset]
    links: tuple[StacLink, ...]
    raw: dict[str, Any] = field(repr=False)

    @property
    def order_id(self) -> str | None:
        """The order this image was delivered for (property ``order:id``)."""
        return self.properties.get("order:id")

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> StacItem:
        properties = dict(data.get("properties") or {})
        assets = data.get("assets") or {}
        bbox = data.get("bbox")
        return cls(
            id=str(data["id"]),
            collection=data.get("collection"),
            geometry=data.get("geometry"),
            bbox=tuple(float(value) for value in bbox) if bbox else None,
            properties=properties,
            acquired=parse_datetime(properties.get("datetime")),
            assets={key: StacAsset.from_dict(key, value) for key, value in assets.items()},
            links=stac_links(data),
            raw=dict(data),
        )


@dataclass(frozen=True)
class LegacyAsset:
    """An entry of the legacy ``GET /assets`` listing."""

    key: str
    last_modified: datetime | None
    size: int | None

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> LegacyAsset:
        return cls(
            key=str(data["Key"]),
            last_modified=parse_datetime(data.get("LastModified")),
            size=_optional_int(data.get("Size")),
        )


@dataclass(frozen=True)
class StacSearch:
    """STAC item search parameters, for ``POST /stac/search`` (body) or GET (query).

    ``datetime`` is RFC 3339 text (an instant, or "start/end" with ".." for an open end), a
    datetime, or a ``(start, end)`` pair with None for an open end; text that is not RFC 3339 is a
    ValueError before anything is sent. ``filter`` is CQL2 JSON (a mapping) or CQL2 text (a string).
    ``fields`` is ``{"include": [...], "exclude": [...]}`` (the fields extension). Servers read an
    exclude-only request differently (the default fields less those, or the whole item less those), so
    say both: ``{"include": ["properties"], "exclude": ["assets"]}`` for footprints without assets.
    """

    collections: Sequence[str] | None = None
    ids: Sequence[str] | None = None
    bbox: Sequence[float] | None = None
    intersects: Mapping[str, Any] | None = None
    datetime: str | datetime | tuple[datetime | None, datetime | None] | None = None
    filter: Mapping[str, Any] | str | None = None
    sortby: Sequence[Mapping[str, str]] | None = None
    fields: Mapping[str, Sequence[str]] | None = None
    limit: int | None = None

    @classmethod
    def for_order(cls, order_id: str, **parameters: Any) -> StacSearch:
        """The search for an order's deliveries: CQL2 JSON ``order:id = id`` (the guide writes ``eq``;
        ``=`` is CQL2's own operator)."""
        return cls(filter={"op": "=", "args": [{"property": "order:id"}, order_id]}, **parameters)

    @property
    def filter_lang(self) -> str | None:
        """``cql2-text`` or ``cql2-json``, as the filter is written (None without a filter)."""
        if self.filter is None:
            return None
        return "cql2-text" if isinstance(self.filter, str) else "cql2-json"

    def to_body(self) -> dict[str, Any]:
        """The JSON body of a POST search."""
        body: dict[str, Any] = {}
        for name, value in (
            ("collections", self.collections),
            ("ids", self.ids),
            ("bbox", self.bbox),
            ("intersects", self.intersects),
            ("sortby", self.sortby),
        ):
            if isinstance(value, Mapping):
                body[name] = dict(value)
            elif value is not None:
                body[name] = list(value)
        if self.datetime is not None:
            body["datetime"] = self._datetime_text()
        if self.filter is not None:
            body["filter"] = self.filter if isinstance(self.filter, str) else dict(self.filter)
            body["filter-lang"] = self.filter_lang
        if self.fields is not None:
            body["fields"] = {part: list(names) for part, names in self.fields.items()}
        if self.limit is not None:
            body["limit"] = self.limit
        return body

    def to_query(self) -> dict[str, str]:
        """The query parameters of a GET search (or of a collection's items)."""
        query: dict[str, str] = {}
        if self.collections is not None:
            query["collections"] = ",".join(self.collections)
        if self.ids is not None:
            query["ids"] = ",".join(self.ids)
        if self.bbox is not None:
            query["bbox"] = ",".join(str(value) for value in self.bbox)
        if self.intersects is not None:
            query["intersects"] = json.dumps(self.intersects)
        if self.datetime is not None:
            query["datetime"] = self._datetime_text()
        if self.filter is not None:
            query["filter"] = self.filter if isinstance(self.filter, str) else json.dumps(self.filter)
            query["filter-lang"] = str(self.filter_lang)
        if self.sortby is not None:
            query["sortby"] = ",".join(
                ("-" if sort.get("direction") == "desc" else "+") + sort["field"] for sort in self.sortby
            )
        if self.fields is not None:
            names = [
                *self.fields.get("include", ()),
                *("-" + name for name in self.fields.get("exclude", ())),
            ]
            query["fields"] = ",".join(names)
        if self.limit is not None:
            query["limit"] = str(self.limit)
        return query

    def _datetime_text(self) -> str:
        value = self.datetime
        if isinstance(value, str):
            for part in value.split("/"):
                if part not in ("", "..") and not _RFC3339.fullmatch(part):
                    raise ValueError(f"Not an RFC 3339 date-time (with time and zone): {part!r}")
            return value
        if isinstance(value, datetime):
            return format_datetime(value)
        start, end = value  # type: ignore[misc]
        return "/".join(".." if moment is None else format_datetime(moment) for moment in (start, end))
