"""Live STAC item feeds: NDJSON (one STAC Item per line) read from a streaming HTTP GET.

A *subscription* keeps its connection open and sends each item as it is published; a *dataset* stream
sends every item of a package, then ends. Both authenticate with ``Authorization: Token <token>``,
which goes to the feed URL's origin only (a redirect elsewhere loses it) and never appears in logs,
errors or URLs. Reading runs under a ``Guard``: a cancel shuts the socket within a fraction of a
second even while a read blocks, and a stream silent for ``idle_limit`` seconds counts as dropped.
"""

from __future__ import annotations

import json
import logging
import re
import socket
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from urllib.parse import urlsplit, urlunsplit

import requests

from .auth import TokenRequester
from .errors import CancelledError, DownloadError, NetworkError, ServerError, public_url
from .guard import Guard, guarded
from .models import StacItem
from .retry import RetryPolicy
from .transport import DEFAULT_TIMEOUT, DEFAULT_USER_AGENT, TRANSPORT_ERRORS, Proxies, Transport

log = logging.getLogger("constellr.api")

#: Seconds without a byte after which a feed's connection counts as dropped (feeds send no heartbeat).
DEFAULT_IDLE_LIMIT = 300.0
#: Bytes read at a time from a stream that is not chunked (a chunked one is read chunk by chunk).
READ_SIZE = 16 * 1024
#: A longer line is skipped as malformed (a feed must not fill the memory with one line).
MAX_LINE_BYTES = 16 * 1024 * 1024
#: How much of a malformed line is kept to show.
EXCERPT_CHARS = 200
#: TCP keepalive on a feed's connection: probes after a minute of silence, every 15 s, 5 unanswered ones
#: end it. Feeds send no heartbeat, so this is how a dead connection shows while a feed is quiet.
KEEPALIVE = (("TCP_KEEPIDLE", 60), ("TCP_KEEPINTVL", 15), ("TCP_KEEPCNT", 5))
#: At most this long after a connection died unseen, keepalive ends it (items may be missed from then).
KEEPALIVE_DETECTION = 60.0 + 15.0 * 5
_BOM = b"\xef\xbb\xbf"
REFUSED_HINT = (
    "Check the feed's token (the provider's API token, without the word 'Token'); enter it again in "
    "the feed's settings if it was renewed."
)
_TOKEN = re.compile(r"[\x21-\x7e]+")
_SCHEMES = {"https": "https", "http": "http", "wss": "https", "ws": "http"}


def stream_url(url: str) -> tuple[str, str | None]:
    """The address a feed is read from, and a sentence saying why when it differs from ``url``.

    ``wss://`` becomes ``https://`` and ``ws://`` ``http://``: the provider writes its subscription
    address as a WebSocket one but reads it with a plain streaming GET. ValueError for other schemes
    and for addresses with a user name or password in them.
    """
    url = url.strip()
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in _SCHEMES or not parts.hostname:
        raise ValueError(
            "A feed address starts with https:// (or wss://, as the provider's examples write it), "
            "followed by the host, like https://datasphere.example.com/subscription/v1/?package=name."
        )
    if "@" in parts.netloc:
        raise ValueError(
            "The feed address holds a user name or password: remove it, the token is entered separately."
        )
    used = urlunsplit((_SCHEMES[scheme], parts.netloc, parts.path, parts.query, ""))
    if scheme in ("https", "http"):
        return used, None
    note = (
        f"The address starts with {scheme}:// (WebSocket); the feed is read as an HTTP stream from "
        f"{public_url(used)}, as the provider's own examples do."
    )
    return used, note


def feed_origin(url: str) -> tuple[str, str]:
    """The scheme and host a feed is read from, which alone receive its token (ValueError as
    :func:`stream_url`)."""
    parts = urlsplit(stream_url(url)[0])
    return parts.scheme, parts.netloc.lower()


class FeedTokenAuth:
    """A feed token, sent as ``Authorization: Token <token>``."""

    hint = REFUSED_HINT

    def __init__(self, token: str) -> None:
        text = token.strip()
        if text.lower().startswith("token "):  # pasted with the scheme word from the provider's examples
            text = text[6:].strip()
        if not text:
            raise ValueError("The feed token is empty.")
        if not _TOKEN.fullmatch(text):
            raise ValueError(
                "The feed token can only hold letters, digits and punctuation: copy it again, "
                "without quotes or spaces."
            )
        self._token = text

    def __repr__(self) -> str:
        return "FeedTokenAuth(token=<hidden>)"

    def headers(self, request_token: TokenRequester) -> dict[str, str]:
        """The ``Authorization: Token`` header."""
        return {"Authorization": f"Token {self._token}"}

    def renew(self, request_token: TokenRequester, rejected: Mapping[str, str]) -> bool:
        """A rejected token cannot be renewed."""
        return False


