"""Live STAC feeds: how fast a dataset stream loads, how long the main thread stalls while a subscription
runs, and how soon a cancel ends an idle subscription's task. Prints figures; asserts nothing on speed.

1. The 10,000-item dataset stream ``synthetic-10k``, side by side in each round (median and best of
   ``--rounds``): ``json.loads`` over its lines already in memory; requests' ``iter_lines`` +
   ``json.loads`` over the same stream (the raw line parse rate, reading as the reader does: chunk by
   chunk); ``FeedClient.read`` alone (items parsed into ``StacItem``, no features); ``read_feed`` on
   this thread with a feedback that drops its batches (features built; no task, no layer); and
   ``read_feed`` end to end in a QgsTask, its batches of footprint features appended to a layer on a map
   canvas on the main thread (what the Feeds tab does). The steps between the rates are the reader's
   overhead.
2. A subscription to ``synthetic-10k`` while ``--items`` items are published in bursts of ``--burst``
   every ``--every`` seconds (``sb.feeds.publish`` from a thread of the sandbox's process). A 5 ms timer
   on the main thread measures the gaps between its ticks (longest, p99; and the same on an idle event
   loop first, this machine's noise), once into a footprint layer only and once through the real Feeds
   tab (status line, the run's layer in its group).
3. Cancel → the task's end (its result back on the main thread) while the subscription is idle, and →
   the sandbox seeing the connection closed, over ``--cancel-rounds`` rounds.

The sandbox (uvicorn, pure Python) runs in a process of its own, driven through a pipe: in this process
its event loop would take the interpreter lock from the feed's reader and from the main thread, and the
figures would measure the server as much as the plugin. The QGIS settings key of saved feeds is written
for the Feeds tab's run and restored afterwards; the tab's token comes from ``CONSTELLR_FEED_TOKEN``.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_feeds.py [--rounds 5] [--items 2000]
        [--burst 50] [--every 0.1] [--cancel-rounds 5]
"""

from __future__ import annotations

import argparse
import gc
import json
import multiprocessing
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))

import requests
from _plugin_import import REPO_ROOT, import_plugin
from bench_aoi_preparation_stall import StallMeter
from bench_footprints import BenchInterface, FullCollections
from bench_parallel_downloads import Quiet
from qgis.core import QgsApplication, QgsProject, QgsSettings
from qgis.gui import QgsLayerTreeMapCanvasBridge

sys.path.append(str(REPO_ROOT))  # the sandbox package, which the plugin never imports

from sandbox.data import FEED_TOKEN, SYNTHETIC_FEED_PACKAGE, SYNTHETIC_FEED_SIZE

PACKAGE = SYNTHETIC_FEED_PACKAGE
IDLE_SECONDS = 2.0
TIMEOUT = 120.0  # seconds a measured run may take before it is reported as stuck


# --- the sandbox in its own process ---------------------------------------------------------------------


def publish_steadily(sandbox: Any, count: int, burst: int, every: float) -> None:
    """Publish ``count`` fresh items in bursts of ``burst``, one burst every ``every`` seconds."""
    items = sandbox.feeds.make_items(count)
    started = time.perf_counter()
    for number, first in enumerate(range(0, count, burst)):
        time.sleep(max(0.0, started + number * every - time.perf_counter()))
        sandbox.feeds.publish(PACKAGE, items[first : first + burst])


def serve_sandbox(pipe: Connection) -> None:
    """The sandbox (own process): sends its API URL, then answers commands until told to stop."""
    from sandbox.feeds import synthetic_lines
    from sandbox.testing import SandboxServer

    data_dir = tempfile.mkdtemp(prefix="bench-feeds-")
    try:
        with SandboxServer(data_dir=data_dir) as sandbox:
            synthetic_lines()  # generated once, before anything is measured
            pipe.send(sandbox.api_url)
            while True:
                command, args = pipe.recv()
                if command == "stop":
                    break
                if command == "publish":
                    threading.Thread(target=publish_steadily, args=(sandbox, *args), daemon=True).start()
                    pipe.send(None)
                elif command == "subscribers":
                    pipe.send(sandbox.feeds.subscribers(PACKAGE))
                elif command == "reset":
                    sandbox.reset()
                    pipe.send(None)
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)
    pipe.send(None)


