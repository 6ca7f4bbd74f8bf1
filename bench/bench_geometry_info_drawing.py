"""Geometry-info requests while an analyst draws a 50-vertex polygon by clicks on the canvas.

Clicks come every 80 ms (brisk) or 700 ms (deliberate) on a real map canvas with the polygon tool; each vertex
updates the current AOI as in the dock, and the server check asks the sandbox's geometry-info, which
answers with 150 ms of added latency. Prints requests sent, the most ever in flight at once, and the
time from the last click to the confirmed figures. Targets: at most one in flight, fewer requests
than vertices.
"""

from __future__ import annotations

import math
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _plugin_import import import_plugin
from qgis.core import QgsApplication, QgsCoordinateReferenceSystem, QgsPointXY, QgsRectangle
from qgis.gui import QgsMapCanvas, QgsMapMouseEvent
from qgis.PyQt.QtCore import QEvent, QPoint, Qt
from qgis.PyQt.QtWidgets import QMainWindow

VERTICES = 50
SERVER_LATENCY = 0.15


def pump(seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        QgsApplication.processEvents()
        time.sleep(0.002)


def click(canvas: QgsMapCanvas, tool, point: QgsPointXY) -> None:
    pixel = canvas.getCoordinateTransform().transform(point)
    position = QPoint(round(pixel.x()), round(pixel.y()))
    for kind in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease):
        event = QgsMapMouseEvent(
            canvas,
            kind,
            position,
            Qt.MouseButton.LeftButton,
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
        )
        (tool.canvasPressEvent if kind == QEvent.Type.MouseButtonPress else tool.canvasReleaseEvent)(event)


def setup_canvas() -> tuple[QMainWindow, QgsMapCanvas]:
    window = QMainWindow()
    canvas = QgsMapCanvas(window)
    window.setCentralWidget(canvas)
    window.resize(900, 900)
    window.show()
    canvas.setDestinationCrs(QgsCoordinateReferenceSystem("EPSG:4326"))
    pump(0.2)
    canvas.setExtent(QgsRectangle(13.30, 52.45, 13.50, 52.60))
    return window, canvas


def draw(canvas: QgsMapCanvas, sandbox, interval: float) -> None:
    """Draw the polygon with one click every ``interval`` seconds and print what the server saw."""
    from sandbox.data import DEMO_API_KEY

    api = import_plugin("constellr.plugin.api")
    context = import_plugin("constellr.plugin.context").PluginContext(
        lambda: api.ConstellrClient(sandbox.api_url, DEMO_API_KEY)
    )
    runner = context.runner
    check = import_plugin("constellr.plugin.server_metrics").ServerMetricsCheck(context)
    current = import_plugin("constellr.plugin.current_aoi").CurrentAoi()
    tool = import_plugin("constellr.ui.map_tools").PolygonTool(canvas)
    crs = canvas.mapSettings().destinationCrs()
    tool.geometryChanged.connect(
        lambda geometry: current.set_geometries([("drawn", geometry)], crs, "drawing")
    )
    current.changed.connect(
        lambda: (
            current.aois
            and current.aois[0].candidate.ready
            and check.request(current.aois[0].candidate.geometry, current.aois[0].metrics)
        )
    )
    confirmations = []
    check.confirmed.connect(lambda comparison: confirmations.append((time.monotonic(), comparison)))
    sandbox.requests.clear()
    most_in_flight = 0

    def wait(condition) -> None:
        nonlocal most_in_flight
        while condition():
            QgsApplication.processEvents()
            most_in_flight = max(most_in_flight, len(runner.running))
            time.sleep(0.002)

    for index in range(VERTICES):
        angle = 2 * math.pi * index / VERTICES
        radius = 0.05 * (0.8 + 0.2 * math.sin(5 * angle))
        click(
            canvas,
            tool,
            QgsPointXY(13.40 + radius * math.cos(angle), 52.525 + 0.6 * radius * math.sin(angle)),
        )
        last_click = time.monotonic()
        if index < VERTICES - 1:
            deadline = last_click + interval
            wait(lambda: time.monotonic() < deadline)  # noqa: B023 - evaluated within the iteration
    wait(lambda: check.busy)
    served = [r for r in sandbox.requests if r.path == "/areas-of-interest/geometry-info"]
    print(f"one click every {interval * 1000:.0f} ms, {VERTICES} vertices:")
    print(f"  geometry-info requests sent:      {check.requests_sent} (sandbox saw {len(served)})")
    print(f"  most requests in flight at once:  {most_in_flight}")
    if confirmations:
        print(f"  last click → confirmed figures:   {(confirmations[-1][0] - last_click) * 1000:.0f} ms")
        print(f"  final local vs server difference: {confirmations[-1][1].largest_difference:.4%}")
    tool.release()


def main() -> None:
    app = QgsApplication([], True)
    app.initQgis()
    import_plugin("constellr")
    from sandbox.testing import SandboxServer

    window, canvas = setup_canvas()
    with SandboxServer(data_dir=Path(tempfile.mkdtemp())) as sandbox:
        sandbox.faults.add(kind="latency", path="/areas-of-interest/geometry-info", delay=SERVER_LATENCY)
        print(f"geometry-info answers after {SERVER_LATENCY * 1000:.0f} ms of added latency")
        for interval in (0.08, 0.7):
            draw(canvas, sandbox, interval)
    window.close()
    window.deleteLater()
    pump(0.2)
    app.exitQgis()


if __name__ == "__main__":
    main()
