"""Parallel downloads against curl: 4 files × 200 MiB over loopback (targets: ≥ 80 % of curl, < 50 MB memory).

A range-capable HTTP server (``bench_download.RangeHandler``, sending with ``sendfile``) runs in a process
of its own, so it never competes with the measured client for the GIL. The same files are then
downloaded, side by side in one run, by ``download_assets`` (4 in parallel, into
``<datetime>_<item id>/`` folders, resumable, verified, fsync'ed and renamed) and by 4 parallel ``curl``
processes, taking turns to go first. Prints MB/s of each (best of ``--rounds``), the ratio (and the
median of the rounds' ratios: the machine may be busy), and the peak growth of this process's resident
memory during the downloads (sampled every 10 ms) and of ``ru_maxrss``.

    .venv/bin/python bench/bench_parallel_downloads.py [--size-mb 200] [--files 4] [--rounds 4] [--dir DIR]
"""

from __future__ import annotations

import argparse
import http.server
import multiprocessing
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _plugin_import import import_plugin
from bench_download import MIB, RangeHandler, digest, make_file

MB = 1_000_000
PAGE = os.sysconf("SC_PAGE_SIZE")


class SendfileHandler(RangeHandler):
    """``RangeHandler`` (ETag, single ranges honouring If-Range) whose body goes out with ``sendfile``,
    named by ``Content-Disposition``: the server is never the bottleneck."""

    def do_GET(self) -> None:
        path = Path(self.translate_path(self.path))
        size = path.stat().st_size
        etag = f'"{size:x}-{path.stat().st_mtime_ns:x}"'
        start = 0
        if self.headers.get("Range", "").startswith("bytes=") and self.headers.get("If-Range", etag) == etag:
            start = int(self.headers["Range"][6:].split("-")[0])
            self.send_response(206)
            self.send_header("Content-Range", f"bytes {start}-{size - 1}/{size}")
        else:
            self.send_response(200)
        self.send_header("ETag", etag)
        self.send_header("Content-Length", str(size - start))
        self.send_header("Content-Disposition", f'attachment; filename="{path.name}"')
        self.end_headers()
        with path.open("rb") as handle:
            try:
                while sent := os.sendfile(self.connection.fileno(), handle.fileno(), start, 16 * MIB):
                    start += sent
            except (BrokenPipeError, ConnectionResetError):
                return


def serve(folder: str, ports: multiprocessing.Queue) -> None:
    """The file server (in its own process)."""
    http.server.ThreadingHTTPServer.daemon_threads = True
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(SendfileHandler, directory=folder))
    ports.put(server.server_address[1])
    server.serve_forever()


