"""Live STAC feeds: the NDJSON subscription and dataset streams, and :class:`FeedHub`, their test control.

A package is a log of entries in publish order. ``constellr-demo`` starts with the demo workspace's
deliveries and gains each new delivery when the sandbox clock passes its delivery time (a background
thread checks the clock a few times a second), exactly when ``/stac`` starts returning it; its items
are rendered per request, with asset URLs pre-signed for the caller's storage host, as ``/stac`` does.
``synthetic-10k`` is 10,000 generated items, serialised once and cached. Tests add items to either with
:meth:`FeedHub.publish`.

Each open stream is a :class:`_Connection` whose coroutine runs on the server's event loop; the hub
(called from test threads) talks to it only through ``loop.call_soon_threadsafe``.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import itertools
import json
import threading
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

from starlette.responses import Response
from starlette.types import Receive, Scope, Send

from . import catalog, data, stac
from .catalog import Delivery
from .cog import COG_MEDIA_TYPE
from .state import SandboxState, iso_z

NDJSON = "application/x-ndjson"
SUBSCRIPTION = "subscription"
DATASET = "dataset"
FAULT_KINDS = ("drop_mid_line", "garbage", "slow")
GENERATED_HOST = (
    "https://generated.sandbox.invalid"  # generated items' links and files: a host that never resolves
)
_CLOCK_INTERVAL = 0.2  # seconds between checks of the sandbox clock for new demo deliveries
_CHUNK_BYTES = 64 * 1024  # a dataset stream is written in chunks of about this size
_DISCONNECT_TIMEOUT = 5.0
_SYNTHETIC_START = datetime(2025, 1, 1, tzinfo=timezone.utc)
_EO_EXTENSION = "https://stac-extensions.github.io/eo/v2.0.0/schema.json"

Entry = Delivery | bytes  # a demo delivery (rendered per request) or a finished line


class _Ending:
    """How a stream ends: cleanly (terminating chunk), abruptly (connection closed) or by the client."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return f"<{self.name}>"


END = _Ending("end")
ABORT = _Ending("abort")
GONE = _Ending("client gone")


class _EndedError(Exception):
    """Unwinds a stream's pump once its connection has an ending."""


@dataclass(eq=False)
class FeedFault:
    """A fault for feed streams; ``times`` counts how often it fires (None: until cleared)."""

    kind: str
    times: int | None = 1
    after_items: int = 0
    lines: tuple[bytes, ...] = ()
    delay: float = 0.0
    package: str | None = None
    stream: str | None = None
    active: bool = True

    def applies(self, package: str, stream: str) -> bool:
        """Whether the fault may fire on a stream of this package and kind."""
        return (
            self.active
            and self.package in (None, package)
            and self.stream in (None, stream)
            and (self.times is None or self.times > 0)
        )


