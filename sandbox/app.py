"""The constellr-compatible API: every endpoint of the current guide plus the legacy /token and /assets."""

from __future__ import annotations

import base64
import binascii
import json
import uuid
from collections.abc import Callable, Coroutine, Sequence
from datetime import datetime
from typing import Annotated, Any, TypeVar
from urllib.parse import parse_qs

from fastapi import APIRouter, Body, Depends, FastAPI, Query, Request, Security
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.routing import APIRoute
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer

from . import catalog, data, filters, rules, stac
from .catalog import Delivery
from .cog import ASSET_FILES, AssetCache, AssetFile
from .feeds import DATASET, SUBSCRIPTION, FeedHub, FeedResponse
from .geometry import GeometryError, metrics, parse_aoi
from .schemas import AoiCreate, OrderBatch, OrderIn, OrderUpdate
from .signing import presign
from .state import Aoi, ApiError, AuthenticationError, NotFoundError, Order, SandboxState, Workspace, iso_z

T = TypeVar("T")
_API_KEY = APIKeyHeader(name="X-Api-Key", auto_error=False, description="Workspace-scoped API key")
_BEARER = HTTPBearer(auto_error=False, description="Legacy token from POST /token (single-workspace users)")
_FEED_TOKEN = APIKeyHeader(
    name="Authorization", scheme_name="FeedToken", auto_error=False, description="`Token <feed token>`"
)
_FEED_CHALLENGE = {"WWW-Authenticate": "Token"}
_MAX_PAGE = 100
_TOKEN_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            media_type: {
                "schema": {
                    "type": "object",
                    "required": ["username", "password"],
                    "properties": {
                        "username": {"type": "string"},
                        "password": {"type": "string", "format": "password"},
                    },
                }
            }
            for media_type in ("application/x-www-form-urlencoded", "application/json")
        },
    }
}


def create_api_app(state: SandboxState, cache: AssetCache, storage_port: int, feeds: FeedHub) -> FastAPI:
    """The API's ASGI app; pre-signed asset URLs point at ``storage_port`` on the host the client used."""
    app = FastAPI(
        title="constellr API (sandbox)",
        version="sandbox",
        description="A local stand-in for https://api.constellr.com with deterministic demo data.",
    )
    app.state.sandbox = state
    app.state.cache = cache
    app.state.storage_port = storage_port
    app.state.feeds = feeds
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(GeometryError, _geometry_error)
    for router in (auth, orders, areas, products, stac_api, legacy, feed_api):
        app.include_router(router)
    return app


async def _api_error(_request: Request, error: ApiError) -> JSONResponse:
    return JSONResponse({"detail": error.detail}, status_code=error.status_code, headers=error.headers)


async def _geometry_error(_request: Request, error: GeometryError) -> JSONResponse:
    return JSONResponse({"detail": str(error)}, status_code=400)


# --- dependencies ------------------------------------------------------------------------------------


def get_state(request: Request) -> SandboxState:
    """The shared sandbox state."""
    return request.app.state.sandbox


State = Annotated[SandboxState, Depends(get_state)]


def current_workspace(
    state: State,
    api_key: Annotated[str | None, Security(_API_KEY)],
    bearer: Annotated[HTTPAuthorizationCredentials | None, Security(_BEARER)],
) -> Workspace:
    """The caller's workspace from ``X-Api-Key`` or a legacy bearer token; 401 otherwise."""
    with state.lock:
        if api_key:
            return state.workspace_for_key(api_key)
        if bearer:
            return state.workspace_for_token(bearer.credentials)
    raise AuthenticationError("Not authenticated", {"WWW-Authenticate": "APIKey"})


CurrentWorkspace = Annotated[Workspace, Depends(current_workspace)]


def _base_url(request: Request) -> str:
    return str(request.base_url).rstrip("/")


def _storage_base(request: Request) -> str:
    host = request.url.hostname or "127.0.0.1"
    host = f"[{host}]" if ":" in host else host
    return f"{request.url.scheme}://{host}:{request.app.state.storage_port}"


