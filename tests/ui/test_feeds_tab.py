"""The Feeds tab against the sandbox's feed streams: saved feeds with their tokens in the auth DB, a live
subscription growing a footprint layer, stop, gaps, a whole dataset, and the selected footprints' rasters."""

from __future__ import annotations

import time
from datetime import datetime, timedelta, timezone

import pytest
from qgis.core import QgsApplication, QgsProject, QgsRasterLayer, QgsSettings, QgsTask
from qgis.PyQt.QtCore import QEvent

from constellr.plugin.context import PluginContext
from constellr.plugin.feeds import (
    Feed,
    FeedKind,
    FeedStatus,
    Gap,
    feed_token,
    save_feeds,
    saved_feeds,
    store_token,
)
from constellr.ui.download_dialog import DownloadDialog
from constellr.ui.feed_dialog import FeedDialog
from constellr.ui.feeds_tab import FeedsTab, status_text

DEMO = "constellr-demo"
SYNTHETIC = "synthetic-10k"


def subscription_url(sandbox, package: str = DEMO) -> str:
    return f"{sandbox.api_url}/subscription/v1/?package={package}"


def dataset_url(sandbox, package: str) -> str:
    return f"{sandbox.api_url}/api/dataset/v1/{package}/stream/"


def settings_text() -> str:
    """Every key and value QGIS's settings hold, as one text."""
    settings = QgsSettings()
    return "\n".join(f"{key}={settings.value(key)}" for key in settings.allKeys())


@pytest.fixture
def auth_db(monkeypatch):
    """The QGIS authentication database unlocked, no feed token in the environment, no feeds saved."""
    monkeypatch.delenv("CONSTELLR_FEED_TOKEN", raising=False)
    assert QgsApplication.authManager().setMasterPassword("constellr-test-master", True)
    yield
    for feed in saved_feeds():
        if feed.authcfg:
            QgsApplication.authManager().removeAuthenticationConfig(feed.authcfg)
    save_feeds([])


@pytest.fixture
def make_tab(connected, auth_db, recording_iface, wait_for):
    """Tabs on the sandbox (feeds saved before are read when one is made); released after the test."""
    made: list[FeedsTab] = []
    context = PluginContext()

    def make() -> FeedsTab:
        tab = FeedsTab(recording_iface, context)
        tab.resize(400, 700)
        made.append(tab)
        return tab

    yield make
    for tab in made:
        tab.release()
    wait_for(lambda: not context.runner.running, what="tasks to end")
    for tab in made:
        tab.deleteLater()
    QgsProject.instance().removeAllMapLayers()
    QgsProject.instance().layerTreeRoot().removeAllChildren()


def saved_feed(name: str, url: str, kind: FeedKind, asset_keys: tuple[str, ...] = ()) -> Feed:
    """A feed saved with the demo token, as the dialog saves one."""
    from sandbox.data import FEED_TOKEN

    feed = store_token(Feed(name, url, kind, asset_keys=asset_keys), FEED_TOKEN)
    save_feeds([*saved_feeds(), feed])
    return feed


def run_to_end(tab: FeedsTab, wait_for, timeout: float = 15.0) -> None:
    tab.start_button.click()
    wait_for(lambda: not tab.current_run().running, what="the feed to end", timeout=timeout)