class FeedHub:
    """The packages, their open streams and feed faults (thread-safe). ``sb.feeds`` in tests."""

    def __init__(self, state: SandboxState) -> None:
        self.state = state
        self._lock = threading.RLock()
        self._connections: list[_Connection] = []
        self._faults: list[FeedFault] = []
        self._published: dict[str, list[Entry]] = {}
        self._demo_ids: set[str] = set()
        self._serial = itertools.count(1)  # make_items ids stay unique for the hub's life, across resets
        self._clock_thread: threading.Thread | None = None
        self._closing = threading.Event()
        self._closed = True
        self.reset()

    # --- test control ---------------------------------------------------------------------------------

    def publish(self, package: str, items: Sequence[dict[str, Any]]) -> None:
        """Publish items now: open subscriptions get them, the dataset stream includes them from now on."""
        self._check_package(package)
        lines = []
        for item in items:
            if not isinstance(item, dict):
                raise TypeError(f"Feed items are dicts (STAC Items), not {type(item).__name__}")
            lines.append(_line(item))
        self._append(package, lines)

    def make_items(self, count: int, start: datetime | None = None) -> list[dict[str, Any]]:
        """``count`` fresh valid STAC Items with unique ids, a second apart from ``start`` (default: now)."""
        moment = start or self.state.clock.now()
        with self._lock:
            numbers = [next(self._serial) for _ in range(count)]
        return [
            generated_item(
                f"LSTPRECISION_FEED_{number:06d}",
                number,
                moment + timedelta(seconds=index),
                collection="lstprecision",
            )
            for index, number in enumerate(numbers)
        ]

    def live_acquisition(self, base: str, storage_base: str) -> dict[str, Any]:
        """The next demo delivery again, as a new acquisition of this moment (``--publish-every``).

        Its footprint and files are the demo delivery's (pre-signed on ``storage_base``, so its LST opens),
        its id and datetime are new; it has no ``self`` link, since ``/stac`` does not know the new id.
        """
        now = self.state.clock.now()
        with self._lock, self.state.lock:
            workspace = self.state.workspaces[data.DEMO_WORKSPACE]
            deliveries = _order_by_order(catalog.delivered(workspace, now))
            number = next(self._serial)
        delivery = deliveries[number % len(deliveries)]
        item = stac.item(delivery, base, storage_base, now)
        item["id"] = f"{delivery.item_id}_LIVE{number:06d}"
        item["properties"] = {**item["properties"], "datetime": iso_z(now, "seconds")}
        item["links"] = [link for link in item["links"] if link["rel"] != "self"]
        return item

    def subscribers(self, package: str) -> int:
        """How many subscription connections to the package are open now."""
        with self._lock:
            return sum(
                1 for conn in self._connections if conn.stream == SUBSCRIPTION and conn.package == package
            )

    def fault(
        self,
        kind: str,
        *,
        times: int | None = 1,
        after_items: int = 0,
        lines: Iterable[bytes | str] = (),
        delay: float = 0.0,
        package: str | None = None,
        stream: str | None = None,
    ) -> FeedFault:
        """Add a fault; see docs/contract-sandbox.md ("Feeds") for the kinds."""
        if kind not in FAULT_KINDS:
            raise ValueError(f"Unknown feed fault kind {kind!r}; expected one of {', '.join(FAULT_KINDS)}")
        if stream not in (None, SUBSCRIPTION, DATASET):
            raise ValueError(f"Unknown stream {stream!r}; expected 'subscription', 'dataset' or None")
        if package is not None:
            self._check_package(package)
        raw_lines = tuple(line.encode() if isinstance(line, str) else bytes(line) for line in lines)
        if kind == "garbage" and not raw_lines:
            raise ValueError("A 'garbage' fault needs lines=[...]")
        if kind == "slow" and delay <= 0:
            raise ValueError("A 'slow' fault needs delay=... (seconds)")
        fault = FeedFault(kind, times, after_items, raw_lines, delay, package, stream)
        with self._lock:
            self._faults.append(fault)
        return fault

    def clear_faults(self) -> None:
        """Remove every feed fault (a slow stream speeds up again)."""
        with self._lock:
            for fault in self._faults:
                fault.active = False
            self._faults.clear()
            for conn in self._connections:
                conn.wake_up()

    def reset(self) -> None:
        """End open streams, clear faults, and rebuild the packages from the (reset) demo state."""
        with self._lock:
            self._end_streams()
            self.clear_faults()
            self._published = {package: [] for package in data.FEED_PACKAGES}
            self._demo_ids.clear()
            self.publish_due()

    # --- server side ----------------------------------------------------------------------------------

    def start(self) -> None:
        """Accept streams and start the clock watcher that publishes new demo deliveries."""
        with self._lock:
            self._closed = False
            self._closing.clear()
            self._clock_thread = threading.Thread(target=self._watch_clock, daemon=True, name="sandbox-feeds")
            self._clock_thread.start()

    def close(self) -> None:
        """End every open stream and stop the clock watcher (the server is stopping)."""
        with self._lock:
            self._closed = True
            self._closing.set()
            self._end_streams()
            thread, self._clock_thread = self._clock_thread, None
        if thread is not None:
            thread.join(timeout=5)

    def packages_for(self, token: str) -> tuple[str, ...]:
        """The packages a feed token may read; KeyError for an unknown token."""
        return data.FEED_TOKENS[token]

    def stream(self, package: str, kind: str, base: str, storage_base: str) -> FeedResponse:
        """The response for a subscription or dataset stream of a package the caller may read."""
        return FeedResponse(self, package, kind, base, storage_base)

    def publish_due(self) -> None:
        """Publish the demo deliveries the sandbox clock has passed since the last check."""
        with self._lock, self.state.lock:
            workspace = self.state.workspaces[data.DEMO_WORKSPACE]
            due = [
                delivery
                for delivery in catalog.delivered(workspace, self.state.clock.now())
                if delivery.item_id not in self._demo_ids
            ]
            if due:
                due.sort(key=lambda delivery: (delivery.delivered, delivery.acquired, delivery.item_id))
                self._demo_ids.update(delivery.item_id for delivery in due)
                self._append(data.DEMO_FEED_PACKAGE, due)

    def _watch_clock(self) -> None:
        while not self._closing.wait(_CLOCK_INTERVAL):
            self.publish_due()

    def _check_package(self, package: str) -> None:
        if package not in data.FEED_PACKAGES:
            raise KeyError(
                f"Unknown feed package {package!r}; expected one of {', '.join(data.FEED_PACKAGES)}"
            )

    def _append(self, package: str, entries: Sequence[Entry]) -> None:
        with self._lock:
            self._published[package].extend(entries)
            for conn in self._connections:
                if conn.stream == SUBSCRIPTION and conn.package == package:
                    conn.post(list(entries))

    def _end_streams(self) -> None:
        """Subscriptions end cleanly; dataset streams are cut off, so that a client sees them incomplete.

        They stop counting (and receiving) at once, while they finish on the server's loop.
        """
        for conn in self._connections:
            conn.post(END if conn.stream == SUBSCRIPTION else ABORT)
        self._connections.clear()

    def _entries(self, package: str) -> list[Entry]:
        """A dataset stream's items: the package's base items, then what was published, in order."""
        if package == data.DEMO_FEED_PACKAGE:
            self.publish_due()
        with self._lock:
            published = list(self._published[package])
        if package == data.SYNTHETIC_FEED_PACKAGE:
            return [*synthetic_lines(), *published]
        return published

    def _register(self, conn: _Connection) -> None:
        with self._lock:
            if self._closed:
                conn.post(END if conn.stream == SUBSCRIPTION else ABORT)
            else:
                self._connections.append(conn)

    def _forget(self, conn: _Connection) -> None:
        with self._lock:
            if conn in self._connections:
                self._connections.remove(conn)

    def _fire(self, conn: _Connection) -> list[FeedFault]:
        """The faults that fire before the connection's next item, each use consumed."""
        fired = []
        with self._lock:
            for fault in self._faults:
                if not fault.applies(conn.package, conn.stream) or conn.slow is fault:
                    continue
                if conn.counted.setdefault(fault, 0) < fault.after_items:
                    continue
                if fault.times is not None:
                    fault.times -= 1
                fired.append(fault)
                if fault.kind == "drop_mid_line":
                    break
        return fired


