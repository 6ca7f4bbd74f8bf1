"""The connection dialog: test connection in a task, plain errors, secrets saved encrypted."""

from __future__ import annotations

import pytest
from qgis.core import QgsApplication, QgsSettings

from constellr.plugin.connection import (
    AuthMode,
    forget_credentials,
    load_settings,
    make_client,
    save_connection,
)
from constellr.plugin.tasks import TaskRunner
from constellr.ui.connection_dialog import ConnectionDialog
from sandbox.data import DEMO_API_KEY, LEGACY_PASSWORD, LEGACY_USERNAME, REVOKED_API_KEY


def list_products_once():
    """The products, through a client closed afterwards."""
    with make_client() as client:
        return client.list_products()


@pytest.fixture
def dialog(sandbox, monkeypatch):
    monkeypatch.delenv("CONSTELLR_API_KEY", raising=False)
    monkeypatch.delenv("CONSTELLR_API_URL", raising=False)
    assert QgsApplication.authManager().setMasterPassword("constellr-test-master", True)
    dialog = ConnectionDialog(TaskRunner())
    dialog.url_edit.setText(sandbox.api_url)
    yield dialog
    forget_credentials()
    QgsSettings().remove("constellr")


def test_test_connection_lists_the_workspace_products(dialog, wait_for) -> None:
    dialog.key_edit.setText(DEMO_API_KEY)
    dialog.test_button.click()
    wait_for(dialog.test_button.isEnabled, what="the connection test")
    assert (
        dialog.result_label.text()
        == "Connected. Products of this workspace: LSTprecision, LSTzoom, LSTfusion"
    )


def test_a_revoked_key_gets_a_plain_answer(dialog, wait_for) -> None:
    dialog.key_edit.setText(REVOKED_API_KEY)
    dialog.test_button.click()
    wait_for(dialog.test_button.isEnabled, what="the connection test")
    assert "Check the workspace API key" in dialog.result_label.text()
    assert REVOKED_API_KEY not in dialog.result_label.text()


def test_save_needs_a_key_then_keeps_it_encrypted(dialog) -> None:
    dialog.save()
    assert dialog.result_label.text() == "Enter the workspace API key."
    dialog.key_edit.setText(DEMO_API_KEY)
    dialog.save()
    assert dialog.result() == ConnectionDialog.DialogCode.Accepted
    assert load_settings().authcfg
    assert list_products_once()


def test_legacy_mode_switches_the_fields(dialog) -> None:
    dialog.legacy_radio.setChecked(True)
    assert not dialog.key_edit.isEnabled()
    assert dialog.username_edit.isEnabled()
    dialog.username_edit.setText("analyst@demo.example")
    dialog.save()
    assert dialog.result_label.text() == "Enter both the username and the password."


def test_the_stored_username_is_shown_and_a_lost_secret_does_not_break_the_dialog(dialog, sandbox) -> None:
    saved = save_connection(
        sandbox.api_url, AuthMode.LEGACY, username=LEGACY_USERNAME, password=LEGACY_PASSWORD
    )
    assert ConnectionDialog(TaskRunner()).username_edit.text() == LEGACY_USERNAME
    QgsApplication.authManager().removeAuthenticationConfig(saved.authcfg)
    assert ConnectionDialog(TaskRunner()).username_edit.text() == ""


@pytest.mark.parametrize("action", ["test", "save"])
def test_a_pasted_key_with_typographic_quotes_is_refused_at_entry(dialog, sandbox, action: str) -> None:
    dialog.key_edit.setText(f"“{DEMO_API_KEY}”")
    dialog.test_button.click() if action == "test" else dialog.save()
    text = dialog.result_label.text()
    assert "left double quotation mark" in text
    assert "Copy the key again" in text
    assert DEMO_API_KEY not in text
    assert sandbox.requests == []
    assert not load_settings().authcfg  # nothing stored


def test_invisible_characters_around_a_pasted_key_are_dropped_when_saved(dialog) -> None:
    dialog.key_edit.setText(f"\u200b{DEMO_API_KEY}\u200b ")
    dialog.save()
    assert list_products_once()


def test_test_connection_with_nothing_typed_asks_for_the_key_here(dialog, sandbox) -> None:
    dialog.test_button.click()
    assert dialog.result_label.text() == "Type the workspace API key first."
    assert sandbox.requests == []


def test_environment_overrides_are_shown_and_saving_under_them_warns(dialog, sandbox, monkeypatch) -> None:
    assert dialog.override_label.isHidden()
    assert dialog.unused_after_save() == ""
    monkeypatch.setenv("CONSTELLR_API_URL", "https://staging.example.test")
    monkeypatch.setenv("CONSTELLR_API_KEY", DEMO_API_KEY)
    overridden = ConnectionDialog(TaskRunner())
    assert overridden.url_edit.text() != "https://staging.example.test"  # the saved URL, editable as saved
    assert not overridden.override_label.isHidden()
    assert "CONSTELLR_API_URL is set" in overridden.override_label.text()
    assert "CONSTELLR_API_KEY is set" in overridden.override_label.text()
    assert DEMO_API_KEY not in overridden.override_label.text()
    overridden.url_edit.setText(sandbox.api_url)
    overridden.key_edit.setText(DEMO_API_KEY)
    overridden.save()
    assert overridden.result() == ConnectionDialog.DialogCode.Accepted
    warning = overridden.unused_after_save()
    assert "the API URL (CONSTELLR_API_URL is set)" in warning
    assert "the credentials (CONSTELLR_API_KEY is set)" in warning


def test_test_connection_says_when_the_environment_key_was_used(
    dialog, sandbox, monkeypatch, wait_for
) -> None:
    monkeypatch.setenv("CONSTELLR_API_KEY", DEMO_API_KEY)
    dialog.test_button.click()
    wait_for(dialog.test_button.isEnabled, what="the connection test")
    assert dialog.result_label.text().startswith("Connected (with the key from CONSTELLR_API_KEY).")
