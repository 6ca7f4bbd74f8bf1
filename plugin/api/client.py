"""``ConstellrClient``: one method per constellr API endpoint, typed models in and out."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any, Callable, TypeVar
from urllib.parse import quote

import requests

from .auth import ApiKeyAuth, Auth
from .download import CHUNK_SIZE, Expected, ProgressCallback, fetch_file
from .errors import CancelledError, DownloadError
from .guard import Guard, guarded
from .models import (
    Aoi,
    GeometryInfo,
    LegacyAsset,
    Order,
    OrderRequest,
    Product,
    StacAsset,
    StacCatalog,
    StacCollection,
    StacItem,
    StacSearch,
    format_datetime,
)
from .paging import LegacyAssetPager, OffsetPager, StacPager
from .retry import RetryPolicy
from .transport import DEFAULT_TIMEOUT, DEFAULT_USER_AGENT, TRANSPORT_ERRORS, Proxies, Transport
from .urls import UnsafeUrl, checked_url

T = TypeVar("T")


def _list_of(parse: Callable[[Any], T]) -> Callable[[Any], list[T]]:
    return lambda payload: [parse(entry) for entry in payload]


def _too_large(max_bytes: int) -> DownloadError:
    """A small read that would exceed ``max_bytes`` (made where it is raised: a kept exception object
    would keep the frames of its first raise alive)."""
    return DownloadError(
        f"The file is larger than {max_bytes // 1024} KiB, too large to show here",
        hint="Download the asset to look at it.",
    )


def _segment(value: str) -> str:
    """A path parameter, percent-encoded so it stays one path segment."""
    return quote(str(value), safe="")


class ConstellrClient:
    """The constellr API for one workspace (the key's) at ``base_url``.

    ``auth`` is an ApiKeyAuth, a BearerTokenAuth (legacy login) or an API key string. ``proxies`` is a
    requests-style mapping or a function of the URL returning one ({} for direct; None: the system's);
    ``ca_bundle`` a PEM file of the certificate authorities to trust instead of the default ones;
    ``deadline`` the most seconds one call may take in all (default: 2 × the timeouts, at least 120).
    Every method raises only ConstellrError subclasses; list methods return lazy pagers.
    """

    def __init__(
        self,
        base_url: str,
        auth: Auth | str,
        *,
        timeout: tuple[float, float] = DEFAULT_TIMEOUT,
        retry: RetryPolicy | None = None,
        deadline: float | None = None,
        proxies: Proxies = None,
        ca_bundle: str | None = None,
        session: requests.Session | None = None,
        user_agent: str = DEFAULT_USER_AGENT,
    ) -> None:
        self._transport = Transport(
            base_url,
            ApiKeyAuth(auth) if isinstance(auth, str) else auth,
            timeout=timeout,
            retry=retry,
            deadline=deadline,
            proxies=proxies,
            ca_bundle=ca_bundle,
            session=session,
            user_agent=user_agent,
        )

    def __repr__(self) -> str:
        return f"ConstellrClient({self.base_url!r}, auth={self._transport.auth!r})"

    def __enter__(self) -> ConstellrClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @property
    def base_url(self) -> str:
        """The API address, without trailing slash."""
        return str(self._transport.base_url)

    def close(self) -> None:
        """Release the connections."""
        self._transport.close()

    def _call(self, method: str, path: str, parse: Callable[[Any], T], **kwargs: Any) -> T:
        return self._transport.call(method, self._transport.api_url(path), parse, **kwargs)

    def _delete(self, path: str) -> None:
        self._transport.request("DELETE", self._transport.api_url(path)).close()

    # -- orders ------------------------------------------------------------------------------------
    def create_orders(
        self, orders: Sequence[OrderRequest], *, use_case: str | None = None, comment: str | None = None
    ) -> list[Order]:
        """``POST /orders/batch``: all orders are created, or none (at most 25 per call)."""
        body: dict[str, Any] = {"orders": [order.to_dict() for order in orders]}
        if use_case is not None:
            body["use_case"] = use_case
        if comment is not None:
            body["comment"] = comment
        return self._call("POST", "/orders/batch", _list_of(Order.from_dict), json=body)

    def iter_orders(
        self, *, sort: str = "-created", page_size: int = 50, is_cancelled: Callable[[], bool] | None = None
    ) -> OffsetPager[Order]:
        """``GET /orders``, page by page."""
        return OffsetPager(
            self._transport,
            self._transport.api_url("/orders"),
            Order.from_dict,
            params={"sort": sort},
            page_size=page_size,
            is_cancelled=is_cancelled,
        )

    def get_order(self, order_id: str) -> Order:
        """``GET /orders/{id}``."""
        return self._call("GET", f"/orders/{_segment(order_id)}", Order.from_dict)

    def update_order(self, order_id: str, *, tags: Sequence[str]) -> Order:
        """``PATCH /orders/{id}``: replace the order's tags (the only field that may change)."""
        path = f"/orders/{_segment(order_id)}"
        return self._call("PATCH", path, Order.from_dict, json={"tags": list(tags)})

    def delete_order(self, order_id: str) -> None:
        """``DELETE /orders/{id}``: only for orders pending validation or rejected (else ConflictError)."""
        self._delete(f"/orders/{_segment(order_id)}")

    def list_use_cases(self) -> list[str]:
        """``GET /orders/meta/use-cases``."""
        return self._call("GET", "/orders/meta/use-cases", _list_of(str))

    # -- areas of interest ---------------------------------------------------------------------------
    def create_aoi(self, name: str, geojson: Mapping[str, Any], *, description: str | None = None) -> Aoi:
        """``POST /areas-of-interest`` with one polygon (Feature, Polygon, or one-member collections)."""
        body: dict[str, Any] = {"name": name, "geojson": dict(geojson)}
        if description is not None:
            body["description"] = description
        return self._call("POST", "/areas-of-interest", Aoi.from_dict, json=body)

    def iter_aois(
        self, *, sort: str = "-created", page_size: int = 50, is_cancelled: Callable[[], bool] | None = None
    ) -> OffsetPager[Aoi]:
        """``GET /areas-of-interest``, page by page."""
        return OffsetPager(
            self._transport,
            self._transport.api_url("/areas-of-interest"),
            Aoi.from_dict,
            params={"sort": sort},
            page_size=page_size,
            is_cancelled=is_cancelled,
        )

    def get_aoi(self, aoi_id: str) -> Aoi:
        """``GET /areas-of-interest/{id}``."""
        return self._call("GET", f"/areas-of-interest/{_segment(aoi_id)}", Aoi.from_dict)

    def delete_aoi(self, aoi_id: str) -> None:
        """``DELETE /areas-of-interest/{id}``; ConflictError while it has active orders."""
        self._delete(f"/areas-of-interest/{_segment(aoi_id)}")

    def geometry_info(self, geojson: Mapping[str, Any]) -> GeometryInfo:
        """``POST /areas-of-interest/geometry-info``: bbox width/height (m) and area (m²)."""
        return self._call(
            "POST", "/areas-of-interest/geometry-info", GeometryInfo.from_dict, json=dict(geojson)
        )

    # -- products ------------------------------------------------------------------------------------
    def list_products(self) -> list[Product]:
        """``GET /products``: what this workspace may order."""
        return self._call("GET", "/products", _list_of(Product.from_dict))

    # -- STAC ----------------------------------------------------------------------------------------
    def stac_landing(self) -> StacCatalog:
        """``GET /stac``."""
        return self._call("GET", "/stac", StacCatalog.from_dict)

    def stac_conformance(self) -> list[str]:
        """``GET /stac/conformance``: the conformance class URIs."""
        return self._call(
            "GET", "/stac/conformance", lambda payload: [str(uri) for uri in payload["conformsTo"]]
        )

    def iter_collections(
        self, *, limit: int | None = None, is_cancelled: Callable[[], bool] | None = None
    ) -> StacPager[StacCollection]:
        """``GET /stac/collections``, following ``next`` links."""
        return StacPager(
            self._transport,
            "GET",
            self._transport.api_url("/stac/collections"),
            StacCollection.from_dict,
            items_key="collections",
            params={"limit": limit} if limit is not None else None,
            is_cancelled=is_cancelled,
        )

    def get_collection(self, collection_id: str) -> StacCollection:
        """``GET /stac/collections/{id}``."""
        return self._call("GET", f"/stac/collections/{_segment(collection_id)}", StacCollection.from_dict)

    def iter_collection_items(
        self,
        collection_id: str,
        search: StacSearch | None = None,
        *,
        is_cancelled: Callable[[], bool] | None = None,
    ) -> StacPager[StacItem]:
        """``GET /stac/collections/{id}/items`` filtered by ``search``, following ``next`` links."""
        return StacPager(
            self._transport,
            "GET",
            self._transport.api_url(f"/stac/collections/{_segment(collection_id)}/items"),
            StacItem.from_dict,
            params=(search or StacSearch()).to_query(),
            is_cancelled=is_cancelled,
        )

    def get_item(self, collection_id: str, item_id: str) -> StacItem:
        """``GET /stac/collections/{id}/items/{item_id}`` (also to refresh expired asset links)."""
        path = f"/stac/collections/{_segment(collection_id)}/items/{_segment(item_id)}"
        return self._call("GET", path, StacItem.from_dict)

    def search(
        self, search: StacSearch, *, method: str = "POST", is_cancelled: Callable[[], bool] | None = None
    ) -> StacPager[StacItem]:
        """``POST /stac/search`` (default) or ``GET /stac/search``, following ``next`` links."""
        url = self._transport.api_url("/stac/search")
        if method.upper() == "GET":
            return StacPager(
                self._transport,
                "GET",
                url,
                StacItem.from_dict,
                params=search.to_query(),
                is_cancelled=is_cancelled,
            )
        return StacPager(
            self._transport, "POST", url, StacItem.from_dict, body=search.to_body(), is_cancelled=is_cancelled
        )

    def download_asset(
        self,
        asset: StacAsset | str,
        dest_dir: str | os.PathLike[str],
        *,
        progress: ProgressCallback | None = None,
        is_cancelled: Callable[[], bool] | None = None,
        chunk_size: int = CHUNK_SIZE,
        expected: Expected | None = None,
    ) -> Path:
        """Download a STAC asset (its pre-signed ``href``) without sending any credentials.

        The asset's ``file:checksum`` and ``file:size`` are verified when it has them (or ``expected``).
        """
        if isinstance(asset, StacAsset):
            href, expected = asset.href, expected or Expected.from_asset(asset.raw)
        else:
            href = asset
        return fetch_file(
            self._transport,
            href,
            dest_dir,
            credentials=False,
            progress=progress,
            is_cancelled=is_cancelled,
            chunk_size=chunk_size,
            expected=expected,
        )

    def read_asset(
        self, asset: StacAsset | str, *, max_bytes: int, is_cancelled: Callable[[], bool] | None = None
    ) -> bytes:
        """The bytes of a small asset (a thumbnail) from its pre-signed ``href``, sending no credentials.

        DownloadError when it is larger than ``max_bytes`` (nothing more is read) or cannot be read whole.
        """
        href = asset.href if isinstance(asset, StacAsset) else asset
        try:
            url = checked_url(href)
        except UnsafeUrl as problem:
            raise DownloadError(f"This link cannot be used: {problem}", hint="Reload the item.") from None
        with guarded(is_cancelled, self._transport.deadline) as guard:
            response = self._transport.request(
                "GET", url, headers={"Accept-Encoding": "identity"}, stream=True, credentials=False
            )
            with response:
                length = response.headers.get("Content-Length", "").strip()
                if length.isdigit() and int(length) > max_bytes:
                    raise _too_large(max_bytes)
                body = bytearray()
                complete = True
                try:
                    for chunk in response.iter_content(CHUNK_SIZE):
                        body += chunk
                        if len(body) > max_bytes:
                            raise _too_large(max_bytes)
                        guard.progressed()
                except TRANSPORT_ERRORS:
                    complete = False
            if guard.tripped() and guard.reason == Guard.CANCELLED:
                raise CancelledError()
        if not complete or (length.isdigit() and len(body) != int(length)):
            raise DownloadError(
                "The connection broke off while reading the file", transient=True, method="GET", url=url
            )
        return bytes(body)

    # -- legacy assets -------------------------------------------------------------------------------
    def iter_legacy_assets(
        self,
        *,
        modified_after: datetime | None = None,
        modified_before: datetime | None = None,
        page_size: int | None = None,
        is_cancelled: Callable[[], bool] | None = None,
    ) -> LegacyAssetPager:
        """Legacy ``GET /assets``, following continuation tokens."""
        params: dict[str, Any] = {}
        if modified_after is not None:
            params["lastModifiedAfter"] = format_datetime(modified_after)
        if modified_before is not None:
            params["lastModifiedBefore"] = format_datetime(modified_before)
        if page_size is not None:
            params["limit"] = page_size
        return LegacyAssetPager(
            self._transport, self._transport.api_url("/assets"), params=params, is_cancelled=is_cancelled
        )

    def download_legacy_asset(
        self,
        asset: LegacyAsset | str,
        dest_dir: str | os.PathLike[str],
        *,
        progress: ProgressCallback | None = None,
        is_cancelled: Callable[[], bool] | None = None,
        chunk_size: int = CHUNK_SIZE,
    ) -> Path:
        """Legacy ``GET /assets/{name}``: authenticated at the API, redirects followed without credentials."""
        key = asset.key if isinstance(asset, LegacyAsset) else asset
        if ".." in key.split("/"):
            raise DownloadError(f"Not a valid asset name: {key!r}")
        return fetch_file(
            self._transport,
            self._transport.api_url("/assets/" + quote(key, safe="/")),
            dest_dir,
            credentials=True,
            progress=progress,
            is_cancelled=is_cancelled,
            chunk_size=chunk_size,
        )
