"""The whole way through the dock: a selected parcel → an AOI → an order → the order in the Orders tab."""

from __future__ import annotations

import pytest
from qgis.core import (
    Qgis,
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsFeature,
    QgsProject,
    QgsVectorLayer,
)

from constellr.plugin.aoi_geometry import square_around
from constellr.plugin.compat import make_fields
from constellr.plugin.context import PluginContext
from constellr.ui.dock import ConstellrDock

PARCEL = "Parcel 7 (test)"


@pytest.fixture
def parcels():
    layer = QgsVectorLayer("Polygon?crs=EPSG:32633", "parcels", "memory")
    layer.dataProvider().addAttributes(make_fields((("name", "string"),)).toList())
    layer.updateFields()
    parcel = square_around(13.40, 52.40, 1_200)
    parcel.transform(
        QgsCoordinateTransform(QgsCoordinateReferenceSystem("EPSG:4326"), layer.crs(), QgsProject.instance())
    )
    feature = QgsFeature(layer.fields())
    feature.setAttributes([PARCEL])
    feature.setGeometry(parcel)
    layer.dataProvider().addFeatures([feature])
    QgsProject.instance().addMapLayer(layer)
    yield layer
    QgsProject.instance().removeMapLayer(layer.id())


@pytest.fixture
def dock(connected, recording_iface, wait_for):
    context = PluginContext()
    dock = ConstellrDock(recording_iface, context)
    dock.show()
    wait_for(lambda: dock.orders_panel.model.rowCount() > 0, what="the Orders tab to load")
    yield dock
    dock.release()
    wait_for(lambda: not context.runner.running, what="tasks to end")


def test_from_a_selected_parcel_to_an_order_in_the_orders_tab(
    dock, parcels, recording_iface, wait_for
) -> None:
    recording_iface.setActiveLayer(parcels)
    parcels.selectAll()
    dock.aoi_panel.use_selection()
    assert [aoi.name for aoi in dock.aoi_panel.current.aois] == [PARCEL]
    assert (
        "✔ fits"
        in dock.aoi_panel.verdicts.itemAt(0, dock.aoi_panel.verdicts.ItemRole.FieldRole).widget().text()
    )

    dock.aoi_panel.create_button.click()
    wait_for(dock.order_panel.checked_ids, what="the new AOI to be ticked in the Order tab")
    (aoi_id,) = dock.order_panel.checked_ids()
    dock.order_panel.product_combo.setCurrentText("LSTprecision")
    dock.order_panel.tags_edit.setText("parcel7, heat")
    assert dock.order_panel.validate() == []

    dock.order_panel.review(confirm=False)
    wait_for(lambda: "orders created" in dock.order_panel.result_label.text(), what="the order")
    assert dock.order_panel.result_label.text().startswith("1 of 1 orders created in 1 request(s).")
    wait_for(dock.orders_panel.selected_orders, what="the new order selected in the Orders tab")
    (order,) = dock.orders_panel.selected_orders()
    assert order.area_of_interest_id == aoi_id
    assert order.state == "pending_validation"
    assert [tag.name for tag in order.tags] == ["parcel7", "heat"]
    assert recording_iface.messageBar().get_messages(Qgis.MessageLevel.Success)
