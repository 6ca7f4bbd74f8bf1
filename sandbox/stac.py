"""STAC documents (landing page, collections, items) and item search: filters, sorting, fields, paging."""

from __future__ import annotations

import base64
import binascii
import functools
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

import shapely
import shapely.geometry
from pydantic import BaseModel, ConfigDict, Field
from shapely.geometry import box
from shapely.geometry.base import BaseGeometry

from . import filters
from .catalog import COLLECTIONS, PRODUCT_GSD, Delivery
from .cog import ASSET_FILES, LST_NODATA, LST_SCALE, MASK_NODATA, AssetFile
from .fields import Fields
from .filters import Filter
from .geometry import GeometryError, search_geometry
from .rfc3339 import parse_date_time
from .signing import presign
from .state import ApiError, NotFoundError, Workspace

STAC_VERSION = "1.1.0"
MAX_LIMIT = 1000  # larger limits are lowered to this, as OGC API Features requires (no error)
GEOJSON = "application/geo+json"
SCHEMA_JSON = "application/schema+json"
CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
CONFORMANCE = (
    "http://www.opengis.net/spec/cql2/1.0/conf/basic-cql2",
    "http://www.opengis.net/spec/cql2/1.0/conf/cql2-json",
    "http://www.opengis.net/spec/cql2/1.0/conf/cql2-text",
    "https://api.stacspec.org/v1.0.0/ogcapi-features#sort",
    "http://www.opengis.net/spec/cql2/1.0/conf/advanced-comparison-operators",
    "http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions",
    "http://www.opengis.net/spec/cql2/1.0/conf/spatial-functions",
    "https://api.stacspec.org/v1.0.0/core",
    "https://api.stacspec.org/v1.0.0/collections",
    "https://api.stacspec.org/v1.0.0/ogcapi-features",
    "https://api.stacspec.org/v1.0.0/item-search",
    "https://api.stacspec.org/v1.0.0/item-search#filter",
    "https://api.stacspec.org/v1.0.0/item-search#sort",
    "https://api.stacspec.org/v1.0.0/item-search#fields",
    "https://api.stacspec.org/v1.0.0/ogcapi-features#fields",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter",
    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/features-filter",
)
ITEM_EXTENSIONS = (
    "https://stac-extensions.github.io/eo/v2.0.0/schema.json",
    "https://stac-extensions.github.io/view/v1.0.0/schema.json",
    "https://stac-extensions.github.io/projection/v1.1.0/schema.json",
    "https://stac-extensions.github.io/raster/v1.1.0/schema.json",
)
QUERYABLES: dict[str, dict[str, Any]] = {
    "id": {"title": "Item ID", "type": "string"},
    "collection": {"title": "Collection", "type": "string", "enum": sorted(COLLECTIONS.values())},
    "geometry": {"title": "Footprint", "$ref": "https://geojson.org/schema/Geometry.json"},
    "datetime": {"title": "Acquisition time", "type": "string", "format": "date-time"},
    "created": {"title": "Delivery time", "type": "string", "format": "date-time"},
    "updated": {"title": "Last update", "type": "string", "format": "date-time"},
    "order:id": {"title": "Order ID", "type": "string", "format": "uuid"},
    "platform": {"title": "Platform", "type": "string", "enum": ["SBA01", "SBA02", "fusion"]},
    "constellation": {"title": "Constellation", "type": "string"},
    "gsd": {"title": "Ground sample distance (m)", "type": "number"},
    "constellr:product": {"title": "Product", "type": "string", "enum": list(COLLECTIONS)},
    "constellr:illumination": {"title": "Day or night", "type": "string", "enum": ["day", "night"]},
    "eo:cloud_cover": {"title": "Cloud cover (%)", "type": "number", "minimum": 0, "maximum": 100},
    "constellr:thick_cloud_cover": {
        "title": "Thick cloud (%)",
        "type": "number",
        "minimum": 0,
        "maximum": 100,
    },
    "constellr:thin_cloud_cover": {"title": "Thin cloud (%)", "type": "number", "minimum": 0, "maximum": 100},
    "constellr:cloud_shadow_cover": {
        "title": "Cloud shadow (%)",
        "type": "number",
        "minimum": 0,
        "maximum": 100,
    },
    "view:off_nadir": {"title": "Off-nadir angle (°)", "type": "number"},
    "view:sun_elevation": {"title": "Sun elevation (°)", "type": "number"},
    "view:sun_azimuth": {"title": "Sun azimuth (°)", "type": "number"},
    "proj:epsg": {"title": "EPSG code", "type": "integer"},
}