class FeedDropped(NetworkError):  # noqa: N818 - what happened, as the service reports it
    """The feed's connection ended abnormally (broken off, or silent beyond the idle limit)."""

    summary = "The feed's connection was lost"
    default_hint = "The feed reconnects by itself; if it keeps happening, check the connection."

    def __init__(self, message: str | None = None, *, clean: bool = False, **kwargs: object) -> None:
        super().__init__(message, transient=True, **kwargs)  # type: ignore[arg-type]
        #: Everything the feed sent before the end had arrived: it ended cleanly, or the reader closed
        #: it after the idle limit of silence (rather than the connection breaking).
        self.clean = clean


@dataclass(frozen=True)
class Connected:
    """The feed answered and its stream begins (``at``: when, UTC)."""

    at: datetime
    #: Bytes the stream announced (``Content-Length``), None when it did not (a chunked stream).
    length: int | None


@dataclass(frozen=True)
class RawLine:
    """One line as it arrived, not parsed yet: its number, its bytes, and the stream's bytes so far."""

    line: int
    data: bytes
    received: int

    def parsed(self) -> FeedItem | MalformedLine:
        """The line as an item, or as a malformed line saying why it is not one."""
        return parse_line(self.line, self.data, self.received)


@dataclass(frozen=True)
class FeedItem:
    """One STAC item of the feed; ``text`` is its JSON line, ``received`` the stream's bytes so far."""

    line: int
    item: StacItem
    text: str
    received: int


@dataclass(frozen=True)
class MalformedLine:
    """A line that is not a STAC item: its number, why, and its first 200 characters."""

    line: int
    reason: str
    excerpt: str


def parse_line(number: int, line: bytes, received: int = 0) -> FeedItem | MalformedLine:
    """A feed line as an item, or as a malformed line saying why it is not one."""
    text = line.removeprefix(_BOM).decode("utf-8", errors="replace")  # a BOM some writers put first
    excerpt = text[:EXCERPT_CHARS]
    try:
        payload = json.loads(text)
    except (ValueError, RecursionError) as problem:
        reason = f"not JSON ({problem.msg})" if isinstance(problem, json.JSONDecodeError) else "not JSON"
        return MalformedLine(number, reason, excerpt)
    if not isinstance(payload, dict) or payload.get("type") != "Feature":
        return MalformedLine(number, "not a GeoJSON Feature", excerpt)
    geometry = payload.get("geometry")
    if not isinstance(geometry, dict) or not geometry.get("type") or geometry.get("coordinates") is None:
        return MalformedLine(number, "no geometry", excerpt)
    if not isinstance(payload.get("id"), str) or not payload["id"]:
        return MalformedLine(number, "no item id", excerpt)
    try:
        item = StacItem.from_dict(payload)
    except (ValueError, KeyError, TypeError, AttributeError, OverflowError):
        return MalformedLine(number, "not a valid STAC item", excerpt)
    return FeedItem(number, item, text, received)


