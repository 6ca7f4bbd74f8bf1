"""Downloading items' assets and legacy assets: layout, parallel, resumable, verified, cancellable."""

from __future__ import annotations

import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest

from constellr.plugin.api import ConstellrClient, StacItem, StacSearch
from constellr.plugin.downloads import (
    MANIFEST_NAME,
    FileState,
    LegacyFilter,
    LegacyListing,
    download_assets,
    download_legacy_assets,
    item_folder_name,
)
from sandbox.data import PRESIGNED_URL_LIFETIME


class Feedback:
    """Stands in for the task: records progress and pushed partial results; cancelled when asked."""

    def __init__(self, cancel_when=lambda: False) -> None:
        self.pushed: list = []
        self.progress: list[float] = []
        self.cancel_when = cancel_when
        self.cancelled = False

    def setProgress(self, progress: float) -> None:
        self.progress.append(progress)

    def isCanceled(self) -> bool:
        self.cancelled = self.cancelled or self.cancel_when()
        return self.cancelled

    def push(self, partial) -> None:
        self.pushed.append(partial)

    def last_states(self) -> dict[tuple[str, str], str]:
        return {(p.item_id, p.asset_key): p.state for p in self.pushed}


def some_items(client: ConstellrClient, count: int) -> list[StacItem]:
    return list(client.search(StacSearch(limit=count)).pages().__next__().items)[:count]


def large_item(client: ConstellrClient) -> StacItem:
    """A delivery of the 78 km wide "Po Valley Plain": its LST file is over a megabyte."""
    aoi = next(aoi for aoi in client.iter_aois(page_size=100) if aoi.name == "Po Valley Plain")
    order = next(order for order in client.iter_orders(page_size=50) if order.area_of_interest_id == aoi.id)
    return next(iter(client.search(StacSearch.for_order(order.id, limit=1))))


def storage_gets(sandbox) -> list:
    return [r for r in sandbox.requests if r.server == "storage" and r.method == "GET"]


def every_legacy_asset(client: ConstellrClient, query: LegacyFilter) -> list:
    listing = LegacyListing(query)
    listing.load(client, Feedback(), pages=None)
    return listing.assets


def straight_download(client: ConstellrClient, item: StacItem, key: str, folder: Path) -> bytes:
    return client.download_asset(item.assets[key], folder).read_bytes()


def test_files_land_in_item_folders_and_download_in_parallel(demo_client, sandbox, tmp_path) -> None:
    items = some_items(demo_client, 2)
    sandbox.faults.add("latency", server="storage", delay=0.8)  # every file waits 0.8 s for its answer
    feedback = Feedback()
    started = time.monotonic()
    report = download_assets(demo_client, feedback, items, ["lst", "metadata"], str(tmp_path / "out"), 4)
    elapsed = time.monotonic() - started
    assert elapsed < 2 * 0.8  # four files one after the other would take 3.2 s
    assert not report.failed
    assert not report.cancelled
    assert [(file.item.id, file.asset_key, file.skipped) for file in report.files] == [
        (item.id, key, False) for item in items for key in ("lst", "metadata")
    ]
    sandbox.faults.clear()
    for file in report.files:
        stamp = file.item.acquired.strftime("%Y%m%dT%H%M%SZ")
        folder = tmp_path / "out" / f"{stamp}_{file.item.id}"
        assert item_folder_name(file.item) == folder.name
        suffix = {"lst": "LST.tiff", "metadata": "METADATA.json"}[file.asset_key]
        assert Path(file.path) == folder / f"{file.item.id}_{suffix}"  # the name from Content-Disposition
        assert Path(file.path).read_bytes() == straight_download(
            demo_client, file.item, file.asset_key, tmp_path / "straight"
        )
    assert sorted(p.name for p in (tmp_path / "out").rglob("*") if p.is_file() and p.suffix == ".part") == []
    assert set(feedback.last_states().values()) == {FileState.DONE}
    assert feedback.progress[-1] == pytest.approx(100.0)
    assert feedback.progress == sorted(feedback.progress)