class SandboxProcess:
    """The sandbox serving from a forked process (forked before QGIS starts), driven through a pipe."""

    def __init__(self) -> None:
        context = multiprocessing.get_context("fork")
        self._pipe, child = context.Pipe()
        self._process = context.Process(target=serve_sandbox, args=(child,), daemon=True)
        self._process.start()
        if not self._pipe.poll(60):
            self._process.terminate()
            raise SystemExit("The sandbox did not start")
        self.api_url: str = self._pipe.recv()

    def call(self, command: str, *args: object) -> Any:
        self._pipe.send((command, args))
        return self._pipe.recv()

    def subscribers(self) -> int:
        return self.call("subscribers")

    def publish(self, count: int, burst: int, every: float) -> None:
        self.call("publish", count, burst, every)

    def close(self) -> None:
        self.call("stop")
        self._process.join(10)
        if self._process.is_alive():
            self._process.terminate()

    @property
    def dataset_url(self) -> str:
        return f"{self.api_url}/api/dataset/v1/{PACKAGE}/stream/"

    @property
    def subscription_url(self) -> str:
        return f"{self.api_url}/subscription/v1/?package={PACKAGE}"


# --- measuring on the main thread -----------------------------------------------------------------------


class GapMeter(StallMeter):
    """The 5 ms main-thread ticker of the AOI benchmark, keeping every gap between two ticks."""

    def __init__(self) -> None:
        super().__init__()
        self.gaps: list[float] = []

    def _tick(self) -> None:
        self.gaps.append((time.perf_counter() - self._last) * 1000)
        super()._tick()

    def measure(self, action: Callable[[], None], done: Callable[[], bool]) -> tuple[float, float]:
        self.gaps = []
        return super().measure(action, done)

    def p99(self) -> float:
        if len(self.gaps) < 2:
            return max(self.gaps, default=0.0)
        return statistics.quantiles(self.gaps, n=100, method="inclusive")[98]

    def idle_noise(self) -> str:
        """The gaps of an idle event loop for IDLE_SECONDS, as text."""
        idle_until = time.perf_counter() + IDLE_SECONDS
        longest, _ = self.measure(lambda: None, lambda: time.perf_counter() > idle_until)
        return f"longest gap {longest:.1f} ms, p99 {self.p99():.1f} ms"


def wait_until(condition: Callable[[], bool], timeout: float, what: str) -> float:
    """Process events until ``condition()``; the seconds it took."""
    started = time.perf_counter()
    while not condition():
        if time.perf_counter() - started > timeout:
            raise SystemExit(f"timed out after {timeout:g} s waiting for {what}")
        QgsApplication.processEvents()
        time.sleep(0.001)
    return time.perf_counter() - started


def pause(seconds: float) -> None:
    """Process events for ``seconds``."""
    until = time.perf_counter() + seconds
    wait_until(lambda: time.perf_counter() > until, seconds + 1, "the pause")


def clear_project() -> None:
    QgsProject.instance().removeAllMapLayers()
    QgsProject.instance().layerTreeRoot().removeAllChildren()
    gc.collect()


