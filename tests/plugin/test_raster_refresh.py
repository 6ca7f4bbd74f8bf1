"""Streamed rasters survive the expiry of their pre-signed URLs, and a saved project reopened later."""

from __future__ import annotations

import re
import threading
from datetime import timedelta
from pathlib import Path
from urllib.parse import unquote

import pytest
from osgeo import gdal
from qgis.core import (
    QgsDataProvider,
    QgsFeedback,
    QgsMapRendererSequentialJob,
    QgsMapSettings,
    QgsPathResolver,
    QgsProject,
    QgsRasterLayer,
    QgsSingleBandPseudoColorRenderer,
)
from qgis.PyQt.QtCore import QSize

from constellr.plugin.api import StacSearch
from constellr.plugin.context import PluginContext
from constellr.plugin.raster_refresh import RasterRefresher, StreamedRaster, renew_sources, streamed_href
from constellr.plugin.rasters import (
    RasterReference,
    RasterRequest,
    add_raster_layers,
    href_of,
    prepare_rasters,
    vrt_source,
)
from sandbox.data import PRESIGNED_URL_LIFETIME


def _render_errors(layer: QgsRasterLayer) -> list[str]:
    settings = QgsMapSettings()
    settings.setLayers([layer])
    settings.setDestinationCrs(layer.crs())
    settings.setExtent(layer.extent())
    settings.setOutputSize(QSize(300, 200))
    job = QgsMapRendererSequentialJob(settings)
    job.start()
    job.waitForFinished()
    return [error.message for error in job.errors()]


def _expire_every_url(sandbox) -> None:
    """Time passes beyond the URLs' lifetime, and GDAL's cache of what it read is gone."""
    sandbox.clock.advance(timedelta(seconds=PRESIGNED_URL_LIFETIME + 60))
    gdal.VSICurlClearCache()


@pytest.fixture
def lst_layer_in(connected, demo_client):
    """Adds a streamed LST layer of the first delivered item to a project."""

    def add(project: QgsProject) -> QgsRasterLayer:
        gdal.VSICurlClearCache()  # the sandbox may sign an URL an earlier test saw refused, within a second
        item = next(iter(demo_client.search(StacSearch(collections=["lstprecision"], limit=1))))
        [layer] = add_raster_layers(
            prepare_rasters(demo_client, QgsFeedback(), [RasterRequest(item, "lst")]).prepared, project
        )
        return layer

    return add


@pytest.fixture
def refreshers():
    made: list[RasterRefresher] = []

    def make(project: QgsProject) -> RasterRefresher:
        made.append(RasterRefresher(PluginContext(), project))
        return made[-1]

    yield make
    for refresher in made:
        refresher.release()
        refresher.project.clear()


@pytest.mark.usefixtures("qgis_parent")
def test_a_layer_whose_url_expired_is_refreshed_when_the_canvas_fails_to_draw_it(
    connected, lst_layer_in, refreshers, qgis_iface, wait_for
) -> None:
    project = QgsProject.instance()
    refresher = refreshers(project)
    layer = lst_layer_in(project)
    renderer = layer.renderer()
    classification = (renderer.classificationMin(), renderer.classificationMax())
    old_href = streamed_href(layer)
    _expire_every_url(connected)
    assert _render_errors(layer)  # storage refuses the old URL

    canvas = qgis_iface.mapCanvas()
    canvas.renderErrorOccurred.connect(refresher.on_render_error)  # as the plugin wires it
    canvas.window().show()  # a hidden canvas does not draw
    canvas.setDestinationCrs(layer.crs())
    canvas.setLayers([layer])
    canvas.setExtent(layer.extent())
    canvas.refresh()
    wait_for(lambda: streamed_href(layer) != old_href, what="the layer re-pointed at a fresh URL")

    assert refresher.streamed_layers()
    assert layer.isValid()
    assert _render_errors(layer) == []
    assert isinstance(layer.renderer(), QgsSingleBandPseudoColorRenderer)  # the style is kept
    assert (layer.renderer().classificationMin(), layer.renderer().classificationMax()) == pytest.approx(
        classification
    )
    api = [request for request in connected.requests if request.server == "api"]
    assert any(request.path.endswith("/items/" + RasterReference.of(layer).item_id) for request in api)
    storage = [request for request in connected.requests if request.server == "storage"]
    assert not any("x-api-key" in request.headers for request in storage)
    canvas.setLayers([])
    canvas.renderErrorOccurred.disconnect(refresher.on_render_error)