@dataclass(frozen=True)
class CollectionInfo:
    """The static description of a collection."""

    title: str
    description: str
    first_acquisition: str
    platforms: tuple[str, ...]


COLLECTION_INFO = {
    "lstprecision": CollectionInfo(
        "LSTprecision Level-2 UTM LST Product",
        "Land Surface Temperature (LST) at 30 m from constellr's own satellites, day and night.",
        "2024-01-14T00:00:00+00:00",
        ("SBA01", "SBA02"),
    ),
    "lstzoom": CollectionInfo(
        "LSTzoom Level-2 UTM LST Product",
        "Land Surface Temperature (LST) sharpened to 10 m.",
        "2024-01-14T00:00:00+00:00",
        ("SBA01", "SBA02"),
    ),
    "lstfusion": CollectionInfo(
        "LSTfusion Level-3 UTM LST Product",
        "Land Surface Temperature (LST) Fusion product.",
        "2015-02-26T17:00:00+00:00",
        ("fusion",),
    ),
}
_PRODUCTS = {collection: product for product, collection in COLLECTIONS.items()}


# --- documents ---------------------------------------------------------------------------------------


def landing_page(base: str) -> dict[str, Any]:
    """``GET /stac``."""
    stac = f"{base}/stac"
    return {
        "type": "Catalog",
        "id": "constellr-stacapi",
        "title": "Constellr STAC API",
        "description": "Constellr STAC API",
        "stac_version": "1.0.0",
        "conformsTo": list(CONFORMANCE),
        "links": [
            _link("self", f"{stac}/", "application/json", "This document"),
            _link("root", f"{stac}/", "application/json", "Constellr STAC API"),
            _link(
                "data", f"{stac}/collections", "application/json", "Collections available for this Catalog"
            ),
            _link("conformance", f"{stac}/conformance", "application/json", "STAC/OGC conformance classes"),
            {**_link("search", f"{stac}/search", GEOJSON, "STAC search"), "method": "GET"},
            {**_link("search", f"{stac}/search", GEOJSON, "STAC search"), "method": "POST"},
            _link(
                "http://www.opengis.net/def/rel/ogc/1.0/queryables",
                f"{stac}/queryables",
                SCHEMA_JSON,
                "Queryables",
            ),
            _link(
                "service-desc",
                f"{base}/openapi.json",
                "application/json",
                "OpenAPI 3.1 (as FastAPI serves it)",
            ),
            _link("service-doc", f"{base}/docs", "text/html", "API documentation"),
        ],
        "stac_extensions": [],
    }


def conformance() -> dict[str, Any]:
    """``GET /stac/conformance``."""
    return {"conformsTo": list(CONFORMANCE)}


def workspace_collections(workspace: Workspace) -> list[str]:
    """The collection ids of the workspace's products."""
    return [COLLECTIONS[product] for product in workspace.products]


def check_collection(workspace: Workspace, collection_id: str) -> None:
    """404 unless the workspace has the collection."""
    if collection_id not in workspace_collections(workspace):
        raise NotFoundError(f"Collection {collection_id} not found")


def collection(collection_id: str, base: str) -> dict[str, Any]:
    """One collection document."""
    info = COLLECTION_INFO[collection_id]
    url = f"{base}/stac/collections/{collection_id}"
    return {
        "id": collection_id,
        "type": "Collection",
        "stac_version": STAC_VERSION,
        "title": info.title,
        "description": info.description,
        "license": "other",
        "keywords": ["land surface temperature", "LST", "thermal"],
        "providers": [
            {
                "name": "constellr",
                "roles": ["producer", "processor", "licensor", "host"],
                "url": "https://www.constellr.com",
            }
        ],
        "extent": {
            "spatial": {"bbox": [[-180.0, -60.0, 180.0, 75.0]]},
            "temporal": {"interval": [[info.first_acquisition, None]]},
        },
        "summaries": {"gsd": [PRODUCT_GSD[_PRODUCTS[collection_id]]], "platform": list(info.platforms)},
        "links": [
            _link("items", f"{url}/items", GEOJSON),
            _link("self", url, "application/json"),
            _link("parent", f"{base}/stac/", "application/json"),
            _link("root", f"{base}/stac/", "application/json"),
            _link(
                "http://www.opengis.net/def/rel/ogc/1.0/queryables",
                f"{url}/queryables",
                SCHEMA_JSON,
            ),
        ],
    }


