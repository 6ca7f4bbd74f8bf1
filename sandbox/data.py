"""Credentials, product facts and the deterministic demo data of the sandbox.

Everything here is plain data: :meth:`sandbox.state.SandboxState.reset` turns it into AOIs and orders
whose dates are relative to the sandbox clock at reset time, so the demo always looks current.
"""

from __future__ import annotations

import hashlib
import math
import uuid
from dataclasses import dataclass

# --- credentials (public: the sandbox is a test double, these unlock nothing real) ---------------------
DEMO_WORKSPACE = "demo"
OTHER_WORKSPACE = "other"
DEMO_API_KEY = "cstl_demo_3c9e5f7a1b2d4e6f8a0b1c2d3e4f5a6b"
OTHER_API_KEY = "cstl_other_8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a"
REVOKED_API_KEY = "cstl_revoked_0f1e2d3c4b5a69788796a5b4c3d2e1f0"
EXPIRED_API_KEY = "cstl_expired_5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d"
LEGACY_USERNAME = "analyst@demo.example"
LEGACY_PASSWORD = "sandbox-demo-password"  # noqa: S105
MULTI_WORKSPACE_USERNAME = "consultant@multi.example"
MULTI_WORKSPACE_PASSWORD = "sandbox-multi-password"  # noqa: S105

API_KEYS = {DEMO_API_KEY: DEMO_WORKSPACE, OTHER_API_KEY: OTHER_WORKSPACE}
REVOKED_API_KEYS = frozenset({REVOKED_API_KEY})
EXPIRED_API_KEYS = frozenset({EXPIRED_API_KEY})
USERS = {  # username -> (password, workspaces the user belongs to)
    LEGACY_USERNAME: (LEGACY_PASSWORD, (DEMO_WORKSPACE,)),
    MULTI_WORKSPACE_USERNAME: (MULTI_WORKSPACE_PASSWORD, (DEMO_WORKSPACE, OTHER_WORKSPACE)),
}
DEFAULT_TOKEN_LIFETIME = 24 * 3600.0  # seconds, as documented for POST /token
URL_SIGNING_SECRET = b"constellr-sandbox-url-signing-secret"
PRESIGNED_URL_LIFETIME = 3600  # seconds

# --- live STAC feeds (Authorization: Token ...; see sandbox/feeds.py) ----------------------------------
FEED_TOKEN = "dsp_feed_5e1f0c3a9b7d42e68f1a2b3c4d5e6f70"  # noqa: S105
OTHER_FEED_TOKEN = "dsp_feed_other_0a1b2c3d4e5f60718293a4b5c6d7e8f9"  # noqa: S105 (valid, no packages)
DEMO_FEED_PACKAGE = "constellr-demo"  # the demo workspace's deliveries, published by the sandbox clock
SYNTHETIC_FEED_PACKAGE = "synthetic-10k"  # generated items for dataset streams and benchmarks
SYNTHETIC_FEED_SIZE = 10_000
FEED_PACKAGES = (DEMO_FEED_PACKAGE, SYNTHETIC_FEED_PACKAGE)
FEED_TOKENS = {FEED_TOKEN: FEED_PACKAGES, OTHER_FEED_TOKEN: ()}  # token -> packages it may read

# --- products and catalogue ---------------------------------------------------------------------------
WORKSPACE_PRODUCTS = {
    DEMO_WORKSPACE: ("LSTprecision", "LSTzoom", "LSTfusion"),
    OTHER_WORKSPACE: ("LSTprecision", "LSTfusion"),
}
USE_CASES = (
    "Unknown",
    "Adoption of regenerative ag",
    "Algae/Bacteria bloom",
    "Cover crop monitoring",
    "Drought Stress",
    "Yield Prediction",
)
COVERAGE_LATITUDES = (-60.0, 75.0)
OUTSIDE_COVERAGE_REASON = "AOI is outside of the supported coverage area."


@dataclass(frozen=True)
class DemoAoi:
    """An AOI of the demo: a centre, a size in km and a shape template."""

    name: str
    lon: float
    lat: float
    width_km: float
    height_km: float
    description: str


@dataclass(frozen=True)
class DemoOrder:
    """An order of the demo; days are relative to the start of the reset day (UTC)."""

    aoi: str
    product: str
    start_day: int
    duration_days: int
    frequency: str
    created_minutes_ago: int
    illumination: str | None = None
    max_images: int | None = None
    tags: tuple[str, ...] = ()
    comment: str | None = None


