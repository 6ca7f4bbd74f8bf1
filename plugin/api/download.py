"""Streamed, resumable downloads into a folder, under file names that cannot leave it.

Data goes to ``<name>.part`` in chunks (constant memory); an existing ``.part`` is resumed with a
Range request; the finished file is checked against the announced size and renamed atomically.
"""

from __future__ import annotations

import logging
import os
import re
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING, Callable
from urllib.parse import unquote, urlsplit

import requests

from .errors import ConstellrError, DownloadCancelled, DownloadError
from .retry import RetryPolicy
from .transport import DEFAULT_TIMEOUT, TRANSPORT_ERRORS, Transport, origin_of

if TYPE_CHECKING:
    from .client import ConstellrClient

log = logging.getLogger("constellr.api")

CHUNK_SIZE = 1024 * 1024
PART_SUFFIX = ".part"
MAX_NAME_BYTES = 200
FALLBACK_NAME = "download"

#: ``progress(bytes_done, bytes_total_or_None)``
ProgressCallback = Callable[[int, "int | None"], None]

_WINDOWS_RESERVED = frozenset(
    {"CON", "PRN", "AUX", "NUL", *(f"COM{n}" for n in range(1, 10)), *(f"LPT{n}" for n in range(1, 10))}
)
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


def _inside(folder: Path, name: str) -> Path:
    """``folder/name``, refusing any path that resolves (symbolic links included) elsewhere."""
    root = os.path.realpath(folder)
    path = os.path.realpath(os.path.join(root, name))
    if os.path.dirname(path) != root:
        raise DownloadError(f"Refusing to write outside the download folder: {name!r}")
    return Path(path)


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
) -> Path:
    """Download a pre-signed (or any public) URL into ``dest_dir``; returns the file's path.

    No credentials are sent. Through ``client`` (its proxies, timeouts and retries), else through
    ``session`` (e.g. one with proxies) or a new one. See ``fetch_file`` for the rest.
    """
    if client is not None:
        return client.download_asset(
            url, dest_dir, progress=progress, is_cancelled=is_cancelled, chunk_size=chunk_size
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
) -> Path:
    """Download ``url`` into ``dest_dir`` through ``transport``; returns the file's path.

    Resumes an existing ``.part``; a connection that breaks off mid-file is resumed within the
    transport's retry budget. Cancelling raises DownloadCancelled and keeps the ``.part``.
    """
    if origin_of(url) is None:
        hint = "Reload the item for a fresh link."
        raise DownloadError("Only http and https links can be downloaded", hint=hint)
    folder = Path(dest_dir)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DownloadError(f"Cannot create the folder {folder}: {exc.strerror}") from None
    retry = transport.retry
    started = retry.clock()
    failures = 0
    final: Path | None = None
    part: Path | None = None
    while True:
        _check_cancelled(is_cancelled)
        offset = part.stat().st_size if part is not None and part.exists() else 0
        headers = {"Accept-Encoding": "identity", **({"Range": f"bytes={offset}-"} if offset else {})}
        try:
            response = transport.request("GET", url, headers=headers, stream=True, credentials=credentials)
        except ConstellrError as error:
            if error.status != 416 or part is None:
                raise
            part.unlink()  # the part does not fit the file (any more): start over
            continue
        with response:
            if final is None or part is None:
                final = _inside(folder, _response_filename(response))
                part = _inside(folder, final.name + PART_SUFFIX)
                if part.exists() and part.stat().st_size:
                    continue  # ask again, now with a Range for what is there
            resume_point = _resume_point(response, offset)
            if resume_point is None:
                part.unlink()
                continue
            start, total = resume_point
            received = _receive(
                response,
                part,
                start=start,
                total=total,
                progress=progress,
                is_cancelled=is_cancelled,
                chunk_size=chunk_size,
            )
            if received:
                os.replace(part, final)
                log.debug("Downloaded %s", final.name)
                return final
        failures += 1
        delay = retry.delay_before_retry(failures, started)
        if delay is None:
            message = f"The connection broke off while downloading {final.name}"
            raise DownloadError(message, transient=True, method="GET", url=url)
        log.warning("Download of %s interrupted; resuming in %.1f s", final.name, delay)
        retry.sleep(delay)


def _check_cancelled(is_cancelled: Callable[[], bool] | None) -> None:
    if is_cancelled is not None and is_cancelled():
        raise DownloadCancelled()


def _resume_point(response: requests.Response, offset: int) -> tuple[int, int | None] | None:
    """Where the body starts in the file and the file's full size; None if a 206 does not fit the part."""
    if response.status_code == 206:
        match = _CONTENT_RANGE.fullmatch(response.headers.get("Content-Range", "").strip())
        if not match or int(match.group(1)) != offset:
            return None
        return offset, None if match.group(3) == "*" else int(match.group(3))
    length = response.headers.get("Content-Length", "")
    encoded = "Content-Encoding" in response.headers
    return 0, int(length) if length.isdigit() and not encoded else None


def _receive(
    response: requests.Response,
    part: Path,
    *,
    start: int,
    total: int | None,
    progress: ProgressCallback | None,
    is_cancelled: Callable[[], bool] | None,
    chunk_size: int,
) -> bool:
    """Write the body to ``part`` from ``start``; False if the connection broke off before the end."""
    done = start
    try:
        with part.open("ab" if start else "wb") as file:
            if progress is not None:
                progress(done, total)
            chunks = response.iter_content(chunk_size)
            while True:
                try:
                    chunk = next(chunks, None)
                except TRANSPORT_ERRORS:
                    return False
                if chunk is None:
                    break
                file.write(chunk)
                done += len(chunk)
                if progress is not None:
                    progress(done, total)
                _check_cancelled(is_cancelled)
    except OSError as exc:
        hint = "Check the free disk space and that the folder is writable."
        raise DownloadError(f"Could not write {part.name}: {exc.strerror}", hint=hint) from None
    if total is not None and done > total:
        part.unlink()
        raise DownloadError(f"The server sent more data than announced for {part.name}")
    return total is None or done == total
