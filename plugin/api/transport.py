"""HTTP plumbing shared by the client, the pagers and downloads.

Every request has connect/read timeouts and an overall deadline, and ends within a fraction of a second
of a cancel (see ``guard``); safe methods are retried per the RetryPolicy; a bearer token rejected with
401 is renewed once; redirects are followed by hand so that credentials go to the API origin only
(decided as the HTTP stack connects, see ``urls``); logs show method, URL without query, status, time.
"""

from __future__ import annotations

import ipaddress
import logging
from collections.abc import Callable, Mapping
from typing import Any, TypeVar, Union

import requests
import requests.auth
import requests.utils
import urllib3

from .auth import Auth, check_token
from .errors import (
    API_KEY_HINT,
    SAFE_METHODS,
    CancelledError,
    ConstellrError,
    ServerError,
    TimeoutError,
    error_from_exception,
    error_from_response,
    public_url,
)
from .guard import Guard, GuardedAdapter, guarded
from .logs import hide_query_strings_in_urllib3_logs
from .retry import RETRY_STATUSES, RetryPolicy
from .urls import Origin, UnsafeUrl, checked_url
from .urls import origin_of as _checked_origin

log = logging.getLogger("constellr.api")

T = TypeVar("T")

DEFAULT_TIMEOUT = (10.0, 60.0)
#: The most seconds one API call may take, retries included, however slowly the server trickles.
MIN_DEADLINE = 120.0
DEFAULT_USER_AGENT = f"constellr-qgis-plugin python-requests/{requests.__version__}"
MAX_REDIRECTS = 5
TRANSPORT_ERRORS = (requests.exceptions.RequestException, urllib3.exceptions.HTTPError, OSError)
#: What ``call`` turns into "the answer could not be read" (deeply nested JSON raises RecursionError).
PARSE_ERRORS = (ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError, OverflowError)

#: Proxies for a URL in the form requests takes ({} for a direct connection).
ProxyResolver = Callable[[str], Mapping[str, str]]
Proxies = Union[Mapping[str, str], ProxyResolver, None]

hide_query_strings_in_urllib3_logs()


class _NoNetrc(requests.auth.AuthBase):
    """An explicit no-op auth: keeps requests from adding ``~/.netrc`` credentials by itself."""

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        return request


_NO_NETRC = _NoNetrc()


def origin_of(url: str) -> Origin | None:
    """Where the HTTP stack connects for ``url``; None when it is not a safe http(s) address."""
    try:
        return _checked_origin(url)
    except UnsafeUrl:
        return None


def environment_proxies(url: str) -> dict[str, str]:
    """The system's proxies for ``url`` (environment, and the OS settings on Windows and macOS)."""
    return dict(requests.utils.get_environ_proxies(url))


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _proxy_resolver(proxies: Proxies) -> ProxyResolver:
    if proxies is None:
        return environment_proxies
    if callable(proxies):
        return proxies
    fixed = dict(proxies)
    return lambda _url: fixed


