"""Each documented error answer becomes the right ConstellrError, with a message a user can act on."""

from __future__ import annotations

import socket
import uuid
from datetime import timedelta

import pytest

from constellr.plugin.api import (
    ApiKeyAuth,
    AuthenticationError,
    ConflictError,
    ConstellrClient,
    ConstellrError,
    FieldError,
    NetworkError,
    NotFoundError,
    OrderRequest,
    PermissionDeniedError,
    RateLimitedError,
    RetryPolicy,
    ServerError,
    StacSearch,
    TimeoutError,
    ValidationError,
)
from sandbox import data

from .conftest import requests_to
from .test_endpoints import SQUARE, aoi_named

KEY_HINT = "Check the workspace API key; keys expire and can be revoked"


@pytest.mark.parametrize(
    ("key", "server_message"),
    [
        ("cstl_not_a_key", "Invalid API key"),
        (data.REVOKED_API_KEY, "API key has been revoked"),
        (data.EXPIRED_API_KEY, "API key has expired"),
    ],
)
def test_rejected_keys(make_client, sb, key: str, server_message: str) -> None:
    client = make_client(ApiKeyAuth(key))
    with pytest.raises(AuthenticationError) as caught:
        client.list_products()
    error = caught.value
    assert (error.status, error.server_message, error.method) == (401, server_message, "GET")
    assert error.url == f"{sb.api_url}/products"
    assert KEY_HINT in error.hint
    assert str(error) == (
        f"Not authenticated (HTTP 401, GET {sb.api_url}/products): {server_message} — {error.hint}"
    )
    assert key not in str(error)
    assert len(requests_to(sb, "GET", "/products")) == 1  # a rejected key is not retried


def test_forbidden(client, sb) -> None:
    sb.faults.add(kind="status", path="/orders/batch", method="POST", status=403)
    with pytest.raises(PermissionDeniedError) as caught:
        client.create_orders([])
    assert caught.value.status == 403
    assert "administrator" in caught.value.hint


def test_not_found(client) -> None:
    missing = str(uuid.uuid4())
    with pytest.raises(NotFoundError) as caught:
        client.get_order(missing)
    assert caught.value.server_message == "Order not found"
    assert caught.value.url.endswith(f"/orders/{missing}")


def test_conflict_aoi_name_taken(client) -> None:
    with pytest.raises(ConflictError) as caught:
        client.create_aoi("Berlin Mitte", SQUARE)
    assert caught.value.server_message == "An Area of Interest with this name already exists"


def test_conflict_aoi_with_active_orders(client) -> None:
    with pytest.raises(ConflictError, match="active order"):
        client.delete_aoi(aoi_named(client, "Munich Olympiapark").id)


def test_conflict_order_not_deletable(client) -> None:
    in_progress = next(order for order in client.iter_orders() if order.state == "in_progress")
    with pytest.raises(ConflictError) as caught:
        client.delete_order(in_progress.id)
    assert "Only pending_validation or rejected orders can be deleted" in caught.value.server_message
    assert caught.value.status == 409


def test_400_lists_every_broken_rule_with_its_field(client, sb) -> None:
    aoi = aoi_named(client, "Po Valley Plain")  # 78 km wide: too large for LSTprecision
    start = sb.clock.now() - timedelta(days=2)
    request = OrderRequest(aoi.id, "LSTprecision", start, start + timedelta(days=3), "daily", tags=["x"] * 2)
    with pytest.raises(ValidationError) as caught:
        client.create_orders([request])
    error = caught.value
    assert error.status == 400
    fields = [field_error.location for field_error in error.field_errors]
    assert fields == [
        "orders[0].area_of_interest_id",
        "orders[0].start_date",
        "orders[0].end_date",
        "orders[0].frequency",
        "orders[0].tags",
    ]
    assert "exceeds 15,000 m x 15,000 m" in error.field_errors[0].message
    assert "\n" not in str(error)


