"""The constellr dock: the connection line on top, one tab per task below."""

from __future__ import annotations

from pathlib import Path

from qgis.gui import QgisInterface, QgsDockWidget
from qgis.PyQt.QtCore import Qt, QUrl
from qgis.PyQt.QtGui import QDesktopServices
from qgis.PyQt.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..plugin.connection import ENV_API_KEY, ENV_API_URL, environment_overrides, load_settings
from ..plugin.context import PluginContext
from ..plugin.i18n import tr, tr_count
from .aoi_tab import AoiTab
from .connection_dialog import ConnectionDialog
from .feeds_tab import FeedsTab
from .order_form import OrderForm
from .orders_tab import OrdersTab
from .search_tab import SearchTab
from .style import breakable

USER_GUIDE = Path(__file__).resolve().parent.parent / "help" / "user-guide.html"


def open_user_guide() -> None:
    """The user guide shipped with the plugin, in the web browser (no internet needed)."""
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(USER_GUIDE)))


def connection_line() -> str:
    """Where the plugin connects, and which environment variables decide it."""
    overridden = environment_overrides()
    line = tr("API: {url}").format(url=load_settings().api_url)
    if ENV_API_URL in overridden:
        line += tr(" (from {variable})").format(variable=ENV_API_URL)
    if ENV_API_KEY in overridden:
        line += tr(" · key from {variable}").format(variable=ENV_API_KEY)
    return line


class ConstellrDock(QgsDockWidget):
    """One dock with tabs; owns the panels and releases their map items on unload."""

    def __init__(self, iface: QgisInterface, context: PluginContext, parent: QWidget | None = None) -> None:
        super().__init__("constellr", parent)
        self.setObjectName("ConstellrDock")
        self.iface = iface
        self.context = context
        body = QWidget()
        layout = QVBoxLayout(body)
        header = QHBoxLayout()
        self.connection_label = QLabel()
        self.connection_label.setWordWrap(True)
        header.addWidget(self.connection_label, 1)
        settings_button = QPushButton(tr("Connection…"))
        settings_button.clicked.connect(self.edit_connection)
        header.addWidget(settings_button)
        self.help_button = QToolButton()
        self.help_button.setText("?")
        self.help_button.setToolTip(tr("Open the constellr user guide"))
        self.help_button.clicked.connect(open_user_guide)
        header.addWidget(self.help_button)
        layout.addLayout(header)
        self.tabs = QTabWidget()
        self.aoi_tab = AoiTab(iface, context)
        self.order_form = OrderForm(iface, context)
        self.orders_tab = OrdersTab(iface, context)
        self.search_tab = SearchTab(iface, context, current_aoi=self.aoi_tab.current)
        self.feeds_tab = FeedsTab(iface, context)
        self.tabs.addTab(self.aoi_tab, tr("AOIs"))
        self.tabs.addTab(self.order_form, tr("Order"))
        self.tabs.addTab(self.orders_tab, tr("Orders"))
        self.tabs.addTab(self.search_tab, tr("Search"))
        self.tabs.addTab(self.feeds_tab, tr("Feeds"))
        self.aoi_tab.aoisCreated.connect(self._offer_for_ordering)
        self.order_form.ordersPlaced.connect(self._show_placed_orders)
        self.orders_tab.deliveriesRequested.connect(self.show_deliveries)
        context.workspace.failed.connect(self._load_failed)
        layout.addWidget(self.tabs)
        # Whatever a tab or a message holds, the dock never widens the QGIS window: it scrolls instead.
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        self.setWidget(scroll)
        self._loaded = False
        self._failure_shown = False
        self.visibilityChanged.connect(self._load_when_first_shown)
        self.visibilityChanged.connect(self._release_the_map_when_hidden)

    def _load_when_first_shown(self, visible: bool) -> None:
        """Nothing reaches the network until the analyst opens the panel."""
        if visible and not self._loaded:
            self._loaded = True
            self.show_connection()

    def _release_the_map_when_hidden(self, visible: bool) -> None:
        """A closed dock leaves no active plugin map tool and no outline on the map."""
        if not visible:
            self.aoi_tab.deactivate()

    def show_connection(self) -> None:
        """Say where the plugin connects, and load the workspace (once, for every tab)."""
        self.connection_label.setText(breakable(connection_line()))
        self._failure_shown = False
        self.context.connection_changed()
        self.context.workspace.refresh()

    def _offer_for_ordering(self, aois: list) -> None:
        """AOIs just created are ticked in the Order tab, ready to be ordered."""
        self.order_form.select_aois(aois)
        self.iface.messageBar().pushInfo(
            "constellr",
            tr_count(
                len(aois),
                "{count} new AOI is ticked in the Order tab, ready to be ordered.",
                "{count} new AOIs are ticked in the Order tab, ready to be ordered.",
            ),
        )

    def _show_placed_orders(self, orders: list) -> None:
        """Orders just placed (already in the workspace store): select them in the Orders tab."""
        self.orders_tab.select_orders([order.id for order in orders])

    def show_deliveries(self, order_id: str) -> None:
        """An order's deliveries: the Search tab, searching them."""
        self.tabs.setCurrentWidget(self.search_tab)
        self.search_tab.search_order(order_id)

    def _load_failed(self, _part: str, message: str) -> None:
        """One message per refresh, however many parts failed for the same reason."""
        self.connection_label.setText(breakable(message))
        if not self._failure_shown:
            self._failure_shown = True
            self.iface.messageBar().pushWarning("constellr", message)

    def edit_connection(self) -> None:
        """Open the connection settings; reconnect when they are saved."""
        dialog = ConnectionDialog(self.context.runner, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if dialog.exec():
            unused = dialog.unused_after_save()
            if unused:
                self.iface.messageBar().pushWarning("constellr", unused)
            self.show_connection()
            self.search_tab.connection_changed()

    def release(self) -> None:
        """Stop the panels' timers and tasks and remove what they put on the map canvas."""
        self.aoi_tab.release()
        self.orders_tab.release()
        self.search_tab.release()
        self.feeds_tab.release()
