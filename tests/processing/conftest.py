"""Processing set up once for these tests: the framework initialised and the constellr provider added."""

from __future__ import annotations

import os
import shutil
import subprocess
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


QGIS_PROCESS = shutil.which("qgis_process.bin") or shutil.which("qgis_process")
REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def qgis_config(tmp_path: Path) -> Path:
    """A throwaway QGIS settings folder whose default profile has the plugin installed."""
    if QGIS_PROCESS is None:
        pytest.skip("qgis_process is not installed")
    config = tmp_path / "qgis-config"
    plugins = config / "profiles" / "default" / "python" / "plugins"
    plugins.mkdir(parents=True)
    (plugins / "constellr").symlink_to(REPO_ROOT, target_is_directory=True)
    return config


@pytest.fixture
def qgis_process(qgis_config: Path) -> Callable[..., subprocess.CompletedProcess]:
    """``qgis_process(*arguments, **environment)``: ``qgis_process.bin`` with no display, in the profile of
    ``qgis_config`` with the plugin enabled, and no CONSTELLR_* variable but those given.

    Debian 12's ``/usr/bin/qgis_process`` wrapper adds ``--noversioncheck``, which qgis_process refuses,
    so the binary ``qgis_process.bin`` is called.
    """

    def run_qgis_process(*arguments: str, **environment: str) -> subprocess.CompletedProcess:
        variables = {name: value for name, value in os.environ.items() if not name.startswith("CONSTELLR_")}
        variables.update(QT_QPA_PLATFORM="offscreen", QGIS_CUSTOM_CONFIG_PATH=str(qgis_config), **environment)
        return subprocess.run(  # noqa: S603 - our own command line
            [QGIS_PROCESS, *arguments],
            env=variables,
            stdin=subprocess.DEVNULL,  # nobody to answer a prompt
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    enabled = run_qgis_process("plugins", "enable", "constellr")
    assert enabled.returncode == 0, enabled.stderr
    return run_qgis_process