# Shape templates: vertices as fractions of the AOI's width and height (each touches all four bbox sides).
_SHAPES = (
    ((0.0, 0.15), (0.55, 0.0), (1.0, 0.3), (0.85, 1.0), (0.2, 0.9)),
    ((0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0)),
    ((0.1, 0.0), (1.0, 0.2), (0.9, 0.8), (0.45, 1.0), (0.0, 0.6)),
    ((0.0, 0.3), (0.3, 0.0), (1.0, 0.1), (0.7, 0.7), (0.6, 1.0), (0.05, 0.85)),
)
_KM_PER_DEGREE = 111.32


def _days(days: int) -> int:
    """Days expressed in minutes, for ``DemoOrder.created_minutes_ago``."""
    return days * 24 * 60


DEMO_AOIS = (
    DemoAoi("Berlin Mitte", 13.395, 52.518, 4.8, 4.2, "Inner-city heat island around Alexanderplatz"),
    DemoAoi("Berlin Tempelhofer Feld", 13.402, 52.474, 2.0, 1.6, "Former airfield, open grassland"),
    DemoAoi("Munich Olympiapark", 11.551, 48.173, 2.2, 1.8, "Park, lake and stadium roofs"),
    DemoAoi("Munich Airport Fields", 11.80, 48.33, 4.0, 3.0, "Farmland around the airport"),
    DemoAoi("Paris Centre", 2.345, 48.857, 9.5, 7.0, "Dense urban core along the Seine"),
    DemoAoi("Paris Bois de Boulogne", 2.250, 48.862, 3.3, 3.0, "Urban forest west of Paris"),
    DemoAoi("Rhône Delta – Camargue", 4.55, 43.55, 42.0, 30.0, "Wetlands, lagoons and rice fields"),
    DemoAoi("Camargue Rice Field", 4.43, 43.60, 1.4, 1.1, "Flooded rice paddies"),
    DemoAoi("Po Valley Field 12", 10.02, 45.14, 1.6, 1.2, "Irrigated maize near Cremona"),
    DemoAoi("Po Valley Field 17", 10.11, 45.10, 2.1, 1.4, "Soy and wheat rotation"),
    DemoAoi("Po Valley Plain", 10.50, 45.10, 78.0, 45.0, "Regional crop water stress"),
    DemoAoi("Seville Orchards", -5.95, 37.42, 3.2, 2.5, "Citrus orchards east of Seville"),
    DemoAoi("Seville City", -5.99, 37.39, 7.0, 6.0, "Hot summer city"),
    DemoAoi("Andalusia Olive Grove", -3.79, 37.77, 2.2, 1.8, "Rain-fed olives near Jaén"),
    DemoAoi("Lake Constance Shore", 9.48, 47.65, 6.5, 4.0, "Shore and lake near Friedrichshafen"),
    DemoAoi("Rotterdam Port", 4.05, 51.95, 12.5, 8.0, "Maasvlakte container terminals"),
    DemoAoi("Vienna Donauinsel", 16.41, 48.23, 4.2, 3.0, "Danube island and riverbanks"),
    DemoAoi("Warsaw Centre", 21.01, 52.23, 5.0, 4.4, "City centre and the Vistula"),
    DemoAoi("Copenhagen Harbour", 12.60, 55.68, 4.0, 3.5, "Harbour and district heating outlets"),
    DemoAoi("Hamburg Port", 9.93, 53.53, 10.0, 6.0, "Port, Elbe and industry"),
    DemoAoi("Lyon Confluence", 4.82, 45.74, 3.0, 2.6, "Confluence of Rhône and Saône"),
    DemoAoi("Madrid Retiro", -3.68, 40.415, 2.0, 1.8, "Park cooling in a hot city"),
    DemoAoi("Valencia Huerta", -0.37, 39.50, 5.0, 4.0, "Irrigated market gardens"),
    DemoAoi("Milan Centre", 9.19, 45.465, 6.0, 5.0, "Urban heat in the Po plain"),
    DemoAoi("Rome EUR", 12.47, 41.83, 3.0, 2.5, "District with an artificial lake"),
    DemoAoi("Athens Centre", 23.73, 37.98, 6.0, 5.0, "Heat waves in a dense city"),
    DemoAoi("Budapest Danube Bend", 19.05, 47.50, 5.0, 4.5, "Danube through the city"),
    DemoAoi("Prague Vltava", 14.42, 50.08, 4.0, 3.6, "Old town and the river"),
    DemoAoi("Brussels Centre", 4.35, 50.85, 5.0, 4.0, "European quarter"),
    DemoAoi("Amsterdam Centre", 4.90, 52.37, 4.5, 3.5, "Canals and the IJ"),
    DemoAoi("Lisbon Tagus Estuary", -9.10, 38.72, 7.0, 5.5, "Estuary and waterfront"),
    DemoAoi("Barcelona Eixample", 2.165, 41.39, 3.0, 2.6, "Grid blocks and courtyards"),
    DemoAoi("Beauce Wheat Field", 1.70, 48.25, 1.2, 0.9, "Wheat parcel south-west of Paris"),
    DemoAoi("Brandenburg Field", 13.10, 52.30, 1.0, 0.8, "Sandy field prone to drought"),
    DemoAoi("Danube Delta", 29.30, 45.10, 70.0, 45.0, "Delta wetlands in Romania"),
    DemoAoi("Île-de-France", 2.40, 48.70, 60.0, 40.0, "Paris region, daily fused LST"),
    DemoAoi("Oslo Fjord", 10.72, 59.90, 5.0, 4.0, "Fjord and city"),
    DemoAoi("Helsinki Centre", 24.94, 60.17, 4.5, 3.5, "Baltic coast"),
    DemoAoi("North Cape Tundra", 25.78, 71.15, 3.0, 2.5, "Arctic coast, inside coverage"),
    DemoAoi("Longyearbyen", 15.63, 78.22, 3.0, 2.0, "Svalbard, north of the coverage area"),
    DemoAoi("Ny-Ålesund", 11.93, 78.92, 2.5, 2.0, "Svalbard research station"),
    DemoAoi("Stuttgart Vineyards", 9.23, 48.80, 2.0, 1.5, "Vineyards on slopes"),
    DemoAoi("Ghent Docks", 3.73, 51.07, 3.0, 2.0, "Docks and canal"),
)

