"""Reading a small asset (a thumbnail) into memory: bounded, and with no credentials at storage."""

from __future__ import annotations

import threading
import time

import pytest

from constellr.plugin.api import CancelledError, DownloadError, StacItem, StacSearch

from .conftest import requests_to
from .stub import stub_api

CREDENTIAL_HEADERS = ("x-api-key", "authorization")


def first_item(client) -> StacItem:
    return next(iter(client.search(StacSearch(limit=1))))


def test_a_thumbnail_is_read_whole_from_storage_without_credentials(client, sb) -> None:
    thumbnail = first_item(client).assets["thumbnail"]
    sb.requests.clear()
    body = client.read_asset(thumbnail, max_bytes=2 * 1024 * 1024)
    assert body[:3] == b"\xff\xd8\xff"  # a JPEG
    [fetched] = [request for request in sb.requests if request.server == "storage"]
    assert not any(name in fetched.headers for name in CREDENTIAL_HEADERS)
    assert not requests_to(sb, "GET", fetched.path)  # nothing went to the API host for it


def test_a_file_announced_larger_than_the_limit_is_refused_before_its_body(client, sb) -> None:
    thumbnail = first_item(client).assets["thumbnail"]
    with pytest.raises(DownloadError, match="larger than 1 KiB") as caught:
        client.read_asset(thumbnail, max_bytes=1024)
    assert caught.value.hint == "Download the asset to look at it."


def test_a_body_without_length_is_cut_off_at_the_limit() -> None:
    def respond(_request):
        yield b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nTransfer-Encoding: chunked\r\n\r\n"
        while True:  # an endless body, a kilobyte every 10 ms
            yield b"3e8\r\n" + b"x" * 1000 + b"\r\n"
            yield 0.01

    started = time.monotonic()
    with stub_api(respond) as (server, client), pytest.raises(DownloadError, match="larger than 4 KiB"):
        client.read_asset(f"{server.url}/thumb.png?X-Amz-Signature=abc", max_bytes=4096)
    assert time.monotonic() - started < 2.0  # it stopped after 5 kB instead of reading on


def test_a_cancel_stops_a_slow_read_within_a_second() -> None:
    def respond(_request):
        yield b"HTTP/1.1 200 OK\r\nContent-Type: image/jpeg\r\nContent-Length: 1000\r\n\r\n\xff\xd8"
        yield 30.0  # the rest never comes

    cancelled = threading.Event()
    threading.Timer(0.3, cancelled.set).start()
    with stub_api(respond) as (server, client):
        started = time.monotonic()
        with pytest.raises(CancelledError):
            client.read_asset(f"{server.url}/thumb.jpg", max_bytes=4096, is_cancelled=cancelled.is_set)
    assert time.monotonic() - started < 1.3


def test_an_unusable_link_is_refused_plainly(client) -> None:
    with pytest.raises(DownloadError, match="This link cannot be used"):
        client.read_asset("file:///etc/passwd", max_bytes=1024)
