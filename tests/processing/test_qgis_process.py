"""constellr:searchstac from the command line: ``qgis_process.bin`` with the plugin installed in a
throwaway profile and the connection in the environment, exactly as the README shows.

Debian 12's ``/usr/bin/qgis_process`` wrapper adds ``--noversioncheck``, which qgis_process refuses, so
the binary ``qgis_process.bin`` is called.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from qgis.core import QgsVectorLayer

from constellr.plugin.search import FOOTPRINT_FIELDS, SearchRequest, footprint_features
from constellr.plugin.tasks import read_all

REPO_ROOT = Path(__file__).resolve().parents[2]
QGIS_PROCESS = shutil.which("qgis_process.bin") or shutil.which("qgis_process")

pytestmark = pytest.mark.skipif(QGIS_PROCESS is None, reason="qgis_process is not installed")


class _Quiet:
    def setProgress(self, progress: float) -> None:
        pass

    def isCanceled(self) -> bool:
        return False


@pytest.fixture
def profiles(tmp_path: Path) -> Path:
    """A profiles folder whose default profile has the plugin installed (a link named constellr)."""
    plugins = tmp_path / "profiles" / "profiles" / "default" / "python" / "plugins"
    plugins.mkdir(parents=True)
    (plugins / "constellr").symlink_to(REPO_ROOT, target_is_directory=True)
    return tmp_path / "profiles"


def qgis_process(profiles: Path, api_url: str, api_key: str, *arguments: str) -> subprocess.CompletedProcess:
    """``qgis_process.bin <arguments>`` with no display, the throwaway profile and the connection."""
    environment = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "QGIS_CUSTOM_CONFIG_PATH": str(profiles),
        "CONSTELLR_API_URL": api_url,
        "CONSTELLR_API_KEY": api_key,
    }
    return subprocess.run(  # noqa: S603 - our own command line
        [QGIS_PROCESS, *arguments], env=environment, capture_output=True, text=True, timeout=120, check=False
    )


def test_searchstac_runs_in_qgis_process_and_writes_the_footprints(
    sandbox, profiles, tmp_path, demo_client
) -> None:
    from sandbox.data import DEMO_API_KEY

    enabled = qgis_process(profiles, sandbox.api_url, DEMO_API_KEY, "plugins", "enable", "constellr")
    assert enabled.returncode == 0, enabled.stderr
    output = tmp_path / "footprints.gpkg"
    ran = qgis_process(
        profiles,
        sandbox.api_url,
        DEMO_API_KEY,
        "--json",
        "run",
        "constellr:searchstac",
        "--",
        "COLLECTIONS=lstzoom",
        f"OUTPUT={output}",
    )
    assert ran.returncode == 0, ran.stderr
    results = json.loads(ran.stdout)["results"]
    expected = read_all(demo_client.search(SearchRequest(collections=("lstzoom",)).to_stac()), _Quiet())
    assert results["RECEIVED"] == results["MATCHED"] == len(expected) > 0
    layer = QgsVectorLayer(str(output), "footprints", "ogr")
    assert layer.isValid()
    assert [name for name, _ in FOOTPRINT_FIELDS] == [
        name for name in layer.fields().names() if name != "fid"
    ]
    written = {feature["item_id"]: feature for feature in layer.getFeatures()}
    assert set(written) == {item.id for item in expected}
    for feature in footprint_features(expected):
        assert written[feature["item_id"]]["order_id"] == feature["order_id"]
        assert written[feature["item_id"]]["datetime"] == feature["datetime"]
    assert any(request.path == "/stac/search" for request in sandbox.requests)


def test_a_refused_key_ends_qgis_process_with_the_client_s_plain_message(sandbox, profiles, tmp_path) -> None:
    from sandbox.data import REVOKED_API_KEY

    qgis_process(profiles, sandbox.api_url, REVOKED_API_KEY, "plugins", "enable", "constellr")
    ran = qgis_process(
        profiles,
        sandbox.api_url,
        REVOKED_API_KEY,
        "run",
        "constellr:searchstac",
        "--",
        f"OUTPUT={tmp_path / 'none.gpkg'}",
    )
    assert ran.returncode != 0
    assert "API key has been revoked" in ran.stderr
    assert "Traceback" not in ran.stderr + ran.stdout
    assert REVOKED_API_KEY not in ran.stderr + ran.stdout
