"""The download dialog against the sandbox: choices, a real download with progress and summary, cancel."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from qgis.core import Qgis, QgsApplication, QgsProject, QgsRasterLayer, QgsSettings
from qgis.PyQt import sip
from qgis.PyQt.QtCore import QEvent, Qt

from constellr.plugin.api import StacItem, StacSearch
from constellr.plugin.context import PluginContext
from constellr.plugin.downloads import item_folder_name
from constellr.ui.download_dialog import DIALOG_SIZE, FOLDER_SETTING, PARALLEL_SETTING, DownloadDialog


@pytest.fixture
def items(demo_client) -> list[StacItem]:
    return list(next(demo_client.search(StacSearch(limit=2)).pages()).items)


@pytest.fixture
def make_dialog(connected, recording_iface, wait_for):
    for setting in (FOLDER_SETTING, PARALLEL_SETTING):
        QgsSettings().remove(setting)
    made: list[DownloadDialog] = []
    context = PluginContext()

    def make(items: list[StacItem]) -> DownloadDialog:
        dialog = DownloadDialog(recording_iface, context, items)
        made.append(dialog)
        return dialog

    yield make
    for dialog in made:
        if not sip.isdeleted(dialog):
            dialog.reject()
    wait_for(lambda: not context.runner.running, what="tasks to end")
    QgsProject.instance().removeAllMapLayers()
    for setting in (FOLDER_SETTING, PARALLEL_SETTING):
        QgsSettings().remove(setting)


def without_assets(item: StacItem, *keys: str) -> StacItem:
    raw = dict(item.raw)
    raw["assets"] = {key: value for key, value in raw["assets"].items() if key not in keys}
    return StacItem.from_dict(raw)


def test_asset_keys_of_all_items_with_how_many_have_each_lst_ticked(make_dialog, items) -> None:
    dialog = make_dialog([items[0], without_assets(items[1], "quicklook", "thumbnail")])
    texts = [dialog.keys_list.item(row).text() for row in range(dialog.keys_list.count())]
    assert texts[0] == "lst — Land surface temperature (2 of 2 items)"
    assert "quicklook — Colour quicklook of the LST (1 of 2 items)" in texts
    assert len(texts) == 5
    assert dialog.chosen_keys() == ["lst"]
    assert dialog.panel.parallel_spin.value() == 4
    dialog.show()
    assert (dialog.width(), dialog.height()) == DIALOG_SIZE
    assert dialog.minimumSizeHint().width() <= DIALOG_SIZE[0]
    assert dialog.minimumSizeHint().height() <= DIALOG_SIZE[1]
    dialog.set_chosen_keys([])
    assert not dialog.download_button.isEnabled()


def test_a_download_shows_each_file_the_total_and_a_summary_and_a_rerun_skips(
    make_dialog, items, tmp_path, wait_for, sandbox
) -> None:
    dialog = make_dialog(items)
    dialog.panel.folder_widget.setFilePath(str(tmp_path))
    dialog.set_chosen_keys(["lst", "metadata"])
    dialog.panel.parallel_spin.setValue(2)
    dialog.download_button.click()
    assert not dialog.download_button.isEnabled()
    assert dialog.cancel_button.isEnabled()
    wait_for(lambda: not dialog.panel.running, what="the download")
    assert dialog.panel.summary_label.text() == "4 files downloaded."
    assert dialog.panel.total_bar.value() == 100
    assert not dialog.panel.open_folder_button.isHidden()
    rows = dialog.panel.row_texts()
    assert [(name, state) for name, _size, state in rows] == [
        (f"{item.id}_{suffix}", "done") for item in items for suffix in ("LST.tiff", "METADATA.json")
    ]
    for item in items:
        assert (tmp_path / item_folder_name(item) / f"{item.id}_LST.tiff").is_file()
    assert rows[0][1].endswith(" kB")
    assert QgsSettings().value(FOLDER_SETTING) == str(tmp_path)

    again = make_dialog(items)
    assert again.panel.folder() == str(tmp_path)  # the folder used last
    assert again.panel.parallel_spin.value() == 2
    again.set_chosen_keys(["lst", "metadata"])
    sandbox.requests.clear()
    again.download_button.click()
    wait_for(lambda: not again.panel.running, what="the second run")
    assert again.panel.summary_label.text() == "0 files downloaded, 4 already complete."
    assert [r for r in sandbox.requests if r.server == "storage"] == []


def test_cancel_stops_at_once_and_leaves_no_final_file(
    make_dialog, items, tmp_path, wait_for, sandbox
) -> None:
    sandbox.faults.add("latency", server="storage", delay=10)
    dialog = make_dialog(items)
    dialog.panel.folder_widget.setFilePath(str(tmp_path))
    dialog.download_button.click()
    wait_for(lambda: len(dialog.panel.row_texts()) == 2, what="the files to be listed")
    started = time.monotonic()
    dialog.cancel_button.click()
    wait_for(lambda: not dialog.panel.running, timeout=5, what="the cancel")
    assert time.monotonic() - started < 1.5
    assert "Cancelled" in dialog.panel.summary_label.text()
    assert {state for _name, _size, state in dialog.panel.row_texts()} == {"cancelled"}
    assert [path for path in tmp_path.rglob("*") if path.is_file()] == []
    assert dialog.download_button.isEnabled()


def test_downloaded_rasters_are_loaded_when_asked(
    make_dialog, items, tmp_path, wait_for, recording_iface
) -> None:
    dialog = make_dialog(items[:1])
    dialog.panel.folder_widget.setFilePath(str(tmp_path))
    dialog.set_chosen_keys(["lst", "metadata"])
    dialog.load_check.setChecked(True)
    dialog.download_button.click()
    success = recording_iface.messageBar().get_messages(Qgis.MessageLevel.Success)
    wait_for(lambda: any("raster layer added" in message for message in success), what="the raster layer")
    assert any(message.endswith("1 raster layer added.") for message in success)
    (layer,) = QgsProject.instance().mapLayers().values()
    assert isinstance(layer, QgsRasterLayer)
    assert layer.isValid()
    local = tmp_path / item_folder_name(items[0]) / f"{items[0].id}_LST.tiff"
    assert str(local) in layer.source() or Path(layer.source()) == local
    assert "X-Amz" not in layer.source()
    assert "Signature" not in layer.source()


def test_closing_the_dialog_lets_the_download_finish_and_says_how_it_went(
    make_dialog, items, tmp_path, wait_for, sandbox
) -> None:
    sandbox.faults.add("latency", server="storage", delay=1)
    dialog = make_dialog(items)
    context = dialog.context
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # as the Search tab opens it
    dialog.panel.folder_widget.setFilePath(str(tmp_path))
    dialog.set_chosen_keys(["lst", "metadata"])
    dialog.show()
    dialog.download_button.click()
    wait_for(lambda: context.runner.running, what="the download to start")
    dialog.close()  # the window's close button
    QgsApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert not dialog.isVisible()
    bar = dialog.iface.messageBar()
    assert any("The download goes on" in text for text in bar.get_messages(Qgis.MessageLevel.Info))
    wait_for(lambda: bar.get_messages(Qgis.MessageLevel.Success), timeout=15, what="the summary")
    assert bar.get_messages(Qgis.MessageLevel.Success) == ["constellr:4 files downloaded."]
    assert len([path for path in tmp_path.rglob("*") if path.is_file()]) == 4 + 2  # and two manifests
    QgsApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert sip.isdeleted(dialog)  # gone once its download ended


def test_a_download_that_goes_on_without_its_dialog_still_stops_at_once_when_cancelled(
    make_dialog, items, tmp_path, wait_for, sandbox
) -> None:
    sandbox.faults.add("latency", server="storage", delay=10)
    dialog = make_dialog(items)
    dialog.panel.folder_widget.setFilePath(str(tmp_path))
    dialog.download_button.click()
    wait_for(lambda: len(dialog.panel.row_texts()) == 2, what="the files to be listed")
    dialog.reject()  # Close or Esc
    (task,) = dialog.context.runner.running
    started = time.monotonic()
    task.cancel()  # as QGIS's task manager does
    bar = dialog.iface.messageBar()
    wait_for(lambda: bar.get_messages(Qgis.MessageLevel.Success), timeout=5, what="the summary")
    assert time.monotonic() - started < 1.5
    assert "Cancelled" in bar.get_messages(Qgis.MessageLevel.Success)[0]
    assert [path for path in tmp_path.rglob("*") if path.is_file()] == []
