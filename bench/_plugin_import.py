"""Benchmarks import the checkout as the package ``constellr``, as QGIS installs it."""

from __future__ import annotations

import importlib
import sys
import tempfile
from pathlib import Path
from types import ModuleType

REPO_ROOT = Path(__file__).resolve().parent.parent


def import_plugin(module: str) -> ModuleType:
    """Import ``constellr.<...>`` from this checkout, whatever its folder is called."""
    if "constellr" not in sys.modules:
        link_dir = Path(tempfile.mkdtemp(prefix="constellr-bench-"))
        (link_dir / "constellr").symlink_to(REPO_ROOT, target_is_directory=True)
        sys.path.insert(0, str(link_dir))
        sys.path.append(str(REPO_ROOT))
    return importlib.import_module(module)
