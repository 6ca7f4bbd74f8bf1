"""STAC documents (landing page, collections, items) and item search with sorting and token paging."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import shapely
import shapely.geometry
from shapely.geometry import box
from shapely.geometry.base import BaseGeometry

from .catalog import COLLECTIONS, PRODUCT_GSD, Delivery
from .cog import ASSET_FILES, LST_NODATA, LST_SCALE, MASK_NODATA, AssetFile
from .cql2 import FilterError, Predicate, compile_filter, item_value, parse_timestamp
from .geometry import GeometryError, search_geometry
from .signing import presign
from .state import NotFoundError, Workspace

STAC_VERSION = "1.1.0"
MAX_LIMIT = 1000  # larger limits are lowered to this, as OGC API Features requires (no error)
GEOJSON = "application/geo+json"
CRS84 = (
    "http://www.opengis.net/def/crs/OGC/1.3/CRS84",
    "https://www.opengis.net/def/crs/OGC/1.3/CRS84",
    "http://www.opengis.net/def/crs/EPSG/0/4326",
)
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


class SearchError(FilterError):
    """400: search parameters that cannot be used."""


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
                "application/schema+json",
                "Queryables",
            ),
            _link(
                "service-desc",
                f"{base}/openapi.json",
                "application/vnd.oai.openapi+json;version=3.0",
                "OpenAPI",
            ),
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
                "application/schema+json",
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


@dataclass(frozen=True)
class SearchQuery:
    """A validated search: every filter is optional."""

    collections: frozenset[str] | None
    ids: frozenset[str] | None
    area: BaseGeometry | None
    interval: tuple[datetime | None, datetime | None] | None
    predicate: Predicate | None
    sortby: tuple[tuple[str, bool], ...]  # (field, descending)
    limit: int
    offset: int


def build_query(
    *,
    collections: Sequence[str] | None = None,
    ids: Sequence[str] | None = None,
    bbox: Sequence[float] | None = None,
    intersects: dict[str, Any] | None = None,
    datetime_range: str | None = None,
    cql2: dict[str, Any] | None = None,
    filter_lang: str | None = None,
    filter_crs: str | None = None,
    sortby: Sequence[tuple[str, bool]] = (),
    limit: int = 10,
    token: str | None = None,
) -> SearchQuery:
    """Validate search parameters (already in Python types); :class:`SearchError` (400) when unusable."""
    if filter_lang not in (None, "cql2-json"):
        raise SearchError(f"filter-lang {filter_lang!r} is not supported; use cql2-json")
    if filter_crs not in (None, *CRS84):
        raise SearchError(f"filter-crs {filter_crs!r} is not supported; use {CRS84[0]}")
    for field, _ in sortby:
        name = field.removeprefix("properties.")
        if name not in QUERYABLES or name == "geometry":
            raise SearchError(f"Cannot sort by {field!r}; see the queryables")
    return SearchQuery(
        collections=frozenset(collections) if collections is not None else None,
        ids=frozenset(ids) if ids is not None else None,
        area=_area(bbox, intersects),
        interval=parse_interval(datetime_range) if datetime_range else None,
        predicate=compile_filter(cql2) if cql2 is not None else None,
        sortby=(*sortby, ("id", False)) if sortby else (("datetime", True), ("id", False)),
        limit=min(limit, MAX_LIMIT),
        offset=decode_token(token) if token else 0,
    )


def split_list(text: str | None) -> list[str] | None:
    """A comma-separated query parameter as a list."""
    return None if text is None else [part.strip() for part in text.split(",") if part.strip()]


def parse_bbox_text(text: str | None) -> list[float] | None:
    """``"west,south,east,north"`` (or 6 numbers) as floats."""
    if text is None:
        return None
    try:
        return [float(part) for part in text.split(",")]
    except ValueError:
        raise SearchError(f"Invalid bbox {text!r}: expected 4 or 6 comma-separated numbers") from None


def parse_json_text(text: str | None, name: str) -> dict[str, Any] | None:
    """A JSON-object query parameter (``intersects``, ``filter``)."""
    if text is None:
        return None
    try:
        value = json.loads(text)
    except json.JSONDecodeError:
        raise SearchError(f"{name} must be a JSON object (CQL2-JSON for filter)") from None
    if not isinstance(value, dict):
        raise SearchError(f"{name} must be a JSON object")
    return value


def parse_sortby_text(text: str | None) -> list[tuple[str, bool]]:
    """``"-datetime,+id"`` as ``[("datetime", True), ("id", False)]``."""
    return [(field.lstrip("+-"), field.startswith("-")) for field in split_list(text) or []]


def parse_interval(text: str) -> tuple[datetime | None, datetime | None]:
    """A STAC datetime: an instant, a closed interval or a half-open one (``..`` or empty)."""
    try:
        if "/" not in text:
            instant = parse_timestamp(text)
            return instant, instant
        start_text, end_text = text.split("/", 1)
        start = None if start_text.strip() in ("", "..") else parse_timestamp(start_text)
        end = None if end_text.strip() in ("", "..") else parse_timestamp(end_text)
    except FilterError:
        raise SearchError(
            f"Invalid datetime {text!r}: use RFC 3339 instants or intervals like a/b, ../b, a/.."
        ) from None
    if start is None and end is None:
        raise SearchError("A datetime interval must have at least one closed end")
    if start is not None and end is not None and start > end:
        raise SearchError("The datetime interval's start is after its end")
    return start, end


def _area(bbox: Sequence[float] | None, intersects: dict[str, Any] | None) -> BaseGeometry | None:
    if bbox is not None and intersects is not None:
        raise SearchError("bbox and intersects are mutually exclusive")
    if bbox is not None:
        return _bbox_area(bbox)
    return _geometry(intersects) if intersects is not None else None


def _bbox_area(values: Sequence[float]) -> BaseGeometry:
    if len(values) not in (4, 6):
        raise SearchError("bbox must have 4 or 6 numbers")
    west, south, east, north = (values[0], values[1], values[3], values[4]) if len(values) == 6 else values
    if south > north or not (-90 <= south <= 90 and -90 <= north <= 90):
        raise SearchError("bbox latitudes must be within -90..90 with south <= north")
    if west > east:  # crosses the antimeridian
        return box(west, south, 180.0, north).union(box(-180.0, south, east, north))
    return box(west, south, east, north)


def _geometry(geojson: dict[str, Any]) -> BaseGeometry:
    try:
        return search_geometry(geojson)
    except GeometryError as error:
        raise SearchError(f"intersects is not a valid GeoJSON geometry: {error}") from None


def encode_token(offset: int) -> str:
    """An opaque paging token."""
    return base64.urlsafe_b64encode(f"offset:{offset}".encode()).decode().rstrip("=")


def decode_token(token: str) -> int:
    """The offset in a paging token; 400 if it is not one of ours."""
    try:
        text = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
        prefix, offset = text.split(":", 1)
        if prefix == "offset" and offset.isdigit():
            return int(offset)
    except (binascii.Error, UnicodeDecodeError, ValueError):
        pass
    raise SearchError("Invalid pagination token")


def run(items: list[Delivery], query: SearchQuery) -> tuple[list[Delivery], int]:
    """The requested page of matching items (sorted) and the number of matches."""
    matches = [candidate for candidate in items if _matches(candidate, query)]
    for field, descending in reversed(query.sortby):
        present = [candidate for candidate in matches if item_value(candidate, field) is not None]
        missing = [candidate for candidate in matches if item_value(candidate, field) is None]
        present.sort(key=lambda candidate, name=field: item_value(candidate, name), reverse=descending)
        matches = present + missing
    return matches[query.offset : query.offset + query.limit], len(matches)


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
    return query.predicate is None or query.predicate(candidate)


def feature_collection(
    page: list[Delivery],
    *,
    matched: int,
    query: SearchQuery,
    links: list[dict[str, Any]],
    page_link: Callable[[str, str], dict[str, Any]],
    render: Callable[[Delivery], dict[str, Any]],
) -> dict[str, Any]:
    """A search or items response; ``page_link(rel, token)`` makes the next/prev links."""
    links = list(links)
    if query.offset + len(page) < matched:
        links.append(page_link("next", encode_token(query.offset + len(page))))
    if query.offset > 0:
        links.append(page_link("prev", encode_token(max(0, query.offset - query.limit))))
    return {
        "type": "FeatureCollection",
        "features": [render(delivery) for delivery in page],
        "links": links,
        "numberMatched": matched,
        "numberReturned": len(page),
    }
