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
from qgis.PyQt.QtCore import Qt

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
    wait_for(lambda: dock.orders_tab.model.rowCount() > 0, what="the Orders tab to load")
    yield dock
    dock.release()
    wait_for(lambda: not context.runner.running, what="tasks to end")


def test_from_a_selected_parcel_to_an_order_in_the_orders_tab(
    dock, parcels, recording_iface, wait_for
) -> None:
    recording_iface.setActiveLayer(parcels)
    parcels.selectAll()
    dock.aoi_tab.sources.use_selection()
    assert [aoi.name for aoi in dock.aoi_tab.current.aois] == [PARCEL]
    verdicts = dock.aoi_tab.size_check.verdicts
    assert "✔ fits" in verdicts.itemAt(0, verdicts.ItemRole.FieldRole).widget().text()

    dock.aoi_tab.size_check.create_button.click()
    wait_for(dock.order_form.checked_ids, what="the new AOI to be ticked in the Order tab")
    (aoi_id,) = dock.order_form.checked_ids()
    dock.order_form.product_combo.setCurrentText("LSTprecision")
    dock.order_form.tags_edit.setText("parcel7, heat")
    assert dock.order_form.validate() == []

    dock.order_form.review(confirm=False)
    wait_for(lambda: " created in " in dock.order_form.result_label.text(), what="the order")
    assert dock.order_form.result_label.text().startswith("1 of 1 order created in 1 request.")
    wait_for(dock.orders_tab.selected_orders, what="the new order selected in the Orders tab")
    (order,) = dock.orders_tab.selected_orders()
    assert order.area_of_interest_id == aoi_id
    assert order.state == "pending_validation"
    assert [tag.name for tag in order.tags] == ["parcel7", "heat"]
    assert recording_iface.messageBar().get_messages(Qgis.MessageLevel.Success)


def order_tab_ids(dock) -> set[str]:
    """The ids of the AOIs the Order tab offers."""
    items = (dock.order_form.aoi_list.item(row) for row in range(dock.order_form.aoi_list.count()))
    return {item.data(Qt.ItemDataRole.UserRole) for item in items}


def select_in_library(dock, aoi_id: str) -> None:
    table = dock.aoi_tab.library.table
    (row,) = [
        row for row in range(table.rowCount()) if table.item(row, 0).data(Qt.ItemDataRole.UserRole) == aoi_id
    ]
    table.selectRow(row)


def test_first_opening_lists_the_aois_once_for_every_tab(dock, sandbox) -> None:
    aoi_lists = [r for r in sandbox.requests if r.path == "/areas-of-interest" and r.method == "GET"]
    assert len([r for r in aoi_lists if "offset=0" in r.query]) == 1
    assert order_tab_ids(dock) == {aoi.id for aoi in dock.context.workspace.aois}


def test_an_aoi_deleted_in_the_library_leaves_the_order_tab(dock, wait_for) -> None:
    doomed = dock.context.workspace.aois[0]
    assert doomed.id in order_tab_ids(dock)
    select_in_library(dock, doomed.id)
    dock.aoi_tab.library.delete_selection(confirm=False)
    wait_for(lambda: dock.context.workspace.aoi(doomed.id) is None, what="the deletion")
    assert doomed.id not in order_tab_ids(dock)
