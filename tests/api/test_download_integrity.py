"""Downloads never splice, truncate or keep damaged files, whatever the storage host does.

The sandbox shows what it can (a replaced file, a host that ignores ``If-Range``, a compressed answer);
a scripted stub storage host shows the rest.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from dataclasses import dataclass
from email.utils import formatdate

import pytest

from constellr.plugin.api import (
    ConstellrClient,
    DownloadCancelled,
    DownloadError,
    Expected,
    RetryPolicy,
    StacAsset,
)
from constellr.plugin.api.download import safe_filename

from .stub import StubRequest, StubServer
from .test_downloads import large_item

ONE_TRY = RetryPolicy(max_attempts=1)
#: What the sandbox's ``replaced`` fault does to every byte of a file.
INVERTED = bytes(range(255, -1, -1))
NOW = time.time()


def varint(value: int) -> bytes:
    """Unsigned LEB128, as multihash codes and lengths are written."""
    out = bytearray()
    while True:
        out.append(value & 0x7F | (0x80 if value > 0x7F else 0))
        value >>= 7
        if not value:
            return bytes(out)


def multihash(data: bytes, code: int = 0x12, hasher=hashlib.sha256, keep: int | None = None) -> str:
    """``file:checksum`` of ``data``: code, digest length and digest (``keep``: truncated to that)."""
    digest = hasher(data).digest()[:keep]
    return (varint(code) + varint(len(digest)) + digest).hex()


@dataclass
class StoredObject:
    """A file on a scripted storage host: its bytes, its validators, and how the host misbehaves."""

    body: bytes
    etag: str | None = '"v1"'
    last_modified: str | None = None
    honour_range: bool = True
    honour_if_range: bool = True
    drop_after: int | None = None  # close the connection after this many body bytes (once)
    stall_after: int | None = None  # stop sending (but keep the connection) after this many bytes
    chunked: bool = False

    def respond(self, request: StubRequest):
        wanted = request.headers.get("range", "")
        if_range = request.headers.get("if-range")
        start = int(wanted[6:-1]) if wanted.startswith("bytes=") and wanted.endswith("-") else 0
        same = if_range in (self.etag, self.last_modified) or not self.honour_if_range
        use_range = start and self.honour_range and same
        if use_range and start >= len(self.body):
            yield b"HTTP/1.1 416 Range Not Satisfiable\r\nContent-Length: 0\r\n\r\n"
            return
        body = self.body[start:] if use_range else self.body
        head = ["Content-Disposition: attachment; filename=lst.tiff", f"Date: {formatdate(NOW, usegmt=True)}"]
        head += [f"ETag: {self.etag}"] if self.etag else []
        head += [f"Last-Modified: {self.last_modified}"] if self.last_modified else []
        if use_range:
            head = [
                "HTTP/1.1 206 Partial",
                *head,
                f"Content-Range: bytes {start}-{len(self.body) - 1}/{len(self.body)}",
            ]
        else:
            head = ["HTTP/1.1 200 OK", *head]
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


def fetch(storage, folder, signature="abc", **options):
    retry = options.pop("retry", RetryPolicy(max_attempts=3, backoff_base=0.01, max_total=5))
    with ConstellrClient("http://127.0.0.1:1", "k", retry=retry, **options.pop("client", {})) as client:
        return client.download_asset(
            f"{storage.url}/bucket/lst.tiff?X-Signature={signature}", folder, **options
        )


def interrupted(storage, folder, after: int = 100_000) -> None:
    """A first attempt that leaves ``after`` bytes in the part."""
    storage.stored.drop_after = after
    with pytest.raises(DownloadError, match="broke off"):
        fetch(storage, folder, retry=ONE_TRY)
    assert (folder / "lst.tiff.part").stat().st_size == after


# --- a part is resumed only for the same object ------------------------------------------------------


def test_a_fresh_link_to_the_same_object_resumes_the_part(storage, tmp_path) -> None:
    interrupted(storage, tmp_path)
    path = fetch(storage, tmp_path, signature="a-new-signature")  # pre-signed links differ each time
    assert path.read_bytes() == storage.stored.body
    assert storage.requests[-1].headers["range"] == "bytes=100000-"
    assert storage.requests[-1].headers["if-range"] == '"v1"'


def test_a_part_of_a_replaced_file_is_not_resumed(make_client, sb, tmp_path) -> None:
    asset = large_item(make_client()).assets["lst"]
    original = make_client().download_asset(asset, tmp_path / "clean").read_bytes()
    sb.faults.add(kind="drop", server="storage", path="/*", after_bytes=150_000, times=1)
    with pytest.raises(DownloadError, match="broke off"):
        make_client(retry=ONE_TRY).download_asset(asset, tmp_path / "later")
    sb.faults.add(kind="replaced", server="storage", path="/*")
    sb.requests.clear()
    path = make_client().download_asset(asset, tmp_path / "later")
    assert path.read_bytes() == original.translate(INVERTED)  # all of the new version
    assert [r.headers.get("range") for r in sb.requests] == [None, "bytes=150000-"]
    assert sb.requests[1].headers["if-range"].startswith('"')  # the old version's strong ETag
    assert list((tmp_path / "later").iterdir()) == [path]


def test_a_host_that_ignores_if_range_cannot_splice_a_replaced_file(make_client, sb, tmp_path) -> None:
    asset = large_item(make_client()).assets["lst"]
    original = make_client().download_asset(asset, tmp_path / "clean").read_bytes()
    sb.faults.add(kind="drop", server="storage", path="/*", after_bytes=150_000, times=1)
    with pytest.raises(DownloadError, match="broke off"):
        make_client(retry=ONE_TRY).download_asset(asset, tmp_path / "later")
    sb.faults.add(kind="replaced_ignoring_if_range", server="storage", path="/*")
    sb.requests.clear()
    path = make_client().download_asset(asset, tmp_path / "later")
    assert path.read_bytes() == original.translate(INVERTED)  # the 206 of the new version was not appended
    assert [r.headers.get("range") for r in sb.requests] == [None, "bytes=150000-", None]


def test_a_part_of_an_object_that_changed_is_not_resumed_but_started_over(storage, tmp_path) -> None:
    interrupted(storage, tmp_path)
    storage.stored.body, storage.stored.etag = bytes(reversed(storage.stored.body)), '"v2"'  # replaced
    path = fetch(storage, tmp_path)
    assert path.read_bytes() == storage.stored.body  # all of the new file, nothing of the old
    assert storage.requests[-1].headers["if-range"] == '"v1"'


def test_a_host_that_ignores_if_range_cannot_splice_two_versions(storage, tmp_path) -> None:
    storage.stored.honour_if_range = False
    interrupted(storage, tmp_path)
    storage.stored.body, storage.stored.etag = bytes(reversed(storage.stored.body)), '"v2"'
    path = fetch(storage, tmp_path)
    assert path.read_bytes() == storage.stored.body  # the 206 of another ETag was not appended
    assert [r.headers.get("range") for r in storage.requests[-2:]] == ["bytes=100000-", None]


def test_a_host_that_ignores_range_restarts_from_zero(storage, tmp_path) -> None:
    storage.stored.honour_range = False
    storage.stored.drop_after = 100_000
    path = fetch(storage, tmp_path)
    assert path.read_bytes() == storage.stored.body
    assert storage.requests[-1].headers["range"] == "bytes=100000-"  # answered with a 200 from zero


def test_a_date_is_the_validator_only_when_there_is_no_etag(storage, tmp_path) -> None:
    storage.stored.etag, storage.stored.last_modified = None, formatdate(NOW - 86_400, usegmt=True)
    interrupted(storage, tmp_path)
    path = fetch(storage, tmp_path)
    assert path.read_bytes() == storage.stored.body
    assert storage.requests[-1].headers["range"] == "bytes=100000-"
    assert storage.requests[-1].headers["if-range"] == storage.stored.last_modified


@pytest.mark.parametrize(
    ("etag", "modified_before_date"),
    [('W/"v1"', 86_400), (None, 10)],
    ids=["weak ETag (the date must not stand in for it)", "date too close to the answer's Date"],
)
def test_no_resume_without_a_strong_validator(storage, tmp_path, etag, modified_before_date) -> None:
    storage.stored.etag = etag
    storage.stored.last_modified = formatdate(NOW - modified_before_date, usegmt=True)
    interrupted(storage, tmp_path)
    path = fetch(storage, tmp_path)
    assert path.read_bytes() == storage.stored.body
    assert "range" not in storage.requests[-1].headers
    assert "if-range" not in storage.requests[-1].headers


def record(storage, **fields) -> str:
    source = {"source": f"{storage.url}/bucket/lst.tiff", "etag": '"v1"', "last_modified": None}
    return json.dumps({**source, "length": 204_800, **fields})


@pytest.mark.parametrize(
    "sidecar",
    [
        None,
        "not json",
        "[]",
        lambda storage: record(storage, length="204800"),
        lambda storage: record(storage, source=f"{storage.url}/bucket/another.tiff"),
    ],
    ids=["missing", "unreadable", "not a record", "a length that is not a number", "another object"],
)
def test_a_part_without_its_own_record_is_not_trusted(storage, tmp_path, sidecar) -> None:
    (tmp_path / "lst.tiff.part").write_bytes(b"x" * 1000)  # of unknown origin
    if sidecar is not None:
        (tmp_path / "lst.tiff.part.json").write_text(sidecar(storage) if callable(sidecar) else sidecar)
    path = fetch(storage, tmp_path)
    assert path.read_bytes() == storage.stored.body
    assert "range" not in storage.requests[-1].headers
    assert list(tmp_path.iterdir()) == [path]


def test_a_part_longer_than_the_file_starts_over(storage, tmp_path) -> None:
    (tmp_path / "lst.tiff.part").write_bytes(b"x" * 300_000)
    (tmp_path / "lst.tiff.part.json").write_text(record(storage, length=None))
    path = fetch(storage, tmp_path)  # 416 for bytes=300000-
    assert path.read_bytes() == storage.stored.body
    assert [r.headers.get("range") for r in storage.requests[-2:]] == ["bytes=300000-", None]


# --- a file is finished only when its length or checksum verifies it ----------------------------------


def test_no_announced_length_and_no_checksum_is_never_marked_complete(storage, tmp_path) -> None:
    storage.stored.chunked = True
    with pytest.raises(DownloadError, match="cannot be verified"):
        fetch(storage, tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_no_announced_length_but_a_matching_checksum_completes(storage, tmp_path) -> None:
    storage.stored.chunked = True
    path = fetch(storage, tmp_path, expected=Expected(multihash(storage.stored.body)))
    assert path.read_bytes() == storage.stored.body


def test_a_compressed_answer_is_refused_and_nothing_is_kept(client, sb, tmp_path) -> None:
    sb.faults.add(kind="gzip", server="storage", path="/*")
    with pytest.raises(DownloadError, match=r"compressed \(gzip\)"):
        client.download_asset(large_item(client).assets["lst"], tmp_path)
    assert list(tmp_path.iterdir()) == []
    storage_request = next(r for r in sb.requests if r.server == "storage")
    assert storage_request.headers["accept-encoding"] == "identity"


# --- the item's checksum and size ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "hasher", "keep"),
    [
        (0x11, hashlib.sha1, None),
        (0x12, hashlib.sha256, None),
        (0x12, hashlib.sha256, 20),  # a multihash may keep only the start of the digest
        (0x13, hashlib.sha512, None),
        (0x16, hashlib.sha3_256, None),
        (0xD5, hashlib.md5, None),
        (0xB220, lambda data: hashlib.blake2b(data, digest_size=32), None),
        (0xB260, lambda data: hashlib.blake2s(data, digest_size=32), None),
    ],
    ids=[
        "sha1",
        "sha2-256",
        "sha2-256 truncated",
        "sha2-512",
        "sha3-256",
        "md5",
        "blake2b-256",
        "blake2s-256",
    ],
)
def test_every_usual_checksum_kind_is_verified(storage, tmp_path, code, hasher, keep) -> None:
    body = storage.stored.body
    path = fetch(storage, tmp_path / "good", expected=Expected(multihash(body, code, hasher, keep)))
    assert path.read_bytes() == body
    with pytest.raises(DownloadError, match="arrived damaged"):
        fetch(storage, tmp_path / "bad", expected=Expected(multihash(b"another file", code, hasher, keep)))
    assert list((tmp_path / "bad").iterdir()) == []


def test_the_items_checksum_and_size_are_verified(client, sb, tmp_path) -> None:
    asset = large_item(client).assets["lst"]
    original = client.download_asset(asset, tmp_path / "clean").read_bytes()
    described = StacAsset.from_dict(
        "lst", {**asset.raw, "file:checksum": multihash(original), "file:size": len(original)}
    )
    assert client.download_asset(described, tmp_path / "good").read_bytes() == original
    wrong_size = StacAsset.from_dict("lst", {**asset.raw, "file:size": len(original) + 1})
    with pytest.raises(DownloadError, match="arrived damaged"):
        client.download_asset(wrong_size, tmp_path / "wrong size")
    sb.faults.add(kind="replaced", server="storage", path="/*")  # not the file the item describes
    with pytest.raises(DownloadError, match="arrived damaged"):
        client.download_asset(described, tmp_path / "damaged")
    assert list((tmp_path / "wrong size").iterdir()) == list((tmp_path / "damaged").iterdir()) == []


def test_an_unknown_checksum_kind_is_not_an_error(storage, tmp_path) -> None:
    path = fetch(storage, tmp_path, expected=Expected("9999" + "00" * 4))
    assert path.read_bytes() == storage.stored.body


# --- the final file appears whole or not at all -------------------------------------------------------


def test_a_file_that_cannot_take_its_final_name_is_an_error(storage, tmp_path) -> None:
    (tmp_path / "lst.tiff").mkdir()  # e.g. a file some program holds open on Windows
    (tmp_path / "lst.tiff" / "inside").write_bytes(b"")
    with pytest.raises(DownloadError, match=r"Could not save lst\.tiff"):
        fetch(storage, tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == ["lst.tiff"]


def test_a_cancel_ends_a_stalled_download_within_a_second_and_keeps_the_part(storage, tmp_path) -> None:
    storage.stored.stall_after = 70_000
    cancelled = threading.Event()
    threading.Timer(0.5, cancelled.set).start()
    started = time.monotonic()
    with pytest.raises(DownloadCancelled):
        fetch(storage, tmp_path, is_cancelled=cancelled.is_set)
    assert time.monotonic() - started < 1.5
    assert (tmp_path / "lst.tiff.part").stat().st_size == 70_000
    assert not (tmp_path / "lst.tiff").exists()


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
    "name",
    [
        *("CON", "prn.txt", "Aux.tar.gz", "nul .txt", "NUL. .tif", "con  ..txt"),
        *("COM0.tiff", "com9", "LPT0", "lpt9.log", "COM¹.tif", "com² .txt", "lpt³", "LPT¹.x"),
        *("CONIN$", "conout$.txt", "CONOUT$ .log"),
    ],
)
def test_every_name_windows_refuses_is_made_safe(name: str) -> None:
    assert safe_filename(name).startswith("_")
