"""The translations: every text the code translates is in i18n/constellr_de.ts, translated, and loaded.

How a German QGIS shows the plugin, installed from the zip, is in tests/plugin/test_package_zip.py.
"""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from qgis.core import QgsApplication, QgsSettings
from qgis.PyQt.QtCore import QCoreApplication

from constellr.plugin import i18n
from constellr.plugin.processing.provider import ConstellrProvider

REPO_ROOT = Path(__file__).resolve().parents[2]
GERMAN = REPO_ROOT / "i18n" / "constellr_de.ts"
PLACEHOLDER = re.compile(r"\{[^{}]*\}|%\d|<[^<>]+>")
sys.path.insert(0, str(REPO_ROOT / "scripts"))
import update_translations  # noqa: E402 - the project's own script


def _german() -> dict[str, str | None]:
    """source → German (None while unfinished) from the committed .ts file."""
    root = ET.parse(GERMAN).getroot()  # noqa: S314 - the project's own file
    return {
        message.findtext("source", ""): (
            None if message.find("translation").get("type") else message.findtext("translation")
        )
        for message in root.iter("message")
    }


def test_the_translation_file_holds_exactly_the_texts_the_code_translates() -> None:
    """Run `make translations` after changing a tr() text."""
    check = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, str(REPO_ROOT / "scripts" / "update_translations.py"), "--check"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert check.returncode == 0, check.stderr
    assert set(_german()) == {message.source for message in update_translations.collect()}


def test_every_text_has_a_german_translation_with_the_same_placeholders() -> None:
    german = _german()
    assert len(german) > 300
    assert [source for source, translation in german.items() if not translation] == []
    mismatched = [
        source
        for source, translation in german.items()
        if sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(translation or ""))
    ]
    assert mismatched == []


def test_the_extractor_refuses_texts_that_could_never_be_translated(tmp_path: Path) -> None:
    module = tmp_path / "module.py"
    module.write_text('NAME = tr("Orders")\n\ndef label(n):\n    return tr(f"{n} orders")\n')
    with pytest.raises(
        update_translations.UntranslatableCallError, match=r"module.py:1: tr\(\) at import time"
    ):
        update_translations.texts_in(module)
    module.write_text('NAME = translatable("Orders")\n\ndef label(n):\n    return tr(f"{n} orders")\n')
    with pytest.raises(
        update_translations.UntranslatableCallError, match=r"module.py:4: tr\(\) needs a literal"
    ):
        update_translations.texts_in(module)


def test_a_german_qgis_gets_the_german_texts(german_qgis) -> None:
    assert german_qgis is not None
    german = _german()
    assert i18n.tr("Orders") == german["Orders"] != "Orders"
    provider = ConstellrProvider()
    provider.refreshAlgorithms()
    names = {algorithm.name(): algorithm.displayName() for algorithm in provider.algorithms()}
    assert names["listorders"] == german["List orders"]


def test_a_qgis_started_in_german_gets_the_german_texts(tmp_path: Path, monkeypatch) -> None:
    """`qgis --lang de` translates QGIS without touching the locale settings: the plugin follows QGIS."""
    monkeypatch.setattr(i18n, "TRANSLATIONS", tmp_path)
    update_translations.compile_translations(tmp_path)
    application = QgsApplication.instance()
    application.setTranslation("de")
    translator = None
    try:
        translator = i18n.install_translator()
        assert translator is not None
        assert i18n.tr("Orders") == _german()["Orders"]
    finally:
        application.setTranslation("")
        if translator is not None:
            QCoreApplication.removeTranslator(translator)


def test_a_qgis_in_a_language_without_translation_stays_english(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(i18n, "TRANSLATIONS", tmp_path)
    update_translations.compile_translations(tmp_path)
    settings = QgsSettings()
    settings.setValue("locale/overrideFlag", True)
    settings.setValue("locale/userLocale", "fr_FR")
    try:
        assert QgsApplication.locale() == "fr_FR"
        assert i18n.install_translator() is None
        assert i18n.tr("Orders") == "Orders"
    finally:
        settings.remove("locale/overrideFlag")
        settings.remove("locale/userLocale")
