"""The feed service against the sandbox: batches of footprints as items are published, reconnects without
duplicates and with the gap reported, malformed lines counted, a 10,000-item dataset, cancel, the token."""

from __future__ import annotations

import http.server
import json
import threading
import time
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

import pytest
from qgis.core import QgsApplication, QgsSettings

from constellr.plugin.api import AuthenticationError
from constellr.plugin.api.feeds import FeedDropped
from constellr.plugin.connection import CredentialsError, NetworkSettings
from constellr.plugin.feeds import (
    SETTINGS_KEY,
    Feed,
    FeedBatch,
    FeedKind,
    FeedSetupError,
    FeedStatus,
    describe_gap,
    feed_token,
    forget_token,
    guess_kind,
    read_feed,
    save_feeds,
    saved_feeds,
    store_token,
)
from constellr.plugin.search import FOOTPRINT_FIELDS
from constellr.plugin.tasks import TaskRunner
from sandbox.data import FEED_TOKEN, SYNTHETIC_FEED_SIZE
from sandbox.feeds import synthetic_lines
from sandbox.testing import SandboxServer

DEMO = "constellr-demo"
DIRECT = NetworkSettings()  # no proxy: the sandbox is on this computer
QUICK = (0.1, 0.2)  # reconnect waits, in seconds


class Collector:
    """A streaming feedback (any thread): records batches and progress, cancelled by ``cancel()``."""

    def __init__(self) -> None:
        self.batches: list[FeedBatch] = []
        self.progress: list[float] = []
        self._cancelled = threading.Event()

    def setProgress(self, progress: float) -> None:
        self.progress.append(progress)

    def isCanceled(self) -> bool:
        return self._cancelled.is_set()

    def push(self, partial: FeedBatch) -> None:
        self.batches.append(partial)

    def cancel(self) -> None:
        self._cancelled.set()

    def item_ids(self) -> list[str]:
        return [json.loads(text)["id"] for batch in list(self.batches) for text in batch.items]

    def feature_ids(self) -> list[str]:
        return [feature["item_id"] for batch in list(self.batches) for feature in batch.features]

    @property
    def status(self) -> FeedStatus:
        return self.batches[-1].status


def wait_until(condition, timeout: float = 10.0, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.01)


def subscription(sb: SandboxServer) -> Feed:
    return Feed("demo live", f"{sb.api_url}/subscription/v1/?package={DEMO}", FeedKind.SUBSCRIPTION)


def dataset(sb: SandboxServer, package: str = DEMO) -> Feed:
    return Feed(package, f"{sb.api_url}/api/dataset/v1/{package}/stream/", FeedKind.DATASET)


class Run:
    """``read_feed`` in a worker thread of its own, as a task runs it."""

    def __init__(self, feed: Feed, token: str = FEED_TOKEN, **options: object) -> None:
        self.feedback = Collector()
        self.status: FeedStatus | None = None
        self.error: BaseException | None = None
        options.setdefault("backoff", QUICK)
        self._thread = threading.Thread(target=self._work, args=(feed, token, options), daemon=True)
        self._thread.start()

    def _work(self, feed: Feed, token: str, options: dict) -> None:
        try:
            self.status = read_feed(feed, token, self.feedback, network=DIRECT, **options)
        except Exception as error:  # noqa: BLE001 - the test looks at it
            self.error = error

    def stop(self) -> FeedStatus:
        self.feedback.cancel()
        self._thread.join(5)
        assert not self._thread.is_alive()
        assert self.error is None, self.error
        assert self.status is not None
        return self.status


@pytest.fixture
def sb(sandbox: SandboxServer) -> Iterator[SandboxServer]:
    yield sandbox
    sandbox.feeds.clear_faults()


@pytest.fixture
def running(sb: SandboxServer) -> Iterator:
    """``running(feed, **options)``: a started subscription, connected; stopped after the test."""
    runs: list[Run] = []

    def start(feed: Feed, **options: object) -> Run:
        runs.append(Run(feed, **options))
        wait_until(lambda: sb.feeds.subscribers(DEMO) == len(runs), what="the subscription")
        return runs[-1]

    yield start
    for run in runs:
        run.feedback.cancel()


def ids_of(items: list[dict]) -> list[str]:
    return [item["id"] for item in items]


def test_the_kind_is_guessed_from_the_address() -> None:
    assert guess_kind("wss://datasphere.example.com/subscription/v1/?package=a") is FeedKind.SUBSCRIPTION
    assert guess_kind("https://datasphere.example.com/api/dataset/v1/a/stream/") is FeedKind.DATASET


