"""The plugin's words in the user's language: ``tr`` for every user-facing text, and the translator.

Each text is looked up in one translation context, ``constellr``. ``scripts/update_translations.py``
collects the literal first argument of every ``tr(…)``, ``tr_count(…)`` and ``translatable(…)`` call in
the plugin's code into ``i18n/constellr_<language>.ts`` (Qt Linguist's format); ``make translations``
compiles those to ``.qm`` files, which :func:`install_translator` loads for QGIS's language.

Values go in after the lookup, so the text looked up is always the literal one:
``tr("{count} AOIs selected").format(count=n)`` — never an f-string inside ``tr``.
"""

from __future__ import annotations

from pathlib import Path

from qgis.core import QgsApplication
from qgis.PyQt.QtCore import QCoreApplication, QLocale, QTranslator

CONTEXT = "constellr"
TRANSLATIONS = Path(__file__).resolve().parent.parent / "i18n"


def tr(text: str) -> str:
    """``text`` in the user's language (``text`` itself when there is no translation for it)."""
    return QCoreApplication.translate(CONTEXT, text)


def tr_count(count: int, one: str, many: str) -> str:
    """The text for ``count`` things, translated, with ``{count}`` filled in: “1 order”, “2 orders”."""
    return tr(one if count == 1 else many).format(count=count)


def translatable(text: str) -> str:
    """Marks a text defined before any translator is loaded (a module constant); ``tr`` it when shown."""
    return text


def qgis_language() -> str:
    """The language QGIS shows itself in: its translation (``qgis --lang de``, or the locale override of
    Settings ▸ Options ▸ General, or the system's); where QGIS set none (``qgis_process``), its locale."""
    application = QgsApplication.instance()
    return (application.translation() if application is not None else "") or QgsApplication.locale()


def install_translator() -> QTranslator | None:
    """Load and install the plugin's translation for QGIS's language; None when there is none.

    A ``de_AT`` QGIS falls back to ``constellr_de.qm``. Remove the translator again on unload.
    """
    translator = QTranslator()
    if not translator.load(QLocale(qgis_language()), "constellr", "_", str(TRANSLATIONS), ".qm"):
        return None
    QCoreApplication.installTranslator(translator)
    return translator
