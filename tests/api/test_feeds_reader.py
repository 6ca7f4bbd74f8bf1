"""The pure-Python feed reader against the sandbox's NDJSON streams: items, malformed lines, drops, the
idle limit, cancel, and where the token goes."""

from __future__ import annotations

import http.server
import json
import threading
import time
from collections.abc import Iterator

import pytest

from constellr.plugin.api import AuthenticationError, CancelledError, ServerError
from constellr.plugin.api.feeds import (
    Connected,
    FeedClient,
    FeedDropped,
    FeedItem,
    FeedTokenAuth,
    MalformedLine,
    parse_line,
    stream_url,
)
from sandbox.data import FEED_TOKEN, SYNTHETIC_FEED_SIZE
from sandbox.testing import SandboxServer

DEMO = "constellr-demo"


def subscription_url(sb: SandboxServer, package: str = DEMO) -> str:
    return f"{sb.api_url}/subscription/v1/?package={package}"


def dataset_url(sb: SandboxServer, package: str = DEMO) -> str:
    return f"{sb.api_url}/api/dataset/v1/{package}/stream/"


def wait_until(condition, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


class Reading:
    """A subscription read in a thread of its own (as the service reads it), its events collected."""

    def __init__(self, client: FeedClient) -> None:
        self.events: list[object] = []
        self.error: BaseException | None = None
        self.cancelled = threading.Event()
        self.ended_at: float | None = None
        self._thread = threading.Thread(target=self._read, args=(client,), daemon=True)
        self._thread.start()

    def _read(self, client: FeedClient) -> None:
        try:
            for event in client.read(self.cancelled.is_set):
                self.events.append(event)
        except Exception as error:  # noqa: BLE001 - the test looks at it
            self.error = error
        self.ended_at = time.monotonic()

    def items(self) -> list[FeedItem]:
        return [event for event in self.events if isinstance(event, FeedItem)]

    def join(self) -> None:
        self._thread.join(10)
        assert not self._thread.is_alive()


@pytest.fixture
def reading(sb: SandboxServer) -> Iterator:
    readings: list[Reading] = []

    def start(client: FeedClient) -> Reading:
        readings.append(Reading(client))
        wait_until(lambda: sb.feeds.subscribers(DEMO) == len(readings))
        return readings[-1]

    yield start
    for reading_ in readings:
        reading_.cancelled.set()
        reading_.join()


# --- addresses and lines -------------------------------------------------------------------------------


def test_a_websocket_address_is_read_over_http_and_says_so() -> None:
    url, note = stream_url("wss://datasphere.example.com/subscription/v1/?package=lst")
    assert url == "https://datasphere.example.com/subscription/v1/?package=lst"
    assert note is not None
    assert "wss://" in note
    assert "https://datasphere.example.com/subscription/v1/" in note
    assert "package=lst" not in note  # the sentence shows the address without its query
    url, note = stream_url("ws://127.0.0.1:8000/subscription/v1/?package=a")
    assert url == "http://127.0.0.1:8000/subscription/v1/?package=a"
    assert note is not None
    assert "ws://" in note
    assert stream_url(" https://datasphere.example.com/api/dataset/v1/lst/stream/ ") == (
        "https://datasphere.example.com/api/dataset/v1/lst/stream/",
        None,
    )


@pytest.mark.parametrize(
    "url",
    ["ftp://example.com/feed", "datasphere.example.com/subscription/v1/", "wss://", "file:///etc/passwd"],
)
def test_other_addresses_are_refused_plainly(url: str) -> None:
    with pytest.raises(ValueError, match="https://"):
        stream_url(url)


def test_an_address_with_a_user_name_or_password_is_refused() -> None:
    with pytest.raises(ValueError, match="user name or password"):
        stream_url("wss://user:secret@datasphere.example.com/subscription/v1/")


def test_plain_http_to_another_computer_is_refused_before_the_token_travels() -> None:
    with pytest.raises(ValueError, match="must use https"):
        FeedClient("ws://datasphere.example.com/subscription/v1/?package=lst", FEED_TOKEN)


def test_a_token_pasted_with_its_scheme_word_or_quotes_is_handled() -> None:
    assert FeedTokenAuth("Token abc123").headers(lambda *_: "") == {"Authorization": "Token abc123"}
    with pytest.raises(ValueError, match="feed token") as refused:
        FeedTokenAuth("“abc123”")
    assert "abc123" not in str(refused.value)
    assert "abc123" not in repr(FeedTokenAuth("abc123"))


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        (b"{not json", "not JSON"),
        (b"[1,2]", "not a GeoJSON Feature"),
        (b'{"type":"FeatureCollection","features":[]}', "not a GeoJSON Feature"),
        (b'{"type":"Feature","id":"x"}', "no geometry"),
        (b'{"type":"Feature","id":"x","geometry":null}', "no geometry"),
        (b'{"type":"Feature","geometry":{"type":"Point","coordinates":[1,2]}}', "no item id"),
        (
            b'{"type":"Feature","id":"x","geometry":{"type":"Point","coordinates":[1,2]},"bbox":["a"]}',
            "valid",
        ),
    ],
)
def test_a_line_that_is_not_a_stac_item_says_why(line: bytes, reason: str) -> None:
    parsed = parse_line(7, line)
    assert isinstance(parsed, MalformedLine)
    assert parsed.line == 7
    assert reason in parsed.reason
    assert parsed.excerpt == line.decode()[:200]


