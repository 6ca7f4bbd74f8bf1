"""Downloading the asset files of STAC items (and of the legacy ``/assets`` listing) into a folder.

Files land in ``<folder>/<acquisition time>_<item id>/<file name>`` (legacy: ``<folder>/<key's folders>/``),
several at a time in a thread pool. Each file goes through ``plugin.api.download``: streamed into a
``.part`` that a later run resumes, verified (length, ``file:size``, ``file:checksum``), renamed
atomically. After a file is verified, its size and checksum are recorded in a small manifest
(:data:`MANIFEST_NAME`) in its folder: a later run skips a file whose record still matches the file on
disk and the item's description of it, without any request. A pre-signed link that storage refuses
(expired) is replaced by fetching the item again, and the download continues from its ``.part``.
"""

from __future__ import annotations

import itertools
import json
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from .api import (
    CancelledError,
    ConstellrClient,
    ConstellrError,
    DownloadError,
    Expected,
    LegacyAsset,
    LegacyAssetPager,
    StacItem,
    cancellable,
    safe_filename,
)
from .api.download import file_names
from .i18n import tr, tr_count, translatable
from .rasters import has_expired
from .tasks import LOGGER, Streaming

DEFAULT_PARALLEL = 4
#: Bytes read at a time: big enough that the per-block work in Python stays small next to copying the
#: bytes (near curl's speed on a fast link), small enough to hold several at once (parallel × 256 KiB).
CHUNK_SIZE = 256 * 1024
MAX_PARALLEL = 8
MANIFEST_NAME = ".constellr-downloads.json"
#: Seconds between two progress reports of one file (its first and last are always reported).
PUSH_INTERVAL = 0.2
#: Storage statuses that mean "this signed link is no longer valid": fetch the item again.
_EXPIRED_STATUSES = (401, 403)
#: A link whose signature says it expires within this is renewed before it is used.
EXPIRY_MARGIN = timedelta(minutes=1)
_MANIFEST_LOCK = threading.Lock()
#: Failures whose reason a summary gives (a message-bar line stays readable with hundreds).
REASONS_SHOWN = 3


class FileState:
    """The states a file goes through (``FileProgress.state``; ``tr`` it when shown)."""

    WAITING = translatable("waiting")
    DOWNLOADING = translatable("downloading")
    DONE = translatable("done")
    SKIPPED = translatable("already complete")
    FAILED = translatable("failed")
    CANCELLED = translatable("cancelled")


@dataclass(frozen=True)
class FileProgress:
    """Where one file stands; pushed whenever it changes (at most every PUSH_INTERVAL while it arrives)."""

    item_id: str
    asset_key: str
    path: str | None
    received: int
    total: int | None
    state: str
    message: str = ""


@dataclass(frozen=True)
class DownloadedFile:
    """A file that is complete on disk; ``skipped`` when it already was (nothing downloaded)."""

    item: StacItem | None  # None for a legacy asset
    asset_key: str
    path: str
    skipped: bool


@dataclass
class DownloadReport:
    """What a download run did: complete files, failures (item id, asset key, message), cancelled."""

    files: list[DownloadedFile] = field(default_factory=list)
    failed: list[tuple[str, str, str]] = field(default_factory=list)
    cancelled: bool = False

    def summary(self) -> str:
        """One short plain sentence, e.g. "12 files downloaded, 3 already complete, 1 failed: …": counts,
        and the reasons of the first :data:`REASONS_SHOWN` failures (every one is in the log)."""
        downloaded = sum(not file.skipped for file in self.files)
        parts = [tr_count(downloaded, "{count} file downloaded", "{count} files downloaded")]
        if skipped := len(self.files) - downloaded:
            parts.append(tr("{count} already complete").format(count=skipped))
        if self.failed:
            shown = self.failed[:REASONS_SHOWN]
            reasons = "; ".join(
                tr("{asset} of {item}: {message}").format(asset=key, item=item_id, message=message)
                for item_id, key, message in shown
            )
            if more := len(self.failed) - len(shown):
                reasons = tr(
                    "{reasons}; and {more} more, each listed in the constellr tab of the QGIS log panel"
                ).format(reasons=reasons, more=more)
            parts.append(tr("{count} failed: {reasons}").format(count=len(self.failed), reasons=reasons))
        text = ", ".join(parts)
        if self.cancelled:
            return tr("{summary}. Cancelled: start the download again to resume the rest.").format(
                summary=text
            )
        return text + "."


