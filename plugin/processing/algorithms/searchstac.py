"""``constellr:searchstac``: a STAC search written as a footprint layer, with the Search tab's attributes,
style and time-slider settings (``plugin.search``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from qgis.core import (
    QgsFeatureRequest,
    QgsFeatureSink,
    QgsMapLayer,
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingFeedback,
    QgsProcessingLayerPostProcessorInterface,
    QgsProcessingOutputNumber,
    QgsProcessingParameterDateTime,
    QgsProcessingParameterExtent,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterString,
    QgsVectorLayer,
)

from ...aoi_geometry import WGS84
from ...compat import WKB
from ...search import (
    SearchPage,
    SearchRequest,
    features_place,
    footprint_fields,
    search_items,
    style_footprints,
    wgs84_box,
)
from ..base import ConstellrAlgorithm
from .placeorders import utc


class Streamed:
    """A Processing feedback as the streaming feedback the operations take: what they push goes to
    ``receive``."""

    def __init__(self, feedback: QgsProcessingFeedback, receive: Callable[[Any], None]) -> None:
        self._feedback = feedback
        self._receive = receive

    def setProgress(self, progress: float) -> None:
        self._feedback.setProgress(progress)

    def isCanceled(self) -> bool:
        return self._feedback.isCanceled()

    def push(self, partial: Any) -> None:
        self._receive(partial)


class FootprintStyle(QgsProcessingLayerPostProcessorInterface):
    """Gives a loaded output the Search tab's style and time-slider settings."""

    def postProcessLayer(
        self, layer: QgsMapLayer, context: QgsProcessingContext, feedback: QgsProcessingFeedback
    ) -> None:
        if isinstance(layer, QgsVectorLayer):
            style_footprints(layer)


#: Kept for the life of QGIS: a post-processor must outlive the algorithm that hands it over.
STYLE = FootprintStyle()


class SearchStac(ConstellrAlgorithm):
    """Search the workspace's STAC catalogue into a footprint layer."""

    COLLECTIONS = "COLLECTIONS"
    EXTENT = "EXTENT"
    INTERSECT = "INTERSECT"
    START = "START"
    END = "END"
    ORDER_ID = "ORDER_ID"
    CQL2 = "CQL2"
    OUTPUT = "OUTPUT"
    MATCHED = "MATCHED"
    RECEIVED = "RECEIVED"

    def name(self) -> str:
        return "searchstac"

    def displayName(self) -> str:
        return self.tr("Search deliveries (STAC)")

    def shortHelpString(self) -> str:
        return self.tr(
            "Searches the workspace's delivered images and writes their footprints with the Search tab's "
            "attributes (item id, collection, datetime, order id, platform, GSD, day/night, cloud cover, "
            "asset keys, item URL); a loaded result is styled by day/night and on the time slider. Every "
            "filter is optional and they are combined: collections (comma-separated), an extent or the "
            "features of a layer (their bounding box beyond 2,000 vertices; an extent without a CRS is in "
            "longitude/latitude), a date-time range in UTC, an "
            "order id, and a CQL2 filter (text, or JSON starting with “{”)."
        )

    def initAlgorithm(self, config: dict[str, Any] | None = None) -> None:
        self.addParameter(
            QgsProcessingParameterString(
                self.COLLECTIONS, self.tr("Collections (comma-separated)"), optional=True
            )
        )
        self.addParameter(QgsProcessingParameterExtent(self.EXTENT, self.tr("Extent"), optional=True))
        self.addParameter(
            QgsProcessingParameterFeatureSource(
                self.INTERSECT, self.tr("Intersecting the features of"), optional=True
            )
        )
        self.addParameter(QgsProcessingParameterDateTime(self.START, self.tr("From (UTC)"), optional=True))
        self.addParameter(QgsProcessingParameterDateTime(self.END, self.tr("Until (UTC)"), optional=True))
        self.addParameter(QgsProcessingParameterString(self.ORDER_ID, self.tr("Order id"), optional=True))
        self.addParameter(
            QgsProcessingParameterString(self.CQL2, self.tr("CQL2 filter"), multiLine=True, optional=True)
        )
        self.addParameter(QgsProcessingParameterFeatureSink(self.OUTPUT, self.tr("Footprints")))
        self.addOutput(QgsProcessingOutputNumber(self.MATCHED, self.tr("Items the server matched")))
        self.addOutput(QgsProcessingOutputNumber(self.RECEIVED, self.tr("Footprints written")))

    def place(self, parameters: dict[str, Any], context: QgsProcessingContext) -> dict[str, Any] | None:
        """The layer's features or the extent as a GeoJSON geometry in EPSG:4326 (None: anywhere), as the
        Search tab sends a selection or the map extent."""
        source = self.parameterAsSource(parameters, self.INTERSECT, context)
        if source is not None:
            request = QgsFeatureRequest().setNoAttributes()
            geometries = (feature.geometry() for feature in source.getFeatures(request))
            place = features_place(geometries, source.sourceCrs(), self.tr("The intersecting layer"))
            if place is None:
                raise QgsProcessingException(self.tr("The intersecting layer has no geometry."))
            return place
        if parameters.get(self.EXTENT) in (None, ""):
            return None
        crs = self.parameterAsExtentCrs(parameters, self.EXTENT, context)
        crs = crs if crs.isValid() else WGS84  # an extent given without a CRS is in longitude/latitude
        extent = self.parameterAsExtent(parameters, self.EXTENT, context, crs)
        return wgs84_box(extent, crs, self.tr("The extent"))

    def search_request(self, parameters: dict[str, Any], context: QgsProcessingContext) -> SearchRequest:
        """The search the parameters describe."""
        moments = {}
        for name in (self.START, self.END):
            moment = self.parameterAsDateTime(parameters, name, context)
            moments[name] = (
                utc(moment) if parameters.get(name) not in (None, "") and moment.isValid() else None
            )
        collections = self.parameterAsString(parameters, self.COLLECTIONS, context).split(",")
        return SearchRequest(
            collections=tuple(name.strip() for name in collections if name.strip()),
            start=moments[self.START],
            end=moments[self.END],
            intersects=self.place(parameters, context),
            order_id=self.parameterAsString(parameters, self.ORDER_ID, context).strip() or None,
            cql2=self.parameterAsString(parameters, self.CQL2, context).strip(),
        )

    def processAlgorithm(
        self, parameters: dict[str, Any], context: QgsProcessingContext, feedback: QgsProcessingFeedback
    ) -> dict[str, Any]:
        try:
            request = self.search_request(parameters, context)
        except ValueError as error:  # a place that cannot be put in longitude/latitude
            raise self.fail(error) from None
        sink, destination = self.parameterAsSink(
            parameters, self.OUTPUT, context, footprint_fields(), WKB.MultiPolygon, WGS84
        )
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT))

        def write(page: SearchPage) -> None:
            sink.addFeatures(page.features, QgsFeatureSink.Flag.FastInsert)

        streamed = Streamed(feedback, write)
        summary = self.call(feedback, lambda client, _feedback: search_items(client, streamed, request))
        matched = summary.matched if summary.matched is not None else summary.received
        feedback.pushInfo(
            self.tr("{received} footprints written ({matched} matched, {search}).").format(
                received=summary.received, matched=matched, search=request.describe()
            )
        )
        if context.willLoadLayerOnCompletion(destination):
            context.layerToLoadOnCompletionDetails(destination).setPostProcessor(STYLE)
        return {self.OUTPUT: destination, self.MATCHED: matched, self.RECEIVED: summary.received}