def test_a_missing_asset_key_and_a_failing_file_are_reported_and_the_others_go_on(
    demo_client, sandbox, tmp_path
) -> None:
    first, second = some_items(demo_client, 2)
    sandbox.faults.add("status", path=f"*/{second.id}/lst.tiff", server="storage", status=404)
    feedback = Feedback()
    report = download_assets(demo_client, feedback, [first, second], ["lst", "vnir"], str(tmp_path), 2)
    assert [(file.item.id, file.asset_key) for file in report.files] == [(first.id, "lst")]
    failed = {(item_id, key): message for item_id, key, message in report.failed}
    assert set(failed) == {(first.id, "vnir"), (second.id, "lst"), (second.id, "vnir")}
    assert "no “vnir” file" in failed[(first.id, "vnir")]
    assert "HTTP 404" in failed[(second.id, "lst")]
    assert "reload the item" in failed[(second.id, "lst")]
    assert feedback.last_states()[(second.id, "vnir")] == FileState.FAILED
    summary = report.summary()
    assert summary.startswith("1 file downloaded, 3 failed: ")
    assert "vnir of " + first.id in summary


def test_a_rerun_skips_complete_files_without_downloading_them_again(demo_client, sandbox, tmp_path) -> None:
    items = some_items(demo_client, 2)
    first = download_assets(demo_client, Feedback(), items, ["lst", "thumbnail"], str(tmp_path), 4)
    assert len(first.files) == 4
    assert not first.failed
    assert (Path(first.files[0].path).parent / MANIFEST_NAME).is_file()
    sandbox.requests.clear()
    feedback = Feedback()
    again = download_assets(demo_client, feedback, items, ["lst", "thumbnail"], str(tmp_path), 4)
    assert [(file.path, file.skipped) for file in again.files] == [(file.path, True) for file in first.files]
    assert storage_gets(sandbox) == []
    assert set(feedback.last_states().values()) == {FileState.SKIPPED}
    assert again.summary() == "0 files downloaded, 4 already complete."
    # a complete file changed on disk since (here: the same size) is downloaded again
    changed = Path(first.files[0].path)
    original = changed.read_bytes()
    changed.write_bytes(bytes(len(original)))
    third = download_assets(demo_client, Feedback(), items, ["lst", "thumbnail"], str(tmp_path), 4)
    assert [file.skipped for file in third.files] == [False, True, True, True]
    assert len(storage_gets(sandbox)) == 1
    assert changed.read_bytes() == original


def test_cancelled_then_resumed_gives_the_same_bytes_and_no_partial_final_file(
    demo_client, sandbox, tmp_path
) -> None:
    item = large_item(demo_client)
    clean = straight_download(demo_client, item, "lst", tmp_path / "straight")
    assert len(clean) > 1_000_000
    out = tmp_path / "out"

    def part_over_300k() -> bool:
        return any(part.stat().st_size > 300_000 for part in out.rglob("*.part"))

    sandbox.requests.clear()
    report = download_assets(demo_client, Feedback(part_over_300k), [item], ["lst"], str(out), 4)
    assert report.cancelled
    assert not report.files
    assert not report.failed
    folder = out / item_folder_name(item)
    assert not (folder / f"{item.id}_LST.tiff").exists()  # never a half-written final file
    held = (folder / f"{item.id}_LST.tiff.part").stat().st_size
    assert 300_000 < held < len(clean)

    resumed = download_assets(demo_client, Feedback(), [item], ["lst"], str(out), 4)
    assert (folder / f"{item.id}_LST.tiff").read_bytes() == clean
    assert [file.skipped for file in resumed.files] == [False]
    assert storage_gets(sandbox)[-1].headers["range"] == f"bytes={held}-"
    assert sorted(path.name for path in folder.iterdir()) == [MANIFEST_NAME, f"{item.id}_LST.tiff"]


def test_a_dropped_connection_is_resumed_to_the_same_bytes(demo_client, sandbox, tmp_path) -> None:
    item = large_item(demo_client)
    clean = straight_download(demo_client, item, "lst", tmp_path / "straight")
    sandbox.requests.clear()
    sandbox.faults.add("drop", server="storage", path="*/lst.tiff", after_bytes=400_000, times=1)
    report = download_assets(demo_client, Feedback(), [item], ["lst"], str(tmp_path / "out"), 4)
    assert Path(report.files[0].path).read_bytes() == clean
    assert [r.headers.get("range") for r in storage_gets(sandbox)] == [None, "bytes=400000-"]


