"""Downloads never splice, truncate or keep damaged files, whatever the storage host does."""

from __future__ import annotations

import gzip
import hashlib
import threading
import time
from dataclasses import dataclass

import pytest

from constellr.plugin.api import ConstellrClient, DownloadCancelled, DownloadError, Expected, RetryPolicy
from constellr.plugin.api.download import safe_filename

from .stub import StubRequest, StubServer

ONE_TRY = RetryPolicy(max_attempts=1)


def multihash(data: bytes) -> str:
    return "1220" + hashlib.sha256(data).hexdigest()


@dataclass
class StoredObject:
    """A file on a scripted storage host: its bytes, its ETag, and how the host misbehaves."""

    body: bytes
    etag: str = '"v1"'
    honour_range: bool = True
    honour_if_range: bool = True
    drop_after: int | None = None  # close the connection after this many body bytes (once)
    stall_after: int | None = None  # stop sending (but keep the connection) after this many bytes
    chunked: bool = False
    gzip: bool = False

    def respond(self, request: StubRequest):
        wanted = request.headers.get("range", "")
        if_range = request.headers.get("if-range")
        start = int(wanted[6:-1]) if wanted.startswith("bytes=") and wanted.endswith("-") else 0
        use_range = start and self.honour_range and (if_range == self.etag or not self.honour_if_range)
        body = self.body[start:] if use_range else self.body
        if self.gzip:
            body = gzip.compress(body)
        head = [f"ETag: {self.etag}", "Content-Disposition: attachment; filename=lst.tiff"]
        if use_range:
            head = [
                "HTTP/1.1 206 Partial",
                *head,
                f"Content-Range: bytes {start}-{len(self.body) - 1}/{len(self.body)}",
            ]
        else:
            head = ["HTTP/1.1 200 OK", *head]
        if self.gzip:
            head.append("Content-Encoding: gzip")
        if self.chunked:
            head.append("Transfer-Encoding: chunked")
            payload = f"{len(body):x}\r\n".encode() + body + b"\r\n0\r\n\r\n"
        else:
            head.append(f"Content-Length: {len(body)}")
            payload = body
        yield ("\r\n".join(head) + "\r\n\r\n").encode()
        if self.stall_after is not None:
            yield payload[: self.stall_after]
            yield 30.0
            return
        if self.drop_after is not None:
            cut, self.drop_after = self.drop_after, None
            yield payload[:cut]
            raise OSError("drop")  # the stub closes the connection
        yield payload


@pytest.fixture
def storage():
    stored = StoredObject(bytes(range(256)) * 800)  # 204,800 bytes
    with StubServer(stored.respond) as server:
        server.stored = stored
        yield server


def fetch(storage, folder, **options):
    retry = options.pop("retry", RetryPolicy(max_attempts=3, backoff_base=0.01, max_total=5))
    with ConstellrClient("http://127.0.0.1:1", "k", retry=retry, **options.pop("client", {})) as client:
        return client.download_asset(f"{storage.url}/bucket/lst.tiff?X-Signature=abc", folder, **options)


def test_a_part_of_an_object_that_changed_is_not_resumed_but_started_over(storage, tmp_path) -> None:
    old = storage.stored.body
    storage.stored.drop_after = 100_000
    with pytest.raises(DownloadError):
        fetch(storage, tmp_path, retry=ONE_TRY)
    storage.stored.body, storage.stored.etag = bytes(reversed(old)), '"v2"'  # replaced on the server
    path = fetch(storage, tmp_path)
    assert path.read_bytes() == storage.stored.body  # all of the new file, nothing of the old
    assert storage.requests[-1].headers["if-range"] == '"v1"'


def test_a_host_that_ignores_if_range_cannot_splice_two_versions(storage, tmp_path) -> None:
    storage.stored.honour_if_range = False
    storage.stored.drop_after = 100_000
    with pytest.raises(DownloadError):
        fetch(storage, tmp_path, retry=ONE_TRY)
    storage.stored.body, storage.stored.etag = bytes(reversed(storage.stored.body)), '"v2"'
    path = fetch(storage, tmp_path)
    assert path.read_bytes() == storage.stored.body  # the 206 of another ETag was not appended
    assert [r.headers.get("range") for r in storage.requests[-2:]] == ["bytes=100000-", None]


