"""Deliveries: which images each order has produced by now, and their STAC properties.

Acquisitions follow the order's frequency from its start date, at about 10:30 (day) or 22:30 (night)
local solar time; each is delivered at the next midnight UTC, so the count at a given sandbox time
never depends on the hour a test happens to run. Plans are pure functions of the order, and cached.
"""

from __future__ import annotations

import functools
import hashlib
import math
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import shapely
from shapely.geometry import Polygon

from .cog import ASSET_FILES, AssetFile, RasterGrid, SceneSpec, raster_grid
from .geometry import geohash
from .state import DELIVERING_ORDER_STATES, NotFoundError, Order, Workspace, iso_z, start_of_day

COLLECTIONS = {"LSTprecision": "lstprecision", "LSTzoom": "lstzoom", "LSTfusion": "lstfusion"}
PRODUCT_GSD = {"LSTprecision": 30.0, "LSTzoom": 10.0, "LSTfusion": 30.0}
FREQUENCY_DAYS = {
    "single_image": 1,
    "daily": 1,
    "max_frequency": 2,
    "weekly": 7,
    "once_every_two_weeks": 14,
    "monthly": 30,
}
MASK_GSD = 30.0
MAX_PLANNED_ACQUISITIONS = 5000  # bounds the plan of an open-ended LSTfusion order
_LOCAL_SOLAR_HOUR = {"day": 10.5, "night": 22.5}


@dataclass(frozen=True)
class Delivery:
    """One delivered image: a STAC item and its bundle of files."""

    workspace: str
    order_id: uuid.UUID
    item_id: str
    collection: str
    acquired: datetime
    delivered: datetime
    footprint: Polygon
    properties: dict[str, Any]
    scene: SceneSpec

    def storage_path(self, asset: AssetFile) -> str:
        """The file's path on the storage host."""
        return f"/{self.workspace}/{self.item_id}/{asset.file_name}"

    def download_name(self, asset: AssetFile) -> str:
        """``[PRODUCT]_[SATELLITE]_[GEOHASH]_[TIME]_[FILE TYPE].ext``."""
        return f"{self.item_id}_{asset.suffix}"

    def metadata(self) -> dict[str, Any]:
        """The content of the bundle's ``metadata.json``."""
        return {
            "item_id": self.item_id,
            "collection": self.collection,
            "order_id": str(self.order_id),
            "files": {asset.key: self.download_name(asset) for asset in ASSET_FILES},
            "footprint": shapely.geometry.mapping(self.footprint),
            "properties": self.properties,
        }


@dataclass(frozen=True)
class _Plan:
    """The hashable inputs of an order's acquisition plan."""

    workspace: str
    order_id: uuid.UUID
    product: str
    start: datetime
    end: datetime
    frequency: str
    illumination: str | None
    max_images: int | None
    polygon_wkb: bytes


def delivered(workspace: Workspace, now: datetime) -> list[Delivery]:
    """Every item the workspace's orders have delivered by ``now``."""
    items: list[Delivery] = []
    for order in workspace.orders.values():
        if order.status(now)[0] in DELIVERING_ORDER_STATES:
            items.extend(item for item in _planned(_plan_of(workspace.name, order)) if item.delivered <= now)
    return items


def find(workspace: Workspace, item_id: str, now: datetime, collection: str | None = None) -> Delivery:
    """A delivered item of the workspace (optionally of one collection), or 404."""
    for item in delivered(workspace, now):
        if item.item_id == item_id and collection in (None, item.collection):
            return item
    where = f" in collection {collection}" if collection else ""
    raise NotFoundError(f"Item {item_id} not found{where}")


def _plan_of(workspace: str, order: Order) -> _Plan:
    return _Plan(
        workspace,
        order.id,
        order.product,
        order.start,
        order.end,
        order.frequency,
        order.illumination,
        order.max_images,
        order.polygon.wkb,
    )


@functools.lru_cache(maxsize=2048)
def _planned(plan: _Plan) -> tuple[Delivery, ...]:
    polygon = shapely.from_wkb(plan.polygon_wkb)
    centre = polygon.centroid
    grid = raster_grid(polygon, PRODUCT_GSD[plan.product])
    footprint = grid.footprint()
    place = geohash(centre.x, centre.y)
    seed = f"{plan.order_id}|{plan.polygon_wkb.hex()}"
    limit = 1 if plan.frequency == "single_image" else plan.max_images
    limit = min(limit or MAX_PLANNED_ACQUISITIONS, MAX_PLANNED_ACQUISITIONS)
    step = timedelta(days=FREQUENCY_DAYS.get(plan.frequency, 7))
    items: list[Delivery] = []
    day = start_of_day(plan.start)
    while day <= plan.end and len(items) < limit:
        number = len(items)
        illumination = plan.illumination or (
            "day" if plan.product == "LSTfusion" or number % 2 == 0 else "night"
        )
        jitter = (_unit(seed, f"time{day.date()}") - 0.5) * 40.0
        acquired = day + timedelta(hours=_LOCAL_SOLAR_HOUR[illumination] - centre.x / 15.0, minutes=jitter)
        acquired = acquired.replace(microsecond=0)
        if plan.start <= acquired <= plan.end:
            items.append(
                _delivery(
                    plan,
                    grid=grid,
                    footprint=footprint,
                    place=place,
                    seed=f"{seed}|{number}",
                    acquired=acquired,
                    illumination=illumination,
                )
            )
        day += step
    return tuple(items)


