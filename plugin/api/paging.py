"""Lazy iterators over paged lists: offset/limit, STAC ``next`` links and continuation tokens.

A page is fetched only when its items are needed and never twice. Iterate for items, or call
``pages()`` for whole pages (progress reporting); ``is_cancelled`` is asked before every fetch.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Callable, Generic, Protocol, TypeVar

from .errors import CancelledError
from .models import LegacyAsset, Page, find_link, stac_links
from .transport import Transport

T = TypeVar("T")


class _Identified(Protocol):
    @property
    def id(self) -> str: ...


IdentifiedT = TypeVar("IdentifiedT", bound=_Identified)


class Pager(Generic[T]):
    """Items of a paged list, fetched page by page on demand."""

    def __init__(self, transport: Transport, is_cancelled: Callable[[], bool] | None = None) -> None:
        self._transport = transport
        self._is_cancelled = is_cancelled
        self._buffer: deque[T] = deque()
        self._finished = False
        self._pages_fetched = 0
        self._received = 0
        #: How many items the server says there are (None until the first page, or if it never says).
        self.total: int | None = None

    def __iter__(self) -> Iterator[T]:
        return self

    def __next__(self) -> T:
        while not self._buffer:
            page = self._next_page()
            if page is None:
                raise StopIteration
            self._buffer.extend(page.items)
        return self._buffer.popleft()

    def pages(self) -> Iterator[Page[T]]:
        """The remaining items page by page (items already fetched but not yet taken come first)."""
        if self._buffer:
            yield Page(list(self._buffer), self._pages_fetched, self.total, self._received)
            self._buffer.clear()
        while (page := self._next_page()) is not None:
            yield page

    def _next_page(self) -> Page[T] | None:
        if self._finished:
            return None
        if self._is_cancelled is not None and self._is_cancelled():
            raise CancelledError()
        items = self._fetch()
        if not items and self._finished:
            return None
        self._pages_fetched += 1
        self._received += len(items)
        return Page(items, self._pages_fetched, self.total, self._received)

    def _fetch(self) -> list[T]:
        """Fetch the next page, update ``total`` and set ``_finished`` after the last one."""
        raise NotImplementedError


class OffsetPager(Pager[IdentifiedT]):
    """``limit``/``offset`` lists answered as ``{"count": n, "items": [...]}`` (orders, AOIs).

    Stops once ``offset`` reaches the latest ``count`` or a page comes back empty, so a count
    that changes mid-walk cannot make it loop; an item seen on an earlier page is not repeated.
    """

    def __init__(
        self,
        transport: Transport,
        url: str,
        parse_item: Callable[[Any], IdentifiedT],
        *,
        params: Mapping[str, Any] | None = None,
        page_size: int = 50,
        is_cancelled: Callable[[], bool] | None = None,
    ) -> None:
        super().__init__(transport, is_cancelled)
        self._url = url
        self._parse_item = parse_item
        self._params = dict(params or {})
        self._page_size = page_size
        self._offset = 0
        self._seen_ids: set[str] = set()

    @property
    def count(self) -> int | None:
        """The server's ``count`` from the latest page (None before the first)."""
        return self.total

    def _fetch(self) -> list[IdentifiedT]:
        params = {**self._params, "limit": self._page_size, "offset": self._offset}
        count, items = self._transport.call("GET", self._url, self._parse_page, params=params)
        self.total = count
        self._offset += len(items)
        if not items or self._offset >= count:
            self._finished = True
        fresh = [item for item in items if item.id not in self._seen_ids]
        self._seen_ids.update(item.id for item in fresh)
        return fresh

    def _parse_page(self, payload: Mapping[str, Any]) -> tuple[int, list[IdentifiedT]]:
        return int(payload["count"]), [self._parse_item(item) for item in payload["items"]]


@dataclass(frozen=True)
class _StacRequest:
    method: str
    url: str
    params: Mapping[str, Any] | None = None
    body: Mapping[str, Any] | None = None
    headers: Mapping[str, str] | None = None


class StacPager(Pager[T]):
    """STAC pages (item searches, collection items, collections), following ``next`` links.

    As the STAC API spec says: a link is followed with its own ``method`` and ``href`` as given;
    a POST link's ``body`` is sent, merged into the previous body when ``merge`` is true.
    """

    def __init__(
        self,
        transport: Transport,
        method: str,
        url: str,
        parse_item: Callable[[Any], T],
        *,
        items_key: str = "features",
        params: Mapping[str, Any] | None = None,
        body: Mapping[str, Any] | None = None,
        is_cancelled: Callable[[], bool] | None = None,
    ) -> None:
        super().__init__(transport, is_cancelled)
        self._request = _StacRequest(method.upper(), url, params, body)
        self._parse_item = parse_item
        self._items_key = items_key

    @property
    def number_matched(self) -> int | None:
        """The server's ``numberMatched`` (None before the first page, or if not reported)."""
        return self.total

    def _fetch(self) -> list[T]:
        request = self._request
        matched, items, links = self._transport.call(
            request.method,
            request.url,
            self._parse_page,
            params=request.params,
            json=request.body if request.method == "POST" else None,
            headers=request.headers,
        )
        if matched is not None:
            self.total = int(matched)
        link = find_link(links, "next")
        if link is None:
            self._finished = True
            return items
        body = {**(request.body or {}), **(link.body or {})} if link.merge else link.body
        following = _StacRequest(link.method, link.href, body=body, headers=link.headers)
        if following == request:  # a server pointing at the same page again would never end
            self._finished = True
        self._request = following
        return items

    def _parse_page(self, payload: Mapping[str, Any]) -> tuple[Any, list[T], Any]:
        items = [self._parse_item(item) for item in payload.get(self._items_key) or ()]
        return payload.get("numberMatched"), items, stac_links(payload)


class LegacyAssetPager(Pager[LegacyAsset]):
    """The legacy ``GET /assets`` listing, paged S3-style by ``continuation_token``."""

    def __init__(
        self,
        transport: Transport,
        url: str,
        *,
        params: Mapping[str, Any] | None = None,
        is_cancelled: Callable[[], bool] | None = None,
    ) -> None:
        super().__init__(transport, is_cancelled)
        self._url = url
        self._params = dict(params or {})
        self._token: str | None = None

    def _fetch(self) -> list[LegacyAsset]:
        params = dict(self._params)
        if self._token:
            params["continuation_token"] = self._token
        items, truncated, token = self._transport.call("GET", self._url, self._parse_page, params=params)
        if not token or truncated is False or token == self._token:
            self._finished = True
        self._token = token
        return items

    @staticmethod
    def _parse_page(payload: Mapping[str, Any]) -> tuple[list[LegacyAsset], bool | None, str | None]:
        items = [LegacyAsset.from_dict(entry) for entry in payload.get("Contents") or ()]
        return items, payload.get("IsTruncated"), payload.get("NextContinuationToken")