def test_a_host_that_ignores_range_restarts_from_zero(storage, tmp_path) -> None:
    storage.stored.honour_range = False
    storage.stored.drop_after = 100_000
    path = fetch(storage, tmp_path)
    assert path.read_bytes() == storage.stored.body


def test_a_part_without_its_record_is_not_trusted(storage, tmp_path) -> None:
    (tmp_path / "lst.tiff.part").write_bytes(b"x" * 1000)  # of unknown origin
    path = fetch(storage, tmp_path)
    assert path.read_bytes() == storage.stored.body
    assert "range" not in storage.requests[-1].headers


def test_no_announced_length_and_no_checksum_is_never_marked_complete(storage, tmp_path) -> None:
    storage.stored.chunked = True
    with pytest.raises(DownloadError, match="could not be verified"):
        fetch(storage, tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_no_announced_length_but_a_matching_checksum_completes(storage, tmp_path) -> None:
    storage.stored.chunked = True
    path = fetch(storage, tmp_path, expected=Expected(multihash(storage.stored.body)))
    assert path.read_bytes() == storage.stored.body


def test_a_damaged_file_is_refused_and_nothing_is_kept(storage, tmp_path) -> None:
    with pytest.raises(DownloadError, match="arrived damaged"):
        fetch(storage, tmp_path, expected=Expected(multihash(b"another file")))
    assert list(tmp_path.iterdir()) == []


def test_a_file_of_the_wrong_size_is_refused(storage, tmp_path) -> None:
    with pytest.raises(DownloadError, match="instead of 5"):
        fetch(storage, tmp_path, expected=Expected(size=5))
    assert list(tmp_path.iterdir()) == []


def test_an_unknown_checksum_kind_is_not_an_error(storage, tmp_path) -> None:
    path = fetch(storage, tmp_path, expected=Expected("9999" + "00" * 4))
    assert path.read_bytes() == storage.stored.body


def test_a_compressed_answer_is_decoded_and_its_transfer_verified(storage, tmp_path) -> None:
    storage.stored.gzip = True
    path = fetch(storage, tmp_path)
    assert path.read_bytes() == storage.stored.body
    assert storage.requests[-1].headers["accept-encoding"] == "identity"


def test_a_cancel_ends_a_stalled_download_within_a_second_and_keeps_the_part(storage, tmp_path) -> None:
    storage.stored.stall_after = 70_000
    cancelled = threading.Event()
    threading.Timer(0.5, cancelled.set).start()
    started = time.monotonic()
    with pytest.raises(DownloadCancelled):
        fetch(storage, tmp_path, is_cancelled=cancelled.is_set)
    assert time.monotonic() - started < 1.5
    assert (tmp_path / "lst.tiff.part").stat().st_size == 70_000


def test_a_stalled_download_meets_its_deadline(storage, tmp_path) -> None:
    storage.stored.stall_after = 70_000
    started = time.monotonic()
    with pytest.raises(DownloadError, match="broke off"):
        fetch(storage, tmp_path, retry=ONE_TRY, client={"deadline": 1.0, "timeout": (1, 20)})
    assert time.monotonic() - started < 3


def test_a_link_that_parsers_read_differently_is_refused_before_any_request(storage, tmp_path) -> None:
    with (
        ConstellrClient("http://127.0.0.1:1", "k") as client,
        pytest.raises(DownloadError, match="user name"),
    ):
        client.download_asset(f"http://x@{storage.url[7:]}/bucket/lst.tiff", tmp_path)
    assert storage.requests == []


@pytest.mark.parametrize(
    "name", ["COM¹.tif", "lpt³", "CONIN$", "conout$.txt", "COM0.tiff", "LPT0", "nul .txt", "Aux.tar.gz"]
)
def test_every_name_windows_refuses_is_made_safe(name: str) -> None:
    assert safe_filename(name).startswith("_")
