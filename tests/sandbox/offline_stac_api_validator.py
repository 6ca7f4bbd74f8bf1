"""Run stac-api-validator without internet: JSON schemas come from local files.

Usage (with the validator's own Python): ``python offline_stac_api_validator.py SCHEMA_DIR ARGS...``,
where ARGS are stac-api-validator's. Its libraries fetch schemas through ``requests`` (stac-validator) and
``urllib`` (pystac, stac-validator's link checks); both are served here from pystac's bundled core schemas
and the ``$id``-named schemas in SCHEMA_DIR. Any other request to a host that is not loopback fails at once
instead of waiting for a network that is not there.
"""

from __future__ import annotations

import email.message
import io
import json
import sys
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import requests
import requests.adapters
from pystac.validation.local_validator import get_local_schema_cache
from stac_api_validator.__main__ import main

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def load_schemas(directory: Path) -> dict[str, bytes]:
    """Schema URL -> JSON text: pystac's core schemas and every ``$id`` schema in ``directory``."""
    schemas = {url: json.dumps(schema).encode() for url, schema in get_local_schema_cache().items()}
    for path in sorted(directory.glob("*.json")):
        schemas[json.loads(path.read_text())["$id"]] = path.read_bytes()
    return schemas


def _offline(url: str) -> bool:
    return urlsplit(url).hostname not in LOOPBACK


def serve_offline(schemas: dict[str, bytes]) -> None:
    """Answer schema URLs from ``schemas`` in requests and urllib; refuse every other remote URL."""
    send = requests.adapters.HTTPAdapter.send

    def local_send(adapter: requests.adapters.HTTPAdapter, request: Any, **kwargs: Any) -> requests.Response:
        url = request.url.split("#")[0]
        if url in schemas:
            response = requests.Response()
            response.status_code, response.url, response.request = 200, url, request
            response._content = schemas[url]  # a response built by hand
            response.headers["Content-Type"] = "application/json"
            return response
        if _offline(url):
            raise requests.ConnectionError(f"offline: no local copy of {url}")
        return send(adapter, request, **kwargs)

    requests.adapters.HTTPAdapter.send = local_send  # type: ignore[method-assign]

    class LocalSchemas(urllib.request.BaseHandler):
        handler_order = 100  # before the HTTP handlers

        def default_open(self, request: urllib.request.Request) -> urllib.response.addinfourl | None:
            url = request.full_url.split("#")[0]
            if url in schemas:
                headers = email.message.Message()
                headers["Content-Type"] = "application/json"
                return urllib.response.addinfourl(io.BytesIO(schemas[url]), headers, url, 200)
            if _offline(url):
                raise urllib.error.URLError(f"offline: no local copy of {url}")
            return None

    urllib.request.install_opener(urllib.request.build_opener(LocalSchemas))


if __name__ == "__main__":
    serve_offline(load_schemas(Path(sys.argv[1])))
    main(sys.argv[2:], prog_name="stac-api-validator")
