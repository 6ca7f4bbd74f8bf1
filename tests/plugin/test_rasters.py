"""Raster assets streamed from the storage host into named, styled layers; LST values in °C everywhere."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from urllib.parse import unquote

import numpy as np
import pytest
from osgeo import gdal
from qgis.core import (
    QgsDateTimeRange,
    QgsFeedback,
    QgsLayerTreeGroup,
    QgsMapRendererSequentialJob,
    QgsMapSettings,
    QgsNumericFormatContext,
    QgsPalettedRasterRenderer,
    QgsPointXY,
    QgsProject,
    QgsRaster,
    QgsRasterBandStats,
    QgsSingleBandPseudoColorRenderer,
)
from qgis.PyQt.QtCore import QCoreApplication, QDateTime, QSize, QTimeZone

from constellr.plugin.api import StacItem, StacSearch
from constellr.plugin.context import PluginContext
from constellr.plugin.rasters import (
    GROUP_NAME,
    LST_FILL,
    RasterReference,
    RasterRequest,
    add_raster_layers,
    expires_at,
    gdal_path,
    href_of,
    lst_asset_key,
    prepare_rasters,
    raster_asset_keys,
    retarget,
    vrt_source,
)
from sandbox.data import PRESIGNED_URL_LIFETIME


@pytest.fixture(autouse=True)
def gdal_forgets_earlier_urls():
    """GDAL's /vsicurl/ cache starts empty: the sandbox signs the same URL again within a second of a
    reset, and GDAL would remember that an earlier test saw it refused."""
    gdal.VSICurlClearCache()


@pytest.mark.parametrize(
    ("href", "path"),
    [
        (
            "https://storage.example/lst.tiff?X-Sig=a&b=c",
            "/vsicurl?empty_dir=yes&url=https%3A%2F%2Fstorage.example%2Flst.tiff%3FX-Sig%3Da%26b%3Dc",
        ),
        ("s3://constellr-deliveries/2026/lst.tiff", "/vsis3/constellr-deliveries/2026/lst.tiff"),
        ("file:///data/lst.tiff", "/data/lst.tiff"),
        ("/data/lst.tiff", "/data/lst.tiff"),
    ],
)
def test_asset_hrefs_become_gdal_names(href: str, path: str) -> None:
    assert gdal_path(href) == path
    if href.startswith("https"):
        assert href_of(path) == href


def test_an_unreadable_scheme_is_refused_plainly() -> None:
    with pytest.raises(ValueError, match="ftp://"):
        gdal_path("ftp://example/lst.tiff")


@pytest.mark.parametrize(
    ("href", "expected"),
    [
        (
            "https://b.s3.amazonaws.com/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=20260708T120000Z"
            "&X-Amz-Expires=3600&X-Amz-Signature=ab",
            datetime(2026, 7, 8, 13, 0, tzinfo=timezone.utc),
        ),
        (
            "https://storage.googleapis.com/b/k?x-goog-date=20260708T120000Z&x-goog-expires=600&x-goog-signature=a",
            datetime(2026, 7, 8, 12, 10, tzinfo=timezone.utc),
        ),
        ("https://b.s3.amazonaws.com/k?AWSAccessKeyId=A&Expires=1783512000&Signature=x", 1783512000),
        ("https://storage.example/k?X-Expires=1783512000&X-Signature=x", 1783512000),
        ("https://a.blob.core.windows.net/c/k?sv=2022&se=2026-07-08T12:00:00Z&sig=x", 1783512000),
        ("https://storage.example/k?token=opaque", None),
        ("s3://bucket/k", None),
    ],
)
def test_the_expiry_of_a_pre_signed_url_is_read_from_well_known_parameters(href: str, expected) -> None:
    if isinstance(expected, int):
        expected = datetime.fromtimestamp(expected, timezone.utc)
    assert expires_at(href) == expected


def _asset(href: str, **extra) -> dict:
    return {"href": href, "type": "image/tiff; application=geotiff", **extra}


def test_the_lst_asset_is_found_by_key_or_by_its_description() -> None:
    keyed = StacItem.from_dict(
        {
            "id": "a",
            "properties": {},
            "assets": {
                "thumbnail": {"href": "https://s/t.jpg", "type": "image/jpeg", "roles": ["thumbnail"]},
                "quicklook": _asset("https://s/q.tiff", roles=["overview"]),
                "lst": _asset("https://s/l.tiff", roles=["data"]),
            },
        }
    )
    assert lst_asset_key(keyed) == "lst"
    assert raster_asset_keys(keyed) == ["lst", "quicklook"]
    described = StacItem.from_dict(
        {
            "id": "b",
            "properties": {},
            "assets": {
                "B10": _asset("https://s/b10.tif", roles=["data"], title="Band 10 radiance"),
                "temperature": _asset(
                    "https://s/t.tif", roles=["data"], **{"raster:bands": [{"unit": "kelvin", "scale": 0.01}]}
                ),
                "metadata": {"href": "https://s/m.json", "type": "application/json"},
            },
        }
    )
    assert lst_asset_key(described) == "temperature"
    assert raster_asset_keys(described) == ["temperature", "B10"]
    titled = StacItem.from_dict(
        {
            "id": "c",
            "properties": {},
            "assets": {"t": {"href": "s3://b/T.TIF", "roles": ["data"], "title": "LST"}},
        }
    )
    assert lst_asset_key(titled) == "t"
    assert lst_asset_key(StacItem.from_dict({"id": "d", "properties": {}, "assets": {}})) is None


def _lst_item(client) -> StacItem:
    return next(
        item
        for item in client.search(StacSearch(collections=["lstprecision"], limit=50))
        if "lst" in item.assets
    )


def _raw_lst(item: StacItem) -> np.ndarray:
    dataset = gdal.Open(gdal_path(item.assets["lst"].href))  # kept: a band outliving its dataset crashes GDAL
    raw = dataset.GetRasterBand(1).ReadAsArray()
    dataset = None
    return raw


@pytest.fixture
def project():
    project = QgsProject()
    yield project
    project.clear()


def test_a_streamed_lst_layer_is_in_celsius_everywhere_with_the_fill_left_out(
    sandbox, demo_client, project
) -> None:
    item = _lst_item(demo_client)
    raw = _raw_lst(item)
    assert (raw == LST_FILL).any()  # a swath edge: fill and data
    assert (raw != LST_FILL).any()
    data = raw[raw != LST_FILL] * 0.01 - 273.15
    gdal.VSICurlClearCache()  # every read below reaches the storage host
    sandbox.requests.clear()

    [prepared] = prepare_rasters(demo_client, QgsFeedback(), [RasterRequest(item, "lst")]).prepared
    [layer] = add_raster_layers([prepared], project)

    assert layer.isValid(), layer.error().message()
    provider = layer.dataProvider()
    stats = provider.bandStatistics(1, QgsRasterBandStats.Stats.All)
    assert stats.minimumValue == pytest.approx(data.min(), abs=1e-3)
    assert stats.maximumValue == pytest.approx(data.max(), abs=1e-3)
    assert stats.mean == pytest.approx(data.mean(), abs=1e-2)
    assert stats.elementCount == data.size
    histogram = provider.histogram(1, 50, float(data.min()), float(data.max()))
    assert sum(histogram.histogramVector) == data.size  # the fill in no bin
    assert histogram.minimum == pytest.approx(data.min(), abs=1e-3)

    row, column = np.argwhere(raw != LST_FILL)[0]
    extent, width, height = layer.extent(), layer.width(), layer.height()
    point = QgsPointXY(
        extent.xMinimum() + (column + 0.5) * extent.width() / width,
        extent.yMaximum() - (row + 0.5) * extent.height() / height,
    )
    value = provider.identify(point, QgsRaster.IdentifyFormat.IdentifyFormatValue).results()[1]
    assert value == pytest.approx(raw[row, column] * 0.01 - 273.15, abs=1e-3)

    renderer = layer.renderer()
    assert isinstance(renderer, QgsSingleBandPseudoColorRenderer)
    low, high = np.percentile(data, [2, 98])
    assert renderer.classificationMin() == pytest.approx(low, abs=1.0)
    assert renderer.classificationMax() == pytest.approx(high, abs=1.0)
    shader = renderer.shader().rasterShaderFunction()
    items = shader.colorRampItemList()
    assert len(items) >= 3
    assert all(entry.label.endswith("°C") for entry in items)
    assert items[0].color.blue() > items[0].color.red()  # cold is blue, hot is red
    assert items[-1].color.red() > items[-1].color.blue()
    assert shader.legendSettings().suffix().strip() == "°C"
    assert (
        shader.legendSettings().numericFormat().formatDouble(27.259476, QgsNumericFormatContext()) == "27.3"
    )
    assert all(label.endswith("°C") for label, _color in renderer.legendSymbologyItems())

    storage = [request for request in sandbox.requests if request.server == "storage"]
    assert storage
    assert not any(
        "x-api-key" in request.headers or "authorization" in request.headers for request in storage
    )


def test_layers_say_what_and_when_and_are_grouped_by_date(sandbox, demo_client, project) -> None:
    found = list(demo_client.search(StacSearch(collections=["lstprecision"], limit=50)))
    items = [found[0], next(item for item in found if item.acquired.date() != found[0].acquired.date())]
    requests = [RasterRequest(item, key) for item in items for key in raster_asset_keys(item)]
    assert {request.asset_key for request in requests} == {"lst", "quicklook", "scl_mask_30m"}

    layers = add_raster_layers(prepare_rasters(demo_client, QgsFeedback(), requests).prepared, project)

    group = project.layerTreeRoot().findGroup(GROUP_NAME)
    dates = [child.name() for child in group.children()]
    assert dates == sorted((f"{item.acquired:%Y-%m-%d}" for item in items), reverse=True)
    newest = group.findGroup(dates[0])
    assert isinstance(newest, QgsLayerTreeGroup)
    names = [child.name() for child in newest.children()]
    item = next(item for item in items if f"{item.acquired:%Y-%m-%d}" == dates[0])
    assert names[0].endswith("· LST °C")
    assert all(
        item.properties["constellr:product"] in name
        and item.properties["platform"] in name
        and f"{item.acquired:%Y-%m-%d %H:%M} UTC" in name
        and item.properties["constellr:illumination"] in name
        for name in names
    )
    by_asset = {RasterReference.of(layer).asset_key: layer for layer in layers}
    assert isinstance(by_asset["scl_mask_30m"].renderer(), QgsPalettedRasterRenderer)
    labels = [entry.label for entry in by_asset["scl_mask_30m"].renderer().classes()]
    assert labels == ["clear", "thick cloud", "thin cloud", "cloud shadow"]
    assert by_asset["quicklook"].renderer().type() == "multibandcolor"
    lst_time = by_asset["lst"].temporalProperties()  # on the time slider at its acquisition
    acquired = next(item for item in items if item.id == RasterReference.of(by_asset["lst"]).item_id).acquired
    moment = QDateTime.fromMSecsSinceEpoch(round(acquired.timestamp() * 1000), QTimeZone.utc())
    assert lst_time.isActive()
    assert lst_time.isVisibleInTemporalRange(QgsDateTimeRange(moment.addSecs(-3600), moment.addSecs(3600)))
    assert not lst_time.isVisibleInTemporalRange(QgsDateTimeRange(moment.addDays(1), moment.addDays(2)))
    reference = RasterReference.of(by_asset["lst"])
    assert reference.streamed
    assert (reference.collection, reference.api_url) == ("lstprecision", sandbox.api_url)
    assert "?" not in reference.location
    assert all(layer.isValid() for layer in layers)


def test_an_item_without_datetime_is_placed_at_its_start_datetime(sandbox, demo_client, project) -> None:
    raw = dict(_lst_item(demo_client).raw)
    raw["properties"] = {
        **raw["properties"],
        "datetime": None,
        "start_datetime": "2026-07-08T23:58:10Z",
        "end_datetime": "2026-07-08T23:59:00Z",
    }
    item = StacItem.from_dict(raw)

    [prepared] = prepare_rasters(demo_client, QgsFeedback(), [RasterRequest(item, "lst")]).prepared
    [layer] = add_raster_layers([prepared], project)

    assert "2026-07-08 23:58 UTC" in layer.name()
    assert project.layerTreeRoot().findGroup(GROUP_NAME).findGroup("2026-07-08") is not None
    moment = QDateTime.fromMSecsSinceEpoch(
        round(datetime(2026, 7, 8, 23, 58, 10, tzinfo=timezone.utc).timestamp() * 1000), QTimeZone.utc()
    )
    temporal = layer.temporalProperties()
    assert temporal.isActive()
    assert temporal.isVisibleInTemporalRange(QgsDateTimeRange(moment.addSecs(-60), moment.addSecs(60)))
    assert not temporal.isVisibleInTemporalRange(QgsDateTimeRange(moment.addDays(1), moment.addDays(2)))


def test_an_expired_href_is_renewed_by_fetching_the_item_again(sandbox, demo_client, project) -> None:
    item = _lst_item(demo_client)
    sandbox.clock.advance(timedelta(seconds=PRESIGNED_URL_LIFETIME + 60))
    gdal.VSICurlClearCache()
    sandbox.requests.clear()

    [prepared] = prepare_rasters(demo_client, QgsFeedback(), [RasterRequest(item, "lst")]).prepared

    assert prepared.layer.isValid()
    assert any(request.path.endswith(f"/items/{item.id}") for request in sandbox.requests)
    assert href_of(vrt_source(prepared.layer.source())) != item.assets["lst"].href
    assert prepared.layer.dataProvider().bandStatistics(1).maximumValue < 80.0


def test_a_downloaded_file_opens_from_its_path(sandbox, demo_client, project, tmp_path) -> None:
    item = _lst_item(demo_client)
    path = demo_client.download_asset(item.assets["lst"], tmp_path)

    [prepared] = prepare_rasters(demo_client, QgsFeedback(), [RasterRequest(item, "lst", str(path))]).prepared

    assert vrt_source(prepared.layer.source()) == str(path)
    assert not RasterReference.of(prepared.layer).streamed
    assert prepared.layer.dataProvider().bandStatistics(1).maximumValue < 80.0


def test_a_vrt_is_retargeted_at_another_file() -> None:
    vrt = '<VRTDataset><SourceFilename relativeToVRT="0">/vsicurl?url=a%3Fs</SourceFilename></VRTDataset>'
    moved = retarget(vrt, gdal_path("https://storage.example/x.tiff?a=1&b=2"))
    assert unquote(href_of(vrt_source(moved))) == "https://storage.example/x.tiff?a=1&b=2"
    assert "&amp;" in moved


def test_layers_prepared_in_a_task_are_added_and_drawn_on_the_main_thread(
    connected, demo_client, project, wait_for
) -> None:
    item = _lst_item(demo_client)
    outcome: list = []
    PluginContext().run(
        "opening rasters",
        prepare_rasters,
        [RasterRequest(item, key) for key in raster_asset_keys(item)],
        on_done=outcome.append,
        on_error=outcome.append,
    )
    wait_for(lambda: outcome, what="the task")

    assert outcome[0].problems == []
    layers = add_raster_layers(outcome[0].prepared, project)

    assert [layer.thread() for layer in layers] == [QCoreApplication.instance().thread()] * len(layers)
    settings = QgsMapSettings()
    settings.setLayers(layers)
    settings.setDestinationCrs(layers[0].crs())
    settings.setExtent(layers[0].extent())
    settings.setOutputSize(QSize(200, 200))
    job = QgsMapRendererSequentialJob(settings)
    job.start()
    job.waitForFinished()
    assert job.errors() == []
    assert job.renderedImage().pixelColor(100, 100).alpha() == 255


def test_assets_that_cannot_be_opened_are_named_and_the_others_opened_all_the_same(
    sandbox, demo_client
) -> None:
    found = list(demo_client.search(StacSearch(collections=["lstprecision"], limit=50)))
    refused, unscaled, fine = found[:3]
    sandbox.faults.add(kind="status", server="storage", path=f"*{refused.id}*", status=403)
    raw = dict(unscaled.raw)
    raw["assets"] = {**raw["assets"], "lst": {**raw["assets"]["lst"], "raster:bands": [{"scale": None}]}}
    unscaled = StacItem.from_dict(raw)  # STAC allows null where a value is unknown: the default applies

    result = prepare_rasters(
        demo_client,
        QgsFeedback(),
        [
            RasterRequest(refused, "lst"),
            RasterRequest(fine, "vnir"),
            RasterRequest(unscaled, "lst"),
            RasterRequest(fine, "lst"),
        ],
    )

    assert [(raster.item.id, raster.asset_key) for raster in result.prepared] == [
        (unscaled.id, "lst"),
        (fine.id, "lst"),
    ]
    main_thread = QCoreApplication.instance().thread()
    assert all(raster.layer.isValid() and raster.layer.thread() == main_thread for raster in result.prepared)
    assert result.prepared[0].layer.dataProvider().bandStatistics(1).maximumValue < 80.0
    [storage_refused, lacking] = result.problems
    assert storage_refused.startswith(f"lst of {refused.id}: ")
    assert lacking == f"vnir of {fine.id}: it has no asset vnir (choose one of: lst, quicklook, scl_mask_30m)"
    warning = result.warning()
    assert warning.startswith(f"2 of 4 raster(s) could not be opened: {storage_refused}; {lacking}.")
    assert "download the assets" in warning
    for text in (warning, unquote(warning)):
        assert "Signature" not in text
        assert "X-Expires" not in text
    assert prepare_rasters(demo_client, QgsFeedback(), [RasterRequest(fine, "lst")]).warning() is None


def test_raster_bands_given_as_an_object_instead_of_a_list_leave_the_defaults(sandbox, demo_client) -> None:
    raw = dict(_lst_item(demo_client).raw)
    raw["assets"] = {**raw["assets"], "lst": {**raw["assets"]["lst"], "raster:bands": {"scale": 0.01}}}

    result = prepare_rasters(demo_client, QgsFeedback(), [RasterRequest(StacItem.from_dict(raw), "lst")])

    assert result.problems == []
    assert result.prepared[0].layer.dataProvider().bandStatistics(1).maximumValue < 80.0


def test_a_long_list_of_failures_names_the_first_few_and_counts_the_rest(sandbox, demo_client) -> None:
    item = _lst_item(demo_client)
    requests = [RasterRequest(item, f"band{number}") for number in range(8)]

    warning = prepare_rasters(demo_client, QgsFeedback(), requests).warning()

    assert warning.startswith("8 of 8 raster(s) could not be opened: band0 of")
    assert "band4 of" in warning
    assert "band5 of" not in warning
    assert "and 3 more (listed in the constellr tab of the QGIS log panel)" in warning
