"""constellr:downloadassets through processing.run against the sandbox: the files of footprints, resumable."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from qgis.core import (
    QgsProcessingException,
    QgsProcessingFeatureSourceDefinition,
    QgsProcessingFeedback,
    QgsProject,
    QgsVectorLayer,
)

from constellr.plugin.downloads import FileState, item_folder_name


@pytest.fixture
def footprint_layer(connected, run):
    """Footprints of three lstzoom items, in the project (Processing finds the selection there)."""
    found = run("searchstac", {"COLLECTIONS": "lstzoom", "OUTPUT": "memory:"})["OUTPUT"]
    layer = QgsVectorLayer(f"MultiPolygon?crs=EPSG:4326&{_fields(found)}", "footprints", "memory")
    layer.dataProvider().addFeatures(list(found.getFeatures())[:3])
    QgsProject.instance().addMapLayer(layer)
    yield layer
    QgsProject.instance().removeMapLayer(layer.id())


def _fields(layer: QgsVectorLayer) -> str:
    return "&".join(f"field={field.name()}:{field.typeName()}" for field in layer.fields())


def storage_gets(sandbox) -> list:
    return [
        request for request in sandbox.requests if request.server == "storage" and request.method == "GET"
    ]


def item_gets(sandbox) -> list:
    return [request for request in sandbox.requests if request.method == "GET" and "/items/" in request.path]


def test_the_selected_footprints_files_land_in_item_folders_listed_with_their_paths(
    connected, run, footprint_layer, demo_client, tmp_path
) -> None:
    chosen = next(footprint_layer.getFeatures())
    footprint_layer.selectByIds([chosen.id()])
    connected.requests.clear()
    result = run(
        "downloadassets",
        {
            "INPUT": QgsProcessingFeatureSourceDefinition(footprint_layer.id(), selectedFeaturesOnly=True),
            "ASSETS": "lst, thumbnail",
            "FOLDER": str(tmp_path),
            "OUTPUT": "memory:",
        },
    )
    fetched = [request.path for request in item_gets(connected)]
    rows = [feature.attributeMap() for feature in result["OUTPUT"].getFeatures()]
    item = demo_client.get_item(chosen["collection"], chosen["item_id"])
    assert {(row["item_id"], row["asset_key"], row["state"]) for row in rows} == {
        (item.id, "lst", FileState.DONE),
        (item.id, "thumbnail", FileState.DONE),
    }
    for row in rows:
        path = Path(row["path"])
        assert path.parent == tmp_path / item_folder_name(item)
        assert path.stat().st_size > 0
        assert row["collection"] == item.collection
    assert result["DOWNLOADED"] == 2
    assert result["FAILED"] == 0
    assert fetched == [
        f"/stac/collections/{item.collection}/items/{item.id}"
    ]  # fetched again for fresh links, once


def test_a_second_run_skips_complete_files_and_reports_a_missing_asset(
    connected, run, footprint_layer, tmp_path
) -> None:
    parameters = {"INPUT": footprint_layer, "ASSETS": "lst", "FOLDER": str(tmp_path), "OUTPUT": "memory:"}
    first = run("downloadassets", parameters)
    paths = {feature["item_id"]: feature["path"] for feature in first["OUTPUT"].getFeatures()}
    assert len(paths) == 3
    connected.requests.clear()

    again = run("downloadassets", {**parameters, "ASSETS": "lst,no_such_file"})
    rows = [feature.attributeMap() for feature in again["OUTPUT"].getFeatures()]
    complete = {row["item_id"]: row["path"] for row in rows if row["state"] == FileState.SKIPPED}
    failed = [row for row in rows if row["state"] == FileState.FAILED]
    assert complete == paths
    assert storage_gets(connected) == []  # nothing downloaded again
    assert {row["asset_key"] for row in failed} == {"no_such_file"}
    assert len(failed) == 3
    assert all("no “no_such_file” file" in row["message"] for row in failed)
    assert again["FAILED"] == 3


def test_a_layer_that_is_not_a_footprint_layer_is_refused(connected, run, tmp_path) -> None:
    layer = QgsVectorLayer("Polygon?crs=EPSG:4326&field=name:string", "parcels", "memory")
    with pytest.raises(QgsProcessingException, match="no field collection or item_id"):
        run("downloadassets", {"INPUT": layer, "ASSETS": "lst", "FOLDER": str(tmp_path), "OUTPUT": "memory:"})


def test_a_cancel_through_the_feedback_stops_the_download_within_a_second(
    connected, run, footprint_layer, tmp_path
) -> None:
    connected.faults.add("latency", server="storage", delay=10)
    feedback = QgsProcessingFeedback()
    threading.Timer(0.5, feedback.cancel).start()
    started = time.monotonic()
    result = run(
        "downloadassets",
        {"INPUT": footprint_layer, "ASSETS": "lst", "FOLDER": str(tmp_path), "OUTPUT": "memory:"},
        feedback,
    )
    assert time.monotonic() - started < 1.5
    assert result["OUTPUT"].featureCount() == 0
    assert result["DOWNLOADED"] == result["FAILED"] == 0
