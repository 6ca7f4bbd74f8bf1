"""Confirms the local AOI metrics with the server's geometry-info, without a request storm.

Requests are debounced (a new geometry restarts the wait) and at most one is in flight: a geometry that
arrives meanwhile waits and is sent when the running request ends, and only the newest one is sent.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from qgis.core import QgsGeometry
from qgis.PyQt.QtCore import QObject, QTimer, pyqtSignal

from .aoi_geometry import AoiMetrics
from .aois import measure_aoi
from .api import GeometryInfo
from .context import PluginContext
from .i18n import tr
from .tasks import ApiTask

AGREEMENT = 0.01  # local and server figures within 1 % agree


@dataclass(frozen=True)
class MetricsComparison:
    """Local and server metrics of the same polygon, side by side."""

    local: AoiMetrics
    server: GeometryInfo

    @property
    def largest_difference(self) -> float:
        """The largest relative difference of width, height and area."""
        pairs = (
            (self.local.bbox_width_m, self.server.bbox_width),
            (self.local.bbox_height_m, self.server.bbox_height),
            (self.local.area_m2, self.server.area),
        )
        return max(abs(local - server) / max(abs(server), 1e-9) for local, server in pairs)

    @property
    def agrees(self) -> bool:
        """True when every figure is within 1 %."""
        return self.largest_difference <= AGREEMENT


class ServerMetricsCheck(QObject):
    """Debounced, single-flight geometry-info requests for the AOI on screen."""

    confirmed = pyqtSignal(object)  # MetricsComparison
    failed = pyqtSignal(str)

    def __init__(self, context: PluginContext, delay_ms: int = 600) -> None:
        super().__init__()
        self._context = context
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self._send)
        self._waiting: tuple[QgsGeometry, AoiMetrics] | None = None
        self._in_flight: ApiTask | None = None
        self.requests_sent = 0

    @property
    def busy(self) -> bool:
        """True while a request is waiting or running."""
        return self._timer.isActive() or self._in_flight is not None or self._waiting is not None

    def request(self, polygon_wgs84: QgsGeometry, local: AoiMetrics) -> None:
        """Ask for this polygon's server metrics soon; replaces any geometry still waiting."""
        self._waiting = (QgsGeometry(polygon_wgs84), local)
        self._timer.start()

    def cancel(self) -> None:
        """Drop what waits and cancel the request in flight."""
        self._timer.stop()
        self._waiting = None
        self._context.cancel(self)

    def _send(self) -> None:
        if self._in_flight is not None or self._waiting is None:
            return
        polygon, local = self._waiting
        self._waiting = None
        self.requests_sent += 1
        task = self._context.run(
            tr("measure the AOI on the server"),
            measure_aoi,
            polygon,
            on_done=lambda info: self._report(lambda: self.confirmed.emit(MetricsComparison(local, info))),
            on_error=lambda message: self._report(lambda: self.failed.emit(message)),
            owner=self,
        )
        if task is not None:
            task.taskCompleted.connect(self._task_ended)
            task.taskTerminated.connect(self._task_ended)
        self._in_flight = task

    def _report(self, emit: Callable[[], None]) -> None:
        if self._waiting is None:
            emit()  # else a newer geometry is waiting: its answer is the one worth showing

    def _task_ended(self) -> None:
        self._in_flight = None
        if self._waiting is not None:
            self._timer.start()
