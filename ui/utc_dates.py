"""Date-time edits in UTC: shown, typed and read as UTC, whatever the computer's time zone.

An edit left in local time would shift a UTC wall time that falls in a daylight-saving gap (Qt moves it
by an hour) and convert it when read; these edits hold UTC itself.
"""

from __future__ import annotations

from datetime import datetime, timezone

from qgis.PyQt.QtCore import QDateTime, Qt, QTimeZone
from qgis.PyQt.QtWidgets import QDateTimeEdit

MINUTE_FORMAT = "yyyy-MM-dd HH:mm"


def utc_date_edit(moment: QDateTime | None = None, display_format: str = MINUTE_FORMAT) -> QDateTimeEdit:
    """A date-time edit in UTC with a calendar pop-up, at ``moment`` (default: now)."""
    edit = QDateTimeEdit()
    if hasattr(edit, "setTimeZone"):  # Qt ≥ 6.7; setTimeSpec is deprecated there
        edit.setTimeZone(QTimeZone.utc())
    else:
        edit.setTimeSpec(Qt.TimeSpec.UTC)
    edit.setDisplayFormat(display_format)
    edit.setCalendarPopup(True)
    edit.setDateTime(moment if moment is not None else QDateTime.currentDateTimeUtc())
    return edit


def edited_utc(edit: QDateTimeEdit) -> datetime:
    """The edit's date and time to the minute, as an aware UTC datetime."""
    value = edit.dateTime().toUTC()
    date, time = value.date(), value.time()
    return datetime(date.year(), date.month(), date.day(), time.hour(), time.minute(), tzinfo=timezone.utc)


def end_of_minute(moment: datetime) -> datetime:
    """The last millisecond of the moment's minute: "until 12:30" includes 12:30:40."""
    return moment.replace(second=59, microsecond=999_000)
