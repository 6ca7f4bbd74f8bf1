"""Delivery files: LST Cloud Optimized GeoTIFFs, cloud/water masks, quicklooks, thumbnails, metadata.

Scenes are synthesised with numpy from seeds (the landscape from the place, the weather from the
acquisition), written with GDAL's COG driver and cached under the data directory. A bundle is made
on first request, in a temporary folder that is renamed into place, so readers never see half a file.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import shutil
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np
from osgeo import gdal
from shapely.geometry import Polygon, box

from .geometry import WGS84_EPSG, project, spatial_reference, utm_epsg

gdal.UseExceptions()

LST_NODATA = 65535
LST_SCALE = 0.01
MASK_NODATA = 255
MAX_PIXELS = 1200  # per side: keeps files at or below about 2 MB
_MARGIN_FRACTION, _MIN_MARGIN_M = 0.15, 600.0
_QUICKLOOK_SIZE, _THUMBNAIL_SIZE = 512, 256
_FORMAT_VERSION = 1  # bump when the generated files change, to leave old caches behind
_COG_OPTIONS = ["COMPRESS=DEFLATE", "PREDICTOR=YES", "BLOCKSIZE=256", "OVERVIEWS=AUTO", "RESAMPLING=AVERAGE"]
COG_MEDIA_TYPE = "image/tiff; application=geotiff; profile=cloud-optimized"


@dataclass(frozen=True)
class AssetFile:
    """One file of a delivery bundle."""

    key: str  # the STAC asset key
    file_name: str  # name in the storage URL and on disk
    suffix: str  # ending of the download name: ``{ITEM_ID}_{suffix}``
    media_type: str  # STAC asset type
    content_type: str  # HTTP Content-Type
    title: str
    roles: tuple[str, ...]


ASSET_FILES = (
    AssetFile(
        "lst", "lst.tiff", "LST.tiff", COG_MEDIA_TYPE, "image/tiff", "Land surface temperature", ("data",)
    ),
    AssetFile(
        "quicklook",
        "quicklook.tiff",
        "QUICKLOOK.tiff",
        COG_MEDIA_TYPE,
        "image/tiff",
        "Colour quicklook of the LST",
        ("overview",),
    ),
    AssetFile(
        "thumbnail", "thumbnail.jpg", "THUMBNAIL.jpg", "image/jpeg", "image/jpeg", "Thumbnail", ("thumbnail",)
    ),
    AssetFile(
        "metadata",
        "metadata.json",
        "METADATA.json",
        "application/json",
        "application/json",
        "Acquisition and processing metadata",
        ("metadata",),
    ),
    AssetFile(
        "scl_mask_30m",
        "scl_mask_30m.tiff",
        "SCL_MASK_30M.tiff",
        COG_MEDIA_TYPE,
        "image/tiff",
        "Scene classification: clouds (band 1), water (band 2) at 30 m",
        ("data", "cloud", "water-mask"),
    ),
)
ASSET_FILES_BY_NAME = {asset.file_name: asset for asset in ASSET_FILES}


@dataclass(frozen=True)
class RasterGrid:
    """A north-up pixel grid in a UTM zone."""

    epsg: int
    west: float
    north: float
    pixel: float
    width: int
    height: int

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        """``(min_x, min_y, max_x, max_y)`` in metres."""
        return (
            self.west,
            self.north - self.height * self.pixel,
            self.west + self.width * self.pixel,
            self.north,
        )

    @property
    def geotransform(self) -> tuple[float, float, float, float, float, float]:
        """The GDAL geotransform."""
        return (self.west, self.pixel, 0.0, self.north, 0.0, -self.pixel)

    def coarsened(self, factor: int) -> RasterGrid:
        """The same extent with pixels ``factor`` times larger (edges rounded up)."""
        return RasterGrid(
            self.epsg,
            self.west,
            self.north,
            self.pixel * factor,
            math.ceil(self.width / factor),
            math.ceil(self.height / factor),
        )

    def footprint(self) -> Polygon:
        """The grid's outline in lon/lat (densified, coordinates rounded to 1e-6°)."""
        outline = box(*self.bounds).segmentize(max(self.width, self.height) * self.pixel / 8.0)
        lonlat = project(outline, self.epsg, WGS84_EPSG)
        return Polygon([(round(x, 6), round(y, 6)) for x, y in lonlat.exterior.coords])