def rss() -> int:
    """This process's resident memory in bytes."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * PAGE


class PeakMemory:
    """Samples the resident memory every 10 ms while in the ``with`` block; ``growth`` is peak − start."""

    def __enter__(self) -> PeakMemory:
        self.start = self.peak = rss()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def _sample(self) -> None:
        while not self._stop.wait(0.01):
            self.peak = max(self.peak, rss())

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, rss())

    @property
    def growth(self) -> int:
        return self.peak - self.start


class Quiet:
    """The feedback of a task nobody watches: counts what it is told, never cancelled."""

    def __init__(self) -> None:
        self.pushed = 0

    def setProgress(self, _progress: float) -> None:
        return

    def isCanceled(self) -> bool:
        return False

    def push(self, _partial: object) -> None:
        self.pushed += 1


def items_for(base: str, names: list[str]) -> list:
    """STAC items whose ``lst`` asset points at the local server (as pre-signed hrefs point at storage)."""
    api = import_plugin("constellr.plugin.api")
    return [
        api.StacItem.from_dict(
            {
                "id": f"BENCH_{index}",
                "collection": "bench",
                "properties": {"datetime": "2026-07-08T23:58:15Z"},
                "assets": {"lst": {"href": f"{base}/{name}?X-Signature=bench", "type": "image/tiff"}},
            }
        )
        for index, name in enumerate(names)
    ]


def run_plugin(base: str, names: list[str], target: Path) -> tuple[float, int, list[Path]]:
    """Seconds, peak RSS growth and files of ``download_assets`` (parallel=4) fetching every file."""
    api = import_plugin("constellr.plugin.api")
    downloads = import_plugin("constellr.plugin.downloads")
    client = api.ConstellrClient("http://127.0.0.1:9", "not-sent-to-storage")
    feedback = Quiet()
    with PeakMemory() as memory:
        started = time.perf_counter()
        report = downloads.download_assets(client, feedback, items_for(base, names), ["lst"], str(target), 4)
        elapsed = time.perf_counter() - started
    client.close()
    if report.failed or len(report.files) != len(names):
        raise SystemExit(f"download_assets failed: {report.summary()}")
    return elapsed, memory.growth, [Path(file.path) for file in report.files]


def run_curl(base: str, names: list[str], target: Path) -> float:
    """Seconds 4 parallel curl processes take to fetch every file."""
    target.mkdir(parents=True)
    started = time.perf_counter()
    processes = [
        subprocess.Popen(["curl", "-sS", "--fail", "-o", str(target / name), f"{base}/{name}"])  # noqa: S603, S607
        for name in names
    ]
    if any(process.wait() for process in processes):
        raise SystemExit("curl failed")
    return time.perf_counter() - started


def compare(base: str, served: Path, work: Path, rounds: int) -> list[tuple[float, float, int]]:
    """(curl seconds, download_assets seconds, RSS growth) of each round, printed as they come."""
    names = sorted(path.name for path in served.iterdir())
    total = sum((served / name).stat().st_size for name in names)
    results = []
    for number in range(rounds):
        curl_dir, plugin_dir = work / f"curl{number}", work / f"plugin{number}"
        if number % 2:  # take turns to go first: neither always meets a warmer machine
            elapsed, growth, paths = run_plugin(base, names, plugin_dir)
            curl_time = run_curl(base, names, curl_dir)
        else:
            curl_time = run_curl(base, names, curl_dir)
            elapsed, growth, paths = run_plugin(base, names, plugin_dir)
        if number == 0:
            same = all(digest(path) == digest(served / path.name) for path in paths)
            print(f"download_assets files identical to the served ones: {same}")
        print(
            f"round {number + 1}: curl {total / MB / curl_time:7.1f} MB/s, "
            f"download_assets {total / MB / elapsed:7.1f} MB/s, RSS growth {growth / MB:5.1f} MB"
        )
        results.append((curl_time, elapsed, growth))
        shutil.rmtree(curl_dir)
        shutil.rmtree(plugin_dir)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mb", type=int, default=200)
    parser.add_argument("--files", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument(
        "--dir",
        default="/dev/shm" if Path("/dev/shm").is_dir() else None,  # noqa: S108 - memory, not a shared file
        help="where to serve from and download to (default: /dev/shm, so that the disk and the fsync the "
        "plugin does and curl does not are not what is measured)",
    )
    options = parser.parse_args()
    if shutil.which("curl") is None:
        raise SystemExit("curl is not installed: nothing to compare with")
    import_plugin("constellr.plugin.downloads")  # imported (QGIS libraries and all) before memory is measured
    work = Path(tempfile.mkdtemp(prefix="bench-parallel-", dir=options.dir))
    served = work / "served"
    served.mkdir()
    for index in range(options.files):
        make_file(served, f"LST_{index}.tiff", options.size_mb * MIB)
    total = options.size_mb * MIB * options.files
    ports: multiprocessing.Queue = multiprocessing.get_context("fork").Queue()
    server = multiprocessing.get_context("fork").Process(target=serve, args=(str(served), ports), daemon=True)
    server.start()
    print(f"{options.files} files × {options.size_mb} MiB over loopback, 4 in parallel, into {work}")
    baseline_maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    try:
        base = f"http://127.0.0.1:{ports.get(timeout=10)}"
        results = compare(base, served, work, options.rounds)
    finally:
        server.terminate()
        server.join()
        maxrss_growth = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 - baseline_maxrss
        shutil.rmtree(work)
    curl_rate = total / MB / min(curl for curl, _, _ in results)
    plugin_rate = total / MB / min(plugin for _, plugin, _ in results)
    ratio = plugin_rate / curl_rate
    peak = max(growth for _, _, growth in results)
    print(f"curl (4 processes):           {curl_rate:7.1f} MB/s (best round)")
    print(f"download_assets (parallel=4): {plugin_rate:7.1f} MB/s (best round)")
    print(
        f"ratio: {ratio:.0%} of curl (target ≥ 80 %): {'met' if ratio >= 0.8 else 'NOT met'}; "
        f"median of the rounds' ratios {statistics.median(curl / plugin for curl, plugin, _ in results):.0%}"
    )
    print(
        f"peak memory growth: {peak / MB:.1f} MB resident (sampled), ru_maxrss +{maxrss_growth / MB:.1f} MB "
        f"(target < 50 MB): {'met' if max(peak, maxrss_growth) < 50 * MB else 'NOT met'}"
    )


if __name__ == "__main__":
    main()