# --- reading the sandbox's streams ---------------------------------------------------------------------


def test_a_dataset_stream_gives_every_item_once_then_ends(sb: SandboxServer) -> None:
    with FeedClient(dataset_url(sb, "synthetic-10k"), FEED_TOKEN) as client:
        events = list(client.read())
    assert isinstance(events[0], Connected)
    items = events[1:]
    assert all(isinstance(event, FeedItem) for event in items)
    assert len(items) == SYNTHETIC_FEED_SIZE
    assert len({event.item.id for event in items}) == SYNTHETIC_FEED_SIZE
    assert [event.line for event in items] == list(range(1, SYNTHETIC_FEED_SIZE + 1))


def test_items_published_while_the_subscription_is_open_arrive(sb: SandboxServer, reading) -> None:
    subscription = reading(FeedClient(subscription_url(sb), FEED_TOKEN))
    published = sb.feeds.make_items(3)
    sb.feeds.publish(DEMO, published)
    wait_until(lambda: len(subscription.items()) >= 3)
    assert [event.item.id for event in subscription.items()][-3:] == [item["id"] for item in published]
    assert isinstance(subscription.events[0], Connected)


def test_garbage_lines_are_reported_and_the_stream_goes_on(sb: SandboxServer, reading) -> None:
    garbage = [b"{not json", b"[1,2]", b'{"type":"Feature","id":"x"}']
    sb.feeds.fault("garbage", lines=garbage, package=DEMO, stream="subscription")
    subscription = reading(FeedClient(subscription_url(sb), FEED_TOKEN))
    published = sb.feeds.make_items(2)
    sb.feeds.publish(DEMO, published)
    wait_until(lambda: len(subscription.items()) >= 2)
    malformed = [event for event in subscription.events if isinstance(event, MalformedLine)]
    assert [event.excerpt for event in malformed] == [line.decode() for line in garbage]
    assert malformed[0].reason.startswith("not JSON")
    assert [event.reason for event in malformed[1:]] == ["not a GeoJSON Feature", "no geometry"]
    assert [event.item.id for event in subscription.items()] == [item["id"] for item in published]
    assert subscription.error is None


def test_a_drop_mid_line_is_reported_with_the_line_lost(sb: SandboxServer, reading) -> None:
    sb.feeds.fault("drop_mid_line", after_items=2, package=DEMO, stream="subscription")
    subscription = reading(FeedClient(subscription_url(sb), FEED_TOKEN))
    published = sb.feeds.make_items(4)
    sb.feeds.publish(DEMO, published)
    wait_until(lambda: subscription.ended_at is not None)
    assert isinstance(subscription.error, FeedDropped)
    assert not subscription.error.clean  # broken: items may have been lost since the last data
    assert subscription.error.transient
    assert [event.item.id for event in subscription.items()] == [item["id"] for item in published[:2]]
    assert not any(isinstance(event, MalformedLine) for event in subscription.events)  # lost, not malformed


def test_a_stream_silent_beyond_the_idle_limit_counts_as_dropped(sb: SandboxServer, reading) -> None:
    subscription = reading(FeedClient(subscription_url(sb), FEED_TOKEN, idle_limit=0.5))
    wait_until(lambda: subscription.ended_at is not None, timeout=5)
    assert isinstance(subscription.error, FeedDropped)
    assert "No data from the feed for 0.5 s" in str(subscription.error)
    assert subscription.error.clean  # closed by the reader: whatever was sent had arrived


def test_a_cancel_ends_an_idle_subscription_at_once(sb: SandboxServer, reading) -> None:
    subscription = reading(FeedClient(subscription_url(sb), FEED_TOKEN))
    time.sleep(0.3)  # connected, and nothing is published: the read blocks
    cancelled_at = time.monotonic()
    subscription.cancelled.set()
    subscription.join()
    assert isinstance(subscription.error, CancelledError)
    assert subscription.ended_at is not None
    assert subscription.ended_at - cancelled_at < 2.0
    wait_until(lambda: sb.feeds.subscribers(DEMO) == 0)


def test_a_refused_token_says_so_without_showing_it(sb: SandboxServer) -> None:
    wrong = "dsp_feed_not_a_valid_token_000000"
    with FeedClient(subscription_url(sb), wrong) as client, pytest.raises(AuthenticationError) as refused:
        list(client.read())
    assert refused.value.status == 401
    assert "token" in refused.value.hint
    assert wrong not in str(refused.value)


def test_the_token_goes_to_the_feed_only(sb: SandboxServer) -> None:
    with FeedClient(dataset_url(sb), FEED_TOKEN) as client:
        items = [event.item for event in client.read() if isinstance(event, FeedItem)]
    assert items
    assert any(asset.href.startswith(sb.storage_url) for item in items for asset in item.assets.values())
    carrying = [request for request in sb.requests if FEED_TOKEN in str(request.headers)]
    assert [(request.server, request.path) for request in carrying] == [
        ("api", f"/api/dataset/v1/{DEMO}/stream/")
    ]
    assert carrying[0].headers["authorization"] == f"Token {FEED_TOKEN}"


