"""Fault injection and the request log, as raw ASGI middleware around both servers.

Kinds: ``status`` (answer at once with a status, optional ``Retry-After``), ``latency`` (sleep, then
continue), ``drop`` (headers with the full Content-Length, ``after_bytes`` of body, then the
connection closes), ``drop_after_processing`` (the app handles the request, side effects included,
then the connection closes before any response byte), ``truncate`` (a complete response whose
body is cut in half, with a matching Content-Length) and, for files, ``replaced`` (the file was
replaced by another version of the same size: every body byte inverted, a new strong ETag, no
Last-Modified; a ``Range`` whose ``If-Range`` names the old version gets the whole new file, as RFC 9110
§13.1.5 says), ``replaced_ignoring_if_range`` (the same new version, but a ``Range`` is served whatever
``If-Range`` says) and ``gzip`` (the body sent with ``Content-Encoding: gzip`` whatever the request
accepts, with a matching Content-Length).

Closing a connection needs the transport, which uvicorn's h11 protocol exposes on its ``send``; the
middleware then waits for uvicorn to notice the disconnect, so nothing is logged as an error.
"""

from __future__ import annotations

import asyncio
import fnmatch
import gzip
import json
import threading
from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

KINDS = (
    "status",
    "latency",
    "drop",
    "drop_after_processing",
    "truncate",
    "replaced",
    "replaced_ignoring_if_range",
    "gzip",
)
SERVERS = ("api", "storage")
_DISCONNECT_TIMEOUT = 5.0


@dataclass(frozen=True)
class RecordedRequest:
    """One request as it reached a server."""

    server: str
    method: str
    path: str
    query: str
    headers: dict[str, str]


@dataclass
class Fault:
    """A rule: which requests it matches, what it does, and how many more times."""

    kind: str
    path: str = "*"
    method: str | None = None
    server: str = "api"
    times: int | None = None
    status: int | None = None
    retry_after: float | None = None
    delay: float = 0.0
    after_bytes: int = 0

    def matches(self, server: str, method: str, path: str) -> bool:
        """Whether the fault applies to a request."""
        return (
            self.server == server
            and (self.method is None or self.method.upper() == method)
            and fnmatch.fnmatchcase(path, self.path)
            and (self.times is None or self.times > 0)
        )


class FaultInjector:
    """The list of active faults, shared by both servers (thread-safe)."""

    def __init__(self) -> None:
        self._faults: list[Fault] = []
        self._lock = threading.Lock()

    def add(
        self,
        kind: str,
        path: str = "*",
        *,
        method: str | None = None,
        server: str = "api",
        times: int | None = None,
        status: int | None = None,
        retry_after: float | None = None,
        delay: float = 0.0,
        after_bytes: int = 0,
    ) -> Fault:
        """Add a fault; see the module docstring for the kinds."""
        if kind not in KINDS:
            raise ValueError(f"Unknown fault kind {kind!r}; expected one of {', '.join(KINDS)}")
        if server not in SERVERS:
            raise ValueError(f"Unknown server {server!r}; expected 'api' or 'storage'")
        if kind == "status" and status is None:
            raise ValueError("A 'status' fault needs status=...")
        fault = Fault(kind, path, method, server, times, status, retry_after, delay, after_bytes)
        with self._lock:
            self._faults.append(fault)
        return fault

    def clear(self) -> None:
        """Remove every fault."""
        with self._lock:
            self._faults.clear()

    def take(self, server: str, method: str, path: str) -> list[Fault]:
        """The faults for a request, consuming one use of each: latencies, then at most one other kind."""
        taken: list[Fault] = []
        with self._lock:
            for fault in self._faults:
                if fault.matches(server, method, path):
                    if fault.times is not None:
                        fault.times -= 1
                    taken.append(fault)
                    if fault.kind != "latency":
                        break
        return taken


