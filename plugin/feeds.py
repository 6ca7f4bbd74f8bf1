"""Live STAC feeds as growing footprint layers: saved feeds, their tokens, and reading one in a task.

A feed is a URL (a *subscription*, open for new items, or a *dataset* stream, read to its end), a token
kept in the QGIS authentication database, and optional asset keys of interest. :func:`read_feed` is an
operation in the plugin's streaming task form: it pushes :class:`FeedBatch` es of footprint features
(built in the worker) every fraction of a second, reconnects a dropped subscription with backoff without
duplicating items, and reports the periods it was disconnected as :class:`Gap` s.
"""

from __future__ import annotations

import enum
import json
import math
import os
import queue
import threading
import time
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, timezone

from qgis.core import Qgis, QgsFeature, QgsFields, QgsSettings

from .api import (
    AuthenticationError,
    CancelledError,
    ConstellrError,
    NotFoundError,
    PermissionDeniedError,
    public_url,
)
from .api.feeds import (
    DEFAULT_IDLE_LIMIT,
    KEEPALIVE_DETECTION,
    Connected,
    FeedClient,
    FeedDropped,
    FeedItem,
    FeedTokenAuth,
    MalformedLine,
    RawLine,
)
from .connection import (
    CredentialsError,
    NetworkSettings,
    network_settings,
    remove_secret,
    store_secret,
    stored_secret,
    user_agent,
)
from .i18n import tr, tr_count
from .search import footprint_features, footprint_fields
from .tasks import Streaming, log

SETTINGS_KEY = "constellr/feeds"
ENV_FEED_TOKEN = "CONSTELLR_FEED_TOKEN"  # noqa: S105 - a variable name, no secret
#: Marks an authentication configuration holding a feed token in its password field.
TOKEN_USERNAME = "Authorization: Token"  # noqa: S105 - a marker, no secret
#: How often the status is pushed while nothing else is (items/min, the reconnect countdown).
STATUS_EVERY = 1.0
#: Malformed lines logged one by one per run; later ones are only counted.
MAX_LOGGED_MALFORMED = 50
#: A subscription may be quiet for hours (feeds send no heartbeat; TCP keepalive finds a dead connection):
#: only this long a silence makes the reader connect again.
SUBSCRIPTION_IDLE_LIMIT = 6 * 3600.0
#: Seconds a stopped reader thread is waited for (its socket is shut within 0.1 s of the stop).
READER_JOIN = 0.5


class FeedKind(enum.Enum):
    """A subscription stays open for new items; a dataset stream ends after the package's items."""

    SUBSCRIPTION = "subscription"
    DATASET = "dataset"


@dataclass(frozen=True)
class Feed:
    """A saved feed (no secret: the token is in the authentication database under ``authcfg``)."""

    name: str
    url: str
    kind: FeedKind
    authcfg: str = ""
    asset_keys: tuple[str, ...] = ()


def guess_kind(url: str) -> FeedKind:
    """A subscription when the address has ``/subscription/`` in its path, else a dataset stream."""
    return FeedKind.SUBSCRIPTION if "/subscription/" in url else FeedKind.DATASET


# --- saved feeds and tokens ----------------------------------------------------------------------------


def saved_feeds() -> list[Feed]:
    """The feeds saved in QgsSettings (entries that cannot be read are left out)."""
    try:
        entries = json.loads(QgsSettings().value(SETTINGS_KEY, "[]") or "[]")
    except (TypeError, ValueError):
        return []
    feeds = []
    for entry in entries if isinstance(entries, list) else []:
        try:
            feeds.append(
                Feed(
                    name=str(entry["name"]),
                    url=str(entry["url"]),
                    kind=FeedKind(entry.get("kind", FeedKind.DATASET.value)),
                    authcfg=str(entry.get("authcfg", "")),
                    asset_keys=tuple(str(key) for key in entry.get("asset_keys", ())),
                )
            )
        except (KeyError, TypeError, ValueError, AttributeError):
            continue
    return feeds


