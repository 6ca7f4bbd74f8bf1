"""A sandbox for the sandbox's own tests: one server per session, reset before every test."""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from datetime import datetime, timedelta
from typing import Any

import pytest
import requests

from sandbox import data
from sandbox.geometry import metrics, parse_aoi
from sandbox.state import start_of_day
from sandbox.testing import SandboxServer


class Api:
    """``requests`` against the sandbox API with one workspace's credentials."""

    def __init__(self, base: str, headers: dict[str, str]) -> None:
        self.base = base
        self.session = requests.Session()
        self.session.headers.update(headers)

    def __enter__(self) -> Api:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.session.close()

    def request(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        kwargs.setdefault("timeout", 30)
        return self.session.request(method, self.base + path, **kwargs)

    def get(self, path: str, **kwargs: Any) -> requests.Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, **kwargs: Any) -> requests.Response:
        return self.request("POST", path, **kwargs)

    def patch(self, path: str, **kwargs: Any) -> requests.Response:
        return self.request("PATCH", path, **kwargs)

    def delete(self, path: str, **kwargs: Any) -> requests.Response:
        return self.request("DELETE", path, **kwargs)


class Kit:
    """Builders for AOIs and orders of the demo workspace."""

    def __init__(self, sb: SandboxServer, api: Api) -> None:
        self.sb = sb
        self.api = api

    def today(self) -> datetime:
        """Midnight UTC of the sandbox's today."""
        return start_of_day(self.sb.clock.now())

    @staticmethod
    def rectangle(lon: float, lat: float, width_deg: float, height_deg: float) -> dict[str, Any]:
        """A GeoJSON Polygon centred on lon/lat."""
        west, east, south, north = (
            lon - width_deg / 2,
            lon + width_deg / 2,
            lat - height_deg / 2,
            lat + height_deg / 2,
        )
        ring = [[west, south], [east, south], [east, north], [west, north], [west, south]]
        return {"type": "Polygon", "coordinates": [ring]}

    def square(
        self, width_m: float, lon: float = 10.0, lat: float = 48.0, height_ratio: float = 0.8
    ) -> dict[str, Any]:
        """A rectangle whose server-measured bbox is ``width_m`` (±0.3 m) wide, ``height_ratio`` as tall."""
        low, high = 0.0, 2.0
        for _ in range(100):
            middle = (low + high) / 2
            candidate = self.rectangle(lon, lat, middle, middle * math.cos(math.radians(lat)) * height_ratio)
            measured = metrics(parse_aoi(candidate).polygon).bbox_width
            if abs(measured - width_m) <= 0.3:
                return candidate
            low, high = (middle, high) if measured < width_m else (low, middle)
        raise AssertionError(f"no rectangle {width_m} m wide found")

    def aoi(self, name: str, geojson: dict[str, Any], api: Api | None = None) -> dict[str, Any]:
        """Create an AOI (201 expected)."""
        response = (api or self.api).post("/areas-of-interest", json={"name": name, "geojson": geojson})
        assert response.status_code == 201, response.text
        return response.json()

    def order(self, aoi_id: str, start: datetime, end: datetime, **fields: Any) -> dict[str, Any]:
        """One order body: LSTprecision, weekly, unless ``fields`` say otherwise."""
        return {
            "area_of_interest_id": aoi_id,
            "start_date": start.isoformat(),
            "end_date": end.isoformat(),
            "frequency": "weekly",
            "product_name": "LSTprecision",
            **fields,
        }

    def post_orders(self, *orders: dict[str, Any], api: Api | None = None) -> requests.Response:
        """``POST /orders/batch``."""
        body = {"use_case": "Yield Prediction", "comment": "test", "orders": list(orders)}
        return (api or self.api).post("/orders/batch", json=body)

    def week(self) -> tuple[datetime, datetime]:
        """A valid LSTprecision period: from tomorrow, 14 days."""
        start = self.today() + timedelta(days=1)
        return start, start + timedelta(days=14)

    @staticmethod
    def ids(items: Iterable[dict[str, Any]]) -> list[str]:
        """The sorted ids of STAC items."""
        return sorted(item["id"] for item in items)

    def all_items(self, **params: Any) -> list[dict[str, Any]]:
        """Every STAC item of the demo workspace matching GET search ``params``, in one page."""
        response = self.api.get("/stac/search", params={"limit": 1000, **params})
        assert response.status_code == 200, response.text
        return response.json()["features"]


@pytest.fixture
def sb(sandbox_server: SandboxServer) -> SandboxServer:
    """The session's sandbox (tests/conftest.py), reset to the demo state."""
    sandbox_server.reset()
    return sandbox_server


@pytest.fixture
def api(sb: SandboxServer) -> Iterator[Api]:
    """The demo workspace."""
    with Api(sb.api_url, {"X-Api-Key": data.DEMO_API_KEY}) as workspace:
        yield workspace


@pytest.fixture
def other_api(sb: SandboxServer) -> Iterator[Api]:
    """The other workspace."""
    with Api(sb.api_url, {"X-Api-Key": data.OTHER_API_KEY}) as workspace:
        yield workspace


@pytest.fixture
def kit(sb: SandboxServer, api: Api) -> Kit:
    return Kit(sb, api)


@pytest.fixture
def field(kit: Kit) -> dict[str, Any]:
    """A new 2 km AOI near Munich, fine for every product."""
    return kit.aoi("Test field", kit.square(2000, 11.5, 48.1))
