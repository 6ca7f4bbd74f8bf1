"""Streamed, resumable downloads into a folder, under file names that cannot leave it.

Data goes to ``<name>.part`` in chunks (constant memory). Next to it, ``<name>.part.json`` records which
remote object the part holds (address without query, strong ``ETag`` or ``Last-Modified``, length): a
part is resumed only with ``Range`` + ``If-Range`` for that same object, else the download starts over,
so a file is never spliced from two versions. Bodies are asked for and taken only uncompressed. A file
is finished only when its length matches what the server announced (or, when none was announced, its
checksum matches the item's ``file:checksum``); the item's checksum and size are verified when given;
the part is then renamed atomically.
"""

from __future__ import annotations

import enum
import hashlib
import json
import logging
import os
import re
import threading
import unicodedata
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import timedelta
from email.utils import parsedate_to_datetime
from functools import cached_property, partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, NamedTuple
from urllib.parse import unquote, urlsplit

import requests

from .errors import ConstellrError, DownloadCancelled, DownloadError, public_url
from .guard import POLL_INTERVAL, Guard, guarded
from .retry import RetryPolicy
from .transport import DEFAULT_TIMEOUT, TRANSPORT_ERRORS, Transport
from .urls import UnsafeUrl, checked_url

if TYPE_CHECKING:
    from .client import ConstellrClient

log = logging.getLogger("constellr.api")

#: Bytes read at a time: small enough that a slow but steady link shows progress within the deadline.
CHUNK_SIZE = 64 * 1024
PART_SUFFIX = ".part"
SIDECAR_SUFFIX = ".part.json"
MAX_NAME_BYTES = 200
FALLBACK_NAME = "download"

#: ``progress(bytes_done, bytes_total_or_None)``
ProgressCallback = Callable[[int, "int | None"], None]
#: ``choose(folder, name) -> name``: the name a file gets in its folder, given the name the server sends.
NameChooser = Callable[[Path, str], str]
_naming = threading.local()

#: Every device name Windows refuses as a file name (with any extension), superscript digits included.
_WINDOWS_RESERVED = frozenset(
    {
        "CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$",
        *(f"{device}{digit}" for device in ("COM", "LPT") for digit in "0123456789¹²³"),
    }
)  # fmt: skip
#: Multihash codes (``file:checksum``) and the hash each names; blake2b and blake2s have a code per size.
_MULTIHASH = {0x11: "sha1", 0x12: "sha256", 0x13: "sha512", 0x14: "sha3_512", 0x15: "sha3_384",
              0x16: "sha3_256", 0x17: "sha3_224", 0x20: "sha384", 0x1013: "sha224", 0xD5: "md5"}  # fmt: skip
_BLAKE2B, _BLAKE2S = 0xB200, 0xB240  # + digest size in bytes
#: How long before the answer's ``Date`` a ``Last-Modified`` must lie to be a strong validator.
_STRONG_DATE_AGE = timedelta(seconds=60)
_WINDOWS_FORBIDDEN = re.compile(r'[<>:"|?*]')
_SEPARATORS = re.compile(r"[/\\]")
_CONTENT_RANGE = re.compile(r"bytes\s+(\d+)-(\d+)/(\d+|\*)")
_EXTENDED_FILENAME = re.compile(r"filename\*\s*=\s*([^';\s]*)'[^']*'([^;\s]+)", re.IGNORECASE)
_PLAIN_FILENAME = re.compile(r'filename\s*=\s*("(?:[^"\\]|\\.)*"|[^;]*)', re.IGNORECASE)


