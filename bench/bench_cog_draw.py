"""Drawing the full extent of a streamed 10,000 × 10,000 LST COG reads a small part of its bytes.

Writes a UInt16 Cloud Optimized GeoTIFF (DEFLATE, internal overviews, a fill swath edge) into a
temporary folder, serves it over loopback HTTP with a tiny Range-capable server that counts what it
sends, and opens it as the plugin does: ``/vsicurl/`` behind the °C VRT, styled with the thermal ramp
(its 2–98 % stretch read from an overview), then renders the full extent at 1366 × 768 with
QgsMapRendererParallelJob. Prints bytes served (and % of the file), requests and times per step, for
a generic pre-signed URL and for an AWS Signature V4 one (GDAL learns the size of those with a GET,
which GDAL 3.6 reads to the end of the file; GDAL 3.10 stops it early).
Target: under 10 % of the file's bytes for the first draw.
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import ModuleType
from urllib.parse import urlsplit

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np
from _plugin_import import import_plugin
from osgeo import gdal, osr
from qgis.core import Qgis, QgsApplication, QgsMapRendererParallelJob, QgsMapSettings, QgsRasterLayer
from qgis.PyQt.QtCore import QSize

SIZE = 10_000
OUTPUT = QSize(1366, 768)
TARGET_SHARE = 0.10
GENERIC_QUERY = "X-Expires=4102444800&X-Signature=bench"
AWS_V4_QUERY = "X-Amz-Date=20260708T120000Z&X-Amz-Expires=3600&X-Amz-Signature=bench"
SIGNED_QUERIES = (GENERIC_QUERY, AWS_V4_QUERY)
_RANGE = re.compile(r"bytes=(\d+)-(\d*)")


def write_cog(path: Path) -> None:
    """A smooth temperature field with noise (UInt16, 0.01 K) and a fill strip, as a DEFLATE COG."""
    work = gdal.GetDriverByName("GTiff").Create(
        str(path.with_suffix(".work.tif")), SIZE, SIZE, 1, gdal.GDT_UInt16, ["TILED=YES", "COMPRESS=NONE"]
    )
    work.SetGeoTransform((300_000.0, 30.0, 0.0, 5_800_000.0, 0.0, -30.0))
    utm = osr.SpatialReference()
    utm.ImportFromEPSG(32633)
    work.SetProjection(utm.ExportToWkt())
    band = work.GetRasterBand(1)
    band.SetNoDataValue(65535)
    rng = np.random.default_rng(7)
    columns = np.linspace(0.0, 6.0, SIZE, dtype=np.float32)[None, :]
    for top in range(0, SIZE, 1000):
        rows = np.linspace(top / SIZE * 6.0, (top + 1000) / SIZE * 6.0, 1000, dtype=np.float32)[:, None]
        kelvin = 290.0 + 8.0 * np.sin(rows) * np.cos(columns) + rng.normal(0.0, 0.3, (1000, SIZE))
        block = np.round(kelvin / 0.01).astype(np.uint16)
        block[:, : 600 + top // 20] = 65535  # the swath edge
        band.WriteArray(block, 0, top)
    band = None
    cog_options = [
        "COMPRESS=DEFLATE",
        "PREDICTOR=YES",
        "BLOCKSIZE=512",
        "OVERVIEWS=AUTO",
        "RESAMPLING=AVERAGE",
    ]
    gdal.GetDriverByName("COG").CreateCopy(str(path), work, options=cog_options)
    work = None
    path.with_suffix(".work.tif").unlink()


class CountingServer(ThreadingHTTPServer):
    """Serves one file at its signed URLs with HEAD, GET and single Range requests (403 for any other
    path or query); counts requests and body bytes."""

    daemon_threads = True

    def __init__(self, path: Path) -> None:
        super().__init__(("127.0.0.1", 0), RangeHandler)
        self.path = path
        self.size = path.stat().st_size
        self.lock = threading.Lock()
        self.requests = 0
        self.bytes = 0

    def count(self, sent: int) -> None:
        with self.lock:
            self.requests += 1
            self.bytes += sent

    def figures(self) -> tuple[int, int]:
        with self.lock:
            return self.requests, self.bytes


class RangeHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: CountingServer

    def log_message(self, format: str, *args: object) -> None:
        return

    def do_HEAD(self) -> None:
        self._answer(body=False)

    def do_GET(self) -> None:
        self._answer(body=True)

    def _answer(self, body: bool) -> None:
        if urlsplit(self.path).path != "/lst.tiff" or urlsplit(self.path).query not in SIGNED_QUERIES:
            self.send_response(403)  # as a storage host refuses a file or signature it did not issue
            self.send_header("Content-Length", "0")
            self.end_headers()
            self.server.count(0)
            return
        size = self.server.size
        start, end = 0, size - 1
        match = _RANGE.fullmatch(self.headers.get("Range", ""))
        if match:
            start = int(match[1])
            end = min(int(match[2]) if match[2] else size - 1, size - 1)
        self.send_response(206 if match else 200)
        self.send_header("Accept-Ranges", "bytes")
        self.send_header("Content-Type", "image/tiff")
        self.send_header("Content-Length", str(end - start + 1))
        if match:
            self.send_header("Content-Range", f"bytes {start}-{end}/{size}")
        self.end_headers()
        sent = 0
        if body:
            with self.server.path.open("rb") as file:
                file.seek(start)
                try:
                    while sent < end - start + 1:
                        chunk = file.read(min(1 << 16, end - start + 1 - sent))
                        self.wfile.write(chunk)
                        sent += len(chunk)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # GDAL closes a whole-file GET once it has the headers
        self.server.count(sent)


def report(step: str, server: CountingServer, seconds: float, before: tuple[int, int]) -> tuple[int, int]:
    requests, sent = server.figures()
    print(
        f"  {step:<36} {requests - before[0]:>3} requests {sent - before[1]:>12,} bytes "
        f"({100.0 * (sent - before[1]) / server.size:6.2f} % of the file) {seconds * 1000:7.0f} ms"
    )
    return requests, sent


def first_draw(rasters: ModuleType, server: CountingServer, href: str) -> tuple[float, list[str]]:
    """Open, style and render as the plugin does; prints each step; returns the share of bytes read."""
    gdal.VSICurlClearCache()
    start = server.figures()
    first = time.perf_counter()
    vrt = rasters.celsius_vrt(rasters.gdal_path(href))
    before = report("open: header, °C VRT", server, time.perf_counter() - first, start)
    step = time.perf_counter()
    layer = QgsRasterLayer(vrt, "LST", "gdal")
    assert layer.isValid(), layer.error().message()
    rasters.style_lst(layer)
    before = report("layer, 2-98 % stretch (overview)", server, time.perf_counter() - step, before)
    step = time.perf_counter()
    settings = QgsMapSettings()
    settings.setLayers([layer])
    settings.setDestinationCrs(layer.crs())
    settings.setExtent(layer.extent())
    settings.setOutputSize(OUTPUT)
    job = QgsMapRendererParallelJob(settings)
    job.start()
    job.waitForFinished()
    errors = [error.message for error in job.errors()]
    report(
        f"render full extent {OUTPUT.width()}×{OUTPUT.height()}", server, time.perf_counter() - step, before
    )
    requests, sent = server.figures()
    share = (sent - start[1]) / server.size
    print(
        f"  first draw {time.perf_counter() - first:.2f} s: {requests - start[0]} requests, "
        f"{sent - start[1]:,} bytes = {100.0 * share:.2f} % of the file"
        + (f"; render errors: {errors}" if errors else "")
    )
    return share, errors


def main() -> int:
    app = QgsApplication([], False)
    app.initQgis()
    rasters = import_plugin("constellr.plugin.rasters")
    print(f"QGIS {Qgis.version()}, GDAL {gdal.__version__}")
    with tempfile.TemporaryDirectory(prefix="bench-cog-") as folder:
        path = Path(folder) / "lst.tiff"
        started = time.perf_counter()
        write_cog(path)
        print(
            f"COG {SIZE:,} × {SIZE:,} UInt16, DEFLATE, overviews: {path.stat().st_size:,} bytes "
            f"(written in {time.perf_counter() - started:.1f} s)"
        )
        server = CountingServer(path)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_address[1]}/lst.tiff"
        print("A pre-signed URL (X-Expires, X-Signature: GDAL asks the size with HEAD):")
        share, errors = first_draw(rasters, server, f"{base}?{GENERIC_QUERY}")
        print("An AWS Signature V4 URL (GDAL asks the size with a GET; GDAL 3.6 reads it to the end):")
        aws_share, _ = first_draw(rasters, server, f"{base}?{AWS_V4_QUERY}")
        verdict = "met" if share < TARGET_SHARE and not errors else "MISSED"
        print(
            f"target < {100 * TARGET_SHARE:.0f} % of the bytes for the first draw: {verdict} "
            f"({100 * share:.2f} %)"
        )
        if aws_share >= TARGET_SHARE:
            print(f"with an AWS V4 URL on GDAL {gdal.__version__}: {100 * aws_share:.1f} % (the size probe)")
        server.shutdown()
    app.exitQgis()
    return 0 if verdict == "met" else 1


if __name__ == "__main__":
    sys.exit(main())
