"""`make package`: the zip passes the plugin repository's checks, installs into a fresh profile and loads.

The zip is built from the last commit (``git archive HEAD``), like a release. Installing and loading run in
a separate Python process with a throwaway profile: QGIS's own "Install from ZIP" extraction
(``pyplugin_installer.unzip``), its metadata scan and compatibility check, then ``loadPlugin``,
``startPlugin`` (``classFactory`` and ``initGui``), the Help entry and ``unloadPlugin``; and ``qgis_process``
enables the installed plugin and lists its algorithms.
"""

from __future__ import annotations

import configparser
import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path, PurePosixPath

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
ZIP = REPO_ROOT / "build" / "constellr.zip"
FORBIDDEN_FOLDERS = {"tests", "sandbox", "bench", "scripts", "build", "__pycache__", "__MACOSX"}
ALGORITHMS = {
    "geometryinfo",
    "createaois",
    "placeorders",
    "listorders",
    "searchstac",
    "downloadassets",
    "readfeed",
}
# Debian 12's qgis_process wrapper adds --noversioncheck, which qgis_process refuses: call the binary.
QGIS_PROCESS = shutil.which("qgis_process.bin") or shutil.which("qgis_process")
FORBIDDEN_SUFFIXES = {".pyc", ".pyo", ".so", ".pyd", ".dll", ".dylib", ".exe", ".o", ".a", ".zip", ".part"}

LOAD_IN_FRESH_PROFILE = r"""
import json, sys
from pathlib import Path

from qgis.core import Qgis, QgsApplication

profile, package, locale = sys.argv[1], sys.argv[2], sys.argv[3]
app = QgsApplication([], True, profile)
app.initQgis()
if locale:  # QGIS translated, as `qgis --lang <locale>` (or the locale override in the options) does
    app.setTranslation(locale)
sys.path.insert(0, QgsApplication.pkgDataPath() + "/python")

import qgis.utils
from pyplugin_installer.installer_data import isCompatible
from pyplugin_installer.unzip import unzip
from qgis.gui import QgsMapCanvas, QgsMessageBar
from qgis.PyQt.QtCore import QObject, QUrl, pyqtSlot
from qgis.PyQt.QtGui import QDesktopServices
from qgis.PyQt.QtWidgets import QMainWindow


class Interface:
    "The part of QgisInterface the plugin uses: a main window, a map canvas, a message bar, menus."

    def __init__(self):
        self.window = QMainWindow()
        self.canvas = QgsMapCanvas(self.window)
        self.window.setCentralWidget(self.canvas)
        self.bar = QgsMessageBar(self.window)
        self.added = []

    def mainWindow(self):
        return self.window

    def mapCanvas(self):
        return self.canvas

    def messageBar(self):
        return self.bar

    def activeLayer(self):
        return None

    def addDockWidget(self, area, dock):
        self.window.addDockWidget(area, dock)

    def removeDockWidget(self, dock):
        self.window.removeDockWidget(dock)

    def addToolBarIcon(self, action):
        self.added.append(action)

    def removeToolBarIcon(self, action):
        self.added.remove(action)

    def addPluginToWebMenu(self, menu, action):
        self.added.append(action)

    def removePluginWebMenu(self, menu, action):
        self.added.remove(action)


class Browser(QObject):
    def __init__(self):
        super().__init__()
        self.opened = []

    @pyqtSlot(QUrl)
    def open(self, url):
        self.opened.append(url.toLocalFile())


plugins = Path(QgsApplication.qgisSettingsDirPath()) / "python" / "plugins"
unzip(package, str(plugins))
sys.path.insert(0, str(plugins))
qgis.utils.plugin_paths = [str(plugins)]
qgis.utils.home_plugin_path = str(plugins)
qgis.utils.updateAvailablePlugins()
minimum = qgis.utils.pluginMetadata("constellr", "qgisMinimumVersion")
maximum = qgis.utils.pluginMetadata("constellr", "qgisMaximumVersion")
qgis.utils.iface = Interface()
loaded = qgis.utils.loadPlugin("constellr")
if not loaded:
    __import__("constellr")  # raises the reason
started = qgis.utils.startPlugin("constellr")
plugin = qgis.utils.plugins.get("constellr")
browser = Browser()
QDesktopServices.setUrlHandler("file", browser, "open")
if started and not locale:
    next(action for action in plugin.actions if action.text() == "Help").trigger()
    plugin.dock.help_button.click()
QDesktopServices.unsetUrlHandler("file")
registry = QgsApplication.processingRegistry()
provider = registry.providerById("constellr")
provided = provider is not None
result = {
    "plugins_folder": str(plugins),
    "available": "constellr" in qgis.utils.available_plugins,
    "compatible": isCompatible(Qgis.QGIS_VERSION, minimum, maximum),
    "module": sys.modules["constellr"].__file__,
    "started": started,
    "menu": [action.text() for action in plugin.actions] if started else [],
    "tabs": [plugin.dock.tabs.tabText(index) for index in range(plugin.dock.tabs.count())] if started else [],
    "help_opened": browser.opened,
    "processing": qgis.utils.pluginMetadata("constellr", "hasProcessingProvider"),
    "provider_registered": provided,
    "algorithms": sorted(algorithm.displayName() for algorithm in provider.algorithms()) if provided else [],
    "unloaded": qgis.utils.unloadPlugin("constellr"),
}
result["provider_left_behind"] = registry.providerById("constellr") is not None
result["left_behind"] = [action.text() for action in qgis.utils.iface.added]
print("RESULT " + json.dumps(result))
app.exitQgis()
"""