def safe_filename(name: str, fallback: str = FALLBACK_NAME) -> str:
    """A file name that is safe on Linux, macOS and Windows.

    Keeps only the last path component; drops control and invisible formatting characters;
    replaces characters Windows forbids; strips leading/trailing dots and spaces (so no ``..``
    or hidden files); prefixes reserved device names (CON, NUL, COM1, ...); limits the length
    to MAX_NAME_BYTES of UTF-8, keeping a short extension.
    """
    name = _SEPARATORS.split(name)[-1]
    name = "".join(char for char in name if unicodedata.category(char) not in ("Cc", "Cf"))
    name = _WINDOWS_FORBIDDEN.sub("_", name).strip(" .")
    if name.split(".")[0].rstrip().upper() in _WINDOWS_RESERVED:
        name = "_" + name
    return _shorten(name, MAX_NAME_BYTES) or fallback


def _shorten(name: str, limit: int) -> str:
    if len(name.encode()) <= limit:
        return name
    stem, dot, extension = name.rpartition(".")
    if not dot or len(extension) > 16:
        stem, extension = name, ""
    else:
        extension = "." + extension
    room = limit - len(extension.encode())
    return stem.encode()[:room].decode("utf-8", "ignore").rstrip(" .") + extension


def filename_from_content_disposition(value: str | None) -> str | None:
    """The file name of a ``Content-Disposition`` header (RFC 6266: ``filename*`` wins), unsanitised."""
    if not value:
        return None
    extended = _EXTENDED_FILENAME.search(value)
    if extended:
        charset, encoded = extended.groups()
        try:
            return unquote(encoded, encoding=charset or "utf-8", errors="replace")
        except LookupError:
            return unquote(encoded, errors="replace")
    plain = _PLAIN_FILENAME.search(value)
    if not plain:
        return None
    name = plain.group(1).strip()
    if name.startswith('"'):
        name = re.sub(r"\\(.)", r"\1", name[1:-1])
    return name or None


def _response_filename(response: requests.Response) -> str:
    """Name from ``Content-Disposition``, else from the last segment of the (final) URL's path."""
    name = filename_from_content_disposition(response.headers.get("Content-Disposition"))
    if not name:
        name = unquote(urlsplit(response.url).path.rsplit("/", 1)[-1])
    return safe_filename(name)


@contextmanager
def file_names(choose: NameChooser) -> Iterator[None]:
    """Every file this thread downloads in the ``with`` block is named by ``choose(folder, name)`` (a safe
    name in the same folder), e.g. so that two files the server names alike do not share one file."""
    outer = getattr(_naming, "choose", None)
    _naming.choose = choose
    try:
        yield
    finally:
        _naming.choose = outer


def _chosen_name(folder: Path, response: requests.Response) -> str:
    name = _response_filename(response)
    choose: NameChooser | None = getattr(_naming, "choose", None)
    return safe_filename(choose(folder, name)) if choose is not None else name


def _inside(folder: Path, name: str) -> Path:
    """``folder/name``, refusing any path that resolves (symbolic links included) elsewhere."""
    root = os.path.realpath(folder)
    path = os.path.realpath(os.path.join(root, name))
    if os.path.dirname(path) != root:
        raise DownloadError(f"Refusing to write outside the download folder: {name!r}")
    return Path(path)


class _Checksum(NamedTuple):
    """A parsed ``file:checksum``: how to hash, and the digest (a multihash may keep only its start)."""

    new: Callable[[], hashlib._Hash]
    digest: bytes


@dataclass(frozen=True)
class Expected:
    """What a STAC item says about a file: ``file:checksum`` (a multihash in hex) and ``file:size``."""

    checksum: str | None = None
    size: int | None = None

    @classmethod
    def from_asset(cls, fields: dict[str, Any]) -> Expected:
        """From a STAC asset's fields (missing or malformed values are ignored)."""
        checksum, size = fields.get("file:checksum"), fields.get("file:size")
        return cls(
            checksum if isinstance(checksum, str) else None,
            size if isinstance(size, int) and not isinstance(size, bool) else None,
        )

    def hasher(self) -> hashlib._Hash | None:
        """A fresh hash object for the checksum, or None when there is none or its hash is unknown."""
        return self._parsed.new() if self._parsed else None

    def digest_matches(self, hasher: hashlib._Hash) -> bool:
        """Whether the hashed bytes have the expected digest."""
        return self._parsed is not None and hasher.digest()[: len(self._parsed.digest)] == self._parsed.digest

    @cached_property
    def _parsed(self) -> _Checksum | None:
        return _parse_multihash(self.checksum) if self.checksum else None