def save_feeds(feeds: list[Feed]) -> None:
    """Save the feeds in QgsSettings (names, URLs, kinds, asset keys and auth config ids; no secret)."""
    entries = [
        {
            "name": feed.name,
            "url": feed.url,
            "kind": feed.kind.value,
            "authcfg": feed.authcfg,
            "asset_keys": list(feed.asset_keys),
        }
        for feed in feeds
    ]
    QgsSettings().setValue(SETTINGS_KEY, json.dumps(entries))


def store_token(feed: Feed, token: str) -> Feed:
    """Keep ``token`` in the authentication database (replacing the feed's old one); the feed with its
    ``authcfg``. ValueError for a token that cannot be sent, CredentialsError when the database is locked."""
    FeedTokenAuth(token)  # a ValueError with a plain message for what cannot be sent
    authcfg = store_secret(
        feed.authcfg, f"constellr feed: {feed.name}", public_url(feed.url), TOKEN_USERNAME, token.strip()
    )
    if authcfg is None:
        raise CredentialsError(tr("QGIS could not save the feed token in its authentication database."))
    return replace(feed, authcfg=authcfg)


def feed_token(feed: Feed) -> str:
    """The feed's token from the authentication database; ``CONSTELLR_FEED_TOKEN`` when it has none stored.

    CredentialsError with what to do when there is none.
    """
    if feed.authcfg:
        secret = stored_secret(feed.authcfg)
        if secret is not None:
            return secret[1]
        raise CredentialsError(
            tr(
                "The token of the feed “{name}” is no longer in the QGIS authentication database: "
                "enter it again."
            ).format(name=feed.name)
        )
    token = os.environ.get(ENV_FEED_TOKEN, "").strip()
    if token:
        return token
    raise CredentialsError(
        tr("The feed “{name}” has no token: edit the feed and enter it.").format(name=feed.name)
    )


def forget_token(feed: Feed) -> None:
    """Remove the feed's token from the authentication database."""
    if feed.authcfg:
        remove_secret(feed.authcfg)


# --- reading a feed --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Gap:
    """A period (UTC) the subscription was disconnected: items published then may have been missed."""

    start: datetime
    end: datetime


@dataclass(frozen=True)
class FeedStatus:
    """Where a feed's reading stands; ``message`` is one plain sentence for the status line."""

    state: str  # "connecting" | "connected" | "reconnecting" | "finished" | "stopped"
    received: int
    duplicates: int
    malformed: int
    items_per_minute: float
    last_item_at: datetime | None
    gaps: tuple[Gap, ...]
    retry_in: float | None
    message: str


@dataclass
class FeedBatch:
    """Items new since the last batch: footprints (built in the worker), JSON texts, and the status."""

    features: list[QgsFeature]
    items: list[str]
    status: FeedStatus


class FeedSetupError(ConstellrError):
    """The feed cannot be read as set up (its address or token); the message says why."""

    summary = "The feed cannot be read"
    default_hint = None


def describe_gap(gap: Gap) -> str:
    """The sentence telling that items may have been missed while the feed was disconnected."""
    moment = "%H:%M:%S" if gap.start.date() == gap.end.date() else "%Y-%m-%d %H:%M:%S"
    return tr(
        "Items published between {start} and {end} UTC may have been missed while the feed was disconnected."
    ).format(start=gap.start.strftime(moment), end=gap.end.strftime(moment))


def read_feed(
    feed: Feed,
    token: str,
    feedback: Streaming,
    *,
    batch_seconds: float = 0.25,
    batch_size: int = 500,
    backoff: Sequence[float] = (1, 2, 4, 8, 15, 30),
    max_items: int | None = None,
    network: NetworkSettings | None = None,
) -> FeedStatus:
    """Read the feed, pushing a :class:`FeedBatch` every ``batch_seconds`` (or ``batch_size`` items).

    A subscription reads until cancelled (or ``max_items``), reconnecting after a drop with the waits of
    ``backoff`` (the last one repeated) and recording each disconnected period as a gap; a dataset
    stream reads to its end, starting again (without duplicating) when it breaks off, at most
    ``len(backoff)`` times, with progress when it announces its length (else 100 % only at its end).
    Items are de-duplicated by collection and id. Returns the final status
    ("stopped" on a cancel, "finished" at the end or after ``max_items``). ``network`` is taken on the
    main thread (:func:`~plugin.connection.network_settings`); without it, it is taken here.
    """
    network = network or network_settings()
    try:
        client = FeedClient(
            feed.url,
            token,
            timeout=network.timeout,
            proxies=network.proxies_for,
            ca_bundle=network.ca_bundle,
            user_agent=user_agent(),
            idle_limit=SUBSCRIPTION_IDLE_LIMIT if feed.kind is FeedKind.SUBSCRIPTION else DEFAULT_IDLE_LIMIT,
        )
    except ValueError as problem:
        raise FeedSetupError(str(problem)) from None
    with client:
        return _FeedRun(feed, feedback, batch_seconds, batch_size, max_items, client).read(tuple(backoff))


