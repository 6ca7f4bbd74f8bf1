"""constellr:searchstac from the command line: ``qgis_process.bin`` with the plugin installed in a
throwaway profile (the ``qgis_process`` fixture) and the connection in the environment, as the README shows.
"""

from __future__ import annotations

import json

from qgis.core import QgsProcessingFeedback, QgsVectorLayer

from constellr.plugin.search import FOOTPRINT_FIELDS, SearchRequest, footprint_features
from constellr.plugin.tasks import read_all


def test_searchstac_runs_in_qgis_process_and_writes_the_footprints(
    sandbox, qgis_process, tmp_path, demo_client
) -> None:
    from sandbox.data import DEMO_API_KEY

    output = tmp_path / "footprints.gpkg"
    ran = qgis_process(
        "--json",
        "run",
        "constellr:searchstac",
        "--",
        "COLLECTIONS=lstzoom",
        f"OUTPUT={output}",
        CONSTELLR_API_URL=sandbox.api_url,
        CONSTELLR_API_KEY=DEMO_API_KEY,
    )
    assert ran.returncode == 0, ran.stderr
    results = json.loads(ran.stdout)["results"]
    pages = demo_client.search(SearchRequest(collections=("lstzoom",)).to_stac())
    expected = read_all(pages, QgsProcessingFeedback())
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


def test_a_refused_key_ends_qgis_process_with_the_client_s_plain_message(
    sandbox, qgis_process, tmp_path
) -> None:
    from sandbox.data import REVOKED_API_KEY

    ran = qgis_process(
        "run",
        "constellr:searchstac",
        "--",
        f"OUTPUT={tmp_path / 'none.gpkg'}",
        CONSTELLR_API_URL=sandbox.api_url,
        CONSTELLR_API_KEY=REVOKED_API_KEY,
    )
    assert ran.returncode != 0
    assert "API key has been revoked" in ran.stderr
    assert "Traceback" not in ran.stderr + ran.stdout
    assert REVOKED_API_KEY not in ran.stderr + ran.stdout
