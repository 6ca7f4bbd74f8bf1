"""HTTP plumbing shared by the client, the pagers and downloads.

Every request has connect/read timeouts; safe methods are retried per the RetryPolicy; a bearer
token rejected with 401 is renewed once; redirects are followed by hand so that credentials go
to the API host (scheme, host and port) only; logs show method, URL without query, status and time.
"""

from __future__ import annotations

import ipaddress
import logging
from collections.abc import Mapping
from typing import Any, Callable, TypeVar
from urllib.parse import urljoin, urlsplit

import requests
import requests.auth
import urllib3

from .auth import Auth
from .errors import (
    API_KEY_HINT,
    SAFE_METHODS,
    ConstellrError,
    ServerError,
    error_from_exception,
    error_from_response,
    public_url,
)
from .retry import RETRY_STATUSES, RetryPolicy

log = logging.getLogger("constellr.api")

T = TypeVar("T")

DEFAULT_TIMEOUT = (10.0, 60.0)
DEFAULT_USER_AGENT = f"constellr-qgis-plugin python-requests/{requests.__version__}"
MAX_REDIRECTS = 5
TRANSPORT_ERRORS = (requests.exceptions.RequestException, urllib3.exceptions.HTTPError)


class _NoNetrc(requests.auth.AuthBase):
    """An explicit no-op auth: keeps requests from adding ``~/.netrc`` credentials by itself."""

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        return request


_NO_NETRC = _NoNetrc()