def _sort_spec(value: str, fields: Sequence[str]) -> tuple[str, bool]:
    """``-created`` as ``("created", True)``; FastAPI-style 422 for anything else."""
    allowed = [f"{sign}{field}" for field in fields for sign in ("", "+", "-")]
    value = value.strip()
    if value not in allowed:
        expected = ", ".join(repr(option) for option in allowed)
        raise RequestValidationError(
            [
                {
                    "type": "literal_error",
                    "loc": ("query", "sort"),
                    "msg": f"Input should be {expected}",
                    "input": value,
                }
            ]
        )
    return value.lstrip("+-"), value.startswith("-")


def _page(
    rows: Sequence[T],
    *,
    key: Callable[[T], Any],
    sort: tuple[str, bool],
    limit: int,
    offset: int,
    render: Callable[[T], dict[str, Any]],
) -> dict[str, Any]:
    ordered = sorted(rows, key=key, reverse=sort[1])
    return {"count": len(ordered), "items": [render(row) for row in ordered[offset : offset + limit]]}


Limit = Annotated[int, Query(ge=1, le=_MAX_PAGE)]
Offset = Annotated[int, Query(ge=0)]


# --- legacy token ------------------------------------------------------------------------------------

auth = APIRouter(tags=["Authentication"])


@auth.post("/token", openapi_extra=_TOKEN_BODY)
async def issue_token(request: Request, state: State) -> dict[str, str]:
    """Legacy bearer token from username and password (form-encoded or JSON); single-workspace users only."""
    fields = await _credentials(request)
    with state.lock:
        token = state.issue_token(fields["username"], fields["password"])
    return {"access_token": token, "token_type": "bearer"}


async def _credentials(request: Request) -> dict[str, str]:
    body = await request.body()
    if "json" in request.headers.get("content-type", ""):
        try:
            parsed = json.loads(body or b"null")
        except ValueError:
            raise RequestValidationError(
                [{"type": "json_invalid", "loc": ("body", 0), "msg": "JSON decode error", "input": {}}]
            ) from None
    else:
        parsed = {key: values[-1] for key, values in parse_qs(body.decode(), keep_blank_values=True).items()}
    if not isinstance(parsed, dict):
        parsed = {}
    errors = []
    for name in ("username", "password"):
        if name not in parsed:
            errors.append({"type": "missing", "loc": ("body", name), "msg": "Field required", "input": None})
        elif not isinstance(parsed[name], str):
            errors.append(
                {
                    "type": "string_type",
                    "loc": ("body", name),
                    "msg": "Input should be a valid string",
                    "input": parsed[name],
                }
            )
    if errors:
        raise RequestValidationError(errors)
    return parsed


# --- orders ------------------------------------------------------------------------------------------

orders = APIRouter(tags=["Orders"])


@orders.post("/orders/batch", status_code=201)
def create_orders(batch: OrderBatch, workspace: CurrentWorkspace, state: State) -> list[dict[str, Any]]:
    """Create up to 25 orders; all are validated first and none is created if any is invalid."""
    with state.lock:
        now = state.clock.now()
        missing = _missing_references(batch, workspace)
        if missing:
            raise NotFoundError("\n".join(missing))
        aoi_metrics = {
            order.area_of_interest_id: workspace.aois[order.area_of_interest_id].metrics
            for order in batch.orders
        }
        problems = rules.batch_problems(batch, aoi_metrics, now)
        if problems:
            raise ApiError("\n".join(problems))
        created = [_new_order(state, workspace, order, now) for order in batch.orders]
        return [order.as_json(now) for order in created]


def _missing_references(batch: OrderBatch, workspace: Workspace) -> list[str]:
    missing = []
    for index, order in enumerate(batch.orders):
        if order.product_name not in workspace.products:
            missing.append(f"orders[{index}].product_name: product {order.product_name!r} not found")
        if order.area_of_interest_id not in workspace.aois:
            missing.append(
                f"orders[{index}].area_of_interest_id: area of interest {order.area_of_interest_id} not found"
            )
    return missing


