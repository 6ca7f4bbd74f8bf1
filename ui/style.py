"""How the widgets look, in one place: colours (layer symbology lives with the layers in ``plugin/``) and
labels that wrap whatever they hold."""

from __future__ import annotations

import re
from dataclasses import dataclass

from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtGui import QColor
from qgis.PyQt.QtWidgets import QLabel

GOOD = QColor("#1a7f37")  # fits, created, connected
BAD = QColor("#c62828")  # does not fit, refused, failed
MUTED = QColor("#6a6a6a")  # notes and hints


@dataclass(frozen=True)
class Tint:
    """A background and a text colour that stay readable together."""

    background: QColor
    foreground: QColor


ORDER_STATE_TINTS: dict[str, Tint] = {
    "pending_validation": Tint(QColor("#fff3c4"), QColor("#6b4e00")),
    "in_progress": Tint(QColor("#dbe9ff"), QColor("#0b3d91")),
    "closing": Tint(QColor("#d8f3ee"), QColor("#0b5e52")),
    "closed": Tint(QColor("#e6e6e6"), QColor("#333333")),
    "rejected": Tint(QColor("#fde0df"), QColor("#8e1b17")),
}
UNKNOWN_STATE_TINT = Tint(QColor("#f2f2f2"), QColor("#333333"))


def text_colour(colour: QColor) -> str:
    """A style sheet that writes text in ``colour``."""
    return f"color: {colour.name()}"


def order_state_tint(state: str | None) -> Tint:
    """The colours of an order state in the orders table; a state the plugin does not know is grey."""
    return ORDER_STATE_TINTS.get(state or "", UNKNOWN_STATE_TINT)


def breakable(text: str, longest: int = 25) -> str:
    """``text`` with line-break chances inside long words (URLs, ids), so a wrapping label never widens."""

    def split(word: str) -> str:
        pieces = re.sub(r"([/.?&=])", "\\1\u200b", word).split("\u200b")
        return "\u200b".join(
            "\u200b".join(piece[start : start + longest] for start in range(0, len(piece), longest))
            for piece in pieces
        )

    return " ".join(split(word) if len(word) > longest else word for word in text.split(" "))


def wrapping_label(text: str = "") -> QLabel:
    """A label that wraps and never widens the dock (texts with long words go through ``breakable``)."""
    label = QLabel(text)
    label.setWordWrap(True)
    label.setMinimumWidth(1)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label
