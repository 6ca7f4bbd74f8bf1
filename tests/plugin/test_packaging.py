"""The plugin package as QGIS sees it: metadata, entry point, and the one-way layering."""

from __future__ import annotations

import ast
import configparser
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]

REQUIRED_METADATA = (
    "name", "qgisMinimumVersion", "description", "about", "version", "author", "email",
    "repository", "tracker", "homepage", "tags", "category", "icon", "experimental",
    "changelog", "hasProcessingProvider",
)  # fmt: skip


def _metadata() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(REPO_ROOT / "metadata.txt", encoding="utf-8")
    return parser["general"]


@pytest.mark.parametrize("field", REQUIRED_METADATA)
def test_metadata_has_every_field_the_plugin_repository_needs(field: str) -> None:
    assert _metadata().get(field, "").strip(), f"metadata.txt lacks {field}"


def test_metadata_targets_qgis_322_and_points_at_an_existing_icon() -> None:
    metadata = _metadata()
    assert metadata["qgisMinimumVersion"] == "3.22"
    assert metadata["qgisMaximumVersion"] == "4.99"  # QGIS 4 (Qt 6) included: scoped enums, qgis.PyQt
    assert (REPO_ROOT / metadata["icon"]).is_file()


def test_class_factory_creates_the_plugin(qgis_iface) -> None:
    import constellr

    plugin = constellr.classFactory(qgis_iface)
    assert type(plugin).__name__ == "ConstellrPlugin"
    assert plugin.iface is qgis_iface


def _imported_modules(path: Path) -> set[str]:
    """Top-level names a module imports; relative ones resolved in the package (``ui``, ``plugin.api``…)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = path.relative_to(REPO_ROOT).parent.parts
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1]
            target = [*base, *(node.module.split(".") if node.module else [])]
            names.add(".".join(target[:2]) if target[:1] == ["plugin"] else (target[0] if target else "."))
    return names


@pytest.mark.parametrize(
    ("folder", "forbidden"),
    [
        ("plugin/api", {"qgis", "PyQt5", "PyQt6", "sip", "plugin.context", "plugin.tasks", "ui"}),
        ("plugin", {"sandbox", "ui", "main"}),
        ("ui", {"sandbox", "main"}),
    ],
)
def test_layers_point_one_way(folder: str, forbidden: set[str]) -> None:
    offenders = {
        str(path.relative_to(REPO_ROOT)): sorted(_imported_modules(path) & forbidden)
        for path in (REPO_ROOT / folder).rglob("*.py")
        if _imported_modules(path) & forbidden
    }
    assert not offenders


CLIENT_NAMES = {"ConstellrClient", "ApiKeyAuth", "BearerTokenAuth", "Transport", "download", "cancellable"}


def test_widgets_never_call_or_build_a_client() -> None:
    """ui/ names operations of plugin/; only model types may come from the client package."""
    offenders = {}
    for path in (REPO_ROOT / "ui").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").endswith("api"):
                names = {alias.name for alias in node.names} & CLIENT_NAMES
                if names:
                    offenders[path.name] = sorted(names)
    assert not offenders


def test_the_layering_check_sees_relative_imports() -> None:
    assert _imported_modules(REPO_ROOT / "main.py") >= {"ui", "plugin.context"}
    assert "plugin.api" in _imported_modules(REPO_ROOT / "plugin" / "context.py")