def test_a_saved_project_holds_no_signature_and_shows_its_rasters_when_reopened_after_expiry(
    connected, lst_layer_in, refreshers, wait_for, tmp_path
) -> None:
    saving = QgsProject()
    refreshers(saving)
    layer = lst_layer_in(saving)
    maximum = layer.dataProvider().bandStatistics(1).maximumValue
    path = tmp_path / "rasters.qgs"
    assert saving.write(str(path))
    assert "X-Signature" in (streamed_href(layer) or "")  # the open layer keeps reading

    text = path.read_text("utf-8")
    for seen in (text, unquote(text), unquote(unquote(text))):
        assert "X-Signature" not in seen
        assert "X-Expires" not in seen
        assert "?X-" not in seen
    assert "constellr/raster/item_id" in text

    _expire_every_url(connected)
    reopened = QgsProject()
    refreshers(reopened)
    assert reopened.read(str(path))
    [restored] = reopened.mapLayers().values()
    assert restored.isValid()  # no "unavailable layers" to fix by hand
    wait_for(lambda: "X-Signature" in (streamed_href(restored) or ""), what="the reopened layer re-pointed")

    assert _render_errors(restored) == []
    assert restored.dataProvider().bandStatistics(1).maximumValue == pytest.approx(maximum)
    assert isinstance(restored.renderer(), QgsSingleBandPseudoColorRenderer)
    assert restored.name() == layer.name()


def test_a_layer_whose_url_says_it_expires_is_refreshed_before_storage_refuses_it(
    connected, lst_layer_in, refreshers, wait_for
) -> None:
    project = QgsProject()
    refresher = refreshers(project)
    layer = lst_layer_in(project)
    old_href = streamed_href(layer)
    connected.clock.advance(timedelta(seconds=10))  # a fresh href differs from the old one

    refresher.refresh_expiring(now=connected.clock.now())
    assert refresher._pending == set()  # an hour to go: nothing to do
    refresher.refresh_expiring(now=connected.clock.now() + timedelta(seconds=PRESIGNED_URL_LIFETIME - 60))
    wait_for(lambda: streamed_href(layer) != old_href, what="the layer re-pointed at a fresh URL")
    assert "X-Signature" in streamed_href(layer)


def test_items_that_cannot_be_renewed_are_named_with_the_reason(
    connected, demo_client, lst_layer_in, refreshers
) -> None:
    project = QgsProject()
    refreshers(project)
    layer = lst_layer_in(project)
    item_id = RasterReference.of(layer).item_id
    refused = list(demo_client.search(StacSearch(collections=["lstprecision"], limit=2)))[1]
    connected.faults.add(kind="status", server="storage", path=f"*{refused.id}*", status=403)
    gdal.VSICurlClearCache()

    def streamed(api_url: str, item: str, asset_key: str = "lst") -> StreamedRaster:
        reference = RasterReference(api_url, "lstprecision", item, asset_key, "https://s/x.tiff", True)
        return StreamedRaster(reference, layer.source())

    renewal = renew_sources(
        demo_client,
        QgsFeedback(),
        {
            "fresh": streamed(connected.api_url, item_id),
            "gone": streamed(connected.api_url, "LSTPRECISION_SBA01_GONE_20260101T000000Z"),
            "elsewhere": streamed("https://api.other.example", item_id),
            "no asset": streamed(connected.api_url, item_id, "vnir"),
            "refused": streamed(connected.api_url, refused.id),
        },
    )

    assert list(renewal.sources) == ["fresh"]
    assert "X-Signature" in unquote(streamed_href_of(renewal.sources["fresh"]))
    assert len(renewal.problems) == 4
    assert "no longer in lstprecision" in renewal.problems[0]
    assert "connect to that API" in renewal.problems[1]
    assert "no longer has the asset vnir" in renewal.problems[2]
    assert renewal.problems[3].startswith(f"lst of {refused.id} cannot be read from the storage host")
    assert "check the connection" in renewal.problems[3]
    assert "Signature" not in unquote(renewal.problems[3])


