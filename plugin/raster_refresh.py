"""Streamed constellr rasters outlive their pre-signed URLs, and come back when a saved project is opened.

A layer keeps its item reference (:class:`RasterReference`: API, collection, item, asset) in its custom
properties. When its href has expired, the item is fetched again (a task), the layer's VRT is pointed
at the fresh href and opened once in that task (GDAL then holds what the layer reads on opening), and
the layer is re-pointed with ``setDataSource``, which keeps its style.

Expiry is noticed two ways, so that no storage's parameter names are relied upon:
- proactively, every minute, from the well-known query parameters :func:`rasters.expires_at` reads
  (AWS/GCS signatures, ``Expires``/``X-Expires``, Azure ``se``), a little before the moment;
- reactively, when the map canvas reports a render error for the layer (storage refuses an expired
  URL with 403 whatever its parameters say, and whatever the local clock says), at most once a
  minute per layer so that a file that is really gone does not loop. The composition root connects
  the canvas's ``renderErrorOccurred`` to :meth:`RasterRefresher.on_render_error`, and
  :attr:`RasterRefresher.problem` to the message bar.

Saved projects never hold a signature: a path writer (``QgsPathResolver.setPathWriter``, which QGIS
applies to every data source it saves, from whichever thread saves) replaces each streamed layer's
source by the same VRT pointing at the href without its query string. That VRT opens without reading
its file (``SourceProperties``), so QGIS does not ask about unavailable layers; once the project is
read, the layers' items are fetched and the layers re-pointed.
"""

from __future__ import annotations

import time
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from qgis.core import QgsDataProvider, QgsMapLayer, QgsPathResolver, QgsProject, QgsRasterLayer
from qgis.PyQt.QtCore import QObject, QTimer, pyqtSignal
from qgis.PyQt.QtXml import QDomDocument

from .api import ConstellrClient, NotFoundError
from .api.logs import without_query_strings
from .context import PluginContext
from .i18n import tr
from .rasters import RasterReference, gdal_path, has_expired, href_of, read_overviews, retarget, vrt_source
from .tasks import Progress

REFRESH_MARGIN = timedelta(minutes=2)
CHECK_INTERVAL_MS = 60_000
REACTIVE_PAUSE_S = 60.0


@dataclass(frozen=True)
class StreamedRaster:
    """What the refresh task needs of a streamed layer: its item reference and its current source."""

    reference: RasterReference
    source: str