class FeedResponse(Response):
    """A chunked ``application/x-ndjson`` response that streams one package (raw ASGI)."""

    media_type = NDJSON

    def __init__(self, hub: FeedHub, package: str, kind: str, base: str, storage_base: str) -> None:
        self.hub = hub
        self.package = package
        self.kind = kind
        self.base = base
        self.storage_base = storage_base
        self.status_code = 200
        self.background = None
        self.init_headers({"Cache-Control": "no-store", "X-Accel-Buffering": "no"})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Stream until the end of the data (dataset), or until stopped (subscription)."""
        conn = _Connection(self.package, self.kind, asyncio.get_running_loop())
        self.hub._register(conn)
        watcher = asyncio.create_task(_watch_disconnect(receive, conn))
        writer = _Writer(self.hub, conn, send, self.base, self.storage_base)
        try:
            await send(
                {"type": "http.response.start", "status": self.status_code, "headers": self.raw_headers}
            )
            try:
                if self.kind == SUBSCRIPTION:
                    await writer.subscription()
                else:
                    await writer.dataset(await asyncio.to_thread(self.hub._entries, self.package))
                conn.stop(END)
            except _EndedError:
                pass
            if conn.ending is END:
                await writer.send_buffer()
                await send({"type": "http.response.body", "body": b"", "more_body": False})
            elif conn.ending is ABORT:
                await writer.send_buffer()
                await _close_connection(receive, watcher)
        finally:
            self.hub._forget(conn)
            watcher.cancel()


@dataclass(eq=False)
class _Connection:
    """One open stream: its inbox of published entries and how it ends."""

    package: str
    stream: str
    loop: asyncio.AbstractEventLoop
    inbox: asyncio.Queue[list[Entry] | _Ending] = field(default_factory=asyncio.Queue)
    stopped: asyncio.Event = field(default_factory=asyncio.Event)
    wake: asyncio.Event = field(default_factory=asyncio.Event)  # ends a slow fault's sleep
    ending: _Ending | None = None
    counted: dict[FeedFault, int] = field(default_factory=dict)  # items sent since it first saw each fault
    slow: FeedFault | None = None

    def post(self, message: list[Entry] | _Ending) -> None:
        """From any thread: new entries, or how to end."""
        with contextlib.suppress(RuntimeError):  # a closed loop: the server and the connection are gone
            self.loop.call_soon_threadsafe(self._receive, message)

    def wake_up(self) -> None:
        """From any thread: end a slow fault's sleep now."""
        with contextlib.suppress(RuntimeError):
            self.loop.call_soon_threadsafe(self.wake.set)

    def _receive(self, message: list[Entry] | _Ending) -> None:
        if isinstance(message, _Ending):
            self.stop(message)
        else:
            self.inbox.put_nowait(message)

    def stop(self, ending: _Ending) -> None:
        """On the loop: end the stream (the first ending wins)."""
        if self.ending is None:
            self.ending = ending
            self.stopped.set()
            self.wake.set()
            self.inbox.put_nowait(ending)


