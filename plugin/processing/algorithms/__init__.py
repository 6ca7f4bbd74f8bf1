"""Every constellr algorithm; the provider adds one instance of each."""

from __future__ import annotations

from ..base import ConstellrAlgorithm
from .geometryinfo import GeometryInfoAlgorithm

ALGORITHMS: tuple[type[ConstellrAlgorithm], ...] = (GeometryInfoAlgorithm,)