def _run(program: str, *arguments: str, check: bool = True, text: bool = True) -> subprocess.CompletedProcess:
    """A fixed command line in the checkout (``program`` found on PATH), its output captured."""
    command = [shutil.which(program) or program, *arguments]
    return subprocess.run(command, cwd=REPO_ROOT, capture_output=True, timeout=120, check=check, text=text)  # noqa: S603


@pytest.fixture(scope="module")
def package() -> zipfile.ZipFile:
    if not (REPO_ROOT / ".git").exists() or not shutil.which("git") or not shutil.which("make"):
        pytest.skip("make package archives the last commit: it needs git, make and a checkout (not a copy)")
    build = _run("make", "--no-print-directory", "package", check=False)
    assert build.returncode == 0, build.stderr
    with zipfile.ZipFile(ZIP) as archive:
        yield archive


def _committed(*paths: str) -> list[str]:
    return _run("git", "ls-tree", "-r", "--name-only", "HEAD", "--", *paths).stdout.split()


def _files(package: zipfile.ZipFile) -> set[str]:
    return {name for name in package.namelist() if not name.endswith("/")}


def _metadata(package: zipfile.ZipFile) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.read_string(package.read("constellr/metadata.txt").decode("utf-8"))
    return parser["general"]


def test_the_zip_holds_one_folder_named_after_the_plugin(package: zipfile.ZipFile) -> None:
    assert {PurePosixPath(name).parts[0] for name in package.namelist()} == {"constellr"}
    assert _metadata(package)["name"] == "constellr"


def test_the_zip_holds_the_licence_the_icon_the_guide_and_every_committed_module(
    package: zipfile.ZipFile,
) -> None:
    files = _files(package)
    expected = {"metadata.txt", "__init__.py", "main.py", "LICENSE", _metadata(package)["icon"]}
    expected |= {"help/user-guide.html", *_committed("plugin", "ui")}  # plugin/processing/ included
    assert {f"constellr/{path}" for path in expected} <= files
    assert package.read("constellr/LICENSE").strip()


def test_the_zip_holds_no_tests_sandbox_caches_or_binaries(package: zipfile.ZipFile) -> None:
    offenders = [
        name
        for name in _files(package)
        if FORBIDDEN_FOLDERS & set(PurePosixPath(name).parts[1:-1])
        or any(part.startswith(".") for part in PurePosixPath(name).parts)
        or PurePosixPath(name).suffix.lower() in FORBIDDEN_SUFFIXES
    ]
    assert offenders == []


def test_the_metadata_in_the_zip_is_the_committed_one_and_true(package: zipfile.ZipFile) -> None:
    committed = _run("git", "show", "HEAD:metadata.txt", text=False).stdout
    assert package.read("constellr/metadata.txt") == committed  # its fields: tests/plugin/test_packaging.py
    metadata = _metadata(package)
    assert metadata["changelog"].split()[0] == metadata["version"]  # the newest entry is this version
    provides_processing = b"def initProcessing" in package.read("constellr/main.py")
    assert metadata["hasProcessingProvider"] == ("yes" if provides_processing else "no")


def test_the_guide_in_the_zip_shows_its_screenshots(package: zipfile.ZipFile) -> None:
    guide = package.read("constellr/help/user-guide.html").decode("utf-8")
    images = re.findall(r'<img src="([^"]+)"', guide)
    assert len(images) >= 5
    folder = PurePosixPath("constellr/help")
    files = _files(package)
    missing = [src for src in images if os.path.normpath(str(folder / src)) not in files]
    assert missing == []


