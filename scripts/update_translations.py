"""Bring i18n/constellr_<language>.ts in step with the texts the code passes to ``tr`` (see plugin/i18n.py).

    python scripts/update_translations.py          # rewrite the .ts files: new texts unfinished, gone out
    python scripts/update_translations.py --check  # exit 1 when a .ts file is out of step
    python scripts/update_translations.py --compile DIR  # the .qm files QGIS loads, made by Qt's lrelease

Why not pylupdate5: it gives each ``tr`` the context of the class it is written in, while the plugin
looks every text up in the one ``constellr`` context (base classes and helper functions share texts),
and it would not refuse what can never be translated. This reads the code with ``ast`` and refuses a
``tr`` whose text is built (an f-string or a concatenation can never match a translation) and a ``tr``
run at import time, before QGIS has loaded any translator (use ``translatable`` there and ``tr`` on the
constant's name when shown: a name is accepted, its text is collected where it was marked).
Translations are kept by their source text; Qt Linguist edits the .ts files.
"""

from __future__ import annotations

import argparse
import ast
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ("main.py", "plugin", "ui")
DEFINITIONS = Path("plugin") / "i18n.py"  # where tr itself is written
TRANSLATIONS = ROOT / "i18n"
CONTEXT = "constellr"
# call name → positions of its translatable literal arguments
TRANSLATING_CALLS = {"tr": (0,), "translatable": (0,), "tr_count": (1, 2)}
# what tr() may also be given: a name for a text marked with translatable() where it was defined
MARKED_TEXT = (ast.Name, ast.Attribute, ast.Subscript)
# Qt's release tool: through qtchooser on Debian 12, only under /usr/lib/qt5/bin on newer Debian
LRELEASE_CANDIDATES = ("lrelease", "/usr/lib/qt5/bin/lrelease", "/usr/lib/qt6/bin/lrelease")


@dataclass
class Message:
    """One text to translate and the files it appears in."""

    source: str
    files: list[str] = field(default_factory=list)


class UntranslatableCallError(Exception):
    """A ``tr`` call the translations could never serve."""


def source_files() -> list[Path]:
    """The plugin's Python files, in a stable order."""
    files: list[Path] = []
    for name in SOURCES:
        path = ROOT / name
        files.extend(sorted(path.rglob("*.py")) if path.is_dir() else [path])
    return [file for file in files if file.relative_to(ROOT) != DEFINITIONS]


def _call_name(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Name):
        return call.func.id
    if isinstance(call.func, ast.Attribute) and call.func.attr == "tr":
        return "tr"  # self.tr(...) of the Processing algorithms
    return None


def texts_in(path: Path) -> list[tuple[str, int]]:
    """(text, line) of every translatable literal in ``path``; raises on an untranslatable call."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    texts: list[tuple[str, int]] = []
    module_level = {id(node) for node in ast.walk(tree)} - {
        id(node)
        for function in ast.walk(tree)
        if isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
        for node in ast.walk(function)
    }
    relative = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = _call_name(node)
        if name not in TRANSLATING_CALLS:
            continue
        if name != "translatable" and id(node) in module_level:
            raise UntranslatableCallError(
                f"{relative}:{node.lineno}: {name}() at import time runs before the translator is loaded; "
                "mark the text with translatable() and tr() it where it is shown"
            )
        for position in TRANSLATING_CALLS[name]:
            argument = node.args[position] if len(node.args) > position else None
            if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                texts.append((argument.value, node.lineno))
            elif not (name == "tr" and isinstance(argument, MARKED_TEXT)):
                raise UntranslatableCallError(
                    f"{relative}:{node.lineno}: {name}() needs a literal text "
                    "(put values in with .format after it)"
                )
    return sorted(texts, key=lambda text: text[1])  # source order (ast.walk goes breadth first)


def collect() -> list[Message]:
    """Every translatable text of the plugin, in order of first appearance."""
    messages: dict[str, Message] = {}
    for path in source_files():
        location = "../" + path.relative_to(ROOT).as_posix()
        for text, _line in texts_in(path):
            message = messages.setdefault(text, Message(text))
            if location not in message.files:
                message.files.append(location)
    return list(messages.values())


def read_translations(ts_file: Path) -> dict[str, str]:
    """source text → finished translation of an existing .ts file."""
    if not ts_file.exists():
        return {}
    translations: dict[str, str] = {}
    document = ET.parse(ts_file)  # noqa: S314 - the project's own file
    for message in document.getroot().iter("message"):
        translation = message.find("translation")
        if translation is not None and translation.get("type") is None and translation.text:
            translations[message.findtext("source", "")] = translation.text
    return translations


def render(language: str, messages: list[Message], translations: dict[str, str]) -> str:
    """The .ts document for ``language``."""
    root = ET.Element("TS", version="2.1", language=language, sourcelanguage="en")
    context = ET.SubElement(root, "context")
    ET.SubElement(context, "name").text = CONTEXT
    for message in messages:
        element = ET.SubElement(context, "message")
        for location in message.files:
            ET.SubElement(element, "location", filename=location)
        ET.SubElement(element, "source").text = message.source
        translation = ET.SubElement(element, "translation")
        if message.source in translations:
            translation.text = translations[message.source]
        else:
            translation.set("type", "unfinished")
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + ET.tostring(root, "unicode") + "\n"


def ts_files() -> list[Path]:
    """The translation files there are (one per language)."""
    return sorted(TRANSLATIONS.glob("constellr_*.ts"))


def lrelease() -> str | None:
    """Qt's lrelease (package qttools5-dev-tools), or None when it is not installed."""
    for candidate in LRELEASE_CANDIDATES:
        found = shutil.which(candidate)
        if found is not None:
            return found
    return None


def compile_translations(target: Path) -> list[Path]:
    """Compile every .ts file into ``target`` as the .qm file the plugin loads; returns those files."""
    tool = lrelease()
    if tool is None:
        raise FileNotFoundError(
            "lrelease is missing: install qttools5-dev-tools (scripts/install-system-deps.sh)"
        )
    target.mkdir(parents=True, exist_ok=True)
    compiled = []
    for ts_file in ts_files():
        qm_file = target / ts_file.with_suffix(".qm").name
        subprocess.run([tool, "-silent", str(ts_file), "-qm", str(qm_file)], check=True)  # noqa: S603
        compiled.append(qm_file)
    return compiled


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--check", action="store_true", help="only say whether the .ts files are in step")
    parser.add_argument("--compile", type=Path, metavar="DIR", help="write the compiled .qm files into DIR")
    arguments = parser.parse_args(argv)
    if arguments.compile is not None:
        for qm_file in compile_translations(arguments.compile):
            print(qm_file)
        return 0
    try:
        messages = collect()
    except UntranslatableCallError as error:
        print(error, file=sys.stderr)
        return 1
    stale = []
    for ts_file in ts_files():
        language = ts_file.stem.split("_", 1)[1]
        translations = read_translations(ts_file)
        text = render(language, messages, translations)
        untranslated = sum(message.source not in translations for message in messages)
        if ts_file.read_text(encoding="utf-8") == text:
            print(f"{ts_file.relative_to(ROOT)}: in step, {len(messages)} texts, {untranslated} untranslated")
            continue
        stale.append(ts_file)
        if not arguments.check:
            ts_file.write_text(text, encoding="utf-8")
            print(f"{ts_file.relative_to(ROOT)}: updated, {len(messages)} texts, {untranslated} untranslated")
    if arguments.check and stale:
        names = ", ".join(str(path.relative_to(ROOT)) for path in stale)
        print(f"Out of step with the code: {names}; run `make translations`", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
