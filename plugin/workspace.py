"""The workspace as the dock shows it: AOIs, orders, products and use cases, loaded once, shared by all tabs.

Tabs render this store instead of keeping copies: a deleted AOI leaves the Order tab, a placed order
appears in the Orders tab, because both listen to the same signal. Each part is loaded by one task at a
time; a newer refresh stops the older load, whose result is then never applied.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, Protocol

from qgis.PyQt.QtCore import QObject, pyqtSignal

from .aois import DEFAULT_PAGE_SIZE, list_aois
from .api import Aoi, ConstellrClient, Order
from .i18n import tr
from .rules import PRODUCTS
from .tasks import ApiTask, Progress, read_all

AOIS, ORDERS, PRODUCTS_PART, USE_CASES = "aois", "orders", "products", "use_cases"
PARTS = (PRODUCTS_PART, USE_CASES, AOIS, ORDERS)
PAGED = (AOIS, ORDERS)


def _loading_description(part: str) -> str:
    """The task's name while ``part`` loads: “load aois”."""
    return {
        AOIS: tr("load aois"),
        ORDERS: tr("load orders"),
        PRODUCTS_PART: tr("load products"),
        USE_CASES: tr("load use cases"),
    }[part]


class OperationRunner(Protocol):
    """Runs ``op(client, feedback, *args)`` in a task (the plugin's context)."""

    def run(
        self,
        description: str,
        operation: Callable[..., Any],
        *args: Any,
        on_done: Callable[[Any], None],
        on_error: Callable[[str], None],
        owner: Any = None,
    ) -> ApiTask | None: ...

    def cancel(self, owner: Any) -> None: ...


def list_products(client: ConstellrClient, _feedback: Progress) -> list[str]:
    """The products this workspace may order."""
    return [product.name for product in client.list_products()]


def list_use_cases(client: ConstellrClient, _feedback: Progress) -> list[str]:
    """The use cases an order may name."""
    return client.list_use_cases()


def list_orders(
    client: ConstellrClient, feedback: Progress, page_size: int = DEFAULT_PAGE_SIZE
) -> list[Order]:
    """Every order of the workspace, all pages, newest first."""
    return read_all(client.iter_orders(page_size=page_size, is_cancelled=feedback.isCanceled), feedback)


#: What loads each part; the paged ones also take the page size.
LOADERS: dict[str, Callable[..., list]] = {
    PRODUCTS_PART: list_products,
    USE_CASES: list_use_cases,
    AOIS: list_aois,
    ORDERS: list_orders,
}


class Workspace(QObject):
    """The shared state of the dock; ``changed(part)`` after every change of a part."""

    changed = pyqtSignal(str)
    loadingChanged = pyqtSignal(str, bool)
    failed = pyqtSignal(str, str)  # part, message

    def __init__(self, runner: OperationRunner) -> None:
        super().__init__()
        self._runner = runner
        self.products: list[str] = list(PRODUCTS)
        self.use_cases: list[str] = []
        self.aois: list[Aoi] = []
        self.orders: list[Order] = []
        #: Items per request for the paged parts.
        self.page_size = DEFAULT_PAGE_SIZE
        self._loaded: set[str] = set()
        self._loading: set[str] = set()

    def refresh(self, parts: Iterable[str] = PARTS) -> None:
        """Load these parts again (a load of the same part still running is stopped first)."""
        for part in parts:
            owner = (self, part)
            self._runner.cancel(owner)
            self._set_loading(part, True)
            task = self._runner.run(
                _loading_description(part),
                LOADERS[part],
                *((self.page_size,) if part in PAGED else ()),
                on_done=lambda value, part=part: self._loaded_part(part, value),
                on_error=lambda message, part=part: self._failed_part(part, message),
                owner=owner,
            )
            if task is None:  # no credentials: on_error has said so
                self._set_loading(part, False)

    def is_loaded(self, part: str) -> bool:
        """True once a load of ``part`` has succeeded."""
        return part in self._loaded

    def is_loading(self, part: str) -> bool:
        """True while ``part`` is being loaded."""
        return part in self._loading

    def aoi(self, aoi_id: str | None) -> Aoi | None:
        """The AOI with this id, if the workspace has it."""
        return next((aoi for aoi in self.aois if aoi.id == aoi_id), None)

    # -- changes made through the plugin ---------------------------------------------------------
    def aois_created(self, aois: Sequence[Aoi]) -> None:
        """AOIs just created: newest first, as the server lists them."""
        if aois:
            known = {aoi.id for aoi in aois}
            self.aois = [*reversed(aois), *(aoi for aoi in self.aois if aoi.id not in known)]
            self.changed.emit(AOIS)

    def aois_deleted(self, aoi_ids: Iterable[str]) -> None:
        """AOIs deleted in the workspace."""
        gone = set(aoi_ids)
        if gone:
            self.aois = [aoi for aoi in self.aois if aoi.id not in gone]
            self.changed.emit(AOIS)

    def orders_placed(self, orders: Sequence[Order]) -> None:
        """Orders just placed: newest first."""
        if orders:
            known = {order.id for order in orders}
            self.orders = [*reversed(orders), *(order for order in self.orders if order.id not in known)]
            self.changed.emit(ORDERS)

    def order_changed(self, order: Order) -> None:
        """An order the server answered with (after a tag edit, say)."""
        self.orders = [order if known.id == order.id else known for known in self.orders]
        self.changed.emit(ORDERS)

    def orders_deleted(self, order_ids: Iterable[str]) -> None:
        """Orders deleted in the workspace."""
        gone = set(order_ids)
        if gone:
            self.orders = [order for order in self.orders if order.id not in gone]
            self.changed.emit(ORDERS)

    # -- loading ---------------------------------------------------------------------------------
    def _loaded_part(self, part: str, value: list) -> None:
        setattr(self, part, list(value))
        self._loaded.add(part)
        self._set_loading(part, False)
        self.changed.emit(part)

    def _failed_part(self, part: str, message: str) -> None:
        self._set_loading(part, False)
        self.failed.emit(part, message)

    def _set_loading(self, part: str, busy: bool) -> None:
        (self._loading.add if busy else self._loading.discard)(part)
        self.loadingChanged.emit(part, busy)
