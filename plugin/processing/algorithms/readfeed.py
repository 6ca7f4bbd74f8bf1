"""``constellr:readfeed``: a live STAC feed (an NDJSON subscription or dataset stream) written as a
footprint layer with the Search tab's attributes, style and time-slider settings (``plugin.feeds``)."""

from __future__ import annotations

import os
import time
from typing import Any

from qgis.core import (
    QgsFeatureSink,
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingFeedback,
    QgsProcessingOutputNumber,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
)

from ...aoi_geometry import WGS84
from ...api.feeds import feed_origin, stream_url
from ...compat import WKB
from ...connection import CredentialsError
from ...feeds import (
    ENV_FEED_TOKEN,
    Feed,
    FeedBatch,
    FeedKind,
    describe_gap,
    feed_token,
    guess_kind,
    read_feed,
    saved_feeds,
)
from ...i18n import tr_count
from ...search import footprint_fields
from ..base import ConstellrAlgorithm, auth_database_locked_here
from .searchstac import STYLE, Streamed

KINDS = ("guess", FeedKind.SUBSCRIPTION.value, FeedKind.DATASET.value)


class Limited(Streamed):
    """The Processing feedback, cancelled also once ``max_seconds`` have passed (None: never)."""

    def __init__(self, feedback: QgsProcessingFeedback, receive: Any, max_seconds: float | None) -> None:
        super().__init__(feedback, receive)
        self._end = time.monotonic() + max_seconds if max_seconds else None

    def isCanceled(self) -> bool:
        return super().isCanceled() or (self._end is not None and time.monotonic() >= self._end)