def _new_order(state: SandboxState, workspace: Workspace, order: OrderIn, now: datetime) -> Order:
    aoi = workspace.aois[order.area_of_interest_id]
    created = Order(
        id=state.new_id(),
        aoi_id=aoi.id,
        polygon=aoi.geometry.polygon,
        product=order.product_name,
        start=rules.as_utc(order.start_date),
        end=rules.as_utc(order.end_date),
        frequency=order.frequency,
        illumination=order.illumination_constraint,
        max_images=order.maximum_number_of_images,
        comment=order.comment,
        tags=state.tags(workspace, order.tags, now),
        created=now,
    )
    workspace.orders[created.id] = created
    return created


@orders.get("/orders")
def list_orders(
    workspace: CurrentWorkspace, state: State, limit: Limit = 10, offset: Offset = 0, sort: str = "-created"
) -> dict[str, Any]:
    """The workspace's orders, newest first unless ``sort=created``."""
    spec = _sort_spec(sort, ("created",))
    with state.lock:
        now = state.clock.now()
        return _page(
            list(workspace.orders.values()),
            key=lambda order: order.created,
            sort=spec,
            limit=limit,
            offset=offset,
            render=lambda order: order.as_json(now),
        )


@orders.get("/orders/meta/use-cases")
def use_cases(_workspace: CurrentWorkspace) -> list[str]:
    """The use cases an order batch may name."""
    return list(data.USE_CASES)


@orders.get("/orders/{order_id}")
def get_order(order_id: uuid.UUID, workspace: CurrentWorkspace, state: State) -> dict[str, Any]:
    """One order."""
    with state.lock:
        return workspace.order(order_id).as_json(state.clock.now())


@orders.patch("/orders/{order_id}")
def update_order(
    order_id: uuid.UUID, update: OrderUpdate, workspace: CurrentWorkspace, state: State
) -> dict[str, Any]:
    """Change an order's tags."""
    with state.lock:
        now = state.clock.now()
        order = workspace.order(order_id)
        if update.tags is not None:
            problems = rules.tag_problems(update.tags)
            if problems:
                raise ApiError("\n".join(f"tags: {problem}" for problem in problems))
            order.tags = state.tags(workspace, update.tags, now)
        return order.as_json(now)


@orders.delete("/orders/{order_id}", status_code=204)
def delete_order(order_id: uuid.UUID, workspace: CurrentWorkspace, state: State) -> Response:
    """Delete an order that is ``pending_validation`` or ``rejected``."""
    with state.lock:
        workspace.delete_order(order_id, state.clock.now())
    return Response(status_code=204)


# --- areas of interest -------------------------------------------------------------------------------

areas = APIRouter(tags=["Areas of Interest"])


@areas.post("/areas-of-interest", status_code=201)
def create_aoi(body: AoiCreate, workspace: CurrentWorkspace, state: State) -> dict[str, Any]:
    """Create an AOI from a Feature, a FeatureCollection, a Polygon or a MultiPolygon (one polygon each)."""
    geometry = parse_aoi(body.geojson)
    measured = metrics(geometry.polygon)
    with state.lock:
        workspace.check_aoi_name_free(body.name)
        aoi = Aoi(state.new_id(), body.name, body.description, geometry, measured, state.clock.now())
        workspace.aois[aoi.id] = aoi
        return aoi.as_json()


@areas.get("/areas-of-interest")
def list_aois(
    workspace: CurrentWorkspace, state: State, limit: Limit = 10, offset: Offset = 0, sort: str = "-created"
) -> dict[str, Any]:
    """The workspace's AOIs (sort by ``created`` or ``name``, ``-`` for descending)."""
    spec = _sort_spec(sort, ("created", "name"))
    with state.lock:
        return _page(
            list(workspace.aois.values()),
            key=lambda aoi: getattr(aoi, spec[0]),
            sort=spec,
            limit=limit,
            offset=offset,
            render=Aoi.as_json,
        )


