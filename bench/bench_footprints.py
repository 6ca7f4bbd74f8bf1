"""10,000 STAC items into a footprint layer: the time it takes next to a bare ``addFeatures``, and the
longest main-thread stall while they arrive page by page through a real task (targets: within 2×, < 100 ms).

The items are synthetic but shaped like constellr's: footprints of 5–20 vertices, every property the
API sends, five pre-signed assets and four links each (about 3 kB of JSON per item).

1. Side by side in one run, on the same prebuilt features (median of several runs, each into a fresh
   layer): a bare ``dataProvider().addFeatures`` batch, and the plugin's ``append_features`` (what the
   Search tab runs on the main thread for each page: the add, the extent, the repaint) in one batch and
   in pages of 100. For reference: building those features from the items (``footprint_features``,
   done in the worker thread by ``search_items``), and both steps on one thread.
2. A local STAC API serves the 10,000 items as 100 POST pages linked by ``next``; ``search_items`` runs
   in a QgsTask and every page is appended to a layer shown on a map canvas, once bare and once through
   the real Search tab (its results list keeps each item as JSON text, not as Python objects, so that
   Python's garbage collector, which stalls every thread, has little to walk). A 5 ms timer on the main
   thread measures the longest gap between its ticks, i.e. the longest time QGIS could not react.
"""

from __future__ import annotations

import gc
import json
import math
import os
import random
import statistics
import sys
import threading
import time
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _plugin_import import import_plugin
from bench_aoi_preparation_stall import StallMeter
from qgis.core import QgsApplication, QgsCoordinateReferenceSystem, QgsProject, QgsRectangle, QgsVectorLayer
from qgis.gui import QgsLayerTreeMapCanvasBridge, QgsMapCanvas, QgsMessageBar

ITEMS = 10_000
PAGE = 100
RUNS = 5
TARGET_RATIO = 2.0
TARGET_STALL_MS = 100
ASSETS = ("lst", "quicklook", "thumbnail", "metadata", "scl_mask_30m")


def synthetic_item(index: int, rng: random.Random, api: str) -> dict:
    """One STAC item like the constellr API's, with a footprint of 5–20 vertices."""
    lon, lat = rng.uniform(-170, 170), rng.uniform(-55, 70)
    vertices = rng.randint(5, 20)
    ring = []
    for step in range(vertices):
        angle = 2 * math.pi * step / vertices
        radius = 0.15 * (1 + 0.2 * rng.random())
        ring.append([round(lon + radius * math.cos(angle), 6), round(lat + radius * math.sin(angle), 6)])
    ring.append(ring[0])
    acquired = datetime(2026, 1, 1, tzinfo=timezone.utc) + timedelta(minutes=53 * index)
    stamp = acquired.strftime("%Y-%m-%dT%H:%M:%SZ")
    illumination = "day" if rng.random() < 0.7 else "night"
    item_id = f"LSTPRECISION_SBA01_P{index:05d}_{acquired:%Y%m%dT%H%M%SZ}"
    collection = "lstprecision"
    xs, ys = [x for x, _ in ring], [y for _, y in ring]
    cloud = round(60 * rng.random() ** 2, 1)
    url = f"{api}/stac/collections/{collection}/items/{item_id}"
    signature = "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Expires=3600&X-Amz-Signature=" + "ab" * 32
    return {
        "type": "Feature",
        "stac_version": "1.1.0",
        "id": item_id,
        "collection": collection,
        "geometry": {"type": "Polygon", "coordinates": [ring]},
        "bbox": [min(xs), min(ys), max(xs), max(ys)],
        "properties": {
            "datetime": stamp,
            "created": stamp,
            "updated": stamp,
            "platform": "SBA01",
            "constellation": "constellr",
            "gsd": 30.0,
            "order:id": f"00000000-0000-4000-8000-{index % 97:012d}",
            "constellr:product": "LSTprecision",
            "constellr:illumination": illumination,
            "eo:cloud_cover": cloud,
            "constellr:thick_cloud_cover": round(cloud * 0.5, 1),
            "constellr:thin_cloud_cover": round(cloud * 0.5, 1),
            "constellr:cloud_shadow_cover": 0.0,
            "view:off_nadir": round(25 * rng.random(), 2),
            "view:sun_elevation": round(60 * rng.random(), 2),
            "view:sun_azimuth": round(360 * rng.random(), 2),
            "proj:epsg": 32632,
            "proj:shape": [1000, 1000],
            "proj:bbox": [500000.0, 4000000.0, 530000.0, 4030000.0],
            "proj:transform": [30.0, 0.0, 500000.0, 0.0, -30.0, 4030000.0],
        },
        "links": [
            {"rel": "self", "type": "application/geo+json", "href": url},
            {"rel": "parent", "type": "application/json", "href": f"{api}/stac/collections/{collection}"},
            {"rel": "collection", "type": "application/json", "href": f"{api}/stac/collections/{collection}"},
            {"rel": "root", "type": "application/json", "href": f"{api}/stac/"},
        ],
        "assets": {
            key: {
                "href": f"https://storage.example.com/{item_id}/{key}.tiff?{signature}",
                "type": "image/tiff; application=geotiff; profile=cloud-optimized",
                "title": key,
                "roles": ["data"],
            }
            for key in ASSETS
        },
    }


