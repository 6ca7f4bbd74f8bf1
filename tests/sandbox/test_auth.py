"""API keys, legacy bearer tokens, workspace isolation and the OpenAPI document."""

from __future__ import annotations

from datetime import timedelta

import pytest
import requests

from sandbox import data


def test_missing_credentials_are_not_authenticated(sb):
    response = requests.get(f"{sb.api_url}/orders", timeout=10)
    assert response.status_code == 401
    assert response.json() == {"detail": "Not authenticated"}


@pytest.mark.parametrize(
    ("key", "detail"),
    [
        ("nonsense", "Invalid API key"),
        (data.REVOKED_API_KEY, "API key has been revoked"),
        (data.EXPIRED_API_KEY, "API key has expired"),
    ],
)
def test_bad_api_keys_get_distinct_401s(sb, key, detail):
    for path in ("/orders", "/products", "/stac/search", "/areas-of-interest", "/assets"):
        response = requests.get(sb.api_url + path, headers={"X-Api-Key": key}, timeout=10)
        assert response.status_code == 401
        assert response.json() == {"detail": detail}


def test_products_depend_on_the_workspace(api, other_api):
    assert api.get("/products").json() == [
        {"name": "LSTprecision"},
        {"name": "LSTzoom"},
        {"name": "LSTfusion"},
    ]
    assert other_api.get("/products").json() == [{"name": "LSTprecision"}, {"name": "LSTfusion"}]


@pytest.mark.parametrize("as_json", [False, True])
def test_legacy_token_from_form_or_json(sb, as_json):
    credentials = {"username": data.LEGACY_USERNAME, "password": data.LEGACY_PASSWORD}
    sent = {"json": credentials} if as_json else {"data": credentials}
    response = requests.post(f"{sb.api_url}/token", timeout=10, **sent)
    assert response.status_code == 200
    body = response.json()
    assert body["token_type"] == "bearer"
    orders = requests.get(
        f"{sb.api_url}/orders", headers={"Authorization": f"Bearer {body['access_token']}"}, timeout=10
    )
    assert orders.status_code == 200
    assert orders.json()["count"] == 41


def test_legacy_token_refusals(sb):
    wrong = requests.post(
        f"{sb.api_url}/token", data={"username": data.LEGACY_USERNAME, "password": "x"}, timeout=10
    )
    assert wrong.status_code == 401
    assert wrong.json()["detail"] == "Incorrect username or password"
    multi = requests.post(
        f"{sb.api_url}/token",
        json={"username": data.MULTI_WORKSPACE_USERNAME, "password": data.MULTI_WORKSPACE_PASSWORD},
        timeout=10,
    )
    assert multi.status_code == 401
    assert "single workspace" in multi.json()["detail"]
    missing = requests.post(f"{sb.api_url}/token", data={"username": data.LEGACY_USERNAME}, timeout=10)
    assert missing.status_code == 422
    assert missing.json()["detail"][0]["loc"] == ["body", "password"]
    unknown = requests.get(f"{sb.api_url}/orders", headers={"Authorization": "Bearer nope"}, timeout=10)
    assert unknown.status_code == 401


def test_legacy_token_expires_on_the_sandbox_clock(sb):
    sb.token_lifetime = 2
    credentials = {"username": data.LEGACY_USERNAME, "password": data.LEGACY_PASSWORD}
    token = requests.post(f"{sb.api_url}/token", data=credentials, timeout=10).json()["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    assert requests.get(f"{sb.api_url}/products", headers=headers, timeout=10).status_code == 200
    sb.clock.advance(timedelta(seconds=3))
    expired = requests.get(f"{sb.api_url}/products", headers=headers, timeout=10)
    assert expired.status_code == 401
    assert expired.json() == {"detail": "Token expired"}
    sb.reset()
    assert sb.token_lifetime == data.DEFAULT_TOKEN_LIFETIME


def test_workspaces_are_isolated(api, other_api, kit):
    mine = kit.aoi("Private", kit.square(1000))
    assert other_api.get(f"/areas-of-interest/{mine['id']}").status_code == 404
    assert other_api.delete(f"/areas-of-interest/{mine['id']}").status_code == 404
    other_names = {
        aoi["name"] for aoi in other_api.get("/areas-of-interest", params={"limit": 100}).json()["items"]
    }
    assert "Private" not in other_names
    assert "Berlin Mitte" not in other_names
    other_order = other_api.get("/orders").json()["items"][0]
    assert api.get(f"/orders/{other_order['id']}").status_code == 404
    assert api.delete(f"/orders/{other_order['id']}").status_code == 404
    assert api.patch(f"/orders/{other_order['id']}", json={"tags": []}).status_code == 404
    ordered_on_their_aoi = kit.post_orders(kit.order(other_order["area_of_interest_id"], *kit.week()))
    assert ordered_on_their_aoi.status_code == 404
    other_item = other_api.get("/stac/search").json()["features"][0]
    assert (
        api.get(f"/stac/collections/{other_item['collection']}/items/{other_item['id']}").status_code == 404
    )
    assert other_item["id"] not in {item["id"] for item in kit.all_items()}
    assert other_api.get("/stac/collections/lstzoom").status_code == 404
    demo_key = api.get("/assets", params={"limit": 1}).json()["Contents"][0]["Key"]
    assert demo_key.split("/")[0] not in {order["id"] for order in other_api.get("/orders").json()["items"]}
    assert other_api.get(f"/assets/{demo_key}", allow_redirects=False).status_code == 404


def test_openapi_is_public(sb):
    response = requests.get(f"{sb.api_url}/openapi.json", timeout=10)
    assert response.status_code == 200
    paths = response.json()["paths"]
    for path in ("/orders/batch", "/areas-of-interest/geometry-info", "/stac/search", "/token", "/assets"):
        assert path in paths
