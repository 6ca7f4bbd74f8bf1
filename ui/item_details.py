"""Details of the item selected in the Search tab: its thumbnail, properties and assets."""

from __future__ import annotations

import html
import json
from collections import OrderedDict
from typing import Any

from qgis.gui import QgsCollapsibleGroupBox
from qgis.PyQt.QtCore import QSize, Qt
from qgis.PyQt.QtGui import QImage, QPixmap
from qgis.PyQt.QtWidgets import QLabel, QTextBrowser, QVBoxLayout, QWidget

from ..plugin.api import StacItem
from ..plugin.context import PluginContext
from ..plugin.i18n import tr, translatable
from ..plugin.search import fetch_preview
from .style import breakable, wrapping_label

PREVIEW_HEIGHT = 160  # px, the tallest a thumbnail is shown
PREVIEW_WIDTH = 4 * PREVIEW_HEIGHT  # px, the widest a thumbnail is kept (wider than any dock shows it)
PREVIEWS_KEPT = 50  # thumbnails remembered (at most 400 kB each), so going back to an item shows it at once
LONGEST_VALUE = 300  # characters of a property value shown (lists, objects)
SELECT_AN_ITEM = translatable("Select an item to see its details.")
FIRST_PROPERTIES = ("datetime", "platform", "constellr:illumination", "eo:cloud_cover", "order:id")


def _value_text(value: object) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= LONGEST_VALUE else text[: LONGEST_VALUE - 1] + "…"


def _cell(text: str) -> str:
    return html.escape(breakable(text))


def _name_cell(name: str) -> str:
    """A property name that may break after ``:`` and ``_`` (``constellr:cloud_shadow_cover``)."""
    return html.escape(name).replace(":", ":\u200b").replace("_", "_\u200b")


def details_html(item: StacItem) -> str:
    """The item's id, properties and assets (key, title, type; never a link) as HTML that wraps."""
    names = [name for name in FIRST_PROPERTIES if name in item.properties]
    names += sorted(name for name in item.properties if name not in FIRST_PROPERTIES)
    rows = "".join(
        f"<tr><td><i>{_name_cell(name)}</i></td><td>{_cell(_value_text(item.properties[name]))}</td></tr>"
        for name in names
    )
    assets = "".join(
        f"<li><b>{_cell(asset.key)}</b>"
        + (f" — {_cell(asset.title)}" if asset.title else "")
        + (f" <i>({_cell(asset.type)})</i>" if asset.type else "")
        + "</li>"
        for asset in item.assets.values()
    )
    assets = assets or f"<li>{html.escape(tr('none'))}</li>"
    return (
        f"<p><b>{_cell(item.id)}</b><br>{_cell(item.collection or '')}</p>"
        f"<table cellspacing='2'>{rows}</table>"
        f"<p><b>{html.escape(tr('Assets'))}</b></p><ul style='margin-left: 0'>{assets}</ul>"
    )


def small_preview(*client_feedback_item: Any) -> QImage | None:
    """:func:`fetch_preview` (an operation: client, feedback, item), decoded and scaled to fit
    PREVIEW_WIDTH × PREVIEW_HEIGHT in the worker thread: a 2 MiB JPEG decodes to some 50 MB, of which only
    the small image is kept. None if the item has no thumbnail."""
    data = fetch_preview(*client_feedback_item)
    image = QImage.fromData(data) if data else QImage()
    if image.isNull():
        return None
    if image.width() <= PREVIEW_WIDTH and image.height() <= PREVIEW_HEIGHT:
        return image
    return image.scaled(
        PREVIEW_WIDTH,
        PREVIEW_HEIGHT,
        Qt.AspectRatioMode.KeepAspectRatio,
        Qt.TransformationMode.SmoothTransformation,
    )


def _key(item: StacItem | None) -> tuple[str, str] | None:
    return (item.collection or "", item.id) if item is not None else None


class ItemDetails(QgsCollapsibleGroupBox):
    """The thumbnail (fetched in a task, small), properties and assets of one item."""

    def __init__(self, context: PluginContext, parent: QWidget | None = None) -> None:
        super().__init__(tr("Details"), parent)
        self.context = context
        self.item: StacItem | None = None
        self._previews: OrderedDict[tuple[str, str], QImage | None] = OrderedDict()
        layout = QVBoxLayout(self)
        self.summary = wrapping_label(tr(SELECT_AN_ITEM))
        self.preview = QLabel()
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setMinimumWidth(1)
        self.preview.hide()
        self.text = QTextBrowser()
        self.text.setOpenLinks(False)
        self.text.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.text.setMinimumWidth(1)
        self.text.hide()
        layout.addWidget(self.summary)
        layout.addWidget(self.preview)
        layout.addWidget(self.text)

    def show_item(self, item: StacItem | None, selected: int = 1) -> None:
        """Show an item (the first of ``selected`` items; the summary says how many are selected)."""
        if selected > 1:
            self.summary.setText(tr("{count} items selected; the first is shown.").format(count=selected))
        else:
            self.summary.setText("" if item else tr(SELECT_AN_ITEM))
        self.summary.setVisible(bool(self.summary.text()))
        if _key(item) == _key(self.item):
            return
        self.item = item
        self.context.cancel(self)
        self.text.setVisible(item is not None)
        self.preview.clear()
        self.preview.hide()
        if item is None:
            return
        self.text.setHtml(details_html(item))
        if _key(item) in self._previews:
            self._show_preview(item, self._previews[_key(item)])
            return
        self.preview.setText(tr("Loading the thumbnail…"))
        self.preview.show()
        self.context.run(
            tr("thumbnail of {item}").format(item=item.id),
            small_preview,
            item,
            on_done=lambda image: self._preview_loaded(item, image),
            on_error=lambda message: self._preview_failed(item, message),
            owner=self,
        )

    def _preview_loaded(self, item: StacItem, image: QImage | None) -> None:
        self._previews[_key(item)] = image
        while len(self._previews) > PREVIEWS_KEPT:
            self._previews.popitem(last=False)
        self._show_preview(item, image)

    def _preview_failed(self, item: StacItem, message: str) -> None:
        if item is self.item:  # still shown
            self.preview.setText(breakable(tr("No thumbnail: {message}").format(message=message)))
            self.preview.setWordWrap(True)

    def _show_preview(self, item: StacItem, image: QImage | None) -> None:
        if item is not self.item:
            return
        if image is None:
            self.preview.clear()
            self.preview.hide()
            return
        width = max(self.contentsRect().width() - 2 * self.layout().contentsMargins().left(), 64)
        self.preview.setPixmap(
            QPixmap.fromImage(image).scaled(
                QSize(width, PREVIEW_HEIGHT),
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        )
        self.preview.show()

    def release(self) -> None:
        """Stop loading a thumbnail (unload)."""
        self.context.cancel(self)