def _parse_multihash(text: str) -> _Checksum | None:
    """The hash and digest of a hex multihash of a kind hashlib has; None (logged) otherwise."""
    try:
        code, rest = _varint(bytes.fromhex(text))
        length, digest = _varint(rest)
        new = _hash_for(code)
        if new is not None and len(digest) == length and 0 < length <= new().digest_size:
            return _Checksum(new, digest)
    except ValueError:  # not hex, not a multihash, or a hash this Python lacks (md5 under FIPS)
        pass
    log.debug("Checksum not verified: unknown or malformed multihash %.12s…", text)
    return None


def _hash_for(code: int) -> Callable[[], hashlib._Hash] | None:
    if code in _MULTIHASH:
        return partial(hashlib.new, _MULTIHASH[code], usedforsecurity=False)
    if _BLAKE2B < code <= _BLAKE2B + 64:
        return partial(hashlib.blake2b, digest_size=code - _BLAKE2B)
    if _BLAKE2S < code <= _BLAKE2S + 32:
        return partial(hashlib.blake2s, digest_size=code - _BLAKE2S)
    return None


def _varint(data: bytes) -> tuple[int, bytes]:
    value = 0
    for index, byte in enumerate(data[:9]):
        value |= (byte & 0x7F) << (7 * index)
        if not byte & 0x80:
            return value, data[index + 1 :]
    raise ValueError("not a varint")


@dataclass(frozen=True)
class _Origin:
    """Which remote object a part holds: its address without query, validators and full length."""

    source: str
    etag: str | None
    #: Only a strong one (RFC 9110 §8.8.2.2): sent at least a minute before the answer's ``Date``.
    last_modified: str | None
    length: int | None

    @classmethod
    def served(cls, response: requests.Response, source: str, length: int | None) -> _Origin:
        """The object an answer carries."""
        headers = response.headers
        return cls(source, headers.get("ETag"), _strong_date(headers), length)

    @classmethod
    def load(cls, text: str) -> _Origin:
        """A record written by ``_Target.begin``; ValueError when the text is not one."""
        fields = json.loads(text)
        if not isinstance(fields, dict):
            raise ValueError("not a record")
        origin = cls(**{name: fields.get(name) for name in ("source", "etag", "last_modified", "length")})
        texts_ok = all(isinstance(value, (str, type(None))) for value in (origin.etag, origin.last_modified))
        length_ok = origin.length is None or type(origin.length) is int
        if not (isinstance(origin.source, str) and texts_ok and length_ok):
            raise ValueError("not a record")
        return origin

    @property
    def validator(self) -> str | None:
        """What ``If-Range`` may carry (RFC 9110 §13.1.5): a strong ETag; a date only if there is no ETag."""
        if self.etag is None:
            return self.last_modified
        return None if self.etag.startswith("W/") else self.etag


def _strong_date(headers: Mapping[str, str]) -> str | None:
    """``Last-Modified`` if it may serve as a strong validator, else None."""
    modified, date = headers.get("Last-Modified"), headers.get("Date")
    if not modified or not date:
        return None
    try:
        age = parsedate_to_datetime(date) - parsedate_to_datetime(modified)
    except (TypeError, ValueError, IndexError, OverflowError):  # malformed, or one naive and one aware
        return None
    return modified if age >= _STRONG_DATE_AGE else None


class _Outcome(enum.Enum):
    DONE = "done"
    #: The part is not of the object served (only ever after a Range request): start from zero.
    RESTART = "restart"
    #: The connection broke or stalled: resume within the retry budget.
    INTERRUPTED = "interrupted"


