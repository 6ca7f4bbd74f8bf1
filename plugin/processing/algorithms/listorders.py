"""``constellr:listorders``: the workspace's orders as a table, filtered by state, product and AOI."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsFeature,
    QgsFeatureSink,
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingFeedback,
    QgsProcessingMultiStepFeedback,
    QgsProcessingOutputNumber,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterString,
)
from qgis.PyQt.QtCore import QDateTime, QTimeZone

from ...aois import list_aois
from ...api import Aoi, ConstellrClient, Order
from ...compat import TABLE_SOURCE, WKB, make_fields
from ...orders import ORDER_STATES, OrderFilter, OrderRow, tag_names, tags_text
from ...rules import PRODUCTS
from ...workspace import list_orders
from ..base import ConstellrAlgorithm

STATE, PRODUCT, AOI, OUTPUT, COUNT = "STATE", "PRODUCT", "AOI", "OUTPUT", "COUNT"
ORDER_FIELDS = (
    ("order_id", "string"),
    ("state", "string"),
    ("product", "string"),
    ("aoi_id", "string"),
    ("aoi_name", "string"),
    ("start_date", "datetime"),
    ("end_date", "datetime"),
    ("frequency", "string"),
    ("max_images", "int"),
    ("illumination", "string"),
    ("tags", "string"),
    ("comment", "string"),
    ("rejection_reason", "string"),
    ("created", "datetime"),
)


def orders_and_aois(
    client: ConstellrClient, feedback: QgsProcessingFeedback
) -> tuple[list[Order], list[Aoi]]:
    """Every order and every AOI of the workspace (for the AOI names)."""
    steps = QgsProcessingMultiStepFeedback(2, feedback)
    orders = list_orders(client, steps)
    steps.setCurrentStep(1)
    return orders, list_aois(client, steps)


def _utc(moment: datetime | None) -> QDateTime | None:
    return (
        QDateTime.fromMSecsSinceEpoch(round(moment.timestamp() * 1000), QTimeZone.utc()) if moment else None
    )


def _on_aoi(row: OrderRow, aoi: str) -> bool:
    """True when ``aoi`` (an AOI id or name, any case) is the order's AOI; an empty ``aoi`` takes any."""
    wanted = aoi.strip().casefold()
    return not wanted or wanted in ((row.order.area_of_interest_id or "").casefold(), row.aoi_name.casefold())


class ListOrdersAlgorithm(ConstellrAlgorithm):
    """The workspace's orders → a table, one row per order, newest first."""

    def name(self) -> str:
        """The id within the provider."""
        return "listorders"

    def displayName(self) -> str:
        """The name in the toolbox."""
        return self.tr("List orders")

    def shortHelpString(self) -> str:
        """The help shown next to the parameters."""
        return self.tr(
            "Lists the orders of the constellr workspace, newest first, as a table: id, state, product, "
            "AOI (id and name), monitoring period (UTC), frequency, maximum number of images, "
            "illumination, tags, comment, rejection reason and creation time. Leave a filter empty to "
            "take every order; the AOI filter takes an AOI id or an AOI name."
        )

    def initAlgorithm(self, config: dict[str, Any] | None = None) -> None:
        """The parameters: state, product and AOI filters, output table."""
        state = QgsProcessingParameterEnum(STATE, self.tr("State"), list(ORDER_STATES), optional=True)
        product = QgsProcessingParameterEnum(PRODUCT, self.tr("Product"), list(PRODUCTS), optional=True)
        for parameter in (state, product):
            parameter.setUsesStaticStrings(True)  # the value is the state or product, not its position
            self.addParameter(parameter)
        self.addParameter(QgsProcessingParameterString(AOI, self.tr("AOI (id or name)"), optional=True))
        self.addParameter(QgsProcessingParameterFeatureSink(OUTPUT, self.tr("Orders"), TABLE_SOURCE))
        self.addOutput(QgsProcessingOutputNumber(COUNT, self.tr("Orders listed")))

    def processAlgorithm(
        self, parameters: dict[str, Any], context: QgsProcessingContext, feedback: QgsProcessingFeedback
    ) -> dict[str, Any]:
        """Read every order and AOI, keep the orders that pass the filters, write the table."""
        wanted = OrderFilter(
            state=self.parameterAsEnumString(parameters, STATE, context) or None,
            product=self.parameterAsEnumString(parameters, PRODUCT, context) or None,
        )
        aoi = self.parameterAsString(parameters, AOI, context)
        fields = make_fields(ORDER_FIELDS)
        sink, destination = self.parameterAsSink(
            parameters, OUTPUT, context, fields, WKB.NoGeometry, QgsCoordinateReferenceSystem()
        )
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, OUTPUT))
        orders, aois = self.call(feedback, orders_and_aois)
        by_id = {known.id: known for known in aois}
        rows = [OrderRow.build(order, by_id) for order in orders]
        kept = [row for row in rows if wanted.accepts(row) and _on_aoi(row, aoi)]
        for row in kept:
            order = row.order
            feature = QgsFeature(fields)
            feature.setAttributes(
                [
                    order.id,
                    order.state,
                    order.product_name,
                    order.area_of_interest_id,
                    row.aoi_name,
                    _utc(order.start_date),
                    _utc(order.end_date),
                    order.frequency,
                    order.maximum_number_of_images,
                    order.illumination_constraint,
                    tags_text(tag_names(order)),
                    order.comment,
                    order.rejection_reason,
                    _utc(order.created),
                ]
            )
            sink.addFeature(feature, QgsFeatureSink.Flag.FastInsert)
        feedback.pushInfo(self.tr("{kept} of {total} orders listed.").format(kept=len(kept), total=len(rows)))
        return {OUTPUT: destination, COUNT: len(kept)}