@areas.post("/areas-of-interest/geometry-info")
def geometry_info(
    geojson: Annotated[dict[str, Any], Body()], _workspace: CurrentWorkspace
) -> dict[str, float]:
    """Bounding-box width and height (m) and area (m²) of a GeoJSON polygon, measured in its UTM zone."""
    return metrics(parse_aoi(geojson).polygon).as_json()


@areas.get("/areas-of-interest/{area_of_interest_id}")
def get_aoi(area_of_interest_id: uuid.UUID, workspace: CurrentWorkspace, state: State) -> dict[str, Any]:
    """One AOI."""
    with state.lock:
        return workspace.aoi(area_of_interest_id).as_json()


@areas.delete("/areas-of-interest/{area_of_interest_id}", status_code=204)
def delete_aoi(area_of_interest_id: uuid.UUID, workspace: CurrentWorkspace, state: State) -> Response:
    """Delete an AOI whose orders are all closed or rejected."""
    with state.lock:
        workspace.delete_aoi(area_of_interest_id, state.clock.now())
    return Response(status_code=204)


# --- products ----------------------------------------------------------------------------------------

products = APIRouter(tags=["Products"])


@products.get("/products")
def list_products(workspace: CurrentWorkspace) -> list[dict[str, str]]:
    """The products the workspace may order."""
    return [{"name": name} for name in workspace.products]


# --- STAC --------------------------------------------------------------------------------------------


class GeoJSONResponse(JSONResponse):
    """Items and item collections: ``application/geo+json``."""

    media_type = stac.GEOJSON


class JSONSchemaResponse(JSONResponse):
    """Queryables: ``application/schema+json``."""

    media_type = stac.SCHEMA_JSON


class StacRoute(APIRoute):
    """A STAC endpoint: errors answer as STAC APIs (stac-fastapi) do, ``{"code": ..., "description": ...}``.

    Invalid parameters are 400, never FastAPI's 422; authentication errors keep the API's own form.
    """

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        """The route's handler, with STAC error bodies."""
        handler = super().get_route_handler()

        async def handle(request: Request) -> Response:
            try:
                return await handler(request)
            except RequestValidationError as error:
                return _stac_error("RequestValidationError", _validation_text(error), 400)
            except AuthenticationError:
                raise
            except ApiError as error:
                return _stac_error(type(error).__name__, error.detail, error.status_code, error.headers)

        return handle


def _stac_error(
    code: str, description: str, status: int, headers: dict[str, str] | None = None
) -> JSONResponse:
    return JSONResponse({"code": code, "description": description}, status_code=status, headers=headers)


def _validation_text(error: RequestValidationError) -> str:
    return "; ".join(
        f"{'.'.join(str(part) for part in entry['loc'])}: {entry['msg']}" for entry in error.errors()
    )


stac_api = APIRouter(prefix="/stac", tags=["STAC"], route_class=StacRoute)


@stac_api.get("")
@stac_api.get("/", include_in_schema=False)
def landing_page(request: Request, _workspace: CurrentWorkspace) -> dict[str, Any]:
    """The STAC landing page."""
    return stac.landing_page(_base_url(request))


@stac_api.get("/conformance")
def conformance(_workspace: CurrentWorkspace) -> dict[str, Any]:
    """Conformance classes."""
    return stac.conformance()


@stac_api.get("/queryables", response_class=JSONSchemaResponse)
def queryables(request: Request, _workspace: CurrentWorkspace) -> dict[str, Any]:
    """What filters and ``sortby`` may refer to."""
    return stac.queryables(_base_url(request))


@stac_api.get("/collections")
def list_collections(
    request: Request, workspace: CurrentWorkspace, limit: Limit = 10, offset: Offset = 0
) -> dict[str, Any]:
    """The collections of the workspace's products."""
    return stac.collections_page(workspace, _base_url(request), limit, offset)


