"""Models: tolerant parsing, UTC date-times, and the bodies/queries sent."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from constellr.plugin.api import Aoi, Order, OrderRequest, StacCollection, StacItem, StacLink, StacSearch
from constellr.plugin.api.models import format_datetime, parse_datetime

UTC = timezone.utc


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025-08-27T11:54:24.206072Z", datetime(2025, 8, 27, 11, 54, 24, 206072, UTC)),
        ("2025-11-28T10:05:36.362Z", datetime(2025, 11, 28, 10, 5, 36, 362000, UTC)),
        ("2025-07-31T11:05:29.157539", datetime(2025, 7, 31, 11, 5, 29, 157539, UTC)),
        ("2015-02-26T17:00:00+00:00", datetime(2015, 2, 26, 17, 0, tzinfo=UTC)),
        ("2025-08-18T13:00:00+02:00", datetime(2025, 8, 18, 11, 0, tzinfo=UTC)),
        ("2025-08-18T06:30:00-0430", datetime(2025, 8, 18, 11, 0, tzinfo=UTC)),
        ("2025-08-18T11:00:00.123456789Z", datetime(2025, 8, 18, 11, 0, 0, 123456, UTC)),
        ("2025-08-18", datetime(2025, 8, 18, tzinfo=UTC)),
    ],
)
def test_parse_datetime(text: str, expected: datetime) -> None:
    parsed = parse_datetime(text)
    assert parsed == expected
    assert parsed.utcoffset() == timedelta(0)


def test_parse_datetime_rejects_garbage() -> None:
    with pytest.raises(ValueError, match="ISO 8601"):
        parse_datetime("yesterday")


def test_format_datetime_is_utc_with_z() -> None:
    berlin = timezone(timedelta(hours=2))
    assert format_datetime(datetime(2025, 9, 27, 12, 30, 8, 4000, berlin)) == "2025-09-27T10:30:08.004000Z"
    assert format_datetime(datetime(2025, 9, 27, 10, 30)) == "2025-09-27T10:30:00.000000Z"


def test_order_tolerates_unknown_and_missing_fields() -> None:
    order = Order.from_dict({"id": "o1", "state": "closing", "brand_new_field": {"x": 1}})
    assert order.id == "o1"
    assert order.tags == ()
    assert order.start_date is None
    assert not order.deletable
    assert Order.from_dict({"id": "o2", "state": "rejected"}).deletable


def test_aoi_accepts_the_older_geometry_field() -> None:
    polygon = {"type": "Polygon", "coordinates": [[[8.6, 49.8], [8.7, 49.8], [8.7, 49.9], [8.6, 49.8]]]}
    aoi = Aoi.from_dict(
        {"id": "a", "name": "old", "geometry": polygon, "created": "2025-04-03T10:36:40.348842"}
    )
    assert aoi.geometry == polygon
    assert aoi.created == datetime(2025, 4, 3, 10, 36, 40, 348842, UTC)


def test_order_request_body() -> None:
    request = OrderRequest(
        area_of_interest_id="aoi-1",
        product_name="LSTprecision",
        start_date=datetime(2025, 9, 27, 10, 30, 8, 4000, UTC),
        end_date=datetime(2025, 10, 18, 10, 30, 8, 4000, UTC),
        frequency="single_image",
        tags=("field42",),
        illumination_constraint="day",
        maximum_number_of_images=1,
    )
    assert request.to_dict() == {
        "area_of_interest_id": "aoi-1",
        "product_name": "LSTprecision",
        "start_date": "2025-09-27T10:30:08.004000Z",
        "end_date": "2025-10-18T10:30:08.004000Z",
        "frequency": "single_image",
        "tags": ["field42"],
        "illumination_constraint": "day",
        "maximum_number_of_images": 1,
    }


def test_stac_search_body_and_query() -> None:
    search = StacSearch.for_order(
        "order-1",
        collections=["lstprecision", "lstzoom"],
        bbox=(8.3, 49.6, 9.0, 50.1),
        datetime=(datetime(2025, 8, 18, 11, tzinfo=UTC), None),
        sortby=[{"field": "datetime", "direction": "desc"}],
        limit=5,
    )
    cql = {"op": "=", "args": [{"property": "order:id"}, "order-1"]}
    assert search.to_body() == {
        "collections": ["lstprecision", "lstzoom"],
        "bbox": [8.3, 49.6, 9.0, 50.1],
        "filter": cql,
        "filter-lang": "cql2-json",
        "sortby": [{"field": "datetime", "direction": "desc"}],
        "limit": 5,
        "datetime": "2025-08-18T11:00:00.000000Z/..",
    }
    query = search.to_query()
    assert query["collections"] == "lstprecision,lstzoom"
    assert query["bbox"] == "8.3,49.6,9.0,50.1"
    assert query["sortby"] == "-datetime"
    assert query["filter-lang"] == "cql2-json"
    assert query["limit"] == "5"


def test_stac_search_fields_and_cql2_text() -> None:
    search = StacSearch(
        filter='"order:id" = \'order-1\' AND "eo:cloud_cover" < 20',
        fields={"include": ["properties.order:id"], "exclude": ["assets", "links"]},
    )
    assert search.to_body() == {
        "filter": '"order:id" = \'order-1\' AND "eo:cloud_cover" < 20',
        "filter-lang": "cql2-text",
        "fields": {"include": ["properties.order:id"], "exclude": ["assets", "links"]},
    }
    query = search.to_query()
    assert query["filter"] == '"order:id" = \'order-1\' AND "eo:cloud_cover" < 20'
    assert query["filter-lang"] == "cql2-text"
    assert query["fields"] == "properties.order:id,-assets,-links"


@pytest.mark.parametrize("text", ["2025-01-01", "2025-01-01T10:00:00", "2025-01-01T10:00:00.Z", "../2025-13"])
def test_a_datetime_that_is_not_rfc_3339_is_refused_before_sending(text: str) -> None:
    with pytest.raises(ValueError, match="RFC 3339"):
        StacSearch(datetime=text).to_body()


def test_open_and_closed_rfc_3339_intervals_pass() -> None:
    for text in (
        "2025-01-01T10:00:00Z",
        "2025-01-01T10:00:00.5+02:00/..",
        "../2025-01-01T00:00:00Z",
        "/x"[:0],
    ):
        assert StacSearch(datetime=text or "..").to_query()["datetime"] == (text or "..")


def test_stac_objects_keep_the_raw_dict() -> None:
    raw = {
        "id": "item-1",
        "type": "Feature",
        "collection": "lstprecision",
        "properties": {"datetime": "2025-08-18T11:00:00Z", "order:id": "o1", "vendor:x": 3},
        "assets": {
            "lst": {"href": "https://storage/lst.tiff?sig=abc", "type": "image/tiff", "roles": ["data"]}
        },
        "links": [
            {"rel": "self", "href": "https://api/stac/collections/lstprecision/items/item-1"},
            {"rel": "x"},
        ],
        "myext:field": True,
    }
    item = StacItem.from_dict(raw)
    assert item.raw["myext:field"] is True
    assert item.order_id == "o1"
    assert item.acquired == datetime(2025, 8, 18, 11, tzinfo=UTC)
    assert item.assets["lst"].roles == ("data",)
    assert [link.rel for link in item.links] == ["self"]  # a link without href is skipped
    assert "sig=abc" not in repr(item)  # raw dicts stay out of repr

    collection = StacCollection.from_dict(
        {"id": "lstfusion", "extent": {"temporal": {"interval": [["2015-02-26T17:00:00+00:00", None]]}}}
    )
    assert collection.interval == (datetime(2015, 2, 26, 17, tzinfo=UTC), None)
    assert collection.bbox is None


def test_post_link_fields() -> None:
    link = StacLink.from_dict(
        {
            "rel": "next",
            "href": "https://api/stac/search",
            "method": "post",
            "body": {"token": "t"},
            "merge": True,
        }
    )
    assert (link.method, link.body, link.merge) == ("POST", {"token": "t"}, True)
