"""stac-api-validator against the sandbox, for the conformance classes the landing page advertises.

The validator needs newer ``requests``/``urllib3`` than the plugin's Debian ones, so it lives in its own
virtual environment (``$(VENV)/validator``, pinned in requirements-validator.txt, made by ``make venv``)
and runs as a subprocess, offline: ``offline_stac_api_validator.py`` serves the JSON schemas it fetches.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

from sandbox.data import DEMO_API_KEY

HERE = Path(__file__).parent
VALIDATOR_PYTHON = Path(sys.prefix) / "validator" / "bin" / "python"
BERLIN = {
    "type": "Polygon",
    "coordinates": [[[13.3, 52.45], [13.5, 52.45], [13.5, 52.55], [13.3, 52.55], [13.3, 52.45]]],
}
# Where the validator asks for more than STAC and CQL2 allow, the sandbox refuses, as it must:
KNOWN_VALIDATOR_DEFECTS = {
    # CQL2 1.0's "between" takes three arguments; the validator sends a draft's [low, high] array.
    "between with a [low, high] array": re.compile(
        r'"op": "between", "args": \[\{"property": "eo:cloud_cover"\}, \[0, 50\]\]\}.*400 instead of 200'
    ),
    # Item search's "collections" is an array of ids; the validator's POST sort check sends one string.
    "POST collections as a string": re.compile(
        r'"collections": "lstprecision"\} had unexpected status code 400'
    ),
}


def _validate(sb, *classes: str) -> list[str]:
    """The validator's errors for these conformance classes."""
    assert VALIDATOR_PYTHON.exists(), f"{VALIDATOR_PYTHON} is missing: `make venv` installs it"
    result = subprocess.run(  # noqa: S603 - our own interpreter and script
        [
            str(VALIDATOR_PYTHON),
            str(HERE / "offline_stac_api_validator.py"),
            str(HERE / "stac_schemas"),
            "--root-url",
            f"{sb.api_url}/stac",
            "--collection",
            "lstprecision",
            "--geometry",
            json.dumps(BERLIN),
            "--fields-nested-property",
            "properties.eo:cloud_cover",
            "-H",
            f"X-Api-Key: {DEMO_API_KEY}",
            "--log-level",
            "WARNING",
            *(argument for name in classes for argument in ("--conformance", name)),
        ],
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert "Errors:" in result.stdout, result.stdout + result.stderr
    errors = [line[2:] for line in result.stdout.split("Errors:", 1)[1].splitlines() if line.startswith("- ")]
    assert (result.returncode == 0) == (not errors), result.stdout
    return errors


def test_core_collections_features_item_search_and_fields_have_no_error(sb):
    """With no error the validator also validates the landing page with pystac (STAC Catalog 1.0.0)."""
    assert _validate(sb, "core", "collections", "features", "item-search", "item-search#fields") == []


def test_sort_and_filter_have_only_the_validators_own_defects(sb):
    errors = _validate(sb, "item-search", "item-search#sort", "filter")
    kinds = Counter(
        next((name for name, pattern in KNOWN_VALIDATOR_DEFECTS.items() if pattern.search(error)), error)
        for error in errors
    )
    assert kinds == {"between with a [low, high] array": 2, "POST collections as a string": 2}