class StacPages(ThreadingHTTPServer):
    """``POST /stac/search``: the items in pages of PAGE, each page's ``next`` link a POST with a token."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.url = f"http://127.0.0.1:{self.server_address[1]}"
        rng = random.Random(9)
        self.pages = [self._page(number, rng) for number in range(ITEMS // PAGE)]  # only bytes are kept
        self.served = 0

    def _page(self, number: int, rng: random.Random) -> bytes:
        links = []
        if (number + 1) * PAGE < ITEMS:
            body = {"limit": PAGE, "token": f"page-{number + 1}"}
            links.append({"rel": "next", "href": f"{self.url}/stac/search", "method": "POST", "body": body})
        features = [
            synthetic_item(index, rng, self.url) for index in range(number * PAGE, (number + 1) * PAGE)
        ]
        document = {
            "type": "FeatureCollection",
            "features": features,
            "links": links,
            "numberMatched": ITEMS,
            "numberReturned": len(features),
        }
        return json.dumps(document).encode()


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: StacPages

    def do_POST(self) -> None:
        request = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        token = request.get("token") or "page-0"
        payload = self.server.pages[int(token.removeprefix("page-"))]
        self.send_response(200)
        self.send_header("Content-Type", "application/geo+json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)
        self.server.served += 1

    def do_GET(self) -> None:
        """``/stac/collections`` (the Search tab lists them when it is first shown): none."""
        payload = json.dumps({"collections": [], "links": []}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args: object) -> None:
        pass


def median_ms(variants: dict, runs: int = RUNS) -> dict[str, float]:
    """Median time in ms of each ``(make_layer, action)`` variant, runs interleaved, each on a fresh layer."""
    times: dict[str, list[float]] = {name: [] for name in variants}
    for _ in range(runs):
        for name, (make_layer, action) in variants.items():
            layer = make_layer()
            started = time.perf_counter()
            action(layer)
            times[name].append((time.perf_counter() - started) * 1000)
            assert layer.featureCount() == ITEMS, layer.featureCount()
    return {name: statistics.median(values) for name, values in times.items()}


def side_by_side(search, items: list) -> None:
    started = time.perf_counter()
    features = search.footprint_features(items)
    build_ms = (time.perf_counter() - started) * 1000

    def bare_layer() -> QgsVectorLayer:
        layer = QgsVectorLayer("MultiPolygon?crs=EPSG:4326", "bare", "memory")
        layer.dataProvider().addAttributes(search.footprint_fields().toList())
        layer.updateFields()
        return layer

    def footprints() -> QgsVectorLayer:
        return search.footprint_layer("footprints")

    def in_pages(layer: QgsVectorLayer) -> None:
        for start in range(0, ITEMS, PAGE):
            search.append_features(layer, features[start : start + PAGE])

    timings = median_ms(
        {
            "bare": (bare_layer, lambda layer: layer.dataProvider().addFeatures(features)),
            "one batch": (footprints, lambda layer: search.append_features(layer, features)),
            "pages": (footprints, in_pages),
            "items": (
                footprints,
                lambda layer: search.append_features(layer, search.footprint_features(items)),
            ),
        }
    )
    bare = timings["bare"]
    ratio = max(timings["one batch"], timings["pages"]) / bare
    verdict = "ok" if ratio <= TARGET_RATIO else "OVER TARGET"
    print(f"{ITEMS:,} footprints into a memory layer (median of {RUNS} interleaved runs, same features):")
    print(f"  bare dataProvider().addFeatures, one batch:    {bare:7.1f} ms")
    print(f"  search.append_features, one batch:             {timings['one batch']:7.1f} ms")
    print(f"  search.append_features, {ITEMS // PAGE} pages of {PAGE}:       {timings['pages']:7.1f} ms")
    print(f"  → {ratio:.2f}× the bare batch ({verdict}, target within {TARGET_RATIO:g}×)")
    print(f"  building the features from the items (worker thread in a search): {build_ms:7.1f} ms")
    print(f"  build + add on one thread, for reference:                         {timings['items']:7.1f} ms")


def shown_on_canvas(layer: QgsVectorLayer) -> QgsMapCanvas:
    """A 1366×768 map canvas (EPSG:4326) showing the whole world of footprints."""
    canvas = QgsMapCanvas()
    canvas.resize(1366, 768)
    canvas.setDestinationCrs(QgsCoordinateReferenceSystem("EPSG:4326"))
    canvas.setLayers([layer])
    canvas.setExtent(QgsRectangle(-180, -60, 180, 75))
    canvas.show()
    return canvas


class FullCollections:
    """While entered: how long each of Python's full (generation 2) garbage collections takes, in ms."""

    def __init__(self) -> None:
        self.ms: list[float] = []
        self.cpu_ms: list[float] = []  # of the thread that collected: what the collection itself costs
        self._started = (0.0, 0.0)

    def __enter__(self) -> FullCollections:
        gc.callbacks.append(self._callback)
        return self

    def __exit__(self, *exc_info: object) -> None:
        gc.callbacks.remove(self._callback)

    def _callback(self, phase: str, info: dict) -> None:
        if info["generation"] == 2:
            if phase == "start":
                self._started = (time.perf_counter(), time.thread_time())
            else:
                self.ms.append((time.perf_counter() - self._started[0]) * 1000)
                self.cpu_ms.append((time.thread_time() - self._started[1]) * 1000)


