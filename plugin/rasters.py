"""Raster assets of STAC items as QGIS layers, streamed from their hrefs, LST with every value in °C.

An LST asset holds uint16 values of 0.01 K with the fill value 65535 (the product facts, and the asset's
``raster:bands`` when it has them). The layer reads it through a GDAL VRT band that applies
``value × scale + offset − 273.15`` and marks the fill as no data, so the rendering, the Identify tool,
the statistics and the histogram all see °C.

Streamed assets are always read through a VRT, whose ``SourceProperties`` let it open without touching
the file: a project saved with the href's signature stripped (see ``raster_refresh``) opens again, and
the layer is re-pointed at a fresh href by fetching its item. Each layer keeps its item reference
(:class:`RasterReference`) in its custom properties, never the signature.
"""

from __future__ import annotations

import logging
import re
from dataclasses import asdict, dataclass, field, fields
from datetime import datetime, timedelta, timezone
from html import unescape
from urllib.parse import parse_qsl, quote, urlsplit
from xml.sax.saxutils import escape

from osgeo import gdal
from qgis.core import (
    Qgis,
    QgsBasicNumericFormat,
    QgsColorRampLegendNodeSettings,
    QgsColorRampShader,
    QgsDateTimeRange,
    QgsGradientColorRamp,
    QgsGradientStop,
    QgsLayerTreeGroup,
    QgsMapLayer,
    QgsPalettedRasterRenderer,
    QgsProject,
    QgsRasterLayer,
    QgsRasterMinMaxOrigin,
    QgsRasterShader,
    QgsSingleBandPseudoColorRenderer,
)
from qgis.PyQt.QtCore import QCoreApplication, QDateTime, QTimeZone
from qgis.PyQt.QtGui import QColor

from .api import CancelledError, ConstellrClient, ConstellrError, StacAsset, StacItem, public_url
from .api.logs import without_query_strings
from .compat import CONTINUOUS_CLASSES, CUMULATIVE_CUT, ESTIMATED_STATISTICS, LINEAR_SHADER, WHOLE_RASTER
from .i18n import tr, translatable
from .search import acquisition_time, illumination_word
from .tasks import Progress

LST_SCALE_KELVIN = 0.01
LST_FILL = 65535
KELVIN_AT_ZERO_CELSIUS = 273.15
NO_DATA_CELSIUS = -9999.0
LST_ASSET_KEY = "lst"
CELSIUS = "°C"
GROUP_NAME = translatable("constellr rasters")  # tr it where the group is made
REFERENCE_PREFIX = "constellr/raster/"
#: The thermal ramp, cold to hot: blue, light blue, pale yellow, orange, red (ColorBrewer RdYlBu).
THERMAL_COLORS = ("#2c7bb6", "#abd9e9", "#ffffbf", "#fdae61", "#d7191c")
#: Class colours of a mask whose band describes its codes (``"0 clear, 1 thick cloud, …"``).
CLASS_COLORS = ("#00000000", "#f0f0f0", "#b4b4c8", "#50505a", "#1f78b4", "#33a02c", "#ff7f00", "#6a3d9a")
CUT_LOWER, CUT_UPPER = 0.02, 0.98
MAX_PROBLEMS_SHOWN = 5  # in the message bar; the log panel lists every one
STATISTICS_SAMPLE = 250_000  # cells; GDAL reads an overview of about this size, not the whole file
_RASTER_MEDIA = re.compile(r"tiff|geotiff|x-hdf|netcdf|jp2", re.IGNORECASE)
_RASTER_SUFFIX = re.compile(r"\.(tiff?|vrt|jp2|nc)$", re.IGNORECASE)
_LST_WORDS = re.compile(r"\b(lst|land surface temperature)\b", re.IGNORECASE)
_SOURCE_FILENAME = re.compile(r"(<SourceFilename[^>]*>)(.*?)(</SourceFilename>)", re.DOTALL)
_CODE_LABEL = re.compile(r"(\d+)\s+([^,;]+)")
LOGGER = logging.getLogger("constellr.plugin.rasters")


