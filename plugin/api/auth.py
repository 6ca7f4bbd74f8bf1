"""Credentials: a workspace API key (default) or the legacy bearer-token login.

The transport asks an auth object for headers only for requests to the API host; the
objects never show their secrets in ``repr``.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Mapping
from typing import Callable, Protocol

from .errors import API_KEY_HINT

#: ``(username, password) -> access token``; the transport's ``POST /token``.
TokenRequester = Callable[[str, str], str]


#: What an API key or token may consist of: visible ASCII, as an HTTP header value allows everywhere.
_TOKEN = re.compile(r"[\x21-\x7e]+")


def clean_api_key(text: str) -> str:
    """The key as typed or pasted, without surrounding white space and invisible characters.

    Raises ValueError with a plain message (that never shows the key) when something else is left
    that no key contains, such as typographic quotes or dashes from a document.
    """
    key = "".join(char for char in text if unicodedata.category(char) != "Cf").strip()
    if not key:
        raise ValueError("The API key is empty.")
    for position, char in enumerate(key, start=1):
        if not _TOKEN.fullmatch(char):
            raise ValueError(
                f"The API key cannot contain {_describe(char)} (character {position} of {len(key)}). "
                "Copy the key again from app.constellr.com ▸ Account ▸ Workspace API keys, "
                "without quotes or spaces."
            )
    return key


def clean_password(text: str) -> str:
    """A password as typed, refusing invisible and control characters (which come from pasting)."""
    for position, char in enumerate(text, start=1):
        if unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp"):
            raise ValueError(
                f"The password contains {_describe(char)} (character {position}), which cannot be typed: "
                "type the password instead of pasting it."
            )
    if not text:
        raise ValueError("The password is empty.")
    return text


def _describe(char: str) -> str:
    """A character named so that the user can find it (never the secret around it)."""
    name = unicodedata.name(char, "")
    if char.isspace():
        return f"a space ({name.lower() or 'white space'})"
    if unicodedata.category(char) in ("Cc", "Cf"):
        return f"an invisible character (U+{ord(char):04X})"
    return f"“{char}” ({name.lower()})" if name else f"the character U+{ord(char):04X}"


def check_token(token: str) -> str:
    """A bearer token from the server, if it can be sent back in a header; else ValueError."""
    if not _TOKEN.fullmatch(token):
        raise ValueError("The login answer holds no usable access token.")
    return token


class Auth(Protocol):
    """What the transport needs from a credential."""

    #: What to tell the user when the server answers 401.
    hint: str

    def headers(self, request_token: TokenRequester) -> dict[str, str]:
        """Headers that authenticate one request to the API host."""

    def renew(self, request_token: TokenRequester, rejected: Mapping[str, str]) -> bool:
        """Replace credentials the server rejected with 401; True if the request may be repeated."""


class ApiKeyAuth:
    """A workspace-scoped API key, sent as ``X-Api-Key``."""

    hint = API_KEY_HINT

    def __init__(self, key: str) -> None:
        self._key = clean_api_key(key)

    def __repr__(self) -> str:
        return "ApiKeyAuth(key=<hidden>)"

    def headers(self, request_token: TokenRequester) -> dict[str, str]:
        """The ``X-Api-Key`` header."""
        return {"X-Api-Key": self._key}

    def renew(self, request_token: TokenRequester, rejected: Mapping[str, str]) -> bool:
        """A rejected key cannot be renewed."""
        return False


class BearerTokenAuth:
    """Legacy login: ``POST /token`` with user name and password, then ``Authorization: Bearer``.

    The token (24 h) is fetched on first use and renewed when the server rejects it.
    Only works for accounts that belong to a single workspace.
    """

    hint = (
        "Check the user name and password. Password login only "
        "works for accounts in a single workspace; a workspace API key always works."
    )

    def __init__(self, username: str, password: str) -> None:
        if not username.strip() or not password:
            raise ValueError("User name and password are both required.")
        self._username = username.strip()
        self._password = clean_password(password)
        self._token: str | None = None
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"BearerTokenAuth(username={self._username!r}, password=<hidden>)"

    def headers(self, request_token: TokenRequester) -> dict[str, str]:
        """The bearer header, logging in first if there is no token yet."""
        with self._lock:
            if self._token is None:
                self._token = request_token(self._username, self._password)
            return self._bearer(self._token)

    def renew(self, request_token: TokenRequester, rejected: Mapping[str, str]) -> bool:
        """Log in again, unless another thread already replaced the rejected token."""
        with self._lock:
            if self._token is None or dict(rejected) == self._bearer(self._token):
                self._token = request_token(self._username, self._password)
            return True

    @staticmethod
    def _bearer(token: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {token}"}
