"""Secrets stay secret: not in reprs, errors or logs, not sent off the API host; workspaces stay apart."""

from __future__ import annotations

import logging
import os
import socket
import subprocess
import sys

import pytest
import requests

from constellr.plugin.api import (
    ApiKeyAuth,
    AuthenticationError,
    BearerTokenAuth,
    ConstellrClient,
    NetworkError,
    NotFoundError,
    StacSearch,
)
from sandbox import data

from .test_downloads import assert_no_credentials_reached_storage, large_item


def test_reprs_hide_secrets(sb) -> None:
    auth = ApiKeyAuth(data.DEMO_API_KEY)
    legacy = BearerTokenAuth(data.LEGACY_USERNAME, data.LEGACY_PASSWORD)
    texts = [repr(auth), str(auth), repr(legacy), repr(ConstellrClient(sb.api_url, auth))]
    for text in texts:
        assert data.DEMO_API_KEY not in text
        assert data.LEGACY_PASSWORD not in text
    assert repr(auth) == "ApiKeyAuth(key=<hidden>)"


def test_logs_hold_no_secrets_and_no_signatures(make_client, sb, tmp_path, caplog) -> None:
    client = make_client()
    legacy = make_client(BearerTokenAuth(data.LEGACY_USERNAME, data.LEGACY_PASSWORD))
    with caplog.at_level(logging.DEBUG, logger="constellr.api"):
        item = large_item(client)
        client.download_asset(item.assets["metadata"], tmp_path)
        legacy.list_products()
        sb.faults.add(kind="status", path="/products", status=503, times=1)
        client.list_products()
    tokens = {r.headers["authorization"].split()[-1] for r in sb.requests if "authorization" in r.headers}
    log_text = "\n".join(record.getMessage() for record in caplog.records)
    assert "GET /products" not in log_text  # URLs are logged whole ...
    assert f"GET {sb.storage_url}/" in log_text  # ... but without their query string
    for secret in (data.DEMO_API_KEY, data.LEGACY_PASSWORD, "X-Signature", "X-Expires", *tokens):
        assert secret not in log_text


def test_redirect_to_another_host_drops_the_key(client, sb, tmp_path) -> None:
    key = next(asset.key for asset in client.iter_legacy_assets(page_size=5))
    response_path = client.download_legacy_asset(key, tmp_path)
    assert response_path.exists()
    api, storage = [r for r in sb.requests if r.path.startswith("/assets/")], sb.requests[-1]
    assert api[0].headers["x-api-key"] == data.DEMO_API_KEY
    assert storage.server == "storage"
    assert_no_credentials_reached_storage(sb)


def test_workspaces_are_isolated(make_client, client) -> None:
    other = make_client(ApiKeyAuth(data.OTHER_API_KEY))
    assert [product.name for product in other.list_products()] == ["LSTprecision", "LSTfusion"]
    demo_order = next(iter(client.iter_orders()))
    demo_aoi = next(iter(client.iter_aois()))
    other_orders = other.iter_orders()
    assert demo_order.id not in {order.id for order in other_orders}
    assert other_orders.count == 3
    assert demo_aoi.id not in {aoi.id for aoi in other.iter_aois()}
    with pytest.raises(NotFoundError):
        other.get_order(demo_order.id)
    with pytest.raises(NotFoundError):
        other.get_aoi(demo_aoi.id)
    assert list(other.search(StacSearch.for_order(demo_order.id))) == []


def test_tls_verification_cannot_be_switched_off(sb) -> None:
    session = requests.Session()
    session.verify = False
    with pytest.raises(ValueError, match="verification"):
        ConstellrClient(sb.api_url, ApiKeyAuth(data.DEMO_API_KEY), session=session)


def test_plain_http_only_for_this_computer() -> None:
    with pytest.raises(ValueError, match="https"):
        ConstellrClient("http://api.constellr.com", ApiKeyAuth(data.DEMO_API_KEY))
    ConstellrClient("http://localhost:8765", ApiKeyAuth(data.DEMO_API_KEY)).close()


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_given_proxies_are_used(make_client) -> None:
    proxy = f"http://127.0.0.1:{_closed_port()}"
    client = make_client(proxies={"http": proxy, "https": proxy})
    with pytest.raises(NetworkError, match="proxy"):
        client.list_products()