# -- GDAL names and VRTs ---------------------------------------------------------------------------------
def gdal_path(href: str) -> str:
    """The name GDAL opens for an asset href.

    http(s) becomes ``/vsicurl?empty_dir=yes&url=…``: Range requests on that URL alone, no listing of
    its "directory" nor probing for side-car files (GDAL would append ``.aux.xml`` to the query);
    GDAL sends no credentials, and asks for the size with HEAD (or a GET for AWS-signed URLs).
    ``s3://bucket/key`` becomes ``/vsis3/bucket/key``; a file path or ``file://`` URL stays a path.
    """
    parts = urlsplit(href)
    if parts.scheme in ("http", "https"):
        return f"/vsicurl?empty_dir=yes&url={quote(href, safe='')}"
    if parts.scheme == "s3":
        if not parts.netloc:
            raise ValueError(tr("An s3:// href needs a bucket: {href}").format(href=href))
        return f"/vsis3/{parts.netloc}{parts.path}"
    if parts.scheme in ("", "file"):
        return parts.path if parts.scheme == "file" else href
    raise ValueError(tr("Cannot read an asset from a {scheme}:// href").format(scheme=parts.scheme))


def href_of(gdal_name: str) -> str | None:
    """The http(s) URL inside a name made by :func:`gdal_path` (None for other names)."""
    if gdal_name.startswith("/vsicurl?"):
        return dict(parse_qsl(gdal_name[len("/vsicurl?") :])).get("url")
    if gdal_name.startswith("/vsicurl/"):
        return gdal_name[len("/vsicurl/") :]
    return None


def _open(source: str) -> gdal.Dataset:
    """The dataset, or OSError with GDAL's reason (whether or not GDAL raises exceptions here)."""
    try:
        dataset = gdal.OpenEx(source, gdal.OF_RASTER | gdal.OF_VERBOSE_ERROR)
    except RuntimeError as error:
        raise OSError(str(error)) from error
    if dataset is None:
        raise OSError(gdal.GetLastErrorMsg() or tr("GDAL cannot open {source}").format(source=source))
    return dataset


def read_overviews(source: str) -> int:
    """Open a layer source and count its first band's overviews, as QGIS's GDAL provider does on opening.

    For a VRT of a streamed file that opens the file (size and header); GDAL keeps what it read by URL,
    so a layer then pointed at this source on the main thread reads nothing over the network. Worker
    thread; OSError when the file cannot be read.
    """
    dataset = _open(source)
    gdal.ErrorReset()
    try:
        count = dataset.GetRasterBand(1).GetOverviewCount()
    except RuntimeError as error:  # GDAL raising exceptions
        raise OSError(str(error)) from error
    finally:
        dataset = None  # the band goes before its dataset
    if gdal.GetLastErrorType() >= gdal.CE_Failure:  # GDAL not raising: the count is 0
        raise OSError(gdal.GetLastErrorMsg())
    return count


def celsius_vrt(
    source: str, scale: float = LST_SCALE_KELVIN, offset: float = 0.0, fill: float = LST_FILL
) -> str:
    """A VRT of the LST band of ``source`` (a GDAL name) in °C, Float32, fill as no data.

    ``scale`` and ``offset`` turn stored values into kelvin. Opens the source for its size,
    georeferencing and block size: call it off the main thread.
    """
    dataset = _open(source)
    band = dataset.GetRasterBand(1)
    block_x, block_y = band.GetBlockSize()
    transform = ", ".join(repr(value) for value in dataset.GetGeoTransform())
    width, height = dataset.RasterXSize, dataset.RasterYSize
    data_type = gdal.GetDataTypeName(band.DataType)
    return (
        f'<VRTDataset rasterXSize="{width}" rasterYSize="{height}">'
        f"<SRS>{escape(dataset.GetProjection())}</SRS>"
        f"<GeoTransform>{transform}</GeoTransform>"
        '<VRTRasterBand dataType="Float32" band="1">'
        f"<NoDataValue>{NO_DATA_CELSIUS}</NoDataValue>"
        f"<UnitType>{CELSIUS}</UnitType>"
        "<Description>land surface temperature (°C)</Description>"
        "<ComplexSource>"
        f'<SourceFilename relativeToVRT="0">{escape(source)}</SourceFilename>'
        "<SourceBand>1</SourceBand>"
        f'<SourceProperties RasterXSize="{width}" RasterYSize="{height}" DataType="{data_type}" '
        f'BlockXSize="{block_x}" BlockYSize="{block_y}"/>'
        f'<SrcRect xOff="0" yOff="0" xSize="{width}" ySize="{height}"/>'
        f'<DstRect xOff="0" yOff="0" xSize="{width}" ySize="{height}"/>'
        f"<ScaleOffset>{offset - KELVIN_AT_ZERO_CELSIUS!r}</ScaleOffset>"
        f"<ScaleRatio>{scale!r}</ScaleRatio>"
        f"<NODATA>{fill!r}</NODATA>"
        "</ComplexSource>"
        "</VRTRasterBand>"
        "</VRTDataset>"
    )