class LayerRun:
    """``read_feed`` in a QgsTask, each batch's footprints appended to a layer in its group (main thread)."""

    title = "into a footprint layer only"

    def __init__(self, url: str, _interface: BenchInterface) -> None:
        self.feeds = import_plugin("constellr.plugin.feeds")
        self.search = import_plugin("constellr.plugin.search")
        self.feed = self.feeds.Feed("bench", url, self.feeds.guess_kind(url))
        self.layer = self.search.footprint_layer("feed")
        self.search.add_search_group(self.layer, "Feed bench")
        self.runner = import_plugin("constellr.plugin.tasks").TaskRunner()
        self.outcome: list = []
        self.append_ms: list[float] = []
        self.task = None

    def _add(self, batch: Any) -> None:
        started = time.perf_counter()
        self.search.append_features(self.layer, batch.features)
        self.append_ms.append((time.perf_counter() - started) * 1000)

    def start(self) -> None:
        network = import_plugin("constellr.plugin.connection").network_settings()
        feed, read_feed = self.feed, self.feeds.read_feed
        self.task = self.runner.start(
            "read feed",
            lambda task: read_feed(feed, FEED_TOKEN, task, network=network),
            self.outcome.append,
            self.outcome.append,
            on_partial=self._add,
        )

    def footprints(self) -> int:
        return self.layer.featureCount()

    def stop(self) -> None:
        self.task.cancel()

    def ended(self) -> bool:
        return bool(self.outcome)

    def detail(self) -> str:
        return (
            f"{len(self.append_ms)} batches, appended in median {statistics.median(self.append_ms):.1f} ms, "
            f"longest {max(self.append_ms):.1f} ms"
        )

    def close(self) -> None:
        clear_project()


class TabRun:
    """The real Feeds tab: Start on a saved feed, the run's layer in its group, the status line."""

    title = "through the Feeds tab (status line, layer in its group)"

    def __init__(self, url: str, interface: BenchInterface) -> None:
        feeds = import_plugin("constellr.plugin.feeds")
        self.settings_before = QgsSettings().value(feeds.SETTINGS_KEY)
        feeds.save_feeds([feeds.Feed("bench", url, feeds.guess_kind(url))])
        self.context = import_plugin("constellr.plugin.context").PluginContext()
        self.tab = import_plugin("constellr.ui.feeds_tab").FeedsTab(interface, self.context)
        self.tab.resize(400, 700)
        self.tab.show()

    def start(self) -> None:
        self.tab.start_button.click()

    def footprints(self) -> int:
        run = self.tab.current_run()
        return run.layer.featureCount() if run is not None and run.layer is not None else 0

    def stop(self) -> None:
        self.tab.stop_button.click()

    def ended(self) -> bool:
        return not self.tab.current_run().running

    def detail(self) -> str:
        return "status line: " + self.tab.status_label.text().replace("\u200b", "").replace("\n", " | ")

    def close(self) -> None:
        self.tab.release()
        self.context.close()
        self.tab.deleteLater()
        settings = QgsSettings()
        key = import_plugin("constellr.plugin.feeds").SETTINGS_KEY
        if self.settings_before is None:
            settings.remove(key)
        else:
            settings.setValue(key, self.settings_before)
        clear_project()


# --- 1. dataset rates -----------------------------------------------------------------------------------


def rates_line(name: str, rates: list[float], raw: float | None = None) -> str:
    line = f"  {name:<54} {statistics.median(rates):9,.0f} items/s (best {max(rates):,.0f})"
    if raw:
        line += f", {statistics.median(rates) / raw:.0%} of the raw rate"
    return line


def timed(count_items: Callable[[], int]) -> Callable[[], tuple[int, float]]:
    """``count_items`` returning (items, seconds it took)."""

    def run() -> tuple[int, float]:
        started = time.perf_counter()
        count = count_items()
        return count, time.perf_counter() - started

    return run


def feature_building(lines: list[bytes]) -> str:
    """The rate of ``footprint_features`` alone, over the items parsed beforehand (best of 3), as text."""
    feeds_api = import_plugin("constellr.plugin.api.feeds")
    search = import_plugin("constellr.plugin.search")
    items = [feeds_api.parse_line(number, line).item for number, line in enumerate(lines, 1)]
    fields = search.footprint_fields()
    seconds = []
    for _ in range(3):
        started = time.perf_counter()
        search.footprint_features(items, fields)
        seconds.append(time.perf_counter() - started)
    return f"footprint_features over the items parsed beforehand {len(items) / min(seconds):,.0f} items/s"


