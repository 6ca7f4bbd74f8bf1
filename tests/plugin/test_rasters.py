"""LST rasters streamed from the storage host into layers whose every value is °C."""

from __future__ import annotations

import numpy as np
import pytest
from osgeo import gdal
from qgis.core import Qgis, QgsPointXY, QgsRaster, QgsRasterBandStats

from constellr.plugin.api import StacSearch
from constellr.plugin.rasters import LST_FILL, celsius_vrt, gdal_path, lst_layer


@pytest.mark.parametrize(
    ("href", "path"),
    [
        ("https://storage.example/lst.tiff?X-Sig=abc", "/vsicurl/https://storage.example/lst.tiff?X-Sig=abc"),
        ("s3://constellr-deliveries/2026/lst.tiff", "/vsis3/constellr-deliveries/2026/lst.tiff"),
        ("file:///data/lst.tiff", "/data/lst.tiff"),
        ("/data/lst.tiff", "/data/lst.tiff"),
    ],
)
def test_asset_hrefs_become_gdal_names(href: str, path: str) -> None:
    assert gdal_path(href) == path


def test_an_unreadable_scheme_is_refused_plainly() -> None:
    with pytest.raises(ValueError, match="ftp://"):
        gdal_path("ftp://example/lst.tiff")


def test_a_streamed_lst_layer_is_in_celsius_with_the_fill_left_out(sandbox, demo_client) -> None:
    item = next(
        item
        for item in demo_client.search(StacSearch(collections=["lstfusion"], limit=50))
        if "lst" in item.assets
    )
    source = gdal_path(item.assets["lst"].href)
    dataset = gdal.Open(source)  # kept: a band outliving its dataset crashes GDAL
    raw = dataset.GetRasterBand(1).ReadAsArray()
    dataset = None
    assert (raw == LST_FILL).any()  # a swath edge: fill and data
    assert (raw != LST_FILL).any()
    sandbox.requests.clear()
    layer = lst_layer(celsius_vrt(source), "LST")
    assert layer.isValid(), layer.error().message()
    provider = layer.dataProvider()
    stats = provider.bandStatistics(1, QgsRasterBandStats.Stats.All)
    data = raw[raw != LST_FILL] * 0.01 - 273.15
    assert stats.minimumValue == pytest.approx(data.min(), abs=1e-3)
    assert stats.maximumValue == pytest.approx(data.max(), abs=1e-3)
    assert stats.mean == pytest.approx(data.mean(), abs=1e-2)
    row, column = np.argwhere(raw != LST_FILL)[0]
    extent, width, height = layer.extent(), layer.width(), layer.height()
    point = QgsPointXY(
        extent.xMinimum() + (column + 0.5) * extent.width() / width,
        extent.yMaximum() - (row + 0.5) * extent.height() / height,
    )
    value = provider.identify(point, QgsRaster.IdentifyFormat.IdentifyFormatValue).results()[1]
    assert value == pytest.approx(raw[row, column] * 0.01 - 273.15, abs=1e-3)
    storage = [request for request in sandbox.requests if request.server == "storage"]
    assert storage
    assert not any("x-api-key" in request.headers for request in storage)
    assert Qgis.DataType(provider.dataType(1)) == Qgis.DataType.Float32