def plain_vrt(source: str) -> str:
    """A VRT of every band of ``source`` as it is (GDAL writes its ``SourceProperties``); worker thread."""
    dataset = _open(source)
    copy = gdal.GetDriverByName("VRT").CreateCopy("", dataset)
    try:
        return copy.GetMetadata("xml:VRT")[0]
    finally:
        copy = None  # the copy's sources go before the dataset they read


def retarget(vrt: str, gdal_name: str) -> str:
    """The VRT with every source file replaced by ``gdal_name`` (a fresh href, or one without signature)."""
    return _SOURCE_FILENAME.sub(lambda match: match[1] + escape(gdal_name) + match[3], vrt)


def vrt_source(vrt: str) -> str | None:
    """The GDAL name of the (first) source file of a VRT, or None when the text is not a VRT."""
    match = _SOURCE_FILENAME.search(vrt)
    return unescape(match[2]) if match else None


# -- pre-signed URL expiry -------------------------------------------------------------------------------
def expires_at(href: str) -> datetime | None:
    """When a pre-signed URL stops working, from the well-known query parameters, else None.

    The rule, parameter names compared case-insensitively:
    - ``X-Amz-Date`` + ``X-Amz-Expires`` (AWS Signature V4) and ``X-Goog-Date`` + ``X-Goog-Expires``
      (Google Cloud Storage V4): signing time (``YYYYMMDDTHHMMSSZ``) plus a lifetime in seconds;
    - ``Expires`` or ``X-Expires`` holding Unix seconds (AWS Signature V2, GCS V2, CloudFront and
      signers alike);
    - ``se`` (Azure SAS signed expiry, ISO 8601).
    Any other URL is None: its expiry shows only when storage refuses it (a failed read, then a refresh).
    """
    query = {key.lower(): value for key, value in parse_qsl(urlsplit(href).query)}
    for prefix in ("x-amz-", "x-goog-"):
        signed, lifetime = query.get(prefix + "date"), query.get(prefix + "expires")
        if signed and lifetime and lifetime.isdigit():
            try:
                start = datetime.strptime(signed, "%Y%m%dT%H%M%SZ").replace(tzinfo=timezone.utc)
            except ValueError:
                continue
            return start + timedelta(seconds=int(lifetime))
    for name in ("expires", "x-expires"):
        value = query.get(name, "")
        if value.isdigit():
            return datetime.fromtimestamp(int(value), timezone.utc)
    if "se" in query:
        try:
            moment = datetime.fromisoformat(query["se"].replace("Z", "+00:00"))
        except ValueError:
            return None
        return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
    return None


def has_expired(href: str, margin: timedelta = timedelta(0), now: datetime | None = None) -> bool:
    """True when the href's known expiry is past (or within ``margin`` of) ``now``."""
    moment = expires_at(href)
    return moment is not None and moment - margin <= (now or datetime.now(timezone.utc))


# -- which assets ----------------------------------------------------------------------------------------
def _is_raster(asset: StacAsset) -> bool:
    if asset.type:
        return bool(_RASTER_MEDIA.search(asset.type))
    return bool(_RASTER_SUFFIX.search(urlsplit(asset.href).path))


def _first_band(asset: StacAsset) -> dict:
    bands = asset.raw.get("raster:bands") or asset.raw.get("bands")
    return bands[0] if isinstance(bands, list) and bands and isinstance(bands[0], dict) else {}


def _looks_like_lst(asset: StacAsset) -> bool:
    band = _first_band(asset)
    if str(band.get("unit", "")).lower() in ("kelvin", "k"):
        return True
    words = " ".join(str(text) for text in (asset.key, asset.title, asset.raw.get("description")) if text)
    return bool(_LST_WORDS.search(words))


def lst_asset_key(item: StacItem) -> str | None:
    """The item's LST asset: the raster asset keyed ``lst``, else the first raster asset with the role
    ``data`` whose band unit is kelvin or whose key, title or description says LST / land surface
    temperature; None when there is none."""
    rasters = [item.assets[key] for key in item.assets if _is_raster(item.assets[key])]
    for asset in rasters:
        if asset.key.lower() == LST_ASSET_KEY:
            return asset.key
    for asset in rasters:
        if "data" in asset.roles and _looks_like_lst(asset):
            return asset.key
    return None


