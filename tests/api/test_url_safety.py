"""Credentials go only where the connection really goes: server-given addresses are checked first."""

from __future__ import annotations

import pytest

from constellr.plugin.api import ApiKeyAuth, ServerError, StacSearch
from constellr.plugin.api.transport import Transport
from constellr.plugin.api.urls import UnsafeUrl, checked_url, origin_of

from .stub import StubServer, answer, stac_page, stub_api

KEY = "stub-key-1234"

UNSAFE = [
    "http://127.0.0.1:1\\@127.0.0.2:2/",  # urllib3 connects to 127.0.0.1, urllib.parse says 127.0.0.2
    "http://127.0.0.1:1/\\..\\x",
    "http://user:secret@storage.example/file",
    "http://api.example:443@storage.example/",
    "http://api%2eexample/",
    "http://api.example:0/",
    "http://api.example:65536/",
    "http://api.example:+443/",
    "http://api.example:0443/",
    "http://api.example:44a/",
    "http://api.example /x",
    "http://api.example/\x00x",
    "http://api.example/x\ty",
    "http://api.example\r\nHost: evil/",
    "ftp://api.example/x",
    "file:///etc/passwd",
    "//evil.example/x",
    "http:///x",
    "http://exämple.com/",
]


@pytest.mark.parametrize("url", UNSAFE)
def test_addresses_that_parsers_could_read_differently_are_refused(url: str) -> None:
    with pytest.raises(UnsafeUrl):
        checked_url(url)


@pytest.mark.parametrize(
    ("href", "expected"),
    [
        ("/stac/search?token=2", "https://api.example/stac/search?token=2"),
        ("?token=2", "https://api.example/stac/search?token=2"),
        ("page2", "https://api.example/stac/page2"),
        ("HTTPS://API.EXAMPLE:443/x", "https://API.EXAMPLE:443/x"),
        ("https://[::1]:8443/x", "https://[::1]:8443/x"),
    ],
)
def test_relative_links_resolve_against_the_page(href: str, expected: str) -> None:
    assert checked_url(href, base="https://api.example/stac/search?token=1") == expected


def test_the_api_origin_is_compared_as_the_connection_is_made() -> None:
    transport = Transport("https://API.example", ApiKeyAuth(KEY))
    assert transport.is_api_url("https://api.example:443/orders")
    assert transport.is_api_url("https://api.example./orders")
    assert not transport.is_api_url("http://api.example/orders")
    assert not transport.is_api_url("https://api.example:8443/orders")
    assert not transport.is_api_url("https://api.example\\@evil.example/")
    assert not transport.is_api_url("https://x@api.example/")
    assert origin_of("https://api.example/a") == ("https", "api.example", 443)
    transport.close()


def test_a_redirect_that_parsers_read_differently_is_not_followed() -> None:
    with StubServer(lambda _r: []) as other:
        port = other.url.rsplit(":", 1)[1]

        def respond(request):
            return answer(302, b"", {"Location": f"http://127.0.0.1:{port}\\@127.0.0.2:{port}/products"})

        with (
            stub_api(respond, KEY) as (api, client),
            pytest.raises(ServerError, match="cannot be trusted"),
        ):
            client.list_products()
        assert other.requests == []
        assert [r.headers.get("x-api-key") for r in api.requests] == [KEY]


def test_next_links_relative_or_on_another_host_get_the_key_only_on_the_api_host() -> None:
    with StubServer(lambda _r: answer(200, stac_page(["c"], None))) as other:

        def respond(request):
            if "token=2" in request.target:
                return answer(200, stac_page(["b"], f"{other.url}/elsewhere?token=3"))
            return answer(200, stac_page(["a"], "search?token=2"))  # relative to /stac/search

        with stub_api(respond, KEY) as (api, client):
            items = [item.id for item in client.search(StacSearch(limit=1), method="GET")]
    assert items == ["a", "b", "c"]
    assert [r.target.split("?")[0] for r in api.requests] == ["/stac/search", "/stac/search"]
    assert all(r.headers.get("x-api-key") == KEY for r in api.requests)
    assert [r.target for r in other.requests] == ["/elsewhere?token=3"]
    assert "x-api-key" not in other.requests[0].headers


def test_a_next_link_with_user_info_is_not_followed() -> None:
    def respond(request):
        return answer(200, stac_page(["a"], f"http://127.0.0.1:1@{request.headers['host']}/stac/search?t=2"))

    with stub_api(respond, KEY) as (api, client):
        pager = client.search(StacSearch(limit=1), method="GET")
        assert next(pager).id == "a"
        with pytest.raises(ServerError, match="next link cannot be followed"):
            next(pager)
    assert len(api.requests) == 1
