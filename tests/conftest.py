"""Test set-up shared by every test: import paths and the sandbox server.

The repository root is the plugin package. It is installed as a folder named ``constellr``, so tests
import it under that name whatever the checkout folder is called: a link named ``constellr`` in a
temporary folder points at the checkout. The repository root itself goes on ``sys.path`` for the
``sandbox`` package, which the plugin never imports.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


def _make_plugin_importable() -> None:
    link_dir = Path(tempfile.mkdtemp(prefix="constellr-import-"))
    (link_dir / "constellr").symlink_to(REPO_ROOT, target_is_directory=True)
    sys.path.insert(0, str(link_dir))
    if str(REPO_ROOT) not in sys.path:
        sys.path.append(str(REPO_ROOT))


_make_plugin_importable()
