"""The one exception family the client raises, built from HTTP answers and transport failures.

Every error carries ``status`` (or None), ``server_message``, ``hint`` (what the user can do),
``method`` and ``url`` (never with a query string, which may hold a signature).
"""

from __future__ import annotations

import math
import re
from typing import Any, NamedTuple
from urllib.parse import urlsplit, urlunsplit

import requests
import urllib3

from .logs import without_query_strings
from .retry import parse_retry_after

SAFE_METHODS = frozenset({"GET", "HEAD"})
API_KEY_HINT = "Check the workspace API key; keys expire and can be revoked."
OUTCOME_UNKNOWN_HINT = (
    "The server may have carried out the request before the connection was lost: "
    "check (for example refresh the order list) before sending it again."
)
HIDDEN = "«hidden»"
#: 5xx answers that prove the request was not carried out (not implemented, HTTP version refused).
_NOT_PROCESSED_STATUSES = frozenset({501, 505})
_REQUEST_PARTS = frozenset({"body", "query", "path", "header", "cookie"})
_URL = re.compile(r"https?://\S+", re.IGNORECASE)
_LOCATED_LINE = re.compile(r"([A-Za-z_][\w-]*(?:\[\d+\]|\.[A-Za-z_][\w-]*)*): (.+)")
_INTERRUPTIONS = (
    requests.exceptions.ConnectionError,
    requests.exceptions.ChunkedEncodingError,
    requests.exceptions.ContentDecodingError,
    urllib3.exceptions.HTTPError,
)


class FieldError(NamedTuple):
    """One server validation message; ``location`` is like ``orders[0].tags`` ('' for the whole request)."""

    location: str
    message: str

    def line(self) -> str:
        """``location: message``, or the message alone."""
        return f"{self.location}: {self.message}" if self.location else self.message


class ConstellrError(Exception):
    """Base of every error the client raises."""

    summary = "The constellr request failed"
    default_hint: str | None = "Try again later."

    def __init__(
        self,
        message: str | None = None,
        *,
        status: int | None = None,
        server_message: str | None = None,
        hint: str | None = None,
        method: str | None = None,
        url: str | None = None,
        transient: bool = False,
        outcome_unknown: bool = False,
        retry_after: float | None = None,
    ) -> None:
        self.message = message or self.summary
        self.status = status
        self.server_message = server_message
        self.hint = hint or (OUTCOME_UNKNOWN_HINT if outcome_unknown else self.default_hint)
        self.method = method
        self.url = public_url(url) if url else None
        #: The same request may well succeed if repeated later.
        self.transient = transient
        #: The request may have been carried out although no answer arrived.
        self.outcome_unknown = outcome_unknown
        self.retry_after = retry_after
        super().__init__(self.message)

    def __str__(self) -> str:
        context = []
        if self.status is not None:
            context.append(f"HTTP {self.status}")
        if self.method and self.url:
            context.append(f"{self.method} {self.url}")
        text = f"{self.message} ({', '.join(context)})" if context else self.message
        if self.server_message:
            text += ": " + "; ".join(self.server_message.splitlines())
        if self.hint:
            text += f" — {self.hint}"
        return text


class AuthenticationError(ConstellrError):
    """401: the API key is invalid, expired or revoked, or the login was refused."""

    summary = "Not authenticated"
    default_hint = API_KEY_HINT


class PermissionDeniedError(ConstellrError):
    """403: authenticated, but not allowed to do this."""

    summary = "Permission denied"
    default_hint = "Your account may not do this in this workspace; ask a workspace administrator."


class NotFoundError(ConstellrError):
    """404: the order, AOI, collection, item or asset does not exist (in this workspace)."""

    summary = "Not found"
    default_hint = "It may have been deleted or belong to another workspace; refresh and try again."


class ConflictError(ConstellrError):
    """409: AOI name taken, AOI still has active orders, or order not deletable in its state."""

    summary = "Conflict with the current state"
    default_hint = "Refresh, then choose another name or wait until the object is no longer in use."


