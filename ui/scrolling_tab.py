"""A dock tab whose content scrolls up and down, never sideways: the dock never widens QGIS's window."""

from __future__ import annotations

from qgis.PyQt.QtCore import QSize, Qt
from qgis.PyQt.QtWidgets import QFrame, QScrollArea, QVBoxLayout, QWidget


class ScrollingTab(QWidget):
    """A tab page: lay the tab out in ``self.content``; it scrolls vertically inside the page."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.content = QWidget()
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setWidget(self.content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.scroll)

    def minimumSizeHint(self) -> QSize:
        """As wide as the boxes need (they scroll up and down, never sideways), as high as a few lines."""
        hint = super().minimumSizeHint()
        width = self.content.minimumSizeHint().width() + self.scroll.verticalScrollBar().sizeHint().width()
        return QSize(max(hint.width(), width), hint.height())
