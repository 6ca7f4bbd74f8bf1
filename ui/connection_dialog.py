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
from ..plugin.i18n import tr
from ..plugin.tasks import TaskRunner, user_message
from ..plugin.workspace import list_products
from .style import BAD, GOOD, text_colour

KEY_PAGE = "https://app.constellr.com/account/workspace-api-keys"


class ConnectionDialog(QDialog):
    """Edits the connection; secrets go to the QGIS authentication database on Save."""

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("constellr connection"))
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
        form.addRow(tr("API URL:"), self.url_edit)
        self.key_radio = QRadioButton(tr("Workspace API key"))
        self.legacy_radio = QRadioButton(tr("Username and password (legacy)"))
        self.mode_group = QButtonGroup(self)
        self.mode_group.addButton(self.key_radio)
        self.mode_group.addButton(self.legacy_radio)
        form.addRow(tr("Sign in with:"), self.key_radio)
        form.addRow("", self.legacy_radio)
        self.key_edit = QLineEdit()
        self.key_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.key_edit.setPlaceholderText(
            tr("kept unchanged when left empty") if settings.authcfg else tr("paste the key")
        )
        form.addRow(tr("API key:"), self.key_edit)
        self.username_edit = QLineEdit(stored_username(settings))
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(tr("Username:"), self.username_edit)
        form.addRow(tr("Password:"), self.password_edit)
        layout.addLayout(form)
        help_text = QLabel(
            tr(
                'Create a workspace API key at <a href="{key_page}">app.constellr.com ▸ Account</a>. '
                "It is stored encrypted in the QGIS authentication database. Bearer sign-in only works for "
                "accounts in a single workspace."
            ).format(key_page=KEY_PAGE)
        )
        help_text.setWordWrap(True)
        help_text.setOpenExternalLinks(True)
        layout.addWidget(help_text)
        self.test_button = QPushButton(tr("Test connection"))
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
        self.result_label.setText(tr("Connecting…"))

        untyped_key = self.mode is AuthMode.API_KEY and not self.key_edit.text().strip()
        connected = (
            tr("Connected (with the key from {variable}). Products of this workspace: {products}")
            if untyped_key and ENV_API_KEY in environment_overrides()
            else tr("Connected. Products of this workspace: {products}")
        )

        def done(products: list[str]) -> None:
            client.close()
            self._show(connected.format(variable=ENV_API_KEY, products=", ".join(products)), ok=True)

        def failed(error: BaseException) -> None:
            client.close()
            self._show(user_message(error), ok=False)

        self.runner.start(
            tr("constellr: test connection"), lambda task: list_products(client, task), done, failed
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
        url_overridden, key_overridden = ENV_API_URL in overridden, ENV_API_KEY in overridden
        if url_overridden and key_overridden:
            text = tr(
                "Saved, but the API URL ({url_variable} is set) and the credentials ({key_variable} is set): "
                "the environment wins until it is unset and QGIS restarted."
            )
        elif url_overridden:
            text = tr(
                "Saved, but the API URL ({url_variable} is set): "
                "the environment wins until it is unset and QGIS restarted."
            )
        elif key_overridden:
            text = tr(
                "Saved, but the credentials ({key_variable} is set): "
                "the environment wins until it is unset and QGIS restarted."
            )
        else:
            return ""
        return text.format(url_variable=ENV_API_URL, key_variable=ENV_API_KEY)


def overrides_text() -> str:
    """Which environment variables replace the saved connection, in plain words ('' when none)."""
    overridden = environment_overrides()
    parts = []
    if ENV_API_URL in overridden:
        parts.append(
            tr("{variable} is set: the plugin connects to the URL it names, not the one below.").format(
                variable=ENV_API_URL
            )
        )
    if ENV_API_KEY in overridden:
        parts.append(
            tr("{variable} is set: its key is used, not the credentials saved here.").format(
                variable=ENV_API_KEY
            )
        )
    return " ".join(parts)
