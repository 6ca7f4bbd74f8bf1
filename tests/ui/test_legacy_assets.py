"""The legacy assets dialog against the sandbox: date filters, page by page, download with a summary."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from qgis.core import Qgis, QgsSettings
from qgis.PyQt.QtCore import QDate, QDateTime, QItemSelectionModel, QTime, QTimeZone

from constellr.plugin.context import PluginContext
from constellr.ui.download_dialog import DIALOG_SIZE, FOLDER_SETTING, PARALLEL_SETTING
from constellr.ui.legacy_assets import PAGE_SIZE, LegacyAssetsDialog


@pytest.fixture
def dialog(connected, recording_iface, wait_for):
    dialog = LegacyAssetsDialog(recording_iface, PluginContext())
    yield dialog
    dialog.reject()
    wait_for(lambda: not dialog.context.runner.running, what="tasks to end")
    for setting in (FOLDER_SETTING, PARALLEL_SETTING):
        QgsSettings().remove(setting)


def listing_requests(sandbox) -> list:
    return [r for r in sandbox.requests if r.server == "api" and r.path == "/assets"]


def test_pages_load_one_at_a_time_or_all_with_the_date_filter(dialog, sandbox, wait_for) -> None:
    dialog.show()
    assert (dialog.width(), dialog.height()) == DIALOG_SIZE
    assert dialog.minimumSizeHint().width() <= DIALOG_SIZE[0]
    assert dialog.minimumSizeHint().height() <= DIALOG_SIZE[1]
    after = sandbox.clock.now() - timedelta(days=40)
    dialog.after_check.setChecked(True)
    dialog.after_edit.setDateTime(QDateTime.fromSecsSinceEpoch(int(after.timestamp())))
    dialog.list_assets()
    wait_for(lambda: dialog.list_task is None, what="the first page")
    assert dialog.table.rowCount() == PAGE_SIZE
    assert dialog.status_label.text() == f"{PAGE_SIZE} files listed, more to load."
    assert dialog.more_button.isEnabled()
    first = listing_requests(sandbox)
    assert len(first) == 1
    assert "lastModifiedAfter=" in first[0].query
    assert "lastModifiedBefore" not in first[0].query

    dialog.all_button.click()
    wait_for(lambda: dialog.list_task is None, timeout=60, what="every page")
    rows = dialog.table.rowCount()
    assert rows > PAGE_SIZE
    assert not dialog.more_button.isEnabled()
    assert dialog.status_label.text() == f"{rows} files listed."
    asked = listing_requests(sandbox)
    assert len(asked) == -(-rows // PAGE_SIZE)
    assert all("continuation_token=" in r.query for r in asked[1:])
    modified = [dialog.table.item(row, 1).text() for row in range(rows)]
    assert min(modified) >= after.strftime("%Y-%m-%d")


def test_selected_assets_download_into_the_folder_with_a_summary(dialog, sandbox, tmp_path, wait_for) -> None:
    dialog.after_check.setChecked(True)
    after = sandbox.clock.now() - timedelta(days=5)
    dialog.after_edit.setDateTime(QDateTime.fromSecsSinceEpoch(int(after.timestamp())))
    dialog.list_assets()
    wait_for(lambda: dialog.list_task is None, what="the listing")
    small = [
        row for row in range(dialog.table.rowCount()) if dialog.table.item(row, 0).text().endswith(".json")
    ]
    assert len(small) >= 2
    selection = dialog.table.selectionModel()
    for row in small[:2]:
        selection.select(
            dialog.table.model().index(row, 0),
            QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
        )
    assert dialog.download_button.isEnabled()
    dialog.panel.folder_widget.setFilePath(str(tmp_path))
    dialog.download_button.click()
    wait_for(lambda: not dialog.panel.running, what="the download")
    assert dialog.panel.summary_label.text() == "2 files downloaded."
    for row in small[:2]:
        order_id, name = dialog.table.item(row, 0).text().split("/")
        assert (Path(tmp_path) / order_id / name).is_file()
    assert [state for _name, _size, state in dialog.panel.row_texts()] == ["done", "done"]
    assert (
        dialog.iface.messageBar().get_messages(Qgis.MessageLevel.Success)[-1]
        == "constellr:2 files downloaded."
    )


def test_the_date_filters_are_utc_whatever_the_computer_s_time_zone(berlin_time, dialog) -> None:
    dialog.after_check.setChecked(True)
    dialog.before_check.setChecked(True)
    # 02:30 does not exist in Berlin that night, but it is a fine UTC time: nothing shifts it
    dialog.after_edit.setDateTime(QDateTime(QDate(2026, 3, 29), QTime(2, 30), QTimeZone.utc()))
    dialog.before_edit.setDateTime(QDateTime(QDate(2026, 3, 29), QTime(2, 45), QTimeZone.utc()))
    assert dialog.after_edit.text() == "2026-03-29 02:30 UTC"
    query = dialog.query()
    assert (query.modified_after, query.modified_before) == (
        datetime(2026, 3, 29, 2, 30, tzinfo=timezone.utc),
        datetime(2026, 3, 29, 2, 45, tzinfo=timezone.utc),
    )
