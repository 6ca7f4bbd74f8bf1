"""``constellr:createaois``: one AOI per polygon, named from a field or a prefix; every feature reported."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from qgis.core import (
    QgsFeature,
    QgsFeatureSink,
    QgsGeometry,
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingFeedback,
    QgsProcessingMultiStepFeedback,
    QgsProcessingOutputNumber,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterString,
    QgsProcessingUtils,
)

from ...aoi_geometry import WGS84, Verdict, prepare_aoi_from
from ...aois import CreationResult, create_aois
from ...api import Aoi, CancelledError, ConstellrClient
from ...compat import POLYGON_SOURCE, WKB, make_fields
from ...i18n import tr
from ..base import ConstellrAlgorithm

INPUT, NAME_FIELD, PREFIX, DESCRIPTION, OUTPUT = "INPUT", "NAME_FIELD", "PREFIX", "DESCRIPTION", "OUTPUT"
CREATED, NOT_CREATED = "CREATED", "NOT_CREATED"
MAX_NAME_LENGTH = 100
RESULT_FIELDS = (
    ("aoi_id", "string"),
    ("aoi_name", "string"),
    ("status", "string"),
    ("reason", "string"),
    ("bbox_width_m", "double"),
    ("bbox_height_m", "double"),
)
CREATED_STATUS, NOT_CREATED_STATUS = "created", "not created"


def not_sent() -> str:
    """Why a polygon has no AOI when the algorithm was cancelled before sending it."""
    return tr("not sent: the algorithm was cancelled.")


def create_each(
    client: ConstellrClient,
    feedback: QgsProcessingFeedback,
    named_polygons: Sequence[tuple[str, QgsGeometry]],
    description: str,
) -> list[CreationResult]:
    """:func:`create_aois` for each polygon in turn: one result per polygon sent (fewer once cancelled)."""
    steps = QgsProcessingMultiStepFeedback(max(len(named_polygons), 1), feedback)
    results = []
    for step, named in enumerate(named_polygons):
        if feedback.isCanceled():
            break
        steps.setCurrentStep(step)
        results.append(create_aois(client, steps, [named], description))
    return results


class CreateAoisAlgorithm(ConstellrAlgorithm):
    """Polygons → AOIs of the workspace; the output layer holds each feature's AOI id or why it has none."""

    def name(self) -> str:
        """The id within the provider."""
        return "createaois"

    def displayName(self) -> str:
        """The name in the toolbox."""
        return self.tr("Create AOIs from polygons")

    def shortHelpString(self) -> str:
        """The help shown next to the parameters."""
        return self.tr(
            "Creates one constellr AOI per polygon feature, named from the name field, or from the prefix "
            "and the feature's number where the field is empty or not chosen. Polygons are prepared as "
            "in the constellr panel: reprojected to EPSG:4326, an invalid outline repaired (said in the "
            "log), more than 2,000 vertices simplified. A feature that cannot become one AOI (several "
            "polygons, a world-scale shape) or whose name is taken in the workspace is not created and "
            "the output says why (for a taken name, a free one to use instead). The output layer holds "
            "every feature with its AOI id, status and reason, in EPSG:4326."
        )

    def initAlgorithm(self, config: dict[str, Any] | None = None) -> None:
        """The parameters: polygons, name field or prefix, description, output layer."""
        self.addParameter(
            QgsProcessingParameterFeatureSource(INPUT, self.tr("Polygon layer"), [POLYGON_SOURCE])
        )
        self.addParameter(
            QgsProcessingParameterField(
                NAME_FIELD, self.tr("Name field"), parentLayerParameterName=INPUT, optional=True
            )
        )
        self.addParameter(
            QgsProcessingParameterString(
                PREFIX, self.tr("Name prefix (features without a name: “prefix 1”, “prefix 2”…)"), "AOI"
            )
        )
        self.addParameter(QgsProcessingParameterString(DESCRIPTION, self.tr("Description"), optional=True))
        self.addParameter(QgsProcessingParameterFeatureSink(OUTPUT, self.tr("AOIs"), POLYGON_SOURCE))
        self.addOutput(QgsProcessingOutputNumber(CREATED, self.tr("AOIs created")))
        self.addOutput(QgsProcessingOutputNumber(NOT_CREATED, self.tr("Features not created")))

    def processAlgorithm(
        self, parameters: dict[str, Any], context: QgsProcessingContext, feedback: QgsProcessingFeedback
    ) -> dict[str, Any]:
        """Prepare every polygon, create the AOIs one by one, write each feature's outcome."""
        source = self.parameterAsSource(parameters, INPUT, context)
        if source is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, INPUT))
        name_field = self.parameterAsString(parameters, NAME_FIELD, context)
        prefix = self.parameterAsString(parameters, PREFIX, context).strip() or source.sourceName()
        description = self.parameterAsString(parameters, DESCRIPTION, context).strip()
        fields = QgsProcessingUtils.combineFields(source.fields(), make_fields(RESULT_FIELDS))
        sink, destination = self.parameterAsSink(parameters, OUTPUT, context, fields, WKB.Polygon, WGS84)
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, OUTPUT))

        features, polygons, reasons = [], [], []
        for number, feature in enumerate(source.getFeatures(), start=1):
            if feedback.isCanceled():
                break
            value = feature[name_field] if name_field else None
            named = value not in (None, "") and str(value) != "NULL"
            name = str(value)[:MAX_NAME_LENGTH] if named else f"{prefix} {number}"
            try:
                candidate = prepare_aoi_from(
                    feature.geometry(), source.sourceCrs(), context.transformContext(), feedback
                )
            except CancelledError:  # cancelled while simplifying a heavy outline
                break
            sendable = candidate.verdict in (Verdict.READY, Verdict.REPAIRABLE)
            features.append((feature, name))
            polygons.append(candidate.geometry if sendable else None)
            reasons.append(candidate.message if not sendable else "")
            if candidate.verdict is Verdict.REPAIRABLE:
                feedback.pushWarning(tr("“{name}”: {message}").format(name=name, message=candidate.message))
        sent = [(name, polygon) for (_, name), polygon in zip(features, polygons) if polygon is not None]
        results = iter(self.call(feedback, create_each, sent, description) if sent else [])

        overall = CreationResult()
        for (feature, name), polygon, reason in zip(features, polygons, reasons):
            result = next(results, None) if polygon is not None else None
            created = result.created if result is not None else []
            failed = result.failed if result is not None else [(name, reason or not_sent())]
            if polygon is not None and not created and not failed:  # the cancel came first
                failed = [(name, not_sent())]
            overall.created.extend(created)
            overall.failed.extend(failed)
            row = QgsFeature(fields)
            if polygon is not None:
                row.setGeometry(polygon)
            row.setAttributes([*feature.attributes(), *self._outcome(name, created, failed)])
            sink.addFeature(row, QgsFeatureSink.Flag.FastInsert)
        for name, why in overall.failed:
            feedback.reportError(
                tr("“{name}” was not created: {reason}").format(name=name, reason=why), False
            )
        feedback.pushInfo(overall.summary().splitlines()[0])
        return {OUTPUT: destination, CREATED: len(overall.created), NOT_CREATED: len(overall.failed)}

    @staticmethod
    def _outcome(name: str, created: list[Aoi], failed: list[tuple[str, str]]) -> list[Any]:
        """The result fields of one feature: its AOI, or why it has none."""
        if created:
            aoi = created[0]
            return [aoi.id, aoi.name, CREATED_STATUS, None, aoi.bbox_width, aoi.bbox_height]
        return [None, name, NOT_CREATED_STATUS, failed[0][1] if failed else not_sent(), None, None]