class BenchInterface:
    """The little of QgisInterface the Search tab uses: a 1366×768 map canvas and a message bar."""

    def __init__(self) -> None:
        self.canvas = QgsMapCanvas()
        self.canvas.resize(1366, 768)
        self.canvas.setDestinationCrs(QgsCoordinateReferenceSystem("EPSG:4326"))
        self.canvas.setExtent(QgsRectangle(-180, -60, 180, 75))
        self.canvas.show()
        self.bar = QgsMessageBar()

    def mapCanvas(self) -> QgsMapCanvas:
        return self.canvas

    def messageBar(self) -> QgsMessageBar:
        return self.bar

    def activeLayer(self) -> None:
        return None


class LayerOnly:
    """``search_items`` in a task, each page's footprints appended to a layer (what the tab builds on)."""

    title = "into a layer only"

    def __init__(self, search, server: StacPages, _interface: BenchInterface) -> None:
        api = import_plugin("constellr.plugin.api")
        self.search = search
        self.layer = search.footprint_layer("search")
        search.add_search_group(self.layer, "constellr search — bench", QgsProject.instance())
        self.client = api.ConstellrClient(server.url, "bench-key")
        self.runner = import_plugin("constellr.plugin.tasks").TaskRunner()
        self.outcome: list = []
        self.append_ms: list[float] = []

    def _show(self, page) -> None:
        started = time.perf_counter()
        self.search.append_features(self.layer, page.features)
        self.append_ms.append((time.perf_counter() - started) * 1000)

    def start(self) -> None:
        request = self.search.SearchRequest(page_size=PAGE)
        work = lambda task: self.search.search_items(self.client, task, request)  # noqa: E731
        self.runner.start("search", work, self.outcome.append, self.outcome.append, on_partial=self._show)

    def done(self) -> bool:
        return bool(self.outcome)

    def footprints(self) -> int:
        return self.layer.featureCount()

    def close(self) -> None:
        self.client.close()


