"""constellr:readfeed through processing.run against the sandbox's feeds: a dataset read to its end, a
subscription stopped by its maximum, the token from the parameter, the environment or a saved feed."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest
from qgis.core import QgsApplication, QgsProcessingException, QgsSettings, QgsVectorLayer

from constellr.plugin.api.feeds import FeedClient, FeedItem
from constellr.plugin.feeds import SETTINGS_KEY, Feed, FeedKind, forget_token, save_feeds, store_token
from constellr.plugin.search import FOOTPRINT_FIELDS
from sandbox.data import FEED_TOKEN

DEMO = "constellr-demo"


@pytest.fixture
def sb(sandbox, monkeypatch):
    monkeypatch.delenv("CONSTELLR_FEED_TOKEN", raising=False)
    yield sandbox
    sandbox.feeds.clear_faults()


def dataset_url(sb) -> str:
    return f"{sb.api_url}/api/dataset/v1/{DEMO}/stream/"


def subscription_url(sb) -> str:
    return f"{sb.api_url}/subscription/v1/?package={DEMO}"


def item_ids(layer: QgsVectorLayer) -> list[str]:
    return [feature["item_id"] for feature in layer.getFeatures()]


def test_a_dataset_is_read_into_footprints(sb, run) -> None:
    with FeedClient(dataset_url(sb), FEED_TOKEN) as client:
        expected = [event.item.id for event in client.read() if isinstance(event, FeedItem)]
    result = run("readfeed", {"URL": dataset_url(sb), "TOKEN": FEED_TOKEN, "OUTPUT": "memory:"})
    layer = result["OUTPUT"]
    assert layer.fields().names() == [name for name, _ in FOOTPRINT_FIELDS]
    assert layer.crs().authid() == "EPSG:4326"
    assert expected
    assert sorted(item_ids(layer)) == sorted(expected)
    assert result["RECEIVED"] == len(expected)
    assert result["MALFORMED"] == result["GAPS"] == 0


def test_a_subscription_stops_after_its_maximum_number_of_items(sb, run) -> None:
    published = sb.feeds.make_items(5)

    def publish_once_subscribed() -> None:
        deadline = time.monotonic() + 10
        while sb.feeds.subscribers(DEMO) == 0 and time.monotonic() < deadline:
            time.sleep(0.01)
        sb.feeds.publish(DEMO, published)

    publisher = threading.Thread(target=publish_once_subscribed, daemon=True)
    publisher.start()
    result = run(
        "readfeed",
        {
            "URL": subscription_url(sb),
            "TOKEN": FEED_TOKEN,
            "MAX_ITEMS": 3,
            "MAX_SECONDS": 20,
            "OUTPUT": "memory:",
        },
    )
    publisher.join(5)
    assert result["RECEIVED"] == 3
    assert item_ids(result["OUTPUT"]) == [item["id"] for item in published[:3]]


def test_a_subscription_stops_after_its_maximum_number_of_seconds(sb, run) -> None:
    started = time.monotonic()
    result = run(
        "readfeed",
        {"URL": subscription_url(sb), "TOKEN": FEED_TOKEN, "MAX_SECONDS": 0.5, "OUTPUT": "memory:"},
    )
    assert 0.5 <= time.monotonic() - started < 5
    assert result["RECEIVED"] == 0
    assert result["OUTPUT"].featureCount() == 0


def test_a_subscription_without_a_limit_is_refused(sb, run) -> None:
    with pytest.raises(QgsProcessingException, match="never ends by itself"):
        run("readfeed", {"URL": subscription_url(sb), "TOKEN": FEED_TOKEN, "OUTPUT": "memory:"})
    assert not sb.requests


def test_the_token_comes_from_the_environment(sb, run, monkeypatch) -> None:
    with pytest.raises(QgsProcessingException, match="No feed token"):
        run("readfeed", {"URL": dataset_url(sb), "OUTPUT": "memory:"})
    monkeypatch.setenv("CONSTELLR_FEED_TOKEN", FEED_TOKEN)
    assert run("readfeed", {"URL": dataset_url(sb), "OUTPUT": "memory:"})["RECEIVED"] > 0


@pytest.fixture
def saved_feed(sb) -> Iterator[Feed]:
    assert QgsApplication.authManager().setMasterPassword("constellr-test-master", True)
    feed = store_token(Feed("demo deliveries", dataset_url(sb), FeedKind.DATASET), FEED_TOKEN)
    save_feeds([feed])
    yield feed
    forget_token(feed)
    QgsSettings().remove(SETTINGS_KEY)


def test_a_saved_feed_is_read_by_its_name_with_its_stored_token(saved_feed, run) -> None:
    result = run("readfeed", {"FEED": "demo deliveries", "OUTPUT": "memory:"})
    assert result["RECEIVED"] > 0
    with pytest.raises(QgsProcessingException, match="No saved feed is named"):
        run("readfeed", {"FEED": "another", "OUTPUT": "memory:"})


def test_a_saved_feed_s_token_never_goes_to_another_host(saved_feed, sb, run) -> None:
    elsewhere = saved_feed.url.replace("127.0.0.1", "localhost")  # the same server, another origin
    with pytest.raises(QgsProcessingException, match="No feed token"):
        run("readfeed", {"FEED": "demo deliveries", "URL": elsewhere, "OUTPUT": "memory:"})
    assert not [request for request in sb.requests if "authorization" in request.headers]


def test_a_refused_token_is_a_plain_processing_error(sb, run) -> None:
    with pytest.raises(QgsProcessingException, match="The feed refused the token") as refused:
        run("readfeed", {"URL": dataset_url(sb), "TOKEN": "dsp_feed_wrong_0000", "OUTPUT": "memory:"})
    assert "dsp_feed_wrong_0000" not in str(refused.value)