class _Redirecting(http.server.BaseHTTPRequestHandler):
    target = ""

    def do_GET(self) -> None:
        self.send_response(307)
        self.send_header("Location", self.target)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


def test_a_redirect_to_another_origin_loses_the_token(sb: SandboxServer) -> None:
    handler = type("Handler", (_Redirecting,), {"target": dataset_url(sb)})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/api/dataset/v1/{DEMO}/stream/"
        with FeedClient(url, FEED_TOKEN) as client, pytest.raises(ServerError) as refused:
            list(client.read())
    finally:
        server.shutdown()
        server.server_close()
    at_sandbox = [request for request in sb.requests if request.path == f"/api/dataset/v1/{DEMO}/stream/"]
    assert len(at_sandbox) == 1
    assert "authorization" not in at_sandbox[0].headers
    assert "redirected to another host, which answered HTTP 401" in str(refused.value)


class _Scripted(http.server.BaseHTTPRequestHandler):
    """Answers every GET with ``head`` (status line and headers) and ``body``, then closes."""

    head = b""
    body = b""

    def do_GET(self) -> None:
        self.wfile.write(self.head + b"\r\n" + self.body)
        self.wfile.flush()
        self.close_connection = True

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def scripted():
    """``serve(head, body)`` → the URL of a server that answers exactly that (stopped afterwards)."""
    servers = []

    def serve(head: bytes, body: bytes) -> str:
        handler = type("Handler", (_Scripted,), {"head": head, "body": body})
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/api/dataset/v1/x/stream/"

    yield serve
    for server in servers:
        server.shutdown()
        server.server_close()


def _item_line(item_id: str) -> bytes:
    square = [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]]
    feature = {"type": "Feature", "stac_version": "1.0.0", "id": item_id, "bbox": [0, 0, 1, 1],
               "geometry": {"type": "Polygon", "coordinates": square},
               "properties": {"datetime": "2026-07-01T10:00:00Z"}, "links": [], "assets": {}}  # fmt: skip
    return json.dumps(feature).encode() + b"\n"


def test_a_web_page_instead_of_a_stream_is_refused_not_read_again_and_again(scripted) -> None:
    page = b"<html><body>Please sign in</body></html>"
    head = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: %d\r\n" % len(page)
    with FeedClient(scripted(head, page), FEED_TOKEN) as client, pytest.raises(ServerError) as refused:
        list(client.read())
    assert "a web page, not a stream of STAC items" in str(refused.value)
    assert not refused.value.transient


def test_a_stream_cut_short_of_its_announced_length_is_a_drop_not_an_end(scripted) -> None:
    lines = _item_line("a") + _item_line("b")
    head = b"HTTP/1.1 200 OK\r\nContent-Type: application/x-ndjson\r\nContent-Length: %d\r\n" % (
        len(lines) + 500
    )
    with FeedClient(scripted(head, lines), FEED_TOKEN) as client:
        events = []
        with pytest.raises(FeedDropped):
            events.extend(client.read())
    assert [event.item.id for event in events if isinstance(event, FeedItem)] == ["a", "b"]


def test_a_byte_order_mark_before_the_first_line_is_no_reason_to_lose_it(scripted) -> None:
    lines = b"\xef\xbb\xbf" + _item_line("first") + _item_line("second")
    head = b"HTTP/1.1 200 OK\r\nContent-Type: application/x-ndjson\r\nContent-Length: %d\r\n" % len(lines)
    with FeedClient(scripted(head, lines), FEED_TOKEN) as client:
        events = list(client.read())
    assert [event.item.id for event in events if isinstance(event, FeedItem)] == ["first", "second"]
    assert not any(isinstance(event, MalformedLine) for event in events)


class _Trickling(http.server.BaseHTTPRequestHandler):
    """A stream that is neither chunked nor of announced length (it ends when the connection closes):
    one item, a pause, another item, then the close."""

    protocol_version = "HTTP/1.0"
    pause = 2.0

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/x-ndjson")
        self.end_headers()
        self.wfile.write(_item_line("early"))
        self.wfile.flush()
        time.sleep(self.pause)
        self.wfile.write(_item_line("late"))
        self.wfile.flush()

    def log_message(self, *args: object) -> None:
        pass


def test_an_item_of_a_stream_ended_by_its_close_arrives_when_sent_not_at_the_close() -> None:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Trickling)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    arrived: dict[str, float] = {}
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/api/dataset/v1/x/stream/"
        started = time.monotonic()
        with FeedClient(url, FEED_TOKEN) as client:
            for event in client.read():
                if isinstance(event, FeedItem):
                    arrived[event.item.id] = time.monotonic() - started
    finally:
        server.shutdown()
        server.server_close()
    assert list(arrived) == ["early", "late"]
    assert arrived["early"] < _Trickling.pause / 2 < _Trickling.pause <= arrived["late"]