@dataclass
class _Target:
    """The final file, its ``.part`` and the part's record of where it comes from."""

    final: Path
    part: Path
    sidecar: Path

    @classmethod
    def in_folder(cls, folder: Path, name: str) -> _Target:
        final = _inside(folder, name)
        return cls(
            final, _inside(folder, final.name + PART_SUFFIX), _inside(folder, final.name + SIDECAR_SUFFIX)
        )

    def resumable(self, source: str) -> tuple[int, _Origin] | None:
        """(bytes held, their origin) when the part can be resumed from ``source``; else None."""
        try:
            held = self.part.stat().st_size
            origin = _Origin.load(self.sidecar.read_text("utf-8"))
        except (OSError, ValueError):
            return None
        if not held or origin.source != source or origin.validator is None:
            return None
        if origin.length is not None and held >= origin.length:
            return None
        return held, origin

    def begin(self, origin: _Origin) -> None:
        """An empty part, then its record (in that order: a record never describes another object's bytes)."""
        self.part.write_bytes(b"")
        self.sidecar.write_text(json.dumps(asdict(origin)), "utf-8")

    def discard(self) -> None:
        for path in (self.part, self.sidecar):
            path.unlink(missing_ok=True)

    def finish(self) -> Path:
        """Give the verified part its final name in one step (replacing an older file of that name)."""
        try:
            os.replace(self.part, self.final)
        except OSError as exc:
            self.discard()
            raise DownloadError(
                f"Could not save {self.final.name}: {exc.strerror}",
                hint="Close any program that has the file open, then download it again.",
            ) from None
        self.sidecar.unlink(missing_ok=True)
        return self.final


def download(
    url: str,
    dest_dir: str | os.PathLike[str],
    *,
    client: ConstellrClient | None = None,
    session: requests.Session | None = None,
    progress: ProgressCallback | None = None,
    is_cancelled: Callable[[], bool] | None = None,
    chunk_size: int = CHUNK_SIZE,
    timeout: tuple[float, float] = DEFAULT_TIMEOUT,
    retry: RetryPolicy | None = None,
    expected: Expected | None = None,
) -> Path:
    """Download a pre-signed (or any public) URL into ``dest_dir``; returns the file's path.

    No credentials are sent. Through ``client`` (its proxies, timeouts and retries), else through
    ``session`` (e.g. one with proxies) or a new one. See ``fetch_file`` for the rest.
    """
    if client is not None:
        return client.download_asset(
            url,
            dest_dir,
            progress=progress,
            is_cancelled=is_cancelled,
            chunk_size=chunk_size,
            expected=expected,
        )
    transport = Transport(None, None, session=session, timeout=timeout, retry=retry)
    try:
        return fetch_file(
            transport,
            url,
            dest_dir,
            credentials=False,
            progress=progress,
            is_cancelled=is_cancelled,
            chunk_size=chunk_size,
            expected=expected,
        )
    finally:
        transport.close()