def _delivery(
    plan: _Plan,
    *,
    grid: RasterGrid,
    footprint: Polygon,
    place: str,
    seed: str,
    acquired: datetime,
    illumination: str,
) -> Delivery:
    platform = (
        "fusion" if plan.product == "LSTfusion" else ("SBA01" if _unit(seed, "platform") < 0.5 else "SBA02")
    )
    item_id = f"{plan.product.upper()}_{platform.upper()}_{place}_{acquired:%Y%m%dT%H%M%SZ}"
    cloud_cover = round(60.0 * _unit(seed, "cloud") ** 2, 1)
    thick = round(cloud_cover * (0.35 + 0.3 * _unit(seed, "thick")), 1)
    thin = round(cloud_cover - thick, 1)
    centre = footprint.centroid
    elevation, azimuth = sun_position(centre.x, centre.y, acquired)
    delivered_at = start_of_day(acquired) + timedelta(days=1)
    properties = {
        "datetime": iso_z(acquired, "seconds"),
        "created": iso_z(delivered_at, "seconds"),
        "updated": iso_z(delivered_at, "seconds"),
        "platform": platform,
        "constellation": "constellr",
        "gsd": PRODUCT_GSD[plan.product],
        "order:id": str(plan.order_id),
        "constellr:product": plan.product,
        "constellr:illumination": illumination,
        "eo:cloud_cover": cloud_cover,
        "constellr:thick_cloud_cover": thick,
        "constellr:thin_cloud_cover": thin,
        "constellr:cloud_shadow_cover": round(thick * 0.3, 1) if illumination == "day" else 0.0,
        "view:off_nadir": 0.0 if platform == "fusion" else round(25.0 * _unit(seed, "nadir"), 2),
        "view:sun_elevation": round(elevation, 2),
        "view:sun_azimuth": round(azimuth, 2),
        "proj:epsg": grid.epsg,
        "proj:shape": [grid.height, grid.width],
        "proj:bbox": list(grid.bounds),
        "proj:transform": [grid.pixel, 0.0, grid.west, 0.0, -grid.pixel, grid.north],
    }
    scene = SceneSpec(
        item_id=item_id,
        product=plan.product,
        grid=grid,
        mask_factor=max(1, round(MASK_GSD / grid.pixel)),
        acquired=acquired,
        illumination=illumination,
        latitude=centre.y,
        thick_cloud=thick / 100.0,
        thin_cloud=thin / 100.0,
        landscape_seed=_seed(repr(grid)),
        weather_seed=_seed(seed),
    )
    return Delivery(
        plan.workspace,
        plan.order_id,
        item_id,
        COLLECTIONS[plan.product],
        acquired,
        delivered_at,
        footprint,
        properties,
        scene,
    )


def _unit(seed: str, label: str) -> float:
    """A deterministic number in [0, 1) for a seed and a label."""
    return _seed(f"{seed}|{label}") / 2.0**64


def _seed(text: str) -> int:
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big")


def sun_position(lon: float, lat: float, moment: datetime) -> tuple[float, float]:
    """Solar elevation and azimuth (degrees, azimuth clockwise from north), NOAA's approximation."""
    hours = moment.hour + moment.minute / 60.0 + moment.second / 3600.0
    gamma = 2.0 * math.pi / 365.0 * (moment.timetuple().tm_yday - 1 + (hours - 12.0) / 24.0)
    equation_of_time = 229.18 * (
        0.000075
        + 0.001868 * math.cos(gamma)
        - 0.032077 * math.sin(gamma)
        - 0.014615 * math.cos(2 * gamma)
        - 0.040849 * math.sin(2 * gamma)
    )
    declination = (
        0.006918
        - 0.399912 * math.cos(gamma)
        + 0.070257 * math.sin(gamma)
        - 0.006758 * math.cos(2 * gamma)
        + 0.000907 * math.sin(2 * gamma)
        - 0.002697 * math.cos(3 * gamma)
        + 0.00148 * math.sin(3 * gamma)
    )
    solar_minutes = hours * 60.0 + equation_of_time + 4.0 * lon
    hour_angle = math.radians(solar_minutes / 4.0 - 180.0)
    latitude = math.radians(lat)
    cos_zenith = math.sin(latitude) * math.sin(declination) + math.cos(latitude) * math.cos(
        declination
    ) * math.cos(hour_angle)
    elevation = 90.0 - math.degrees(math.acos(max(-1.0, min(1.0, cos_zenith))))
    azimuth = (
        math.degrees(
            math.atan2(
                math.sin(hour_angle),
                math.cos(hour_angle) * math.sin(latitude) - math.tan(declination) * math.cos(latitude),
            )
        )
        + 180.0
    )
    return elevation, azimuth % 360.0
