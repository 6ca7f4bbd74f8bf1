"""The live STAC feeds: NDJSON subscription and dataset streams, over real sockets, and ``sb.feeds``."""

from __future__ import annotations

import contextlib
import json
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
import requests

from sandbox import data
from sandbox.testing import SandboxServer

from .conftest import Api
from .test_main import _free_port
from .test_stac_validator import HERE, VALIDATOR_PYTHON

DEMO = data.DEMO_FEED_PACKAGE
SYNTHETIC = data.SYNTHETIC_FEED_PACKAGE
TOKEN = {"Authorization": f"Token {data.FEED_TOKEN}"}
WAIT = 10.0  # seconds before a test gives up waiting for something that should happen at once
REPO_ROOT = Path(__file__).resolve().parents[2]
VALIDATE_ITEMS = """
import json, sys
from pathlib import Path
from pystac.validation import set_validator, validate_dict
from pystac.validation.stac_validator import JsonSchemaSTACValidator
validator = JsonSchemaSTACValidator()
for path in Path(sys.argv[1]).glob("*.json"):
    schema = json.loads(path.read_text())
    validator.schema_cache[schema["$id"]] = schema
set_validator(validator)
for line in sys.stdin:
    validate_dict(json.loads(line))
print("valid")
"""


def subscription_url(sb: SandboxServer, package: str = DEMO) -> str:
    return f"{sb.api_url}/subscription/v1/?package={package}"


def dataset_url(sb: SandboxServer, package: str) -> str:
    return f"{sb.api_url}/api/dataset/v1/{package}/stream/"


def wait_until(condition: Callable[[], bool], what: str, timeout: float = WAIT) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(0.005)


class Reader:
    """Reads a stream in a thread as raw bytes, as they arrive; records how the response ended."""

    def __init__(self, url: str, headers: dict[str, str] | None = None) -> None:
        self.response = requests.get(
            url, headers=TOKEN if headers is None else headers, stream=True, timeout=30
        )
        self.data = bytearray()
        self.error: Exception | None = None
        self.ended = threading.Event()
        self.arrivals: list[float] = []  # monotonic time of each chunk
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def _read(self) -> None:
        try:
            for chunk in self.response.iter_content(chunk_size=None):
                self.arrivals.append(time.monotonic())
                self.data += chunk
        except requests.RequestException as error:
            self.error = error
        finally:
            self.ended.set()

    def lines(self) -> list[bytes]:
        """The complete lines so far."""
        return bytes(self.data).split(b"\n")[:-1]

    def items(self, count: int) -> list[dict[str, Any]]:
        """The first ``count`` lines as JSON, once they have arrived."""
        wait_until(lambda: len(self.lines()) >= count, f"{count} lines")
        return [json.loads(line) for line in self.lines()[:count]]

    def wait_end(self) -> None:
        wait_until(self.ended.is_set, "the end of the response")

    def close(self) -> None:
        """Hang up (a shutdown wakes the reading thread; closing alone would leave it blocked)."""
        connection = self.response.raw.connection
        if connection is not None and connection.sock is not None:
            with contextlib.suppress(OSError):
                connection.sock.shutdown(socket.SHUT_RDWR)
        self.response.close()
        self._thread.join(timeout=WAIT)


@pytest.fixture
def open_reader(sb: SandboxServer) -> Iterator[Callable[..., Reader]]:
    readers: list[Reader] = []

    def open_(url: str, headers: dict[str, str] | None = None) -> Reader:
        reader = Reader(url, headers)
        readers.append(reader)
        return reader

    yield open_
    for reader in readers:
        reader.close()


def subscribe(sb: SandboxServer, open_reader: Callable[..., Reader], package: str = DEMO) -> Reader:
    """A subscription that the hub has registered (items published from now on reach it)."""
    before = sb.feeds.subscribers(package)
    reader = open_reader(subscription_url(sb, package))
    assert reader.response.status_code == 200, reader.response.text
    wait_until(lambda: sb.feeds.subscribers(package) > before, "the subscription")
    return reader


def without_signatures(item: dict[str, Any]) -> dict[str, Any]:
    """The item with its asset URLs' query (expiry and signature) removed."""
    assets = {key: {**asset, "href": asset["href"].split("?")[0]} for key, asset in item["assets"].items()}
    return {**item, "assets": assets}


