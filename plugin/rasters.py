"""LST rasters as QGIS layers, streamed from their asset hrefs, with every value in °C.

An LST asset holds uint16 values of 0.01 K with the fill value 65535 (``docs`` and the product facts).
The layer reads it through a GDAL VRT band that applies ``value × 0.01 − 273.15`` and marks the fill as
no data, so the rendering, the Identify tool, the statistics and the histogram all see °C.
"""

from __future__ import annotations

from urllib.parse import urlsplit
from xml.sax.saxutils import escape

from osgeo import gdal
from qgis.core import QgsRasterLayer

LST_SCALE_KELVIN = 0.01
LST_FILL = 65535
KELVIN_AT_ZERO_CELSIUS = 273.15
NO_DATA_CELSIUS = -9999.0


def gdal_path(href: str) -> str:
    """The name GDAL opens for an asset href: ``/vsicurl/`` for http(s), ``/vsis3/`` for ``s3://``."""
    parts = urlsplit(href)
    if parts.scheme in ("http", "https"):
        return f"/vsicurl/{href}"
    if parts.scheme == "s3":
        if not parts.netloc:
            raise ValueError(f"An s3:// href needs a bucket: {href}")
        return f"/vsis3/{parts.netloc}{parts.path}"
    if parts.scheme in ("", "file"):
        return parts.path if parts.scheme == "file" else href
    raise ValueError(f"Cannot read an asset from a {parts.scheme}:// href")


def celsius_vrt(source: str) -> str:
    """A VRT of the LST band of ``source`` (a GDAL name) in °C, Float32, fill as no data.

    Opens the source for its size, georeferencing and block size: call it off the main thread.
    """
    dataset = gdal.OpenEx(source, gdal.OF_RASTER | gdal.OF_VERBOSE_ERROR)
    if dataset is None:
        raise OSError(f"The LST file could not be read: {gdal.GetLastErrorMsg() or source}")
    band = dataset.GetRasterBand(1)
    block_x, block_y = band.GetBlockSize()
    transform = ", ".join(repr(value) for value in dataset.GetGeoTransform())
    width, height = dataset.RasterXSize, dataset.RasterYSize
    return (
        f'<VRTDataset rasterXSize="{width}" rasterYSize="{height}">'
        f"<SRS>{escape(dataset.GetProjection())}</SRS>"
        f"<GeoTransform>{transform}</GeoTransform>"
        '<VRTRasterBand dataType="Float32" band="1">'
        f"<NoDataValue>{NO_DATA_CELSIUS}</NoDataValue>"
        "<UnitType>°C</UnitType>"
        "<Description>land surface temperature (°C)</Description>"
        "<ComplexSource>"
        f'<SourceFilename relativeToVRT="0">{escape(source)}</SourceFilename>'
        "<SourceBand>1</SourceBand>"
        f'<SourceProperties RasterXSize="{width}" RasterYSize="{height}" DataType="UInt16" '
        f'BlockXSize="{block_x}" BlockYSize="{block_y}"/>'
        f'<SrcRect xOff="0" yOff="0" xSize="{width}" ySize="{height}"/>'
        f'<DstRect xOff="0" yOff="0" xSize="{width}" ySize="{height}"/>'
        f"<ScaleOffset>{-KELVIN_AT_ZERO_CELSIUS}</ScaleOffset>"
        f"<ScaleRatio>{LST_SCALE_KELVIN}</ScaleRatio>"
        f"<NODATA>{LST_FILL}</NODATA>"
        "</ComplexSource>"
        "</VRTRasterBand>"
        "</VRTDataset>"
    )


def lst_layer(vrt: str, name: str) -> QgsRasterLayer:
    """A raster layer of an LST VRT made by :func:`celsius_vrt`.

    The layer's source holds the asset's href; a pre-signed one expires, so before the dock offers these
    layers they must be rebuilt from the item reference when a project is reopened.
    """
    return QgsRasterLayer(vrt, name, "gdal")
