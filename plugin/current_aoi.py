"""The AOI the analyst is working on: drawn, from selected features, a whole layer, the extent or a file.

It keeps one or more named candidates in EPSG:4326 with their local metrics, and follows the source
layer: selection changes and edits (geometry changes, added or deleted features) recompute it, a burst of
them once. Light shapes (a drawing) are prepared at once; heavy ones (tens of thousands of vertices) in a
cancellable task, so QGIS never freezes: ``busy`` says so meanwhile, and a newer source or edit
supersedes the preparation under way, whose result is then never applied.
"""

from __future__ import annotations

from dataclasses import dataclass

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransformContext,
    QgsFeatureRequest,
    QgsGeometry,
    QgsMapLayer,
    QgsProject,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QObject, QTimer, pyqtSignal

from .aoi_geometry import (
    MAX_VERTICES,
    WGS84,
    AoiCandidate,
    AoiMetrics,
    Verdict,
    accepted_repair,
    prepare_aoi,
    prepare_aoi_from,
    stop_if_cancelled,
)
from .compat import POLYGON_GEOMETRY
from .i18n import tr
from .tasks import Progress, TaskRunner, user_message

NAME_FIELDS = ("name", "aoi_name", "title", "label")
# Up to MAX_VERTICES a shape is only checked and measured: a few ms, fine on the main thread while a map
# tool draws. Above it it is also simplified, which costs tens of ms per 10,000 vertices: done in a task.
HEAVY_VERTICES = MAX_VERTICES
# Edits and selection changes arriving within this time are prepared once (an undo of many edits, a
# paste of features, a selection growing by dragging): short enough not to be noticed.
COALESCE_MS = 50


@dataclass
class NamedAoi:
    """One AOI to be: its proposed name, the candidate geometry and, when it has a polygon, its metrics."""

    name: str
    candidate: AoiCandidate
    metrics: AoiMetrics | None

    @classmethod
    def from_candidate(cls, name: str, candidate: AoiCandidate) -> NamedAoi:
        """A named candidate; metrics only for a polygon (the size of several parts is the candidate's)."""
        return cls(name, candidate, candidate.metrics if candidate.geometry is not None else None)

    @classmethod
    def build(cls, name: str, geometry_wgs84: QgsGeometry | None) -> NamedAoi:
        """Prepare ``geometry_wgs84`` and measure its true outline."""
        return cls.from_candidate(name, prepare_aoi(geometry_wgs84))


@dataclass(frozen=True)
class AoiSource:
    """A geometry to prepare, as read on the main thread (a shared copy, cheap), with its CRS."""

    name: str
    geometry: QgsGeometry | None
    crs: QgsCoordinateReferenceSystem

    @property
    def vertices(self) -> int:
        """How many vertices preparing it has to go through."""
        if self.geometry is None or self.geometry.isNull():
            return 0
        return self.geometry.constGet().nCoordinates()


def prepare_sources(
    items: list[AoiSource | NamedAoi],
    context: QgsCoordinateTransformContext,
    feedback: Progress | None = None,
) -> list[NamedAoi]:
    """Each source prepared, items already prepared kept as they are.

    Thread-safe; raises CancelledError once ``feedback`` is cancelled (never a partial list).
    """
    prepared: list[NamedAoi] = []
    for number, item in enumerate(items):
        stop_if_cancelled(feedback)
        if isinstance(item, AoiSource):
            candidate = prepare_aoi_from(item.geometry, item.crs, context, feedback)
            prepared.append(NamedAoi.from_candidate(item.name, candidate))
        else:
            prepared.append(item)
        if feedback is not None:
            feedback.setProgress(100.0 * (number + 1) / len(items))
    return prepared


def feature_name(layer: QgsVectorLayer, feature, fallback_number: int) -> str:  # noqa: ANN001 - QgsFeature
    """A name for an AOI from a feature: its name-like attribute, else layer name and number."""
    names = {field.name().lower(): field.name() for field in layer.fields()}
    for candidate in NAME_FIELDS:
        if candidate in names:
            value = feature[names[candidate]]
            if value not in (None, "") and str(value) != "NULL":
                return str(value)[:100]
    return f"{layer.name()} {fallback_number}"


def is_polygon_layer(layer: QgsMapLayer | None) -> bool:
    """True for a vector layer with polygon geometries."""
    return isinstance(layer, QgsVectorLayer) and layer.geometryType() == POLYGON_GEOMETRY