def test_the_guide_is_the_rendered_user_guide() -> None:
    """help/user-guide.html is docs/user-guide.md rendered: run scripts/build_help.py after editing it."""
    code = "import sys, build_help; sys.stdout.write(build_help.render(sys.stdin.read()))"
    rendered = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", code],
        input=(REPO_ROOT / "docs" / "user-guide.md").read_text(encoding="utf-8"),
        cwd=REPO_ROOT / "scripts", capture_output=True, text=True, encoding="utf-8", check=True,
    )  # fmt: skip
    assert rendered.stdout == (REPO_ROOT / "help" / "user-guide.html").read_text(encoding="utf-8")


def _load_in_fresh_profile(profile: Path, locale: str = "") -> dict:
    """What LOAD_IN_FRESH_PROFILE found, run in QGIS set to ``locale`` (the system's when empty)."""
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": ""}
    environment = {key: value for key, value in environment.items() if not key.startswith("CONSTELLR_")}
    run = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", LOAD_IN_FRESH_PROFILE, str(profile), str(ZIP), locale],
        cwd=profile.parents[1], env=environment, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    lines = [line for line in run.stdout.splitlines() if line.startswith("RESULT ")]
    assert run.returncode == 0, run.stderr[-3000:]
    assert lines, run.stderr[-3000:]
    return json.loads(lines[-1].removeprefix("RESULT "))


def test_the_zip_installs_into_a_fresh_profile_and_loads(package: zipfile.ZipFile, tmp_path: Path) -> None:
    profile = tmp_path / "profiles" / "default"
    result = _load_in_fresh_profile(profile)
    plugin_folder = profile / "python" / "plugins" / "constellr"
    assert Path(result["plugins_folder"]) == plugin_folder.parent
    assert Path(result["module"]) == plugin_folder / "__init__.py"  # the installed copy, not the checkout
    assert result["available"]
    assert result["compatible"]
    assert result["started"]
    assert result["unloaded"]
    assert "Help" in result["menu"]
    assert result["left_behind"] == []
    assert result["provider_registered"] == (result["processing"] == "yes")  # in the toolbox of QGIS Desktop
    assert not result["provider_left_behind"]
    guide = plugin_folder / "help" / "user-guide.html"
    assert [Path(path) for path in result["help_opened"]] == [guide, guide]
    assert guide.is_file()


def test_the_installed_zip_speaks_german_in_a_german_qgis(package: zipfile.ZipFile, tmp_path: Path) -> None:
    assert "constellr/i18n/constellr_de.qm" in _files(package)
    german = _german_texts()
    result = _load_in_fresh_profile(tmp_path / "profiles" / "default", locale="de_DE")
    assert result["started"]
    assert result["menu"] == [german["constellr panel"], german["Connection settings…"], german["Help"]]
    assert result["tabs"] == [german[tab] for tab in ("AOIs", "Order", "Orders", "Search", "Feeds")]
    assert german["List orders"] in result["algorithms"]
    assert result["menu"] != ["constellr panel", "Connection settings…", "Help"]


def _german_texts() -> dict[str, str]:
    """source → German translation in i18n/constellr_de.ts."""
    root = ET.parse(REPO_ROOT / "i18n" / "constellr_de.ts").getroot()  # noqa: S314 - the project's own file
    return {
        message.findtext("source", ""): message.findtext("translation", "")
        for message in root.iter("message")
    }


@pytest.mark.skipif(QGIS_PROCESS is None, reason="qgis_process is not installed")
def test_the_installed_zip_offers_its_algorithms_to_qgis_process(
    package: zipfile.ZipFile, tmp_path: Path
) -> None:
    plugins = tmp_path / "profiles" / "default" / "python" / "plugins"
    package.extractall(plugins)
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "QGIS_CUSTOM_CONFIG_PATH": str(tmp_path)}
    for arguments in (["plugins", "enable", "constellr"], ["--json", "list"]):
        run = subprocess.run(  # noqa: S603 - QGIS's own command line
            [QGIS_PROCESS, *arguments],
            env=environment, capture_output=True, text=True, timeout=120, check=False,
        )  # fmt: skip
        assert run.returncode == 0, run.stderr[-3000:]
    provider = json.loads(run.stdout)["providers"]["constellr"]
    assert set(provider["algorithms"]) == {f"constellr:{name}" for name in ALGORITHMS}
