"""Processing set up once for these tests: the framework initialised and the constellr provider added."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from qgis.core import QgsApplication, QgsProcessingFeedback


@pytest.fixture(scope="session")
def processing_framework(qgis_app) -> None:
    """QGIS's Processing framework and its native providers, as in QGIS (``processing.run`` needs them)."""
    plugins = str(Path(QgsApplication.pkgDataPath()) / "python" / "plugins")
    if plugins not in sys.path:
        sys.path.append(plugins)
    from processing.core.Processing import Processing

    Processing.initialize()


@pytest.fixture
def provider(processing_framework):
    """The constellr provider in the registry for one test (removed after it, as the plugin's unload does)."""
    from constellr.plugin.processing.provider import ConstellrProvider

    constellr_provider = ConstellrProvider()
    assert QgsApplication.processingRegistry().addProvider(constellr_provider)
    yield constellr_provider
    QgsApplication.processingRegistry().removeProvider(constellr_provider)


@pytest.fixture
def run(provider) -> Callable[..., dict[str, Any]]:
    """``run("listorders", {...})``: the algorithm ``constellr:listorders`` through ``processing.run``."""
    import processing

    def run_algorithm(
        name: str, parameters: dict[str, Any], feedback: QgsProcessingFeedback | None = None
    ) -> dict[str, Any]:
        return processing.run(f"constellr:{name}", parameters, feedback=feedback or QgsProcessingFeedback())

    return run_algorithm