@stac_api.get("/collections/{collection_id}")
def get_collection(collection_id: str, request: Request, workspace: CurrentWorkspace) -> dict[str, Any]:
    """One collection."""
    stac.check_collection(workspace, collection_id)
    return stac.collection(collection_id, _base_url(request))


@stac_api.get("/collections/{collection_id}/queryables", response_class=JSONSchemaResponse)
def collection_queryables(
    collection_id: str, request: Request, workspace: CurrentWorkspace
) -> dict[str, Any]:
    """What filters and ``sortby`` may refer to in one collection."""
    stac.check_collection(workspace, collection_id)
    return stac.queryables(_base_url(request), collection_id)


def _items_parameters(
    *,
    bbox: str | None = None,
    datetime_range: Annotated[
        str | None, Query(alias="datetime", description="RFC 3339 instant or interval (a/b, ../b, a/..)")
    ] = None,
    limit: Annotated[int, Query(ge=1, description=f"at most {stac.MAX_LIMIT} items are returned")] = 10,
    filter_text: Annotated[str | None, Query(alias="filter", description="CQL2 text, or CQL2 JSON")] = None,
    filter_lang: Annotated[str, Query(alias="filter-lang")] = filters.TEXT,
    filter_crs: Annotated[str | None, Query(alias="filter-crs")] = None,
    sortby: Annotated[str | None, Query(description="-datetime,+id (send + as %2B)")] = None,
    token: str | None = None,
    fields: Annotated[str | None, Query(description="id,-geometry,properties.gsd")] = None,
) -> dict[str, Any]:
    """The query parameters GET search shares with a collection's items, as ``build_query`` arguments."""
    return {
        "bbox": stac.parse_bbox_text(bbox),
        "datetime_range": datetime_range,
        "limit": limit,
        "filter_value": stac.parse_json_text(filter_text, "filter")
        if filter_lang == filters.JSON
        else filter_text,
        "filter_lang": filter_lang,
        "filter_crs": filter_crs,
        "sortby": stac.parse_sortby_text(sortby),
        "token": token,
        "fields": stac.parse_fields_text(fields),
    }


ItemsParameters = Annotated[dict[str, Any], Depends(_items_parameters)]


@stac_api.get("/collections/{collection_id}/items", response_class=GeoJSONResponse)
def collection_items(
    collection_id: str,
    request: Request,
    *,
    workspace: CurrentWorkspace,
    state: State,
    parameters: ItemsParameters,
) -> dict[str, Any]:
    """The collection's delivered items, paged with ``token``."""
    stac.check_collection(workspace, collection_id)
    query = stac.build_query(collections=[collection_id], **parameters)
    base, collection_url = _base_url(request), f"{_base_url(request)}/stac/collections/{collection_id}"
    links = [
        {"rel": "collection", "type": "application/json", "href": collection_url},
        {"rel": "parent", "type": "application/json", "href": collection_url},
        {"rel": "root", "type": "application/json", "href": f"{base}/stac/"},
        {"rel": "self", "type": stac.GEOJSON, "href": str(request.url)},
    ]
    return _search(
        request, workspace=workspace, state=state, query=query, links=links, page_link=_get_page_link(request)
    )


@stac_api.get("/collections/{collection_id}/items/{item_id}", response_class=GeoJSONResponse)
def get_item(
    collection_id: str, item_id: str, request: Request, workspace: CurrentWorkspace, state: State
) -> dict[str, Any]:
    """One delivered item, with fresh pre-signed asset URLs."""
    stac.check_collection(workspace, collection_id)
    with state.lock:
        now = state.clock.now()
        delivery = catalog.find(workspace, item_id, now, collection_id)
    return stac.item(delivery, _base_url(request), _storage_base(request), now)


