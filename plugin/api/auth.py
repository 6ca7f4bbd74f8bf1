"""Credentials: a workspace API key (default) or the legacy bearer-token login.

The transport asks an auth object for headers only for requests to the API host; the
objects never show their secrets in ``repr``.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from typing import Callable, Protocol

from .errors import API_KEY_HINT

#: ``(username, password) -> access token``; the transport's ``POST /token``.
TokenRequester = Callable[[str, str], str]


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
        if not key or not key.strip():
            raise ValueError("The API key is empty.")
        self._key = key.strip()

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
        "Check the user name and password in the constellr connection settings. Password login only "
        "works for accounts in a single workspace; a workspace API key always works."
    )

    def __init__(self, username: str, password: str) -> None:
        if not username or not password:
            raise ValueError("User name and password are both required.")
        self._username = username
        self._password = password
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