class ValidationError(ConstellrError):
    """400/422: the server refused the values sent; ``field_errors`` says where."""

    summary = "Invalid request"
    default_hint = "Correct the values listed and try again."

    def __init__(self, *, field_errors: list[FieldError] | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.field_errors = field_errors or []


class RateLimitedError(ConstellrError):
    """429: too many requests; ``retry_after`` seconds if the server said."""

    summary = "Too many requests"
    default_hint = "Wait a moment and try again."


class ServerError(ConstellrError):
    """5xx, or an answer that could not be read."""

    summary = "The constellr service had a problem"
    default_hint = "Try again later; if it persists, contact constellr support."


class TimeoutError(ConstellrError):
    """No connection or no answer within the timeout (for POST the outcome is unknown)."""

    summary = "No answer in time"
    default_hint = "Try again; if it keeps happening, check the connection."


class NetworkError(ConstellrError):
    """No network, connection refused, DNS failure, proxy failure or dropped connection."""

    summary = "Could not reach the server"
    default_hint = "Check the internet connection, the proxy settings and the server address."


class DownloadError(ConstellrError):
    """A file could not be downloaded or stored completely."""

    summary = "Download failed"
    default_hint = "Try again; the part already downloaded is kept and the download resumes."


class CancelledError(ConstellrError):
    """The caller's cancellation check asked to stop."""

    summary = "Cancelled"
    default_hint = None


class DownloadCancelled(CancelledError):  # noqa: N818 - the name the plugin layer uses
    """A download was cancelled; its ``.part`` file is kept for a later resume."""

    summary = "Download cancelled"
    default_hint = "The part already downloaded is kept; start the download again to resume."


_STATUS_CLASSES: dict[int, type[ConstellrError]] = {
    400: ValidationError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    410: NotFoundError,
    422: ValidationError,
    429: RateLimitedError,
}


def public_url(url: str) -> str:
    """The URL without user info, query and fragment: safe to log and show."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    try:
        port = parts.port
    except ValueError:
        port = None
    netloc = f"{host}:{port}" if port else host
    return urlunsplit((parts.scheme, netloc, parts.path, "", ""))


def error_from_response(
    response: requests.Response,
    method: str,
    url: str,
    *,
    from_api: bool,
    auth_hint: str,
    secrets: list[str] | tuple[str, ...] = (),
) -> ConstellrError:
    """The exception for a non-success answer to ``method url`` (``from_api`` False: a storage host).

    ``secrets`` (what was sent as credentials) are hidden should the server repeat them.
    """
    status = response.status_code
    retry_after = parse_retry_after(response.headers.get("Retry-After"))
    common: dict[str, Any] = {
        "status": status,
        "method": method,
        "url": url,
        "transient": status == 429 or status >= 500,
        "retry_after": retry_after,
        "outcome_unknown": method not in SAFE_METHODS and _may_have_been_processed(status, retry_after),
    }
    if not from_api:
        hint = (
            "The download link may have expired: reload the item to get fresh links and try again."
            if status in (401, 403, 404, 410)
            else None
        )
        return DownloadError(f"The storage server answered HTTP {status}", hint=hint, **common)
    server_message, field_errors = _server_message(response)
    server_message = redact(server_message, secrets)
    field_errors = [
        FieldError(error.location, redact(error.message, secrets) or "") for error in field_errors
    ]
    common["server_message"] = server_message
    cls = _STATUS_CLASSES.get(status, ServerError if status >= 500 else ConstellrError)
    if cls is ValidationError:
        return ValidationError(field_errors=field_errors, **common)
    if cls is AuthenticationError:
        return AuthenticationError(hint=auth_hint, **common)
    if cls is RateLimitedError and retry_after is not None:
        return RateLimitedError(hint=f"Wait {math.ceil(retry_after)} s and try again.", **common)
    return cls(**common)


def _may_have_been_processed(status: int, retry_after: float | None) -> bool:
    """Whether a server may have carried out a request it answered with ``status``.

    A 4xx is a refusal. A 5xx may come after the work was done (a crash, a gateway that gave up
    waiting), except 501/505 and a 503 with ``Retry-After``, by which the server says it is not
    taking requests now.
    """
    if status < 500 or status in _NOT_PROCESSED_STATUSES:
        return False
    return not (status == 503 and retry_after is not None)


def redact(text: str | None, secrets: list[str] | tuple[str, ...] = ()) -> str | None:
    """``text`` without the given secrets and without the query strings of any URL in it."""
    if text is None:
        return None
    for secret in secrets:
        if secret:
            text = text.replace(secret, HIDDEN)
    return _URL.sub(lambda match: without_query_strings(match.group(0)), text)


def error_from_exception(exc: Exception, method: str, url: str) -> ConstellrError:
    """The exception for a failure of requests/urllib3 (no answer, or a broken one).

    ``outcome_unknown`` is false only when nothing can have reached the server: no connection was
    made (refused, DNS, connect timeout, TLS handshake, proxy), or the method is safe.
    """
    host = urlsplit(public_url(url)).netloc
    unsafe = method not in SAFE_METHODS
    cls: type[ConstellrError] = NetworkError
    extra: dict[str, Any] = {"transient": True}
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        cls, message = TimeoutError, f"Connecting to {host} timed out"
    elif _caused_by(exc, (requests.exceptions.ReadTimeout, urllib3.exceptions.ReadTimeoutError)):
        cls, message = TimeoutError, f"{host} stopped answering (no data within the time limit)"
        extra["outcome_unknown"] = unsafe
    elif isinstance(exc, requests.exceptions.SSLError):
        message = f"The secure connection to {host} failed"
        extra = {
            "hint": "The server's certificate could not be verified. Check the address; behind a company "
            "proxy, add its certificate authority in QGIS (Settings ▸ Options ▸ Authentication ▸ "
            "Certificate Manager ▸ Authorities)."
        }
    elif isinstance(exc, requests.exceptions.ProxyError):
        message = "Could not connect through the proxy"
        extra["hint"] = "Check the proxy settings (QGIS Settings ▸ Options ▸ Network)."
    elif isinstance(exc, requests.exceptions.ConnectionError) and _never_connected(exc):
        message = f"Could not connect to {host}"
    elif isinstance(exc, (*_INTERRUPTIONS, OSError)):
        message = f"The connection to {host} was interrupted"
        extra["outcome_unknown"] = unsafe
    else:
        message = f"The request to {host} failed"
        extra = {"outcome_unknown": unsafe}
    return cls(message, method=method, url=url, **extra)


def _caused_by(exc: BaseException, kind: type[BaseException] | tuple[type[BaseException], ...]) -> bool:
    """Whether ``kind`` is ``exc`` or among its wrapped causes (requests wraps urllib3's errors)."""
    seen: set[int] = set()
    stack: list[object] = [exc]
    while stack:
        current = stack.pop()
        if not isinstance(current, BaseException) or id(current) in seen:
            continue
        if isinstance(current, kind):
            return True
        seen.add(id(current))
        stack.extend(current.args)
        stack.extend((getattr(current, "reason", None), current.__cause__, current.__context__))
    return False


def _never_connected(exc: requests.exceptions.ConnectionError) -> bool:
    reason = getattr(exc.args[0], "reason", None) if exc.args else None
    return isinstance(reason, urllib3.exceptions.NewConnectionError)


def _server_message(response: requests.Response) -> tuple[str | None, list[FieldError]]:
    """The server's words: ``detail`` (text or validation list), a STAC ``description``, or short text."""
    try:
        payload = response.json()
    except (ValueError, RecursionError):
        if response.headers.get("Content-Type", "").startswith("text/plain"):
            return response.text.strip()[:300] or None, []
        return None, []
    if isinstance(payload, dict):
        # FastAPI's "detail", STAC APIs' {"code", "description"}, many others' "message"
        detail = next((payload[key] for key in ("detail", "description", "message") if key in payload), None)
    else:
        detail = payload
    if isinstance(detail, str):
        return detail, [_field_error_from_line(line) for line in detail.splitlines() if line.strip()]
    if isinstance(detail, list):
        field_errors = [_field_error(entry) for entry in detail]
        return "\n".join(error.line() for error in field_errors) or None, field_errors
    return None, []


def _field_error_from_line(line: str) -> FieldError:
    """``orders[0].tags: message`` lines (as some servers join them into one detail) keep their location."""
    match = _LOCATED_LINE.fullmatch(line.strip())
    return FieldError(match.group(1), match.group(2)) if match else FieldError("", line.strip())


def _field_error(entry: object) -> FieldError:
    if not isinstance(entry, dict):
        return FieldError("", str(entry))
    location = list(entry.get("loc") or ())
    if location and location[0] in _REQUEST_PARTS:
        location = location[1:]
    text = ""
    for part in location:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return FieldError(text, str(entry.get("msg", "")))
