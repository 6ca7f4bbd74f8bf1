"""constellr:createaois: one AOI per polygon of a layer, every feature's outcome in the output layer."""

from __future__ import annotations

import threading

import pytest
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsFeature,
    QgsGeometry,
    QgsProcessingFeedback,
    QgsProject,
    QgsVectorLayer,
)

from constellr.plugin.aoi_geometry import WGS84, square_around

WEB_MERCATOR = QgsCoordinateReferenceSystem("EPSG:3857")


def in_web_mercator(geometry: QgsGeometry) -> QgsGeometry:
    copy = QgsGeometry(geometry)
    copy.transform(QgsCoordinateTransform(WGS84, WEB_MERCATOR, QgsProject.instance()))
    return copy


@pytest.fixture
def fields_layer():
    """Polygons in EPSG:3857: a new name, a name the demo workspace has, no name, and two parts."""
    layer = QgsVectorLayer(
        "MultiPolygon?crs=EPSG:3857&field=name:string&field=crop:string", "fields", "memory"
    )
    shapes = [
        ("Parcel A", square_around(13.30, 52.40, 2_000)),
        ("Berlin Mitte", square_around(13.40, 52.52, 1_500)),
        (None, square_around(13.50, 52.45, 1_000)),
        (
            "Two parts",
            QgsGeometry.collectGeometry([square_around(13.6, 52.4, 500), square_around(13.7, 52.4, 500)]),
        ),
    ]
    features = []
    for name, geometry in shapes:
        feature = QgsFeature(layer.fields())
        feature.setAttributes([name, "wheat"])
        feature.setGeometry(in_web_mercator(geometry))
        features.append(feature)
    assert layer.dataProvider().addFeatures(features)[0]
    QgsProject.instance().addMapLayer(layer)
    yield layer
    QgsProject.instance().removeMapLayer(layer.id())


def aoi_posts(sandbox) -> list:
    return [r for r in sandbox.requests if r.method == "POST" and r.path == "/areas-of-interest"]


def test_each_polygon_becomes_an_aoi_and_a_taken_name_is_reported(run, fields_layer, connected, demo_client):
    result = run(
        "createaois",
        {
            "INPUT": fields_layer,
            "NAME_FIELD": "name",
            "PREFIX": "Field",
            "DESCRIPTION": "from Processing",
            "OUTPUT": "memory:",
        },
    )

    assert (result["CREATED"], result["NOT_CREATED"]) == (2, 2)
    output = result["OUTPUT"]
    assert output.crs().authid() == "EPSG:4326"
    rows = {feature["aoi_name"]: feature for feature in output.getFeatures()}
    assert set(rows) == {"Parcel A", "Berlin Mitte", "Field 3", "Two parts"}
    assert [rows[name]["status"] for name in ("Parcel A", "Field 3")] == ["created", "created"]
    assert rows["Parcel A"]["crop"] == "wheat"  # the layer's attributes are kept
    assert rows["Parcel A"]["bbox_width_m"] == pytest.approx(2_000, abs=1)
    assert rows["Parcel A"].geometry().boundingBox().center().x() == pytest.approx(13.30, abs=1e-6)
    taken = rows["Berlin Mitte"]
    assert taken["status"] == "not created"
    assert "taken" in taken["reason"]
    assert "“Berlin Mitte (2)” is free" in taken["reason"]
    assert rows["Two parts"]["status"] == "not created"
    assert "2 separate polygons" in rows["Two parts"]["reason"]

    in_workspace = {aoi.name: aoi for aoi in demo_client.iter_aois()}
    for name in ("Parcel A", "Field 3"):
        assert in_workspace[name].id == rows[name]["aoi_id"]
        assert in_workspace[name].description == "from Processing"
    assert len(aoi_posts(connected)) == 3  # the two-part feature is never sent


def test_without_a_name_field_the_prefix_names_every_aoi(run, fields_layer, connected, demo_client):
    result = run("createaois", {"INPUT": fields_layer, "PREFIX": "Farm", "OUTPUT": "memory:"})

    names = [feature["aoi_name"] for feature in result["OUTPUT"].getFeatures()]
    assert names == ["Farm 1", "Farm 2", "Farm 3", "Farm 4"]
    assert result["CREATED"] == 3
    assert {"Farm 1", "Farm 2", "Farm 3"} <= {aoi.name for aoi in demo_client.iter_aois()}


def test_a_cancel_keeps_what_was_created_and_says_what_was_not(run, fields_layer, connected, demo_client):
    feedback = QgsProcessingFeedback()
    slowed: list[bool] = []

    def after_the_first_aoi(progress: float) -> None:
        """Once the first AOI is created, the next request hangs and the user cancels it."""
        if progress >= 25 and not slowed:
            slowed.append(True)
            connected.faults.add(kind="latency", path="/areas-of-interest", method="POST", delay=3.0)
            threading.Timer(0.5, feedback.cancel).start()

    feedback.progressChanged.connect(after_the_first_aoi)

    result = run("createaois", {"INPUT": fields_layer, "NAME_FIELD": "name", "OUTPUT": "memory:"}, feedback)

    outcome = {feature["aoi_name"]: feature for feature in result["OUTPUT"].getFeatures()}
    assert outcome["Parcel A"]["status"] == "created"
    assert outcome["Berlin Mitte"]["reason"].startswith("Cancelled")
    assert outcome["AOI 3"]["reason"] == "not sent: the algorithm was cancelled."
    assert (result["CREATED"], result["NOT_CREATED"]) == (1, 3)
    assert "Parcel A" in {aoi.name for aoi in demo_client.iter_aois()}


def test_a_geopackage_output_holds_every_row_even_when_nothing_was_created(
    run, fields_layer, connected, tmp_path
):
    run("createaois", {"INPUT": fields_layer, "NAME_FIELD": "name", "OUTPUT": "memory:"})
    output = tmp_path / "again.gpkg"
    result = run("createaois", {"INPUT": fields_layer, "NAME_FIELD": "name", "OUTPUT": str(output)})

    assert result["CREATED"] == 0  # every name is taken now
    written = QgsVectorLayer(result["OUTPUT"], "written", "ogr")
    assert written.isValid()
    assert [feature["status"] for feature in written.getFeatures()] == ["not created"] * 4