def raster_asset_keys(item: StacItem) -> list[str]:
    """The item's assets that open as rasters (GeoTIFF and the like, not thumbnails), LST first."""
    lst = lst_asset_key(item)
    others = [key for key, asset in item.assets.items() if key != lst and _is_raster(asset)]
    return ([lst] if lst else []) + others


# -- preparing layers (worker thread) ---------------------------------------------------------------------
@dataclass(frozen=True)
class RasterRequest:
    """One asset of an item to open; ``local_path`` when it was downloaded (else it is streamed)."""

    item: StacItem
    asset_key: str
    local_path: str | None = None


@dataclass(frozen=True)
class RasterReference:
    """What a layer keeps to find its file again: API, collection, item, asset; never a signature."""

    api_url: str
    collection: str
    item_id: str
    asset_key: str
    location: str  # the href without user info, query string or fragment (never a signature)
    streamed: bool

    def store(self, layer: QgsMapLayer) -> None:
        """Write the reference into the layer's custom properties (saved with the project)."""
        for name, value in asdict(self).items():
            layer.setCustomProperty(REFERENCE_PREFIX + name, value)

    @classmethod
    def of(cls, layer: QgsMapLayer) -> RasterReference | None:
        """The reference a constellr raster layer keeps, None for any other layer."""
        values = {field.name: layer.customProperty(REFERENCE_PREFIX + field.name) for field in fields(cls)}
        if not values["item_id"] or not values["collection"]:
            return None
        values["streamed"] = str(values["streamed"]).lower() in ("true", "1")
        return cls(**{name: value if name == "streamed" else str(value) for name, value in values.items()})


@dataclass(frozen=True)
class PreparedRaster:
    """A styled raster layer made off the main thread (already moved to it), ready to be added."""

    layer: QgsRasterLayer
    item: StacItem
    asset_key: str
    is_lst: bool


def _band_number(band: dict, name: str, default: float) -> float:
    """A number of the asset's ``raster:bands`` entry; ``default`` when it is missing or null."""
    value = band.get(name)
    if value is None:
        return default
    try:
        return float(value)
    except (TypeError, ValueError):
        raise ValueError(
            tr("its raster:bands {name} is not a number: {value}").format(name=name, value=repr(value))
        ) from None


def layer_source(item: StacItem, asset_key: str, local_path: str | None = None) -> str:
    """What the layer opens: for LST a °C VRT; for another streamed asset a plain VRT; else the file.

    Opens the file (its header only): worker thread.
    """
    asset = item.assets[asset_key]
    name = local_path or gdal_path(asset.href)
    if asset_key == lst_asset_key(item):
        band = _first_band(asset)
        return celsius_vrt(
            name,
            _band_number(band, "scale", LST_SCALE_KELVIN),
            _band_number(band, "offset", 0.0),
            _band_number(band, "nodata", LST_FILL),
        )
    return name if local_path else plain_vrt(name)


def _current_item(client: ConstellrClient, item: StacItem, asset_key: str) -> StacItem:
    """The item, fetched again when the asset's href has expired by its query parameters."""
    if item.collection and has_expired(item.assets[asset_key].href, timedelta(minutes=1)):
        return client.get_item(item.collection, item.id)
    return item


def open_source(client: ConstellrClient, request: RasterRequest) -> tuple[StacItem, str]:
    """The (possibly refreshed) item and the layer source of a request.

    A streamed asset that storage refuses (its URL expired earlier than it says, or says nothing) is
    tried once more with the item fetched again.
    """
    if request.local_path:
        return request.item, layer_source(request.item, request.asset_key, request.local_path)
    item = _current_item(client, request.item, request.asset_key)
    try:
        return item, layer_source(item, request.asset_key)
    except OSError:
        if not item.collection:
            raise
        item = client.get_item(item.collection, item.id)
        return item, layer_source(item, request.asset_key)


@dataclass(frozen=True)
class PreparedRasters:
    """What :func:`prepare_rasters` made: the layers to add, and one line per asset that failed."""

    prepared: list[PreparedRaster] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def warning(self) -> str | None:
        """One message naming the rasters that could not be opened and what to do; None when none failed."""
        if not self.problems:
            return None
        total = len(self.prepared) + len(self.problems)
        shown = "; ".join(self.problems[:MAX_PROBLEMS_SHOWN])
        more = len(self.problems) - MAX_PROBLEMS_SHOWN
        if more > 0:
            shown = tr(
                "{problems}; and {more} more (listed in the constellr tab of the QGIS log panel)"
            ).format(problems=shown, more=more)
        return tr(
            "{count} of {total} raster(s) could not be opened: {problems}. Check the connection to the "
            "storage host and try again, or download the assets (Download…) and open the files."
        ).format(count=len(self.problems), total=total, problems=shown)