def test_items_published_while_the_feed_reads_arrive_in_batches_of_footprints(sb, running) -> None:
    run = running(subscription(sb))
    first, second = sb.feeds.make_items(3), sb.feeds.make_items(2)
    sb.feeds.publish(DEMO, first)
    wait_until(lambda: set(ids_of(first)) <= set(run.feedback.item_ids()), what="the first items")
    sb.feeds.publish(DEMO, second)
    wait_until(lambda: set(ids_of(second)) <= set(run.feedback.item_ids()), what="the second items")
    status = run.stop()

    received = run.feedback.item_ids()
    assert received == run.feedback.feature_ids()
    assert received[-5:] == ids_of(first + second)
    assert len(set(received)) == len(received) == status.received
    assert status.state == "stopped"
    assert status.gaps == ()
    assert status.items_per_minute > 0
    assert status.last_item_at is not None
    assert status.last_item_at <= datetime.now(timezone.utc)
    batch = next(batch for batch in run.feedback.batches if batch.features)
    assert batch.features[0].fields().names() == [name for name, _ in FOOTPRINT_FIELDS]
    assert not batch.features[0].geometry().isEmpty()
    states = [batch.status.state for batch in run.feedback.batches]
    assert states[0] == "connecting"
    assert "connected" in states


def test_a_drop_mid_line_reconnects_without_duplicates_and_reports_the_gap(sb, running) -> None:
    sb.feeds.fault("drop_mid_line", after_items=2, package=DEMO, stream="subscription")
    run = running(subscription(sb))
    before = datetime.now(timezone.utc)
    lost_with_the_drop = sb.feeds.make_items(4)
    sb.feeds.publish(DEMO, lost_with_the_drop)  # two arrive, the third breaks off, the fourth is not sent
    wait_until(lambda: run.feedback.batches and run.feedback.status.gaps, what="the reconnect")
    reconnected = datetime.now(timezone.utc)
    wait_until(lambda: sb.feeds.subscribers(DEMO) == 1, what="the new connection")
    after = sb.feeds.make_items(2)
    sb.feeds.publish(DEMO, [*after, lost_with_the_drop[0]])  # the first one again: not a new item
    wait_until(lambda: run.feedback.status.duplicates == 1, what="the repeated item")
    status = run.stop()

    received = run.feedback.item_ids()
    assert set(ids_of(lost_with_the_drop[:2] + after)) <= set(received)
    assert not set(ids_of(lost_with_the_drop[2:])) & set(received)
    assert len(received) == len(set(received)) == status.received
    assert status.duplicates == 1
    (gap,) = status.gaps
    assert before <= gap.start <= gap.end <= reconnected
    assert "reconnecting" in [batch.status.state for batch in run.feedback.batches]
    sentence = describe_gap(gap)
    assert gap.start.strftime("%H:%M:%S") in sentence
    assert gap.end.strftime("%H:%M:%S") in sentence
    assert "may have been missed" in sentence


def test_a_subscription_that_ends_cleanly_reports_the_gap_from_its_end_not_from_its_last_item(
    sb, running
) -> None:
    run = running(subscription(sb))
    sb.feeds.publish(DEMO, sb.feeds.make_items(1))
    wait_until(run.feedback.item_ids, what="the item")
    time.sleep(1.5)  # a quiet feed: nothing was missed while the connection was open
    ended = datetime.now(timezone.utc)
    sb.feeds.reset()  # the server ends the stream cleanly
    wait_until(lambda: run.feedback.status.gaps, what="the reconnect")
    (gap,) = run.stop().gaps
    assert ended <= gap.start <= gap.end


def test_a_feed_that_asks_to_retry_later_is_retried_no_sooner(sb) -> None:
    sb.faults.add(kind="status", path="/subscription/v1/", method="GET", status=503, retry_after=2, times=1)
    run = Run(subscription(sb), backoff=(0.1,))
    wait_until(lambda: sb.feeds.subscribers(DEMO) == 1, what="the second attempt")
    status = run.stop()
    waits = [batch.status.retry_in for batch in run.feedback.batches if batch.status.retry_in is not None]
    assert max(waits) >= 1.9  # Retry-After: 2, not the backoff's 0.1 s
    assert status.gaps == ()  # it never connected before: no gap