def item_folder_name(item: StacItem) -> str:
    """``<acquisition time, compact UTC>_<item id>``, e.g. ``20260708T235815Z_LSTPRECISION_…``."""
    if item.acquired is None:
        return safe_filename(item.id)
    stamp = item.acquired.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    return safe_filename(f"{stamp}_{item.id}")


def legacy_folder(folder: str | os.PathLike[str], key: str) -> Path:
    """Where a legacy asset ``<order id>/<file name>`` goes: its key's folders, each made safe."""
    return Path(folder).joinpath(*(safe_filename(part) for part in key.split("/")[:-1] if part))


def size_text(size: int | None) -> str:
    """A file size in words: ``"350 kB"``, ``"1.3 MB"`` (decimal units); an em dash when unknown."""
    if size is None:
        return "—"
    if size < 1000:
        return tr("{count} bytes").format(count=size)
    value, units = size / 1000, ("kB", "MB", "GB", "TB")
    step = 0
    while value >= 1000 and step < len(units) - 1:
        value, step = value / 1000, step + 1
    return f"{value:.0f} {units[step]}" if step == 0 else f"{value:.1f} {units[step]}"


@dataclass(frozen=True)
class AssetChoice:
    """An asset key offered for download: its title and how many of the items have it."""

    key: str
    title: str
    count: int


def asset_choices(items: list[StacItem]) -> list[AssetChoice]:
    """The asset keys of the items (their union, in first-seen order) with a title and a count each."""
    titles: dict[str, str] = {}
    counts: dict[str, int] = {}
    for item in items:
        for key, asset in item.assets.items():
            titles.setdefault(key, asset.title or key)
            counts[key] = counts.get(key, 0) + 1
    return [AssetChoice(key, titles[key], counts[key]) for key in titles]