# fmt: off
DEMO_ORDERS = (
    # closed: ended more than three days ago
    DemoOrder("Berlin Mitte", "LSTprecision", -120, 60, "weekly", _days(122), "day", None,
              ("urban-heat", "berlin"), "Summer heat campaign"),
    DemoOrder("Paris Centre", "LSTprecision", -110, 42, "once_every_two_weeks", _days(113), "night", None,
              ("urban-heat", "paris")),
    DemoOrder("Po Valley Field 12", "LSTzoom", -100, 30, "weekly", _days(101), "day", None,
              ("crops", "irrigation"), "Field 12 irrigation check"),
    DemoOrder("Rhône Delta – Camargue", "LSTfusion", -90, 10, "daily", _days(89), None, None, ("wetlands",)),
    DemoOrder("Seville Orchards", "LSTprecision", -80, 21, "single_image", _days(82), "day", 1, ("orchard",),
              "One summer scene"),
    DemoOrder("Lake Constance Shore", "LSTprecision", -75, 28, "max_frequency", _days(77), None, None,
              ("water",)),
    DemoOrder("Danube Delta", "LSTfusion", -70, 7, "daily", _days(69), None, None, ("wetlands",)),
    DemoOrder("Vienna Donauinsel", "LSTzoom", -65, 30, "monthly", _days(67), "night", None, ("urban-heat",)),
    DemoOrder("Barcelona Eixample", "LSTprecision", -50, 30, "weekly", _days(52), "night", None,
              ("urban-heat", "barcelona")),
    DemoOrder("Rome EUR", "LSTzoom", -45, 40, "once_every_two_weeks", _days(47), "day"),
    # closing: ended within the last three days
    DemoOrder("Rotterdam Port", "LSTprecision", -30, 29, "weekly", _days(32), "day", None,
              ("port", "logistics")),
    DemoOrder("Île-de-France", "LSTfusion", -12, 10, "daily", _days(12), None, None, ("regional",)),
    DemoOrder("Madrid Retiro", "LSTzoom", -9, 7, "max_frequency", _days(11), "day", 3, ("parks",)),
    # in progress
    DemoOrder("Berlin Tempelhofer Feld", "LSTprecision", -21, 60, "weekly", _days(23), "day", None,
              ("berlin", "parks")),
    DemoOrder("Munich Olympiapark", "LSTzoom", -14, 30, "max_frequency", _days(16), None, None, ("parks",)),
    DemoOrder("Paris Bois de Boulogne", "LSTprecision", -20, 90, "once_every_two_weeks", _days(22), "night",
              None, ("paris", "forest")),
    DemoOrder("Po Valley Field 17", "LSTprecision", -28, 120, "weekly", _days(30), "day", 10,
              ("crops", "irrigation"), "Season monitoring"),
    DemoOrder("Po Valley Plain", "LSTfusion", -6, 60, "daily", _days(6), None, None, ("crops", "regional")),
    DemoOrder("Warsaw Centre", "LSTprecision", -10, 30, "max_frequency", _days(12), "night"),
    DemoOrder("Copenhagen Harbour", "LSTprecision", -35, 365, "monthly", _days(37), None, None,
              ("water", "district-heating")),
    DemoOrder("Hamburg Port", "LSTprecision", -3, 14, "single_image", _days(5), "day", 1, ("port",)),
    DemoOrder("Lyon Confluence", "LSTzoom", 2, 30, "weekly", _days(2), "day"),
    DemoOrder("Valencia Huerta", "LSTprecision", -15, 45, "weekly", _days(17), "day", None, ("crops",)),
    DemoOrder("Milan Centre", "LSTprecision", -7, 21, "max_frequency", _days(9), "day", None,
              ("urban-heat",)),
    DemoOrder("Athens Centre", "LSTprecision", -25, 180, "weekly", _days(27), "night", None,
              ("urban-heat", "heatwave")),
    DemoOrder("Camargue Rice Field", "LSTfusion", -20, 50, "daily", _days(20), None, None, ("crops",)),
    DemoOrder("Beauce Wheat Field", "LSTzoom", -12, 60, "weekly", _days(14), "day", None, ("crops",)),
    DemoOrder("Brandenburg Field", "LSTfusion", -4, 30, "daily", _days(4), None, None, ("crops", "drought")),
    DemoOrder("Oslo Fjord", "LSTprecision", -8, 14, "weekly", _days(10)),
    DemoOrder("Helsinki Centre", "LSTprecision", 1, 30, "weekly", _days(1), "day"),
    DemoOrder("North Cape Tundra", "LSTprecision", -18, 30, "once_every_two_weeks", _days(20), "day"),
    DemoOrder("Andalusia Olive Grove", "LSTprecision", -16, 200, "monthly", _days(18), "day", None,
              ("orchard",)),
    DemoOrder("Seville City", "LSTfusion", -3, 365, "daily", _days(3), None, None, ("urban-heat",)),
    # pending validation: created less than ten minutes ago
    DemoOrder("Budapest Danube Bend", "LSTprecision", 1, 30, "weekly", 1, "day", None, ("water",)),
    DemoOrder("Prague Vltava", "LSTzoom", 3, 14, "max_frequency", 2, "night"),
    DemoOrder("Brussels Centre", "LSTprecision", 0, 7, "single_image", 3, None, 1),
    DemoOrder("Amsterdam Centre", "LSTfusion", -30, 20, "daily", 4, None, None, ("water",)),
    DemoOrder("Lisbon Tagus Estuary", "LSTprecision", 5, 60, "monthly", 5, "day", 2, ("water", "estuary")),
    # rejected: outside the coverage area
    DemoOrder("Longyearbyen", "LSTprecision", -38, 30, "weekly", _days(40), "day", None, ("arctic",)),
    DemoOrder("Ny-Ålesund", "LSTzoom", 10, 30, "weekly", _days(3), "night", None, ("arctic",)),
    DemoOrder("Longyearbyen", "LSTfusion", -20, 10, "daily", _days(21)),
)
# fmt: on

