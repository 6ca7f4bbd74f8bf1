"""Orders: the product rules on both sides of every limit, batches, tags, states and deletion."""

from __future__ import annotations

import uuid
from collections import Counter
from datetime import timedelta

import pytest

SECOND = timedelta(seconds=1)


def _refusal(response, status=400):
    assert response.status_code == status, response.text
    return response.json()["detail"]


def test_created_orders_look_like_the_docs(api, kit, field):
    start, end = kit.week()
    body = kit.order(
        field["id"],
        start,
        end,
        comment="Field 42",
        tags=["field42", "irrigation"],
        illumination_constraint="day",
        maximum_number_of_images=3,
    )
    response = kit.post_orders(body)
    assert response.status_code == 201, response.text
    [created] = response.json()
    assert set(created) == {
        "area_of_interest_id",
        "start_date",
        "end_date",
        "frequency",
        "product_name",
        "comment",
        "id",
        "created",
        "state",
        "rejection_reason",
        "tags",
        "illumination_constraint",
        "maximum_number_of_images",
    }
    assert created["state"] == "pending_validation"
    assert created["rejection_reason"] is None
    assert created["start_date"].endswith("Z")
    assert [tag["name"] for tag in created["tags"]] == ["field42", "irrigation"]
    assert uuid.UUID(created["id"]).version == 4
    assert api.get(f"/orders/{created['id']}").json() == created
    again = kit.post_orders(kit.order(field["id"], start, end, tags=["field42"])).json()[0]
    assert again["tags"][0]["id"] == created["tags"][0]["id"]  # tag entities are reused by name


def test_precision_bbox_limit(kit):
    start, end = kit.week()
    fits = kit.aoi("14999 m", kit.square(14_999))
    too_wide = kit.aoi("15001 m", kit.square(15_001))
    assert kit.post_orders(kit.order(fits["id"], start, end)).status_code == 201
    detail = _refusal(kit.post_orders(kit.order(too_wide["id"], start, end)))
    assert detail.startswith("orders[0].area_of_interest_id: ")
    assert "15,000 m x 15,000 m for LSTprecision" in detail
    assert kit.post_orders(kit.order(too_wide["id"], start, end, product_name="LSTzoom")).status_code == 400


@pytest.mark.parametrize(("width", "accepted"), [(59, False), (61, True), (109_999, True), (110_001, False)])
def test_fusion_bbox_limits(kit, width, accepted):
    aoi = kit.aoi(f"{width} m", kit.square(width, height_ratio=1.5 if width < 100 else 0.8))
    start = kit.today() - timedelta(days=10)
    response = kit.post_orders(
        kit.order(aoi["id"], start, start + timedelta(days=20), product_name="LSTfusion", frequency="daily")
    )
    assert response.status_code == (201 if accepted else 400), response.text


def test_start_dates(kit, field):
    today = kit.today()
    week = timedelta(days=7)
    assert kit.post_orders(kit.order(field["id"], today, today + week)).status_code == 201
    yesterday = today - SECOND
    detail = _refusal(
        kit.post_orders(
            kit.order(field["id"], today, today + week), kit.order(field["id"], yesterday, yesterday + week)
        )
    )
    assert detail == "orders[1].start_date: start date must be today or later for LSTprecision"
    fusion = {"product_name": "LSTfusion", "frequency": "daily"}
    assert kit.post_orders(kit.order(field["id"], today, today + week, **fusion)).status_code == 201
    tomorrow = today + timedelta(days=1)
    detail = _refusal(kit.post_orders(kit.order(field["id"], tomorrow, tomorrow + week, **fusion)))
    assert detail == "orders[0].start_date: start date cannot be in the future for LSTfusion"


@pytest.mark.parametrize(
    ("duration", "accepted"),
    [
        (timedelta(days=6), False),
        (timedelta(days=7) - SECOND, False),
        (timedelta(days=7), True),
        (timedelta(days=365), True),
        (timedelta(days=366), False),
    ],
)
def test_precision_duration(kit, field, duration, accepted):
    start = kit.today() + timedelta(days=1)
    response = kit.post_orders(kit.order(field["id"], start, start + duration, product_name="LSTzoom"))
    assert response.status_code == (201 if accepted else 400), response.text
    if not accepted:
        assert response.json()["detail"].startswith("orders[0].end_date: ")


def test_end_must_follow_start_and_fusion_has_no_duration_limit(kit, field):
    start = kit.today() + timedelta(days=1)
    assert "after the start date" in _refusal(kit.post_orders(kit.order(field["id"], start, start)))
    long_ago = kit.today() - timedelta(days=3000)
    fusion = kit.order(
        field["id"], long_ago, long_ago + timedelta(days=4000), product_name="LSTfusion", frequency="daily"
    )
    assert kit.post_orders(fusion).status_code == 201


