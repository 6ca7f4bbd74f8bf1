"""constellr:searchstac through processing.run against the sandbox: the Search tab's footprints."""

from __future__ import annotations

import pytest
from qgis.core import (
    Qgis,
    QgsFeature,
    QgsGeometry,
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingFeedback,
    QgsProcessingOutputLayerDefinition,
    QgsProject,
    QgsRectangle,
    QgsVectorLayer,
)

from constellr.plugin.search import FOOTPRINT_FIELDS, SearchRequest, footprint_features
from constellr.plugin.tasks import read_all

BERLIN = QgsRectangle(13.2, 52.4, 13.6, 52.6)


def direct_items(client, request: SearchRequest) -> list:
    """What the search operation finds for the same request, read directly."""
    return read_all(client.search(request.to_stac()), _NoFeedback())


class _NoFeedback:
    def setProgress(self, progress: float) -> None:
        pass

    def isCanceled(self) -> bool:
        return False


def footprints(layer: QgsVectorLayer) -> dict[str, QgsFeature]:
    return {feature["item_id"]: feature for feature in layer.getFeatures()}


def test_a_collection_and_a_date_range_give_the_search_tab_s_footprints(connected, run, demo_client) -> None:
    result = run(
        "searchstac",
        {
            "COLLECTIONS": "lstprecision",
            "START": "2000-01-01T00:00:00Z",
            "END": "2100-01-01T00:00:00Z",
            "OUTPUT": "memory:",
        },
    )
    layer = result["OUTPUT"]
    request = SearchRequest(collections=("lstprecision",))
    expected = {
        feature["item_id"]: feature for feature in footprint_features(direct_items(demo_client, request))
    }
    assert layer.fields().names() == [name for name, _ in FOOTPRINT_FIELDS]
    assert layer.crs().authid() == "EPSG:4326"
    assert len(expected) > 5
    assert result["RECEIVED"] == result["MATCHED"] == len(expected)
    written = footprints(layer)
    assert set(written) == set(expected)
    for item_id, feature in written.items():
        assert feature.attributes() == expected[item_id].attributes()
        assert feature.geometry().equals(expected[item_id].geometry())


def test_an_order_id_an_extent_and_cql2_narrow_the_search(connected, run, demo_client) -> None:
    everything = footprints(run("searchstac", {"OUTPUT": "memory:"})["OUTPUT"])
    order_id = next(iter(everything.values()))["order_id"]
    by_order = footprints(run("searchstac", {"ORDER_ID": order_id, "OUTPUT": "memory:"})["OUTPUT"])
    assert by_order
    assert {feature["order_id"] for feature in by_order.values()} == {order_id}
    assert set(by_order) == {key for key, feature in everything.items() if feature["order_id"] == order_id}

    extent = f"{BERLIN.xMinimum()},{BERLIN.xMaximum()},{BERLIN.yMinimum()},{BERLIN.yMaximum()} [EPSG:4326]"
    in_berlin = footprints(run("searchstac", {"EXTENT": extent, "OUTPUT": "memory:"})["OUTPUT"])
    box = QgsGeometry.fromRect(BERLIN)
    assert in_berlin
    assert set(in_berlin) == {
        key for key, feature in everything.items() if feature.geometry().intersects(box)
    }

    night = footprints(
        run("searchstac", {"CQL2": "\"constellr:illumination\" = 'night'", "OUTPUT": "memory:"})["OUTPUT"]
    )
    assert night
    assert {feature["illumination"] for feature in night.values()} == {"night"}
    assert len(night) < len(everything)


def test_the_features_of_a_layer_in_another_crs_are_the_place(connected, run) -> None:
    layer = QgsVectorLayer("Polygon?crs=EPSG:3857", "place", "memory")
    feature = QgsFeature()
    berlin_3857 = QgsGeometry.fromRect(QgsRectangle(1_469_000, 6_870_000, 1_515_000, 6_900_000))  # Berlin
    feature.setGeometry(berlin_3857)
    layer.dataProvider().addFeatures([feature])
    extent = f"{BERLIN.xMinimum()},{BERLIN.xMaximum()},{BERLIN.yMinimum()},{BERLIN.yMaximum()} [EPSG:4326]"
    by_layer = footprints(run("searchstac", {"INTERSECT": layer, "OUTPUT": "memory:"})["OUTPUT"])
    by_extent = footprints(run("searchstac", {"EXTENT": extent, "OUTPUT": "memory:"})["OUTPUT"])
    assert by_layer
    assert set(by_layer) == set(by_extent)


def test_a_loaded_result_is_styled_and_on_the_time_slider_like_the_search_tab_s(connected, provider) -> None:
    import processing

    # what QGIS does with a result it loads (processing.runAndLoadResults needs a real layer tree view
    # from QGIS 3.44 on): the layer handed over to the project, then its post-processor run
    context, feedback = QgsProcessingContext(), QgsProcessingFeedback()
    result = processing.run(
        "constellr:searchstac",
        {
            "COLLECTIONS": "lstzoom",
            "OUTPUT": QgsProcessingOutputLayerDefinition("memory:", QgsProject.instance()),
        },
        context=context,
        feedback=feedback,
    )
    layer = result["OUTPUT"]  # processing.run hands the memory layer over, out of the context
    details = context.layerToLoadOnCompletionDetails(layer.id())
    QgsProject.instance().addMapLayer(layer)
    details.postProcessor().postProcessLayer(layer, context, feedback)
    try:
        temporal = layer.temporalProperties()
        assert temporal.isActive()
        assert temporal.mode() == Qgis.VectorTemporalMode.FeatureDateTimeInstantFromField
        assert temporal.startField() == "datetime"
        assert layer.renderer().classAttribute() == "illumination"
    finally:
        QgsProject.instance().removeMapLayer(layer.id())


def test_a_filter_the_server_refuses_is_a_processing_error_with_its_message(connected, run) -> None:
    with pytest.raises(QgsProcessingException) as refused:
        run("searchstac", {"CQL2": "cloud = = 3", "OUTPUT": "memory:"})
    assert "Invalid CQL2" in str(refused.value)
    assert "Traceback" not in str(refused.value)
    with pytest.raises(QgsProcessingException, match="start date is after the end date"):
        run(
            "searchstac",
            {"START": "2026-02-01T00:00:00Z", "END": "2026-01-01T00:00:00Z", "OUTPUT": "memory:"},
        )


def test_an_extent_without_a_crs_is_in_longitude_latitude_and_one_off_the_world_is_refused(
    connected, run
) -> None:
    lonlat = f"{BERLIN.xMinimum()},{BERLIN.xMaximum()},{BERLIN.yMinimum()},{BERLIN.yMaximum()}"
    plain = footprints(run("searchstac", {"EXTENT": lonlat, "OUTPUT": "memory:"})["OUTPUT"])
    with_crs = footprints(
        run("searchstac", {"EXTENT": f"{lonlat} [EPSG:4326]", "OUTPUT": "memory:"})["OUTPUT"]
    )
    assert plain
    assert set(plain) == set(with_crs)
    with pytest.raises(QgsProcessingException, match="The extent lies outside the world's longitudes"):
        run("searchstac", {"EXTENT": "200,210,100,110 [EPSG:4326]", "OUTPUT": "memory:"})