class _Writer:
    """Writes a connection's lines, applying the hub's feed faults."""

    def __init__(self, hub: FeedHub, conn: _Connection, send: Send, base: str, storage_base: str) -> None:
        self.hub = hub
        self.conn = conn
        self.send = send
        self.base = base
        self.storage_base = storage_base
        self.buffer = bytearray()

    async def subscription(self) -> None:
        """Send each published batch as it arrives, until the connection has an ending."""
        while True:
            message = await self.conn.inbox.get()
            if isinstance(message, _Ending):
                raise _EndedError
            for entry in message:
                await self.item(entry)
            await self.flush()

    async def dataset(self, entries: Sequence[Entry]) -> None:
        """Send every entry, in chunks."""
        for entry in entries:
            await self.item(entry)
            if len(self.buffer) >= _CHUNK_BYTES:
                await self.flush()
        await self.flush()

    async def item(self, entry: Entry) -> None:
        """Queue one item's line, after whatever faults fire before it."""
        line = entry if isinstance(entry, bytes) else self._render(entry)
        for fault in self.hub._fire(self.conn):
            if fault.kind == "garbage":
                self.buffer += b"".join(raw if raw.endswith(b"\n") else raw + b"\n" for raw in fault.lines)
            elif fault.kind == "slow":
                self.conn.slow = fault
            else:
                self.buffer += line[: len(line) // 2]
                self.conn.stop(ABORT)
                raise _EndedError
        slow = self.conn.slow
        if slow is not None and slow.active:
            await self.flush()
            await self._pause(slow)
        self.buffer += line
        for fault in self.conn.counted:
            self.conn.counted[fault] += 1
        if self.conn.stream == SUBSCRIPTION or slow is not None:
            await self.flush()

    async def flush(self) -> None:
        """Send what is buffered; raises :class:`_EndedError` once the connection has an ending."""
        await self.send_buffer()
        if self.conn.stopped.is_set() and self.conn.ending is not END:
            raise _EndedError

    async def send_buffer(self) -> None:
        """Send what is buffered, if anything."""
        if self.buffer:
            body, self.buffer = bytes(self.buffer), bytearray()
            await self.send({"type": "http.response.body", "body": body, "more_body": True})
            await asyncio.sleep(0)  # let the disconnect watcher and the hub's messages run

    async def _pause(self, fault: FeedFault) -> None:
        """Sleep the slow fault's delay unless the fault is cleared or the connection stops (even before)."""
        self.conn.wake.clear()
        if fault.active and not self.conn.stopped.is_set():
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self.conn.wake.wait(), fault.delay)
        if self.conn.stopped.is_set():
            raise _EndedError

    def _render(self, delivery: Delivery) -> bytes:
        return _line(stac.item(delivery, self.base, self.storage_base, self.hub.state.clock.now()))