# -- the manifest of verified files ----------------------------------------------------------------------
def _manifest(folder: Path) -> dict[str, Any]:
    try:
        content = json.loads((folder / MANIFEST_NAME).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return content if isinstance(content, dict) else {}


def complete_file(folder: Path, key: str, expected: Expected) -> Path | None:
    """The file recorded for ``key`` when it is still complete: untouched on disk since it was verified
    (size, modification time) and the item still describes it so (``file:size``, ``file:checksum``)."""
    record = _manifest(folder).get(key)
    if not isinstance(record, dict) or not isinstance(record.get("file"), str):
        return None
    path = folder / safe_filename(record["file"])
    try:
        stat = path.stat()
    except OSError:
        return None
    if [stat.st_size, stat.st_mtime_ns] != [record.get("size"), record.get("mtime_ns")]:
        return None  # changed on disk since it was verified
    if expected.size not in (None, stat.st_size):
        return None
    if expected.checksum is not None and expected.checksum != record.get("checksum"):
        return None
    return path


def _record(folder: Path, key: str, path: Path, expected: Expected) -> None:
    """Add a verified file to its folder's manifest (written whole, then renamed: never half a record).

    A manifest that cannot be written only means the next run downloads the file again.
    """
    with _MANIFEST_LOCK:
        manifest = _manifest(folder)
        try:
            stat = path.stat()
            manifest[key] = {
                "file": path.name,
                "size": stat.st_size,
                "mtime_ns": stat.st_mtime_ns,
                "checksum": expected.checksum,
            }
            temporary = folder / (MANIFEST_NAME + ".tmp")
            temporary.write_text(json.dumps(manifest, indent=1, sort_keys=True), "utf-8")
            os.replace(temporary, folder / MANIFEST_NAME)
        except OSError as error:
            LOGGER.warning("Could not record %s as complete in %s: %s", path.name, folder, error.strerror)


# -- the parallel machinery --------------------------------------------------------------------------------
#: ``fetch(progress, is_cancelled) -> path``: download one file into its folder.
Fetch = Callable[[Callable[[int, "int | None"], None], Callable[[], bool]], Path]


@dataclass
class _Job:
    """One file to get: whose it is, where it goes, what it should be, and how to fetch it."""

    item: StacItem | None
    item_id: str
    key: str
    folder: Path
    expected: Expected
    fetch: Fetch | None  # None: there is nothing to fetch (``problem`` says why)
    problem: str = ""


class _Tally:
    """Per-file and total progress, shared by the worker threads."""

    def __init__(self, feedback: Streaming, jobs: list[_Job]) -> None:
        self._feedback = feedback
        self._lock = threading.Lock()
        self._received = [0] * len(jobs)
        self._totals: list[int | None] = [job.expected.size for job in jobs]
        self._finished = [False] * len(jobs)
        self._pushed = [0.0] * len(jobs)
        self._shown = 0.0

    def update(self, index: int, job: _Job, received: int, total: int | None) -> None:
        """Bytes of one file arrived (worker thread)."""
        now = time.monotonic()
        with self._lock:
            self._received[index] = received
            self._totals[index] = total if total is not None else self._totals[index]
            due = now - self._pushed[index] >= PUSH_INTERVAL or received == total
            if due:
                self._pushed[index] = now
        if due:
            self.push(job, None, received, total, FileState.DOWNLOADING)
            self.report_total()

    def finish(self, index: int, job: _Job, path: Path | None, state: str, message: str = "") -> None:
        """A file's outcome (worker thread)."""
        with self._lock:
            self._finished[index] = True
            if path is not None and state in (FileState.DONE, FileState.SKIPPED):
                self._received[index] = self._totals[index] = path.stat().st_size
            received, total = self._received[index], self._totals[index]
        self.push(job, path, received, total, state, message=message)
        self.report_total()

    def push(
        self, job: _Job, path: Path | None, received: int, total: int | None, state: str, *, message: str = ""
    ) -> None:
        self._feedback.push(
            FileProgress(job.item_id, job.key, str(path) if path else None, received, total, state, message)
        )

    def report_total(self) -> None:
        """Total progress to the feedback, never going back (the way of counting can change as sizes
        become known)."""
        with self._lock:
            self._shown = max(self._shown, self._percent())
            self._feedback.setProgress(self._shown)

    def _percent(self) -> float:
        """By bytes when every size is known, else by files (a file counting its known fraction)."""
        if all(total is not None for total in self._totals):
            whole = sum(self._totals)  # type: ignore[arg-type]
            return 100.0 * sum(self._received) / whole if whole else 100.0
        fractions = [
            1.0 if finished else (received / total if total else 0.0)
            for received, total, finished in zip(self._received, self._totals, self._finished)
        ]
        return 100.0 * sum(fractions) / len(fractions)


def _path_key(path: Path) -> str:
    return os.path.normcase(os.path.realpath(path))


class _Names:
    """The files of one run, one per job: a name the server gives two files of one folder (``lst/data.tif``
    and ``qa/data.tif``) goes to the first, the other gets ``<asset key>_<name>``. A job asking again (a
    renewed link) gets the name it had, so it finds its ``.part``."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._owners: dict[str, int] = {}  # path -> index of the job whose file it is

    def claim(self, index: int, path: Path) -> None:
        """A file already complete on disk keeps its name."""
        with self._lock:
            self._owners[_path_key(path)] = index

    def chooser(self, index: int, key: str) -> Callable[[Path, str], str]:
        """How job ``index`` (asset ``key``) names its file (see ``plugin.api.download.file_names``)."""

        def choose(folder: Path, name: str) -> str:
            prefix = key.replace("/", "_")
            numbered = (f"{prefix}_{number}_{name}" for number in itertools.count(2))
            candidates = (
                safe_filename(each) for each in itertools.chain((name, f"{prefix}_{name}"), numbered)
            )
            with self._lock:
                chosen = next(
                    free
                    for free in candidates
                    if self._owners.setdefault(_path_key(folder / free), index) == index
                )
            return chosen

        return choose


def _plain(error: BaseException) -> str:
    """A failure as the user reads it: what happened and what to do, without request details."""
    if isinstance(error, ConstellrError):
        return f"{error.message} — {error.hint}" if error.hint else error.message
    return tr("Unexpected problem: {error}. Details are in the constellr tab of the QGIS log panel.").format(
        error=error
    )


def _run_jobs(feedback: Streaming, jobs: list[_Job], parallel: int) -> DownloadReport:
    """Download every job, ``parallel`` at a time; one file's failure never stops the others."""
    tally = _Tally(feedback, jobs)
    names = _Names()
    complete: list[Path | None] = []
    for index, job in enumerate(jobs):
        tally.push(job, None, 0, job.expected.size, FileState.WAITING)
        done = complete_file(job.folder, job.key, job.expected) if job.fetch is not None else None
        if done is not None:
            names.claim(index, done)  # before any download may choose its name
        complete.append(done)

    def run(index: int, job: _Job) -> DownloadedFile | str | None:
        """The complete file, or why it failed, or None when cancelled."""
        if job.fetch is None:
            LOGGER.warning("Download of %s of %s failed: %s", job.key, job.item_id, job.problem)
            tally.finish(index, job, None, FileState.FAILED, job.problem)
            return job.problem
        if feedback.isCanceled():
            tally.finish(index, job, None, FileState.CANCELLED)
            return None
        done = complete[index]
        if done is not None:
            tally.finish(index, job, done, FileState.SKIPPED)
            return DownloadedFile(job.item, job.key, str(done), skipped=True)
        tally.push(job, None, 0, job.expected.size, FileState.DOWNLOADING)
        try:
            with cancellable(feedback.isCanceled), file_names(names.chooser(index, job.key)):
                path = job.fetch(lambda got, total: tally.update(index, job, got, total), feedback.isCanceled)
            _record(job.folder, job.key, path, job.expected)
        except CancelledError:
            tally.finish(index, job, None, FileState.CANCELLED)
            return None
        except Exception as error:  # noqa: BLE001 - reported per file; the others go on
            message = _plain(error)
            if isinstance(error, ConstellrError):
                LOGGER.warning("Download of %s of %s failed: %s", job.key, job.item_id, message)
            else:
                LOGGER.exception("Download of %s of %s failed", job.key, job.item_id)
            tally.finish(index, job, None, FileState.FAILED, message)
            return message
        tally.finish(index, job, path, FileState.DONE)
        return DownloadedFile(job.item, job.key, str(path), skipped=False)

    workers = max(1, min(parallel, MAX_PARALLEL))
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="constellr-download") as pool:
        outcomes = list(pool.map(run, range(len(jobs)), jobs))
    report = DownloadReport(cancelled=feedback.isCanceled())
    for job, outcome in zip(jobs, outcomes):
        if isinstance(outcome, DownloadedFile):
            report.files.append(outcome)
        elif isinstance(outcome, str):
            report.failed.append((job.item_id, job.key, outcome))
    return report


