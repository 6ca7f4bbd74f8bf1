"""The AOI the analyst is working on: drawn, from selected features, a whole layer, the extent or a file.

It keeps one or more named candidates in EPSG:4326 with their local metrics, and follows the source
layer: selection changes and edits (geometry changes, added or deleted features) recompute it at once.
"""

from __future__ import annotations

from dataclasses import dataclass

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsFeatureRequest,
    QgsGeometry,
    QgsMapLayer,
    QgsProject,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QObject, pyqtSignal

from .aoi_geometry import AoiCandidate, AoiMetrics, Verdict, local_metrics, prepare_aoi, to_wgs84
from .compat import POLYGON_GEOMETRY

NAME_FIELDS = ("name", "aoi_name", "title", "label")


@dataclass
class NamedAoi:
    """One AOI to be: its proposed name, the candidate geometry and, when it has one, its metrics."""

    name: str
    candidate: AoiCandidate
    metrics: AoiMetrics | None

    @classmethod
    def build(cls, name: str, geometry_wgs84: QgsGeometry | None) -> NamedAoi:
        """Prepare ``geometry_wgs84`` and measure whatever polygon came out of it."""
        candidate = prepare_aoi(geometry_wgs84)
        metrics = local_metrics(candidate.geometry) if candidate.geometry is not None else None
        return cls(name, candidate, metrics)


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
    """Holds the AOIs being prepared and tells when they change."""

    changed = pyqtSignal()

    def __init__(self, project: QgsProject | None = None) -> None:
        super().__init__()
        self._project = project or QgsProject.instance()
        self.aois: list[NamedAoi] = []
        self.source_label = ""
        self._layer: QgsVectorLayer | None = None
        self._selected_only = False

    # -- sources ---------------------------------------------------------------------------------
    def set_geometries(
        self, named_geometries: list[tuple[str, QgsGeometry]], crs: QgsCoordinateReferenceSystem, label: str
    ) -> None:
        """Use drawn, extent or file geometries (given in ``crs``); stops following any layer."""
        self._stop_following()
        self.source_label = label
        self.aois = [
            NamedAoi.build(name, to_wgs84(geometry, crs, self._project))
            for name, geometry in named_geometries
        ]
        self.changed.emit()

    def follow_layer(self, layer: QgsVectorLayer, *, selected_only: bool) -> None:
        """Use the selected features of ``layer`` (or all of them), and follow its selection and edits."""
        self._stop_following()
        self._layer = layer
        self._selected_only = selected_only
        if selected_only:
            layer.selectionChanged.connect(self._refresh_from_layer)
        for signal in self._edit_signals(layer):
            signal.connect(self._refresh_from_layer)
        layer.willBeDeleted.connect(self._layer_deleted)
        self._refresh_from_layer()

    def clear(self) -> None:
        """No AOI any more."""
        self._stop_following()
        self.aois = []
        self.source_label = ""
        self.changed.emit()

    # -- fixes the analyst accepts ---------------------------------------------------------------
    def accept_repair(self, index: int) -> None:
        """Take the repaired polygon offered for AOI ``index``."""
        aoi = self.aois[index]
        if aoi.candidate.verdict is Verdict.REPAIRABLE:
            self.aois[index] = NamedAoi.build(aoi.name, aoi.candidate.geometry)
            self.changed.emit()

    def split_parts(self, index: int) -> None:
        """Replace AOI ``index`` by one AOI per polygon part."""
        aoi = self.aois[index]
        if aoi.candidate.verdict is not Verdict.SEVERAL_PARTS:
            return
        parts = [
            NamedAoi.build(f"{aoi.name} part {number}", part)
            for number, part in enumerate(aoi.candidate.parts, start=1)
        ]
        self.aois[index : index + 1] = parts
        self.changed.emit()

    # -- internals -------------------------------------------------------------------------------
    @staticmethod
    def _edit_signals(layer: QgsVectorLayer) -> list:
        return [layer.geometryChanged, layer.featureAdded, layer.featureDeleted, layer.afterRollBack]

    def _stop_following(self) -> None:
        layer, self._layer = self._layer, None
        if layer is None:
            return
        signals = self._edit_signals(layer)
        if self._selected_only:
            signals.append(layer.selectionChanged)
        for signal in signals:
            signal.disconnect(self._refresh_from_layer)
        layer.willBeDeleted.disconnect(self._layer_deleted)

    def _layer_deleted(self) -> None:
        # the layer is being destroyed: its signals can no longer be touched, only forgotten
        self._layer = None
        self.clear()

    def _refresh_from_layer(self, *_args: object) -> None:
        layer = self._layer
        if layer is None:
            return
        if self._selected_only:
            features = layer.getSelectedFeatures()
            self.source_label = f"selected features of “{layer.name()}”"
        else:
            features = layer.getFeatures(QgsFeatureRequest())
            self.source_label = f"every feature of “{layer.name()}”"
        self.aois = [
            NamedAoi.build(
                feature_name(layer, feature, number),
                to_wgs84(feature.geometry(), layer.crs(), self._project),
            )
            for number, feature in enumerate(features, start=1)
        ]
        self.changed.emit()
