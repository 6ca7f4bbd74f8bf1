"""AOIs of the workspace: the operations on them, each ``op(client, feedback, …)``.

The dock runs these in tasks and Processing algorithms run them with their feedback; none of them
knows about either. Geometry preparation lives in ``aoi_geometry`` and ``current_aoi``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from qgis.core import QgsCoordinateReferenceSystem, QgsGeometry, QgsVectorLayer

from .aoi_geometry import from_geojson, local_metrics, to_geojson_geometry
from .api import Aoi, ConflictError, ConstellrClient, ConstellrError, GeometryInfo
from .current_aoi import feature_name
from .deletion import DeletionResult, delete_each
from .i18n import tr, tr_count
from .tasks import Progress, read_all

DEFAULT_PAGE_SIZE = 50


@dataclass
class CreationResult:
    """What happened to each AOI of a creation request."""

    created: list[Aoi] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (name, reason)

    def summary(self) -> str:
        """One line for the message bar, then one per failure."""
        if not self.created and self.failed:
            lines = [tr("No AOI was created ({count} refused).").format(count=len(self.failed))]
        else:
            lines = [tr_count(len(self.created), "Created {count} AOI.", "Created {count} AOIs.")]
        lines += [
            tr("“{name}” was not created: {reason}").format(name=name, reason=reason)
            for name, reason in self.failed
        ]
        return "\n".join(lines)


def free_name(name: str, taken: set[str]) -> str:
    """``name``, or ``name (2)``, ``name (3)``… whichever is not taken yet."""
    if name not in taken:
        return name
    number = 2
    while f"{name} ({number})" in taken:
        number += 1
    return f"{name} ({number})"


def read_vector_file(path: Path) -> tuple[list[tuple[str, QgsGeometry]], QgsCoordinateReferenceSystem]:
    """Named geometries from a GeoJSON (or any OGR vector) file, with the file's CRS."""
    layer = QgsVectorLayer(str(path), path.stem, "ogr")
    if not layer.isValid():
        raise ValueError(
            tr("{file} could not be read as GeoJSON (or another vector format).").format(file=path.name)
        )
    named = [
        (feature_name(layer, feature, number), feature.geometry())
        for number, feature in enumerate(layer.getFeatures(), start=1)
        if feature.hasGeometry()
    ]
    if not named:
        raise ValueError(tr("{file} holds no geometry.").format(file=path.name))
    return named, layer.crs()


def bbox_size(aoi: Aoi) -> tuple[float, float]:
    """The AOI's bbox width and height in metres: the server's figures, else measured locally."""
    if aoi.bbox_width is not None and aoi.bbox_height is not None:
        return aoi.bbox_width, aoi.bbox_height
    metrics = local_metrics(from_geojson(aoi.geojson))
    return metrics.bbox_width_m, metrics.bbox_height_m


def aoi_payload(polygon_wgs84: QgsGeometry) -> dict[str, Any]:
    """The GeoJSON Feature the API takes for an AOI polygon in EPSG:4326."""
    return {"type": "Feature", "properties": {}, "geometry": to_geojson_geometry(polygon_wgs84)}


def list_aois(client: ConstellrClient, feedback: Progress, page_size: int = DEFAULT_PAGE_SIZE) -> list[Aoi]:
    """Every AOI of the workspace, all pages, newest first."""
    return read_all(client.iter_aois(page_size=page_size, is_cancelled=feedback.isCanceled), feedback)


def create_aois(
    client: ConstellrClient,
    feedback: Progress,
    named_polygons: Sequence[tuple[str, QgsGeometry]],
    description: str = "",
) -> CreationResult:
    """Create one AOI per polygon (EPSG:4326); a taken name is reported with a free one to use instead."""
    payloads = [(name, aoi_payload(polygon)) for name, polygon in named_polygons]
    result = CreationResult()
    for number, (name, geojson) in enumerate(payloads, start=1):
        if feedback.isCanceled():
            break
        try:
            result.created.append(client.create_aoi(name, geojson, description=description or None))
        except ConflictError:
            taken = {aoi.name for aoi in client.iter_aois(is_cancelled=feedback.isCanceled)}
            result.failed.append(
                (
                    name,
                    tr("the name is taken in this workspace; “{free}” is free.").format(
                        free=free_name(name, taken)
                    ),
                )
            )
        except ConstellrError as error:
            result.failed.append((name, str(error)))
        feedback.setProgress(100.0 * number / len(payloads))
    return result


def delete_aois(client: ConstellrClient, feedback: Progress, aois: Sequence[Aoi]) -> DeletionResult:
    """Delete AOIs one by one; one with active orders is kept and the reason said."""
    return delete_each(
        aois,
        lambda aoi: client.delete_aoi(aoi.id),
        key=lambda aoi: aoi.id,
        label=lambda aoi: f"“{aoi.name}”",
        headline=lambda count: tr_count(count, "Deleted {count} AOI.", "Deleted {count} AOIs."),
        conflict_reason=tr(
            "it has active orders. It can be deleted once they are closed or rejected "
            "(orders still pending validation can be deleted in the Orders tab)."
        ),
        task=feedback,
    )


def measure_aoi(client: ConstellrClient, _feedback: Progress, polygon_wgs84: QgsGeometry) -> GeometryInfo:
    """constellr's own measure of a polygon (geometry-info): bbox width and height, area."""
    return client.geometry_info(aoi_payload(polygon_wgs84))
