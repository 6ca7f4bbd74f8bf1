"""The Search tab's filters: every field of a STAC search, read into a ``SearchRequest``."""

from __future__ import annotations

import enum
from datetime import datetime

from qgis.core import (
    QgsFeatureRequest,
    QgsGeometry,
    QgsVectorLayer,
)
from qgis.gui import QgisInterface, QgsCollapsibleGroupBox
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QFormLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ..plugin.aoi_geometry import to_geojson_geometry
from ..plugin.api import StacCollection
from ..plugin.current_aoi import CurrentAoi
from ..plugin.i18n import tr, tr_count, translatable
from ..plugin.search import (
    DEFAULT_PAGE_SIZE,
    SearchRequest,
    features_place,
    wgs84_box,
)
from ..plugin.workspace import AOIS, Workspace
from .style import breakable, wrapping_label
from .utc_dates import edited_utc, end_of_minute, utc_date_edit

MAX_PAGE_SIZE = 1000  # the most a STAC server is asked for per page
COLLECTION_ROWS = 4  # rows of the collections list before it scrolls
COMBO_MINIMUM_CHARACTERS = 8


class Spatial(enum.Enum):
    """Where the items must be (sent as ``intersects``)."""

    ANYWHERE = translatable("Anywhere")
    EXTENT = translatable("Map extent")
    CURRENT_AOI = translatable("Current AOI (AOIs tab)")
    LIBRARY_AOI = translatable("AOI from the library")
    # their bounding box beyond MAX_PLACE_VERTICES
    SELECTED = translatable("Selected features of the active layer")


#: (label, sort field, descending)
SORTS = (
    (translatable("Newest first"), "datetime", True),
    (translatable("Oldest first"), "datetime", False),
    (translatable("Least cloud first"), "eo:cloud_cover", False),
)
#: (label, value) of the day/night choice
ILLUMINATION_CHOICES = (
    (translatable("Day or night"), None),
    (translatable("Day"), "day"),
    (translatable("Night"), "night"),
)


class FilterError(ValueError):
    """A filter that cannot be sent as it is; the message says what to change."""


def ticked_utc(check: QCheckBox, edit: QDateTimeEdit) -> datetime | None:
    """The UTC date-time of an edit (to the minute), None when its box is not ticked."""
    return edited_utc(edit) if check.isChecked() else None