def test_given_proxies_replace_the_environment_s(make_client, monkeypatch) -> None:
    monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{_closed_port()}")
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    assert make_client(proxies={}).list_products()  # explicit "no proxy"
    with pytest.raises(NetworkError, match="proxy"):
        make_client().list_products()  # no proxies given: the environment's apply


def test_ids_cannot_climb_out_of_their_path_segment(client, sb) -> None:
    with pytest.raises(NotFoundError):
        client.get_item("lstfusion", "../../../orders")
    # percent-encoded, the dots are not resolved on the way: the request still targets the item route
    assert sb.requests[-1].path == "/stac/collections/lstfusion/items/../../../orders"


def test_the_client_imports_neither_qt_nor_qgis() -> None:
    code = (
        "import sys; import constellr.plugin.api; "
        "bad = [m for m in sys.modules if m.split('.')[0] in ('qgis', 'PyQt5', 'PyQt6', 'sip')]; "
        "assert not bad, bad"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    subprocess.run([sys.executable, "-c", code], check=True, env=env)  # noqa: S603 - our own code string


@pytest.mark.parametrize(
    "pasted",
    [
        f"\u200b{data.DEMO_API_KEY}\u200b",  # zero-width spaces from a web page
        f"\ufeff{data.DEMO_API_KEY}\n",  # byte-order mark and a line break from a file
        f"\u00a0{data.DEMO_API_KEY}\u2060 ",  # no-break space and word joiner
    ],
)
def test_invisible_characters_around_a_pasted_key_are_removed(sb, pasted: str) -> None:
    with ConstellrClient(sb.api_url, ApiKeyAuth(pasted)) as client:
        assert client.list_products()
    assert sb.requests[-1].headers["x-api-key"] == data.DEMO_API_KEY


@pytest.mark.parametrize(
    ("pasted", "named"),
    [
        (f"“{data.DEMO_API_KEY}”", "left double quotation mark"),
        (f"{data.DEMO_API_KEY[:6]}–{data.DEMO_API_KEY[7:]}", "en dash"),
        (f"{data.DEMO_API_KEY[:6]}é{data.DEMO_API_KEY[7:]}", "latin small letter e with acute"),
        (f"{data.DEMO_API_KEY[:6]} {data.DEMO_API_KEY[7:]}", "a space"),
        (f"{data.DEMO_API_KEY[:6]}\x07{data.DEMO_API_KEY[7:]}", "invisible character (U+0007)"),
    ],
)
def test_a_key_that_cannot_be_sent_is_refused_in_plain_words(sb, pasted: str, named: str) -> None:
    with pytest.raises(ValueError, match="Copy the key again") as refused:
        ConstellrClient(sb.api_url, pasted)
    assert named in str(refused.value)
    assert data.DEMO_API_KEY[:6] not in str(refused.value)
    assert sb.requests == []  # refused before any request


def test_a_password_with_invisible_characters_is_refused() -> None:
    with pytest.raises(ValueError, match="type the password"):
        BearerTokenAuth(data.LEGACY_USERNAME, data.LEGACY_PASSWORD + "\u200b")


def test_a_key_or_token_the_server_repeats_is_hidden() -> None:
    from .stub import answer, stub_api

    def respond(request):
        echoed = request.headers.get("x-api-key") or request.headers.get("authorization", "")
        detail = f"Key {echoed} is not valid; see https://storage.example/x?X-Signature=abc"
        return answer(401, {"detail": detail})

    with (
        stub_api(respond, "stub-secret-key") as (_api, client),
        pytest.raises(AuthenticationError) as refused,
    ):
        client.list_products()
    text = str(refused.value)
    assert "stub-secret-key" not in text
    assert "«hidden»" in text
    assert "X-Signature" not in text


def test_the_http_stack_s_own_debug_log_shows_no_signature(client, sb, tmp_path, caplog) -> None:
    item = large_item(client)
    with caplog.at_level(logging.DEBUG):
        client.download_asset(item.assets["metadata"], tmp_path)
    urllib3_lines = [r.getMessage() for r in caplog.records if r.name.startswith("urllib3")]
    assert any("/metadata" in line or "GET /" in line for line in urllib3_lines)  # it did log requests
    assert not [line for line in urllib3_lines if "X-Signature" in line or "X-Expires" in line]
