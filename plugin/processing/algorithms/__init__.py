"""Every constellr algorithm; the provider adds one instance of each."""

from __future__ import annotations

from ..base import ConstellrAlgorithm
from .createaois import CreateAoisAlgorithm
from .downloadassets import DownloadAssets
from .geometryinfo import GeometryInfoAlgorithm
from .listorders import ListOrdersAlgorithm
from .placeorders import PlaceOrders
from .readfeed import ReadFeed
from .searchstac import SearchStac

ALGORITHMS: tuple[type[ConstellrAlgorithm], ...] = (
    GeometryInfoAlgorithm,
    CreateAoisAlgorithm,
    ListOrdersAlgorithm,
    PlaceOrders,
    SearchStac,
    DownloadAssets,
    ReadFeed,
)