def collections_page(workspace: Workspace, base: str, limit: int, offset: int) -> dict[str, Any]:
    """``GET /stac/collections`` with limit/offset paging."""
    ids = workspace_collections(workspace)
    page = ids[offset : offset + limit]
    url = f"{base}/stac/collections"
    links = [_link("root", f"{base}/stac/", "application/json"), _link("self", url, "application/json")]
    if offset + limit < len(ids):
        links.append(_link("next", f"{url}?limit={limit}&offset={offset + limit}", "application/json"))
    return {
        "collections": [collection(cid, base) for cid in page],
        "links": links,
        "numberMatched": len(ids),
        "numberReturned": len(page),
    }


def queryables(base: str, collection_id: str | None = None) -> dict[str, Any]:
    """The JSON schema of what filters and ``sortby`` may use."""
    path = f"/stac/collections/{collection_id}/queryables" if collection_id else "/stac/queryables"
    return {
        "$schema": "https://json-schema.org/draft/2019-09/schema",
        "$id": f"{base}{path}",
        "type": "object",
        "title": "Queryables of the constellr STAC API",
        "properties": QUERYABLES,
        "additionalProperties": True,
    }


def item(delivery: Delivery, base: str, storage_base: str, now: datetime) -> dict[str, Any]:
    """One STAC item, with asset hrefs pre-signed on the storage host for an hour from ``now``."""
    collection_url = f"{base}/stac/collections/{delivery.collection}"
    return {
        "type": "Feature",
        "stac_version": STAC_VERSION,
        "stac_extensions": list(ITEM_EXTENSIONS),
        "id": delivery.item_id,
        "collection": delivery.collection,
        "geometry": shapely.geometry.mapping(delivery.footprint),
        "bbox": [round(value, 6) for value in delivery.footprint.bounds],
        "properties": dict(delivery.properties),
        "links": [
            _link("self", f"{collection_url}/items/{delivery.item_id}", GEOJSON),
            _link("parent", collection_url, "application/json"),
            _link("collection", collection_url, "application/json"),
            _link("root", f"{base}/stac/", "application/json"),
        ],
        "assets": {asset.key: _asset(delivery, asset, storage_base, now) for asset in ASSET_FILES},
    }


def _asset(delivery: Delivery, asset: AssetFile, storage_base: str, now: datetime) -> dict[str, Any]:
    document: dict[str, Any] = {
        "href": presign(storage_base, delivery.storage_path(asset), now),
        "type": asset.media_type,
        "title": asset.title,
        "roles": list(asset.roles),
    }
    grid = delivery.scene.grid
    if asset.key == "lst":
        document["raster:bands"] = [
            {
                "data_type": "uint16",
                "scale": LST_SCALE,
                "offset": 0.0,
                "nodata": LST_NODATA,
                "unit": "kelvin",
                "spatial_resolution": grid.pixel,
            }
        ]
    elif asset.key == "scl_mask_30m":
        resolution = grid.pixel * delivery.scene.mask_factor
        document["raster:bands"] = [
            {
                "name": "cloud",
                "description": "0 clear, 1 thick cloud, 2 thin cloud, 3 cloud shadow",
                "data_type": "uint8",
                "nodata": MASK_NODATA,
                "spatial_resolution": resolution,
            },
            {
                "name": "water",
                "description": "0 land, 1 water",
                "data_type": "uint8",
                "nodata": MASK_NODATA,
                "spatial_resolution": resolution,
            },
        ]
    return document


def _link(rel: str, href: str, media_type: str, title: str | None = None) -> dict[str, Any]:
    link = {"rel": rel, "type": media_type, "href": href}
    if title:
        link["title"] = title
    return link


# --- search ------------------------------------------------------------------------------------------

Sort = tuple[tuple[str, bool], ...]  # (queryable, descending), always ending with the item id


class SearchParameterError(ApiError):
    """400: a search parameter that cannot be used (STAC APIs answer 400 where FastAPI would say 422)."""


