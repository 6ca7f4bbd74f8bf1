"""Add or edit a saved feed: name, URL (with what is read when it starts with wss://), kind, token, asset
keys of interest. The token goes to the QGIS authentication database, never to the settings."""

from __future__ import annotations

import re

from qgis.PyQt.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ..plugin.api.feeds import feed_origin, stream_url
from ..plugin.connection import CredentialsError
from ..plugin.feeds import Feed, FeedKind, guess_kind, store_token
from ..plugin.i18n import tr, translatable
from .style import BAD, MUTED, breakable, text_colour, wrapping_label

KIND_NAMES = {
    FeedKind.SUBSCRIPTION: translatable("Subscription (live, stays open)"),
    FeedKind.DATASET: translatable("Dataset (every item, then ends)"),
}
#: The dialog's width: it fits next to the dock on a 1366×768 screen.
DIALOG_WIDTH = 460


def asset_keys(text: str) -> tuple[str, ...]:
    """Asset keys typed as a list (commas or spaces between them), each once, in the order typed."""
    return tuple(dict.fromkeys(key for key in re.split(r"[\s,;]+", text) if key))


class FeedDialog(QDialog):
    """Edits one feed; on Save the token is stored and ``saved`` holds the feed to keep (with its authcfg).

    ``others`` are the other saved feeds (their names are taken). Open it with ``open()`` and read
    ``saved`` when ``accepted`` is emitted.
    """

    def __init__(self, others: list[Feed], feed: Feed | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Edit feed") if feed else tr("Add feed"))
        self.resize(DIALOG_WIDTH, self.sizeHint().height())
        self.original = feed
        self.saved: Feed | None = None
        self._taken = {other.name for other in others}
        # a kind the analyst chose (not the one the URL suggests) is never replaced by a guess
        self._kind_chosen = feed is not None and feed.kind is not guess_kind(feed.url)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.name_edit = QLineEdit(feed.name if feed else "")
        self.name_edit.setPlaceholderText(tr("e.g. Berlin deliveries"))
        form.addRow(tr("Name:"), self.name_edit)
        self.url_edit = QLineEdit(feed.url if feed else "")
        self.url_edit.setPlaceholderText("wss://…/subscription/v1/?package=…")
        form.addRow(tr("URL:"), self.url_edit)
        self.url_note = wrapping_label()
        self.url_note.hide()
        form.addRow(self.url_note)
        self.kind_combo = QComboBox()
        for kind, name in KIND_NAMES.items():
            self.kind_combo.addItem(tr(name), kind)
        self.kind_combo.activated.connect(self._kind_picked)
        form.addRow(tr("Kind:"), self.kind_combo)
        self.token_edit = QLineEdit()
        self.token_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.token_edit.setPlaceholderText(
            tr("kept unchanged when left empty") if feed and feed.authcfg else tr("paste the API token")
        )
        form.addRow(tr("Token:"), self.token_edit)
        self.assets_edit = QLineEdit(", ".join(feed.asset_keys) if feed else "")
        self.assets_edit.setPlaceholderText(tr("e.g. lst, quicklook (optional)"))
        self.assets_edit.setToolTip(tr("Assets ticked first when you download files of the feed's items"))
        form.addRow(tr("Assets of interest:"), self.assets_edit)
        layout.addLayout(form)
        layout.addWidget(
            wrapping_label(
                tr(
                    "The token is sent as “Authorization: Token …” to the feed's host only, and stored "
                    "encrypted in the QGIS authentication database."
                )
            )
        )
        self.result_label = wrapping_label()
        self.result_label.setStyleSheet(text_colour(BAD))
        self.result_label.hide()
        layout.addWidget(self.result_label)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        if feed is not None:
            self.kind_combo.setCurrentIndex(self.kind_combo.findData(feed.kind))
        self.url_edit.textChanged.connect(self._url_changed)
        self._url_changed(self.url_edit.text())

    def _kind_picked(self, _index: int) -> None:
        self._kind_chosen = True

    def _url_changed(self, text: str) -> None:
        """What is read for this URL (a wss:// address is read over HTTP), and the kind it suggests."""
        url = text.strip()
        note, problem = "", False
        if url:
            try:
                note = stream_url(url)[1] or ""
            except ValueError as error:
                note, problem = str(error), True
        self.url_note.setText(breakable(note))
        self.url_note.setStyleSheet(text_colour(BAD if problem else MUTED))
        self.url_note.setVisible(bool(note))
        self._fit_height()
        if url and not self._kind_chosen:
            self.kind_combo.setCurrentIndex(self.kind_combo.findData(guess_kind(url)))

    def _fit_height(self) -> None:
        """Tall enough for the wrapped notes at the dialog's width (it never grows sideways)."""
        layout = self.layout()
        layout.activate()
        needed = layout.totalHeightForWidth(self.width())
        if needed > self.height():
            self.resize(self.width(), needed)

    def kind(self) -> FeedKind:
        """The kind chosen (or guessed from the URL)."""
        return self.kind_combo.currentData()

    def save(self) -> None:
        """Check the fields, store the token (a blank one keeps the stored token) and close."""
        name, url, token = self.name_edit.text().strip(), self.url_edit.text().strip(), self.token_edit.text()
        authcfg = self.original.authcfg if self.original else ""
        problem, moved = "", False
        if not name:
            problem = tr("Give the feed a name.")
        elif name in self._taken:
            problem = tr("A feed named “{name}” is already saved: choose another name.").format(name=name)
        elif not url:
            problem = tr("Paste the feed's URL.")
        else:
            try:
                moved = bool(self.original) and feed_origin(url) != feed_origin(self.original.url)
            except ValueError as error:
                problem = str(error)
        if not problem and not token.strip():
            if not authcfg:
                problem = tr("Paste the feed's API token.")
            elif moved:  # the stored token goes only where it was entered for
                problem = tr("The URL now points to another host: paste the token for that host.")
        if problem:
            self._say(problem)
            return
        feed = Feed(name, url, self.kind(), authcfg, asset_keys(self.assets_edit.text()))
        if token.strip():
            try:
                feed = store_token(feed, token)
            except (ValueError, CredentialsError) as error:
                self._say(str(error))
                return
        self.saved = feed
        self.accept()

    def _say(self, problem: str) -> None:
        self.result_label.setText(breakable(problem))
        self.result_label.show()
        self._fit_height()
