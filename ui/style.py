"""The colours the widgets use, in one place (layer symbology lives with the layers in ``plugin/``)."""

from __future__ import annotations

from qgis.PyQt.QtGui import QColor

GOOD = QColor("#1a7f37")  # fits, created, connected
BAD = QColor("#c62828")  # does not fit, refused, failed
MUTED = QColor("#6a6a6a")  # notes and hints


def text_colour(colour: QColor) -> str:
    """A style sheet that writes text in ``colour``."""
    return f"color: {colour.name()}"