def test_a_feed_added_keeps_its_token_in_the_auth_db_and_says_what_a_wss_address_reads(
    make_tab, connected
) -> None:
    from sandbox.data import FEED_TOKEN

    tab = make_tab()
    assert not tab.start_button.isEnabled()
    dialog = tab.add_feed()
    assert isinstance(dialog, FeedDialog)
    assert dialog.isVisible()
    dialog.name_edit.setText("Demo deliveries")
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData(FeedKind.DATASET))  # replaced by the guess
    assert dialog.url_note.isHidden()
    wss = subscription_url(connected).replace("http://", "ws://")
    dialog.url_edit.setText(wss)
    assert not dialog.url_note.isHidden()
    note = dialog.url_note.text().replace("\u200b", "")
    assert "ws://" in note
    assert f"HTTP stream from {connected.api_url}/subscription/v1/" in note
    assert dialog.kind() is FeedKind.SUBSCRIPTION
    dialog.buttons.accepted.emit()
    assert dialog.result_label.text() == "Paste the feed's API token."  # nothing saved without one
    dialog.token_edit.setText(FEED_TOKEN)
    dialog.assets_edit.setText("lst, quicklook lst")
    dialog.buttons.accepted.emit()
    (feed,) = tab.feeds
    assert feed == Feed("Demo deliveries", wss, FeedKind.SUBSCRIPTION, feed.authcfg, ("lst", "quicklook"))
    assert feed.authcfg
    assert saved_feeds() == [feed]
    assert feed_token(feed) == FEED_TOKEN
    assert FEED_TOKEN not in settings_text()
    assert tab.feed_list.item(0).text().startswith("Demo deliveries\n")
    assert tab.start_button.isEnabled()
    assert tab.status_label.text() == "Not started."
    again = tab.add_feed()
    again.name_edit.setText("Demo deliveries")
    again.url_edit.setText(wss)
    again.token_edit.setText(FEED_TOKEN)
    again.buttons.accepted.emit()
    assert "already saved" in again.result_label.text()
    again.reject()


def test_a_subscription_grows_its_layer_as_items_are_published_and_stops_at_once(
    make_tab, connected, wait_for
) -> None:
    saved_feed("Live", subscription_url(connected), FeedKind.SUBSCRIPTION)
    tab = make_tab()
    tab.start_button.click()
    assert tab.stop_button.isEnabled()
    assert not tab.start_button.isEnabled()
    assert not tab.edit_button.isEnabled()
    assert not tab.remove_button.isEnabled()
    wait_for(lambda: connected.feeds.subscribers(DEMO) == 1, what="the subscription")
    run = tab.current_run()
    assert run.task.flags() & QgsTask.Flag.CancelWithoutPrompt  # quitting QGIS stops it without asking
    connected.feeds.fault("garbage", lines=[b"{not json", b"[1,2]", b'{"type":"Feature","id":"x"}'])
    connected.feeds.publish(DEMO, connected.feeds.make_items(3))
    wait_for(lambda: run.layer.featureCount() == 3, what="the first footprints")
    wait_for(lambda: "3 items" in tab.status_label.text(), what="the count")
    status = tab.status_label.text()
    assert status.startswith("Connected: 3 items received.\n")
    assert "items/min" in status
    assert "last item " in status
    assert "3 malformed lines skipped" in status
    (group,) = QgsProject.instance().layerTreeRoot().children()
    assert group.name().startswith("Feed Live, ")
    assert group.findLayer(run.layer.id()) is not None
    assert run.layer.temporalProperties().isActive()  # on the time slider
    connected.feeds.publish(DEMO, connected.feeds.make_items(2))
    wait_for(lambda: run.layer.featureCount() == 5, what="more footprints")
    wait_for(lambda: "5 items" in tab.status_label.text(), what="the new count")
    tab.stop_button.click()
    stopped_at = time.monotonic()
    wait_for(lambda: not tab.context.runner.running, what="the task to end", timeout=1.0)
    assert time.monotonic() - stopped_at < 1.0
    wait_for(lambda: connected.feeds.subscribers(DEMO) == 0, what="the connection to close", timeout=1.0)
    assert tab.status_label.text().startswith("Stopped: 5 items received.")
    assert tab.start_button.isEnabled()
    assert not tab.stop_button.isEnabled()
    assert run.layer.featureCount() == 5  # kept


def test_a_drop_mid_line_is_reconnected_and_the_gap_said(make_tab, connected, wait_for) -> None:
    saved_feed("Live", subscription_url(connected), FeedKind.SUBSCRIPTION)
    tab = make_tab()
    tab.start_button.click()
    wait_for(lambda: connected.feeds.subscribers(DEMO) == 1, what="the subscription")
    run = tab.current_run()
    connected.feeds.fault("drop_mid_line", after_items=1)
    connected.feeds.publish(DEMO, connected.feeds.make_items(2))  # the second is cut off
    wait_for(lambda: "reconnecting in " in tab.status_label.text(), what="the countdown", timeout=5)
    wait_for(lambda: "may have been missed" in tab.status_label.text(), what="the gap", timeout=20)
    text = tab.status_label.text().replace("\u200b", "")
    assert "Items published between " in text
    assert " UTC may have been missed while the feed was disconnected." in text
    wait_for(lambda: connected.feeds.subscribers(DEMO) == 1, what="the reconnection", timeout=20)
    connected.feeds.publish(DEMO, connected.feeds.make_items(1))
    wait_for(lambda: run.layer.featureCount() == 2, what="items after the reconnection", timeout=10)
    assert len({feature["item_id"] for feature in run.layer.getFeatures()}) == 2


