"""The sandbox for the API client tests: one server pair per session, a clean demo world per test."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from constellr.plugin.api import ApiKeyAuth, Auth, ConstellrClient, RetryPolicy
from sandbox import data
from sandbox.testing import SandboxServer

#: Quick retries so that failure paths stay fast; still several attempts.
FAST_RETRY = RetryPolicy(max_attempts=3, backoff_base=0.05, max_backoff=0.2, max_total=5.0)
TIMEOUT = (2.0, 10.0)


@pytest.fixture
def sb(sandbox_server: SandboxServer) -> SandboxServer:
    """The sandbox in its demo state, with no faults and an empty request log."""
    sandbox_server.reset()
    sandbox_server.faults.clear()
    sandbox_server.requests.clear()
    return sandbox_server


@pytest.fixture
def make_client(sb: SandboxServer) -> Iterator[Callable[..., ConstellrClient]]:
    """``make_client(auth=None, **options)``: a client of the sandbox (demo API key by default)."""
    clients: list[ConstellrClient] = []

    def make(auth: Auth | None = None, **options: object) -> ConstellrClient:
        options.setdefault("timeout", TIMEOUT)
        options.setdefault("retry", FAST_RETRY)
        client = ConstellrClient(sb.api_url, auth or ApiKeyAuth(data.DEMO_API_KEY), **options)
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()


@pytest.fixture
def client(make_client: Callable[..., ConstellrClient]) -> ConstellrClient:
    """A client of the demo workspace."""
    return make_client()


def requests_to(sb: SandboxServer, method: str, path: str, server: str = "api") -> list:
    """The logged requests with this method and exact path."""
    return [r for r in sb.requests if r.server == server and r.method == method and r.path == path]