class Transport:
    """Sends requests to one API origin (``base_url``) with credentials, and to any other without."""

    def __init__(
        self,
        base_url: str | None,
        auth: Auth | None,
        *,
        timeout: tuple[float, float] = DEFAULT_TIMEOUT,
        retry: RetryPolicy | None = None,
        deadline: float | None = None,
        proxies: Proxies = None,
        ca_bundle: str | None = None,
        session: requests.Session | None = None,
        user_agent: str = DEFAULT_USER_AGENT,
    ) -> None:
        self.base_url = base_url.strip().rstrip("/") if base_url else None
        self._api_origin = origin_of(self.base_url) if self.base_url else None
        if self.base_url and self._api_origin is None:
            raise ValueError(f"Not a plain http(s) address: {public_url(self.base_url)}")
        if self._api_origin and self._api_origin.scheme == "http" and not _is_loopback(self._api_origin.host):
            raise ValueError("The API address must use https (plain http is only allowed for this computer).")
        self.auth = auth
        self.timeout = timeout
        #: Seconds one call may take in all (retries included); a download's limit without progress.
        self.deadline = deadline or max(MIN_DEADLINE, 2 * sum(timeout))
        self.retry = retry or RetryPolicy()
        self._proxies_for = _proxy_resolver(proxies)
        self._user_agent = user_agent
        self._owned_sessions: list[requests.Session] = []
        self._api_session = session or self._new_session()
        if self._api_session.verify is False:
            raise ValueError("TLS certificate verification cannot be switched off.")
        if ca_bundle:
            self._api_session.verify = ca_bundle
        # Hosts other than the API host (pre-signed storage URLs) get a session of their own
        # that never holds credentials or the API host's cookies.
        self._storage_session = self._new_session()
        self._storage_session.verify = self._api_session.verify
        for session_ in (self._api_session, self._storage_session):
            session_.trust_env = False  # proxies come from the resolver, per request
            for prefix in ("http://", "https://"):
                session_.mount(prefix, GuardedAdapter())

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
        """True if ``url`` goes to the API origin, the only one that gets credentials."""
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
        is_cancelled: Callable[[], bool] | None = None,
    ) -> requests.Response:
        """Send a request and return its 2xx response, or raise a ConstellrError.

        ``credentials=False`` sends none even to the API origin; other origins never get any. The
        thread's active guard (``guard.guarded``) bounds the request, else one made for it here.
        """
        with guarded(is_cancelled, self.deadline) as guard:
            return self._request(
                guard,
                method.upper(),
                url,
                params=params,
                json=json,
                data=data,
                headers=headers or {},
                stream=stream,
                credentials=credentials,
            )

    def _request(
        self,
        guard: Guard,
        method: str,
        url: str,
        *,
        credentials: bool,
        **options: Any,
    ) -> requests.Response:
        started = self.retry.clock()
        failures = 0
        renewed = False
        while True:
            _raise_if_tripped(guard, method, url, sent=False)  # a POST is not repeated: nothing sent yet
            sent_credentials = self.auth.headers(self._request_token) if credentials and self.auth else {}
            try:
                response = self._send(method, url, credential_headers=sent_credentials, **options)
            except TRANSPORT_ERRORS as exc:
                _raise_if_tripped(guard, method, url, sent=True)
                log.debug("%s %s failed: %s", method, public_url(url), type(exc).__name__)
                error = error_from_exception(exc, method, url)
                retryable = error.transient and not isinstance(error, TimeoutError)
            else:
                if 200 <= response.status_code < 300:
                    return response
                from_api = self.is_api_url(response.url)
                hint = self.auth.hint if self.auth else API_KEY_HINT
                error = error_from_response(
                    response,
                    method,
                    url,
                    from_api=from_api,
                    auth_hint=hint,
                    secrets=self._secrets(sent_credentials),
                )
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
                try:
                    raise error
                finally:  # the raised error must not keep this frame, and its callers', locals alive
                    del error
            log.warning(
                "Retrying %s %s in %.1f s after: %s (attempt %d of %d)",
                method,
                public_url(url),
                delay,
                error.message,
                failures + 1,
                self.retry.max_attempts,
            )
            guard.wait(delay)

    def call(
        self,
        method: str,
        url: str,
        parse: Callable[[Any], T],
        *,
        headers: Mapping[str, str] | None = None,
        is_cancelled: Callable[[], bool] | None = None,
        **kwargs: Any,
    ) -> T:
        """Send a request and turn its JSON answer into a model with ``parse``.

        An answer that cannot be read is a ServerError; after a POST its outcome is unknown.
        """
        headers = {"Accept": "application/json", **(headers or {})}
        with guarded(is_cancelled, self.deadline):
            response = self.request(method, url, headers=headers, **kwargs)
            try:
                return parse(response.json())
            except PARSE_ERRORS:
                raise ServerError(
                    "The server's answer could not be read",
                    status=response.status_code,
                    method=method.upper(),
                    url=url,
                    transient=True,
                    outcome_unknown=method.upper() not in SAFE_METHODS,
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
        """One attempt, following redirects; credentials only on hops to the API origin."""
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
                proxies=dict(self._proxies_for(url)),
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
            try:
                url = checked_url(response.headers["Location"], base=response.url)
            except UnsafeUrl as problem:
                raise ServerError(
                    f"The server redirected to an address that cannot be trusted: {problem}",
                    status=response.status_code,
                    method=method,
                    url=response.url,
                    outcome_unknown=method not in SAFE_METHODS,
                ) from None
            params = None
            if response.status_code == 303 or (response.status_code in (301, 302) and method == "POST"):
                method, json, data = ("HEAD" if method == "HEAD" else "GET"), None, None
        raise ConstellrError("Too many redirects", method=method, url=url, hint="Contact constellr support.")

    def _secrets(self, credential_headers: Mapping[str, str]) -> list[str]:
        """The secret parts of what was sent, to hide if a server repeats them."""
        return [value.split(" ", 1)[-1] for value in credential_headers.values()]

    def _request_token(self, username: str, password: str) -> str:
        """Legacy login: ``POST /token`` (form-encoded) -> access token."""
        return self.call(
            "POST",
            self.api_url("/token"),
            lambda payload: check_token(payload["access_token"]),
            data={"username": username, "password": password},
            credentials=False,
        )


def _raise_if_tripped(guard: Guard, method: str, url: str, *, sent: bool) -> None:
    """Raise the cancel or the deadline once the guard has tripped (``sent``: the request went out)."""
    if not guard.tripped():
        return
    unknown = sent and method not in SAFE_METHODS
    if guard.reason == Guard.CANCELLED:
        raise CancelledError(method=method, url=url, outcome_unknown=unknown)
    raise TimeoutError(
        f"No complete answer within {guard.limit:.0f} s",
        method=method,
        url=url,
        transient=True,
        outcome_unknown=unknown,
    )


def _check_complete(response: requests.Response) -> None:
    """Raise if the connection closed before the announced ``Content-Length`` arrived."""
    expected = response.headers.get("Content-Length", "")
    received = len(response.content)
    if expected.isdigit() and "Content-Encoding" not in response.headers and received < int(expected):
        raise urllib3.exceptions.IncompleteRead(received, int(expected) - received)
