"""constellr:geometryinfo: sizes and product verdicts per polygon, locally and confirmed by the sandbox."""

from __future__ import annotations

import pytest
from qgis.core import (
    QgsFeature,
    QgsGeometry,
    QgsProcessingException,
    QgsProcessingFeatureSourceDefinition,
    QgsProject,
    QgsVectorLayer,
)

from constellr.plugin.aoi_geometry import square_around

GEOMETRY_INFO = "/areas-of-interest/geometry-info"


@pytest.fixture
def parcels():
    """Four named polygons in EPSG:4326: 10 km, 20 km and 30 m squares, and two 1 km squares as one."""
    layer = QgsVectorLayer("MultiPolygon?crs=EPSG:4326&field=name:string", "parcels", "memory")
    shapes = {
        "ten km": square_around(13.4, 52.5, 10_000),
        "twenty km": square_around(10.0, 45.1, 20_000),
        "thirty m": square_around(2.3, 48.8, 30),
        "two parts": QgsGeometry.collectGeometry(
            [square_around(4.4, 43.6, 1_000), square_around(4.5, 43.6, 1_000)]
        ),
    }
    features = []
    for name, geometry in shapes.items():
        feature = QgsFeature(layer.fields())
        feature.setAttributes([name])
        feature.setGeometry(geometry)
        features.append(feature)
    assert layer.dataProvider().addFeatures(features)[0]
    QgsProject.instance().addMapLayer(layer)
    yield layer
    QgsProject.instance().removeMapLayer(layer.id())


def rows_by_name(output: QgsVectorLayer) -> dict[str, QgsFeature]:
    return {feature["name"]: feature for feature in output.getFeatures()}


def test_each_polygon_gets_its_size_and_every_products_verdict_without_the_server(run, parcels) -> None:
    result = run("geometryinfo", {"INPUT": parcels, "OUTPUT": "memory:"})

    rows = rows_by_name(result["OUTPUT"])
    assert set(rows) == {"ten km", "twenty km", "thirty m", "two parts"}
    ten = rows["ten km"]
    assert ten["aoi_status"] == "ready"
    assert ten["bbox_width_m"] == pytest.approx(10_000, abs=1)
    assert ten["bbox_height_m"] == pytest.approx(10_000, abs=1)
    assert 0.9e8 < ten["area_m2"] < 1e8  # the lon/lat square is a trapezoid in UTM
    assert [ten["LSTprecision"], ten["LSTzoom"], ten["LSTfusion"]] == ["✔ fits"] * 3
    twenty = rows["twenty km"]
    assert twenty["LSTprecision"].startswith("✘ width 20")
    assert "exceeds 15 km" in twenty["LSTzoom"]
    assert twenty["LSTfusion"] == "✔ fits"
    assert rows["thirty m"]["LSTprecision"] == "✔ fits"
    assert "is below 60 m" in rows["thirty m"]["LSTfusion"]
    parts = rows["two parts"]
    assert parts["aoi_status"] == "several_parts"
    assert "2 separate polygons" in parts["aoi_message"]
    assert parts["bbox_width_m"] > 8_000  # the whole the parts make
    assert not any(isinstance(row["server_check"], str) for row in rows.values())  # all NULL: not asked


def test_selected_features_only(run, parcels) -> None:
    parcels.selectByExpression("\"name\" IN ('ten km', 'thirty m')")
    source = QgsProcessingFeatureSourceDefinition(parcels.id(), selectedFeaturesOnly=True)

    result = run("geometryinfo", {"INPUT": source, "OUTPUT": "memory:"})

    assert set(rows_by_name(result["OUTPUT"])) == {"ten km", "thirty m"}


def test_the_server_confirms_each_polygon(run, parcels, connected) -> None:
    result = run("geometryinfo", {"INPUT": parcels, "CONFIRM": True, "OUTPUT": "memory:"})

    rows = rows_by_name(result["OUTPUT"])
    for name in ("ten km", "twenty km", "thirty m"):
        assert rows[name]["server_bbox_width_m"] == pytest.approx(rows[name]["bbox_width_m"], abs=0.1)
        assert rows[name]["server_area_m2"] == pytest.approx(rows[name]["area_m2"], rel=0.001, abs=1)
        assert rows[name]["server_check"] == "agrees (within 1%)"
    assert rows["two parts"]["server_check"] == "not asked: several polygons are not one AOI"
    asked = [request for request in connected.requests if request.path == GEOMETRY_INFO]
    assert len(asked) == 3


def test_a_key_the_server_refuses_is_a_plain_processing_error(run, parcels, sandbox, monkeypatch) -> None:
    monkeypatch.setenv("CONSTELLR_API_URL", sandbox.api_url)
    monkeypatch.setenv("CONSTELLR_API_KEY", "cstl_not_a_key_of_this_sandbox_0000000000")

    with pytest.raises(QgsProcessingException, match="Invalid API key") as raised:
        run("geometryinfo", {"INPUT": parcels, "CONFIRM": True, "OUTPUT": "memory:"})
    assert "Check the workspace API key" in str(raised.value)
    assert "Traceback" not in str(raised.value)