class FeedClient:
    """Reads one feed URL (``stream_url`` applied) with its token, through the plugin's transport.

    ``proxies``, ``ca_bundle`` and ``user_agent`` as for ``ConstellrClient``; ``timeout`` gives the
    connect timeout (reads wait up to ``idle_limit``). Plain http only to this computer.
    """

    def __init__(
        self,
        url: str,
        token: str,
        *,
        timeout: tuple[float, float] = DEFAULT_TIMEOUT,
        idle_limit: float = DEFAULT_IDLE_LIMIT,
        proxies: Proxies = None,
        ca_bundle: str | None = None,
        user_agent: str = DEFAULT_USER_AGENT,
    ) -> None:
        self.url, self.note = stream_url(url)
        self._token = token.strip()
        parts = urlsplit(self.url)
        origin = urlunsplit((parts.scheme, parts.netloc, "", "", ""))
        self.idle_limit = idle_limit
        try:
            self._transport = Transport(
                origin,
                FeedTokenAuth(token),
                timeout=(timeout[0], idle_limit),
                retry=RetryPolicy(max_attempts=1),  # the feed's reader decides when to connect again
                deadline=idle_limit,
                proxies=proxies,
                ca_bundle=ca_bundle,
                user_agent=user_agent,
            )
        except ValueError:
            if parts.scheme != "http":
                raise
            raise ValueError(  # plain http is only allowed for this computer
                "The feed address must use https:// (or wss://): the token must not travel unencrypted."
            ) from None

    def __repr__(self) -> str:
        return f"FeedClient({public_url(self.url)!r})"

    def __enter__(self) -> FeedClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Release the connections."""
        self._transport.close()

    def redacted(self, text: str) -> str:
        """``text`` without the token (a feed's debug page may echo the request's headers)."""
        return text.replace(self._token, "…") if self._token else text

    def read(
        self, is_cancelled: Callable[[], bool] | None = None
    ) -> Iterator[Connected | FeedItem | MalformedLine]:
        """Connect, then yield ``Connected`` and each line as a ``FeedItem`` or ``MalformedLine``.

        Ends when the stream ends normally. Raises ``FeedDropped`` when it breaks off or stays silent
        beyond the idle limit, ``CancelledError`` on a cancel, and the transport's errors (401 as an
        ``AuthenticationError`` with the token hint) when the feed does not answer with 200.
        """
        for event in self.lines(is_cancelled):
            yield event.parsed() if isinstance(event, RawLine) else event

    def lines(
        self, is_cancelled: Callable[[], bool] | None = None
    ) -> Iterator[Connected | RawLine | MalformedLine]:
        """As :meth:`read`, with each line as it arrived (``RawLine``), to be parsed by the caller.

        A reader thread that only splits lines leaves the interpreter to the thread that parses them.
        """
        with guarded(is_cancelled, self.idle_limit) as guard:
            response = self._connect()
            with response:
                guard.progressed()
                self._check_stream(response)
                length = response.headers.get("Content-Length", "").strip()
                yield Connected(datetime.now(timezone.utc), int(length) if length.isdigit() else None)
                yield from self._lines(response, guard)

    def _connect(self) -> requests.Response:
        try:
            return self._transport.request(
                "GET",
                self.url,
                headers={
                    "Accept": "application/x-ndjson, application/json;q=0.5",
                    "Accept-Encoding": "identity",
                },
                stream=True,
            )
        except DownloadError as error:  # the transport's word for an answer from another host
            raise ServerError(
                f"The feed redirected to another host, which answered HTTP {error.status}",
                status=error.status,
                transient=error.transient,
                retry_after=error.retry_after,
                method="GET",
                url=self.url,
                hint="The token goes to the feed's own host only: ask the provider for the feed's direct "
                "address.",
            ) from None

    def _check_stream(self, response: requests.Response) -> None:
        """Refuse a web page for a stream, and keep the connection's TCP alive."""
        media_type = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if media_type in ("text/html", "application/xhtml+xml"):
            raise ServerError(
                "The feed answered with a web page, not a stream of STAC items",
                status=response.status_code,
                method="GET",
                url=self.url,
                hint="Check the feed's address (a sign-in or maintenance page answers in its place).",
            )
        _keep_alive(getattr(getattr(response.raw, "_connection", None), "sock", None))

    def _lines(self, response: requests.Response, guard: Guard) -> Iterator[RawLine | MalformedLine]:
        pending = bytearray()
        number = received = 0
        skipping = False  # inside a line longer than MAX_LINE_BYTES
        chunks = _arrivals(response)
        try:
            for chunk in chunks:
                guard.progressed()
                received += len(chunk)
                searched = len(pending)  # the part of a line already searched holds no newline
                pending += chunk
                start = 0
                while (end := pending.find(b"\n", max(start, searched))) >= 0:
                    line = bytes(pending[start:end]).rstrip(b"\r")
                    start = end + 1
                    number += 1
                    if skipping:
                        skipping = False
                    elif line.strip():
                        yield RawLine(number, line, received)
                del pending[:start]
                if len(pending) > MAX_LINE_BYTES:
                    if not skipping:
                        excerpt = bytes(pending[:EXCERPT_CHARS]).decode("utf-8", errors="replace")
                        yield MalformedLine(number + 1, f"longer than {MAX_LINE_BYTES // 2**20} MiB", excerpt)
                    skipping = True
                    pending.clear()
        except TRANSPORT_ERRORS:
            broken = True
        else:
            broken = False
        if guard.tripped():
            if guard.reason == Guard.CANCELLED:
                raise CancelledError(method="GET", url=self.url)
            raise FeedDropped(
                f"No data from the feed for {guard.limit:g} s", clean=True, method="GET", url=self.url
            )
        if broken:
            log.info("GET %s: the stream broke off after %d lines", public_url(self.url), number)
            raise FeedDropped("The feed's connection broke off", method="GET", url=self.url)
        if pending.strip() and not skipping:  # a last line without its newline
            yield RawLine(number + 1, bytes(pending).rstrip(b"\r"), received)


def _keep_alive(sock: socket.socket | None) -> None:
    """Turn TCP keepalive on for a feed's socket (where the system offers the options)."""
    if sock is None:
        return
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
        for name, value in KEEPALIVE:
            if hasattr(socket, name):
                sock.setsockopt(socket.IPPROTO_TCP, getattr(socket, name), value)
    except OSError as error:  # a proxy's or a platform's socket may refuse: the idle limit remains
        log.info("TCP keepalive not set on the feed's connection: %s", error)


def _arrivals(response: requests.Response) -> Iterator[bytes]:
    """The body as it arrives: a chunked one chunk by chunk; one that is not chunked whatever has arrived
    (up to READ_SIZE), rather than waiting for READ_SIZE bytes or the end; a Content-Length that the
    body falls short of raises as a broken connection."""
    raw = response.raw
    if raw.chunked:
        yield from response.iter_content(None)
        return
    read_available = getattr(getattr(raw, "_fp", None), "read1", None)  # http.client's response
    encoded = response.headers.get("Content-Encoding", "identity").strip().lower() not in ("", "identity")
    if read_available is None or encoded:  # urllib3 decodes what the server compressed anyway
        yield from response.iter_content(READ_SIZE)
        return
    length = raw.length_remaining
    received = 0
    while chunk := read_available(READ_SIZE):
        received += len(chunk)
        yield chunk
    if length is not None and received < length:
        raise ConnectionError(f"the stream ended after {received} of its {length} bytes")
