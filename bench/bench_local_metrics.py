"""How long the live size check takes for a 10,000-vertex polygon (target: under 20 ms).

Prints the median and worst of repeated runs for: local metrics alone, and the whole preparation an
AOI goes through on every change (validity, simplification, metrics).
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _plugin_import import import_plugin
from qgis.core import QgsApplication, QgsGeometry, QgsPointXY

RUNS = 50


def timed(function, argument) -> tuple[float, float]:
    durations = []
    for _ in range(RUNS):
        start = time.perf_counter()
        function(argument)
        durations.append((time.perf_counter() - start) * 1000)
    return statistics.median(durations), max(durations)


def main() -> None:
    app = QgsApplication([], False)
    app.initQgis()
    geometry = import_plugin("constellr.plugin.aoi_geometry")
    polygon = QgsGeometry.fromPointXY(QgsPointXY(13.4, 52.5)).buffer(0.05, 2500)
    vertices = polygon.constGet().nCoordinates()
    median, worst = timed(geometry.local_metrics, polygon)
    print(
        f"local metrics, {vertices:,}-vertex polygon: "
        f"median {median:.2f} ms, worst {worst:.2f} ms (target < 20 ms)"
    )
    median, worst = timed(geometry.prepare_aoi, polygon)
    print(f"full AOI preparation incl. simplification:  median {median:.2f} ms, worst {worst:.2f} ms")
    app.exitQgis()


if __name__ == "__main__":
    main()
