"""The services the dock calls: each runs its client calls in a task and reports in plain words.

Callbacks receive results on the main thread; errors arrive as the client's user message (never a
traceback). Everything that reaches the network goes through :class:`TaskRunner`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from qgis.core import QgsCoordinateReferenceSystem, QgsGeometry, QgsVectorLayer
from qgis.PyQt.QtCore import QObject, pyqtSignal

from .aoi_geometry import to_geojson_geometry
from .api import Aoi, ConflictError, ConstellrClient, ConstellrError
from .connection import CredentialsError, make_client
from .current_aoi import feature_name
from .deletion import DeletionResult, delete_each
from .ordering import BatchResult, SubmissionReport, submit
from .rules import PRODUCTS
from .tasks import ApiTask, Progress, TaskRunner, log, user_message

ErrorCallback = Callable[[str], None]
AOI_IN_USE = (
    "it has active orders. It can be deleted once they are closed or rejected "
    "(orders still pending validation can be deleted in the Orders tab)."
)


@dataclass
class CreationResult:
    """What happened to each AOI of a creation request."""

    created: list[Aoi] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (name, reason)

    def summary(self) -> str:
        """One line for the message bar, then one per failure."""
        lines = [f"Created {len(self.created)} AOI{'s' if len(self.created) != 1 else ''}."]
        lines += [f"“{name}” was not created: {reason}" for name, reason in self.failed]
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
        raise ValueError(f"{path.name} could not be read as GeoJSON (or another vector format).")
    named = [
        (feature_name(layer, feature, number), feature.geometry())
        for number, feature in enumerate(layer.getFeatures(), start=1)
        if feature.hasGeometry()
    ]
    if not named:
        raise ValueError(f"{path.name} holds no geometry.")
    return named, layer.crs()


class PluginContext(QObject):
    """Shared by every tab: the task runner, a client for the saved connection, the workspace products."""

    productsChanged = pyqtSignal()

    def __init__(self, client_factory: Callable[[], ConstellrClient] = make_client) -> None:
        super().__init__()
        self.runner = TaskRunner()
        self._client_factory = client_factory
        self.products: list[str] = list(PRODUCTS)

    def client(self) -> ConstellrClient:
        """A client for the saved connection (raises CredentialsError when there are no credentials)."""
        return self._client_factory()

    def run(
        self,
        description: str,
        work: Callable[[ConstellrClient, Progress], Any],
        on_done: Callable[[Any], None],
        on_error: ErrorCallback,
    ) -> ApiTask | None:
        """Run ``work(client, task)`` in a task; errors reach ``on_error`` as a plain message.

        Returns the task (to cancel it), or None when there are no credentials to start with.
        """
        try:
            client = self.client()
        except CredentialsError as error:
            on_error(str(error))
            return None
        return self.runner.start(
            f"constellr: {description}",
            lambda task: work(client, task),
            on_done,
            lambda error: on_error(user_message(error)),
        )

    # -- workspace -------------------------------------------------------------------------------
    def refresh_products(self, on_error: ErrorCallback | None = None) -> None:
        """Ask the workspace which products it may order."""

        def done(products: list) -> None:
            self.products = [product.name for product in products]
            log(f"Workspace products: {', '.join(self.products)}")
            self.productsChanged.emit()

        self.run("list products", lambda client, _task: client.list_products(), done, on_error or log)

    # -- AOIs --------------------------------------------------------------------------------------
    def load_aois(self, on_done: Callable[[list[Aoi]], None], on_error: ErrorCallback) -> None:
        """Every AOI of the workspace, all pages."""

        def work(client: ConstellrClient, task: Progress) -> list[Aoi]:
            aois: list[Aoi] = []
            pager = client.iter_aois(is_cancelled=task.isCanceled)
            for page in pager.pages():
                aois.extend(page.items)
                task.setProgress(100.0 * page.received / max(page.total or 0, page.received, 1))
            return aois

        self.run("load AOIs", work, on_done, on_error)

    def create_aois(
        self,
        named_polygons: list[tuple[str, QgsGeometry]],
        description: str,
        on_done: Callable[[CreationResult], None],
        on_error: ErrorCallback,
    ) -> None:
        """Create one AOI per polygon; a taken name is reported with a free one to use instead."""
        payloads = [
            (name, {"type": "Feature", "properties": {}, "geometry": to_geojson_geometry(polygon)})
            for name, polygon in named_polygons
        ]

        def work(client: ConstellrClient, task: Progress) -> CreationResult:
            result = CreationResult()
            for number, (name, geojson) in enumerate(payloads, start=1):
                if task.isCanceled():
                    break
                try:
                    result.created.append(client.create_aoi(name, geojson, description=description or None))
                except ConflictError:
                    taken = {aoi.name for aoi in client.iter_aois()}
                    result.failed.append(
                        (name, f"the name is taken in this workspace; “{free_name(name, taken)}” is free.")
                    )
                except ConstellrError as error:
                    result.failed.append((name, str(error)))
                task.setProgress(100.0 * number / len(payloads))
            return result

        self.run(f"create {len(payloads)} AOI(s)", work, on_done, on_error)

    def delete_aois(
        self, aois: list[Aoi], on_done: Callable[[DeletionResult], None], on_error: ErrorCallback
    ) -> None:
        """Delete AOIs; one with active orders is kept and the reason said."""

        def work(client: ConstellrClient, task: Progress) -> DeletionResult:
            return delete_each(
                aois,
                lambda aoi: client.delete_aoi(aoi.id),
                key=lambda aoi: aoi.id,
                label=lambda aoi: f"“{aoi.name}”",
                noun="AOI",
                conflict_reason=AOI_IN_USE,
                task=task,
            )

        self.run(f"delete {len(aois)} AOI(s)", work, on_done, on_error)

    # -- orders ------------------------------------------------------------------------------------
    def load_use_cases(self, on_done: Callable[[list[str]], None], on_error: ErrorCallback) -> None:
        """The use cases an order may name."""
        self.run("list use cases", lambda client, _task: client.list_use_cases(), on_done, on_error)

    def submit_orders(
        self,
        batches: list[BatchResult],
        use_case: str | None,
        comment: str | None,
        on_done: Callable[[SubmissionReport], None],
        on_error: ErrorCallback,
    ) -> None:
        """Send the batches that may be sent (each POST once) and report what became of each."""

        def work(client: ConstellrClient, task: Progress) -> SubmissionReport:
            return submit(
                client, batches, use_case, comment, progress=task.setProgress, is_cancelled=task.isCanceled
            )

        count = sum(len(batch.orders) for batch in batches if batch.can_send_again)
        self.run(f"place {count} order(s)", work, on_done, on_error)

    read_vector_file = staticmethod(read_vector_file)