def test_the_status_line_shows_the_latest_gaps_and_counts_the_earlier_ones() -> None:
    start = datetime(2026, 12, 3, 14, 0, 0, tzinfo=timezone.utc)
    gaps = tuple(
        Gap(start + timedelta(minutes=n), start + timedelta(minutes=n, seconds=21)) for n in range(5)
    )
    status = FeedStatus("connected", 12, 1, 0, 2.5, start + timedelta(minutes=9), gaps, None, "Connected.")
    assert status_text(status).split("\n") == [
        "Connected.",
        "2.5 items/min · last item 14:09:00 UTC · 1 repeat ignored",
        "2 earlier disconnections are listed in the constellr log.",
        *(
            f"Items published between 14:0{n}:00 and 14:0{n}:21 UTC may have been missed while the feed "
            "was disconnected."
            for n in (2, 3, 4)
        ),
    ]


def test_a_dataset_feed_loads_every_item_then_ends(make_tab, connected, wait_for) -> None:
    saved_feed("Synthetic", dataset_url(connected, SYNTHETIC), FeedKind.DATASET)
    tab = make_tab()
    tab.start_button.click()
    assert not tab.current_run().task.flags() & QgsTask.Flag.CancelWithoutPrompt  # it ends by itself
    wait_for(lambda: not tab.current_run().running, what="the feed to end", timeout=120)
    run = tab.current_run()
    assert run.layer.featureCount() == 10_000
    assert tab.status_label.text().startswith("Finished: 10000 items loaded.")
    assert run.problem == ""
    assert tab.problem_label.isHidden()


def test_removing_a_feed_forgets_its_token(make_tab, connected) -> None:
    feed = saved_feed("Live", subscription_url(connected), FeedKind.SUBSCRIPTION)
    manager = QgsApplication.authManager()
    assert feed.authcfg in manager.configIds()
    tab = make_tab()
    tab.remove_feed(confirm=False)
    assert feed.authcfg not in manager.configIds()
    assert tab.feeds == []
    assert saved_feeds() == []
    assert tab.feed_list.count() == 0
    assert not tab.start_button.isEnabled()


def test_a_wrong_token_is_said_plainly(make_tab, connected, wait_for) -> None:
    from sandbox.data import OTHER_FEED_TOKEN

    feed = store_token(Feed("Other", dataset_url(connected, DEMO), FeedKind.DATASET), OTHER_FEED_TOKEN + "x")
    save_feeds([feed])
    tab = make_tab()
    run_to_end(tab, wait_for)
    assert not tab.problem_label.isHidden()
    problem = tab.problem_label.text().replace("\u200b", "")
    assert problem.startswith("The feed stopped: The feed refused the token (HTTP 401")
    assert "edit the feed and enter the token again" in problem
    assert tab.status_label.text() == "0 items received before it stopped."
    assert OTHER_FEED_TOKEN not in problem


@pytest.fixture
def demo_feed_tab(make_tab, connected, wait_for) -> FeedsTab:
    """The tab with the demo deliveries read from the dataset stream."""
    saved_feed("Demo", dataset_url(connected, DEMO), FeedKind.DATASET, asset_keys=("thumbnail",))
    tab = make_tab()
    tab.show()
    run_to_end(tab, wait_for)
    assert tab.current_run().layer.featureCount() > 0
    return tab


