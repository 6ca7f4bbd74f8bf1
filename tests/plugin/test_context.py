"""One client per connection: every task reuses its kept-alive connections; a new connection closes it."""

from __future__ import annotations

import pytest

from constellr.plugin.context import PluginContext
from constellr.plugin.workspace import list_products

from ..api.stub import StubServer, answer


@pytest.fixture
def stub_api(monkeypatch, wait_for):
    with StubServer(lambda _r: answer(200, [{"name": "LSTprecision"}])) as server:
        monkeypatch.setenv("CONSTELLR_API_URL", server.url)
        monkeypatch.setenv("CONSTELLR_API_KEY", "stub-key")
        yield server


@pytest.fixture
def context(wait_for):
    context = PluginContext()
    yield context
    wait_for(lambda: not context.runner.running, what="tasks to end")
    context.close()


def run_and_wait(context: PluginContext, wait_for) -> None:
    results: list = []
    context.run("list products", list_products, on_done=results.append, on_error=results.append)
    wait_for(lambda: results, what="the task")
    assert results == [["LSTprecision"]]


def pools(client) -> int:
    adapter = client._transport._api_session.get_adapter(client.base_url)
    return len(adapter.poolmanager.pools)


def test_every_task_reuses_one_client_and_its_connection(stub_api, context, wait_for) -> None:
    for _ in range(3):
        run_and_wait(context, wait_for)
    assert context.client() is context.client()
    assert len(stub_api.requests) == 3
    assert len({request.port for request in stub_api.requests}) == 1  # one kept-alive socket


def test_a_new_connection_closes_the_old_client(stub_api, context, wait_for, monkeypatch) -> None:
    run_and_wait(context, wait_for)
    old = context.client()
    assert pools(old) == 1
    context.connection_changed()
    assert pools(old) == 0  # its sockets are closed
    run_and_wait(context, wait_for)
    assert context.client() is not old
    assert len({request.port for request in stub_api.requests}) == 2


def test_a_changed_environment_key_makes_a_new_client(stub_api, context, monkeypatch) -> None:
    first = context.client()
    monkeypatch.setenv("CONSTELLR_API_KEY", "another-key")
    second = context.client()
    assert second is not first
    assert pools(first) == 0
