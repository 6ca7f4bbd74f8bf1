"""Connection settings: secrets only in the encrypted auth database, env override, QGIS proxy."""

from __future__ import annotations

from pathlib import Path

import pytest
from qgis.core import QgsApplication, QgsProject, QgsSettings, QgsVectorLayer

from constellr.plugin.api import ApiKeyAuth, AuthenticationError, BearerTokenAuth
from constellr.plugin.connection import (
    AuthMode,
    CredentialsError,
    credentials,
    forget_credentials,
    load_settings,
    make_client,
    save_connection,
    validate_api_url,
)
from sandbox.data import DEMO_API_KEY, LEGACY_PASSWORD, LEGACY_USERNAME, REVOKED_API_KEY


def list_products_once():
    """The products, through a client closed afterwards."""
    with make_client() as client:
        return client.list_products()


@pytest.fixture(autouse=True)
def clean_connection(monkeypatch):
    monkeypatch.delenv("CONSTELLR_API_KEY", raising=False)
    monkeypatch.delenv("CONSTELLR_API_URL", raising=False)
    assert QgsApplication.authManager().setMasterPassword("constellr-test-master", True)
    yield
    forget_credentials()
    QgsSettings().remove("constellr")


def files_mentioning(secret: str, *paths) -> list[str]:
    return [str(path) for path in paths if secret in Path(path).read_text(encoding="utf-8", errors="replace")]


def test_the_key_lives_only_in_the_auth_database(sandbox, tmp_path) -> None:
    saved = save_connection(sandbox.api_url, AuthMode.API_KEY, api_key=DEMO_API_KEY)
    settings = QgsSettings()
    settings.sync()
    assert settings.value("constellr/authcfg") == saved.authcfg
    layer = QgsVectorLayer("Point?crs=EPSG:4326", "a layer", "memory")
    QgsProject.instance().addMapLayer(layer)
    project_file = tmp_path / "project.qgs"
    assert QgsProject.instance().write(str(project_file))
    QgsProject.instance().removeMapLayer(layer.id())

    assert files_mentioning(DEMO_API_KEY, settings.fileName(), project_file) == []
    assert files_mentioning(saved.authcfg, settings.fileName()) == [settings.fileName()]
    assert DEMO_API_KEY not in repr(credentials(load_settings()))
    products = list_products_once()
    assert [product.name for product in products] == ["LSTprecision", "LSTzoom", "LSTfusion"]


def test_legacy_username_and_password_become_a_bearer_login(sandbox) -> None:
    save_connection(sandbox.api_url, AuthMode.LEGACY, username=LEGACY_USERNAME, password=LEGACY_PASSWORD)
    assert isinstance(credentials(load_settings()), BearerTokenAuth)
    assert "LSTprecision" in {product.name for product in list_products_once()}
    settings = QgsSettings()
    settings.sync()
    assert files_mentioning(LEGACY_PASSWORD, settings.fileName()) == []


def test_an_empty_key_field_keeps_the_stored_key_of_the_same_kind(sandbox) -> None:
    save_connection(sandbox.api_url, AuthMode.API_KEY, api_key=DEMO_API_KEY)
    save_connection(sandbox.api_url + "/", AuthMode.API_KEY)
    assert list_products_once()
    with pytest.raises(CredentialsError, match="username and the password"):
        save_connection(sandbox.api_url, AuthMode.LEGACY)


def test_a_revoked_key_is_reported_plainly(sandbox) -> None:
    save_connection(sandbox.api_url, AuthMode.API_KEY, api_key=REVOKED_API_KEY)
    with pytest.raises(AuthenticationError) as raised:
        list_products_once()
    assert "Check the workspace API key" in str(raised.value)
    assert REVOKED_API_KEY not in str(raised.value)


def test_environment_variables_win_for_headless_use(sandbox, monkeypatch) -> None:
    with pytest.raises(CredentialsError, match="No constellr credentials yet"):
        credentials(load_settings())
    monkeypatch.setenv("CONSTELLR_API_URL", sandbox.api_url)
    monkeypatch.setenv("CONSTELLR_API_KEY", DEMO_API_KEY)
    assert load_settings().api_url == sandbox.api_url
    assert isinstance(credentials(load_settings()), ApiKeyAuth)
    assert list_products_once()


@pytest.mark.parametrize(
    ("url", "accepted"),
    [
        ("https://api.constellr.com/", "https://api.constellr.com"),
        ("http://127.0.0.1:8765", "http://127.0.0.1:8765"),
        ("http://api.constellr.com", None),
        ("api.constellr.com", None),
    ],
)
def test_api_urls_must_be_https_except_on_this_machine(url: str, accepted: str | None) -> None:
    if accepted is None:
        with pytest.raises(ValueError, match="https"):
            validate_api_url(url)
    else:
        assert validate_api_url(url) == accepted
