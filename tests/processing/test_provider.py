"""The constellr provider: its algorithms, the plugin registering and removing it, the headless connection."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

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


STORE_KEY = """
import sys
from qgis.core import QgsApplication, QgsAuthMethodConfig
app = QgsApplication([], False)
app.initQgis()
manager = QgsApplication.authManager()
assert manager.setMasterPassword(sys.argv[1], True)
config = QgsAuthMethodConfig()
config.setName("constellr")
config.setMethod("Basic")
config.setConfig("username", "X-Api-Key")
config.setConfig("password", sys.argv[2])
assert manager.storeAuthenticationConfig(config)[0]
print(config.id())
app.exitQgis()
"""


@pytest.fixture
def stored_key(qgis_config, tmp_path) -> tuple[str, Path]:
    """The demo key in the throwaway profile's authentication database: its id and a master password file."""
    profile = qgis_config / "profiles" / "default"
    stored = subprocess.run(  # noqa: S603 - our own script
        [sys.executable, "-c", STORE_KEY, "profile-master", DEMO_API_KEY],
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "QGIS_AUTH_DB_DIR_PATH": str(profile)},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    password_file = tmp_path / "master-password"
    password_file.write_text("profile-master\n", encoding="utf-8")
    return stored.stdout.strip().splitlines()[-1], password_file


def test_qgis_process_reads_the_key_of_an_auth_configuration_unlocked_by_a_password_file(
    qgis_process, stored_key, sandbox
) -> None:
    authcfg, password_file = stored_key

    ran = qgis_process(
        "--json",
        "run",
        "constellr:listorders",
        "--",
        "STATE=rejected",
        "OUTPUT=memory:",
        CONSTELLR_API_URL=sandbox.api_url,
        CONSTELLR_AUTHCFG=authcfg,
        QGIS_AUTH_PASSWORD_FILE=str(password_file),
    )

    assert ran.returncode == 0, ran.stderr
    assert json.loads(ran.stdout)["results"]["COUNT"] == 3


def test_qgis_process_never_asks_for_the_master_password(qgis_process, stored_key, sandbox) -> None:
    authcfg, _ = stored_key

    ran = qgis_process(
        "run",
        "constellr:listorders",
        "--",
        "OUTPUT=memory:",
        CONSTELLR_API_URL=sandbox.api_url,
        CONSTELLR_AUTHCFG=authcfg,
    )

    assert ran.returncode != 0
    assert "authentication database holding the constellr credentials is locked" in ran.stderr
    assert "QGIS_AUTH_PASSWORD_FILE" in ran.stderr
    assert "Traceback" not in ran.stderr + ran.stdout
    assert not sandbox.requests
