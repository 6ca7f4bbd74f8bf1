"""The constellr provider: its algorithms, the plugin registering and removing it, the headless connection."""

from __future__ import annotations

import pytest
from qgis.core import QgsApplication, QgsProcessingException, QgsSettings

from constellr.plugin.connection import AuthMode, forget_credentials, save_connection
from constellr.plugin.processing.algorithms import ALGORITHMS
from sandbox.data import DEMO_API_KEY


def test_the_provider_offers_every_algorithm_in_the_constellr_group(provider) -> None:
    algorithms = {algorithm.id(): algorithm for algorithm in provider.algorithms()}
    assert set(algorithms) == {f"constellr:{algorithm().name()}" for algorithm in ALGORITHMS}
    assert {"constellr:geometryinfo", "constellr:createaois", "constellr:listorders"} <= set(algorithms)
    assert {algorithm.groupId() for algorithm in algorithms.values()} == {"constellr"}
    assert all(algorithm.shortHelpString() for algorithm in algorithms.values())
    assert not provider.icon().isNull()


def test_the_plugin_registers_the_provider_for_processing_and_removes_it_on_unload(
    processing_framework, qgis_iface
) -> None:
    import constellr

    plugin = constellr.classFactory(qgis_iface)
    registry = QgsApplication.processingRegistry()
    plugin.initProcessing()
    plugin.initProcessing()  # initGui calls it too: still one provider
    try:
        assert registry.providerById("constellr") is plugin.provider
        assert [p for p in registry.providers() if p.id() == "constellr"] == [plugin.provider]
    finally:
        plugin.unload()
    assert registry.providerById("constellr") is None


@pytest.fixture
def unlocked_auth_database(monkeypatch):
    """The authentication database open with the test master password; no environment credentials."""
    monkeypatch.delenv("CONSTELLR_API_KEY", raising=False)
    monkeypatch.delenv("CONSTELLR_AUTHCFG", raising=False)
    manager = QgsApplication.authManager()
    assert manager.setMasterPassword("constellr-test-master", True)
    QgsSettings().remove("constellr")
    yield manager
    assert manager.setMasterPassword("constellr-test-master", True)
    forget_credentials()
    QgsSettings().remove("constellr")


def test_an_auth_configuration_named_in_the_environment_connects(
    run, sandbox, unlocked_auth_database, monkeypatch
) -> None:
    authcfg = save_connection(sandbox.api_url, AuthMode.API_KEY, api_key=DEMO_API_KEY).authcfg
    QgsSettings().remove("constellr/authcfg")  # only the environment names it
    monkeypatch.setenv("CONSTELLR_API_URL", sandbox.api_url)
    monkeypatch.setenv("CONSTELLR_AUTHCFG", authcfg)
    try:
        assert run("listorders", {"STATE": "rejected", "OUTPUT": "memory:"})["COUNT"] > 0
    finally:
        unlocked_auth_database.removeAuthenticationConfig(authcfg)

    monkeypatch.setenv("CONSTELLR_AUTHCFG", "nosuch1")
    with pytest.raises(QgsProcessingException, match="CONSTELLR_AUTHCFG names “nosuch1”"):
        run("listorders", {"OUTPUT": "memory:"})


def test_a_locked_auth_database_says_what_to_set_instead_of_asking(
    run, sandbox, unlocked_auth_database, monkeypatch
) -> None:
    save_connection(sandbox.api_url, AuthMode.API_KEY, api_key=DEMO_API_KEY)
    monkeypatch.setattr("qgis.utils.iface", None)  # as in qgis_process: nobody to type a master password
    unlocked_auth_database.clearMasterPassword()

    with pytest.raises(QgsProcessingException, match="is locked") as raised:
        run("listorders", {"OUTPUT": "memory:"})
    assert "CONSTELLR_API_KEY" in str(raised.value)
    assert "QGIS_AUTH_PASSWORD_FILE" in str(raised.value)
    assert not sandbox.requests
    assert not unlocked_auth_database.masterPasswordIsSet()


def test_no_credentials_at_all_says_what_to_set(run, sandbox, unlocked_auth_database) -> None:
    with pytest.raises(QgsProcessingException, match="No constellr credentials") as raised:
        run("listorders", {"OUTPUT": "memory:"})
    assert "CONSTELLR_API_URL and CONSTELLR_API_KEY" in str(raised.value)