def origin_of(url: str) -> tuple[str, str, int] | None:
    """``(scheme, host, port)`` of an http(s) URL, default ports filled in; None if not http(s)."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    try:
        port = parts.port
    except ValueError:
        return None
    if scheme not in ("http", "https") or not parts.hostname:
        return None
    return scheme, parts.hostname, port or (443 if scheme == "https" else 80)


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class Transport:
    """Sends requests to one API host (``base_url``) with credentials, and to any other host without."""

    def __init__(
        self,
        base_url: str | None,
        auth: Auth | None,
        *,
        timeout: tuple[float, float] = DEFAULT_TIMEOUT,
        retry: RetryPolicy | None = None,
        proxies: Mapping[str, str] | None = None,
        session: requests.Session | None = None,
        user_agent: str = DEFAULT_USER_AGENT,
    ) -> None:
        self.base_url = base_url.rstrip("/") if base_url else None
        self._api_origin = origin_of(self.base_url) if self.base_url else None
        if self.base_url and self._api_origin is None:
            raise ValueError(f"Not an http(s) address: {public_url(self.base_url)}")
        if self._api_origin and self._api_origin[0] == "http" and not _is_loopback(self._api_origin[1]):
            raise ValueError("The API address must use https (plain http is only allowed for this computer).")
        self.auth = auth
        self.timeout = timeout
        self.retry = retry or RetryPolicy()
        self._user_agent = user_agent
        self._owned_sessions: list[requests.Session] = []
        self._api_session = session or self._new_session()
        if self._api_session.verify is False:
            raise ValueError("TLS certificate verification cannot be switched off.")
        # Hosts other than the API host (pre-signed storage URLs) get a session of their own
        # that never holds credentials or the API host's cookies.
        self._storage_session = self._new_session()
        self._storage_session.verify = self._api_session.verify
        for session_ in (self._api_session, self._storage_session):
            if proxies is not None:
                session_.proxies = dict(proxies)
                session_.trust_env = False  # the given proxies, not the environment's

    def _new_session(self) -> requests.Session:
        session = requests.Session()
        self._owned_sessions.append(session)
        return session

    def close(self) -> None:
        """Close the sessions this transport created (not one passed in)."""
        for session in self._owned_sessions:
            session.close()

    def api_url(self, path: str) -> str:
        """Absolute URL of an API path like ``/orders``."""
        if self.base_url is None:
            raise ValueError("This transport has no API address.")
        return self.base_url + path

    def is_api_url(self, url: str) -> bool:
        """True if ``url`` is on the API host, the only one that gets credentials."""
        return self._api_origin is not None and origin_of(url) == self._api_origin

    def request(
        self,
        method: str,
        url: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        data: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
        stream: bool = False,
        credentials: bool = True,
    ) -> requests.Response:
        """Send a request and return its 2xx response, or raise a ConstellrError.

        ``credentials=False`` sends none even to the API host; other hosts never get any.
        """
        method = method.upper()
        started = self.retry.clock()
        failures = 0
        renewed = False
        while True:
            sent_credentials = self.auth.headers(self._request_token) if credentials and self.auth else {}
            try:
                response = self._send(
                    method,
                    url,
                    params=params,
                    json=json,
                    data=data,
                    headers=headers or {},
                    stream=stream,
                    credential_headers=sent_credentials,
                )
            except TRANSPORT_ERRORS as exc:
                log.debug("%s %s failed: %s", method, public_url(url), type(exc).__name__)
                error = error_from_exception(exc, method, url)
                retryable = error.transient and not isinstance(exc, requests.exceptions.ReadTimeout)
            else:
                if 200 <= response.status_code < 300:
                    return response
                from_api = self.is_api_url(response.url)
                hint = self.auth.hint if self.auth else API_KEY_HINT
                error = error_from_response(response, method, url, from_api=from_api, auth_hint=hint)
                response.close()
                if (
                    response.status_code == 401
                    and from_api
                    and sent_credentials
                    and not renewed
                    and self.auth is not None
                    and self.auth.renew(self._request_token, sent_credentials)
                ):
                    renewed = True
                    continue
                retryable = response.status_code in RETRY_STATUSES
            failures += 1
            delay = None
            if retryable and method in SAFE_METHODS:
                delay = self.retry.delay_before_retry(failures, started, error.retry_after)
            if delay is None:
                raise error
            log.warning(
                "Retrying %s %s in %.1f s after: %s (attempt %d of %d)",
                method,
                public_url(url),
                delay,
                error.message,
                failures + 1,
                self.retry.max_attempts,
            )
            self.retry.sleep(delay)

    def call(
        self,
        method: str,
        url: str,
        parse: Callable[[Any], T],
        *,
        headers: Mapping[str, str] | None = None,
        **kwargs: Any,
    ) -> T:
        """Send a request and turn its JSON answer into a model with ``parse``."""
        headers = {"Accept": "application/json", **(headers or {})}
        response = self.request(method, url, headers=headers, **kwargs)
        try:
            return parse(response.json())
        except (ValueError, KeyError, TypeError, AttributeError):
            raise ServerError(
                "The server's answer could not be read",
                status=response.status_code,
                method=method.upper(),
                url=url,
                transient=True,
            ) from None

    def _send(
        self,
        method: str,
        url: str,
        *,
        params: Mapping[str, Any] | None,
        json: Any,
        data: Mapping[str, str] | None,
        headers: Mapping[str, str],
        stream: bool,
        credential_headers: Mapping[str, str],
    ) -> requests.Response:
        """One attempt, following redirects; credentials only on hops to the API host."""
        for _ in range(MAX_REDIRECTS + 1):
            to_api = self.is_api_url(url)
            session = self._api_session if to_api else self._storage_session
            response = session.request(
                method,
                url,
                params=params,
                json=json,
                data=data,
                headers={"User-Agent": self._user_agent, **headers, **(credential_headers if to_api else {})},
                stream=stream,
                timeout=self.timeout,
                allow_redirects=False,
                auth=_NO_NETRC,
            )
            log.debug(
                "%s %s -> %d in %.0f ms",
                method,
                public_url(response.url),
                response.status_code,
                response.elapsed.total_seconds() * 1000,
            )
            if not response.is_redirect:
                if not stream and method != "HEAD":
                    _check_complete(response)
                return response
            response.close()
            url = urljoin(response.url, response.headers["Location"])
            params = None
            if response.status_code == 303 or (response.status_code in (301, 302) and method == "POST"):
                method, json, data = ("HEAD" if method == "HEAD" else "GET"), None, None
        raise ConstellrError("Too many redirects", method=method, url=url, hint="Contact constellr support.")

    def _request_token(self, username: str, password: str) -> str:
        """Legacy login: ``POST /token`` (form-encoded) -> access token."""
        return self.call(
            "POST",
            self.api_url("/token"),
            lambda payload: str(payload["access_token"]),
            data={"username": username, "password": password},
            credentials=False,
        )


def _check_complete(response: requests.Response) -> None:
    """Raise if the connection closed before the announced ``Content-Length`` arrived."""
    expected = response.headers.get("Content-Length", "")
    received = len(response.content)
    if expected.isdigit() and "Content-Encoding" not in response.headers and received < int(expected):
        raise urllib3.exceptions.IncompleteRead(received, int(expected) - received)