def streamed_href_of(source: str) -> str:
    return href_of(vrt_source(source)) or ""


def test_a_refreshed_layer_reads_nothing_over_the_network_when_re_pointed_on_the_main_thread(
    connected, demo_client, lst_layer_in, refreshers
) -> None:
    project = QgsProject()
    refreshers(project)
    layer = lst_layer_in(project)
    connected.clock.advance(timedelta(seconds=10))  # a fresh href differs from the old one
    raster = StreamedRaster(RasterReference.of(layer), layer.source())

    renewal = renew_sources(demo_client, QgsFeedback(), {layer.id(): raster})  # the task's work
    connected.requests.clear()
    layer.setDataSource(renewal.sources[layer.id()], layer.name(), "gdal", QgsDataProvider.ProviderOptions())

    assert layer.isValid()
    assert streamed_href(layer) != streamed_href_of(raster.source)
    assert [request for request in connected.requests if request.server == "storage"] == []


def test_what_cannot_be_refreshed_is_reported_through_the_problem_signal(
    connected, lst_layer_in, refreshers, wait_for
) -> None:
    project = QgsProject()
    refresher = refreshers(project)
    layer = lst_layer_in(project)
    gone = RasterReference.of(layer)
    RasterReference(
        gone.api_url, gone.collection, "LSTPRECISION_SBA01_GONE_20260101T000000Z", "lst", gone.location, True
    ).store(layer)
    problems: list[str] = []
    refresher.problem.connect(problems.append)

    refresher.refresh([layer.id()])

    wait_for(lambda: problems, what="the problem reported")
    assert problems == [
        "Some rasters could not be refreshed: LSTPRECISION_SBA01_GONE_20260101T000000Z is no longer in "
        "lstprecision."
    ]


def test_the_path_writer_uses_what_the_main_thread_saw_whatever_thread_saves(
    connected, lst_layer_in, refreshers, wait_for
) -> None:
    project = QgsProject()
    refresher = refreshers(project)
    layer = lst_layer_in(project)
    connected.clock.advance(timedelta(seconds=10))
    old_href = streamed_href(layer)
    refresher.refresh_expiring(now=connected.clock.now() + timedelta(seconds=PRESIGNED_URL_LIFETIME))
    wait_for(lambda: streamed_href(layer) != old_href, what="the layer re-pointed at a fresh URL")
    written: list[str] = []

    thread = threading.Thread(target=lambda: written.append(QgsPathResolver().writePath(layer.source())))
    thread.start()
    thread.join()

    [saved] = written
    assert unquote(streamed_href_of(saved)) == RasterReference.of(layer).location
    source = layer.source()
    project.removeMapLayer(layer.id())
    assert QgsPathResolver().writePath(source) == source  # a removed layer is forgotten


def test_plugin_services_never_import_the_gui() -> None:
    plugin = Path(__file__).resolve().parents[2] / "plugin"
    importing = [
        str(path.relative_to(plugin))
        for path in plugin.rglob("*.py")
        if re.search(r"^\s*(from|import)\s+qgis\.gui\b", path.read_text("utf-8"), re.MULTILINE)
    ]
    assert importing == []
