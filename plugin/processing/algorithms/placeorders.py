"""``constellr:placeorders``: one order per AOI id of a layer, checked by the product rules, placed in
batches of 25 that are never sent twice (``plugin.ordering``), or only checked ("validate only")."""

from __future__ import annotations

import re
from datetime import datetime, timezone
from typing import Any

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsFeature,
    QgsFeatureSink,
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingFeedback,
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterDateTime,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
)
from qgis.PyQt.QtCore import QDateTime, Qt

from ...aois import list_aois
from ...api import Aoi, OrderRequest
from ...api.models import parse_datetime
from ...compat import TABLE_SOURCE, WKB, make_fields
from ...i18n import tr
from ...ordering import (
    BatchState,
    PlannedOrder,
    Submission,
    plan_batches,
    plan_submission,
    planned_problems,
    submit,
)
from ...orders import parse_tags
from ...rules import PRODUCTS, SINGLE_IMAGE, default_period, in_words, order_problems
from ..base import ConstellrAlgorithm

PRODUCT_NAMES = tuple(PRODUCTS)
#: Every frequency some product offers, in the order the products list them.
FREQUENCIES = tuple(
    dict.fromkeys(frequency for rules in PRODUCTS.values() for frequency in rules.frequencies)
)
#: The output table: a row per order (or per planned order that was not created).
RESULT_FIELDS = (
    ("aoi_id", "string"),
    ("aoi_name", "string"),
    ("order_id", "string"),
    ("state", "string"),
    ("batch", "string"),
    ("message", "string"),
)
SUBMISSION_ID = re.compile(r"[0-9a-f]{12}")


def illuminations() -> tuple[tuple[str, str | None], ...]:
    """The illumination choices: the words shown, and the constraint sent."""
    return ((tr("No constraint"), None), (tr("Day"), "day"), (tr("Night"), "night"))


def utc(moment: QDateTime) -> datetime:
    """A Processing date-time as an aware UTC datetime: one without a time zone is read as UTC."""
    return parse_datetime(moment.toString(Qt.DateFormat.ISODate))  # type: ignore[return-value]


def resumed(
    reference: str, orders: list[PlannedOrder], use_case: str | None, comment: str | None
) -> Submission:
    """A submission of an earlier run whose outcome is not known here: every batch is looked for on the
    server (by its reference) before it is sent, so what that run created is not created again."""
    if not SUBMISSION_ID.fullmatch(reference):
        raise QgsProcessingException(
            tr(
                "“{reference}” is not a submission reference: it has 12 characters 0-9 and a-f, as the log "
                "of the earlier run shows."
            ).format(reference=reference)
        )
    batches = plan_batches(orders, reference)
    for batch in batches:
        batch.state = BatchState.UNKNOWN
    return Submission(reference, use_case, comment, batches)


