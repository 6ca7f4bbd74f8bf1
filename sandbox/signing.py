"""Pre-signed storage URLs: an HMAC of the path and expiry, checked against the sandbox clock."""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime

from . import data

EXPIRES_PARAM = "X-Expires"
SIGNATURE_PARAM = "X-Signature"


def signature(path: str, expires: int) -> str:
    """The hex HMAC-SHA256 of ``path`` and ``expires`` under the sandbox's secret."""
    message = f"{path}\n{expires}".encode()
    return hmac.new(data.URL_SIGNING_SECRET, message, hashlib.sha256).hexdigest()


def presign(storage_base: str, path: str, now: datetime) -> str:
    """A URL for ``path`` on the storage host, valid for :data:`data.PRESIGNED_URL_LIFETIME` seconds."""
    expires = int(now.timestamp()) + data.PRESIGNED_URL_LIFETIME
    return f"{storage_base}{path}?{EXPIRES_PARAM}={expires}&{SIGNATURE_PARAM}={signature(path, expires)}"


class SignatureError(Exception):
    """Why a storage request is refused: an S3-style error code and message."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def check(path: str, expires: str | None, given_signature: str | None, now: datetime) -> None:
    """Raise :class:`SignatureError` unless the signature matches and has not expired."""
    if not expires or not given_signature:
        raise SignatureError(
            "AccessDenied",
            f"Query-string authentication requires the {SIGNATURE_PARAM} and {EXPIRES_PARAM} parameters",
        )
    if not expires.isdigit() or not hmac.compare_digest(signature(path, int(expires)), given_signature):
        raise SignatureError(
            "SignatureDoesNotMatch",
            "The request signature we calculated does not match the signature you provided",
        )
    if now.timestamp() > int(expires):
        raise SignatureError("AccessDenied", "Request has expired")