def test_frequencies_and_image_counts(kit, field):
    start, end = kit.week()
    for frequency in ("single_image", "max_frequency", "once_every_two_weeks", "monthly", "weekly"):
        count = 1 if frequency == "single_image" else None
        body = kit.order(field["id"], start, end, frequency=frequency, maximum_number_of_images=count)
        assert kit.post_orders(body).status_code == 201, frequency
    refusals = {
        "frequency": kit.order(field["id"], start, end, frequency="daily"),
        "maximum_number_of_images": kit.order(
            field["id"], start, end, frequency="single_image", maximum_number_of_images=2
        ),
    }
    for field_name, body in refusals.items():
        assert _refusal(kit.post_orders(body)).startswith(f"orders[0].{field_name}: ")
    zero = kit.order(field["id"], start, end, maximum_number_of_images=0)
    assert "positive" in _refusal(kit.post_orders(zero))
    today = kit.today()
    fusion = {"product_name": "LSTfusion", "frequency": "daily"}
    assert kit.post_orders(kit.order(field["id"], today, end, **fusion)).status_code == 201
    weekly_fusion = kit.order(field["id"], today, end, product_name="LSTfusion")
    assert "'weekly' is not available for LSTfusion" in _refusal(kit.post_orders(weekly_fusion))
    counted_fusion = kit.order(field["id"], today, end, maximum_number_of_images=5, **fusion)
    assert "not supported for LSTfusion" in _refusal(kit.post_orders(counted_fusion))


@pytest.mark.parametrize(
    ("tags", "accepted"),
    [
        ([f"t{i}" for i in range(10)], True),
        ([f"t{i}" for i in range(11)], False),
        (["x" * 50], True),
        (["x" * 51], False),
        (["a", "b", "a"], False),
        ([], True),
    ],
)
def test_tag_rules(kit, field, tags, accepted):
    response = kit.post_orders(kit.order(field["id"], *kit.week(), tags=tags))
    assert response.status_code == (201 if accepted else 400), response.text
    if not accepted:
        assert response.json()["detail"].startswith("orders[0].tags: ")


def test_illumination_and_use_case(kit, field):
    start, end = kit.week()
    for value in ("day", "night", None):
        assert (
            kit.post_orders(kit.order(field["id"], start, end, illumination_constraint=value)).status_code
            == 201
        )
    bad = kit.order(field["id"], start, end, illumination_constraint="dusk")
    assert (
        _refusal(kit.post_orders(bad)) == "orders[0].illumination_constraint: must be 'day', 'night' or null"
    )
    response = kit.api.post(
        "/orders/batch", json={"use_case": "Surfing", "orders": [kit.order(field["id"], start, end)]}
    )
    assert _refusal(response).startswith("use_case: ")
    assert kit.api.get("/orders/meta/use-cases").json()[:2] == ["Unknown", "Adoption of regenerative ag"]


def test_several_problems_are_reported_together(kit, field):
    yesterday = kit.today() - timedelta(days=1)
    body = kit.order(
        field["id"], yesterday, yesterday + timedelta(days=2), frequency="daily", tags=["a", "a"]
    )
    lines = _refusal(kit.post_orders(kit.order(field["id"], *kit.week()), body)).split("\n")
    assert [line.split(":")[0] for line in lines] == [
        "orders[1].start_date",
        "orders[1].end_date",
        "orders[1].frequency",
        "orders[1].tags",
    ]


def test_batches_are_all_or_nothing(api, kit, field):
    before = api.get("/orders").json()["count"]
    start, end = kit.week()
    good = kit.order(field["id"], start, end)
    assert kit.post_orders(*[good] * 25).status_code == 201
    too_many = kit.post_orders(*[good] * 26)
    assert too_many.status_code == 422
    assert too_many.json()["detail"][0]["loc"] == ["body", "orders"]
    assert kit.post_orders(good, kit.order(field["id"], start, start)).status_code == 400
    missing_aoi = _refusal(kit.post_orders(good, kit.order(str(uuid.uuid4()), start, end)), 404)
    assert missing_aoi.startswith("orders[1].area_of_interest_id: ")
    assert "not found" in _refusal(
        kit.post_orders(kit.order(field["id"], start, end, product_name="LSTmagic")), 404
    )
    assert api.get("/orders").json()["count"] == before + 25


@pytest.mark.parametrize(
    "broken",
    [
        {"start_date": "yesterday"},
        {"area_of_interest_id": "nope"},
        {"tags": "a,b"},
        {"maximum_number_of_images": "x"},
    ],
)
def test_schema_errors_are_422(kit, field, broken):
    response = kit.post_orders({**kit.order(field["id"], *kit.week()), **broken})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][:3] == ["body", "orders", 0]