def fetch_file(
    transport: Transport,
    url: str,
    dest_dir: str | os.PathLike[str],
    *,
    credentials: bool,
    progress: ProgressCallback | None = None,
    is_cancelled: Callable[[], bool] | None = None,
    chunk_size: int = CHUNK_SIZE,
    expected: Expected | None = None,
) -> Path:
    """Download ``url`` into ``dest_dir`` through ``transport``; returns the file's path.

    Resumes a ``.part`` of the same object; a connection that breaks off or stalls mid-file is resumed
    within the transport's retry budget. Cancelling raises DownloadCancelled and keeps the ``.part``.
    """
    try:
        checked_url(url)
    except UnsafeUrl as problem:
        raise DownloadError(
            f"This download link cannot be used: {problem}", hint="Reload the item."
        ) from None
    folder = Path(dest_dir)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DownloadError(f"Cannot create the folder {folder}: {exc.strerror}") from None
    expected = expected or Expected()
    source = public_url(url)
    retry = transport.retry
    started = retry.clock()
    failures = 0
    target: _Target | None = None
    while True:
        _check_cancelled(is_cancelled)
        resume = target.resumable(source) if target else None
        headers = {"Accept-Encoding": "identity"}
        if resume:
            headers |= {"Range": f"bytes={resume[0]}-", "If-Range": str(resume[1].validator)}
        with guarded(is_cancelled, transport.deadline) as guard:
            try:
                response = transport.request(
                    "GET", url, headers=headers, stream=True, credentials=credentials
                )
            except ConstellrError as error:
                if error.status != 416 or target is None or resume is None:
                    raise
                target.discard()  # the part does not fit the file (any more): start over
                continue
            with response:
                if target is None:
                    target = _Target.in_folder(folder, _chosen_name(folder, response))
                    if target.resumable(source):
                        continue  # ask again, now with a Range for what is there
                outcome = _receive(
                    response,
                    target,
                    source=source,
                    resume=resume,
                    expected=expected,
                    guard=guard,
                    progress=progress,
                    chunk_size=chunk_size,
                )
        if outcome is _Outcome.DONE:
            log.debug("Downloaded %s", target.final.name)
            return target.finish()
        if outcome is _Outcome.RESTART:
            target.discard()  # the next request has no Range: it cannot end in another RESTART
            continue
        failures += 1
        delay = retry.delay_before_retry(failures, started)
        if delay is None:
            message = f"The connection broke off while downloading {target.final.name}"
            raise DownloadError(message, transient=True, method="GET", url=url)
        log.warning("Download of %s interrupted; resuming in %.1f s", target.final.name, delay)
        _pause(retry, delay, is_cancelled)


def _check_cancelled(is_cancelled: Callable[[], bool] | None) -> None:
    if is_cancelled is not None and is_cancelled():
        raise DownloadCancelled()


def _pause(retry: RetryPolicy, seconds: float, is_cancelled: Callable[[], bool] | None) -> None:
    """Wait before resuming, in short steps: a cancel ends the wait within a fraction of a second."""
    while seconds > 0:
        _check_cancelled(is_cancelled)
        step = min(POLL_INTERVAL, seconds)
        retry.sleep(step)
        seconds -= step


def _receive(
    response: requests.Response,
    target: _Target,
    *,
    source: str,
    resume: tuple[int, _Origin] | None,
    expected: Expected,
    guard: Guard,
    progress: ProgressCallback | None,
    chunk_size: int,
) -> _Outcome:
    """Write the body to the part, then verify it; RESTART when the part is not of the object served."""
    answer = _origin_of_answer(response, target, source, resume)
    if answer is None:
        return _Outcome.RESTART
    served, start = answer
    hasher = expected.hasher()
    if served.length is None and hasher is None:
        target.discard()
        raise DownloadError(
            f"{target.final.name} cannot be verified: the server announces no length "
            "and the item gives no checksum",
            hint="Try again later; if it persists, contact constellr support.",
        )
    try:
        if start:
            with target.part.open("rb") as held:
                for block in iter(lambda: held.read(CHUNK_SIZE), b""):
                    if hasher is not None:
                        hasher.update(block)
        else:
            target.begin(served)
        done = _write_body(
            response,
            target,
            start=start,
            total=served.length,
            hasher=hasher,
            guard=guard,
            progress=progress,
            chunk_size=chunk_size,
        )
    except OSError as exc:
        hint = "Check the free disk space and that the folder is writable."
        raise DownloadError(f"Could not write {target.part.name}: {exc.strerror}", hint=hint) from None
    if done is None:
        return _Outcome.INTERRUPTED
    return _verify(target, done=done, total=served.length, expected=expected, hasher=hasher)


