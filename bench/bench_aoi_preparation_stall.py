"""How long the main thread stalls while a 200,000-vertex parcel becomes the AOI (target: under 100 ms).

A parcel of 200,000 vertices in a memory layer (EPSG:25833, as cadastral data often is) is followed as
the selection; a 5 ms QTimer ticks on the main thread while the event loop runs, and the largest gap
between two ticks is the longest stall a user would feel. Measured from the selection until the AOI is
ready, then from an edit of the parcel until the AOI follows it. For comparison: how long the same
preparation takes when done at once on the main thread (how long QGIS would freeze without the task).
"""

from __future__ import annotations

import math
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _plugin_import import import_plugin
from qgis.core import (
    QgsApplication,
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsFeature,
    QgsGeometry,
    QgsPointXY,
    QgsProject,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QEventLoop, QTimer

VERTICES = 200_000
TICK_MS = 5
TARGET_MS = 100


def detailed_parcel(vertices: int, wiggle: float = 0.002) -> QgsGeometry:
    """A parcel about 7 km across near Berlin whose outline wiggles by metres, in EPSG:25833."""
    points = []
    for index in range(vertices):
        angle = 2 * math.pi * index / vertices
        radius = 0.05 * (1 + wiggle * math.sin(397 * angle) + wiggle / 4 * math.sin(5003 * angle))
        points.append(QgsPointXY(13.4 + radius * math.cos(angle), 52.5 + 0.6 * radius * math.sin(angle)))
    parcel = QgsGeometry.fromPolygonXY([points])
    parcel.transform(
        QgsCoordinateTransform(
            QgsCoordinateReferenceSystem("EPSG:4326"),
            QgsCoordinateReferenceSystem("EPSG:25833"),
            QgsProject.instance(),
        )
    )
    return parcel


class StallMeter:
    """Ticks every 5 ms on the main thread and keeps the largest gap between two ticks."""

    def __init__(self) -> None:
        self.timer = QTimer()
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self._tick)
        self.longest_ms = 0.0
        self.ticks = 0
        self._last = 0.0

    def _tick(self) -> None:
        now = time.perf_counter()
        self.longest_ms = max(self.longest_ms, (now - self._last) * 1000)
        self._last = now
        self.ticks += 1

    def measure(self, action, done) -> tuple[float, float]:
        """Run ``action`` once the meter ticks; (longest stall, time to ``done()``) in ms."""
        loop = QEventLoop()
        self.longest_ms, self.ticks = 0.0, 0
        started = 0.0

        def act() -> None:
            nonlocal started
            started = time.perf_counter()
            action()

        def check() -> None:
            if started and done():
                loop.quit()

        watcher = QTimer()
        watcher.setInterval(1)
        watcher.timeout.connect(check)
        self._last = time.perf_counter()
        self.timer.start()
        watcher.start()
        QTimer.singleShot(50, act)
        loop.exec()
        elapsed = (time.perf_counter() - started) * 1000
        watcher.stop()
        self.timer.stop()
        return self.longest_ms, elapsed


def report(what: str, stall_ms: float, detail: str) -> None:
    verdict = "ok" if stall_ms < TARGET_MS else "OVER TARGET"
    print(f"  {what}: longest main-thread stall {stall_ms:.1f} ms ({verdict}, target < {TARGET_MS} ms)")
    print(f"      {detail}")


def main() -> None:
    app = QgsApplication([], False)
    app.initQgis()
    current_aoi = import_plugin("constellr.plugin.current_aoi")
    parcel = detailed_parcel(VERTICES)
    layer = QgsVectorLayer("Polygon?crs=EPSG:25833", "cadastre", "memory")
    feature = QgsFeature()
    feature.setGeometry(parcel)
    layer.dataProvider().addFeatures([feature])
    QgsProject.instance().addMapLayer(layer)
    print(f"a {parcel.constGet().nCoordinates():,}-vertex parcel in EPSG:25833, followed as the selection:")

    crs = layer.crs()
    context = QgsProject.instance().transformContext()
    start = time.perf_counter()
    (at_once,) = current_aoi.prepare_sources([current_aoi.AoiSource("parcel", parcel, crs)], context)
    blocking_ms = (time.perf_counter() - start) * 1000
    print(
        f"  the same preparation done at once on the main thread would freeze QGIS for {blocking_ms:,.0f} ms"
    )
    for note in at_once.candidate.notes:
        print(f"  note: {note}")

    meter = StallMeter()
    idle_until = time.perf_counter() + 2.0
    stall, _ = meter.measure(lambda: None, lambda: time.perf_counter() > idle_until)
    print(f"  idle event loop for 2 s: longest gap {stall:.1f} ms (this machine's scheduling noise)")

    current = current_aoi.CurrentAoi()
    changes = []
    current.changed.connect(lambda: changes.append(len(current.aois)))
    current.follow_layer(layer, selected_only=True)

    def ready() -> bool:
        return bool(changes) and not current.busy and bool(current.aois)

    stall, latency = meter.measure(lambda: layer.selectByIds([1]), ready)
    report("selection → AOI ready", stall, f"ready after {latency:,.0f} ms, {meter.ticks} ticks meanwhile")

    layer.startEditing()
    moved = QgsGeometry(parcel)
    moved.translate(250.0, 0.0)
    changes.clear()
    edit_ms = 0.0

    def edit() -> None:
        nonlocal edit_ms
        begin = time.perf_counter()
        layer.changeGeometry(1, moved)
        edit_ms = (time.perf_counter() - begin) * 1000

    stall, latency = meter.measure(edit, ready)
    report(
        "edit → AOI follows", stall, f"ready after {latency:,.0f} ms; QGIS's changeGeometry: {edit_ms:.1f} ms"
    )
    layer.rollBack()
    current.clear()
    QgsProject.instance().removeMapLayer(layer.id())
    app.exitQgis()


if __name__ == "__main__":
    main()