class SortField(BaseModel):
    """One ``sortby`` entry of a POST search."""

    model_config = ConfigDict(extra="forbid")

    field: str
    direction: Literal["asc", "desc"] = "asc"


class FieldsBody(BaseModel):
    """``fields`` of a POST search (Fields extension)."""

    model_config = ConfigDict(extra="forbid")

    include: list[str] | None = None
    exclude: list[str] | None = None


class SearchBody(BaseModel):
    """``POST /stac/search``: STAC API item search with filter, sort, fields and paging."""

    model_config = ConfigDict(populate_by_name=True)

    collections: list[str] | None = None
    ids: list[str] | None = None
    bbox: list[float] | None = None
    intersects: dict[str, Any] | None = None
    datetime: str | None = None
    limit: int = Field(10, ge=1)
    sortby: list[SortField] | None = None
    filter: dict[str, Any] | bool | str | None = None
    filter_lang: str = Field(filters.JSON, alias="filter-lang")
    filter_crs: str | None = Field(None, alias="filter-crs")
    fields: FieldsBody | None = None
    token: str | None = None

    def fields_spec(self) -> Fields | None:
        """The Fields extension's selection; a ``null`` fields member is refused."""
        if self.fields is None:
            if "fields" in self.model_fields_set:
                raise SearchParameterError('"fields" must be an object with "include" and/or "exclude"')
            return None
        return Fields.from_body(
            self.fields.include, self.fields.exclude, "include" in self.fields.model_fields_set
        )


@dataclass(frozen=True)
class PageToken:
    """An opaque keyset cursor: the sort values and id of the item a page continues after (or before)."""

    forward: bool
    values: tuple[Any, ...]  # JSON values, one per sort field

    def encode(self, sort: Sort) -> str:
        """The token text (URL-safe)."""
        payload = {
            "sort": [list(entry) for entry in sort],
            "after" if self.forward else "before": self.values,
        }
        text = json.dumps(payload, separators=(",", ":"))
        return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")

    @classmethod
    def decode(cls, token: str, sort: Sort) -> PageToken:
        """A token issued for this sort order; 400 for anything else."""
        try:
            payload = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
            if not isinstance(payload, dict) or payload.pop("sort", None) != [list(entry) for entry in sort]:
                raise ValueError("not a token of this sort order")
            [(direction, values)] = payload.items()
            if (
                direction not in ("after", "before")
                or not isinstance(values, list)
                or len(values) != len(sort)
            ):
                raise ValueError("not a cursor")
            _sort_key(values, sort)
        except (binascii.Error, UnicodeDecodeError, ValueError):
            raise SearchParameterError(
                "Invalid pagination token: use the token of a next or prev link, with the same sortby"
            ) from None
        return cls(direction == "after", tuple(values))


@dataclass(frozen=True)
class SearchQuery:
    """A validated search: every filter is optional."""

    collections: frozenset[str] | None
    ids: frozenset[str] | None
    area: BaseGeometry | None
    interval: tuple[datetime | None, datetime | None] | None
    filter: Filter | None
    sortby: Sort
    limit: int
    token: PageToken | None
    fields: Fields | None


@dataclass(frozen=True)
class SearchPage:
    """One page of a search and the tokens of its neighbours."""

    deliveries: list[Delivery]
    matched: int
    next_token: str | None
    prev_token: str | None


def build_query(
    *,
    collections: Sequence[str] | None = None,
    ids: Sequence[str] | None = None,
    bbox: Sequence[float] | None = None,
    intersects: dict[str, Any] | None = None,
    datetime_range: str | None = None,
    filter_value: Any = None,
    filter_lang: str,
    filter_crs: str | None = None,
    sortby: Sequence[tuple[str, bool]] = (),
    limit: int = 10,
    token: str | None = None,
    fields: Fields | None = None,
) -> SearchQuery:
    """Validate search parameters (already in Python types); 400 when unusable."""
    filters.check_language(filter_lang)
    if filter_crs not in (None, CRS84):
        raise SearchParameterError(f"filter-crs {filter_crs!r} is not supported; use {CRS84}")
    sort = _sort(sortby)
    return SearchQuery(
        collections=frozenset(collections) if collections is not None else None,
        ids=frozenset(ids) if ids is not None else None,
        area=_area(bbox, intersects),
        interval=parse_interval(datetime_range) if datetime_range is not None else None,
        filter=filters.parse_filter(filter_value, filter_lang, QUERYABLES)
        if filter_value is not None
        else None,
        sortby=sort,
        limit=min(limit, MAX_LIMIT),
        token=PageToken.decode(token, sort) if token is not None else None,
        fields=fields,
    )