# -- STAC items --------------------------------------------------------------------------------------------
class _FreshItems:
    """Items fetched again because storage refused their links; one fetch serves all their assets."""

    def __init__(self, client: ConstellrClient) -> None:
        self._client = client
        self._lock = threading.Lock()
        self._items: dict[tuple[str | None, str], StacItem] = {}

    def current(self, item: StacItem) -> StacItem:
        """The freshest copy of the item fetched so far."""
        with self._lock:
            return self._items.get((item.collection, item.id), item)

    def refetch(self, item: StacItem, refused_href: str, key: str) -> StacItem:
        """The item again, unless another file's refusal already fetched one with another link."""
        with self._lock:
            known = self._items.get((item.collection, item.id))
            if known is not None and key in known.assets and known.assets[key].href != refused_href:
                return known
            fresh = self._client.get_item(item.collection or "", item.id)
            self._items[(item.collection, item.id)] = fresh
            return fresh


def _stac_fetch(client: ConstellrClient, fresh: _FreshItems, item: StacItem, key: str, folder: Path) -> Fetch:
    def fetch(progress: Callable[[int, int | None], None], is_cancelled: Callable[[], bool]) -> Path:
        def get(current: StacItem) -> Path:
            if key not in current.assets:
                raise DownloadError(
                    tr("The item no longer has a “{asset}” file").format(asset=key),
                    hint=tr("Search again for the item."),
                )
            asset = current.assets[key]
            return client.download_asset(
                asset, folder, progress=progress, is_cancelled=is_cancelled, chunk_size=CHUNK_SIZE
            )

        current = fresh.current(item)
        href = current.assets[key].href if key in current.assets else ""
        if item.collection and has_expired(href, EXPIRY_MARGIN):
            current = fresh.refetch(item, href, key)  # rather than a request bound to be refused
        try:
            return get(current)
        except DownloadError as error:
            if error.status not in _EXPIRED_STATUSES or not item.collection:
                raise
        return get(fresh.refetch(item, current.assets[key].href, key))

    return fetch


