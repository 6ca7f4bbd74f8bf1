"""STAC search and footprint layers: paging, cancelling, the footprint layer, its group, previews."""

from __future__ import annotations

import json
import time

import pytest
import requests
from qgis.core import (
    Qgis,
    QgsCategorizedSymbolRenderer,
    QgsDateTimeRange,
    QgsExpression,
    QgsExpressionContext,
    QgsExpressionContextUtils,
    QgsFeatureRequest,
    QgsLayerTreeLayer,
    QgsMapRendererSequentialJob,
    QgsMapSettings,
    QgsProject,
    QgsRectangle,
    QgsVectorLayer,
    QgsVectorLayerTemporalContext,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QDateTime, QSize, Qt, QTimeZone
from qgis.PyQt.QtGui import QColor

from constellr.plugin.api import ConstellrClient, ServerError, StacItem, StacSearch
from constellr.plugin.search import (
    FOOTPRINT_FIELDS,
    SearchPage,
    SearchRequest,
    SearchSummary,
    add_search_group,
    append_features,
    fetch_preview,
    footprint_features,
    footprint_layer,
    illumination,
    item_key,
    list_collections,
    search_items,
)
from constellr.plugin.tasks import TaskRunner

from .test_orders import RecordedProgress
from .test_search_filters import Recorder

CREDENTIAL_HEADERS = ("x-api-key", "authorization")


@pytest.fixture
def project():
    project = QgsProject()
    yield project
    project.clear()


def everything(client: ConstellrClient) -> list[StacItem]:
    return list(client.search(StacSearch(limit=1000)))


def search_requests(sandbox) -> list:
    return [entry for entry in sandbox.requests if entry.server == "api" and entry.path == "/stac/search"]


# --- paging ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_every_page_arrives_once_by_following_next_links(sandbox, demo_client, method: str) -> None:
    total = len(everything(demo_client))
    sandbox.requests.clear()
    recorder = Recorder()
    summary = search_items(demo_client, recorder, SearchRequest(page_size=20), method=method)
    assert summary == SearchSummary(matched=total, received=total, pages=-(-total // 20), cancelled=False)
    assert summary.pages >= 3
    assert len(recorder.pages) == summary.pages
    assert [page.received for page in recorder.pages] == [
        min(20 * n, total) for n in range(1, summary.pages + 1)
    ]
    assert {page.matched for page in recorder.pages} == {total}  # numberMatched on every page
    ids = [item.id for item in recorder.items]
    assert len(ids) == len(set(ids)) == total
    assert all(len(page.features) == len(page.items) for page in recorder.pages)
    assert recorder.progress[-1] == 100.0
    assert recorder.progress == sorted(recorder.progress)
    sent = search_requests(sandbox)
    assert len(sent) == summary.pages  # each page fetched once
    assert {entry.method for entry in sent} == {method}  # next links followed with their own method
    if method == "GET":
        assert ["token=" in entry.query for entry in sent] == [False] + [True] * (summary.pages - 1)


def test_post_next_links_carry_the_search_body_with_a_token(sandbox) -> None:
    from sandbox.data import DEMO_API_KEY

    session = requests.Session()
    bodies: list[dict] = []
    session.hooks["response"].append(
        lambda response, *a, **k: bodies.append(json.loads(response.request.body))
    )
    request = SearchRequest(illumination="day", page_size=30)
    with ConstellrClient(sandbox.api_url, DEMO_API_KEY, session=session) as client:
        summary = search_items(client, Recorder(), request)
    assert summary.pages >= 3
    assert len(bodies) == summary.pages
    first = request.to_stac().to_body()
    assert bodies[0] == first
    assert all({**body, "token": None} == {**first, "token": None} for body in bodies[1:])
    assert len({body["token"] for body in bodies[1:]}) == summary.pages - 1


def test_a_server_failure_mid_search_is_raised_after_the_pages_that_arrived(sandbox, demo_client) -> None:
    class FailingAfterTwo(Recorder):
        def push(self, page: SearchPage) -> None:
            super().push(page)
            if len(self.pages) == 2:
                sandbox.faults.add("status", "/stac/search", status=500)

    recorder = FailingAfterTwo()
    with pytest.raises(ServerError) as caught:
        search_items(demo_client, recorder, SearchRequest(page_size=10))
    assert [page.received for page in recorder.pages] == [10, 20]
    assert "Try again later" in caught.value.hint


def test_collections_are_listed(sandbox, demo_client) -> None:
    collections = list_collections(demo_client, RecordedProgress())
    assert {collection.id for collection in collections} == {
        item.collection for item in everything(demo_client)
    }


class SlowAfter:
    """The task as ``search_items`` sees it; once ``pages`` pages are pushed, the server stalls for 10 s."""

    def __init__(self, task, sandbox, pages: int) -> None:
        self.task, self.sandbox, self.pages, self.pushed = task, sandbox, pages, 0

    def setProgress(self, progress: float) -> None:
        self.task.setProgress(progress)

    def isCanceled(self) -> bool:
        return self.task.isCanceled()

    def push(self, page: SearchPage) -> None:
        self.pushed += 1
        if self.pushed == self.pages:
            self.sandbox.faults.add("latency", "/stac/search", delay=10.0)
        self.task.push(page)


def test_a_cancel_ends_the_search_within_a_second_keeping_what_arrived(
    sandbox, demo_client, wait_for
) -> None:
    runner = TaskRunner()
    partial: list[SearchPage] = []
    done: list[SearchSummary] = []
    layer = footprint_layer("cancelled search")

    def show(page: SearchPage) -> None:
        partial.append(page)
        append_features(layer, page.features)

    request = SearchRequest(page_size=10)
    task = runner.start(
        "search",
        lambda task: search_items(demo_client, SlowAfter(task, sandbox, 2), request),
        done.append,
        pytest.fail,
        on_partial=show,
    )
    wait_for(lambda: len(partial) == 2, what="two pages")
    wait_for(lambda: len(search_requests(sandbox)) == 3, what="the third page requested")
    started = time.monotonic()
    task.cancel()
    wait_for(lambda: bool(done), timeout=5, what="the search to end")
    assert time.monotonic() - started < 1.0
    [summary] = done
    assert summary.cancelled
    assert summary.received == 20
    assert summary.pages == 2
    assert summary.matched == len(everything(demo_client))
    assert layer.featureCount() == 20  # the partial pages stay


# --- the footprint layer -----------------------------------------------------------------------------


def searched_layer(client: ConstellrClient, request: SearchRequest) -> tuple[QgsVectorLayer, list[StacItem]]:
    """A footprint layer filled page by page as the Search tab fills it."""
    recorder = Recorder()
    search_items(client, recorder, request)
    layer = footprint_layer(request.describe())
    for page in recorder.pages:
        append_features(layer, page.features)
    return layer, recorder.items


def test_each_item_becomes_a_footprint_with_its_attributes(sandbox, demo_client) -> None:
    layer, items = searched_layer(demo_client, SearchRequest(page_size=40))
    assert layer.featureCount() == len(items) > 40
    assert layer.fields().names() == [name for name, _ in FOOTPRINT_FIELDS]
    assert layer.fields().names() == [
        "item_id", "collection", "datetime", "order_id", "platform", "gsd_m", "illumination",
        "cloud_cover_pct", "asset_keys", "item_url",
    ]  # fmt: skip
    assert QgsWkbTypes.displayString(layer.wkbType()) == "MultiPolygon"
    by_id = {item.id: item for item in items}
    for feature in layer.getFeatures():
        item = by_id[feature["item_id"]]
        properties = item.properties
        assert item_key(feature) == (item.collection, item.id)
        assert feature["collection"] == item.collection
        assert feature["datetime"].toUTC().toString("yyyy-MM-ddTHH:mm:ssZ") == properties["datetime"]
        assert feature["order_id"] == item.order_id
        assert feature["platform"] == properties["platform"]
        assert feature["gsd_m"] == properties["gsd"]
        assert feature["illumination"] == properties["constellr:illumination"]
        assert feature["cloud_cover_pct"] == properties["eo:cloud_cover"]
        assert feature["asset_keys"] == "lst,quicklook,thumbnail,metadata,scl_mask_30m"
        west, south, east, north = item.bbox
        box = feature.geometry().boundingBox()
        assert (box.xMinimum(), box.yMinimum(), box.xMaximum(), box.yMaximum()) == pytest.approx(
            (west, south, east, north), abs=1e-6
        )


def test_the_item_link_is_the_item_s_api_address_never_a_signed_url(sandbox, demo_client) -> None:
    layer, items = searched_layer(demo_client, SearchRequest(page_size=200))
    for feature in layer.getFeatures():
        url = feature["item_url"]
        assert url == f"{sandbox.api_url}/stac/collections/{feature['collection']}/items/{feature['item_id']}"
    item = items[0]
    assert all(
        asset.href.startswith(sandbox.storage_url + "/") and "?" in asset.href
        for asset in item.assets.values()
    )
    signed_self = json.loads(json.dumps(item.raw))
    signed_self["links"][0]["href"] += "?X-Amz-Signature=secret#part"
    tampered = footprint_layer("x")
    append_features(tampered, footprint_features([StacItem.from_dict(signed_self)]))
    assert "secret" not in next(tampered.getFeatures())["item_url"]


def test_footprints_play_on_the_time_slider(sandbox, demo_client) -> None:
    layer, items = searched_layer(demo_client, SearchRequest(page_size=60))
    temporal = layer.temporalProperties()
    assert temporal.isActive()
    assert temporal.mode() == Qgis.VectorTemporalMode.FeatureDateTimeInstantFromField
    assert temporal.startField() == "datetime"
    newest = max(item.acquired for item in items)
    start = QDateTime.fromMSecsSinceEpoch(round(newest.timestamp() * 1000), QTimeZone.utc())
    frame = QgsDateTimeRange(start.addSecs(-1), start.addSecs(1))
    context = QgsVectorLayerTemporalContext()
    context.setLayer(layer)
    shown = temporal.createFilterString(context, frame)
    in_frame = {feature["item_id"] for feature in layer.getFeatures(QgsFeatureRequest(QgsExpression(shown)))}
    assert in_frame == {item.id for item in items if item.acquired == newest}
    assert len(in_frame) < len(items)


def test_the_layer_is_styled_day_and_night(sandbox) -> None:
    layer = footprint_layer("constellr search — night")
    renderer = layer.renderer()
    assert isinstance(renderer, QgsCategorizedSymbolRenderer)
    assert renderer.classAttribute() == "illumination"
    categories = renderer.categories()  # keeps the symbols alive while their layers are read
    outlines = {category.value(): category.symbol().symbolLayer(0) for category in categories}
    assert outlines.keys() == {"day", "night", ""}
    assert len({outline.strokeColor().name() for outline in outlines.values()}) == 3
    # stacked deliveries of one AOI never hide the map: outlines only
    assert {outline.brushStyle() for outline in outlines.values()} == {Qt.BrushStyle.NoBrush}


def _painted_pixels(layer: QgsVectorLayer, extent: QgsRectangle) -> tuple[int, bool]:
    """(pixels painted, whether the image's centre is painted) when ``layer`` is drawn over ``extent``."""
    settings = QgsMapSettings()
    settings.setLayers([layer])
    settings.setDestinationCrs(layer.crs())
    settings.setOutputSize(QSize(400, 300))
    settings.setBackgroundColor(QColor("white"))
    settings.setExtent(extent)
    context = QgsExpressionContext()  # @map_scale and the other map variables, as the map canvas gives them
    context.appendScope(QgsExpressionContextUtils.mapSettingsScope(settings))
    settings.setExpressionContext(context)
    job = QgsMapRendererSequentialJob(settings)
    job.start()
    job.waitForFinished()
    image = job.renderedImage()
    white = QColor("white").rgb()
    painted = sum(image.pixel(x, y) != white for x in range(image.width()) for y in range(image.height()))
    return painted, image.pixel(image.width() // 2, image.height() // 2) != white


def test_footprints_too_small_to_see_at_an_overview_scale_are_marked_by_a_dot() -> None:
    layer = footprint_layer("constellr search — small")
    square = [[[13.4, 52.49], [13.46, 52.49], [13.46, 52.53], [13.4, 52.53], [13.4, 52.49]]]  # 4 × 4 km
    item = StacItem.from_dict(
        {"type": "Feature", "id": "field", "collection": "c", "links": [], "assets": {},
         "geometry": {"type": "Polygon", "coordinates": square},
         "properties": {"datetime": "2026-07-01T10:00:00Z", "constellr:illumination": "day"}}
    )  # fmt: skip
    append_features(layer, footprint_features([item], layer.fields()))
    centre = layer.extent().center()
    europe = QgsRectangle.fromCenterAndSize(centre, 35, 25)
    overview_pixels, overview_centre = _painted_pixels(layer, europe)
    detail_pixels, detail_centre = _painted_pixels(layer, QgsRectangle.fromCenterAndSize(centre, 0.12, 0.09))
    assert overview_pixels >= 20  # a dot of 2 mm where the outline is smaller than a pixel
    assert overview_centre
    assert detail_pixels >= 100  # the outline
    assert not detail_centre  # and no dot inside it


def bare_item(item_id: str, properties: dict) -> StacItem:
    return StacItem.from_dict(
        {"type": "Feature", "id": item_id, "collection": "c", "geometry": None, "properties": properties,
         "links": [], "assets": {}}
    )  # fmt: skip


def test_day_or_night_is_read_from_either_property_or_the_sun_s_elevation() -> None:
    items = [
        bare_item("constellr", {"constellr:illumination": "night", "illumination": "day"}),
        bare_item("plain", {"illumination": "night", "view:sun_elevation": 40.0}),
        bare_item("sun up", {"view:sun_elevation": 12.5}),
        bare_item("sun down", {"view:sun_elevation": -3}),
        bare_item("horizon", {"view:sun_elevation": 0}),
        bare_item("unknown", {"view:sun_elevation": None}),
    ]
    expected = {
        "constellr": "night", "plain": "night", "sun up": "day", "sun down": "night", "horizon": "night",
        "unknown": None,
    }  # fmt: skip
    assert {item.id: illumination(item) for item in items} == expected
    layer = footprint_layer("mixed")
    append_features(layer, footprint_features(items))
    # the footprint's colour follows the same reading (a NULL attribute falls in "Other")
    assert {feature["item_id"]: feature["illumination"] for feature in layer.getFeatures()} == expected


def test_an_item_with_a_null_datetime_is_on_the_time_slider_at_its_start() -> None:
    items = [
        bare_item("range", {"datetime": None, "start_datetime": "2026-06-01T10:15:30Z",
                            "end_datetime": "2026-06-01T10:16:00Z"}),
        bare_item("both", {"datetime": "2026-06-02T08:00:00Z", "start_datetime": "2026-06-01T00:00:00Z"}),
        bare_item("broken", {"datetime": None, "start_datetime": "June"}),
    ]  # fmt: skip
    layer = footprint_layer("times")
    append_features(layer, footprint_features(items))
    times = {
        feature["item_id"]: feature["datetime"].toUTC().toString(Qt.DateFormat.ISODate)
        if feature["datetime"]
        else None
        for feature in layer.getFeatures()
    }
    assert times == {"range": "2026-06-01T10:15:30Z", "both": "2026-06-02T08:00:00Z", "broken": None}


def test_geometries_that_are_no_polygon_give_no_footprint() -> None:
    base = {"type": "Feature", "id": "x", "collection": "c", "properties": {}, "links": [], "assets": {}}
    multi = {
        "type": "MultiPolygon",
        "coordinates": [[[[0, 0], [1, 0], [1, 1], [0, 0]]], [[[5, 5], [6, 5], [6, 6], [5, 5]]]],
    }
    items = [
        StacItem.from_dict({**base, "id": "multi", "geometry": multi}),
        StacItem.from_dict({**base, "id": "point", "geometry": {"type": "Point", "coordinates": [1, 2]}}),
        StacItem.from_dict({**base, "id": "broken", "geometry": {"type": "Polygon", "coordinates": [["x"]]}}),
        StacItem.from_dict({**base, "id": "none", "geometry": None}),
    ]
    layer = footprint_layer("odd")
    append_features(layer, footprint_features(items))
    geometries = {feature["item_id"]: feature.geometry() for feature in layer.getFeatures()}
    assert geometries["multi"].constGet().numGeometries() == 2
    assert [name for name, geometry in geometries.items() if geometry.isNull()] == ["point", "broken", "none"]


def test_each_search_gets_its_group_on_top(sandbox, project) -> None:
    project.layerTreeRoot().addGroup("the analyst's own")
    first = add_search_group(footprint_layer("a"), "constellr search — lstzoom", project)
    second = add_search_group(footprint_layer("b"), "constellr search — lstzoom", project)
    children = project.layerTreeRoot().children()
    assert children[:3] == [second, first, children[2]]
    assert children[2].name() == "the analyst's own"
    assert first.name() == "constellr search — lstzoom"
    [node] = first.children()
    assert isinstance(node, QgsLayerTreeLayer)
    assert node.layer().name() == "a"
    assert node.layer() in project.mapLayers().values()


# --- previews ----------------------------------------------------------------------------------------


def test_the_thumbnail_is_read_from_storage_with_no_api_key(sandbox, demo_client) -> None:
    item = everything(demo_client)[0]
    sandbox.requests.clear()
    image = fetch_preview(demo_client, RecordedProgress(), item)
    assert image is not None
    assert image[:3] == b"\xff\xd8\xff"
    assert len(image) < 2 * 1024 * 1024
    [fetched] = sandbox.requests
    assert fetched.server == "storage"
    assert fetched.path.endswith("/thumbnail.jpg")
    assert not any(name in fetched.headers for name in CREDENTIAL_HEADERS)


def test_without_a_thumbnail_a_jpeg_quicklook_is_shown_and_a_tiff_one_is_not(sandbox, demo_client) -> None:
    item = everything(demo_client)[0]
    raw = json.loads(json.dumps(item.raw))
    thumbnail = raw["assets"].pop("thumbnail")
    tiff_only = StacItem.from_dict(raw)
    sandbox.requests.clear()
    assert fetch_preview(demo_client, RecordedProgress(), tiff_only) is None
    assert sandbox.requests == []  # nothing fetched
    raw["assets"]["overview"] = {**thumbnail, "roles": ["overview"]}
    image = fetch_preview(demo_client, RecordedProgress(), StacItem.from_dict(raw))
    assert image is not None
    assert image[:3] == b"\xff\xd8\xff"
