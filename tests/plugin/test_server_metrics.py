"""The server check: debounced, one request in flight, never stuck after a cancel, plain errors."""

from __future__ import annotations

from qgis.core import QgsGeometry

from constellr.plugin.aoi_geometry import local_metrics, square_around
from constellr.plugin.api import ConstellrClient
from constellr.plugin.context import PluginContext
from constellr.plugin.server_metrics import ServerMetricsCheck
from sandbox.data import DEMO_API_KEY, REVOKED_API_KEY

GEOMETRY_INFO = "/areas-of-interest/geometry-info"


def checker(sandbox, key: str = DEMO_API_KEY) -> tuple[ServerMetricsCheck, list, list]:
    check = ServerMetricsCheck(PluginContext(lambda: ConstellrClient(sandbox.api_url, key)), delay_ms=50)
    confirmed: list = []
    failed: list = []
    check.confirmed.connect(confirmed.append)
    check.failed.connect(failed.append)
    return check, confirmed, failed


def square(size: float) -> tuple[QgsGeometry, object]:
    polygon = square_around(13.4, 52.5, size)
    return polygon, local_metrics(polygon)


def test_a_burst_of_changes_sends_one_request_for_the_last_shape(sandbox, wait_for) -> None:
    check, confirmed, _ = checker(sandbox)
    for size in range(1_000, 6_000, 1_000):
        check.request(*square(size))
    wait_for(lambda: not check.busy, what="the check")
    assert check.requests_sent == 1
    assert len([r for r in sandbox.requests if r.path == GEOMETRY_INFO]) == 1
    (comparison,) = confirmed
    assert comparison.agrees
    assert round(comparison.server.bbox_width) == 5_000


def test_a_cancelled_request_does_not_block_the_next_one(sandbox, wait_for) -> None:
    sandbox.faults.add(kind="latency", path=GEOMETRY_INFO, delay=0.5, times=1)
    check, confirmed, _ = checker(sandbox)
    check.request(*square(2_000))
    wait_for(lambda: sandbox.requests and check.busy, what="the first request")
    check.cancel()
    check.request(*square(3_000))
    wait_for(lambda: confirmed, what="the second answer")
    assert round(confirmed[-1].server.bbox_width) == 3_000
    assert not check.busy


def test_a_refused_key_is_a_plain_failure(sandbox, wait_for) -> None:
    check, confirmed, failed = checker(sandbox, REVOKED_API_KEY)
    check.request(*square(2_000))
    wait_for(lambda: failed, what="the failure")
    assert confirmed == []
    assert "Check the workspace API key" in failed[0]