def _origin_of_answer(
    response: requests.Response, target: _Target, source: str, resume: tuple[int, _Origin] | None
) -> tuple[_Origin, int] | None:
    """The object the answer carries and the offset its body starts at; None when the part is not of it.

    Refuses a compressed answer: its bytes are not the file's, and its length is not the file's.
    """
    name = target.final.name
    encoding = response.headers.get("Content-Encoding", "").strip().lower()
    if encoding not in ("", "identity"):
        target.discard()
        raise DownloadError(
            f"The storage server sent {name} compressed ({encoding}), so it cannot be verified",
            hint="Try again later; if it persists, contact constellr support.",
        )
    if response.status_code == 200:
        length = response.headers.get("Content-Length", "").strip()
        return _Origin.served(response, source, int(length) if length.isdigit() else None), 0
    if response.status_code != 206:
        raise DownloadError(f"The storage server answered HTTP {response.status_code} instead of {name}")
    start = resume[0] if resume else 0
    match = _CONTENT_RANGE.fullmatch(response.headers.get("Content-Range", "").strip())
    if match is None or int(match.group(1)) != start:
        if resume:
            return None
        raise DownloadError(f"The storage server sent a part of {name} that was not asked for")
    served = _Origin.served(response, source, None if match.group(3) == "*" else int(match.group(3)))
    if resume and (served.validator != resume[1].validator or resume[1].length not in (None, served.length)):
        return None  # another version of the file (a server that ignored If-Range): never splice the two
    return served, start


def _write_body(
    response: requests.Response,
    target: _Target,
    *,
    start: int,
    total: int | None,
    hasher: hashlib._Hash | None,
    guard: Guard,
    progress: ProgressCallback | None,
    chunk_size: int,
) -> int | None:
    """Append the body to the part; the bytes now held, or None if the connection broke or stalled."""
    done = start
    with target.part.open("ab") as file:
        if progress is not None:
            progress(done, total)
        chunks = _arrived_blocks(response, chunk_size)
        while True:
            try:
                chunk = next(chunks, None)
            except TRANSPORT_ERRORS:
                if guard.tripped() and guard.reason == Guard.CANCELLED:
                    raise DownloadCancelled() from None
                return None
            if chunk is None:
                file.flush()
                os.fsync(file.fileno())  # on disk before the rename makes it the file
                return done
            file.write(chunk)
            if hasher is not None:
                hasher.update(chunk)
            done += len(chunk)
            guard.progressed()
            if progress is not None:
                progress(done, total)
            if guard.tripped() and guard.reason == Guard.CANCELLED:
                raise DownloadCancelled()


def _arrived_blocks(response: requests.Response, size: int) -> Iterator[bytes]:
    """The body in blocks of at most ``size`` bytes, each handed over as soon as it has arrived.

    urllib3 2 fills a whole block before handing it over and drops it when the connection breaks
    on the way; ``read1`` gives what has arrived, so a broken download keeps every byte it received.
    The body is never compressed here (compressed answers are refused before it is read).
    """
    read1 = getattr(response.raw, "read1", None)
    if read1 is None:  # urllib3 1.x hands over what it read before a break
        yield from response.iter_content(size)
        return
    while block := read1(size):
        yield block


def _verify(
    target: _Target, *, done: int, total: int | None, expected: Expected, hasher: hashlib._Hash | None
) -> _Outcome:
    """DONE when the file is whole and as the item describes it; raise (part deleted) when it is damaged."""
    if total is not None and done < total:
        return _Outcome.INTERRUPTED
    if total is not None and done > total:
        problem = f"the server sent {done} bytes, more than the {total} it announced"
    elif expected.size is not None and done != expected.size:
        problem = f"{done} bytes instead of {expected.size}"
    elif hasher is not None and not expected.digest_matches(hasher):
        problem = "its checksum does not match the item's"
    else:
        return _Outcome.DONE
    target.discard()
    raise DownloadError(
        f"{target.final.name} arrived damaged ({problem}); try again",
        hint="Nothing of it was kept: the next download starts from the beginning.",
    )