@stac_api.get("/search", response_class=GeoJSONResponse)
def search_get(
    request: Request,
    *,
    workspace: CurrentWorkspace,
    state: State,
    parameters: ItemsParameters,
    collections: str | None = None,
    ids: str | None = None,
    intersects: str | None = None,
) -> dict[str, Any]:
    """Item search with query parameters; the ``next`` link repeats them with a ``token``."""
    query = stac.build_query(
        collections=stac.split_list(collections),
        ids=stac.split_list(ids),
        intersects=stac.parse_json_text(intersects, "intersects"),
        **parameters,
    )
    return _search(
        request,
        workspace=workspace,
        state=state,
        query=query,
        links=_search_links(request, str(request.url)),
        page_link=_get_page_link(request),
    )


@stac_api.post("/search", response_class=GeoJSONResponse)
def search_post(
    request: Request, body: stac.SearchBody, workspace: CurrentWorkspace, state: State
) -> dict[str, Any]:
    """Item search with a JSON body; the ``next`` link carries the body (with a ``token``) for a POST."""
    query = stac.build_query(
        collections=body.collections,
        ids=body.ids,
        bbox=body.bbox,
        intersects=body.intersects,
        datetime_range=body.datetime,
        filter_value=body.filter,
        filter_lang=body.filter_lang,
        filter_crs=body.filter_crs,
        sortby=[(entry.field, entry.direction == "desc") for entry in body.sortby or []],
        limit=body.limit,
        token=body.token,
        fields=body.fields_spec(),
    )
    url = f"{_base_url(request)}/stac/search"
    sent = body.model_dump(mode="json", by_alias=True, exclude_unset=True)

    def page_link(rel: str, token: str) -> dict[str, Any]:
        return {
            "rel": rel,
            "type": stac.GEOJSON,
            "href": url,
            "method": "POST",
            "body": {**sent, "token": token},
            "merge": False,
        }

    return _search(
        request,
        workspace=workspace,
        state=state,
        query=query,
        links=_search_links(request, url),
        page_link=page_link,
    )


def _search_links(request: Request, self_href: str) -> list[dict[str, Any]]:
    return [
        {"rel": "root", "type": "application/json", "href": f"{_base_url(request)}/stac/"},
        {"rel": "self", "type": stac.GEOJSON, "href": self_href},
    ]


def _get_page_link(request: Request) -> Callable[[str, str], dict[str, Any]]:
    def page_link(rel: str, token: str) -> dict[str, Any]:
        return {"rel": rel, "type": stac.GEOJSON, "href": str(request.url.include_query_params(token=token))}

    return page_link


def _search(
    request: Request,
    *,
    workspace: Workspace,
    state: SandboxState,
    query: stac.SearchQuery,
    links: list[dict[str, Any]],
    page_link: Callable[[str, str], dict[str, Any]],
) -> dict[str, Any]:
    with state.lock:
        now = state.clock.now()
        items = catalog.delivered(workspace, now)
    base, storage = _base_url(request), _storage_base(request)
    return stac.feature_collection(
        stac.run(items, query),
        query=query,
        links=links,
        page_link=page_link,
        render=lambda delivery: stac.item(delivery, base, storage, now),
    )


# --- legacy assets -----------------------------------------------------------------------------------

legacy = APIRouter(tags=["Legacy assets"])


@legacy.get("/assets")
def list_assets(
    request: Request,
    *,
    workspace: CurrentWorkspace,
    state: State,
    modified_before: Annotated[datetime | None, Query(alias="lastModifiedBefore")] = None,
    modified_after: Annotated[datetime | None, Query(alias="lastModifiedAfter")] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 10,
    continuation_token: str | None = None,
) -> dict[str, Any]:
    """The workspace's delivery files as S3-like keys ``<order id>/<file name>``."""
    with state.lock:
        entries = _asset_entries(workspace, state.clock.now())
    if modified_before is not None:
        entries = [entry for entry in entries if entry[1].delivered < rules.as_utc(modified_before)]
    if modified_after is not None:
        entries = [entry for entry in entries if entry[1].delivered > rules.as_utc(modified_after)]
    if continuation_token is not None:
        after = _decode_key(continuation_token)
        entries = [entry for entry in entries if entry[0] > after]
    page = entries[:limit]
    cache: AssetCache = request.app.state.cache
    result: dict[str, Any] = {
        "Contents": [
            {
                "Key": key,
                "LastModified": iso_z(delivery.delivered, "seconds"),
                "Size": cache.path(delivery.scene, delivery.metadata(), asset.file_name).stat().st_size,
            }
            for key, delivery, asset in page
        ],
        "IsTruncated": len(entries) > limit,
        "KeyCount": len(page),
    }
    if len(entries) > limit:
        result["NextContinuationToken"] = base64.urlsafe_b64encode(page[-1][0].encode()).decode()
    return result


