"""Every endpoint of the current API guide, through the client, against the sandbox."""

from __future__ import annotations

from datetime import timedelta

import pytest

from constellr.plugin.api import (
    Aoi,
    ConstellrClient,
    NotFoundError,
    OrderRequest,
    StacItem,
    StacSearch,
)

SQUARE = {
    "type": "Feature",
    "properties": {},
    "geometry": {
        "type": "Polygon",
        "coordinates": [[[13.40, 52.47], [13.42, 52.47], [13.42, 52.48], [13.40, 52.48], [13.40, 52.47]]],
    },
}


def aoi_named(client: ConstellrClient, name: str) -> Aoi:
    return next(aoi for aoi in client.iter_aois(page_size=100) if aoi.name == name)


def test_products_and_use_cases(client) -> None:
    assert [product.name for product in client.list_products()] == ["LSTprecision", "LSTzoom", "LSTfusion"]
    assert "Yield Prediction" in client.list_use_cases()


def test_order_lifecycle(client, sb) -> None:
    aoi = aoi_named(client, "Berlin Tempelhofer Feld")
    start = sb.clock.now() + timedelta(days=1)
    request = OrderRequest(
        area_of_interest_id=aoi.id,
        product_name="LSTprecision",
        start_date=start,
        end_date=start + timedelta(days=30),
        frequency="weekly",
        comment="Order for field 42",
        tags=["field42"],
        illumination_constraint="day",
    )
    (created,) = client.create_orders([request], use_case="Yield Prediction", comment="Q3 analysis")
    assert created.state == "pending_validation"
    assert created.deletable
    assert created.start_date == start.replace(microsecond=start.microsecond)
    assert [tag.name for tag in created.tags] == ["field42"]
    assert created.created.tzinfo is not None

    assert client.get_order(created.id) == created
    updated = client.update_order(created.id, tags=["field42", "irrigation"])
    assert [tag.name for tag in updated.tags] == ["field42", "irrigation"]

    client.delete_order(created.id)
    with pytest.raises(NotFoundError):
        client.get_order(created.id)


def test_aoi_lifecycle_and_geometry_info(client) -> None:
    info = client.geometry_info(SQUARE)
    assert 1_300 < info.bbox_width < 1_400
    assert 1_000 < info.bbox_height < 1_200
    assert 0.9 * info.bbox_width * info.bbox_height < info.area <= info.bbox_width * info.bbox_height

    aoi = client.create_aoi("Test AOI", SQUARE, description="Test area")
    assert (aoi.name, aoi.description) == ("Test AOI", "Test area")
    assert aoi.bbox_width == pytest.approx(info.bbox_width, rel=1e-3)
    assert aoi.geometry["type"] == "Polygon"
    assert client.get_aoi(aoi.id) == aoi
    assert next(iter(client.iter_aois())).id == aoi.id  # newest first

    client.delete_aoi(aoi.id)
    with pytest.raises(NotFoundError):
        client.get_aoi(aoi.id)


def test_stac_documents(client) -> None:
    landing = client.stac_landing()
    assert landing.id == "constellr-stacapi"
    assert {link.rel for link in landing.links} >= {"self", "data"}
    assert "http://www.opengis.net/spec/cql2/1.0/conf/cql2-json" in client.stac_conformance()

    collections = client.iter_collections()
    assert [collection.id for collection in collections] == ["lstprecision", "lstzoom", "lstfusion"]
    assert collections.number_matched == 3
    fusion = client.get_collection("lstfusion")
    assert fusion.raw["id"] == "lstfusion"
    assert fusion.interval[0].year == 2015

    items = client.iter_collection_items("lstfusion", StacSearch(limit=5))
    first = next(items)
    assert first.collection == "lstfusion"
    assert items.number_matched > 5
    again = client.get_item("lstfusion", first.id)
    assert (again.id, again.properties["order:id"]) == (first.id, first.order_id)
    assert again.assets["lst"].href.startswith("http")
    with pytest.raises(NotFoundError):
        client.get_item("lstfusion", "NO_SUCH_ITEM")


@pytest.mark.parametrize("method", ["POST", "GET"])
def test_search_for_an_order_s_deliveries(client, method: str) -> None:
    order = next(order for order in client.iter_orders() if order.state == "closed")
    search = StacSearch.for_order(order.id, sortby=[{"field": "datetime", "direction": "desc"}], limit=100)
    items: list[StacItem] = list(client.search(search, method=method))
    assert items
    assert {item.order_id for item in items} == {order.id}
    times = [item.acquired for item in items]
    assert times == sorted(times, reverse=True)


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_search_with_fields_and_a_cql2_text_filter(client, method: str) -> None:
    order_id = next(iter(client.search(StacSearch(limit=1)))).order_id
    search = StacSearch(
        filter=f"\"order:id\" = '{order_id}'",
        fields={"include": ["properties.order:id"], "exclude": ["assets"]},
        limit=5,
    )
    items = list(client.search(search, method=method))
    assert items
    assert all(item.order_id == order_id and item.assets == {} for item in items)