def _prepare(client: ConstellrClient, request: RasterRequest) -> PreparedRaster:
    """One named, styled layer moved to the main thread; raises ConstellrError, OSError or ValueError."""
    if request.asset_key not in request.item.assets:
        raise ValueError(
            tr("it has no asset {asset} (choose one of: {assets})").format(
                asset=request.asset_key, assets=", ".join(raster_asset_keys(request.item)) or tr("none")
            )
        )
    item, source = open_source(client, request)
    is_lst = request.asset_key == lst_asset_key(item)
    layer = QgsRasterLayer(source, raster_layer_name(item, request.asset_key, is_lst), "gdal")
    if not layer.isValid():
        raise ValueError(tr("QGIS cannot show it: {reason}").format(reason=layer.error().summary()))
    asset = item.assets[request.asset_key]
    RasterReference(
        client.base_url,
        item.collection or "",
        item.id,
        request.asset_key,
        request.local_path or public_url(asset.href),
        request.local_path is None,
    ).store(layer)
    if is_lst:
        style_lst(layer)
    else:
        style_other(layer, asset)
    on_the_time_slider(layer, item)
    layer.moveToThread(QCoreApplication.instance().thread())  # last: nothing can fail after it
    return PreparedRaster(layer, item, request.asset_key, is_lst)


def prepare_rasters(
    client: ConstellrClient, feedback: Progress, requests: list[RasterRequest]
) -> PreparedRasters:
    """Open each requested asset (streamed: nothing downloaded up front) as a named, styled layer.

    An asset that cannot be opened is named among the problems; the others are opened all the same.
    Worker thread: reads headers and an overview for the colour stretch; the layers are moved to the
    main thread for :func:`add_raster_layers`.
    """
    result = PreparedRasters()
    for number, request in enumerate(requests):
        if feedback.isCanceled():
            break
        try:
            result.prepared.append(_prepare(client, request))
        except CancelledError:
            break
        except (ConstellrError, OSError, ValueError) as error:
            problem = tr("{asset} of {item}: {message}").format(
                asset=request.asset_key, item=request.item.id, message=without_query_strings(str(error))
            )
            LOGGER.warning("Raster not opened: %s", problem)
            result.problems.append(problem)
        except Exception as error:  # a bug with one asset must not lose the layers made (nor free them here)
            LOGGER.exception("Raster %s of %s not opened", request.asset_key, request.item.id)
            result.problems.append(
                tr("{asset} of {item}: unexpected problem ({message}; details in the log)").format(
                    asset=request.asset_key, item=request.item.id, message=without_query_strings(str(error))
                )
            )
        feedback.setProgress(100.0 * (number + 1) / len(requests))
    return result