def test_a_feed_that_keeps_answering_with_nothing_is_asked_with_a_growing_wait(sb) -> None:
    sb.faults.add(kind="status", path="/subscription/v1/", method="GET", status=503, times=None)
    run = Run(subscription(sb), backoff=(0.1, 0.4, 0.8))
    time.sleep(1.5)
    run.stop()
    attempts = [request for request in sb.requests if request.path == "/subscription/v1/"]
    assert 2 <= len(attempts) <= 4  # 0.1 + 0.4 + 0.8 s of waiting, not one attempt every 0.1 s


def test_garbage_lines_are_counted_and_skipped_and_the_feed_goes_on(sb, running) -> None:
    garbage = [b"{not json", b"[1,2]", b'{"type":"Feature","id":"x"}']
    sb.feeds.fault("garbage", lines=garbage, package=DEMO, stream="subscription")
    run = running(subscription(sb))
    published = sb.feeds.make_items(2)
    sb.feeds.publish(DEMO, published)
    wait_until(lambda: set(ids_of(published)) <= set(run.feedback.item_ids()), what="the items")
    later = sb.feeds.make_items(1)
    sb.feeds.publish(DEMO, later)
    wait_until(lambda: set(ids_of(later)) <= set(run.feedback.item_ids()), what="the later item")
    status = run.stop()
    assert status.malformed == 3
    assert status.received == len(run.feedback.item_ids())
    assert status.gaps == ()


def test_a_dataset_of_ten_thousand_items_is_loaded_with_progress(sb) -> None:
    feedback = Collector()
    status = read_feed(dataset(sb, "synthetic-10k"), FEED_TOKEN, feedback, network=DIRECT, batch_size=500)
    assert status.state == "finished"
    assert status.received == SYNTHETIC_FEED_SIZE
    ids = feedback.item_ids()
    assert len(ids) == len(set(ids)) == SYNTHETIC_FEED_SIZE
    assert len(feedback.feature_ids()) == SYNTHETIC_FEED_SIZE
    assert all(len(batch.features) <= 500 for batch in feedback.batches)
    assert len([batch for batch in feedback.batches if batch.features]) >= SYNTHETIC_FEED_SIZE // 500
    assert feedback.progress == [100.0]  # the stream is chunked: its length is known only at its end
    assert feedback.status.state == "finished"


def test_a_dataset_stream_that_breaks_off_is_read_again_without_duplicates(sb) -> None:
    sb.feeds.fault("drop_mid_line", after_items=1000, package="synthetic-10k", stream="dataset")
    feedback = Collector()
    status = read_feed(dataset(sb, "synthetic-10k"), FEED_TOKEN, feedback, network=DIRECT, backoff=QUICK)
    assert status.state == "finished"
    assert status.received == SYNTHETIC_FEED_SIZE
    assert status.duplicates == 1000
    assert len(set(feedback.item_ids())) == len(feedback.item_ids()) == SYNTHETIC_FEED_SIZE


def test_a_dataset_stream_that_keeps_breaking_off_ends_with_a_plain_error(sb) -> None:
    sb.feeds.fault("drop_mid_line", after_items=3, times=None, package=DEMO, stream="dataset")
    feedback = Collector()
    with pytest.raises(FeedDropped) as dropped:
        read_feed(dataset(sb), FEED_TOKEN, feedback, network=DIRECT, backoff=QUICK)
    assert "broke off 3 times; 3 items were loaded" in str(dropped.value)
    assert len(set(feedback.item_ids())) == 3


def test_a_cancel_ends_an_idle_subscription_task_within_a_second(sb, wait_for) -> None:
    runner = TaskRunner()
    statuses: list[FeedStatus] = []
    outcome: list[object] = []
    task = runner.start(
        "feed",
        lambda task: read_feed(subscription(sb), FEED_TOKEN, task, network=DIRECT),
        outcome.append,
        outcome.append,
        on_partial=lambda batch: statuses.append(batch.status),
    )
    wait_for(lambda: statuses and statuses[-1].state == "connected", what="the connection")
    time.sleep(0.3)  # nothing is published: the stream is idle
    cancelled_at = time.monotonic()
    task.cancel()
    wait_for(lambda: outcome, timeout=5, what="the end of the task")
    assert time.monotonic() - cancelled_at < 2.0
    (status,) = outcome
    assert isinstance(status, FeedStatus)
    assert status.state == "stopped"
    wait_until(lambda: sb.feeds.subscribers(DEMO) == 0, what="the connection to close")


