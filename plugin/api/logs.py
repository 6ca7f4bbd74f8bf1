"""Log records that never show a pre-signed URL's signature, whoever writes them."""

from __future__ import annotations

import logging
import re

#: Loggers of the HTTP stack that write request lines (urllib3 logs "GET /path?query" at debug level).
HTTP_STACK_LOGGERS = (
    "urllib3.connectionpool",
    "urllib3.connection",
    "urllib3.poolmanager",
    "urllib3.response",
    "urllib3.util.retry",
    "requests",
)
_QUERY = re.compile(r"(?<=[^\s?])\?[^\s\"'<>]+")


def without_query_strings(text: str) -> str:
    """``text`` with every ``?query`` after a URL or path cut to ``?…``."""
    return _QUERY.sub("?…", text)


class QueryStringFilter(logging.Filter):
    """Rewrites a record's message so that no query string (a signature, a token) reaches a handler."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Always keeps the record, with its message made safe."""
        message = record.getMessage()
        safe = without_query_strings(message)
        if safe != message:
            record.msg, record.args = safe, None
        return True


_FILTER = QueryStringFilter()


def hide_query_strings_in_urllib3_logs() -> None:
    """Put the filter on the HTTP stack's loggers (idempotent)."""
    for name in HTTP_STACK_LOGGERS:
        logger = logging.getLogger(name)
        if _FILTER not in logger.filters:
            logger.addFilter(_FILTER)