# -- names, styles, groups --------------------------------------------------------------------------------
def raster_layer_name(item: StacItem, asset_key: str, is_lst: bool) -> str:
    """What and when: ``LSTprecision SBA02 2026-07-08 23:58 UTC night · LST °C``."""
    product = item.properties.get("constellr:product") or item.collection or item.id
    moment = acquisition_time(item)
    acquired = (
        tr("{moment} UTC").format(moment=moment.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M"))
        if moment
        else ""
    )
    words = [product, item.properties.get("platform"), acquired, illumination_word(item)]
    what = f"LST {CELSIUS}" if is_lst else asset_key
    return " ".join(str(word) for word in words if word) + f" · {what}"


def on_the_time_slider(layer: QgsRasterLayer, item: StacItem) -> None:
    """The layer shows at its acquisition time when the Temporal Controller plays (as the footprints)."""
    acquired = acquisition_time(item)
    if acquired is None:
        return
    moment = QDateTime.fromMSecsSinceEpoch(round(acquired.timestamp() * 1000), QTimeZone.utc())
    temporal = layer.temporalProperties()
    temporal.setMode(Qgis.RasterTemporalMode.FixedTemporalRange)
    temporal.setFixedTemporalRange(QgsDateTimeRange(moment, moment))
    temporal.setIsActive(True)


def thermal_ramp() -> QgsGradientColorRamp:
    """Cold blue to hot red."""
    colors = [QColor(color) for color in THERMAL_COLORS]
    last = len(colors) - 1
    stops = [QgsGradientStop(index / last, color) for index, color in enumerate(colors[1:-1], start=1)]
    return QgsGradientColorRamp(colors[0], colors[-1], False, stops)


def style_lst(layer: QgsRasterLayer) -> None:
    """Single-band pseudocolour on the thermal ramp, stretched over the 2–98 % cumulative cut of the
    layer's °C values (fill excluded, estimated on an overview), with a legend in °C.

    Reads an overview of the file: worker thread.
    """
    provider = layer.dataProvider()
    low, high = provider.cumulativeCut(1, CUT_LOWER, CUT_UPPER, layer.extent(), STATISTICS_SAMPLE)
    shader_function = QgsColorRampShader(low, high)
    shader_function.setColorRampType(LINEAR_SHADER)
    shader_function.setClassificationMode(CONTINUOUS_CLASSES)
    shader_function.setSourceColorRamp(thermal_ramp())
    shader_function.classifyColorRamp(len(THERMAL_COLORS), 1, layer.extent(), provider)
    items = shader_function.colorRampItemList()
    for entry in items:
        entry.label = f"{entry.value:.1f} {CELSIUS}"
    shader_function.setColorRampItemList(items)
    legend = QgsColorRampLegendNodeSettings()
    legend.setSuffix(f" {CELSIUS}")
    tenths = QgsBasicNumericFormat()
    tenths.setNumberDecimalPlaces(1)
    tenths.setShowTrailingZeros(True)
    legend.setNumericFormat(tenths)
    shader_function.setLegendSettings(legend)
    shader = QgsRasterShader(low, high)
    shader.setRasterShaderFunction(shader_function)
    renderer = QgsSingleBandPseudoColorRenderer(provider, 1, shader)
    renderer.setClassificationMin(low)
    renderer.setClassificationMax(high)
    origin = QgsRasterMinMaxOrigin()
    origin.setLimits(CUMULATIVE_CUT)
    origin.setCumulativeCutLower(CUT_LOWER)
    origin.setCumulativeCutUpper(CUT_UPPER)
    origin.setExtent(WHOLE_RASTER)
    origin.setStatAccuracy(ESTIMATED_STATISTICS)
    renderer.setMinMaxOrigin(origin)
    layer.setRenderer(renderer)


def style_other(layer: QgsRasterLayer, asset: StacAsset) -> None:
    """A mask whose first band describes its codes (``0 clear, 1 thick cloud, …``) gets one colour per
    code; anything else keeps QGIS's default (an RGB quicklook draws as RGB)."""
    classes = _CODE_LABEL.findall(str(_first_band(asset).get("description") or ""))
    if len(classes) < 2:
        return
    palette = [
        QgsPalettedRasterRenderer.Class(
            int(value), QColor(CLASS_COLORS[index % len(CLASS_COLORS)]), label.strip()
        )
        for index, (value, label) in enumerate(classes)
    ]
    layer.setRenderer(QgsPalettedRasterRenderer(layer.dataProvider(), 1, palette))


def _date_group(project: QgsProject, item: StacItem) -> QgsLayerTreeGroup:
    """``constellr rasters`` ▸ one group per acquisition date (UTC), newest on top."""
    root = project.layerTreeRoot()
    name = tr(GROUP_NAME)
    parent = root.findGroup(name) or root.insertGroup(0, name)
    acquired = acquisition_time(item)
    label = acquired.astimezone(timezone.utc).strftime("%Y-%m-%d") if acquired else tr("undated")
    existing = parent.findGroup(label)
    if existing is not None:
        return existing
    names = [child.name() for child in parent.children()]
    position = sum(1 for name in names if name > label)
    return parent.insertGroup(position, label)


def add_raster_layers(
    prepared: list[PreparedRaster], project: QgsProject | None = None
) -> list[QgsRasterLayer]:
    """Add prepared layers to the project, grouped by acquisition date, LST layers above the others."""
    project = project or QgsProject.instance()
    layers = []
    for raster in prepared:
        group = _date_group(project, raster.item)
        project.addMapLayer(raster.layer, False)
        if raster.is_lst:
            group.insertLayer(0, raster.layer)
        else:
            group.addLayer(raster.layer)
        layers.append(raster.layer)
    return layers