def test_missing_required_field_is_422(kit, field):
    body = kit.order(field["id"], *kit.week())
    del body["frequency"]
    assert kit.post_orders(body).status_code == 422
    assert kit.api.post("/orders/batch", json={"orders": []}).status_code == 422


def test_other_workspace_cannot_order_zoom(other_api, kit):
    aoi = kit.aoi("Theirs", kit.square(1000), api=other_api)
    response = kit.post_orders(kit.order(aoi["id"], *kit.week(), product_name="LSTzoom"), api=other_api)
    assert _refusal(response, 404) == "orders[0].product_name: product 'LSTzoom' not found"


def test_states_follow_the_clock(sb, api, kit, field):
    start = kit.today()
    end = start + timedelta(days=14)
    order_id = kit.post_orders(kit.order(field["id"], start, end)).json()[0]["id"]

    def state():
        return api.get(f"/orders/{order_id}").json()["state"]

    assert state() == "pending_validation"
    sb.clock.advance(timedelta(minutes=11))
    assert state() == "in_progress"
    sb.clock.advance(end - sb.clock.now() + SECOND)
    assert state() == "closing"
    sb.clock.advance(timedelta(days=3))
    assert state() == "closed"


def test_orders_outside_coverage_are_rejected(sb, api, kit):
    arctic = kit.aoi("Svalbard", kit.rectangle(16.0, 78.5, 0.1, 0.03))
    order_id = kit.post_orders(kit.order(arctic["id"], *kit.week())).json()[0]["id"]
    sb.clock.advance(timedelta(minutes=10))
    order = api.get(f"/orders/{order_id}").json()
    assert order["state"] == "rejected"
    assert order["rejection_reason"] == "AOI is outside of the supported coverage area."


def test_demo_has_every_state_and_product(api):
    orders = api.get("/orders", params={"limit": 100}).json()["items"]
    assert len(orders) >= 35
    states = Counter(order["state"] for order in orders)
    assert set(states) == {"pending_validation", "in_progress", "closing", "closed", "rejected"}
    assert {order["product_name"] for order in orders} == {"LSTprecision", "LSTzoom", "LSTfusion"}
    assert {order["illumination_constraint"] for order in orders} == {"day", "night", None}
    assert all(order["rejection_reason"] for order in orders if order["state"] == "rejected")


def test_listing_pages_and_sorts(api):
    first = api.get("/orders").json()
    assert len(first["items"]) == 10
    seen = []
    for offset in range(0, first["count"], 10):
        seen += [
            order["id"]
            for order in api.get("/orders", params={"offset": offset, "sort": "-created"}).json()["items"]
        ]
    assert len(seen) == len(set(seen)) == first["count"] >= 30
    created = [order["created"] for order in first["items"]]
    assert created == sorted(created, reverse=True)
    oldest_first = [
        order["created"] for order in api.get("/orders", params={"sort": "created"}).json()["items"]
    ]
    assert oldest_first == sorted(oldest_first)
    assert api.get("/orders", params={"sort": "state"}).status_code == 422
    assert api.get("/orders", params={"offset": -1}).status_code == 422


def test_patch_replaces_tags(api, kit, field):
    order = kit.post_orders(kit.order(field["id"], *kit.week(), tags=["old"])).json()[0]
    patched = api.patch(f"/orders/{order['id']}", json={"tags": ["new", "urban-heat"]})
    assert patched.status_code == 200
    assert [tag["name"] for tag in patched.json()["tags"]] == ["new", "urban-heat"]
    assert _refusal(api.patch(f"/orders/{order['id']}", json={"tags": ["x"] * 11})).startswith("tags: ")
    assert api.patch(f"/orders/{uuid.uuid4()}", json={"tags": []}).status_code == 404
    assert api.patch("/orders/123", json={"tags": []}).status_code == 422


def test_delete_rules(sb, api, kit, field):
    pending = kit.post_orders(kit.order(field["id"], *kit.week())).json()[0]
    assert api.delete(f"/orders/{pending['id']}").status_code == 204
    assert api.get(f"/orders/{pending['id']}").status_code == 404
    running = kit.post_orders(kit.order(field["id"], *kit.week())).json()[0]
    sb.clock.advance(timedelta(minutes=10))
    conflict = api.delete(f"/orders/{running['id']}")
    assert conflict.status_code == 409
    assert "in_progress" in conflict.json()["detail"]
    orders = api.get("/orders", params={"limit": 100}).json()["items"]
    for order in orders:
        expected = 204 if order["state"] in ("pending_validation", "rejected") else 409
        assert api.delete(f"/orders/{order['id']}").status_code == expected, order["state"]
    assert api.delete(f"/orders/{uuid.uuid4()}").status_code == 404