def split_list(text: str | None) -> list[str] | None:
    """A comma-separated query parameter as a list."""
    return None if text is None else text.split(",")


def parse_bbox_text(text: str | None) -> list[float] | None:
    """``"west,south,east,north"`` (or 6 numbers) as floats: plain decimal numbers, nothing else."""
    if text is None:
        return None
    parts = text.split(",")
    if not all(_NUMBER.fullmatch(part) for part in parts):
        raise SearchParameterError(f"Invalid bbox {text!r}: expected 4 or 6 comma-separated numbers")
    return [float(part) for part in parts]


def parse_json_text(text: str | None, name: str) -> Any:
    """A JSON query parameter (``intersects``, a cql2-json ``filter``)."""
    if text is None:
        return None
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        raise SearchParameterError(f"{name} must be JSON") from None


def parse_sortby_text(text: str | None) -> list[tuple[str, bool]]:
    """``"-datetime,+id"`` (``+`` sent as %2B) as ``[("datetime", True), ("id", False)]``."""
    if text is None:
        return []
    return [(field[1:] if field[:1] in "+-" else field, field.startswith("-")) for field in text.split(",")]


def parse_fields_text(text: str | None) -> Fields | None:
    """The Fields extension's ``fields`` query parameter."""
    return None if text is None else Fields.from_query(text)


def parse_interval(text: str) -> tuple[datetime | None, datetime | None]:
    """A STAC datetime: an RFC 3339 instant, a closed interval or a half-open one (``..`` or empty)."""
    parts = text.split("/")
    try:
        if len(parts) == 1:
            instant = parse_date_time(text)
            return instant, instant
        if len(parts) != 2:
            raise ValueError("more than one '/'")
        start, end = (None if part in ("", "..") else parse_date_time(part) for part in parts)
    except ValueError as error:
        raise SearchParameterError(
            f"Invalid datetime {text!r} ({error}): use RFC 3339 instants or intervals like a/b, ../b, a/.."
        ) from None
    if start is None and end is None:
        raise SearchParameterError("A datetime interval must have at least one closed end")
    if start is not None and end is not None and start > end:
        raise SearchParameterError("The datetime interval's start is after its end")
    return start, end


def _sort(sortby: Sequence[tuple[str, bool]]) -> Sort:
    entries = [(field.removeprefix("properties."), descending) for field, descending in sortby]
    for field, _ in entries:
        if field not in QUERYABLES or field == "geometry":
            raise SearchParameterError(f"Cannot sort by {field!r}; see the queryables")
    if not entries:
        entries = [("datetime", True)]
    if "id" not in (field for field, _ in entries):
        entries.append(("id", False))
    return tuple(entries)


def _area(bbox: Sequence[float] | None, intersects: dict[str, Any] | None) -> BaseGeometry | None:
    if bbox is not None and intersects is not None:
        raise SearchParameterError("bbox and intersects are mutually exclusive")
    if bbox is not None:
        return _bbox_area(bbox)
    if intersects is None:
        return None
    try:
        return search_geometry(intersects)
    except GeometryError as error:
        raise SearchParameterError(f"intersects is not a valid GeoJSON geometry: {error}") from None


def _bbox_area(values: Sequence[float]) -> BaseGeometry:
    if len(values) not in (4, 6):
        raise SearchParameterError("bbox must have 4 or 6 numbers")
    west, south, east, north = (values[0], values[1], values[3], values[4]) if len(values) == 6 else values
    if not all(-180 <= lon <= 180 for lon in (west, east)) or not all(
        -90 <= lat <= 90 for lat in (south, north)
    ):
        raise SearchParameterError("bbox longitudes must be within -180..180 and latitudes within -90..90")
    if south > north:
        raise SearchParameterError("bbox must have south <= north")
    if west > east:  # crosses the antimeridian
        return box(west, south, 180.0, north).union(box(-180.0, south, east, north))
    return box(west, south, east, north)