def test_422_flattens_fastapi_validation_errors(client) -> None:
    with pytest.raises(ValidationError) as caught:
        client.update_order(str(uuid.uuid4()), tags=[["not", "a", "string"]])
    error = caught.value
    assert error.status == 422
    assert error.field_errors[0] == FieldError("tags[0]", "Input should be a valid string")
    assert error.server_message.splitlines()[0] == "tags[0]: Input should be a valid string"

    with pytest.raises(ValidationError) as caught:
        client.create_orders([])  # at least one order
    assert caught.value.field_errors[0].location == "orders"

    with pytest.raises(ValidationError) as caught:
        client.get_order("not-a-uuid")
    assert caught.value.field_errors[0].location == "order_id"


def test_rate_limited_post_is_not_retried(client, sb) -> None:
    sb.faults.add(kind="status", path="/areas-of-interest", method="POST", status=429, retry_after=7)
    with pytest.raises(RateLimitedError) as caught:
        client.create_aoi("Rate limited", SQUARE)
    assert caught.value.retry_after == 7
    assert "7 s" in caught.value.hint
    assert len(requests_to(sb, "POST", "/areas-of-interest")) == 1


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_server_errors(make_client, sb, status: int) -> None:
    client = make_client(retry=RetryPolicy(max_attempts=1))
    sb.faults.add(kind="status", path="/products", status=status)
    with pytest.raises(ServerError) as caught:
        client.list_products()
    assert caught.value.status == status
    assert caught.value.transient


def test_unreadable_answer_is_a_server_error(client, sb) -> None:
    sb.faults.add(kind="truncate", path="/stac/search")
    with pytest.raises(ServerError, match="could not be read"):
        list(client.search(StacSearch(limit=2)))


def test_read_timeout(make_client, sb) -> None:
    client = make_client(timeout=(2.0, 0.3))
    sb.faults.add(kind="latency", path="/products", delay=1.0)
    with pytest.raises(TimeoutError) as caught:
        client.list_products()
    assert not caught.value.outcome_unknown  # a GET has no effect to worry about
    assert len(requests_to(sb, "GET", "/products")) == 1  # read timeouts are not retried


def test_read_timeout_on_post_says_the_outcome_is_unknown(make_client, sb) -> None:
    client = make_client(timeout=(2.0, 0.3))
    sb.faults.add(kind="latency", path="/areas-of-interest", method="POST", delay=1.0)
    with pytest.raises(TimeoutError) as caught:
        client.create_aoi("Slow AOI", SQUARE)
    assert caught.value.outcome_unknown
    assert "before sending it again" in caught.value.hint


def test_connection_refused() -> None:
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    retry = RetryPolicy(max_attempts=2, backoff_base=0.01, max_backoff=0.01)
    client = ConstellrClient(f"http://127.0.0.1:{port}", ApiKeyAuth(data.DEMO_API_KEY), retry=retry)
    with pytest.raises(NetworkError) as caught:
        client.list_products()
    error = caught.value
    assert error.message == f"Could not connect to 127.0.0.1:{port}"
    assert error.status is None
    assert error.transient
    assert "proxy settings" in error.hint
    assert (error.__cause__, error.__context__) == (None, None)  # no requests exception attached
    client.close()


def test_every_error_is_a_constellr_error() -> None:
    for cls in (
        AuthenticationError,
        PermissionDeniedError,
        NotFoundError,
        ConflictError,
        ValidationError,
        RateLimitedError,
        ServerError,
        TimeoutError,
        NetworkError,
    ):
        assert issubclass(cls, ConstellrError)


def test_a_stac_error_s_description_reaches_the_user(client) -> None:
    from constellr.plugin.api import StacSearch

    with pytest.raises(ValidationError) as refused:
        list(client.search(StacSearch(bbox=[10, 50, 9, 49, 1])))
    assert refused.value.server_message  # the STAC body {"code", "description"} says what is wrong
    assert refused.value.server_message in str(refused.value)
