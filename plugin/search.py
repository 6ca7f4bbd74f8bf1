"""STAC search, footprint layers and item previews, for the Search tab.

Operations take ``(client, feedback, …)``. A search form becomes a :class:`SearchRequest`, whose
:meth:`~SearchRequest.to_stac` writes every filter as the STAC API and CQL2 specs say; ``search_items``
streams the pages with their footprint features built in the worker thread, so the main thread only
adds them to the layer (one ``addFeatures`` batch per page).
"""

from __future__ import annotations

import json
import math
import struct
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from qgis.core import (
    Qgis,
    QgsCategorizedSymbolRenderer,
    QgsCentroidFillSymbolLayer,
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsCsException,
    QgsFeature,
    QgsFields,
    QgsFillSymbol,
    QgsGeometry,
    QgsLayerTreeGroup,
    QgsMarkerSymbol,
    QgsProject,
    QgsProperty,
    QgsRectangle,
    QgsRendererCategory,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QDateTime, QTimeZone

from .aoi_geometry import MAX_VERTICES, WGS84, to_geojson_geometry, to_wgs84
from .api import (
    CancelledError,
    ConstellrClient,
    ConstellrError,
    StacAsset,
    StacCollection,
    StacItem,
    StacSearch,
    public_url,
)
from .api.models import parse_datetime
from .compat import SYMBOL_LAYER_ENABLED, make_fields
from .i18n import tr, translatable
from .orders import short_id
from .tasks import Progress, Streaming, read_all

DEFAULT_PAGE_SIZE = 50
ILLUMINATIONS = ("day", "night")
#: How an illumination value reads in a list row, a layer name or a search's description.
ILLUMINATION_WORDS = {"day": translatable("day"), "night": translatable("night")}
#: The footprint layer's attributes, as ``(name, type)`` for :func:`~plugin.compat.make_fields`.
FOOTPRINT_FIELDS: tuple[tuple[str, str], ...] = (
    ("item_id", "string"),
    ("collection", "string"),
    ("datetime", "datetime"),
    ("order_id", "string"),
    ("platform", "string"),
    ("gsd_m", "double"),
    ("illumination", "string"),
    ("cloud_cover_pct", "double"),
    ("asset_keys", "string"),
    ("item_url", "string"),
)
FOOTPRINT_COLORS = {"day": "#e08a00", "night": "#1c64b4", "": "#6e6e6e"}
#: Beyond this scale (1:2,000,000) a dot marks each footprint: a few kilometres would be too small to see.
OVERVIEW_SCALE = 2_000_000
#: Largest thumbnail or quicklook read for the item details.
PREVIEW_MAX_BYTES = 2 * 1024 * 1024
PREVIEW_TYPES = ("image/jpeg", "image/png")
#: Features with more vertices than this are searched by their bounding box: their outline would make a
#: request body of megabytes, and merging them would hold up QGIS.
MAX_PLACE_VERTICES = MAX_VERTICES
WORLD = QgsRectangle(-180.0, -90.0, 180.0, 90.0)


# --- the search form ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class SearchRequest:
    """What the Search tab asks for; every filter is optional and they are AND-ed.

    ``start``/``end`` are aware datetimes (an open end when None); ``intersects`` a GeoJSON geometry in
    EPSG:4326; ``max_cloud_cover`` in percent; ``cql2`` the advanced box: CQL2 text, or CQL2 JSON when
    it starts with ``{``.
    """

    collections: tuple[str, ...] = ()
    start: datetime | None = None
    end: datetime | None = None
    intersects: dict[str, Any] | None = None
    order_id: str | None = None
    illumination: str | None = None
    max_cloud_cover: float | None = None
    sort_field: str = "datetime"
    descending: bool = True
    page_size: int = DEFAULT_PAGE_SIZE
    cql2: str = ""

    def to_stac(self) -> StacSearch:
        """The STAC item search; ValueError with a plain message for input that cannot be sent."""
        self._check()
        interval = (self.start, self.end) if self.start or self.end else None
        return StacSearch(
            collections=list(self.collections) or None,
            intersects=self.intersects,
            datetime=interval,
            filter=self._filter(),
            sortby=self._sortby(),
            limit=self.page_size,
        )

    def describe(self) -> str:
        """A few words for the search's group and layer, e.g. ``order 1a2b3c4d, 2026-06-01 – 2026-06-30``."""
        words = []
        if self.collections:
            words.append(", ".join(self.collections) if len(self.collections) <= 2 else tr("3+ collections"))
        if self.order_id and self.order_id.strip():
            words.append(tr("order {order}").format(order=short_id(self.order_id.strip())))
        if self.start and self.end:
            words.append(f"{self.start.date().isoformat()} – {self.end.date().isoformat()}")
        elif self.start:
            words.append(tr("from {date}").format(date=self.start.date().isoformat()))
        elif self.end:
            words.append(tr("until {date}").format(date=self.end.date().isoformat()))
        if self.illumination:
            words.append(_illumination_text(self.illumination))
        if self.max_cloud_cover is not None:
            words.append(tr("≤ {percent}% cloud").format(percent=f"{self.max_cloud_cover:g}"))
        if self.intersects:
            words.append(tr("in area"))
        if self.cql2.strip():
            words.append("CQL2")
        return ", ".join(words) or tr("all deliveries")

    def _sortby(self) -> list[dict[str, str]]:
        """The chosen order, then the item id: items that tie (same cloud cover) keep one order on every
        page, so paging neither repeats nor skips any of them."""
        sortby = [{"field": self.sort_field, "direction": "desc" if self.descending else "asc"}]
        if self.sort_field != "id":
            sortby.append({"field": "id", "direction": "asc"})
        return sortby

    def _check(self) -> None:
        if self.start is not None and self.start.utcoffset() is None:
            raise ValueError(tr("The start date-time has no time zone."))
        if self.end is not None and self.end.utcoffset() is None:
            raise ValueError(tr("The end date-time has no time zone."))
        if self.start and self.end and self.start > self.end:
            raise ValueError(tr("The start date is after the end date: swap them or clear one."))
        if self.illumination is not None and self.illumination not in ILLUMINATIONS:
            raise ValueError(
                tr("Day or night must be 'day' or 'night', not {value}.").format(
                    value=repr(self.illumination)
                )
            )
        cloud = self.max_cloud_cover
        if cloud is not None and not (math.isfinite(cloud) and 0 <= cloud <= 100):
            raise ValueError(tr("The maximum cloud cover must be between 0 and 100 %."))
        if self.page_size < 1:
            raise ValueError(tr("The page size must be at least 1."))
        if not self.sort_field:
            raise ValueError(tr("Choose a field to sort by."))

    def _conditions(self) -> list[tuple[str, str, str | float]]:
        """The form's filters as (queryable, CQL2 operator, literal)."""
        conditions: list[tuple[str, str, str | float]] = []
        if self.order_id and self.order_id.strip():
            conditions.append(("order:id", "=", self.order_id.strip()))
        if self.illumination:
            conditions.append(("constellr:illumination", "=", self.illumination))
        if self.max_cloud_cover is not None:
            conditions.append(("eo:cloud_cover", "<=", float(self.max_cloud_cover)))
        return conditions

    def _filter(self) -> str | dict[str, Any] | None:
        """One filter in one language: CQL2 text when the advanced box holds text, else CQL2 JSON."""
        advanced = self.cql2.strip()
        if advanced and not advanced.startswith("{"):
            return _text_filter(self._conditions(), advanced)
        return _json_filter(self._conditions(), _parsed_json_box(advanced) if advanced else None)


def _json_filter(
    conditions: Sequence[tuple[str, str, str | float]], advanced: dict[str, Any] | None
) -> dict[str, Any] | None:
    args: list[dict[str, Any]] = [
        {"op": op, "args": [{"property": name}, value]} for name, op, value in conditions
    ]
    if advanced is not None:
        args.append(advanced)
    if len(args) <= 1:
        return args[0] if args else None
    return {"op": "and", "args": args}


def _parsed_json_box(text: str) -> dict[str, Any]:
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        raise ValueError(
            tr(
                "The advanced filter is not valid JSON ({problem} at line {line}, column {column}): fix it, "
                "or write it as CQL2 text."
            ).format(problem=error.msg, line=error.lineno, column=error.colno)
        ) from None
    if not isinstance(value, dict):
        raise ValueError(
            tr("The advanced CQL2 JSON filter must be a JSON object like {example}.").format(
                example='{"op": …, "args": […]}'
            )
        )
    return value


def _text_filter(conditions: Sequence[tuple[str, str, str | float]], advanced: str) -> str:
    _check_parentheses(advanced)
    parts = [f'"{name}" {op} {_text_literal(value)}' for name, op, value in conditions]
    parts.append(f"({advanced})" if parts else advanced)
    return " AND ".join(parts)


def _text_literal(value: str | float) -> str:
    """A CQL2 text literal: numbers as they are, strings in single quotes with ``'`` doubled."""
    if isinstance(value, float):
        return repr(value)
    if "\\" in value:  # CQL2 text also reads \' as an escaped quote: a trailing backslash is ambiguous
        raise ValueError(
            tr(
                "{value} holds a backslash, which a CQL2 text filter cannot carry unambiguously: "
                "write the advanced filter as CQL2 JSON instead."
            ).format(value=repr(value))
        )
    return "'" + value.replace("'", "''") + "'"


def _check_parentheses(text: str) -> None:
    """ValueError unless the text's parentheses (outside quotes) balance, so it stays one AND operand."""
    depth, quote = 0, ""
    for char in text:
        if quote:
            quote = "" if char == quote else quote  # a doubled quote closes and reopens: same result
        elif char in "'\"":
            quote = char
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth < 0:
                break
    if quote:
        raise ValueError(tr("The advanced CQL2 filter has a quote that is never closed."))
    if depth:
        raise ValueError(tr("The advanced CQL2 filter's parentheses do not match."))


# --- where to search (the Search tab's place, constellr:searchstac's extent or layer) -----------------


def _unplaceable(what: str, crs: QgsCoordinateReferenceSystem) -> ValueError:
    return ValueError(
        tr(
            "{what} reaches beyond where {crs} is defined, so it has no place in longitude/latitude: "
            "zoom in, check the CRS, or choose another place."
        ).format(what=what, crs=crs.authid() or crs.description())
    )


def _check_placed(box: QgsRectangle, what: str, crs: QgsCoordinateReferenceSystem) -> None:
    """ValueError when PROJ answered points outside its domain with inf or NaN."""
    if not all(map(math.isfinite, (box.xMinimum(), box.yMinimum(), box.xMaximum(), box.yMaximum()))):
        raise _unplaceable(what, crs)


def wgs84_box(extent: QgsRectangle, crs: QgsCoordinateReferenceSystem, what: str) -> dict[str, Any]:
    """A rectangle in ``crs`` as a GeoJSON polygon in EPSG:4326, within ±180° and ±90°."""
    try:
        box = QgsCoordinateTransform(crs, WGS84, QgsProject.instance()).transformBoundingBox(extent)
    except QgsCsException:
        raise _unplaceable(what, crs) from None
    _check_placed(box, what, crs)
    box = box.intersect(WORLD)
    if box.isEmpty():
        raise ValueError(
            tr("{what} lies outside the world's longitudes and latitudes: choose another place.").format(
                what=what
            )
        )
    return to_geojson_geometry(QgsGeometry.fromRect(box))


def wgs84_outline(geometry: QgsGeometry, crs: QgsCoordinateReferenceSystem, what: str) -> dict[str, Any]:
    """A geometry in ``crs`` as a GeoJSON geometry in EPSG:4326."""
    try:
        outline = to_wgs84(geometry, crs)
    except QgsCsException:
        raise _unplaceable(what, crs) from None
    _check_placed(outline.boundingBox(), what, crs)
    return to_geojson_geometry(outline)


def features_place(
    geometries: Iterable[QgsGeometry], crs: QgsCoordinateReferenceSystem, what: str
) -> dict[str, Any] | None:
    """Features in ``crs`` as a place to search: their merged outline in EPSG:4326, or their bounding box
    beyond :data:`MAX_PLACE_VERTICES` vertices; None when none has a geometry."""
    kept: list[QgsGeometry] = []
    extent, vertices = QgsRectangle(), 0
    extent.setMinimal()
    for geometry in geometries:
        if geometry.isNull() or geometry.isEmpty():
            continue
        extent.combineExtentWith(geometry.boundingBox())
        vertices += geometry.constGet().nCoordinates()
        if vertices <= MAX_PLACE_VERTICES:
            kept.append(geometry)
    if vertices == 0:
        return None
    if vertices > MAX_PLACE_VERTICES:  # a large outline: its bounding box, not megabytes of vertices
        return wgs84_box(extent, crs, what)
    return wgs84_outline(QgsGeometry.unaryUnion(kept), crs, what)  # merged in a few milliseconds


# --- searching ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SearchPage:
    """One page of results as it arrives; ``features`` are its footprints (built off the main thread)."""

    items: list[StacItem]
    matched: int | None
    received: int
    features: list[QgsFeature] = field(default_factory=list, repr=False)


@dataclass(frozen=True)
class SearchSummary:
    """How a search ended: what the server matched, what was received, and whether it was cancelled."""

    matched: int | None
    received: int
    pages: int
    cancelled: bool = False


def list_collections(client: ConstellrClient, feedback: Progress) -> list[StacCollection]:
    """Every collection of the workspace (``GET /stac/collections``, all pages)."""
    return read_all(client.iter_collections(is_cancelled=feedback.isCanceled), feedback)


def search_items(
    client: ConstellrClient, feedback: Streaming, request: SearchRequest, *, method: str = "POST"
) -> SearchSummary:
    """Run a search, pushing a :class:`SearchPage` per page (``next`` links followed, each page once).

    A cancel ends it within a second and returns what was received (``cancelled=True``).
    """
    search = request.to_stac()  # a ValueError before anything is sent
    pager = client.search(search, method=method, is_cancelled=feedback.isCanceled)
    fields = footprint_fields()
    pages = received = 0
    try:
        for page in pager.pages():
            features = footprint_features(page.items, fields)
            pages, received = pages + 1, page.received
            feedback.push(SearchPage(page.items, page.total, page.received, features))
            feedback.setProgress(100.0 * received / max(page.total or 0, received, 1))
    except CancelledError:
        return SearchSummary(pager.total, received, pages, cancelled=True)
    except ConstellrError as error:
        if error.outcome_unknown:  # a search changes nothing on the server, even when sent as a POST
            error.outcome_unknown, error.hint = False, type(error).default_hint
        raise
    return SearchSummary(pager.total, received, pages, cancelled=feedback.isCanceled())


# --- footprint layers --------------------------------------------------------------------------------


def footprint_fields() -> QgsFields:
    """The footprint layer's fields (:data:`FOOTPRINT_FIELDS`)."""
    return make_fields(FOOTPRINT_FIELDS)


def footprint_layer(name: str) -> QgsVectorLayer:
    """An empty memory layer for footprints: styled by day/night, on the time slider by ``datetime``."""
    layer = QgsVectorLayer("MultiPolygon?crs=EPSG:4326", name, "memory")
    layer.dataProvider().addAttributes(footprint_fields().toList())
    layer.updateFields()
    style_footprints(layer)
    return layer


def style_footprints(layer: QgsVectorLayer) -> None:
    """Footprints outlined by day/night, each on the time slider at its ``datetime`` (also a Processing
    output's)."""
    categories = []
    for value, label in (("day", tr("Day")), ("night", tr("Night")), ("", tr("Other"))):
        color = FOOTPRINT_COLORS[value]
        # outlines only: the deliveries of one AOI lie on top of each other, and the map stays visible
        symbol = QgsFillSymbol.createSimple({"style": "no", "outline_color": color, "outline_width": "0.5"})
        symbol.appendSymbolLayer(_overview_marker(color))
        categories.append(QgsRendererCategory(value, symbol, label))
    layer.setRenderer(QgsCategorizedSymbolRenderer("illumination", categories))
    temporal = layer.temporalProperties()  # each footprint at its acquisition time on the time slider
    temporal.setMode(Qgis.VectorTemporalMode.FeatureDateTimeInstantFromField)
    temporal.setStartField("datetime")
    temporal.setIsActive(True)


def _overview_marker(color: str) -> QgsCentroidFillSymbolLayer:
    """A dot at each footprint's centre, drawn only beyond ``OVERVIEW_SCALE``, where a footprint of a few
    kilometres would be too small to see."""
    marker = QgsCentroidFillSymbolLayer()
    marker.setSubSymbol(
        QgsMarkerSymbol.createSimple({"name": "circle", "color": color, "outline_style": "no", "size": "2"})
    )
    marker.setDataDefinedProperty(
        SYMBOL_LAYER_ENABLED, QgsProperty.fromExpression(f"coalesce(@map_scale, 0) > {OVERVIEW_SCALE}")
    )
    return marker


def illumination(item: StacItem) -> str | None:
    """``day`` or ``night``: the item's illumination property, else the sign of the sun's elevation."""
    value = item.properties.get("constellr:illumination") or item.properties.get("illumination")
    if value:
        return str(value)
    elevation = item.properties.get("view:sun_elevation")
    if isinstance(elevation, (int, float)) and not isinstance(elevation, bool):
        return "day" if elevation > 0 else "night"
    return None


def illumination_word(item: StacItem) -> str:
    """The item's :func:`illumination` as the user reads it (``""`` when it has none)."""
    return _illumination_text(illumination(item) or "")


def _illumination_text(value: str) -> str:
    """“day”/“night” in the user's language; any other value as it is."""
    return tr(ILLUMINATION_WORDS[value]) if value in ILLUMINATION_WORDS else value


def acquisition_time(item: StacItem) -> datetime | None:
    """When the item was acquired: its ``datetime``, else (``datetime: null``) its ``start_datetime``."""
    if item.acquired is not None:
        return item.acquired
    start = item.properties.get("start_datetime")
    try:
        return parse_datetime(start) if isinstance(start, str) else None
    except ValueError:
        return None  # not a date-time: off the time slider rather than a failed search


def footprint_features(items: Iterable[StacItem], fields: QgsFields | None = None) -> list[QgsFeature]:
    """One footprint feature per item (any thread; fields as :func:`footprint_fields`)."""
    fields = fields if fields is not None else footprint_fields()
    utc = QTimeZone.utc()
    features = []
    for item in items:
        properties = item.properties
        feature = QgsFeature(fields)
        geometry = _footprint(item.geometry)
        if geometry is not None:
            feature.setGeometry(geometry)
        moment = acquisition_time(item)
        acquired = (
            QDateTime.fromMSecsSinceEpoch(round(moment.timestamp() * 1000), utc)
            if moment is not None
            else None
        )
        feature.setAttributes(
            [
                item.id,
                item.collection,
                acquired,
                item.order_id,
                properties.get("platform"),
                _number(properties.get("gsd")),
                illumination(item),
                _number(properties.get("eo:cloud_cover")),
                ",".join(item.assets),
                item_url(item),
            ]
        )
        features.append(feature)
    return features


def append_features(layer: QgsVectorLayer, features: list[QgsFeature]) -> None:
    """Add prepared footprint features to the layer in one batch (main thread)."""
    if features:
        layer.dataProvider().addFeatures(features)
        layer.updateExtents()
        layer.triggerRepaint()


def item_url(item: StacItem) -> str | None:
    """The item's own address (its ``self`` link), without query or fragment: never a signed URL."""
    link = next((link for link in item.links if link.rel == "self"), None)
    return public_url(link.href) if link is not None else None


def item_key(feature: QgsFeature) -> tuple[str, str]:
    """(collection, item id) of a footprint feature."""
    return str(feature["collection"]), str(feature["item_id"])


def add_search_group(
    layer: QgsVectorLayer, title: str, project: QgsProject | None = None
) -> QgsLayerTreeGroup:
    """Add the layer in a new layer-tree group named ``title``, on top of the layer tree."""
    project = project or QgsProject.instance()
    group = project.layerTreeRoot().insertGroup(0, title)
    project.addMapLayer(layer, False)
    group.addLayer(layer)
    return group


def _number(value: object) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _footprint(geometry: Mapping[str, Any] | None) -> QgsGeometry | None:
    """A GeoJSON (multi)polygon as a MultiPolygon, read from its coordinates; None if there is none."""
    if not geometry:
        return None
    try:
        kind, coordinates = geometry.get("type"), geometry.get("coordinates")
        if kind == "Polygon":
            wkb = _multipolygon_wkb([coordinates])
        elif kind == "MultiPolygon":
            wkb = _multipolygon_wkb(coordinates)
        else:
            return None  # a point or line cannot be a footprint in a polygon layer
    except (TypeError, ValueError, IndexError, struct.error):
        return None  # coordinates that are not numbers: no footprint rather than a wrong one
    result = QgsGeometry()
    result.fromWkb(wkb)
    return result


def _multipolygon_wkb(polygons: Sequence[Sequence[Sequence[Sequence[float]]]]) -> bytes:
    """Little-endian 2D MultiPolygon WKB (Z and M values dropped)."""
    parts = [struct.pack("<BII", 1, 6, len(polygons))]
    for rings in polygons:
        parts.append(struct.pack("<BII", 1, 3, len(rings)))
        for ring in rings:
            flat = [float(value) for point in ring for value in (point[0], point[1])]
            parts.append(struct.pack(f"<I{len(flat)}d", len(ring), *flat))
    return b"".join(parts)


# --- previews ----------------------------------------------------------------------------------------


def preview_asset(item: StacItem) -> StacAsset | None:
    """The item's thumbnail, else an overview or quicklook that is a JPEG or PNG image."""
    assets = list(item.assets.values())
    thumbnail = next((asset for asset in assets if "thumbnail" in asset.roles), None)
    if thumbnail is not None:
        return thumbnail
    return next(
        (
            asset
            for asset in assets
            if ("overview" in asset.roles or asset.key in ("overview", "quicklook"))
            and (asset.type or "").split(";")[0].strip().lower() in PREVIEW_TYPES
        ),
        None,
    )


def fetch_preview(client: ConstellrClient, feedback: Progress, item: StacItem) -> bytes | None:
    """The item's thumbnail or quicklook image (at most 2 MiB, no credentials sent); None if it has none."""
    asset = preview_asset(item)
    if asset is None:
        return None
    return client.read_asset(asset, max_bytes=PREVIEW_MAX_BYTES, is_cancelled=feedback.isCanceled)
