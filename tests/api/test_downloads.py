"""Downloads: streamed, resumable, size-checked, never carrying credentials off the API host."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, quote, urlsplit

import pytest
import requests

from constellr.plugin.api import (
    DownloadCancelled,
    DownloadError,
    RetryPolicy,
    StacItem,
    StacSearch,
    download,
)
from constellr.plugin.api.download import PART_SUFFIX, SIDECAR_SUFFIX

from .conftest import requests_to
from .test_endpoints import aoi_named

CREDENTIAL_HEADERS = ("x-api-key", "authorization")


def large_item(client) -> StacItem:
    """A delivery for the 78 km wide "Po Valley Plain": its LST file is over a megabyte."""
    aoi = aoi_named(client, "Po Valley Plain")
    order = next(order for order in client.iter_orders(page_size=50) if order.area_of_interest_id == aoi.id)
    return next(iter(client.search(StacSearch.for_order(order.id, limit=1))))


def storage_requests(sb) -> list:
    return [r for r in sb.requests if r.server == "storage"]


def assert_no_credentials_reached_storage(sb) -> None:
    assert storage_requests(sb)
    for request in storage_requests(sb):
        assert not set(CREDENTIAL_HEADERS) & set(request.headers), request


def test_stac_asset_download(client, sb, tmp_path) -> None:
    item = large_item(client)
    reported: list[tuple[int, int | None]] = []
    path = client.download_asset(
        item.assets["lst"], tmp_path, progress=lambda done, total: reported.append((done, total))
    )
    assert path == tmp_path / f"{item.id}_LST.tiff"  # the name from Content-Disposition
    size = path.stat().st_size
    assert size > 200_000
    assert reported[0] == (0, size)
    assert reported[-1] == (size, size)
    assert [done for done, _ in reported] == sorted(done for done, _ in reported)
    assert list(tmp_path.iterdir()) == [path]  # no .part left behind
    assert_no_credentials_reached_storage(sb)
    assert storage_requests(sb)[0].headers["accept-encoding"] == "identity"


def test_resume_after_a_dropped_connection(make_client, sb, tmp_path) -> None:
    client = make_client()
    item = large_item(client)
    clean = client.download_asset(item.assets["lst"], tmp_path / "clean").read_bytes()
    sb.requests.clear()
    sb.faults.add(kind="drop", server="storage", path="/*", after_bytes=100_000, times=1)
    resumed = client.download_asset(item.assets["lst"], tmp_path / "resumed", chunk_size=16_384)
    assert resumed.read_bytes() == clean
    first, second = storage_requests(sb)
    assert "range" not in first.headers
    assert second.headers["range"] == "bytes=100000-"
    assert_no_credentials_reached_storage(sb)


def test_resume_in_a_later_call(make_client, sb, tmp_path) -> None:
    impatient = make_client(retry=RetryPolicy(max_attempts=1))
    item = large_item(impatient)
    clean = impatient.download_asset(item.assets["lst"], tmp_path / "clean").read_bytes()
    sb.faults.add(kind="drop", server="storage", path="/*", after_bytes=150_000, times=1)
    with pytest.raises(DownloadError) as caught:
        impatient.download_asset(item.assets["lst"], tmp_path / "later")
    assert caught.value.transient
    part, record = sorted((tmp_path / "later").iterdir())
    assert part.name.endswith(PART_SUFFIX)
    assert record.name.endswith(SIDECAR_SUFFIX)  # which object the part holds, with its validators
    assert part.stat().st_size == 150_000
    sb.requests.clear()
    done = make_client().download_asset(item.assets["lst"], tmp_path / "later")
    assert done.read_bytes() == clean
    last = storage_requests(sb)[-1].headers
    assert last["range"] == "bytes=150000-"
    assert last["if-range"].startswith('"')  # the part's strong ETag: resumed only if unchanged
    assert list((tmp_path / "later").iterdir()) == [done]


def test_cancel_keeps_the_part_for_later(client, sb, tmp_path) -> None:
    item = large_item(client)
    progress: list[int] = []
    with pytest.raises(DownloadCancelled):
        client.download_asset(
            item.assets["lst"],
            tmp_path,
            chunk_size=65_536,
            progress=lambda done, _total: progress.append(done),
            is_cancelled=lambda: len(progress) > 2,
        )
    part, _record = sorted(tmp_path.iterdir())
    assert part.name.endswith(PART_SUFFIX)
    partial = part.stat().st_size
    assert partial == progress[-1] > 0
    sb.requests.clear()
    path = client.download_asset(item.assets["lst"], tmp_path)
    assert list(tmp_path.iterdir()) == [path]
    assert storage_requests(sb)[-1].headers["range"] == f"bytes={partial}-"


def test_expired_link(client, sb, tmp_path) -> None:
    asset = large_item(client).assets["lst"]
    sb.clock.advance(timedelta(hours=2))
    with pytest.raises(DownloadError) as caught:
        client.download_asset(asset, tmp_path)
    assert caught.value.status == 403
    assert "expired" in caught.value.hint
    assert "X-Signature" not in str(caught.value)
    assert "?" not in caught.value.url


def test_legacy_download_follows_the_redirect_without_credentials(client, sb, tmp_path) -> None:
    asset = next(a for a in client.iter_legacy_assets(page_size=20) if a.key.endswith("_LST.tiff"))
    path = client.download_legacy_asset(asset, tmp_path)
    assert path.stat().st_size == asset.size
    assert path.name == asset.key.rsplit("/", 1)[-1]
    (api_request,) = requests_to(sb, "GET", "/assets/" + asset.key)
    assert api_request.headers["x-api-key"]  # the API host gets the key ...
    assert_no_credentials_reached_storage(sb)  # ... the storage host it redirects to does not


def test_plain_download_function(client, sb, tmp_path) -> None:
    asset = large_item(client).assets["metadata"]
    with requests.Session() as session:
        path = download(asset.href, tmp_path / "session", session=session)
    assert path.read_bytes().startswith(b"{")
    assert download(asset.href, tmp_path / "client", client=client).read_bytes() == path.read_bytes()
    assert_no_credentials_reached_storage(sb)


def test_non_http_links_are_refused(client, tmp_path) -> None:
    with pytest.raises(DownloadError, match="Only http and https"):
        client.download_asset("s3://bucket/path/lst.tiff", tmp_path)


# --- a small server of our own for what the sandbox does not do --------------------------------------

BODY = bytes(range(256)) * 1024


class _Storage(BaseHTTPRequestHandler):
    """Serves BODY; ``?cd=`` sets Content-Disposition; ``?range=ignore|shifted|always`` misbehaves on Range
    (``always``: a 206 of the whole file even when no Range was asked for)."""

    def do_GET(self) -> None:
        query = parse_qs(urlsplit(self.path).query)
        mode = query.get("range", ["honour"])[0]
        asked = self.headers.get("Range")
        start = int(asked.removeprefix("bytes=").rstrip("-")) if asked and mode != "ignore" else 0
        if mode == "shifted" and start:
            start -= 10
        partial = (asked and mode != "ignore") or mode == "always"
        self.send_response(206 if partial else 200)
        if partial:
            self.send_header("Content-Range", f"bytes {start}-{len(BODY) - 1}/{len(BODY)}")
        if "cd" in query:
            self.send_header("Content-Disposition", query["cd"][0])
        self.send_header("Content-Length", str(len(BODY) - start))
        self.end_headers()
        self.wfile.write(BODY[start:])

    def log_message(self, *args: object) -> None:
        """Quiet."""


@pytest.fixture(scope="module")
def storage_url() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Storage)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize(
    ("disposition", "expected"),
    [
        ('attachment; filename="../../escaped.bin"', "escaped.bin"),
        ('attachment; filename="/tmp/absolute.bin"', "absolute.bin"),
        ("attachment; filename*=UTF-8''..%2F..%2Fencoded.bin", "encoded.bin"),
        ('attachment; filename="..\\\\..\\\\windows.bin"', "windows.bin"),
        ('attachment; filename="CON"', "_CON"),
        ('attachment; filename=".."', "download"),
    ],
)
def test_hostile_names_stay_in_the_folder(storage_url, tmp_path, disposition: str, expected: str) -> None:
    folder = tmp_path / "a" / "b"
    path = download(f"{storage_url}/file.bin?cd={quote(disposition)}", folder)
    assert path == folder / expected
    assert path.read_bytes() == BODY
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")) == [
        "a",
        "a/b",
        f"a/b/{expected}",
    ]


@pytest.mark.parametrize("mode", ["ignore", "shifted"])
def test_a_server_that_does_not_resume_properly_restarts_from_zero(storage_url, tmp_path, mode: str) -> None:
    (tmp_path / "file.bin.part").write_bytes(b"stale bytes of an older attempt")
    path = download(f"{storage_url}/file.bin?range={mode}", tmp_path)
    assert path.read_bytes() == BODY


@pytest.mark.timeout(10)
def test_a_whole_file_sent_as_a_206_unasked_is_taken_not_asked_for_again(storage_url, tmp_path) -> None:
    path = download(f"{storage_url}/file.bin?range=always", tmp_path)
    assert path.read_bytes() == BODY
