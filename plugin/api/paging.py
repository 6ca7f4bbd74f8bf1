"""Lazy iterators over paged lists: offset/limit, STAC ``next`` links and continuation tokens.

A page is fetched only when its items are needed; ``is_cancelled`` is asked before every fetch and
aborts a fetch under way. Every walk ends: a page request, link or token that repeats one already
made is a ServerError, and so is a walk past MAX_PAGES. Items are never given twice (by id), and a
malformed page is a ServerError, never a Python exception. Iterate for items, or call ``pages()``
for whole pages (progress reporting).
"""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Callable, Generic, Protocol, TypeVar

import requests

from .errors import CancelledError, ServerError
from .models import LegacyAsset, Page, find_link, stac_links
from .transport import Transport
from .urls import UnsafeUrl, checked_url

T = TypeVar("T")

#: No list the plugin reads has this many pages; a server that keeps sending them is going in circles.
MAX_PAGES = 10_000
#: How often an offset list may be re-read from the start because it changed while being read.
MAX_REREADS = 3


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
        self._seen: set[Any] = set()
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
        if self._pages_fetched >= MAX_PAGES:
            raise self._error(
                f"The server sent more than {MAX_PAGES} pages; the list was not read to its end"
            )
        items = self._unseen(self._fetch())
        if not items and self._finished:
            return None
        self._pages_fetched += 1
        self._received += len(items)
        return Page(items, self._pages_fetched, self.total, self._received)

    def _fetch(self) -> list[T]:
        """Fetch the next page, update ``total`` and set ``_finished`` after the last one."""
        raise NotImplementedError

    def _identity(self, item: T) -> Any:
        """What makes an item the same item again (its id)."""
        return item.id  # type: ignore[attr-defined]

    def _unseen(self, items: list[T]) -> list[T]:
        fresh = []
        for item in items:
            identity = self._identity(item)
            if identity not in self._seen:
                self._seen.add(identity)
                fresh.append(item)
        return fresh

    def _call(self, method: str, url: str, parse: Callable[[Any], T], **kwargs: Any) -> T:
        return self._transport.call(method, url, parse, is_cancelled=self._is_cancelled, **kwargs)

    @staticmethod
    def _error(message: str) -> ServerError:
        return ServerError(message, hint="Try again later; if it persists, contact constellr support.")


def _count(value: Any, name: str) -> int | None:
    """A count the server reports: a whole number ≥ 0, or None when absent; anything else is refused."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"{name} is not a count")
    return value


def _list(value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise TypeError("not a list")
    return value


class OffsetPager(Pager[IdentifiedT]):
    """``limit``/``offset`` lists answered as ``{"count": n, "items": [...]}`` (orders, AOIs).

    Each page after the first starts one item early: that item must be the last one of the page
    before. If it is not, the list changed under the walk (an item deleted or added before the
    current position) and the walk starts again from the top, skipping what was given already, so
    that no item silently goes missing; ``changed`` then says so. ``count`` is optional: without it
    the walk ends at a short or empty page.
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
        self._offset = 0  # items of the list read so far, in the current walk
        self._last_id: str | None = None
        self._rereads = 0
        #: True once the list was found to change while it was read (it was then read again).
        self.changed = False

    @property
    def count(self) -> int | None:
        """The server's ``count`` from the latest page (None before the first, or if it never says)."""
        return self.total

    def _fetch(self) -> list[IdentifiedT]:
        overlap = 1 if self._last_id is not None else 0
        limit = self._page_size + overlap
        params = {**self._params, "limit": limit, "offset": self._offset - overlap}
        count, items = self._call("GET", self._url, self._parse_page, params=params)
        self.total = count
        if overlap and (not items or items[0].id != self._last_id):
            return self._read_again()
        fresh = items[overlap:]
        self._offset += len(fresh)
        if fresh:
            self._last_id = fresh[-1].id
        if len(items) < limit or (count is not None and self._offset >= count):
            self._finished = True
        return fresh

    def _read_again(self) -> list[IdentifiedT]:
        """The list shifted under the walk: start again from the top (given items are skipped)."""
        self.changed = True
        self._rereads += 1
        if self._rereads > MAX_REREADS:
            raise ServerError(
                "The list kept changing while it was read",
                hint="Wait a moment and refresh; other changes were being made at the same time.",
            )
        self._offset, self._last_id = 0, None
        return []

    def _parse_page(self, payload: Mapping[str, Any]) -> tuple[int | None, list[IdentifiedT]]:
        return _count(payload.get("count"), "count"), [
            self._parse_item(item) for item in _list(payload["items"])
        ]


