"""The dialog that edits one order's tags."""

from __future__ import annotations

from qgis.PyQt.QtCore import Qt, pyqtSignal
from qgis.PyQt.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..plugin.api import Order
from ..plugin.i18n import tr
from ..plugin.orders import parse_tags, short_id, tag_names, tags_text
from ..plugin.rules import MAX_TAG_LENGTH, MAX_TAGS_PER_ORDER, tag_problems
from .style import BAD, text_colour


class TagsDialog(QDialog):
    """Edits one order's tags as a comma-separated line, checked while typing; deleted when closed.

    Signals:
        tagsAccepted(list): OK was pressed; the tags as typed (never ones the rules refuse).
    """

    tagsAccepted = pyqtSignal(list)

    def __init__(self, order: Order, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(tr("Tags of order {order}").format(order=short_id(order.id)))
        layout = QVBoxLayout(self)
        hint = QLabel(
            tr(
                "Comma-separated; at most {tags} tags of up to {characters} characters, "
                "no duplicates. Leave empty to remove every tag."
            ).format(tags=MAX_TAGS_PER_ORDER, characters=MAX_TAG_LENGTH)
        )
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.editor = QLineEdit(tags_text(tag_names(order)))
        layout.addWidget(self.editor)
        self.problem_label = QLabel()
        self.problem_label.setWordWrap(True)
        self.problem_label.setStyleSheet(text_colour(BAD))
        layout.addWidget(self.problem_label)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.editor.textChanged.connect(self._check)
        self._check()

    @property
    def ok_button(self) -> QPushButton:
        """The OK button (disabled while the tags would be refused)."""
        return self.buttons.button(QDialogButtonBox.StandardButton.Ok)

    def tags(self) -> list[str]:
        """The tags as typed."""
        return parse_tags(self.editor.text())

    def accept(self) -> None:
        """Hand the tags over, then close (and be deleted)."""
        self.tagsAccepted.emit(self.tags())
        super().accept()

    def _check(self) -> None:
        problems = tag_problems(self.tags())
        self.problem_label.setText("\n".join(problem.message for problem in problems))
        self.ok_button.setEnabled(not problems)