class PlaceOrders(ConstellrAlgorithm):
    """Place (or only check) one order per AOI id."""

    INPUT = "INPUT"
    AOI_FIELD = "AOI_FIELD"
    PRODUCT = "PRODUCT"
    START = "START"
    END = "END"
    FREQUENCY = "FREQUENCY"
    IMAGES = "IMAGES"
    ILLUMINATION = "ILLUMINATION"
    TAGS = "TAGS"
    USE_CASE = "USE_CASE"
    COMMENT = "COMMENT"
    VALIDATE_ONLY = "VALIDATE_ONLY"
    SUBMISSION = "SUBMISSION"
    OUTPUT = "OUTPUT"
    CREATED = "CREATED"
    REFERENCE = "REFERENCE"

    def name(self) -> str:
        return "placeorders"

    def displayName(self) -> str:
        return self.tr("Place orders")

    def shortHelpString(self) -> str:
        return self.tr(
            "Places one order per AOI id found in a field of the input layer, with the same product rules "
            "as the order form. Nothing is sent while any order breaks a rule. Orders go in batches of at "
            "most 25; a batch whose answer is lost is looked for on the server, never sent again blindly. "
            "Dates are in UTC; empty dates take the product's default period. With “Validate only” the "
            "orders are only checked and the table says what is wrong with each. If a run did not end "
            "cleanly, run it again with the same inputs and its submission reference (in the log): the "
            "batches it created are found, not created twice."
        )

    def initAlgorithm(self, config: dict[str, Any] | None = None) -> None:
        self.addParameter(
            QgsProcessingParameterFeatureSource(self.INPUT, self.tr("Layer with AOI ids"), [TABLE_SOURCE])
        )
        self.addParameter(
            QgsProcessingParameterField(self.AOI_FIELD, self.tr("AOI id field"), "id", self.INPUT)
        )
        self.addParameter(QgsProcessingParameterEnum(self.PRODUCT, self.tr("Product"), PRODUCT_NAMES))
        self.addParameter(QgsProcessingParameterDateTime(self.START, self.tr("Start (UTC)"), optional=True))
        self.addParameter(QgsProcessingParameterDateTime(self.END, self.tr("End (UTC)"), optional=True))
        self.addParameter(
            QgsProcessingParameterEnum(
                self.FREQUENCY, self.tr("Frequency"), [in_words(value) for value in FREQUENCIES]
            )
        )
        self.addParameter(
            QgsProcessingParameterNumber(
                self.IMAGES, self.tr("Maximum number of images"), minValue=1, optional=True
            )
        )
        self.addParameter(
            QgsProcessingParameterEnum(
                self.ILLUMINATION,
                self.tr("Illumination"),
                [label for label, _ in illuminations()],
                False,
                0,
            )
        )
        self.addParameter(
            QgsProcessingParameterString(self.TAGS, self.tr("Tags (comma-separated)"), optional=True)
        )
        self.addParameter(QgsProcessingParameterString(self.USE_CASE, self.tr("Use case"), optional=True))
        self.addParameter(QgsProcessingParameterString(self.COMMENT, self.tr("Order comment"), optional=True))
        self.addParameter(
            QgsProcessingParameterBoolean(self.VALIDATE_ONLY, self.tr("Validate only (send nothing)"), False)
        )
        self.addParameter(
            QgsProcessingParameterString(
                self.SUBMISSION, self.tr("Submission reference of an earlier run to resume"), optional=True
            )
        )
        self.addParameter(QgsProcessingParameterFeatureSink(self.OUTPUT, self.tr("Orders")))
        self.addOutput(QgsProcessingOutputString(self.REFERENCE, self.tr("Submission reference")))
        self.addOutput(QgsProcessingOutputNumber(self.CREATED, self.tr("Orders created")))

    def aoi_ids(self, parameters: dict[str, Any], context: QgsProcessingContext) -> list[str]:
        """The AOI ids of the input layer's field, each once, in the layer's order."""
        source = self.parameterAsSource(parameters, self.INPUT, context)
        if source is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, self.INPUT))
        field = self.parameterAsString(parameters, self.AOI_FIELD, context)
        if source.fields().indexOf(field) < 0:
            raise QgsProcessingException(self.tr("The layer has no field “{field}”.").format(field=field))
        values = (feature[field] for feature in source.getFeatures())
        ids = list(dict.fromkeys(str(value).strip() for value in values if value not in (None, "")))
        if not ids:
            raise QgsProcessingException(self.tr("The field “{field}” holds no AOI id.").format(field=field))
        return ids

    def request(self, parameters: dict[str, Any], context: QgsProcessingContext, aoi_id: str) -> OrderRequest:
        """The order the form's values describe, for one AOI."""
        product = PRODUCT_NAMES[self.parameterAsEnum(parameters, self.PRODUCT, context)]
        frequency = FREQUENCIES[self.parameterAsEnum(parameters, self.FREQUENCY, context)]
        start, end = default_period(PRODUCTS[product], datetime.now(timezone.utc))
        for name in (self.START, self.END):
            moment = self.parameterAsDateTime(parameters, name, context)
            if parameters.get(name) not in (None, "") and moment.isValid():
                start, end = (utc(moment), end) if name == self.START else (start, utc(moment))
        images = parameters.get(self.IMAGES)
        images = self.parameterAsInt(parameters, self.IMAGES, context) if images not in (None, "") else None
        if images is None and frequency == SINGLE_IMAGE:
            images = 1  # what “single image” means, as the order form sets it
        return OrderRequest(
            area_of_interest_id=aoi_id,
            product_name=product,
            start_date=start,
            end_date=end,
            frequency=frequency,
            comment=self.parameterAsString(parameters, self.COMMENT, context).strip() or None,
            tags=tuple(parse_tags(self.parameterAsString(parameters, self.TAGS, context))),
            illumination_constraint=illuminations()[
                self.parameterAsEnum(parameters, self.ILLUMINATION, context)
            ][1],
            maximum_number_of_images=images,
        )

    def processAlgorithm(
        self, parameters: dict[str, Any], context: QgsProcessingContext, feedback: QgsProcessingFeedback
    ) -> dict[str, Any]:
        ids = self.aoi_ids(parameters, context)
        aois = {aoi.id: aoi for aoi in self.call(feedback, list_aois)}
        missing = [aoi_id for aoi_id in ids if aoi_id not in aois]
        if missing:
            raise QgsProcessingException(
                self.tr("Not AOIs of this workspace: {ids}. The AOIs tab lists their ids.").format(
                    ids=", ".join(missing)
                )
            )
        orders = [PlannedOrder(aois[aoi_id], self.request(parameters, context, aoi_id)) for aoi_id in ids]
        sink, destination = self.parameterAsSink(
            parameters,
            self.OUTPUT,
            context,
            make_fields(RESULT_FIELDS),
            WKB.NoGeometry,
            QgsCoordinateReferenceSystem(),
        )
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT))
        if self.parameterAsBoolean(parameters, self.VALIDATE_ONLY, context):
            return self.validate(orders, sink, destination, feedback)
        problems = planned_problems(orders)
        if problems:
            raise QgsProcessingException(
                self.tr("Nothing was sent:\n{problems}").format(
                    problems="\n".join(str(problem) for problem in problems)
                )
            )
        use_case = self.parameterAsString(parameters, self.USE_CASE, context).strip() or None
        reference = self.parameterAsString(parameters, self.SUBMISSION, context).strip().lower()
        previous = resumed(reference, orders, use_case, None) if reference else None
        submission = plan_submission(orders, use_case, None, previous)
        feedback.pushInfo(self.tr("Submission reference: {reference}").format(reference=submission.id))
        self.call(feedback, submit, submission)
        self.write_outcome(submission, aois, sink)
        feedback.pushInfo(submission.summary())
        if not submission.complete:
            feedback.reportError(
                self.tr(
                    "Not every order was created. To place the rest without creating any twice, run again "
                    "with the same inputs and the submission reference {reference}."
                ).format(reference=submission.id)
            )
        return {
            self.OUTPUT: destination,
            self.REFERENCE: submission.id,
            self.CREATED: len(submission.created),
        }

    def validate(
        self,
        orders: list[PlannedOrder],
        sink: QgsFeatureSink,
        destination: str,
        feedback: QgsProcessingFeedback,
    ) -> dict[str, Any]:
        """A row per order saying whether the product rules accept it; nothing is sent."""
        now = datetime.now(timezone.utc)
        for planned in orders:
            problems = order_problems(planned.draft(), now)
            state = "invalid" if problems else "valid"
            add_row(sink, planned.aoi, "", state, "", "; ".join(str(problem) for problem in problems))
        problems = planned_problems(orders, now)
        feedback.pushInfo(
            "\n".join(str(problem) for problem in problems)
            or self.tr("All {count} orders are valid.").format(count=len(orders))
        )
        return {self.OUTPUT: destination, self.REFERENCE: "", self.CREATED: 0}

    @staticmethod
    def write_outcome(submission: Submission, aois: dict[str, Aoi], sink: QgsFeatureSink) -> None:
        """A row per created order, and per order of a batch that was not created (with the reason)."""
        for batch in submission.batches:
            if batch.state is BatchState.CREATED:
                for order in batch.created:
                    aoi = aois.get(order.area_of_interest_id or "")
                    add_row(sink, aoi, order.id, order.state or "", batch.reference, batch.summary())
            else:
                for planned in batch.orders:
                    add_row(sink, planned.aoi, "", batch.state.value, batch.reference, batch.summary())


def add_row(  # noqa: PLR0917 - one value per column
    sink: QgsFeatureSink, aoi: Aoi | None, order_id: str, state: str, batch: str, message: str
) -> None:
    """One row of the output table."""
    feature = QgsFeature()
    feature.setAttributes([aoi.id if aoi else "", aoi.name if aoi else "", order_id, state, batch, message])
    sink.addFeature(feature, QgsFeatureSink.Flag.FastInsert)
