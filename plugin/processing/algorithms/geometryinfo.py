"""``constellr:geometryinfo``: the size of each polygon and whether each product takes it, as a table."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsFeature,
    QgsFeatureSink,
    QgsGeometry,
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingFeedback,
    QgsProcessingMultiStepFeedback,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingUtils,
)

from ...aoi_geometry import Verdict, prepare_aoi_from
from ...aois import measure_aoi
from ...api import CancelledError, ConstellrClient, GeometryInfo, ValidationError
from ...compat import POLYGON_SOURCE, TABLE_SOURCE, WKB, make_fields
from ...current_aoi import NamedAoi
from ...i18n import tr
from ...rules import PRODUCTS
from ...server_metrics import AGREEMENT, MetricsComparison
from ...size_check import aoi_size, product_verdict
from ...tasks import Progress
from ..base import ConstellrAlgorithm

INPUT, CONFIRM, OUTPUT = "INPUT", "CONFIRM", "OUTPUT"
SIZE_FIELDS = (
    ("aoi_status", "string"),
    ("aoi_message", "string"),
    ("bbox_width_m", "double"),
    ("bbox_height_m", "double"),
    ("area_m2", "double"),
    *((product, "string") for product in PRODUCTS),
    ("server_bbox_width_m", "double"),
    ("server_bbox_height_m", "double"),
    ("server_area_m2", "double"),
    ("server_check", "string"),
)


def measure_each(
    client: ConstellrClient, feedback: Progress, polygons: Sequence[QgsGeometry | None]
) -> list[GeometryInfo | str | None]:
    """constellr's measure of each polygon (None: nothing to measure; text: why constellr refused it)."""
    answers: list[GeometryInfo | str | None] = []
    for number, polygon in enumerate(polygons, start=1):
        if polygon is None:
            answers.append(None)
        else:
            try:
                answers.append(measure_aoi(client, feedback, polygon))
            except ValidationError as error:
                answers.append(str(error))
        feedback.setProgress(100.0 * number / len(polygons))
    return answers


def _server_values(aoi: NamedAoi, answer: GeometryInfo | str | None, asked: bool) -> list[Any]:
    """The server's width, height, area and its agreement with the local figures, in words."""
    if isinstance(answer, GeometryInfo):
        comparison = MetricsComparison(aoi.metrics, answer)
        check = (
            tr("agrees (within {agreement:.0%})").format(agreement=AGREEMENT)
            if comparison.agrees
            else tr("differs by {difference:.1%}").format(difference=comparison.largest_difference)
        )
        return [answer.bbox_width, answer.bbox_height, answer.area, check]
    if isinstance(answer, str):
        return [None, None, None, tr("refused: {reason}").format(reason=answer)]
    if asked and aoi.candidate.verdict is Verdict.SEVERAL_PARTS:
        return [None, None, None, tr("not asked: several polygons are not one AOI")]
    return [None, None, None, None]


class GeometryInfoAlgorithm(ConstellrAlgorithm):
    """Polygons → bbox width and height (m), area (m²) and each product's verdict, per feature."""

    def name(self) -> str:
        """The id within the provider."""
        return "geometryinfo"

    def displayName(self) -> str:
        """The name in the toolbox."""
        return self.tr("AOI size check (geometry info)")

    def shortHelpString(self) -> str:
        """The help shown next to the parameters."""
        return self.tr(
            "Measures each polygon as constellr does (bounding-box width and height in metres and area "
            "in m², in the UTM zone of its centre) and says for each product whether it takes the "
            "polygon as an AOI, by the same rules as the constellr panel. Measured locally, without an "
            "account; with “Confirm with constellr” the server's geometry-info measures each polygon "
            "too. Use “Selected features only” to check part of a layer. The table keeps the layer's "
            "attributes."
        )

    def initAlgorithm(self, config: dict[str, Any] | None = None) -> None:
        """The parameters: polygon layer, server confirmation, output table."""
        self.addParameter(
            QgsProcessingParameterFeatureSource(INPUT, self.tr("Polygon layer"), [POLYGON_SOURCE])
        )
        self.addParameter(
            QgsProcessingParameterBoolean(
                CONFIRM, self.tr("Confirm with constellr (geometry-info, needs a connection)"), False
            )
        )
        self.addParameter(QgsProcessingParameterFeatureSink(OUTPUT, self.tr("AOI sizes"), TABLE_SOURCE))

    def processAlgorithm(
        self, parameters: dict[str, Any], context: QgsProcessingContext, feedback: QgsProcessingFeedback
    ) -> dict[str, Any]:
        """Measure every feature locally, then ask the server when asked to, and write the table."""
        source = self.parameterAsSource(parameters, INPUT, context)
        if source is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, INPUT))
        confirm = self.parameterAsBoolean(parameters, CONFIRM, context)
        fields = QgsProcessingUtils.combineFields(source.fields(), make_fields(SIZE_FIELDS))
        sink, destination = self.parameterAsSink(
            parameters, OUTPUT, context, fields, WKB.NoGeometry, QgsCoordinateReferenceSystem()
        )
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, OUTPUT))
        steps = QgsProcessingMultiStepFeedback(2 if confirm else 1, feedback)
        total = max(source.featureCount(), 1)
        measured: list[tuple[QgsFeature, NamedAoi]] = []
        for number, feature in enumerate(source.getFeatures(), start=1):
            if feedback.isCanceled():
                break
            try:
                candidate = prepare_aoi_from(
                    feature.geometry(), source.sourceCrs(), context.transformContext(), feedback
                )
            except CancelledError:  # cancelled while simplifying a heavy outline
                break
            measured.append((feature, NamedAoi.from_candidate(str(feature.id()), candidate)))
            steps.setProgress(100.0 * number / total)
        answers: list[GeometryInfo | str | None] = [None] * len(measured)
        if confirm and not feedback.isCanceled():
            steps.setCurrentStep(1)
            polygons = [aoi.candidate.geometry if aoi.metrics else None for _, aoi in measured]
            answers = self.call(steps, measure_each, polygons)
        for (feature, aoi), answer in zip(measured, answers):
            sink.addFeature(self._row(fields, feature, aoi, answer, confirm), QgsFeatureSink.Flag.FastInsert)
        feedback.pushInfo(self.tr("Polygons measured: {count}.").format(count=len(measured)))
        return {OUTPUT: destination}

    def _row(
        self, fields: Any, feature: QgsFeature, aoi: NamedAoi, answer: GeometryInfo | str | None, asked: bool
    ) -> QgsFeature:
        metrics = aoi_size(aoi)
        size = [metrics.bbox_width_m, metrics.bbox_height_m, metrics.area_m2] if metrics else [None] * 3
        message = " ".join([aoi.candidate.message, *aoi.candidate.notes]).strip()
        row = QgsFeature(fields)
        row.setAttributes(
            [
                *feature.attributes(),
                aoi.candidate.verdict.value,
                message or None,
                *size,
                *(product_verdict(aoi, product).text for product in PRODUCTS),
                *_server_values(aoi, answer, asked),
            ]
        )
        return row