def raster_grid(polygon: Polygon, gsd: float) -> RasterGrid:
    """The delivery grid for an AOI: its UTM bbox plus a margin, at ``gsd`` (coarser if it would be huge)."""
    min_lon, min_lat, max_lon, max_lat = polygon.bounds
    epsg = utm_epsg((min_lon + max_lon) / 2.0, (min_lat + max_lat) / 2.0)
    min_x, min_y, max_x, max_y = project(box(*polygon.bounds), WGS84_EPSG, epsg).bounds
    margin = max(_MIN_MARGIN_M, _MARGIN_FRACTION * max(max_x - min_x, max_y - min_y))
    extent = max(max_x - min_x, max_y - min_y) + 2 * margin
    pixel = gsd * math.ceil(extent / (MAX_PIXELS * gsd))
    west, east = math.floor((min_x - margin) / pixel) * pixel, math.ceil((max_x + margin) / pixel) * pixel
    south, north = math.floor((min_y - margin) / pixel) * pixel, math.ceil((max_y + margin) / pixel) * pixel
    return RasterGrid(epsg, west, north, pixel, round((east - west) / pixel), round((north - south) / pixel))


@dataclass(frozen=True)
class SceneSpec:
    """Everything that determines a delivery bundle's files."""

    item_id: str
    product: str
    grid: RasterGrid
    mask_factor: int  # mask pixels per LST pixel side (the mask is 30 m)
    acquired: datetime
    illumination: str  # "day" or "night"
    latitude: float
    thick_cloud: float  # fractions of the scene, 0..1
    thin_cloud: float
    landscape_seed: int  # the same for every acquisition of a place
    weather_seed: int  # different for every acquisition

    def digest(self) -> str:
        """A stable name for the bundle's cache folder."""
        return hashlib.sha256(f"{_FORMAT_VERSION}|{self!r}".encode()).hexdigest()[:32]