def dataset_rates(sandbox: SandboxProcess, interface: BenchInterface, rounds: int) -> None:
    feeds_api = import_plugin("constellr.plugin.api.feeds")
    feeds = import_plugin("constellr.plugin.feeds")
    network = import_plugin("constellr.plugin.connection").network_settings()
    headers = {"Authorization": f"Token {FEED_TOKEN}"}
    body = requests.get(sandbox.dataset_url, headers=headers, timeout=60).content
    lines = [line for line in body.splitlines() if line.strip()]

    @timed
    def in_memory() -> int:
        for line in lines:
            json.loads(line)
        return len(lines)

    @timed
    def raw_stream() -> int:
        count = 0
        with (
            requests.Session() as session,
            session.get(sandbox.dataset_url, headers=headers, stream=True, timeout=60) as r,
        ):
            for line in r.iter_lines(None if r.raw.chunked else feeds_api.READ_SIZE):
                if line:
                    json.loads(line)
                    count += 1
        return count

    @timed
    def reader_only() -> int:
        with feeds_api.FeedClient(sandbox.dataset_url, FEED_TOKEN) as client:
            return sum(isinstance(event, feeds_api.FeedItem) for event in client.read())

    @timed
    def read_feed_here() -> int:
        feed = feeds.Feed("bench", sandbox.dataset_url, feeds.FeedKind.DATASET)
        return feeds.read_feed(feed, FEED_TOKEN, Quiet(), network=network).received

    stalls: list[str] = []
    details: list[str] = []

    def read_feed_in_task() -> tuple[int, float]:
        run = LayerRun(sandbox.dataset_url, interface)
        meter = GapMeter()
        with FullCollections() as collections:
            _, elapsed_ms = meter.measure(run.start, run.ended)
        count = run.footprints()
        stalls.append(f"{max(meter.gaps):.0f} (p99 {meter.p99():.0f})")
        details.append(
            f"{run.detail()}; {len(collections.ms)} full garbage collections, "
            f"longest {max(collections.ms, default=0):.1f} ms ({max(collections.cpu_ms, default=0):.1f} ms "
            f"of CPU), {len(gc.get_objects()):,} objects tracked"
        )
        run.close()
        return count, elapsed_ms / 1000

    baselines = {
        "json.loads over the lines in memory": in_memory,
        "requests iter_lines + json.loads over the stream (raw)": raw_stream,
    }
    readers = {
        "FeedClient.read (StacItems, no features)": reader_only,
        "read_feed, no task, batches dropped (features built)": read_feed_here,
        "read_feed in a QgsTask → layer on the main thread": read_feed_in_task,
    }
    variants = {**baselines, **readers}
    for variant in variants.values():  # warm-up: connections, imports, caches
        variant()
    stalls.clear()
    details.clear()
    rates: dict[str, list[float]] = {name: [] for name in variants}
    for _ in range(rounds):
        for name, variant in variants.items():
            count, seconds = variant()
            rates[name].append(count / seconds)
            if count != SYNTHETIC_FEED_SIZE:
                raise SystemExit(f"{name}: {count} items instead of {SYNTHETIC_FEED_SIZE}")
    print(
        f"1. The {SYNTHETIC_FEED_SIZE:,}-item dataset stream {PACKAGE!r} ({len(body) / 1e6:.1f} MB of "
        f"NDJSON) from the sandbox, median of {rounds} interleaved rounds:"
    )
    raw = statistics.median(rates["requests iter_lines + json.loads over the stream (raw)"])
    for name in baselines:
        print(rates_line(name, rates[name]))
    for name in readers:
        print(rates_line(name, rates[name], raw))
    print(f"    read_feed in a QgsTask: longest main-thread stall per round, ms: {', '.join(stalls)}")
    print(f"    its last round: {details[-1]}")
    print(f"  for reference, on one thread: {feature_building(lines)}")


# --- 2. stall while a subscription runs -----------------------------------------------------------------


