"""The legacy login: POST /token (form-encoded), Bearer header, one renewal after expiry."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import parse_qs

import pytest

from constellr.plugin.api import AuthenticationError, BearerTokenAuth
from sandbox import data

from .conftest import requests_to
from .test_endpoints import SQUARE


def test_login_then_bearer(make_client, sb) -> None:
    client = make_client(BearerTokenAuth(data.LEGACY_USERNAME, data.LEGACY_PASSWORD))
    assert [product.name for product in client.list_products()] == ["LSTprecision", "LSTzoom", "LSTfusion"]
    client.list_use_cases()
    (token_request,) = requests_to(sb, "POST", "/token")
    assert token_request.headers["content-type"] == "application/x-www-form-urlencoded"
    assert "authorization" not in token_request.headers
    assert "x-api-key" not in token_request.headers
    calls = [r for r in sb.requests if r.path != "/token"]
    assert all(r.headers["authorization"].startswith("Bearer ") for r in calls)
    assert len({r.headers["authorization"] for r in calls}) == 1


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_expired_token_is_renewed_once_and_the_call_repeated(make_client, sb, method: str) -> None:
    sb.token_lifetime = 60
    client = make_client(BearerTokenAuth(data.LEGACY_USERNAME, data.LEGACY_PASSWORD))
    client.list_products()
    sb.clock.advance(timedelta(minutes=2))
    sb.requests.clear()
    if method == "GET":
        assert client.list_products()
        path = "/products"
    else:
        client.create_aoi("After renewal", SQUARE)
        path = "/areas-of-interest"
    assert len(requests_to(sb, "POST", "/token")) == 1
    first, repeated = requests_to(sb, method, path)
    assert first.headers["authorization"] != repeated.headers["authorization"]
    if method == "POST":
        assert [aoi.name for aoi in client.iter_aois()].count("After renewal") == 1


def test_a_renewed_token_that_is_rejected_again_is_not_renewed_twice(make_client, sb) -> None:
    sb.token_lifetime = 0  # every token is born expired
    client = make_client(BearerTokenAuth(data.LEGACY_USERNAME, data.LEGACY_PASSWORD))
    with pytest.raises(AuthenticationError) as caught:
        client.list_products()
    assert caught.value.server_message == "Token expired"
    assert len(requests_to(sb, "POST", "/token")) == 2
    assert len(requests_to(sb, "GET", "/products")) == 2


def test_wrong_password(make_client, sb) -> None:
    client = make_client(BearerTokenAuth(data.LEGACY_USERNAME, "wrong password"))
    with pytest.raises(AuthenticationError) as caught:
        client.list_products()
    error = caught.value
    assert error.server_message == "Incorrect username or password"
    assert "user name and password" in error.hint
    assert "wrong password" not in str(error)
    assert requests_to(sb, "GET", "/products") == []
    assert parse_qs(requests_to(sb, "POST", "/token")[0].query) == {}  # credentials travel in the body


def test_multi_workspace_user_is_told_to_use_an_api_key(make_client) -> None:
    client = make_client(BearerTokenAuth(data.MULTI_WORKSPACE_USERNAME, data.MULTI_WORKSPACE_PASSWORD))
    with pytest.raises(AuthenticationError, match="single workspace") as caught:
        client.list_products()
    assert "API key" in caught.value.hint