@dataclass(frozen=True)
class Renewal:
    """Fresh layer sources by layer id (opened once already), and what could not be renewed (a line each)."""

    sources: dict[str, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def renew_sources(client: ConstellrClient, feedback: Progress, rasters: dict[str, StreamedRaster]) -> Renewal:
    """Fetch each referenced item once and point each layer's VRT at its asset's current href (worker).

    Each new source is opened here, as QGIS's provider will open it, so that re-pointing the layer on
    the main thread reads nothing over the network.
    """
    renewal = Renewal()
    items = {}
    for number, (layer_id, raster) in enumerate(rasters.items()):
        if feedback.isCanceled():
            break
        reference = raster.reference
        if reference.api_url.rstrip("/") != client.base_url.rstrip("/"):
            renewal.problems.append(
                tr("{item} comes from {api}: connect to that API to show it.").format(
                    item=reference.item_id, api=reference.api_url
                )
            )
            continue
        key = (reference.collection, reference.item_id)
        try:
            item = items[key] if key in items else client.get_item(*key)
        except NotFoundError:
            renewal.problems.append(
                tr("{item} is no longer in {collection}.").format(
                    item=reference.item_id, collection=reference.collection
                )
            )
            continue
        items[key] = item
        asset = item.assets.get(reference.asset_key)
        if asset is None:
            renewal.problems.append(
                tr("{item} no longer has the asset {asset}.").format(
                    item=reference.item_id, asset=reference.asset_key
                )
            )
            continue
        source = retarget(raster.source, gdal_path(asset.href))
        try:
            read_overviews(source)
        except OSError as error:
            reason = without_query_strings(str(error))
            renewal.problems.append(
                tr(
                    "{asset} of {item} cannot be read from the storage host ({reason}): check the "
                    "connection; it is tried again when redrawn."
                ).format(asset=reference.asset_key, item=reference.item_id, reason=reason)
            )
            continue
        renewal.sources[layer_id] = source
        feedback.setProgress(100.0 * (number + 1) / len(rasters))
    return renewal


def streamed_href(layer: QgsMapLayer) -> str | None:
    """The http(s) href a streamed layer reads now (from its VRT source)."""
    name = vrt_source(layer.source())
    return href_of(name) if name else None


def saved_source(layer: QgsMapLayer, reference: RasterReference) -> str:
    """The layer's source as a project stores it: the VRT pointing at the href without its signature."""
    return retarget(layer.source(), gdal_path(reference.location))


class RasterRefresher(QObject):
    """Keeps the project's streamed constellr rasters readable: refreshes expired hrefs, strips them
    from saved projects and restores them when a project is read. Created in ``initGui``; ``release()``
    in ``unload``."""

    #: A user-facing message: rasters that could not be refreshed, and what to do.
    problem = pyqtSignal(str)

    def __init__(self, context: PluginContext, project: QgsProject | None = None) -> None:
        super().__init__()
        self.context = context
        self.project = project or QgsProject.instance()
        self._pending: set[str] = set()
        self._reacted: dict[str, float] = {}
        #: {streamed layer's source: its source as saved}; replaced whole on the main thread, only read
        #: by the path writer (which QGIS may call from any thread).
        self._saved_sources: dict[str, str] = {}
        self.project.layersAdded.connect(self._follow)
        self.project.layersRemoved.connect(self._remember_saved_sources)
        self.project.readProject.connect(self._restore)
        self._follow(list(self.project.mapLayers().values()))
        self._path_writer = QgsPathResolver.setPathWriter(self._without_signatures)
        self._timer = QTimer(self)
        self._timer.setInterval(CHECK_INTERVAL_MS)
        self._timer.timeout.connect(self.refresh_expiring)
        self._timer.start()

    def release(self) -> None:
        """Disconnect from QGIS and stop the tasks under way (plugin unload)."""
        self._timer.stop()
        QgsPathResolver.removePathWriter(self._path_writer)
        self.project.layersAdded.disconnect(self._follow)
        self.project.layersRemoved.disconnect(self._remember_saved_sources)
        self.project.readProject.disconnect(self._restore)
        for layer in self.project.mapLayers().values():
            if RasterReference.of(layer) is not None:
                with suppress(TypeError):  # not connected: its reference was set after it was added
                    layer.dataSourceChanged.disconnect(self._remember_saved_sources)
        self.context.cancel(self)

    def streamed_layers(self) -> dict[str, tuple[QgsRasterLayer, RasterReference]]:
        """The project's streamed constellr rasters by layer id (main thread)."""
        found = {}
        for layer_id, layer in self.project.mapLayers().items():
            reference = RasterReference.of(layer)
            if reference is not None and reference.streamed:
                found[layer_id] = (layer, reference)
        return found

    def refresh(self, layer_ids: list[str]) -> None:
        """Fetch the items of these streamed layers again (a task) and re-point the layers."""
        streamed = self.streamed_layers()
        rasters = {
            layer_id: StreamedRaster(streamed[layer_id][1], streamed[layer_id][0].source())
            for layer_id in layer_ids
            if layer_id in streamed and layer_id not in self._pending
        }
        if not rasters:
            return
        self._pending.update(rasters)
        ids = list(rasters)
        self.context.run(
            tr("refreshing raster links"),
            renew_sources,
            rasters,
            on_done=lambda renewal: self._apply(ids, renewal),
            on_error=lambda message: self._failed(ids, message),
            owner=self,
        )

    def refresh_expiring(self, now: datetime | None = None) -> None:
        """Refresh the layers whose href expires within :data:`REFRESH_MARGIN` of ``now`` (default: the
        current time) by its query parameters; the timer calls this every minute."""
        self.refresh(
            [
                layer_id
                for layer_id, (layer, _reference) in self.streamed_layers().items()
                if has_expired(streamed_href(layer) or "", REFRESH_MARGIN, now)
            ]
        )

    def on_render_error(self, _error: str, layer: QgsMapLayer) -> None:
        """The map canvas could not draw a layer (its ``renderErrorOccurred``): a streamed raster's
        href may have expired early; it is refreshed, at most once a minute per layer."""
        if layer is None or layer.id() not in self.streamed_layers():
            return
        now = time.monotonic()
        if now - self._reacted.get(layer.id(), -REACTIVE_PAUSE_S) < REACTIVE_PAUSE_S:
            return
        self._reacted[layer.id()] = now
        self.refresh([layer.id()])

    def _apply(self, ids: list[str], renewal: Renewal) -> None:
        self._pending.difference_update(ids)
        for layer_id, source in renewal.sources.items():
            layer = self.project.mapLayer(layer_id)
            if layer is None:
                continue
            layer.setDataSource(source, layer.name(), "gdal", QgsDataProvider.ProviderOptions())
            layer.triggerRepaint()
        if renewal.problems:
            self.problem.emit(
                tr("Some rasters could not be refreshed: {problems}").format(
                    problems=" ".join(renewal.problems)
                )
            )

    def _failed(self, ids: list[str], message: str) -> None:
        self._pending.difference_update(ids)
        self.problem.emit(
            tr(
                "The constellr rasters could not be refreshed: {message} "
                "They are refreshed again when redrawn."
            ).format(message=message)
        )

    def _follow(self, layers: list[QgsMapLayer]) -> None:
        """Keep the saved form of the sources of constellr rasters added to the project up to date."""
        for layer in layers:
            if RasterReference.of(layer) is not None:
                layer.dataSourceChanged.connect(self._remember_saved_sources)
        self._remember_saved_sources()

    def _remember_saved_sources(self, *_changed: object) -> None:
        self._saved_sources = {
            layer.source(): saved_source(layer, reference)
            for layer, reference in self.streamed_layers().values()
        }

    def _without_signatures(self, path: str) -> str:
        """QGIS's path writer (any thread): a streamed layer's source is saved with its unsigned href."""
        if "<VRTDataset" not in path:
            return path
        for source, saved in self._saved_sources.items():
            path = path.replace(source, saved)
        return path

    def _restore(self, _document: QDomDocument) -> None:
        self._remember_saved_sources()
        self.refresh(list(self.streamed_layers()))