def assert_valid_stac_items(lines: list[bytes]) -> None:
    """pystac validates every line as a STAC Item (core and declared extensions), offline."""
    assert VALIDATOR_PYTHON.exists(), f"{VALIDATOR_PYTHON} is missing: `make venv` installs it"
    result = subprocess.run(  # noqa: S603 - our own interpreter and script
        [str(VALIDATOR_PYTHON), "-c", VALIDATE_ITEMS, str(HERE / "stac_schemas")],
        input=b"\n".join(lines),
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert result.stdout.strip() == b"valid", (result.stdout + result.stderr).decode()[-3000:]


# --- dataset streams ---------------------------------------------------------------------------------


def test_dataset_stream_sends_every_synthetic_item_as_chunked_ndjson(sb):
    with requests.get(dataset_url(sb, SYNTHETIC), headers=TOKEN, stream=True, timeout=30) as response:
        assert response.status_code == 200
        assert response.headers["Content-Type"] == "application/x-ndjson"
        assert response.headers["Transfer-Encoding"] == "chunked"
        assert "Content-Length" not in response.headers
        body = response.content
    assert body.endswith(b"\n")
    lines = body.split(b"\n")[:-1]
    items = [json.loads(line) for line in lines]
    assert len(items) == data.SYNTHETIC_FEED_SIZE
    assert len({item["id"] for item in items}) == data.SYNTHETIC_FEED_SIZE
    assert all(
        json.dumps(item, separators=(",", ":"), ensure_ascii=False).encode() == line
        for item, line in zip(items, lines)
    )  # compact JSON, one item per line
    again = requests.get(dataset_url(sb, SYNTHETIC), headers=TOKEN, timeout=30).content
    assert again == body  # a stable order (and content)
    assert_valid_stac_items(lines[:: data.SYNTHETIC_FEED_SIZE // 50])


def test_demo_dataset_items_are_the_stac_items_of_the_demo_workspace(sb, api: Api):
    lines = requests.get(dataset_url(sb, DEMO), headers=TOKEN, timeout=30).content.split(b"\n")[:-1]
    streamed = [json.loads(line) for line in lines]
    searched = api.get("/stac/search", params={"limit": 1000}).json()["features"]
    assert sorted(item["id"] for item in streamed) == sorted(item["id"] for item in searched)
    by_id = {item["id"]: without_signatures(item) for item in searched}
    assert all(without_signatures(item) == by_id[item["id"]] for item in streamed)
    assert streamed == sorted(streamed, key=lambda item: item["properties"]["created"])  # delivery order
    thumbnail = requests.get(streamed[0]["assets"]["thumbnail"]["href"], timeout=30)
    assert thumbnail.status_code == 200  # pre-signed for the storage host, as /stac does
    assert_valid_stac_items(lines[::5])


def test_published_items_join_the_dataset_stream(sb):
    items = sb.feeds.make_items(3)
    sb.feeds.publish(SYNTHETIC, items)
    lines = requests.get(dataset_url(sb, SYNTHETIC), headers=TOKEN, timeout=30).content.split(b"\n")[:-1]
    assert [json.loads(line) for line in lines[-3:]] == items
    assert len(lines) == data.SYNTHETIC_FEED_SIZE + 3


# --- errors ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("headers", "detail"),
    [
        ({}, "Authentication credentials were not provided."),
        ({"Authorization": "Token not-a-feed-token"}, "Invalid token."),
        ({"Authorization": "Token"}, "Invalid token header. No credentials provided."),
        (
            {"Authorization": f"Token {data.FEED_TOKEN} x"},
            "Invalid token header. Token string should not contain spaces.",
        ),
        ({"Authorization": f"Bearer {data.FEED_TOKEN}"}, "Authentication credentials were not provided."),
        ({"X-Api-Key": data.DEMO_API_KEY}, "Authentication credentials were not provided."),
    ],
)
@pytest.mark.parametrize("stream", ["subscription", "dataset"])
def test_missing_or_invalid_token_is_401(sb, headers, detail, stream):
    url = subscription_url(sb) if stream == "subscription" else dataset_url(sb, DEMO)
    response = requests.get(url, headers=headers, timeout=30)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Token"
    assert response.headers["Content-Type"] == "application/json"
    assert response.json() == {"detail": detail}


def test_token_scheme_is_case_insensitive(sb):
    response = requests.get(
        dataset_url(sb, DEMO), headers={"Authorization": f"token {data.FEED_TOKEN}"}, timeout=30
    )
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("token", "package"), [(data.FEED_TOKEN, "no-such-package"), (data.OTHER_FEED_TOKEN, DEMO)]
)
def test_unknown_or_inaccessible_package_is_404(sb, token, package):
    headers = {"Authorization": f"Token {token}"}
    for url in (subscription_url(sb, package), dataset_url(sb, package)):
        response = requests.get(url, headers=headers, timeout=30)
        assert response.status_code == 404
        assert response.json() == {"detail": f"Package {package!r} not found."}


def test_subscription_without_package_is_400(sb):
    response = requests.get(f"{sb.api_url}/subscription/v1/", headers=TOKEN, timeout=30)
    assert response.status_code == 400
    assert response.json() == {"detail": "The package query parameter is required."}


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE", "HEAD"])
def test_other_methods_are_405(sb, method):
    for url in (subscription_url(sb), dataset_url(sb, DEMO)):
        response = requests.request(method, url, headers=TOKEN, timeout=30)
        assert response.status_code == 405
        assert response.headers["Allow"] == "GET"


def test_feed_requests_are_logged_with_their_headers(sb):
    requests.get(dataset_url(sb, DEMO), headers=TOKEN, timeout=30)
    logged = [entry for entry in sb.requests if entry.path == f"/api/dataset/v1/{DEMO}/stream/"]
    assert [entry.headers["authorization"] for entry in logged] == [TOKEN["Authorization"]]


# --- subscriptions -----------------------------------------------------------------------------------


def test_items_published_while_a_client_reads_arrive_one_per_line(sb, open_reader):
    reader = subscribe(sb, open_reader)
    assert reader.response.headers["Content-Type"] == "application/x-ndjson"
    assert reader.response.headers["Transfer-Encoding"] == "chunked"
    first = sb.feeds.make_items(1)
    sb.feeds.publish(DEMO, first)
    assert reader.items(1) == first  # before anything else is published: sent as it is published
    more = sb.feeds.make_items(3)
    sb.feeds.publish(DEMO, more)
    assert reader.items(4) == first + more
    assert not reader.ended.is_set()  # the connection stays open
    assert len({item["id"] for item in first + more}) == 4
    assert_valid_stac_items(reader.lines())


def test_items_published_before_the_connection_are_not_replayed(sb, open_reader):
    sb.feeds.publish(DEMO, sb.feeds.make_items(2))
    reader = subscribe(sb, open_reader)
    later = sb.feeds.make_items(1)
    sb.feeds.publish(DEMO, later)
    assert reader.items(1) == later
    sb.feeds.publish(DEMO, sb.feeds.make_items(1))
    wait_until(lambda: len(reader.lines()) == 2, "the next item")


def test_subscription_publishes_demo_deliveries_as_the_clock_passes_them(sb, open_reader, api: Api):
    before = {item["id"] for item in api.get("/stac/search", params={"limit": 1000}).json()["features"]}
    reader = subscribe(sb, open_reader)
    sb.clock.advance(timedelta(days=2))
    after = api.get("/stac/search", params={"limit": 1000}).json()["features"]
    new = {item["id"]: without_signatures(item) for item in after if item["id"] not in before}
    assert new  # the demo has deliveries every day
    streamed = reader.items(len(new))
    assert {item["id"] for item in streamed} == set(new)
    assert all(without_signatures(item) == new[item["id"]] for item in streamed)
    assert not reader.ended.is_set()


def test_subscriber_count_follows_open_connections(sb, open_reader):
    assert sb.feeds.subscribers(DEMO) == 0
    first = subscribe(sb, open_reader)
    subscribe(sb, open_reader)
    subscribe(sb, open_reader, SYNTHETIC)
    assert (sb.feeds.subscribers(DEMO), sb.feeds.subscribers(SYNTHETIC)) == (2, 1)
    first.close()
    wait_until(lambda: sb.feeds.subscribers(DEMO) == 1, "one subscriber less")


def test_reset_ends_open_subscriptions_cleanly(sb, open_reader):
    reader = subscribe(sb, open_reader)
    sb.reset()
    reader.wait_end()
    assert reader.error is None
    assert sb.feeds.subscribers(DEMO) == 0


# --- faults ------------------------------------------------------------------------------------------


def test_drop_mid_line_sends_half_a_line_then_closes_the_connection(sb, open_reader):
    reader = subscribe(sb, open_reader)
    sb.feeds.fault("drop_mid_line", after_items=1)
    items = sb.feeds.make_items(3)
    sb.feeds.publish(DEMO, items)
    reader.wait_end()
    assert isinstance(reader.error, requests.exceptions.ChunkedEncodingError)
    full, partial = bytes(reader.data).split(b"\n")
    assert json.loads(full) == items[0]
    second = json.dumps(items[1], separators=(",", ":")).encode()
    assert partial == (second + b"\n")[: (len(second) + 1) // 2]  # the first half of the line
    wait_until(lambda: sb.feeds.subscribers(DEMO) == 0, "the dropped subscription to be gone")
    again = subscribe(sb, open_reader)  # the fault was used up
    later = sb.feeds.make_items(2)
    sb.feeds.publish(DEMO, later)
    assert again.items(2) == later


def test_drop_mid_line_in_a_dataset_stream(sb, open_reader):
    sb.feeds.fault("drop_mid_line", after_items=100, stream="dataset", package=SYNTHETIC)
    reader = open_reader(dataset_url(sb, SYNTHETIC))
    reader.wait_end()
    assert isinstance(reader.error, requests.exceptions.ChunkedEncodingError)
    assert len(reader.lines()) == 100
    assert not reader.data.endswith(b"\n")  # half of item 101
    complete = requests.get(dataset_url(sb, SYNTHETIC), headers=TOKEN, timeout=30).content
    assert complete.count(b"\n") == data.SYNTHETIC_FEED_SIZE


def test_garbage_lines_come_before_the_next_item(sb, open_reader):
    reader = subscribe(sb, open_reader)
    garbage = [b"{not json", b"[1,2]", b'{"type":"Feature","id":"x"}']
    sb.feeds.fault("garbage", lines=garbage)
    items = sb.feeds.make_items(2)
    sb.feeds.publish(DEMO, items)
    wait_until(lambda: len(reader.lines()) == 5, "three garbage lines and two items")
    assert reader.lines()[:3] == garbage
    assert [json.loads(line) for line in reader.lines()[3:]] == items


def test_a_fault_fires_as_often_as_times_says_and_clear_faults_removes_it(sb, open_reader):
    reader = subscribe(sb, open_reader)
    sb.feeds.fault("garbage", lines=[b"x"], times=2)
    sb.feeds.publish(DEMO, sb.feeds.make_items(3))
    wait_until(lambda: len(reader.lines()) == 5, "two garbage lines and three items")
    assert [line == b"x" for line in reader.lines()] == [True, False, True, False, False]
    sb.feeds.fault("garbage", lines=[b"y"], times=None)
    sb.feeds.clear_faults()
    sb.feeds.publish(DEMO, sb.feeds.make_items(1))
    wait_until(lambda: len(reader.lines()) == 6, "the next item")
    assert reader.lines()[-1] != b"y"


def test_slow_waits_between_lines(sb, open_reader):
    reader = subscribe(sb, open_reader)
    sb.feeds.fault("slow", delay=0.2)
    published = time.monotonic()
    sb.feeds.publish(DEMO, sb.feeds.make_items(3))
    reader.items(3)
    assert len(reader.arrivals) == 3  # one line at a time
    assert reader.arrivals[-1] - published >= 3 * 0.2 - 0.01


def test_clear_faults_ends_a_slow_wait_at_once(sb, open_reader):
    reader = subscribe(sb, open_reader)
    sb.feeds.fault("slow", delay=60)
    items = sb.feeds.make_items(2)
    sb.feeds.publish(DEMO, items)
    sb.feeds.clear_faults()
    assert reader.items(2) == items  # long before a minute


def test_api_faults_apply_to_feed_endpoints(sb):
    sb.faults.add(kind="status", path="/api/dataset/v1/*/stream/", status=503, retry_after=1, times=1)
    refused = requests.get(dataset_url(sb, DEMO), headers=TOKEN, timeout=30)
    assert (refused.status_code, refused.headers["Retry-After"]) == (503, "1")
    assert requests.get(dataset_url(sb, DEMO), headers=TOKEN, timeout=30).status_code == 200


def test_fault_arguments_are_checked(sb):
    with pytest.raises(ValueError, match="Unknown feed fault kind"):
        sb.feeds.fault("explode")
    with pytest.raises(ValueError, match="lines"):
        sb.feeds.fault("garbage")
    with pytest.raises(ValueError, match="delay"):
        sb.feeds.fault("slow")
    with pytest.raises(KeyError):
        sb.feeds.publish("no-such-package", [])


# --- stopping ----------------------------------------------------------------------------------------


@pytest.fixture
def own_server(tmp_path) -> Iterator[SandboxServer]:
    server = SandboxServer(data_dir=tmp_path).start()
    yield server
    server.stop()


def test_stopping_the_server_ends_an_open_subscription_cleanly_and_at_once(own_server):
    reader = Reader(subscription_url(own_server))
    wait_until(lambda: own_server.feeds.subscribers(DEMO) == 1, "the subscription")
    own_server.feeds.fault("slow", delay=60)
    own_server.feeds.publish(DEMO, own_server.feeds.make_items(1))  # the stream now sleeps before a line
    started = time.monotonic()
    own_server.stop()
    stopped = time.monotonic() - started
    reader.wait_end()
    assert reader.error is None
    assert stopped < 3.0, f"stopping took {stopped:.1f} s"  # far from the slow fault's minute: no hang


def test_stopping_the_server_cuts_off_a_dataset_stream(own_server):
    own_server.feeds.fault("slow", delay=60, stream="dataset")
    reader = Reader(dataset_url(own_server, SYNTHETIC))
    own_server.stop()
    reader.wait_end()
    assert isinstance(reader.error, requests.exceptions.ChunkedEncodingError)  # seen as incomplete


# --- test helpers and the command line ---------------------------------------------------------------


def test_make_items_are_fresh_valid_items(sb):
    start = datetime(2026, 5, 1, 12, tzinfo=timezone.utc)
    items = sb.feeds.make_items(3, start)
    assert [item["properties"]["datetime"] for item in items] == [
        "2026-05-01T12:00:00Z",
        "2026-05-01T12:00:01Z",
        "2026-05-01T12:00:02Z",
    ]
    ids = {item["id"] for item in items + sb.feeds.make_items(3)}
    sb.reset()
    ids |= {item["id"] for item in sb.feeds.make_items(3)}
    assert len(ids) == 9
    assert_valid_stac_items([json.dumps(item).encode() for item in items])


def test_a_live_acquisition_is_a_demo_delivery_with_a_new_id_and_time_and_files_that_open(sb, api: Api):
    delivered = {
        item["id"]: item for item in api.get("/stac/search", params={"limit": 1000}).json()["features"]
    }
    first = sb.feeds.live_acquisition(sb.api_url, sb.storage_url)
    second = sb.feeds.live_acquisition(sb.api_url, sb.storage_url)
    assert first["id"] != second["id"]
    assert first["properties"]["order:id"] != second["properties"]["order:id"]  # one order after another
    original = delivered[first["id"].split("_LIVE")[0]]
    assert json.loads(json.dumps(first["geometry"])) == original["geometry"]
    assert first["properties"]["datetime"] == sb.clock.now().strftime("%Y-%m-%dT%H:%M:%SZ")
    assert "self" not in {link["rel"] for link in first["links"]}  # /stac does not know the new id
    answer = requests.get(first["assets"]["lst"]["href"], timeout=WAIT)
    assert answer.status_code == 200
    assert answer.content[:4] in (b"II*\x00", b"MM\x00*")  # the delivery's GeoTIFF
    assert_valid_stac_items([json.dumps(first).encode()])


def test_command_line_prints_the_feed_token_and_publishes_every_seconds(tmp_path):
    port, storage_port = _free_port(), _free_port()
    command = [sys.executable, "-m", "sandbox", "--port", str(port), "--storage-port", str(storage_port)]
    command += ["--data-dir", str(tmp_path), "--publish-every", "0.2"]
    process = subprocess.Popen(command, cwd=REPO_ROOT, stdout=subprocess.PIPE, text=True)  # noqa: S603 (fixed argv)
    try:
        output = ""
        for line in process.stdout:
            output += line
            if line.startswith("Press Ctrl-C"):
                break
        base = f"http://127.0.0.1:{port}"
        for text in (
            data.FEED_TOKEN,
            f"{base}/subscription/v1/?package={DEMO}",
            f"{base}/api/dataset/v1/{DEMO}/stream/",
        ):
            assert text in output
        reader = Reader(f"{base}/subscription/v1/?package={DEMO}")
        try:
            item = reader.items(1)[0]
        finally:
            reader.close()
        assert "_LIVE" in item["id"]  # a demo delivery published again as a new acquisition
        assert requests.get(item["assets"]["lst"]["href"], timeout=WAIT).status_code == 200
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=WAIT)
    assert process.returncode == 0
