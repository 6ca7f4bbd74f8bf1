"""Connection settings: API URL, auth mode and credentials, with a connection test."""

from __future__ import annotations

from qgis.PyQt.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ..plugin.connection import (
    DEFAULT_API_URL,
    ENV_API_KEY,
    ENV_API_URL,
    AuthMode,
    CredentialsError,
    environment_overrides,
    save_connection,
    saved_settings,
    stored_username,
    typed_client,
)
from ..plugin.tasks import TaskRunner, user_message
from ..plugin.workspace import list_products
from .style import BAD, GOOD, text_colour

KEY_PAGE = "https://app.constellr.com/account/workspace-api-keys"


class ConnectionDialog(QDialog):
    """Edits the connection; secrets go to the QGIS authentication database on Save."""

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("constellr connection")
        self.runner = runner
        settings = saved_settings()
        layout = QVBoxLayout(self)
        self.override_label = QLabel(overrides_text())
        self.override_label.setWordWrap(True)
        self.override_label.setStyleSheet(text_colour(BAD))
        self.override_label.setVisible(bool(environment_overrides()))
        layout.addWidget(self.override_label)
        form = QFormLayout()
        self.url_edit = QLineEdit(settings.api_url)
        self.url_edit.setPlaceholderText(DEFAULT_API_URL)
        form.addRow("API URL:", self.url_edit)
        self.key_radio = QRadioButton("Workspace API key")
        self.legacy_radio = QRadioButton("Username and password (legacy)")
        self.mode_group = QButtonGroup(self)
        self.mode_group.addButton(self.key_radio)
        self.mode_group.addButton(self.legacy_radio)
        form.addRow("Sign in with:", self.key_radio)
        form.addRow("", self.legacy_radio)
        self.key_edit = QLineEdit()
        self.key_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.key_edit.setPlaceholderText(
            "kept unchanged when left empty" if settings.authcfg else "paste the key"
        )
        form.addRow("API key:", self.key_edit)
        self.username_edit = QLineEdit(stored_username(settings))
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow("Username:", self.username_edit)
        form.addRow("Password:", self.password_edit)
        layout.addLayout(form)
        help_text = QLabel(
            f'Create a workspace API key at <a href="{KEY_PAGE}">app.constellr.com ▸ Account</a>. '
            "It is stored encrypted in the QGIS authentication database. Bearer sign-in only works for "
            "accounts in a single workspace."
        )
        help_text.setWordWrap(True)
        help_text.setOpenExternalLinks(True)
        layout.addWidget(help_text)
        self.test_button = QPushButton("Test connection")
        self.test_button.clicked.connect(self.test_connection)
        layout.addWidget(self.test_button)
        self.result_label = QLabel()
        self.result_label.setWordWrap(True)
        layout.addWidget(self.result_label)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        (self.key_radio if settings.auth_mode is AuthMode.API_KEY else self.legacy_radio).setChecked(True)
        self.mode_group.buttonToggled.connect(self._update_fields)
        self._update_fields()

    @property
    def mode(self) -> AuthMode:
        """The auth mode chosen."""
        return AuthMode.API_KEY if self.key_radio.isChecked() else AuthMode.LEGACY

    def _update_fields(self, *_args: object) -> None:
        key_mode = self.mode is AuthMode.API_KEY
        self.key_edit.setEnabled(key_mode)
        self.username_edit.setEnabled(not key_mode)
        self.password_edit.setEnabled(not key_mode)

    def test_connection(self) -> None:
        """List the workspace's products with the typed (or stored) credentials, in a task."""
        try:
            client = typed_client(
                self.url_edit.text(),
                self.mode,
                api_key=self.key_edit.text(),
                username=self.username_edit.text(),
                password=self.password_edit.text(),
            )
        except (ValueError, CredentialsError) as error:
            self._show(str(error), ok=False)
            return
        self.test_button.setEnabled(False)
        self.result_label.setText("Connecting…")

        untyped_key = self.mode is AuthMode.API_KEY and not self.key_edit.text().strip()
        source = (
            f" (with the key from {ENV_API_KEY})"
            if untyped_key and ENV_API_KEY in environment_overrides()
            else ""
        )

        def done(products: list[str]) -> None:
            client.close()
            self._show(f"Connected{source}. Products of this workspace: " + ", ".join(products), ok=True)

        def failed(error: BaseException) -> None:
            client.close()
            self._show(user_message(error), ok=False)

        self.runner.start(
            "constellr: test connection", lambda task: list_products(client, task), done, failed
        )

    def _show(self, text: str, *, ok: bool) -> None:
        self.test_button.setEnabled(True)
        self.result_label.setText(text)
        self.result_label.setStyleSheet(text_colour(GOOD if ok else BAD))

    def save(self) -> None:
        """Store the connection; the stored secret is kept when its fields are left empty."""
        try:
            save_connection(
                self.url_edit.text() or DEFAULT_API_URL,
                self.mode,
                api_key=self.key_edit.text(),
                username=self.username_edit.text(),
                password=self.password_edit.text(),
            )
        except (ValueError, CredentialsError) as error:
            self._show(str(error), ok=False)
            return
        self.accept()

    def unused_after_save(self) -> str:
        """What was just saved but is not used while the environment overrides it ('' when all is used)."""
        overridden = environment_overrides()
        unused = [
            f"the API URL ({ENV_API_URL} is set)" if ENV_API_URL in overridden else "",
            f"the credentials ({ENV_API_KEY} is set)" if ENV_API_KEY in overridden else "",
        ]
        unused = [text for text in unused if text]
        if not unused:
            return ""
        return (
            f"Saved, but {' and '.join(unused)}: the environment wins until it is unset and QGIS restarted."
        )


def overrides_text() -> str:
    """Which environment variables replace the saved connection, in plain words ('' when none)."""
    overridden = environment_overrides()
    parts = []
    if ENV_API_URL in overridden:
        parts.append(f"{ENV_API_URL} is set: the plugin connects to the URL it names, not the one below.")
    if ENV_API_KEY in overridden:
        parts.append(f"{ENV_API_KEY} is set: its key is used, not the credentials saved here.")
    return " ".join(parts)
