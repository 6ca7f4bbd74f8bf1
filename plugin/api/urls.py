"""Addresses that come from a server (``Location``, ``next`` links, asset hrefs), checked before use.

The host a request goes to is decided exactly as the HTTP stack decides it: the URL is prepared as
requests prepares it and parsed with urllib3, the parser that picks the connection. An address that
another parser (``urllib.parse``) reads differently, or that hides its host behind backslashes, user
info, control characters, percent-escapes or an odd port, is refused rather than guessed at.
"""

from __future__ import annotations

import re
from typing import NamedTuple
from urllib.parse import urljoin, urlsplit

import requests
import urllib3.util

DEFAULT_PORTS = {"http": 80, "https": 443}
_HOST = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?\.?|\[[0-9A-Fa-f:.]+\]")
_PORT = re.compile(r"[1-9][0-9]{0,4}")
_FORBIDDEN = re.compile(r"[\x00-\x20\x7f\\]")


class UnsafeUrl(ValueError):  # noqa: N818 - reads as what it is
    """An address that cannot be used safely; the message says why (without the query string)."""


class Origin(NamedTuple):
    """Where a connection goes: scheme, host (lower case, IPv6 in brackets) and port."""

    scheme: str
    host: str
    port: int


def checked_url(url: str, base: str | None = None) -> str:
    """``url`` (resolved against ``base`` when relative) if it is a plain http(s) address, else UnsafeUrl."""
    if not isinstance(url, str) or not url:
        raise UnsafeUrl("The server gave an empty or non-text address")
    if _FORBIDDEN.search(url):
        raise UnsafeUrl("The address holds spaces, control characters or backslashes")
    absolute = urljoin(base, url) if base else url
    origin_of(absolute)  # raises for anything unsafe
    return absolute


def origin_of(url: str) -> Origin:
    """The origin the HTTP stack connects to for ``url``; UnsafeUrl when parsers could disagree."""
    if _FORBIDDEN.search(url):
        raise UnsafeUrl("The address holds spaces, control characters or backslashes")
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS:
        raise UnsafeUrl(f"Only http and https addresses can be used, not {scheme or 'a relative address'!r}")
    authority = parts.netloc
    if "@" in authority:
        raise UnsafeUrl("The address carries a user name or password")
    host, _, port_text = authority.rpartition(":") if not authority.endswith("]") else (authority, "", "")
    if not host:
        host, port_text = port_text, ""
    if not _HOST.fullmatch(host) or (port_text and not _PORT.fullmatch(port_text)):
        raise UnsafeUrl("The address has a host or port that cannot be trusted")
    port = int(port_text) if port_text else DEFAULT_PORTS[scheme]
    if not 0 < port < 65536:
        raise UnsafeUrl("The address has a port out of range")
    origin = Origin(scheme, host.lower().rstrip("."), port)
    if _stack_origin(url) != origin:
        raise UnsafeUrl("The address is read differently by different parsers")
    return origin


def _stack_origin(url: str) -> Origin | None:
    """The origin as requests prepares the URL and urllib3 connects to it."""
    prepared = requests.PreparedRequest()
    try:
        prepared.prepare_url(url, None)
        parsed = urllib3.util.parse_url(prepared.url)
    except (requests.exceptions.RequestException, urllib3.exceptions.HTTPError, ValueError):
        return None
    if parsed.auth or not parsed.host or parsed.scheme not in DEFAULT_PORTS:
        return None
    return Origin(parsed.scheme, parsed.host.lower().rstrip("."), parsed.port or DEFAULT_PORTS[parsed.scheme])