class SearchFilters(QgsCollapsibleGroupBox):
    """Collections, dates, place, order, day/night, cloud cover, sort, page size and a CQL2 box."""

    def __init__(
        self,
        iface: QgisInterface,
        workspace: Workspace,
        current_aoi: CurrentAoi | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(tr("Filters"), parent)
        self.iface = iface
        self.canvas = iface.mapCanvas()
        self.workspace = workspace
        self.current_aoi = current_aoi
        self._build()
        workspace.changed.connect(self._workspace_changed)
        self._fill_library()

    # -- layout ----------------------------------------------------------------------------------
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(tr("Collections"), self._build_collections())
        self.start_check, self.start_edit = self._date_edit(
            tr("From (UTC)"),
            tr("Only items acquired at or after this date and time (UTC); not ticked: no limit"),
        )
        self.end_check, self.end_edit = self._date_edit(
            tr("Until (UTC)"),
            tr("Only items acquired at or before this date and time (UTC); not ticked: no limit"),
        )
        form.addRow(self.start_check, self.start_edit)
        form.addRow(self.end_check, self.end_edit)
        self._build_place(form)
        self.order_edit = QLineEdit()
        self.order_edit.setPlaceholderText(tr("Order id (“Show deliveries” fills it in)"))
        self.order_edit.setClearButtonEnabled(True)
        form.addRow(tr("Order"), self.order_edit)
        self._build_properties(form)
        layout.addLayout(form)
        layout.addWidget(self._build_cql2())
        self._spatial_changed()

    def _build_collections(self) -> QVBoxLayout:
        self.collections_list = QListWidget()
        self.collections_list.setToolTip(tr("Tick the collections to search; none ticked searches them all"))
        self.collections_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.collections_list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.collections_list.setFixedHeight(self.collections_list.fontMetrics().lineSpacing() * 2)
        self.collections_status = wrapping_label(tr("Collections are listed when the tab is first shown."))
        collections = QVBoxLayout()
        collections.addWidget(self.collections_list)
        collections.addWidget(self.collections_status)
        return collections

    def _build_place(self, form: QFormLayout) -> None:
        self.spatial_combo = self._combo()
        for spatial in Spatial:
            self.spatial_combo.addItem(tr(spatial.value), spatial)
        self.spatial_combo.setToolTip(tr("Only items whose footprint intersects this place"))
        self.library_combo = self._combo()
        self.library_combo.setToolTip(tr("The AOI of the workspace's library to search in"))
        self.spatial_combo.currentIndexChanged.connect(self._spatial_changed)
        form.addRow(tr("Place"), self.spatial_combo)
        form.addRow("", self.library_combo)

    def _build_properties(self, form: QFormLayout) -> None:
        """Day/night, cloud cover, sort and page size."""
        self.illumination_combo = self._combo()
        for label, value in ILLUMINATION_CHOICES:
            self.illumination_combo.addItem(tr(label), value)
        form.addRow(tr("Day/night"), self.illumination_combo)
        self.cloud_spin = QSpinBox()
        self.cloud_spin.setRange(-1, 100)
        self.cloud_spin.setSpecialValueText(tr("Any"))
        self.cloud_spin.setSuffix(" %")
        self.cloud_spin.setValue(-1)
        self.cloud_spin.setToolTip(tr("Largest cloud cover (eo:cloud_cover) an item may have"))
        form.addRow(tr("Max. cloud"), self.cloud_spin)
        self.sort_combo = self._combo()
        for label, field, descending in SORTS:
            self.sort_combo.addItem(tr(label), (field, descending))
        form.addRow(tr("Sort"), self.sort_combo)
        self.page_spin = QSpinBox()
        self.page_spin.setRange(1, MAX_PAGE_SIZE)
        self.page_spin.setValue(DEFAULT_PAGE_SIZE)
        self.page_spin.setToolTip(tr("Items per request; every page is loaded, one after the other"))
        form.addRow(tr("Page size"), self.page_spin)

    def _build_cql2(self) -> QgsCollapsibleGroupBox:
        self.cql2_box = QgsCollapsibleGroupBox(tr("Advanced: CQL2 filter"))
        self.cql2_box.setCollapsed(True)
        cql2_layout = QVBoxLayout(self.cql2_box)
        self.cql2_edit = QPlainTextEdit()
        self.cql2_edit.setPlaceholderText(tr("CQL2 text, e.g. platform = 'SBA01', or CQL2 JSON {…}"))
        self.cql2_edit.setMaximumHeight(self.cql2_edit.fontMetrics().height() * 5)
        self.cql2_edit.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        cql2_layout.addWidget(self.cql2_edit)
        cql2_layout.addWidget(wrapping_label(tr("AND-ed with the filters above.")))
        return self.cql2_box

    @staticmethod
    def _date_edit(label: str, tip: str) -> tuple[QCheckBox, QDateTimeEdit]:
        """A date-time (shown and read as UTC) that counts only while its box is ticked."""
        check = QCheckBox(label)
        check.setToolTip(tip)
        edit = utc_date_edit()
        edit.setToolTip(check.toolTip())
        edit.setEnabled(False)
        check.toggled.connect(edit.setEnabled)
        return check, edit

    @staticmethod
    def _combo() -> QComboBox:
        combo = QComboBox()
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(COMBO_MINIMUM_CHARACTERS)
        return combo

    def _spatial_changed(self) -> None:
        self.library_combo.setVisible(self.spatial() is Spatial.LIBRARY_AOI)

    # -- filling ---------------------------------------------------------------------------------
    def set_collections(self, collections: list[StacCollection]) -> None:
        """List the server's collections (the ticked ones stay ticked)."""
        ticked = set(self.collections())
        self.collections_list.clear()
        for collection in collections:
            item = QListWidgetItem(collection.title or collection.id)
            item.setData(Qt.ItemDataRole.UserRole, collection.id)
            item.setToolTip(
                "\n".join(filter(None, (collection.id, collection.title, collection.description)))
            )
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if collection.id in ticked else Qt.CheckState.Unchecked)
            self.collections_list.addItem(item)
        rows = min(max(len(collections), 1), COLLECTION_ROWS)
        frame = 2 * self.collections_list.frameWidth()
        self.collections_list.setFixedHeight(rows * max(self.collections_list.sizeHintForRow(0), 1) + frame)
        self.collections_status.setText(
            tr_count(
                len(collections),
                "{count} collection; none ticked searches them all.",
                "{count} collections; none ticked searches them all.",
            )
            if collections
            else tr("The server lists no collections.")
        )

    def collections_failed(self, message: str) -> None:
        """Say why the collections are not listed (a search still works, in every collection)."""
        self.collections_status.setText(
            breakable(
                tr(
                    "The collections could not be listed: {message} A search covers them all; they are "
                    "listed again when the tab is shown again."
                ).format(message=message)
            )
        )

    def tick_collections(self, collection_ids: list[str]) -> None:
        """Tick exactly these collections."""
        for row in range(self.collections_list.count()):
            item = self.collections_list.item(row)
            wanted = item.data(Qt.ItemDataRole.UserRole) in collection_ids
            item.setCheckState(Qt.CheckState.Checked if wanted else Qt.CheckState.Unchecked)

    def _workspace_changed(self, part: str) -> None:
        if part == AOIS:
            self._fill_library()

    def _fill_library(self) -> None:
        current = self.library_combo.currentData()
        self.library_combo.clear()
        for aoi in self.workspace.aois:
            self.library_combo.addItem(aoi.name, aoi.id)
            self.library_combo.setItemData(
                self.library_combo.count() - 1, aoi.name, Qt.ItemDataRole.ToolTipRole
            )
        self.library_combo.setCurrentIndex(max(self.library_combo.findData(current), 0))

    def reset(self) -> None:
        """Every filter back to "any" (the sort and the page size stay as chosen)."""
        self.tick_collections([])
        self.start_check.setChecked(False)
        self.end_check.setChecked(False)
        self.set_spatial(Spatial.ANYWHERE)
        self.order_edit.clear()
        self.illumination_combo.setCurrentIndex(0)
        self.cloud_spin.setValue(self.cloud_spin.minimum())
        self.cql2_edit.clear()

    def release(self) -> None:
        """Stop following the workspace (unload)."""
        self.workspace.changed.disconnect(self._workspace_changed)

    # -- reading ---------------------------------------------------------------------------------
    def collections(self) -> list[str]:
        """The ticked collection ids."""
        return [
            self.collections_list.item(row).data(Qt.ItemDataRole.UserRole)
            for row in range(self.collections_list.count())
            if self.collections_list.item(row).checkState() == Qt.CheckState.Checked
        ]

    def spatial(self) -> Spatial:
        """The kind of place chosen."""
        return self.spatial_combo.currentData()

    def set_spatial(self, spatial: Spatial) -> None:
        """Choose the kind of place."""
        self.spatial_combo.setCurrentIndex(self.spatial_combo.findData(spatial))

    def set_order(self, order_id: str) -> None:
        """Search the deliveries of this order (other filters stay as they are)."""
        self.order_edit.setText(order_id)

    def request(self) -> SearchRequest:
        """The search the filters describe; raises FilterError saying what to change."""
        end = ticked_utc(self.end_check, self.end_edit)
        sort_field, descending = self.sort_combo.currentData()
        cloud = self.cloud_spin.value()
        return SearchRequest(
            collections=tuple(self.collections()),
            start=ticked_utc(self.start_check, self.start_edit),
            end=end_of_minute(end) if end is not None else None,  # "until 12:30" includes 12:30:40
            intersects=self.intersects(),
            order_id=self.order_edit.text().strip() or None,
            illumination=self.illumination_combo.currentData(),
            max_cloud_cover=float(cloud) if cloud >= 0 else None,
            sort_field=sort_field,
            descending=descending,
            page_size=self.page_spin.value(),
            cql2=self.cql2_edit.toPlainText().strip(),
        )

    def intersects(self) -> dict | None:
        """The chosen place as a GeoJSON geometry in EPSG:4326 (None: anywhere)."""
        spatial = self.spatial()
        if spatial is Spatial.EXTENT:
            return wgs84_box(
                self.canvas.extent(), self.canvas.mapSettings().destinationCrs(), tr("The map extent")
            )
        if spatial is Spatial.CURRENT_AOI:
            return self._current_aoi()
        if spatial is Spatial.LIBRARY_AOI:
            aoi = self.workspace.aoi(self.library_combo.currentData())
            if aoi is None or aoi.geometry is None:
                raise FilterError(tr("Choose an AOI of the library (the AOIs tab lists them)."))
            return aoi.geometry
        if spatial is Spatial.SELECTED:
            return self._selected_features()
        return None

    def _current_aoi(self) -> dict:
        aois = self.current_aoi.aois if self.current_aoi is not None else []
        geometries = []
        for aoi in aois:
            candidate = aoi.candidate
            geometries.extend([candidate.geometry] if candidate.geometry is not None else candidate.parts)
        if not geometries:
            raise FilterError(
                tr(
                    "There is no current AOI: draw one or pick features in the AOIs tab, "
                    "or choose another place."
                )
            )
        return to_geojson_geometry(  # prepared in EPSG:4326 (and simplified) off the main thread
            geometries[0] if len(geometries) == 1 else QgsGeometry.collectGeometry(geometries)
        )

    def _selected_features(self) -> dict:
        layer = self.iface.activeLayer()
        if not isinstance(layer, QgsVectorLayer) or layer.selectedFeatureCount() == 0:
            raise FilterError(
                tr(
                    "No features are selected: select features of a vector layer (make it the active layer), "
                    "or choose another place."
                )
            )
        selected = layer.getSelectedFeatures(QgsFeatureRequest().setNoAttributes())
        place = features_place(
            (feature.geometry() for feature in selected),
            layer.crs(),
            tr("The selection of “{layer}”").format(layer=layer.name()),
        )
        if place is None:
            raise FilterError(
                tr("The selected features of “{layer}” have no geometry.").format(layer=layer.name())
            )
        return place