def test_a_cancel_stops_a_waiting_download_within_a_second(demo_client, sandbox, tmp_path) -> None:
    items = some_items(demo_client, 3)
    sandbox.faults.add("latency", server="storage", delay=10)
    cancel_at = time.monotonic() + 0.5
    feedback = Feedback(lambda: time.monotonic() > cancel_at)
    report = download_assets(demo_client, feedback, items, ["lst", "metadata"], str(tmp_path), 4)
    assert time.monotonic() - cancel_at < 1.0
    assert report.cancelled
    assert not report.files
    assert not report.failed
    assert [path for path in tmp_path.rglob("*") if path.is_file() and not path.name.endswith(".part")] == []
    assert set(feedback.last_states().values()) == {FileState.CANCELLED}


def test_a_link_that_expires_mid_way_is_refreshed_and_the_download_continues(
    demo_client, sandbox, tmp_path
) -> None:
    item = large_item(demo_client)
    clean = straight_download(demo_client, item, "lst", tmp_path / "straight")
    sandbox.requests.clear()
    sandbox.faults.add("drop", server="storage", path="*/lst.tiff", after_bytes=300_000, times=1)
    advanced = threading.Event()

    class ExpiringOnTheWay(Feedback):
        def push(self, partial) -> None:
            super().push(partial)
            if partial.state == FileState.DOWNLOADING and partial.total and not advanced.is_set():
                advanced.set()  # the body is arriving: the link expires before the connection breaks
                sandbox.clock.advance(timedelta(seconds=PRESIGNED_URL_LIFETIME + 60))

    report = download_assets(demo_client, ExpiringOnTheWay(), [item], ["lst"], str(tmp_path / "out"), 4)
    assert not report.failed, report.failed
    assert Path(report.files[0].path).read_bytes() == clean
    trail = [
        (r.server, r.method, r.path.rsplit("/", 1)[-1], r.headers.get("range"))
        for r in sandbox.requests
        if r.server == "storage" or r.path.endswith(item.id)
    ]
    assert trail == [
        ("storage", "GET", "lst.tiff", None),
        ("storage", "GET", "lst.tiff", "bytes=300000-"),  # refused: expired
        ("api", "GET", item.id, None),  # the item again, with fresh links
        ("storage", "GET", "lst.tiff", None),  # the file's name (Content-Disposition) finds its part
        ("storage", "GET", "lst.tiff", "bytes=300000-"),
    ]


