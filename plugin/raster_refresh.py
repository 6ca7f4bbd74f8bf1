"""Streamed constellr rasters outlive their pre-signed URLs, and come back when a saved project is opened.

A layer keeps its item reference (:class:`RasterReference`: API, collection, item, asset) in its custom
properties. When its href has expired, the item is fetched again (a task) and the layer is re-pointed
at the fresh href with ``setDataSource``, which keeps its style.

Expiry is noticed two ways, so that no storage's parameter names are relied upon:
- proactively, every minute, from the well-known query parameters :func:`rasters.expires_at` reads
  (AWS/GCS signatures, ``Expires``/``X-Expires``, Azure ``se``), a little before the moment;
- reactively, when the map canvas reports a render error for the layer (storage refuses an expired
  URL with 403 whatever its parameters say, and whatever the local clock says), at most once a
  minute per layer so that a file that is really gone does not loop.

Saved projects never hold a signature: a path writer (``QgsPathResolver.setPathWriter``, which QGIS
applies to every data source it saves) replaces each streamed layer's source by the same VRT pointing
at the href without its query string. That VRT opens without reading
its file (``SourceProperties``), so QGIS does not ask about unavailable layers; once the project is
read, the layers' items are fetched and the layers re-pointed.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from qgis.core import QgsDataProvider, QgsMapLayer, QgsPathResolver, QgsProject, QgsRasterLayer
from qgis.gui import QgisInterface
from qgis.PyQt.QtCore import QObject, QTimer
from qgis.PyQt.QtXml import QDomDocument

from .api import ConstellrClient, NotFoundError
from .context import PluginContext
from .rasters import RasterReference, gdal_path, has_expired, href_of, retarget, vrt_source
from .tasks import Progress

REFRESH_MARGIN = timedelta(minutes=2)
CHECK_INTERVAL_MS = 60_000
REACTIVE_PAUSE_S = 60.0


@dataclass(frozen=True)
class Renewal:
    """Fresh hrefs by layer id, and what could not be renewed (one line each)."""

    hrefs: dict[str, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def renew_hrefs(
    client: ConstellrClient, feedback: Progress, references: dict[str, RasterReference]
) -> Renewal:
    """Fetch each referenced item once (worker thread) and return its asset's current href by layer id."""
    renewal = Renewal()
    items = {}
    for number, (layer_id, reference) in enumerate(references.items()):
        if feedback.isCanceled():
            break
        if reference.api_url.rstrip("/") != client.base_url.rstrip("/"):
            renewal.problems.append(
                f"{reference.item_id} comes from {reference.api_url}: connect to that API to show it."
            )
            continue
        key = (reference.collection, reference.item_id)
        try:
            item = items[key] if key in items else client.get_item(*key)
        except NotFoundError:
            renewal.problems.append(f"{reference.item_id} is no longer in {reference.collection}.")
            continue
        items[key] = item
        asset = item.assets.get(reference.asset_key)
        if asset is None:
            renewal.problems.append(f"{reference.item_id} no longer has the asset {reference.asset_key}.")
            continue
        renewal.hrefs[layer_id] = asset.href
        feedback.setProgress(100.0 * (number + 1) / len(references))
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

    def __init__(
        self, context: PluginContext, iface: QgisInterface, project: QgsProject | None = None
    ) -> None:
        super().__init__()
        self.context = context
        self.iface = iface
        self.project = project or QgsProject.instance()
        self._pending: set[str] = set()
        self._reacted: dict[str, float] = {}
        self._path_writer = QgsPathResolver.setPathWriter(self._without_signatures)
        self.project.readProject.connect(self._restore)
        self.iface.mapCanvas().renderErrorOccurred.connect(self._render_error)
        self._timer = QTimer(self)
        self._timer.setInterval(CHECK_INTERVAL_MS)
        self._timer.timeout.connect(self.refresh_expiring)
        self._timer.start()

    def release(self) -> None:
        """Disconnect from QGIS and stop the tasks under way (plugin unload)."""
        self._timer.stop()
        QgsPathResolver.removePathWriter(self._path_writer)
        self.project.readProject.disconnect(self._restore)
        self.iface.mapCanvas().renderErrorOccurred.disconnect(self._render_error)
        self.context.cancel(self)

    def streamed_layers(self) -> dict[str, tuple[QgsRasterLayer, RasterReference]]:
        """The project's streamed constellr rasters by layer id."""
        found = {}
        for layer_id, layer in self.project.mapLayers().items():
            reference = RasterReference.of(layer)
            if reference is not None and reference.streamed:
                found[layer_id] = (layer, reference)
        return found

    def refresh(self, layer_ids: list[str]) -> None:
        """Fetch the items of these streamed layers again (a task) and re-point the layers."""
        streamed = self.streamed_layers()
        references = {
            layer_id: streamed[layer_id][1]
            for layer_id in layer_ids
            if layer_id in streamed and layer_id not in self._pending
        }
        if not references:
            return
        self._pending.update(references)
        ids = list(references)
        self.context.run(
            "refreshing raster links",
            renew_hrefs,
            references,
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

    def _render_error(self, _error: str, layer: QgsMapLayer) -> None:
        if layer is None or layer.id() not in self.streamed_layers():
            return
        now = time.monotonic()
        if now - self._reacted.get(layer.id(), -REACTIVE_PAUSE_S) < REACTIVE_PAUSE_S:
            return
        self._reacted[layer.id()] = now
        self.refresh([layer.id()])

    def _apply(self, ids: list[str], renewal: Renewal) -> None:
        self._pending.difference_update(ids)
        for layer_id, href in renewal.hrefs.items():
            layer = self.project.mapLayer(layer_id)
            if layer is None:
                continue
            source = retarget(layer.source(), gdal_path(href))
            layer.setDataSource(source, layer.name(), "gdal", QgsDataProvider.ProviderOptions())
            layer.triggerRepaint()
        if renewal.problems:
            self.iface.messageBar().pushWarning(
                "constellr", "Some rasters could not be refreshed: " + " ".join(renewal.problems)
            )

    def _failed(self, ids: list[str], message: str) -> None:
        self._pending.difference_update(ids)
        self.iface.messageBar().pushWarning(
            "constellr",
            f"The constellr rasters could not be refreshed: {message} They are refreshed again when redrawn.",
        )

    def _without_signatures(self, path: str) -> str:
        """QGIS's path writer: a streamed layer's source is saved pointing at the unsigned href."""
        if "<VRTDataset" not in path:
            return path
        for layer, reference in self.streamed_layers().values():
            path = path.replace(layer.source(), saved_source(layer, reference))
        return path

    def _restore(self, _document: QDomDocument) -> None:
        self.refresh(list(self.streamed_layers()))
