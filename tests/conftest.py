"""Test set-up shared by every test: import paths and the sandbox server.

The repository root is the plugin package. It is installed as a folder named ``constellr``, so tests
import it under that name whatever the checkout folder is called: a link named ``constellr`` in a
temporary folder points at the checkout. The repository root itself goes on ``sys.path`` for the
``sandbox`` package, which the plugin never imports.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent


def _make_plugin_importable() -> None:
    link_dir = Path(tempfile.mkdtemp(prefix="constellr-import-"))
    (link_dir / "constellr").symlink_to(REPO_ROOT, target_is_directory=True)
    sys.path.insert(0, str(link_dir))
    if str(REPO_ROOT) not in sys.path:
        sys.path.append(str(REPO_ROOT))


_make_plugin_importable()


@pytest.fixture(scope="session")
def sandbox_server(tmp_path_factory: pytest.TempPathFactory):
    """One sandbox (API + storage host) for the whole session, on free loopback ports."""
    from sandbox.testing import SandboxServer

    with SandboxServer(data_dir=tmp_path_factory.mktemp("sandbox-data")) as server:
        yield server


@pytest.fixture
def sandbox(sandbox_server):
    """The sandbox in its demo state, with no faults and an empty request log."""
    sandbox_server.reset()
    yield sandbox_server
    sandbox_server.faults.clear()


@pytest.fixture
def connected(sandbox, monkeypatch: pytest.MonkeyPatch):
    """The plugin's connection pointed at the sandbox with the demo key (the headless route)."""
    from sandbox.data import DEMO_API_KEY

    monkeypatch.setenv("CONSTELLR_API_URL", sandbox.api_url)
    monkeypatch.setenv("CONSTELLR_API_KEY", DEMO_API_KEY)
    return sandbox


@pytest.fixture
def wait_for():
    """Process Qt events until ``condition()`` holds (tasks finish on the main thread)."""
    from qgis.core import QgsApplication

    def wait(condition, timeout: float = 15.0, what: str = "condition") -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out after {timeout} s waiting for {what}")
            QgsApplication.processEvents()
            time.sleep(0.01)

    return wait


@pytest.fixture
def demo_client(sandbox):
    """A client of the demo workspace (API key) on the sandbox."""
    from constellr.plugin.api import ConstellrClient
    from sandbox.data import DEMO_API_KEY

    with ConstellrClient(sandbox.api_url, DEMO_API_KEY) as client:
        yield client


@pytest.fixture(autouse=True)
def contexts_closed_after_each_test(monkeypatch):
    """Every PluginContext a test makes has its client closed at the end (as the plugin's unload does)."""
    from constellr.plugin.context import PluginContext

    made: list[PluginContext] = []
    original = PluginContext.__init__

    def remember(self, *args, **kwargs) -> None:
        original(self, *args, **kwargs)
        made.append(self)

    monkeypatch.setattr(PluginContext, "__init__", remember)
    yield
    for context in made:
        context.runner.cancel_all()
        context.close()


@pytest.fixture
def german_qgis(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """QGIS set to German (Settings ▸ Options ▸ General ▸ override locale: de_AT, which falls back to
    German), with the plugin's translation compiled from i18n/constellr_de.ts and installed."""
    from qgis.core import QgsSettings
    from qgis.PyQt.QtCore import QCoreApplication

    from constellr.plugin import i18n

    sys.path.insert(0, str(REPO_ROOT / "scripts"))
    import update_translations

    sys.path.remove(str(REPO_ROOT / "scripts"))
    monkeypatch.setattr(i18n, "TRANSLATIONS", tmp_path)
    update_translations.compile_translations(tmp_path)
    settings = QgsSettings()
    previous = {key: settings.value(key) for key in ("locale/overrideFlag", "locale/userLocale")}
    settings.setValue("locale/overrideFlag", True)
    settings.setValue("locale/userLocale", "de_AT")
    translator = i18n.install_translator()
    yield translator
    if translator is not None:
        QCoreApplication.removeTranslator(translator)
    for key, value in previous.items():
        if value is None:
            settings.remove(key)
        else:
            settings.setValue(key, value)