def test_add_lst_layers_opens_the_selected_footprints_without_the_feed_token(
    demo_feed_tab, connected, wait_for
) -> None:
    from sandbox.data import FEED_TOKEN

    tab = demo_feed_tab
    layer = tab.current_run().layer
    assert not tab.lst_button.isEnabled()
    layer.selectByIds([feature.id() for feature in layer.getFeatures()][:2])
    assert tab.lst_button.isEnabled()
    assert tab.selection_label.text() == "2 footprints selected"
    connected.requests.clear()
    tab.lst_button.click()
    project = QgsProject.instance()

    def rasters() -> list[QgsRasterLayer]:
        return [layer for layer in project.mapLayers().values() if isinstance(layer, QgsRasterLayer)]

    wait_for(lambda: len(rasters()) == 2, what="the LST layers", timeout=30)
    assert all(raster.isValid() for raster in rasters())
    stored = [request for request in connected.requests if request.server == "storage"]
    assert stored
    assert not any(FEED_TOKEN in str(request.headers) for request in stored)


def test_download_opens_for_the_selected_footprints_with_the_assets_of_interest_ticked(demo_feed_tab) -> None:
    tab = demo_feed_tab
    layer = tab.current_run().layer
    fids = [feature.id() for feature in layer.getFeatures()][:3]
    layer.selectByIds(fids)
    tab.download_button.click()
    (dialog,) = tab.findChildren(DownloadDialog)
    assert {item.id for item in dialog.items} == {layer.getFeature(fid)["item_id"] for fid in fids}
    assert dialog.chosen_keys() == ["thumbnail"]
    dialog.close_button.click()
    QgsApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert tab.findChildren(DownloadDialog) == []


def test_the_tab_fits_a_laptop_dock(make_tab, connected) -> None:
    saved_feed(
        "A feed with a rather long name for a narrow dock", subscription_url(connected), FeedKind.SUBSCRIPTION
    )
    tab = make_tab()
    assert tab.minimumSizeHint().width() <= 400


def test_feeds_saved_elsewhere_are_read_again_with_the_selection_kept(make_tab, connected) -> None:
    saved_feed("First", subscription_url(connected), FeedKind.SUBSCRIPTION)
    tab = make_tab()
    saved_feed("Second", dataset_url(connected, DEMO), FeedKind.DATASET)
    assert [feed.name for feed in tab.feeds] == ["First"]
    tab.reload()
    assert [feed.name for feed in tab.feeds] == ["First", "Second"]
    tab.select_feed("Second")
    tab.reload()
    assert tab.current_feed().name == "Second"
    assert tab.feed_list.count() == 2


def test_an_edited_feed_keeps_its_token_unless_its_url_moves_to_another_host(make_tab, connected) -> None:
    from sandbox.data import FEED_TOKEN

    feed = saved_feed("Live", subscription_url(connected), FeedKind.SUBSCRIPTION)
    tab = make_tab()
    dialog = tab.edit_feed()
    assert dialog.name_edit.text() == "Live"
    assert dialog.kind() is FeedKind.SUBSCRIPTION
    dialog.url_edit.setText(subscription_url(connected).replace("127.0.0.1", "localhost"))
    dialog.buttons.accepted.emit()
    assert dialog.result_label.text() == "The URL now points to another host: paste the token for that host."
    dialog.url_edit.setText(dataset_url(connected, DEMO))  # same host, another stream: its kind guessed
    dialog.name_edit.setText("Demo dataset")
    dialog.buttons.accepted.emit()
    (edited,) = tab.feeds
    assert edited == Feed("Demo dataset", dataset_url(connected, DEMO), FeedKind.DATASET, feed.authcfg)
    assert feed_token(edited) == FEED_TOKEN
    assert saved_feeds() == [edited]
    assert tab.feed_list.item(0).text().startswith("Demo dataset\n")


def test_removing_the_footprint_layer_of_a_finished_run_leaves_nothing_to_add_or_download(
    demo_feed_tab,
) -> None:
    tab = demo_feed_tab
    layer = tab.current_run().layer
    layer.selectByIds([feature.id() for feature in layer.getFeatures()][:2])
    assert tab.lst_button.isEnabled()
    QgsProject.instance().removeMapLayer(layer.id())
    assert not tab.lst_button.isEnabled()
    assert not tab.download_button.isEnabled()
    assert tab.selection_label.text() == "The footprints of a run appear in a layer of their own."