def test_a_websocket_address_is_read_over_http(sb) -> None:
    feed = Feed(
        "ws", f"{sb.api_url.replace('http://', 'ws://')}/api/dataset/v1/{DEMO}/stream/", FeedKind.DATASET
    )
    feedback = Collector()
    status = read_feed(feed, FEED_TOKEN, feedback, network=DIRECT)
    assert status.state == "finished"
    assert status.received > 0
    assert [request.path for request in sb.requests if request.server == "api"] == [
        f"/api/dataset/v1/{DEMO}/stream/"
    ]


def test_a_refused_token_says_so_and_what_to_do(sb) -> None:
    wrong = "dsp_feed_not_a_valid_token_000000"
    with pytest.raises(AuthenticationError) as refused:
        read_feed(subscription(sb), wrong, Collector(), network=DIRECT, backoff=QUICK)
    message = str(refused.value)
    assert "The feed refused the token" in message
    assert "enter the token again" in message
    assert wrong not in message
    assert len([request for request in sb.requests if request.server == "api"]) == 1  # not retried


def test_an_unknown_package_is_reported_plainly(sb) -> None:
    feed = Feed("nope", f"{sb.api_url}/api/dataset/v1/no-such-package/stream/", FeedKind.DATASET)
    with pytest.raises(Exception, match="The feed does not exist") as missing:
        read_feed(feed, FEED_TOKEN, Collector(), network=DIRECT)
    assert "package name" in str(missing.value)


def test_an_address_that_cannot_carry_the_token_is_refused_before_anything_is_sent(sb) -> None:
    feed = Feed("plain", "ws://datasphere.example.com/subscription/v1/?package=a", FeedKind.SUBSCRIPTION)
    with pytest.raises(FeedSetupError, match="must use https"):
        read_feed(feed, FEED_TOKEN, Collector(), network=DIRECT)


def test_the_token_goes_to_the_feed_origin_only(sb) -> None:
    status = read_feed(dataset(sb), FEED_TOKEN, Collector(), network=DIRECT)
    assert status.received > 0
    carrying = [request for request in sb.requests if FEED_TOKEN in json.dumps(request.headers)]
    assert [(request.server, request.path) for request in carrying] == [
        ("api", f"/api/dataset/v1/{DEMO}/stream/")
    ]


@pytest.fixture
def master_password() -> Iterator[None]:
    assert QgsApplication.authManager().setMasterPassword("constellr-test-master", True)
    yield
    QgsSettings().remove(SETTINGS_KEY)


def test_the_token_is_kept_in_the_auth_database_and_never_in_the_settings(sb, master_password) -> None:
    feed = store_token(subscription(sb), FEED_TOKEN)
    assert feed.authcfg
    save_feeds([feed, dataset(sb)])
    settings = QgsSettings()
    settings.sync()
    assert FEED_TOKEN not in Path(settings.fileName()).read_text(encoding="utf-8", errors="replace")
    assert saved_feeds() == [feed, dataset(sb)]
    assert feed_token(saved_feeds()[0]) == FEED_TOKEN

    renewed = store_token(feed, "dsp_feed_renewed_token_1")
    assert renewed.authcfg == feed.authcfg
    assert feed_token(renewed) == "dsp_feed_renewed_token_1"
    forget_token(renewed)
    with pytest.raises(CredentialsError, match="enter it again"):
        feed_token(renewed)


def test_without_a_stored_token_the_environment_s_is_used(sb, monkeypatch) -> None:
    feed = dataset(sb)
    monkeypatch.delenv("CONSTELLR_FEED_TOKEN", raising=False)
    with pytest.raises(CredentialsError, match="has no token"):
        feed_token(feed)
    monkeypatch.setenv("CONSTELLR_FEED_TOKEN", FEED_TOKEN)
    assert feed_token(feed) == FEED_TOKEN


class _Announced(http.server.BaseHTTPRequestHandler):
    """A dataset stream that announces its length (not chunked), as a plain file server sends it."""

    body = b""

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/x-ndjson")
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *args: object) -> None:
        pass


def test_a_dataset_stream_of_known_length_shows_its_progress() -> None:
    body = b"".join(synthetic_lines())
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), type("Handler", (_Announced,), {"body": body}))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        feed = Feed("file", f"http://127.0.0.1:{server.server_address[1]}/synthetic.ndjson", FeedKind.DATASET)
        feedback = Collector()
        status = read_feed(feed, FEED_TOKEN, feedback, network=DIRECT)
    finally:
        server.shutdown()
        server.server_close()
    assert status.received == len(set(feedback.item_ids())) == SYNTHETIC_FEED_SIZE
    assert feedback.progress == sorted(feedback.progress)
    assert len([value for value in feedback.progress if 0 < value < 100]) > 10
    assert feedback.progress[-1] == 100.0