class ReadFeed(ConstellrAlgorithm):
    """Read a live STAC feed into a footprint layer."""

    URL = "URL"
    TOKEN = "TOKEN"  # noqa: S105 - a parameter name
    FEED = "FEED"
    KIND = "KIND"
    MAX_ITEMS = "MAX_ITEMS"
    MAX_SECONDS = "MAX_SECONDS"
    OUTPUT = "OUTPUT"
    RECEIVED = "RECEIVED"
    MALFORMED = "MALFORMED"
    GAPS = "GAPS"

    def name(self) -> str:
        return "readfeed"

    def displayName(self) -> str:
        return self.tr("Read a live STAC feed")

    def shortHelpString(self) -> str:
        return self.tr(
            "Reads a feed of STAC items sent one per line (NDJSON), authenticated with “Authorization: "
            "Token …”, and writes their footprints with the Search tab's attributes; a loaded result is "
            "styled by day/night and on the time slider. A dataset stream is read to its end; a "
            "subscription stays open for new items, so give it a maximum number of items or seconds. "
            "An address starting with wss:// is read over https://, as the provider's examples do. The "
            "token: this parameter (kept in the Processing history, so only for one-off use), else the "
            "token stored with the saved feed named (sent only to that feed's host), else the "
            "CONSTELLR_FEED_TOKEN environment variable. A "
            "dropped subscription reconnects by itself; the log says when items may have been missed. "
            "Lines that are not STAC items are counted and skipped."
        )

    def initAlgorithm(self, config: dict[str, Any] | None = None) -> None:
        self.addParameter(QgsProcessingParameterString(self.URL, self.tr("Feed address"), optional=True))
        self.addParameter(QgsProcessingParameterString(self.TOKEN, self.tr("Token"), optional=True))
        self.addParameter(
            QgsProcessingParameterString(self.FEED, self.tr("Saved feed (name)"), optional=True)
        )
        kind = QgsProcessingParameterEnum(self.KIND, self.tr("Kind"), list(KINDS), defaultValue=KINDS[0])
        kind.setUsesStaticStrings(True)
        self.addParameter(kind)
        self.addParameter(
            QgsProcessingParameterNumber(
                self.MAX_ITEMS, self.tr("Stop after this many items"), minValue=1, optional=True
            )
        )
        self.addParameter(
            QgsProcessingParameterNumber(
                self.MAX_SECONDS,
                self.tr("Stop after this many seconds"),
                QgsProcessingParameterNumber.Type.Double,
                minValue=0.1,
                optional=True,
            )
        )
        self.addParameter(QgsProcessingParameterFeatureSink(self.OUTPUT, self.tr("Footprints")))
        self.addOutput(QgsProcessingOutputNumber(self.RECEIVED, self.tr("Footprints written")))
        self.addOutput(QgsProcessingOutputNumber(self.MALFORMED, self.tr("Lines skipped as malformed")))
        self.addOutput(QgsProcessingOutputNumber(self.GAPS, self.tr("Periods disconnected")))

    def feed(self, parameters: dict[str, Any], context: QgsProcessingContext) -> tuple[Feed, Feed | None]:
        """The feed to read, and the saved feed named (None when none is)."""
        url = self.parameterAsString(parameters, self.URL, context).strip()
        name = self.parameterAsString(parameters, self.FEED, context).strip()
        saved = None
        if name:
            saved = next((feed for feed in saved_feeds() if feed.name == name), None)
            if saved is None:
                raise QgsProcessingException(self.tr("No saved feed is named “{name}”.").format(name=name))
        url = url or (saved.url if saved else "")
        if not url:
            raise QgsProcessingException(self.tr("Give the feed address, or the name of a saved feed."))
        if saved is not None and _origin(url) != _origin(saved.url):
            saved = None  # its token is for its own host: never sent to another one
        chosen = self.parameterAsEnumString(parameters, self.KIND, context) or KINDS[0]
        if chosen != KINDS[0]:
            kind = FeedKind(chosen)
        elif saved is not None and saved.url == url:
            kind = saved.kind
        else:
            kind = guess_kind(url)
        return Feed(name or url, url, kind), saved

    def token(self, parameters: dict[str, Any], context: QgsProcessingContext, saved: Feed | None) -> str:
        """The token parameter, else the saved feed's stored token (for the saved feed's host only), else
        CONSTELLR_FEED_TOKEN."""
        token = self.parameterAsString(parameters, self.TOKEN, context).strip()
        if token:
            return token
        if saved is None or not saved.authcfg:
            token = os.environ.get(ENV_FEED_TOKEN, "").strip()
            if token:
                return token
            raise QgsProcessingException(
                self.tr(
                    "No feed token: give it as the Token parameter, set CONSTELLR_FEED_TOKEN, or name a "
                    "saved feed whose token is stored."
                )
            )
        if auth_database_locked_here():
            raise QgsProcessingException(
                self.tr(
                    "The QGIS authentication database holding the feed's token is locked, and nobody can "
                    "type its master password here: set CONSTELLR_FEED_TOKEN, or QGIS_AUTH_PASSWORD_FILE "
                    "to a file holding the master password."
                )
            )
        try:
            return feed_token(saved)
        except CredentialsError as error:
            raise QgsProcessingException(str(error)) from None

    def processAlgorithm(
        self, parameters: dict[str, Any], context: QgsProcessingContext, feedback: QgsProcessingFeedback
    ) -> dict[str, Any]:
        feed, saved = self.feed(parameters, context)
        try:
            _, note = stream_url(feed.url)
        except ValueError as error:
            raise self.fail(error) from None
        if note:
            feedback.pushInfo(note)
        token = self.token(parameters, context, saved)
        max_items = (
            self.parameterAsInt(parameters, self.MAX_ITEMS, context)
            if parameters.get(self.MAX_ITEMS) not in (None, "")
            else None
        )
        max_seconds = (
            self.parameterAsDouble(parameters, self.MAX_SECONDS, context)
            if parameters.get(self.MAX_SECONDS) not in (None, "")
            else None
        )
        if feed.kind is FeedKind.SUBSCRIPTION and max_items is None and max_seconds is None:
            raise QgsProcessingException(
                self.tr("A subscription never ends by itself: give a maximum number of items or of seconds.")
            )
        sink, destination = self.parameterAsSink(
            parameters, self.OUTPUT, context, footprint_fields(), WKB.MultiPolygon, WGS84
        )
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT))
        states: list[str] = []

        def write(batch: FeedBatch) -> None:
            sink.addFeatures(batch.features, QgsFeatureSink.Flag.FastInsert)
            if not states or states[-1] != batch.status.state:
                states.append(batch.status.state)
                feedback.pushInfo(batch.status.message)

        limited = Limited(feedback, write, max_seconds)
        try:
            status = read_feed(feed, token, limited, max_items=max_items)
        except Exception as error:  # every failure becomes a Processing error
            raise self.fail(error) from error
        for gap in status.gaps:
            feedback.reportError(describe_gap(gap), fatalError=False)
        if status.malformed:
            feedback.reportError(
                tr_count(
                    status.malformed,
                    "{count} line was not a STAC item and was skipped (see the log).",
                    "{count} lines were not STAC items and were skipped (see the log).",
                ),
                fatalError=False,
            )
        if context.willLoadLayerOnCompletion(destination):
            context.layerToLoadOnCompletionDetails(destination).setPostProcessor(STYLE)
        return {
            self.OUTPUT: destination,
            self.RECEIVED: status.received,
            self.MALFORMED: status.malformed,
            self.GAPS: len(status.gaps),
        }


def _origin(url: str) -> tuple[str, str] | None:
    """The feed's scheme and host; None for an address that cannot be read (refused later, plainly)."""
    try:
        return feed_origin(url)
    except ValueError:
        return None