def _sort_value(field: str, value: Any) -> Any:
    """A comparable form of a JSON value of a queryable; ValueError if it is not of the queryable's type."""
    schema = QUERYABLES[field]
    if value is None:
        return None
    if schema.get("format") == "date-time":
        if isinstance(value, str):
            return parse_date_time(value)
    elif schema["type"] in ("number", "integer"):
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return value
    elif isinstance(value, str):
        return value
    raise ValueError(f"{value!r} is not a {field}")


def _sort_key(values: Sequence[Any], sort: Sort) -> tuple[Any, ...]:
    return tuple(_sort_value(field, value) for (field, _), value in zip(sort, values))


def _json_value(delivery: Delivery, field: str) -> Any:
    if field == "id":
        return delivery.item_id
    if field == "collection":
        return delivery.collection
    return delivery.properties.get(field)


def _compare(left: tuple[Any, ...], right: tuple[Any, ...], sort: Sort) -> int:
    """Order of two sort keys: each field ascending or descending, missing values last either way."""
    for a, b, (_, descending) in zip(left, right, sort):
        if a == b:
            continue
        if a is None or b is None:
            return 1 if a is None else -1
        return (1 if a > b else -1) * (-1 if descending else 1)
    return 0


def run(items: list[Delivery], query: SearchQuery) -> SearchPage:
    """The requested page of matching items, in sort order, with keyset tokens for its neighbours.

    A token names the sort values and id of the last (first) item of the page it came from, so a walk
    neither repeats nor skips items when new items arrive between two pages.
    """
    rows = []
    for delivery in items:
        if _matches(delivery, query):
            values = tuple(_json_value(delivery, field) for field, _ in query.sortby)
            rows.append((_sort_key(values, query.sortby), values, delivery))
    rows.sort(key=functools.cmp_to_key(lambda a, b: _compare(a[0], b[0], query.sortby)))
    start, stop = 0, query.limit
    if query.token is not None:
        cursor = _sort_key(query.token.values, query.sortby)
        before = sum(1 for key, _, _ in rows if _compare(key, cursor, query.sortby) < 0)
        if query.token.forward:
            start = before + sum(1 for key, _, _ in rows if _compare(key, cursor, query.sortby) == 0)
            stop = start + query.limit
        else:
            start, stop = max(0, before - query.limit), before
    page = rows[start:stop]
    return SearchPage(
        deliveries=[delivery for _, _, delivery in page],
        matched=len(rows),
        next_token=PageToken(True, page[-1][1]).encode(query.sortby) if page and stop < len(rows) else None,
        prev_token=PageToken(False, page[0][1]).encode(query.sortby) if page and start > 0 else None,
    )


def _matches(candidate: Delivery, query: SearchQuery) -> bool:
    if query.collections is not None and candidate.collection not in query.collections:
        return False
    if query.ids is not None and candidate.item_id not in query.ids:
        return False
    if query.area is not None and not candidate.footprint.intersects(query.area):
        return False
    if query.interval is not None:
        start, end = query.interval
        if (start is not None and candidate.acquired < start) or (
            end is not None and candidate.acquired > end
        ):
            return False
    return query.filter is None or query.filter.matches(_filterable(candidate))


def _filterable(delivery: Delivery) -> dict[str, Any]:
    """What a CQL2 filter sees of an item."""
    return {
        "type": "Feature",
        "id": delivery.item_id,
        "collection": delivery.collection,
        "geometry": shapely.geometry.mapping(delivery.footprint),
        "properties": delivery.properties,
    }


def feature_collection(
    page: SearchPage,
    *,
    query: SearchQuery,
    links: list[dict[str, Any]],
    page_link: Callable[[str, str], dict[str, Any]],
    render: Callable[[Delivery], dict[str, Any]],
) -> dict[str, Any]:
    """A search or items response; ``page_link(rel, token)`` makes the next/prev links."""
    links = list(links)
    if page.next_token:
        links.append(page_link("next", page.next_token))
    if page.prev_token:
        links.append(page_link("prev", page.prev_token))
    features = [render(delivery) for delivery in page.deliveries]
    return {
        "type": "FeatureCollection",
        "features": [query.fields.apply(item) for item in features] if query.fields else features,
        "links": links,
        "numberMatched": page.matched,
        "numberReturned": len(features),
    }