def stall_while_publishing(
    sandbox: SandboxProcess,
    interface: BenchInterface,
    scenario: type,
    *,
    count: int,
    burst: int,
    every: float,
) -> None:
    sandbox.call("reset")
    run = scenario(sandbox.subscription_url, interface)
    run.start()
    wait_until(lambda: sandbox.subscribers() == 1, 15, "the subscription")
    meter = GapMeter()
    deadline = time.perf_counter() + TIMEOUT
    with FullCollections() as collections:
        _, elapsed = meter.measure(
            lambda: sandbox.publish(count, burst, every),
            lambda: run.footprints() >= count or time.perf_counter() > deadline,
        )
    received = run.footprints()
    QgsApplication.processEvents()
    print(f"  {run.title}:")
    print(
        f"    main thread: longest gap {max(meter.gaps):.1f} ms, p99 {meter.p99():.1f} ms "
        f"({len(meter.gaps)} ticks); {received:,} footprints after {elapsed:,.0f} ms"
        + ("" if received >= count else " (TIMED OUT)")
    )
    print(f"    {run.detail()}")
    print(
        f"    Python's full garbage collections: {len(collections.ms)}, "
        f"longest {max(collections.ms, default=0):.1f} ms"
    )
    run.stop()
    wait_until(run.ended, 10, "the feed to stop")
    run.close()


# --- 3. cancel → end ------------------------------------------------------------------------------------


def cancel_latency(sandbox: SandboxProcess, interface: BenchInterface, rounds: int) -> None:
    sandbox.call("reset")
    ended, closed = [], []
    for _ in range(rounds):
        run = LayerRun(sandbox.subscription_url, interface)
        run.start()
        wait_until(lambda: sandbox.subscribers() == 1, 15, "the subscription")
        pause(0.5)  # idle: connected, nothing published
        cancelled = time.perf_counter()
        run.stop()
        wait_until(run.ended, 10, "the task to end")
        ended.append((time.perf_counter() - cancelled) * 1000)
        wait_until(lambda: sandbox.subscribers() == 0, 10, "the connection to close")
        closed.append((time.perf_counter() - cancelled) * 1000)
        if run.outcome[0].state != "stopped":
            raise SystemExit(f"the cancelled feed ended as {run.outcome[0]!r}")
        run.close()
    print(f"3. Cancel of an idle subscription's task, {rounds} rounds:")
    print(
        f"  cancel → the task's result on the main thread: max {max(ended):.0f} ms, "
        f"median {statistics.median(ended):.0f} ms ({', '.join(f'{value:.0f}' for value in ended)})"
    )
    print(
        f"  cancel → no subscriber left at the sandbox (checked once the task ended): "
        f"max {max(closed):.0f} ms, median {statistics.median(closed):.0f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="rounds of the dataset rates")
    parser.add_argument("--items", type=int, default=2000, help="items published into the subscription")
    parser.add_argument("--burst", type=int, default=50, help="items per burst")
    parser.add_argument("--every", type=float, default=0.1, help="seconds between bursts")
    parser.add_argument("--cancel-rounds", type=int, default=5)
    options = parser.parse_args()
    os.environ["CONSTELLR_FEED_TOKEN"] = FEED_TOKEN  # the Feeds tab's feed has no token stored
    sandbox = SandboxProcess()  # forked before QGIS starts
    app = QgsApplication([], True)
    app.initQgis()
    interface = BenchInterface()
    bridge = QgsLayerTreeMapCanvasBridge(QgsProject.instance().layerTreeRoot(), interface.canvas)
    try:
        dataset_rates(sandbox, interface, options.rounds)
        rate = options.burst / options.every
        print(
            f"2. A subscription to {PACKAGE!r} while {options.items:,} items are published in bursts of "
            f"{options.burst} every {options.every * 1000:.0f} ms ({rate:,.0f} items/s),\n"
            "   footprints on a 1366×768 map canvas; main-thread event loop ticked every 5 ms:"
        )
        print(f"  idle event loop for {IDLE_SECONDS:g} s before: {GapMeter().idle_noise()}")
        for scenario in (LayerRun, TabRun):
            stall_while_publishing(
                sandbox, interface, scenario, count=options.items, burst=options.burst, every=options.every
            )
        cancel_latency(sandbox, interface, options.cancel_rounds)
    finally:
        del bridge
        sandbox.close()
        app.exitQgis()


if __name__ == "__main__":
    main()