def download_assets(  # noqa: PLR0917 - an operation: context.run passes its arguments in order
    client: ConstellrClient,
    feedback: Streaming,
    items: list[StacItem],
    asset_keys: list[str],
    folder: str,
    parallel: int = DEFAULT_PARALLEL,
) -> DownloadReport:
    """Download the chosen assets of the items into ``folder/<datetime>_<item id>/`` (worker thread).

    Pushes a FileProgress per file as it changes; a file an item lacks is reported as failed.
    """
    fresh = _FreshItems(client)
    jobs = []
    for item in items:
        target = Path(folder) / item_folder_name(item)
        for key in asset_keys:
            asset = item.assets.get(key)
            if asset is None:
                problem = tr("This item has no “{asset}” file; choose another asset for it.").format(
                    asset=key
                )
                jobs.append(_Job(item, item.id, key, target, Expected(), None, problem))
            else:
                fetch = _stac_fetch(client, fresh, item, key, target)
                jobs.append(_Job(item, item.id, key, target, Expected.from_asset(asset.raw), fetch))
    return _run_jobs(feedback, jobs, parallel)


# -- the legacy /assets listing ------------------------------------------------------------------------------
@dataclass(frozen=True)
class LegacyFilter:
    """Date filters of the legacy listing (aware datetimes; None for an open end)."""

    modified_after: datetime | None = None
    modified_before: datetime | None = None
    page_size: int = 100


@dataclass(frozen=True)
class LegacyPage:
    """One page of the legacy listing, pushed as it arrives; ``more`` False after the last one."""

    assets: list[LegacyAsset]
    more: bool


class LegacyListing:
    """The legacy listing for one filter, read a page (or every page) at a time with :meth:`load`.

    Keeps its place (continuation token) and what it received (``assets``) between loads; ``finished``
    once the last page was read.
    """

    def __init__(self, query: LegacyFilter) -> None:
        self.query = query
        self.assets: list[LegacyAsset] = []
        self.finished = False
        self._pager: LegacyAssetPager | None = None

    def load(self, client: ConstellrClient, feedback: Streaming, pages: int | None = 1) -> int:
        """Fetch up to ``pages`` more pages (None: all), pushing a LegacyPage each; the assets received.

        A cancel stops it within a second and keeps what was received; the next load goes on from there.
        """
        if self._pager is None:
            self._pager = client.iter_legacy_assets(
                modified_after=self.query.modified_after,
                modified_before=self.query.modified_before,
                page_size=self.query.page_size,
            )
        remaining = self._pager.pages()  # a pager keeps its place: a new generator goes on from there
        received = loaded = 0
        try:
            with cancellable(feedback.isCanceled):
                while not self.finished and (pages is None or loaded < pages) and not feedback.isCanceled():
                    page = next(remaining, None)
                    self.finished = page is None
                    found = page.items if page is not None else []
                    self.assets.extend(found)
                    loaded += 1
                    received += len(found)
                    feedback.push(LegacyPage(found, more=not self.finished))
        except CancelledError:
            pass  # the pages received so far are kept
        return received


def download_legacy_assets(
    client: ConstellrClient,
    feedback: Streaming,
    assets: list[LegacyAsset],
    folder: str,
    parallel: int = DEFAULT_PARALLEL,
) -> DownloadReport:
    """Download legacy assets into ``folder/<key's folders>/`` with the same machinery as items.

    Each file is asked for at the API (``/assets/<key>``), which redirects to a freshly signed link.
    """

    def fetch_for(asset: LegacyAsset, target: Path) -> Fetch:
        return lambda progress, is_cancelled: client.download_legacy_asset(
            asset, target, progress=progress, is_cancelled=is_cancelled, chunk_size=CHUNK_SIZE
        )

    jobs = []
    for asset in assets:
        target = legacy_folder(folder, asset.key)
        order_id = asset.key.rsplit("/", 1)[0] if "/" in asset.key else ""
        jobs.append(
            _Job(None, order_id, asset.key, target, Expected(size=asset.size), fetch_for(asset, target))
        )
    return _run_jobs(feedback, jobs, parallel)