_END = object()


def _pump(client: FeedClient, stop: threading.Event, events: queue.SimpleQueue) -> None:
    """Read one connection's lines into ``events`` (reader thread), then ``_END`` or the error.

    The lines are parsed by the worker: this thread mostly waits on the socket, without the interpreter.
    """
    try:
        for event in client.lines(stop.is_set):
            events.put(event)
    except ConstellrError as error:
        events.put(error.with_traceback(None))
    except Exception as error:  # noqa: BLE001 - handed to the worker, which reports it
        log(f"Reading the feed {public_url(client.url)} failed: {error!r}", Qgis.MessageLevel.Critical)
        events.put(error.with_traceback(None))
    else:
        events.put(_END)


@dataclass
class _FeedRun:
    """The state of one :func:`read_feed` (worker thread)."""

    feed: Feed
    feedback: Streaming
    batch_seconds: float
    batch_size: int
    max_items: int | None
    client: FeedClient
    state: str = "connecting"
    #: Items that arrived on the current connection (a connection that brings none does not reset the
    #: backoff: a feed answering with something else must not be asked again every second).
    items_on_connection: int = 0
    seen: set[tuple[str, str]] = field(default_factory=set)
    duplicates: int = 0
    malformed: int = 0
    last_item_at: datetime | None = None
    gaps: list[Gap] = field(default_factory=list)
    retry_in: float | None = None
    #: When the connection was last known to be alive (a gap starts there when it drops).
    alive_at: datetime | None = None
    #: Set when a subscription lost its connection: the start of the gap being bridged.
    gap_from: datetime | None = None
    expected_bytes: int | None = None
    progress: float = 0.0
    #: Footprints built as their items arrive (the parsed items go at once: fewer objects live on for
    #: Python's full garbage collections, which stop every thread, the map's included), and their JSON texts.
    pending: list[QgsFeature] = field(default_factory=list)
    pending_texts: list[str] = field(default_factory=list)
    fields: QgsFields = field(default_factory=footprint_fields)
    pending_since: float = 0.0
    pushed_at: float = 0.0
    arrivals: deque = field(default_factory=deque)
    started: float = field(default_factory=time.monotonic)

    @property
    def subscription(self) -> bool:
        return self.feed.kind is FeedKind.SUBSCRIPTION

    def read(self, backoff: tuple[float, ...]) -> FeedStatus:
        """Connect, read, and connect again after drops until the end, ``max_items`` or a cancel."""
        client = self.client
        if client.note:
            log(client.note)
        self.push(force=True)
        failures = 0
        while True:
            outcome = self.read_connection(client)
            if outcome is None:  # the stream ended, or the run is done
                if self.done() or not self.subscription:
                    return self.finish("stopped" if self.feedback.isCanceled() else "finished")
                outcome = FeedDropped(
                    "The subscription's stream ended", clean=True, method="GET", url=client.url
                )
            if isinstance(outcome, CancelledError) or self.feedback.isCanceled():
                return self.finish("stopped")
            if not (isinstance(outcome, ConstellrError) and outcome.transient):
                self.push(force=True)
                try:
                    raise _fatal(outcome, client.url)
                finally:  # the raised error must not keep this frame alive through its local
                    del outcome
            if self.subscription and self.state == "connected":  # it dropped after it had connected
                self.gap_from = self.missed_since(outcome)
                if self.items_on_connection:
                    failures = 0
            failures += 1
            if not self.subscription and failures > len(backoff):
                self.push(force=True)
                raise FeedDropped(
                    tr("The dataset stream broke off {times} times; {count} items were loaded.").format(
                        times=failures, count=len(self.seen)
                    ),
                    method="GET",
                    url=client.url,
                    hint=tr("Try again later; the items loaded stay in the layer."),
                )
            log(f"Feed {self.feed.name}: {outcome}", Qgis.MessageLevel.Warning)
            delay = max(backoff[min(failures, len(backoff)) - 1], getattr(outcome, "retry_after", None) or 0)
            if not self.wait(delay):
                return self.finish("stopped")

    def missed_since(self, outcome: BaseException) -> datetime:
        """From when a subscription's items may have been missed, once its connection is gone: the end
        itself when everything sent had arrived (``clean``); else since the connection may have died
        unseen (keepalive notices within ``KEEPALIVE_DETECTION``), not before the last data."""
        now = datetime.now(timezone.utc)
        if isinstance(outcome, FeedDropped) and outcome.clean:
            return now
        return max(self.alive_at or now, now - timedelta(seconds=KEEPALIVE_DETECTION))

    def read_connection(self, client: FeedClient) -> BaseException | None:
        """Read one connection: None when it ended normally or the run is done, else what ended it."""
        events: queue.SimpleQueue = queue.SimpleQueue()
        stop = threading.Event()
        reader = threading.Thread(
            target=_pump, args=(client, stop, events), name="constellr-feed", daemon=True
        )
        reader.start()
        try:
            while not self.done():
                try:
                    event = events.get(timeout=self.next_push_in())
                except queue.Empty:
                    self.push()
                    continue
                if event is _END:
                    return None
                if isinstance(event, BaseException):
                    return event
                self.take(event)
            return None
        finally:
            stop.set()
            reader.join(READER_JOIN)

    def done(self) -> bool:
        return self.feedback.isCanceled() or (self.max_items is not None and len(self.seen) >= self.max_items)

    def take(self, event: Connected | RawLine | MalformedLine) -> None:
        now = datetime.now(timezone.utc)
        self.alive_at = now
        if isinstance(event, RawLine):
            event = event.parsed()
        if isinstance(event, Connected):
            self.connected(event)
        elif isinstance(event, FeedItem):
            self.add(event)
        else:
            self.malformed += 1
            if self.malformed <= MAX_LOGGED_MALFORMED:
                log(
                    f"Feed {self.feed.name}: line {event.line} skipped, {event.reason}: "
                    f"{self.client.redacted(event.excerpt)}",
                    Qgis.MessageLevel.Warning,
                )
            elif self.malformed == MAX_LOGGED_MALFORMED + 1:
                log(f"Feed {self.feed.name}: further malformed lines are counted, not logged.")
        self.push()

    def connected(self, event: Connected) -> None:
        self.state, self.retry_in = "connected", None
        self.items_on_connection = 0
        self.expected_bytes = event.length
        if self.gap_from is not None:
            gap = Gap(self.gap_from, event.at)
            self.gaps.append(gap)
            log(f"Feed {self.feed.name}: disconnected from {gap.start.isoformat()} to {gap.end.isoformat()}")
            self.gap_from = None
        self.push(force=True)

    def add(self, event: FeedItem) -> None:
        key = (event.item.collection or "", event.item.id)
        if key in self.seen:
            self.duplicates += 1
            return
        if self.max_items is not None and len(self.seen) >= self.max_items:
            return
        self.seen.add(key)
        self.items_on_connection += 1
        if not self.pending:
            self.pending_since = time.monotonic()
        self.pending.extend(footprint_features([event.item], self.fields))
        self.pending_texts.append(event.text)
        self.arrivals.append(time.monotonic())
        self.last_item_at = datetime.now(timezone.utc)
        if not self.subscription and self.expected_bytes:
            self.progressed(100.0 * event.received / self.expected_bytes)

    def progressed(self, percent: float) -> None:
        """Move the progress on (never back, as a restarted dataset stream would; 100 only at the end)."""
        percent = min(99.0, percent)
        if percent > self.progress:
            self.progress = percent
            self.feedback.setProgress(percent)

    def next_push_in(self) -> float:
        """Seconds until the next push is due, at most 0.1 (the cancel is checked that often)."""
        now = time.monotonic()
        due = self.pending_since + self.batch_seconds if self.pending else self.pushed_at + STATUS_EVERY
        return min(0.1, max(0.0, due - now))

    def push(self, *, force: bool = False) -> None:
        """Push the pending items (when due) or the status (when forced, or every STATUS_EVERY)."""
        now = time.monotonic()
        due = (
            len(self.pending) >= self.batch_size
            or (self.pending and now - self.pending_since >= self.batch_seconds)
            or (not self.pending and now - self.pushed_at >= STATUS_EVERY)
        )
        if not (force or due):
            return
        features, texts, self.pending, self.pending_texts = self.pending, self.pending_texts, [], []
        self.feedback.push(FeedBatch(features, texts, self.status()))
        self.pushed_at = now

    def wait(self, seconds: float) -> bool:
        """Wait before reconnecting, pushing the countdown; False when cancelled meanwhile."""
        self.state, self.retry_in = "reconnecting", seconds
        self.push(force=True)
        end = time.monotonic() + seconds
        while (remaining := end - time.monotonic()) > 0:
            if self.feedback.isCanceled():
                return False
            self.retry_in = remaining
            self.push()
            time.sleep(min(0.1, remaining))
        self.retry_in, self.state = None, "connecting"
        return not self.feedback.isCanceled()

    def finish(self, state: str) -> FeedStatus:
        self.state, self.retry_in = state, None
        if state == "finished" and not self.subscription:
            self.feedback.setProgress(100.0)
        self.push(force=True)
        return self.status()

    def items_per_minute(self) -> float:
        now = time.monotonic()
        while self.arrivals and now - self.arrivals[0] > 60.0:
            self.arrivals.popleft()
        window = max(1.0, min(60.0, now - self.started))
        return len(self.arrivals) * 60.0 / window

    def status(self) -> FeedStatus:
        received = len(self.seen)
        if self.state == "connecting":
            message = tr("Connecting to the feed…")
        elif self.state == "connected":
            message = tr_count(
                received, "Connected: {count} item received.", "Connected: {count} items received."
            )
        elif self.state == "reconnecting":
            message = tr("The connection was lost; reconnecting in {seconds} s.").format(
                seconds=math.ceil(self.retry_in or 0)
            )
        elif self.state == "finished":
            message = tr_count(received, "Finished: {count} item loaded.", "Finished: {count} items loaded.")
        else:
            message = tr_count(
                received, "Stopped: {count} item received.", "Stopped: {count} items received."
            )
        return FeedStatus(
            state=self.state,
            received=received,
            duplicates=self.duplicates,
            malformed=self.malformed,
            items_per_minute=self.items_per_minute(),
            last_item_at=self.last_item_at,
            gaps=tuple(self.gaps),
            retry_in=self.retry_in,
            message=message,
        )


def _fatal(error: BaseException, url: str) -> BaseException:
    """The error that ends a feed for good, in plain words (a refused token says what to do)."""
    if isinstance(error, AuthenticationError):
        return AuthenticationError(
            tr("The feed refused the token"),
            status=error.status,
            method="GET",
            url=url,
            hint=tr(
                "Check the feed's token: edit the feed and enter the token again (the provider's API token, "
                "without the word “Token”), or ask the provider for a new one."
            ),
        )
    if isinstance(error, PermissionDeniedError):
        return PermissionDeniedError(
            tr("The feed's token may not read this feed"),
            status=error.status,
            method="GET",
            url=url,
            hint=tr("Check that the token belongs to an account subscribed to the package."),
        )
    if isinstance(error, NotFoundError):
        return NotFoundError(
            tr("The feed does not exist"),
            status=error.status,
            method="GET",
            url=url,
            hint=tr(
                "Check the feed's address (the package name), and that the token's account may read "
                "the package."
            ),
        )
    return error
