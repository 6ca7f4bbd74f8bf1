"""Python logging of ``constellr.*`` shown in the constellr tab of the QGIS log panel.

QgsMessageLog is thread-safe, so records from tasks arrive too. URLs lose their query strings (a
pre-signed URL's signature) whatever wrote the record. Debug records are shown only when the
environment variable ``CONSTELLR_DEBUG`` is set.
"""

from __future__ import annotations

import logging
import os

from qgis.core import Qgis, QgsMessageLog

from .api.logs import without_query_strings
from .tasks import LOG_TAG

LOGGER_NAME = "constellr"
ENV_DEBUG = "CONSTELLR_DEBUG"
_LEVELS = (
    (logging.ERROR, Qgis.MessageLevel.Critical),
    (logging.WARNING, Qgis.MessageLevel.Warning),
    (logging.NOTSET, Qgis.MessageLevel.Info),
)


class LogPanelHandler(logging.Handler):
    """Writes records to the constellr tab of the QGIS log panel."""

    def emit(self, record: logging.LogRecord) -> None:
        """Show one record (never raises)."""
        try:
            text = without_query_strings(self.format(record))
        except Exception:  # noqa: BLE001 - a log record must never break the work that logs it
            self.handleError(record)
            return
        level = next(level for threshold, level in _LEVELS if record.levelno >= threshold)
        QgsMessageLog.logMessage(text, LOG_TAG, level)


def connect_log_panel() -> LogPanelHandler:
    """Send ``constellr.*`` records to the log panel (once, however often it is called)."""
    logger = logging.getLogger(LOGGER_NAME)
    for handler in logger.handlers:
        if isinstance(handler, LogPanelHandler):
            return handler
    handler = LogPanelHandler()
    handler.setFormatter(logging.Formatter("%(name)s: %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG if os.environ.get(ENV_DEBUG) else logging.INFO)
    return handler


def disconnect_log_panel() -> None:
    """Stop sending records to the log panel (plugin unload)."""
    logger = logging.getLogger(LOGGER_NAME)
    for handler in [handler for handler in logger.handlers if isinstance(handler, LogPanelHandler)]:
        logger.removeHandler(handler)