class InSearchTab:
    """The real Search tab: results list, footprint layer in its group, running count, zoom at the end."""

    title = "in the Search tab (results list, layer, count, zoom)"

    def __init__(self, _search, server: StacPages, interface: BenchInterface) -> None:
        self.append_ms: list[float] = []  # the tab's own page handling is inside the stall measured
        api = import_plugin("constellr.plugin.api")
        self.context = import_plugin("constellr.plugin.context").PluginContext(
            lambda: api.ConstellrClient(server.url, "bench-key")
        )
        self.tab = import_plugin("constellr.ui.search_tab").SearchTab(interface, self.context)
        self.tab.resize(400, 900)
        self.tab.show()
        self.tab.filters.page_spin.setValue(PAGE)

    def start(self) -> None:
        self.tab.search()

    def done(self) -> bool:
        return self.tab.search_button.isEnabled() and self.tab.results.model.rowCount() == ITEMS

    def footprints(self) -> int:
        return self.tab.results.layer.featureCount()

    def close(self) -> None:
        self.tab.release()
        self.context.close()


def stall_while_searching(search, server: StacPages, scenario: type) -> None:
    """Run the search in a task the scenario's way; print the longest main-thread stall."""
    project = QgsProject.instance()
    interface = BenchInterface()
    bridge = QgsLayerTreeMapCanvasBridge(project.layerTreeRoot(), interface.canvas)
    meter = StallMeter()
    idle_until = time.perf_counter() + 2.0
    noise, _ = meter.measure(lambda: None, lambda: time.perf_counter() > idle_until)
    full_collections = FullCollections()
    served_before = server.served
    run = scenario(search, server, interface)
    with full_collections:
        stall, elapsed = meter.measure(run.start, run.done)
    verdict = "ok" if stall < TARGET_STALL_MS else "OVER TARGET"
    print(f"  {run.title}:")
    print(f"    longest main-thread stall: {stall:.1f} ms ({verdict}, target < {TARGET_STALL_MS} ms)")
    print(f"    idle event loop for 2 s before: longest gap {noise:.1f} ms (this machine's scheduling noise)")
    line = (
        f"    {run.footprints():,} footprints after {elapsed:,.0f} ms ({server.served - served_before} pages)"
    )
    if run.append_ms:
        line += f"; a page added in median {statistics.median(run.append_ms):.1f} ms"
        line += f", longest {max(run.append_ms):.1f} ms"
    print(line)
    longest, cpu = max(full_collections.ms, default=0), max(full_collections.cpu_ms, default=0)
    print(
        f"    Python's full garbage collections: {len(full_collections.ms)}, longest {longest:.1f} ms "
        f"({cpu:.1f} ms of CPU), ending with {len(gc.get_objects()):,} objects tracked"
    )
    run.close()
    del bridge
    project.removeAllMapLayers()
    project.layerTreeRoot().removeAllChildren()
    gc.collect()


def main() -> None:
    app = QgsApplication([], True)
    app.initQgis()
    search = import_plugin("constellr.plugin.search")
    api = import_plugin("constellr.plugin.api")
    server = StacPages()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    items = [api.StacItem.from_dict(item) for page in server.pages for item in json.loads(page)["features"]]
    side_by_side(search, items)
    del items
    gc.collect()
    print(f"{ITEMS:,} items arriving as {ITEMS // PAGE} pages of {PAGE} from a local STAC API through")
    print("search_items in a QgsTask, shown on a 1366×768 map canvas:")
    stall_while_searching(search, server, LayerOnly)
    stall_while_searching(search, server, InSearchTab)
    print(
        "  A full garbage collection runs in whichever thread triggers it, holding the interpreter lock,\n"
        "  so it stalls Python code on the main thread; its length grows with the Python objects kept."
    )
    server.shutdown()
    app.exitQgis()


if __name__ == "__main__":
    main()