class FaultMiddleware:
    """Records every HTTP request in ``log`` and applies the matching faults."""

    def __init__(self, app: ASGIApp, server: str, faults: FaultInjector, log: list[RecordedRequest]) -> None:
        self.app = app
        self.server = server
        self.faults = faults
        self.log = log

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """The ASGI entry point."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        method, path = scope["method"], scope["path"]
        headers = {key.decode("latin-1").lower(): value.decode("latin-1") for key, value in scope["headers"]}
        self.log.append(
            RecordedRequest(self.server, method, path, scope["query_string"].decode("latin-1"), headers)
        )
        response_fault = None
        for fault in self.faults.take(self.server, method, path):
            if fault.kind == "latency":
                await asyncio.sleep(fault.delay)
            else:
                response_fault = fault
        if response_fault is None:
            await self.app(scope, receive, send)
        elif response_fault.kind == "status":
            await _send_status(send, response_fault)
        elif response_fault.kind == "drop":
            await self.app(scope, receive, _Dropping(send, response_fault.after_bytes))
            await _close_connection(send, receive)
        elif response_fault.kind == "drop_after_processing":
            await self.app(scope, receive, _Swallowing())
            await _close_connection(send, receive)
        elif response_fault.kind in ("replaced", "replaced_ignoring_if_range"):
            honour_if_range = response_fault.kind == "replaced"
            await self.app(_as_for_replaced_file(scope, honour_if_range), receive, _Replacing(send))
        else:
            rewriting = (
                _Rewriting(lambda body: body[: len(body) // 2])
                if response_fault.kind == "truncate"
                else _Rewriting(gzip.compress, (b"content-encoding", b"gzip"))
            )
            await self.app(scope, receive, rewriting)
            await rewriting.flush(send)


async def _send_status(send: Send, fault: Fault) -> None:
    status = fault.status or HTTPStatus.SERVICE_UNAVAILABLE
    body = json.dumps({"detail": HTTPStatus(status).phrase}).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    if fault.retry_after is not None:
        headers.append((b"retry-after", f"{fault.retry_after:g}".encode()))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body, "more_body": False})


async def _close_connection(send: Send, receive: Receive) -> None:
    """Close the client connection now (flushing what was sent) and wait until uvicorn sees it."""
    transport = getattr(getattr(send, "__self__", None), "transport", None)
    if transport is None:
        raise RuntimeError("Connection faults need uvicorn's h11 server (its send exposes the transport)")
    transport.close()
    await asyncio.wait_for(_disconnected(receive), _DISCONNECT_TIMEOUT)


async def _disconnected(receive: Receive) -> None:
    while (await receive())["type"] != "http.disconnect":
        pass


class _Dropping:
    """Passes the response through until ``after_bytes`` body bytes, then swallows the rest."""

    def __init__(self, send: Send, after_bytes: int) -> None:
        self.send = send
        self.remaining = after_bytes

    async def __call__(self, message: Message) -> None:
        if message["type"] != "http.response.body":
            await self.send(message)
            return
        if self.remaining <= 0:
            return
        body = message.get("body", b"")[: self.remaining]
        self.remaining -= len(body)
        await self.send({"type": "http.response.body", "body": body, "more_body": True})


class _Swallowing:
    """Lets the app answer into the void."""

    async def __call__(self, message: Message) -> None:
        """Discard the message."""


_REPLACED = b"-replaced"
_INVERTED = bytes(range(255, -1, -1))


def _as_for_replaced_file(scope: Scope, honour_if_range: bool) -> Scope:
    """The request as the app must see it to serve the replaced file's ranges.

    ``If-Range`` is checked here against the replaced version's ETag (the app only knows the old one):
    a mismatch drops the ``Range``, so the whole file is served; then ``If-Range`` itself is dropped.
    """
    headers = scope["headers"]
    if_range = next((value for key, value in headers if key == b"if-range"), None)
    if if_range is None:
        return scope
    dropped = {b"if-range"}
    if honour_if_range and not if_range.endswith(_REPLACED + b'"'):
        dropped.add(b"range")
    return {**scope, "headers": [(key, value) for key, value in headers if key not in dropped]}


class _Replacing:
    """Passes a file response on as the replaced version: body bytes inverted, another ETag."""

    def __init__(self, send: Send) -> None:
        self.send = send
        self.is_file = False

    async def __call__(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            self.is_file = message["status"] in (200, 206)
            headers = [
                (key, value[:-1] + _REPLACED + b'"' if key.lower() == b"etag" else value)
                for key, value in message.get("headers", [])
                if key.lower() != b"last-modified"
            ]
            message = {**message, "headers": headers}
        elif message["type"] == "http.response.body" and self.is_file:
            message = {**message, "body": message.get("body", b"").translate(_INVERTED)}
        await self.send(message)


class _Rewriting:
    """Collects the response, then sends it with its body rewritten, a matching Content-Length and
    any extra header."""

    def __init__(self, rewrite: Callable[[bytes], bytes], *extra_headers: tuple[bytes, bytes]) -> None:
        self.rewrite = rewrite
        self.extra_headers = list(extra_headers)
        self.start: Message | None = None
        self.body = bytearray()

    async def __call__(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            self.start = message
        elif message["type"] == "http.response.body":
            self.body += message.get("body", b"")

    async def flush(self, send: Send) -> None:
        """Send the collected response, rewritten."""
        if self.start is None:
            raise RuntimeError("The app sent no response to rewrite")
        body = self.rewrite(bytes(self.body))
        headers: list[Any] = [
            (k, v) for k, v in self.start.get("headers", []) if k.lower() != b"content-length"
        ]
        headers += [*self.extra_headers, (b"content-length", str(len(body)).encode())]
        await send({**self.start, "headers": headers})
        await send({"type": "http.response.body", "body": body, "more_body": False})
