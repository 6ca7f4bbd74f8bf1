"""``constellr:downloadassets``: the chosen files of the items of a footprint layer, downloaded into a
folder as the dock downloads them (``plugin.downloads``: resumable, verified), and a table of their paths."""

from __future__ import annotations

from typing import Any

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsFeature,
    QgsFeatureRequest,
    QgsFeatureSink,
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingFeedback,
    QgsProcessingOutputNumber,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterFolderDestination,
    QgsProcessingParameterString,
)

from ...api import ConstellrClient, StacItem
from ...compat import NO_GEOMETRY, WKB, make_fields
from ...downloads import DownloadReport, FileProgress, FileState, download_assets
from ...i18n import tr
from ...search import item_key
from ...tasks import Progress
from ..base import ConstellrAlgorithm
from .searchstac import Streamed

#: The output table: a row per file asked for.
FILE_FIELDS = (
    ("item_id", "string"),
    ("collection", "string"),
    ("asset_key", "string"),
    ("state", "string"),
    ("path", "string"),
    ("message", "string"),
)


def fresh_items(client: ConstellrClient, feedback: Progress, keys: list[tuple[str, str]]) -> list[StacItem]:
    """The items fetched again by (collection, item id), so their download links are fresh."""
    items = []
    for number, (collection, item_id) in enumerate(keys, start=1):
        if feedback.isCanceled():
            break
        items.append(client.get_item(collection, item_id))
        feedback.setProgress(100.0 * number / len(keys))
    return items


class DownloadAssets(ConstellrAlgorithm):
    """Download asset files of footprints."""

    INPUT = "INPUT"
    ASSETS = "ASSETS"
    FOLDER = "FOLDER"
    OUTPUT = "OUTPUT"
    DOWNLOADED = "DOWNLOADED"
    FAILED = "FAILED"

    def name(self) -> str:
        return "downloadassets"

    def displayName(self) -> str:
        return self.tr("Download delivery files")

    def shortHelpString(self) -> str:
        return self.tr(
            "Downloads the chosen files (asset keys, comma-separated, e.g. “lst”) of the items of a "
            "footprint layer made by “Search deliveries” or the Search tab (tick “Selected features only” "
            "for the selection) into <folder>/<acquisition time>_<item id>/. Each item is fetched again "
            "for fresh links. Files are verified; a run that stopped is resumed by running it again (files "
            "already complete are skipped, partial ones continue). The table lists each file's path, or "
            "why it failed."
        )

    def initAlgorithm(self, config: dict[str, Any] | None = None) -> None:
        self.addParameter(QgsProcessingParameterFeatureSource(self.INPUT, self.tr("Footprints")))
        self.addParameter(
            QgsProcessingParameterString(self.ASSETS, self.tr("Asset keys (comma-separated)"), "lst")
        )
        self.addParameter(QgsProcessingParameterFolderDestination(self.FOLDER, self.tr("Folder")))
        self.addParameter(QgsProcessingParameterFeatureSink(self.OUTPUT, self.tr("Downloaded files")))
        self.addOutput(QgsProcessingOutputNumber(self.DOWNLOADED, self.tr("Files complete")))
        self.addOutput(QgsProcessingOutputNumber(self.FAILED, self.tr("Files failed")))

    def item_keys(self, parameters: dict[str, Any], context: QgsProcessingContext) -> list[tuple[str, str]]:
        """(collection, item id) of each footprint, each once."""
        source = self.parameterAsSource(parameters, self.INPUT, context)
        if source is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, self.INPUT))
        missing = [name for name in ("collection", "item_id") if source.fields().indexOf(name) < 0]
        if missing:
            raise QgsProcessingException(
                self.tr("The layer has no field {fields}: choose a footprint layer of a search.").format(
                    fields=tr(" or ").join(missing)
                )
            )
        request = QgsFeatureRequest().setFlags(NO_GEOMETRY)
        keys = list(dict.fromkeys(item_key(feature) for feature in source.getFeatures(request)))
        if not keys:
            raise QgsProcessingException(self.tr("The layer has no footprint (or none is selected)."))
        return keys

    def processAlgorithm(
        self, parameters: dict[str, Any], context: QgsProcessingContext, feedback: QgsProcessingFeedback
    ) -> dict[str, Any]:
        keys = self.item_keys(parameters, context)
        asset_keys = [
            key.strip() for key in self.parameterAsString(parameters, self.ASSETS, context).split(",")
        ]
        asset_keys = list(dict.fromkeys(key for key in asset_keys if key))
        if not asset_keys:
            raise QgsProcessingException(self.tr("Name at least one asset key, e.g. lst."))
        folder = self.parameterAsString(parameters, self.FOLDER, context)
        sink, destination = self.parameterAsSink(
            parameters,
            self.OUTPUT,
            context,
            make_fields(FILE_FIELDS),
            WKB.NoGeometry,
            QgsCoordinateReferenceSystem(),
        )
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT))

        def told(progress: FileProgress) -> None:
            if progress.state == FileState.FAILED:
                feedback.reportError(
                    tr("{asset} of {item}: {message}").format(
                        asset=progress.asset_key, item=progress.item_id, message=progress.message
                    )
                )
            elif progress.state in (FileState.DONE, FileState.SKIPPED):
                feedback.pushInfo(f"{progress.path} ({progress.state})")

        items = self.call(feedback, fresh_items, keys)
        streamed = Streamed(feedback, told)
        report = self.call(
            feedback, lambda client, _feedback: download_assets(client, streamed, items, asset_keys, folder)
        )
        write_files(report, items, sink)
        feedback.pushInfo(report.summary())
        return {
            self.OUTPUT: destination,
            self.FOLDER: folder,
            self.DOWNLOADED: len(report.files),
            self.FAILED: len(report.failed),
        }


def write_files(report: DownloadReport, items: list[StacItem], sink: QgsFeatureSink) -> None:
    """A row per complete file (downloaded, or already complete) and per failed one."""
    collections = {item.id: item.collection for item in items}
    rows = [
        [
            file.item.id,
            file.item.collection,
            file.asset_key,
            FileState.SKIPPED if file.skipped else FileState.DONE,
            file.path,
            "",
        ]
        for file in report.files
        if file.item is not None
    ]
    rows += [
        [item_id, collections.get(item_id), key, FileState.FAILED, None, message]
        for item_id, key, message in report.failed
    ]
    features = []
    for values in rows:
        feature = QgsFeature()
        feature.setAttributes(values)
        features.append(feature)
    sink.addFeatures(features, QgsFeatureSink.Flag.FastInsert)