@legacy.get("/assets/{asset_name:path}", response_class=RedirectResponse, status_code=307)
def download_asset(
    asset_name: str, request: Request, workspace: CurrentWorkspace, state: State
) -> RedirectResponse:
    """A 307 redirect to the file's pre-signed URL on the storage host."""
    with state.lock:
        now = state.clock.now()
        entries = _asset_entries(workspace, now)
    for key, delivery, asset in entries:
        if key == asset_name:
            return RedirectResponse(
                presign(_storage_base(request), delivery.storage_path(asset), now), status_code=307
            )
    raise NotFoundError(f"Asset {asset_name} not found")


def _asset_entries(workspace: Workspace, now: datetime) -> list[tuple[str, Delivery, AssetFile]]:
    entries = [
        (f"{delivery.order_id}/{delivery.download_name(asset)}", delivery, asset)
        for delivery in catalog.delivered(workspace, now)
        for asset in ASSET_FILES
    ]
    return sorted(entries, key=lambda entry: entry[0])


def _decode_key(token: str) -> str:
    try:
        return base64.b64decode(token, altchars=b"-_", validate=True).decode()
    except (binascii.Error, UnicodeDecodeError):
        raise ApiError("Invalid continuation_token") from None


# --- live STAC feeds ---------------------------------------------------------------------------------

feed_api = APIRouter(tags=["Feeds"])


def feed_packages(request: Request, header: Annotated[str | None, Security(_FEED_TOKEN)]) -> tuple[str, ...]:
    """The packages the caller's ``Authorization: Token <token>`` may read; 401s worded as DRF's."""
    parts = (header or "").split()
    if not parts or parts[0].lower() != "token":
        raise AuthenticationError("Authentication credentials were not provided.", _FEED_CHALLENGE)
    if len(parts) == 1:
        raise AuthenticationError("Invalid token header. No credentials provided.", _FEED_CHALLENGE)
    if len(parts) > 2:
        raise AuthenticationError(
            "Invalid token header. Token string should not contain spaces.", _FEED_CHALLENGE
        )
    try:
        return request.app.state.feeds.packages_for(parts[1])
    except KeyError:
        raise AuthenticationError("Invalid token.", _FEED_CHALLENGE) from None


FeedPackages = Annotated[tuple[str, ...], Depends(feed_packages)]


@feed_api.get("/subscription/v1/", response_class=FeedResponse, response_model=None, status_code=200)
def subscription(request: Request, packages: FeedPackages, package: str | None = None) -> FeedResponse:
    """A live feed: one STAC Item per line as the package's items are published; the connection stays open."""
    if not package:
        raise ApiError("The package query parameter is required.")
    return _feed_stream(request, packages, package, SUBSCRIPTION)


@feed_api.get(
    "/api/dataset/v1/{package}/stream/", response_class=FeedResponse, response_model=None, status_code=200
)
def dataset_stream(package: str, request: Request, packages: FeedPackages) -> FeedResponse:
    """Every item of the package, one STAC Item per line in a stable order; then the response ends."""
    return _feed_stream(request, packages, package, DATASET)


def _feed_stream(request: Request, packages: tuple[str, ...], package: str, kind: str) -> FeedResponse:
    if package not in packages:
        raise NotFoundError(f"Package {package!r} not found.")
    hub: FeedHub = request.app.state.feeds
    return hub.stream(package, kind, _base_url(request), _storage_base(request))