@dataclass(frozen=True)
class _StacRequest:
    method: str
    url: str
    params: Mapping[str, Any] | None = None
    body: Mapping[str, Any] | None = None
    headers: Mapping[str, str] | None = None

    def fingerprint(self) -> str:
        """The request as text (URL as sent), to recognise it when a server links back to it."""
        url = requests.Request(self.method, self.url, params=self.params).prepare().url
        return json.dumps([self.method, url, self.body, self.headers], sort_keys=True)


class StacPager(Pager[T]):
    """STAC pages (item searches, collection items, collections), following ``next`` links.

    As the STAC API spec says: a link is followed with its own ``method`` and ``href`` (relative ones
    resolved against the page's address); a POST link's ``body`` is sent, merged into the previous
    body when ``merge`` is true. ``numberMatched`` (or ``context.matched`` of older APIs) is the total.
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
        first = _StacRequest(method.upper(), url, params, body)
        #: The next page's request, or why the server's link to it cannot be followed.
        self._request: _StacRequest | ServerError = first
        self._requested = {first.fingerprint()}
        self._parse_item = parse_item
        self._items_key = items_key

    @property
    def number_matched(self) -> int | None:
        """The server's ``numberMatched`` (None before the first page, or if not reported)."""
        return self.total

    def _identity(self, item: T) -> Any:
        return (getattr(item, "collection", None), item.id)  # type: ignore[attr-defined]

    def _fetch(self) -> list[T]:
        if isinstance(self._request, ServerError):
            raise self._request  # the previous page's next link cannot be followed
        request = self._request
        matched, items, following = self._call(
            request.method,
            request.url,
            lambda payload: self._parse_page(payload, request),
            params=request.params,
            json=request.body if request.method == "POST" else None,
            headers=request.headers,
        )
        if matched is not None:
            self.total = matched
        if following is None:
            self._finished = True
        elif isinstance(following, ServerError):
            self._request = following
        else:
            fingerprint = following.fingerprint()
            if fingerprint in self._requested:
                raise self._error("The server's next link points back to a page already read")
            self._requested.add(fingerprint)
            self._request = following
        return items

    def _parse_page(
        self, payload: Mapping[str, Any], request: _StacRequest
    ) -> tuple[int | None, list[T], _StacRequest | ServerError | None]:
        items = [self._parse_item(item) for item in _list(payload.get(self._items_key) or [])]
        matched = _count(payload.get("numberMatched"), "numberMatched")
        if matched is None and isinstance(payload.get("context"), Mapping):
            matched = _count(payload["context"].get("matched"), "context.matched")
        link = find_link(stac_links(payload), "next")
        if link is None:
            return matched, items, None
        try:
            href = checked_url(link.href, base=request.url)
        except UnsafeUrl as problem:
            return matched, items, self._error(f"The server's next link cannot be followed: {problem}")
        body = {**(request.body or {}), **(link.body or {})} if link.merge else link.body
        return matched, items, _StacRequest(link.method, href, body=body, headers=link.headers)


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
        self._tokens: set[str] = set()

    def _identity(self, item: LegacyAsset) -> Any:
        return item.key

    def _fetch(self) -> list[LegacyAsset]:
        params = dict(self._params)
        if self._token:
            params["continuation_token"] = self._token
        items, truncated, token = self._call("GET", self._url, self._parse_page, params=params)
        if not token or truncated is False:
            self._finished = True
        elif token in self._tokens:
            raise self._error("The server's continuation token repeats one already used")
        else:
            self._tokens.add(token)
            self._token = token
        return items

    @staticmethod
    def _parse_page(payload: Mapping[str, Any]) -> tuple[list[LegacyAsset], bool | None, str | None]:
        items = [LegacyAsset.from_dict(entry) for entry in _list(payload.get("Contents") or [])]
        token = payload.get("NextContinuationToken")
        if token is not None and not isinstance(token, str):
            raise TypeError("NextContinuationToken is not text")
        return items, payload.get("IsTruncated"), token
