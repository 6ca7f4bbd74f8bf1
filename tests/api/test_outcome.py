"""``outcome_unknown`` tells the truth: true whenever the server may have carried out a POST."""

from __future__ import annotations

import socket

import pytest

from constellr.plugin.api import ConstellrClient, ConstellrError

from .conftest import FAST_RETRY
from .stub import answer, stub_api
from .test_endpoints import SQUARE

PATH = "/areas-of-interest"


def create(client: ConstellrClient) -> ConstellrError:
    with pytest.raises(ConstellrError) as raised:
        client.create_aoi("Outcome test", SQUARE)
    return raised.value


@pytest.mark.parametrize(
    ("fault", "unknown"),
    [
        ({"kind": "status", "status": 400}, False),
        ({"kind": "status", "status": 409}, False),
        ({"kind": "status", "status": 429, "retry_after": 1}, False),
        ({"kind": "status", "status": 500}, True),
        ({"kind": "status", "status": 501}, False),
        ({"kind": "status", "status": 502}, True),
        ({"kind": "status", "status": 503}, True),
        ({"kind": "status", "status": 503, "retry_after": 5}, False),  # "not now, come back": nothing done
        ({"kind": "status", "status": 504}, True),
        ({"kind": "drop_after_processing"}, True),
        ({"kind": "drop", "after_bytes": 5}, True),
        ({"kind": "truncate"}, True),
    ],
)
def test_outcome_of_a_post_that_failed(client, sb, fault: dict, unknown: bool) -> None:
    sb.faults.add(path=PATH, method="POST", times=1, **fault)
    error = create(client)
    assert error.outcome_unknown is unknown, str(error)
    if unknown:
        assert "check" in error.hint  # the hint says to look before sending again


def test_no_answer_in_time_after_sending_is_unknown(make_client, sb) -> None:
    sb.faults.add(kind="latency", path=PATH, method="POST", delay=3, times=1)
    assert create(make_client(timeout=(2.0, 0.5))).outcome_unknown


def test_a_refused_connection_sent_nothing() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with ConstellrClient(f"http://127.0.0.1:{port}", "k", retry=FAST_RETRY) as client:
        error = create(client)
    assert not error.outcome_unknown
    assert "Could not connect" in str(error)


def test_an_unreadable_success_answer_to_a_post_is_unknown() -> None:
    with (
        stub_api(lambda _r: answer(201, b"<html>gateway</html>")) as (api, c),
    ):
        error = create(c)
    assert error.outcome_unknown
    assert len(api.requests) == 1  # and it was not sent again


def test_a_get_never_has_an_unknown_outcome(client, sb) -> None:
    sb.faults.add(kind="drop_after_processing", path="/products", times=5)
    with pytest.raises(ConstellrError) as raised:
        client.list_products()
    assert not raised.value.outcome_unknown


def test_calls_reuse_one_connection() -> None:
    with (
        stub_api(lambda _r: answer(200, [{"name": "LSTprecision"}])) as (api, c),
    ):
        for _ in range(5):
            c.list_products()
    assert len({request.port for request in api.requests}) == 1  # keep-alive: one socket for all five