def _order_by_order(deliveries: Iterable[Delivery]) -> list[Delivery]:
    """The deliveries taking each order in turn (one of each order, then the next of each…): one after
    another, they show up in different places."""
    by_order: dict[uuid.UUID, list[Delivery]] = {}
    for delivery in sorted(deliveries, key=lambda delivery: (str(delivery.order_id), delivery.item_id)):
        by_order.setdefault(delivery.order_id, []).append(delivery)
    rounds = itertools.zip_longest(*by_order.values())
    return [delivery for round_ in rounds for delivery in round_ if delivery is not None]


async def _watch_disconnect(receive: Receive, conn: _Connection) -> None:
    while (await receive())["type"] != "http.disconnect":
        pass
    conn.stop(GONE)


async def _close_connection(receive: Receive, watcher: asyncio.Task[None]) -> None:
    """Close the client connection abruptly (after what was sent) and wait until uvicorn notices."""
    transport = getattr(getattr(receive, "__self__", None), "transport", None)
    if transport is None:
        raise RuntimeError(
            "Dropping a feed connection needs uvicorn's h11 server (its receive has the transport)"
        )
    transport.close()
    await asyncio.wait_for(asyncio.shield(watcher), _DISCONNECT_TIMEOUT)


def _line(item: dict[str, Any]) -> bytes:
    """Compact JSON on one line, ``\\n``-terminated."""
    return json.dumps(item, separators=(",", ":"), ensure_ascii=False).encode() + b"\n"


def generated_item(item_id: str, number: int, moment: datetime, collection: str) -> dict[str, Any]:
    """A small valid STAC Item: a ~4 km square somewhere in Europe (spread by ``number``), two assets."""
    lon = round(-9.0 + (number * 0.6180339887 % 1.0) * 33.0, 6)
    lat = round(37.0 + (number * 0.7548776662 % 1.0) * 21.0, 6)
    half = 0.02
    west, south, east, north = (
        round(lon - half, 6),
        round(lat - half, 6),
        round(lon + half, 6),
        round(lat + half, 6),
    )
    ring = [[west, south], [east, south], [east, north], [west, north], [west, south]]
    href = f"{GENERATED_HOST}/{collection}/{item_id}"
    return {
        "type": "Feature",
        "stac_version": stac.STAC_VERSION,
        "stac_extensions": [_EO_EXTENSION],
        "id": item_id,
        "collection": collection,
        "geometry": {"type": "Polygon", "coordinates": [ring]},
        "bbox": [west, south, east, north],
        "properties": {
            "datetime": iso_z(moment, "seconds"),
            "platform": "SBA01" if number % 2 else "SBA02",
            "constellation": "constellr",
            "gsd": 30.0,
            "constellr:product": "LSTprecision",
            "constellr:illumination": "day",
            "eo:cloud_cover": float(number * 7 % 61),
        },
        "links": [
            {
                "rel": "collection",
                "type": "application/json",
                "href": f"{GENERATED_HOST}/collections/{collection}",
            }
        ],
        "assets": {
            "lst": {
                "href": f"{href}/lst.tiff",
                "type": COG_MEDIA_TYPE,
                "title": "Land surface temperature",
                "roles": ["data"],
            },
            "thumbnail": {
                "href": f"{href}/thumbnail.jpg",
                "type": "image/jpeg",
                "title": "Thumbnail",
                "roles": ["thumbnail"],
            },
        },
    }


@functools.cache
def synthetic_lines() -> tuple[bytes, ...]:
    """The ``synthetic-10k`` package: generated once per process, ten minutes apart from 2025-01-01."""
    return tuple(
        _line(
            generated_item(
                f"SYNTHETIC_{number:05d}",
                number,
                _SYNTHETIC_START + timedelta(minutes=10 * number),
                collection=data.SYNTHETIC_FEED_PACKAGE,
            )
        )
        for number in range(data.SYNTHETIC_FEED_SIZE)
    )