OTHER_AOIS = (
    DemoAoi("Zurich Lakeside", 8.54, 47.36, 3.5, 3.0, "Lake shore and old town"),
    DemoAoi("Stockholm Centre", 18.07, 59.33, 4.0, 3.0, "Islands of the city centre"),
    DemoAoi("Dublin Port", -6.20, 53.35, 3.0, 2.0, "Port and bay"),
    DemoAoi("Flevoland", 5.60, 52.50, 65.0, 40.0, "Polders, daily fused LST"),
)

# fmt: off
OTHER_ORDERS = (
    DemoOrder("Zurich Lakeside", "LSTprecision", -14, 30, "weekly", _days(16), "day", None, ("water",)),
    DemoOrder("Flevoland", "LSTfusion", -40, 10, "daily", _days(39), None, None, ("crops",)),
    DemoOrder("Stockholm Centre", "LSTprecision", 2, 14, "weekly", 2, "night"),
)
# fmt: on

DEMO_DATA = {DEMO_WORKSPACE: (DEMO_AOIS, DEMO_ORDERS), OTHER_WORKSPACE: (OTHER_AOIS, OTHER_ORDERS)}


def demo_uuid(*parts: str) -> uuid.UUID:
    """A stable version-4-shaped UUID derived from names."""
    digest = hashlib.sha256("/".join(parts).encode()).digest()
    return uuid.UUID(bytes=digest[:16], version=4)


def demo_polygon(aoi: DemoAoi, shape_index: int) -> dict:
    """The AOI as a GeoJSON Polygon built from a shape template (coordinates rounded to 1e-6°)."""
    shape = _SHAPES[shape_index % len(_SHAPES)]
    width_deg = aoi.width_km / (_KM_PER_DEGREE * math.cos(math.radians(aoi.lat)))
    height_deg = aoi.height_km / _KM_PER_DEGREE
    west, south = aoi.lon - width_deg / 2.0, aoi.lat - height_deg / 2.0
    ring = [[round(west + fx * width_deg, 6), round(south + fy * height_deg, 6)] for fx, fy in shape]
    return {"type": "Polygon", "coordinates": [[*ring, ring[0]]]}