def test_legacy_listing_follows_continuation_with_a_date_filter_and_downloads(
    demo_client, sandbox, tmp_path
) -> None:
    after = sandbox.clock.now() - timedelta(days=3)
    everything = every_legacy_asset(demo_client, LegacyFilter(modified_after=after, page_size=1000))
    assert 4 < len(everything) < 200
    assert all(asset.last_modified > after for asset in everything)

    sandbox.requests.clear()
    listing = LegacyListing(LegacyFilter(modified_after=after, page_size=4))
    feedback = Feedback()
    assert listing.load(demo_client, feedback, pages=1) == 4
    assert not listing.finished
    listing.load(demo_client, feedback, pages=None)
    assert listing.finished
    assert [asset.key for asset in listing.assets] == [asset.key for asset in everything]
    asked = [r for r in sandbox.requests if r.path == "/assets"]
    assert len(asked) == -(-len(everything) // 4)
    assert all("lastModifiedAfter=" in r.query for r in asked)
    assert "continuation_token=" not in asked[0].query
    assert all("continuation_token=" in r.query for r in asked[1:])
    assert [page.more for page in feedback.pushed][-1] is False

    chosen = [asset for asset in everything if asset.key.endswith(("_METADATA.json", "_THUMBNAIL.jpg"))][:3]
    report = download_legacy_assets(demo_client, Feedback(), chosen, str(tmp_path), 2)
    assert not report.failed
    for asset, file in zip(chosen, report.files):
        order_id, name = asset.key.split("/")
        assert Path(file.path) == tmp_path / order_id / name
        assert Path(file.path).stat().st_size == asset.size
    sandbox.requests.clear()
    again = download_legacy_assets(demo_client, Feedback(), chosen, str(tmp_path), 2)
    assert [file.skipped for file in again.files] == [True] * len(chosen)
    assert sandbox.requests == []


def test_a_cancelled_listing_keeps_its_pages_and_goes_on_from_there(demo_client, sandbox) -> None:
    after = sandbox.clock.now() - timedelta(days=3)
    everything = every_legacy_asset(demo_client, LegacyFilter(modified_after=after, page_size=1000))
    listing = LegacyListing(LegacyFilter(modified_after=after, page_size=4))
    listing.load(demo_client, Feedback(), pages=1)
    sandbox.faults.add("latency", path="/assets", delay=10, times=1)
    cancel_at = time.monotonic() + 0.3
    assert listing.load(demo_client, Feedback(lambda: time.monotonic() > cancel_at), pages=None) == 0
    assert time.monotonic() - cancel_at < 1.0
    assert not listing.finished
    listing.load(demo_client, Feedback(), pages=None)
    assert listing.finished
    assert [asset.key for asset in listing.assets] == [asset.key for asset in everything]


def test_a_link_that_has_expired_by_its_signature_is_renewed_before_any_request(
    demo_client, sandbox, tmp_path
) -> None:
    sandbox.clock.advance(timedelta(hours=-2))  # items signed two hours ago: their links are past
    (item,) = some_items(demo_client, 1)
    sandbox.clock.reset()
    sandbox.requests.clear()
    report = download_assets(demo_client, Feedback(), [item], ["lst", "metadata"], str(tmp_path), 2)
    assert not report.failed, report.failed
    trail = [(r.server, r.path.rsplit("/", 1)[-1]) for r in sandbox.requests]
    assert trail.count(("api", item.id)) == 1  # one fetch of the item serves both files
    assert trail.index(("api", item.id)) == 0
    assert sorted(trail[1:]) == [("storage", "lst.tiff"), ("storage", "metadata.json")]  # none refused


def test_two_files_the_server_names_alike_each_get_their_own_file(demo_client, sandbox, tmp_path) -> None:
    item = some_items(demo_client, 1)[0]
    raw_assets = item.raw["assets"]
    twin = StacItem.from_dict({**item.raw, "assets": {**raw_assets, "qa": dict(raw_assets["lst"])}})
    sandbox.faults.add("latency", server="storage", delay=0.3)  # both files are under way at once
    folder = tmp_path / "out"
    report = download_assets(demo_client, Feedback(), [twin], ["lst", "qa"], str(folder), 4)
    assert not report.failed
    paths = [Path(file.path) for file in report.files]
    assert len(set(paths)) == 2
    assert sorted(path.name for path in paths)[1].startswith(("lst_", "qa_"))
    expected = straight_download(demo_client, item, "lst", tmp_path / "straight")
    assert [path.read_bytes() == expected for path in paths] == [True, True]
    again = download_assets(demo_client, Feedback(), [twin], ["lst", "qa"], str(folder), 4)
    assert [(Path(file.path), file.skipped) for file in again.files] == [(path, True) for path in paths]


def test_many_failures_are_counted_with_a_few_reasons_and_each_is_logged(
    demo_client, tmp_path, caplog
) -> None:
    items = some_items(demo_client, 2)
    keys = ["vnir", "swir", "radar"]  # assets these items lack: six failures, no request
    with caplog.at_level("WARNING", logger="constellr.plugin"):
        report = download_assets(demo_client, Feedback(), items, keys, str(tmp_path), 2)
    summary = report.summary()
    assert summary.startswith("0 files downloaded, 6 failed: ")
    assert summary.count(" file; choose another asset") == 3
    assert summary.endswith("; and 3 more, each listed in the constellr tab of the QGIS log panel.")
    logged = [record.getMessage() for record in caplog.records]
    assert all(any(f"{key} of {item.id} failed" in line for line in logged) for item in items for key in keys)