class CurrentAoi(QObject):
    """Holds the AOIs being prepared; tells when they change (``changed``) and while it works (``busy``)."""

    changed = pyqtSignal()
    busyChanged = pyqtSignal(bool)

    def __init__(self, project: QgsProject | None = None, runner: TaskRunner | None = None) -> None:
        super().__init__()
        self._project = project or QgsProject.instance()
        self._runner = runner or TaskRunner()
        self.aois: list[NamedAoi] = []
        self.source_label = ""
        self._layer: QgsVectorLayer | None = None
        self._selected_only = False
        self._generation = 0  # bumped by every new preparation: only the latest one's result is applied
        self._busy = False
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(COALESCE_MS)
        self._refresh_timer.timeout.connect(self._refresh_from_layer)

    @property
    def busy(self) -> bool:
        """True while a preparation runs in a task (the AOIs shown are about to change)."""
        return self._busy

    # -- sources ---------------------------------------------------------------------------------
    def set_geometries(
        self, named_geometries: list[tuple[str, QgsGeometry]], crs: QgsCoordinateReferenceSystem, label: str
    ) -> None:
        """Use drawn, extent or file geometries (given in ``crs``); stops following any layer."""
        self._stop_following()
        self._prepare([AoiSource(name, geometry, crs) for name, geometry in named_geometries], label)

    def follow_layer(self, layer: QgsVectorLayer, *, selected_only: bool) -> None:
        """Use the selected features of ``layer`` (or all of them), and follow its selection and edits."""
        self._stop_following()
        self._layer = layer
        self._selected_only = selected_only
        for signal in self._followed_signals(layer, selected_only):
            signal.connect(self._schedule_refresh)
        layer.willBeDeleted.connect(self._layer_deleted)
        self._refresh_from_layer()

    def clear(self) -> None:
        """No AOI any more (a preparation under way is dropped)."""
        self._stop_following()
        self._supersede()
        self._apply(self._generation, "", [])

    # -- fixes the analyst accepts ---------------------------------------------------------------
    def accept_repair(self, index: int) -> None:
        """Take the repaired polygon offered for AOI ``index``."""
        aoi = self.aois[index]
        if aoi.candidate.verdict is Verdict.REPAIRABLE:
            self._supersede()
            repaired = NamedAoi.from_candidate(aoi.name, accepted_repair(aoi.candidate))
            self._apply(
                self._generation, self.source_label, [*self.aois[:index], repaired, *self.aois[index + 1 :]]
            )

    def split_parts(self, index: int) -> None:
        """Replace AOI ``index`` by one AOI per polygon part (prepared in a task when heavy)."""
        aoi = self.aois[index]
        if aoi.candidate.verdict is not Verdict.SEVERAL_PARTS:
            return
        parts = [
            AoiSource(tr("{name} part {number}").format(name=aoi.name, number=number), part, WGS84)
            for number, part in enumerate(aoi.candidate.parts, start=1)
        ]
        self._prepare([*self.aois[:index], *parts, *self.aois[index + 1 :]], self.source_label)

    # -- preparation -----------------------------------------------------------------------------
    def _prepare(self, items: list[AoiSource | NamedAoi], label: str) -> None:
        """Prepare ``items`` at once when light, else in a task; either way supersede what runs."""
        self._supersede()
        generation = self._generation
        context = QgsCoordinateTransformContext(self._project.transformContext())
        vertices = sum(item.vertices for item in items if isinstance(item, AoiSource))
        if vertices <= HEAVY_VERTICES:
            self._apply(generation, label, prepare_sources(items, context))
            return
        self._runner.start(
            tr("Preparing the AOI from {source} ({vertices:,} vertices)").format(
                source=label, vertices=vertices
            ),
            lambda feedback: prepare_sources(items, context, feedback),
            lambda prepared: self._apply(generation, label, prepared),
            lambda error: self._failed(generation, label, error),
            owner=self,
        )
        self._set_busy(True)

    def _supersede(self) -> None:
        """Forget the preparation under way: cancelled, its result never applied."""
        self._generation += 1
        self._runner.cancel(self)

    def _apply(self, generation: int, label: str, prepared: list[NamedAoi]) -> None:
        """Show ``prepared`` if nothing newer came since its preparation began."""
        if generation != self._generation:
            return
        self._set_busy(False)
        self.aois = prepared
        self.source_label = label
        self.changed.emit()

    def _failed(self, generation: int, label: str, error: BaseException) -> None:
        """A preparation that failed or was cancelled in QGIS's task manager: say so instead of the AOI."""
        refused = AoiCandidate(
            Verdict.REFUSED,
            message=tr("The AOI was not prepared: {reason}").format(reason=user_message(error)),
        )
        self._apply(generation, label, [NamedAoi.from_candidate(tr("AOI"), refused)])

    def _set_busy(self, busy: bool) -> None:
        if busy != self._busy:
            self._busy = busy
            self.busyChanged.emit(busy)

    # -- following a layer -----------------------------------------------------------------------
    @staticmethod
    def _followed_signals(layer: QgsVectorLayer, selected_only: bool) -> list:
        signals = [layer.geometryChanged, layer.featureAdded, layer.featureDeleted, layer.afterRollBack]
        return [*signals, layer.selectionChanged] if selected_only else signals

    def _stop_following(self) -> None:
        self._refresh_timer.stop()
        layer, self._layer = self._layer, None
        if layer is None:
            return
        for signal in self._followed_signals(layer, self._selected_only):
            signal.disconnect(self._schedule_refresh)
        layer.willBeDeleted.disconnect(self._layer_deleted)

    def _layer_deleted(self) -> None:
        # the layer is being destroyed: its signals can no longer be touched, only forgotten
        self._layer = None
        self.clear()

    def _schedule_refresh(self, *_args: object) -> None:
        self._refresh_timer.start()  # restarted by each signal of a burst: one preparation after the last

    def _refresh_from_layer(self) -> None:
        """Read the features (main thread: copies share their geometry), prepare them (maybe in a task)."""
        layer = self._layer
        if layer is None:
            return
        if self._selected_only:
            features = layer.getSelectedFeatures()
            label = tr("selected features of “{layer}”").format(layer=layer.name())
        else:
            features = layer.getFeatures(QgsFeatureRequest())
            label = tr("every feature of “{layer}”").format(layer=layer.name())
        crs = layer.crs()
        sources = [
            AoiSource(feature_name(layer, feature, number), feature.geometry(), crs)
            for number, feature in enumerate(features, start=1)
        ]
        self._prepare(sources, label)