class AssetCache:
    """Makes bundles on demand under ``root`` and hands out their paths (thread-safe)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._locks: dict[str, threading.Lock] = {}
        self._locks_lock = threading.Lock()

    def path(self, spec: SceneSpec, metadata: dict[str, Any], file_name: str) -> Path:
        """The file of the bundle, generating the whole bundle first if needed."""
        folder = self.root / spec.digest()
        if not folder.is_dir():
            with self._lock(folder.name):
                if not folder.is_dir():
                    self._build(spec, metadata, folder)
        return folder / file_name

    def _lock(self, name: str) -> threading.Lock:
        with self._locks_lock:
            return self._locks.setdefault(name, threading.Lock())

    def _build(self, spec: SceneSpec, metadata: dict[str, Any], folder: Path) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}-", dir=self.root))
        try:
            write_bundle(spec, metadata, staging)
            try:
                staging.rename(folder)
            except OSError:  # another process made it first
                if not folder.is_dir():
                    raise
        finally:
            if staging.exists():
                shutil.rmtree(staging)


def write_bundle(spec: SceneSpec, metadata: dict[str, Any], folder: Path) -> None:
    """Write every file of :data:`ASSET_FILES` for a scene into ``folder``."""
    scene = synthesise(spec)
    lst = scene.encoded_lst()
    _write_cog(
        folder / "lst.tiff",
        spec.grid,
        [lst],
        data_type=gdal.GDT_UInt16,
        nodata=LST_NODATA,
        describe=_describe_lst(spec),
    )
    stride = spec.mask_factor
    masks = [scene.cloud_codes()[::stride, ::stride], scene.water_codes()[::stride, ::stride]]
    _write_cog(
        folder / "scl_mask_30m.tiff",
        spec.grid.coarsened(stride),
        masks,
        data_type=gdal.GDT_Byte,
        nodata=MASK_NODATA,
        describe=_describe_mask,
    )
    quicklook_stride = math.ceil(max(spec.grid.width, spec.grid.height) / _QUICKLOOK_SIZE)
    rgb = scene.colours()
    _write_cog(
        folder / "quicklook.tiff",
        spec.grid.coarsened(quicklook_stride),
        [band[::quicklook_stride, ::quicklook_stride] for band in rgb],
        data_type=gdal.GDT_Byte,
        nodata=0,
        describe=_describe_rgb,
    )
    _write_jpeg(
        folder / "thumbnail.jpg", rgb, math.ceil(max(spec.grid.width, spec.grid.height) / _THUMBNAIL_SIZE)
    )
    (folder / "metadata.json").write_text(
        json.dumps(metadata, indent=2, sort_keys=True) + "\n", encoding="utf-8"
    )


@dataclass
class Scene:
    """A synthesised scene: temperatures in kelvin and the classification behind them."""

    kelvin: np.ndarray
    water: np.ndarray
    thick: np.ndarray
    thin: np.ndarray
    shadow: np.ndarray
    fill: np.ndarray

    def encoded_lst(self) -> np.ndarray:
        """uint16 with scale 0.01 K and the fill value outside the swath."""
        encoded = np.clip(np.round(self.kelvin / LST_SCALE), 0, LST_NODATA - 1).astype(np.uint16)
        encoded[self.fill] = LST_NODATA
        return encoded

    def cloud_codes(self) -> np.ndarray:
        """0 clear, 1 thick cloud, 2 thin cloud, 3 cloud shadow, 255 outside the swath."""
        codes = np.zeros(self.kelvin.shape, np.uint8)
        codes[self.shadow] = 3
        codes[self.thin] = 2
        codes[self.thick] = 1
        codes[self.fill] = MASK_NODATA
        return codes

    def water_codes(self) -> np.ndarray:
        """0 land, 1 water, 255 outside the swath."""
        codes = self.water.astype(np.uint8)
        codes[self.fill] = MASK_NODATA
        return codes

    def colours(self) -> list[np.ndarray]:
        """A thermal colour ramp (stretched 2-98 %) as three byte bands; black outside the swath."""
        valid = self.kelvin[~self.fill & ~self.thick]
        low, high = np.percentile(valid, [2, 98]) if valid.size else (0.0, 1.0)
        position = np.clip((self.kelvin - low) / max(high - low, 1e-6), 0.0, 1.0)
        stops = np.array([0.0, 0.25, 0.5, 0.7, 0.85, 1.0])
        ramp = ((20, 60, 40, 250, 240, 180), (10, 60, 190, 220, 100, 20), (80, 200, 170, 50, 30, 20))
        bands = [np.interp(position, stops, channel).astype(np.uint8) for channel in ramp]
        for band in bands:
            band[self.fill] = 0
        return bands


def synthesise(spec: SceneSpec) -> Scene:
    """A plausible LST scene: warm city, cool water and forest by day; water warmest at night."""
    shape = (spec.grid.height, spec.grid.width)
    place = np.random.default_rng(spec.landscape_seed)
    weather = np.random.default_rng(spec.weather_seed)
    rows = np.linspace(0.0, 1.0, shape[0], dtype=np.float32)[:, None]
    cols = np.linspace(0.0, 1.0, shape[1], dtype=np.float32)[None, :]

    city_row, city_col = place.uniform(0.3, 0.7, 2)
    city_size = place.uniform(0.12, 0.25)
    urban = np.exp(-((rows - city_row) ** 2 + (cols - city_col) ** 2) / (2 * city_size**2))
    river_phase, river_row = place.uniform(0, 2 * math.pi), place.uniform(0.2, 0.8)
    river = np.abs(rows - river_row - 0.08 * np.sin(2 * math.pi * cols * 1.5 + river_phase)) < 0.025
    lake_row, lake_col = place.uniform(0.15, 0.85), place.uniform(0.15, 0.85)
    lake = ((rows - lake_row) / 0.08) ** 2 + ((cols - lake_col) / 0.12) ** 2 < 1.0
    water = river | lake
    forest = (_smooth_noise(place, shape, 6) > 0.62) & (urban < 0.3) & ~water
    parcels = _parcels(place, shape, 14)
    texture = _smooth_noise(place, shape, 24) - 0.5

    season = math.cos(2 * math.pi * (spec.acquired.timetuple().tm_yday - 200) / 365.0)
    latitude_cooling = 0.25 * (abs(spec.latitude) - 45.0)
    drift = 2.0 * (_smooth_noise(weather, shape, 3) - 0.5)
    if spec.illumination == "day":
        base = 289.0 + 11.0 * season - latitude_cooling
        land = base + 3.0 * parcels * (1.0 - urban) + 2.5 * texture + 15.0 * urban - 5.0 * forest
        water_temperature = base - 7.0
    else:
        base = 279.0 + 8.0 * season - latitude_cooling
        land = base + 1.0 * parcels * (1.0 - urban) + 1.0 * texture + 5.0 * urban + 1.5 * forest
        water_temperature = base + 5.0
    kelvin = np.where(water, water_temperature + 0.5 * texture, land) + drift
    kelvin += weather.normal(0.0, 0.2, shape).astype(np.float32)

    clouds = _smooth_noise(weather, shape, 5) * 0.7 + _smooth_noise(weather, shape, 17) * 0.3
    cloud_fraction = min(spec.thick_cloud + spec.thin_cloud, 0.999)
    cloudy = (
        clouds > np.quantile(clouds, 1.0 - cloud_fraction) if cloud_fraction > 0 else np.zeros(shape, bool)
    )
    thick = (
        clouds > np.quantile(clouds, 1.0 - spec.thick_cloud)
        if spec.thick_cloud > 0
        else np.zeros(shape, bool)
    )
    thin = cloudy & ~thick
    offset = max(1, shape[0] // 25)
    shadow = np.roll(thick, (offset, offset), axis=(0, 1)) & ~cloudy
    if spec.illumination == "night":
        shadow[:] = False
    kelvin = np.where(thick, 258.0 + 4.0 * texture, kelvin)
    kelvin = np.where(thin, kelvin - 3.0, kelvin)
    kelvin = np.where(shadow, kelvin - 2.0, kelvin)

    edge_width, edge_slope = weather.uniform(0.04, 0.1), weather.uniform(-0.05, 0.05)
    edge = edge_width + edge_slope * rows
    fill = (cols < edge) if weather.random() < 0.5 else (cols > 1.0 - edge)
    return Scene(kelvin.astype(np.float32), water, thick, thin, shadow, np.broadcast_to(fill, shape).copy())


def _smooth_noise(rng: np.random.Generator, shape: tuple[int, int], cells: int) -> np.ndarray:
    """Value noise in 0..1: random values on a ``cells`` x ``cells`` lattice, smoothly interpolated."""
    lattice = rng.random((cells + 1, cells + 1), dtype=np.float32)
    y, x = np.linspace(0.0, cells, shape[0]), np.linspace(0.0, cells, shape[1])
    y0, x0 = np.minimum(y.astype(int), cells - 1), np.minimum(x.astype(int), cells - 1)
    fy, fx = _smoothstep(y - y0)[:, None], _smoothstep(x - x0)[None, :]
    top = lattice[y0][:, x0] * (1 - fx) + lattice[y0][:, x0 + 1] * fx
    bottom = lattice[y0 + 1][:, x0] * (1 - fx) + lattice[y0 + 1][:, x0 + 1] * fx
    return (top * (1 - fy) + bottom * fy).astype(np.float32)


def _smoothstep(t: np.ndarray) -> np.ndarray:
    return (t * t * (3.0 - 2.0 * t)).astype(np.float32)


def _parcels(rng: np.random.Generator, shape: tuple[int, int], cells: int) -> np.ndarray:
    """Field parcels: a blocky pattern of offsets in -1..1."""
    lattice = rng.uniform(-1.0, 1.0, (cells, cells)).astype(np.float32)
    rows = np.minimum((np.arange(shape[0]) * cells) // shape[0], cells - 1)
    cols = np.minimum((np.arange(shape[1]) * cells) // shape[1], cells - 1)
    return lattice[rows][:, cols]


def _describe_lst(spec: SceneSpec) -> Callable[[gdal.Dataset], None]:
    def describe(dataset: gdal.Dataset) -> None:
        dataset.SetMetadata(
            {
                "PRODUCT": spec.product,
                "ITEM_ID": spec.item_id,
                "ILLUMINATION": spec.illumination,
                "ACQUISITION_TIME": spec.acquired.strftime("%Y-%m-%dT%H:%M:%SZ"),
            }
        )
        band = dataset.GetRasterBand(1)
        band.SetDescription("LST")
        band.SetScale(LST_SCALE)
        band.SetOffset(0.0)
        band.SetUnitType("kelvin")
        band.SetMetadata(
            {
                "scale_factor": str(LST_SCALE),
                "add_offset": "0",
                "units": "kelvin",
                "_FillValue": str(LST_NODATA),
                "long_name": "land surface temperature",
            }
        )

    return describe


def _describe_mask(dataset: gdal.Dataset) -> None:
    dataset.GetRasterBand(1).SetDescription("cloud: 0 clear, 1 thick, 2 thin, 3 shadow")
    dataset.GetRasterBand(2).SetDescription("surface: 0 land, 1 water")


def _describe_rgb(dataset: gdal.Dataset) -> None:
    for number, colour in enumerate((gdal.GCI_RedBand, gdal.GCI_GreenBand, gdal.GCI_BlueBand), start=1):
        dataset.GetRasterBand(number).SetColorInterpretation(colour)


def _memory_dataset(grid: RasterGrid, bands: list[np.ndarray], data_type: int) -> gdal.Dataset:
    height, width = bands[0].shape
    dataset = gdal.GetDriverByName("MEM").Create("", width, height, len(bands), data_type)
    dataset.SetGeoTransform(grid.geotransform)
    dataset.SetProjection(spatial_reference(grid.epsg).ExportToWkt())
    for number, array in enumerate(bands, start=1):
        dataset.GetRasterBand(number).WriteArray(array)
    return dataset


def _write_cog(
    path: Path,
    grid: RasterGrid,
    bands: list[np.ndarray],
    *,
    data_type: int,
    nodata: int,
    describe: Callable[[gdal.Dataset], None],
) -> None:
    dataset = _memory_dataset(grid, bands, data_type)
    for number in range(1, len(bands) + 1):
        dataset.GetRasterBand(number).SetNoDataValue(nodata)
    describe(dataset)
    gdal.GetDriverByName("COG").CreateCopy(os.fspath(path), dataset, options=_COG_OPTIONS)


def _write_jpeg(path: Path, rgb: list[np.ndarray], stride: int) -> None:
    bands = [band[::stride, ::stride] for band in rgb]
    dataset = gdal.GetDriverByName("MEM").Create("", bands[0].shape[1], bands[0].shape[0], 3, gdal.GDT_Byte)
    for number, array in enumerate(bands, start=1):
        dataset.GetRasterBand(number).WriteArray(array)
    gdal.GetDriverByName("JPEG").CreateCopy(os.fspath(path), dataset, options=["QUALITY=85"])
