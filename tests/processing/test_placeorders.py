"""constellr:placeorders through processing.run against the sandbox: checked, batched, never twice."""

from __future__ import annotations

import pytest
from qgis.core import QgsFeature, QgsProcessingException, QgsProcessingFeedback, QgsVectorLayer

from constellr.plugin.ordering import REFERENCE_PATTERN
from constellr.plugin.processing.algorithms.placeorders import FREQUENCIES, PRODUCT_NAMES


class Recorded(QgsProcessingFeedback):
    """A feedback that keeps what the algorithm reports."""

    def __init__(self) -> None:
        super().__init__()
        self.errors: list[str] = []
        self.infos: list[str] = []

    def reportError(self, error: str, fatalError: bool = False) -> None:
        self.errors.append(error)

    def pushInfo(self, info: str) -> None:
        self.infos.append(info)


def id_layer(ids: list[str]) -> QgsVectorLayer:
    """A table with the AOI ids in its field ``aoi``."""
    layer = QgsVectorLayer("None?field=aoi:string&field=note:string", "aois", "memory")
    features = []
    for aoi_id in ids:
        feature = QgsFeature(layer.fields())
        feature.setAttributes([aoi_id, "x"])
        features.append(feature)
    layer.dataProvider().addFeatures(features)
    return layer


@pytest.fixture
def aois(demo_client) -> dict[str, list]:
    """The demo AOIs that LSTprecision takes (``small``) and those too large for it (``large``)."""
    every = list(demo_client.iter_aois())
    return {
        "small": [aoi for aoi in every if aoi.bbox_width < 10_000 and aoi.bbox_height < 10_000],
        "large": [aoi for aoi in every if aoi.bbox_width > 20_000],
    }


def parameters(layer: QgsVectorLayer, **extra) -> dict:
    return {
        "INPUT": layer,
        "AOI_FIELD": "aoi",
        "PRODUCT": PRODUCT_NAMES.index("LSTprecision"),
        "FREQUENCY": FREQUENCIES.index("weekly"),
        "TAGS": "processing, test",
        "USE_CASE": "Drought Stress",
        "COMMENT": "from Processing",
        "OUTPUT": "memory:",
        **extra,
    }


def posts(sandbox) -> list:
    return [
        request
        for request in sandbox.requests
        if request.method == "POST" and request.path == "/orders/batch"
    ]


def rows(layer: QgsVectorLayer) -> list[dict]:
    return [feature.attributeMap() for feature in layer.getFeatures()]


def test_validate_only_checks_each_order_with_the_product_rules_and_sends_nothing(
    connected, run, aois
) -> None:
    small, large = aois["small"][0], aois["large"][0]
    feedback = Recorded()
    result = run("placeorders", parameters(id_layer([small.id, large.id]), VALIDATE_ONLY=True), feedback)
    table = {row["aoi_id"]: row for row in rows(result["OUTPUT"])}
    assert table[small.id]["state"] == "valid"
    assert table[large.id]["state"] == "invalid"
    assert "exceeds 15 km" in table[large.id]["message"]
    assert table[large.id]["aoi_name"] == large.name
    assert result["CREATED"] == 0
    assert posts(connected) == []
    assert any(large.name in info for info in feedback.infos)


def test_orders_that_break_a_rule_are_refused_with_nothing_sent(connected, run, aois) -> None:
    with pytest.raises(QgsProcessingException, match=r"Nothing was sent:\naoi: “.*”: width .* exceeds 15 km"):
        run("placeorders", parameters(id_layer([aois["large"][0].id])))
    assert posts(connected) == []


def test_26_orders_are_placed_in_two_batches_and_listed_with_their_ids_and_states(
    connected, run, aois, demo_client
) -> None:
    chosen = aois["small"][:26]
    assert len(chosen) == 26
    layer = id_layer([aoi.id for aoi in chosen] + [chosen[0].id])  # an id given twice is one order
    result = run("placeorders", parameters(layer))
    assert len(posts(connected)) == 2
    table = rows(result["OUTPUT"])
    assert result["CREATED"] == 26
    assert sorted(row["aoi_id"] for row in table) == sorted(aoi.id for aoi in chosen)
    created = {order.id: order for order in demo_client.iter_orders()}
    for row in table:
        order = created[row["order_id"]]
        assert row["state"] == order.state == "pending_validation"
        assert order.frequency == "weekly"
        assert {tag.name for tag in order.tags} == {"processing", "test"}
        assert REFERENCE_PATTERN.search(order.comment).group(1) == row["batch"]
    assert {row["batch"] for row in table} == {f"{result['REFERENCE']}-1", f"{result['REFERENCE']}-2"}


def test_an_unknown_aoi_id_is_named_before_anything_is_sent(connected, run) -> None:
    with pytest.raises(QgsProcessingException, match="Not AOIs of this workspace: no-such-aoi"):
        run("placeorders", parameters(id_layer(["no-such-aoi"])))
    assert posts(connected) == []


def test_a_run_whose_answer_was_lost_is_resumed_by_its_reference_without_a_second_post(
    connected, run, aois, demo_client
) -> None:
    layer = id_layer([aoi.id for aoi in aois["small"][:3]])
    before = len(list(demo_client.iter_orders()))
    connected.faults.add(kind="drop_after_processing", path="/orders/batch", method="POST", times=1)
    connected.faults.add(kind="status", status=500, path="/orders", method="GET", times=1)
    feedback = Recorded()
    first = run("placeorders", parameters(layer), feedback)
    assert [row["state"] for row in rows(first["OUTPUT"])] == ["unknown"] * 3
    assert any(first["REFERENCE"] in error for error in feedback.errors)

    again = run("placeorders", parameters(layer, SUBMISSION=first["REFERENCE"]))
    assert len(posts(connected)) == 1  # found on the server, not sent again
    assert again["CREATED"] == 3
    assert all(row["order_id"] for row in rows(again["OUTPUT"]))
    assert [row["message"] for row in rows(again["OUTPUT"])] == [
        "Batch 1 (3 orders): created 3 orders earlier (found on the server by its reference; not sent again)"
    ] * 3
    assert len(list(demo_client.iter_orders())) == before + 3


def test_a_reference_that_is_no_submission_reference_is_refused_before_anything_is_sent(
    connected, run, aois
) -> None:
    layer = id_layer([aois["small"][0].id])
    with pytest.raises(QgsProcessingException, match="“not-a-ref” is not a submission reference"):
        run("placeorders", parameters(layer, SUBMISSION="not-a-ref"))
    assert posts(connected) == []
