"""A scripted HTTP server on a loopback socket, for behaviour the sandbox cannot show.

The test gives a ``respond(request)`` function that returns what to write: ``bytes`` are sent as they
are, a ``float`` pauses that many seconds, so a test can trickle bytes, stall in the middle of a body
or send anything at all. Every request is recorded (method, target, headers, body).
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Union

from constellr.plugin.api import ConstellrClient

Step = Union[bytes, float]


@dataclass
class StubRequest:
    """One request as the stub received it."""

    method: str
    target: str
    headers: dict[str, str]
    body: bytes = b""
    port: int = 0  # the client's port: one per connection

    @property
    def path(self) -> str:
        return self.target.split("?", 1)[0]

    def json(self) -> Any:
        return json.loads(self.body)


def answer(status: int = 200, body: Any = b"", headers: dict[str, str] | None = None) -> list[Step]:
    """A complete response; a ``dict``/``list`` body is sent as JSON."""
    if not isinstance(body, (bytes, str)):
        body = json.dumps(body)
    payload = body.encode() if isinstance(body, str) else body
    head = {"Content-Type": "application/json", "Content-Length": str(len(payload)), **(headers or {})}
    lines = [f"HTTP/1.1 {status} Stub", *(f"{name}: {value}" for name, value in head.items())]
    return [("\r\n".join(lines) + "\r\n\r\n").encode() + payload]


@dataclass
class StubServer:
    """Serves ``respond`` on 127.0.0.1 until ``close()``; ``url`` is its base address."""

    respond: Callable[[StubRequest], Iterable[Step]]
    requests: list[StubRequest] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._closed = threading.Event()
        self._connections: list[socket.socket] = []
        self.url = f"http://127.0.0.1:{self._listener.getsockname()[1]}"
        threading.Thread(target=self._accept, daemon=True).start()

    def __enter__(self) -> StubServer:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        self._closed.set()
        self._listener.close()
        for connection in self._connections:
            connection.close()

    def _accept(self) -> None:
        while not self._closed.is_set():
            try:
                connection, _address = self._listener.accept()
            except OSError:
                return
            self._connections.append(connection)
            threading.Thread(target=self._serve, args=(connection,), daemon=True).start()

    def _serve(self, connection: socket.socket) -> None:
        reader = connection.makefile("rb")
        try:
            while not self._closed.is_set():
                request = self._read_request(reader, connection.getpeername()[1])
                if request is None:
                    return
                self.requests.append(request)
                for step in self.respond(request):
                    if isinstance(step, bytes):
                        connection.sendall(step)
                    elif self._closed.wait(step):
                        return
        except OSError:
            return
        finally:
            reader.close()
            connection.close()

    @staticmethod
    def _read_request(reader: Any, port: int) -> StubRequest | None:
        line = reader.readline()
        if not line.strip():
            return None
        method, target, _version = line.decode("latin-1").split(" ", 2)
        headers: dict[str, str] = {}
        while (header := reader.readline().decode("latin-1").strip()) != "":
            name, _, value = header.partition(":")
            headers[name.strip().lower()] = value.strip()
        body = reader.read(int(headers.get("content-length", 0) or 0))
        return StubRequest(method, target, headers, body, port)


def stac_page(ids: list[str], next_href: str | None) -> dict:
    """A STAC item page with these item ids and, if given, a ``next`` link."""
    links = [{"rel": "next", "href": next_href, "type": "application/geo+json"}] if next_href else []
    features = [{"type": "Feature", "id": item_id, "properties": {}, "geometry": None} for item_id in ids]
    return {"type": "FeatureCollection", "features": features, "links": links}


@contextmanager
def stub_api(
    respond: Callable[[StubRequest], Iterable[Step]], key: str = "stub-key", **options: Any
) -> Iterator[tuple[StubServer, ConstellrClient]]:
    """A stub server and a client of it as the API (``options`` go to the client)."""
    with StubServer(respond) as server, ConstellrClient(server.url, key, **options) as client:
        yield server, client


def trickle(head: bytes, every: float, byte: bytes = b" ") -> Iterable[Step]:
    """``head``, then one byte every ``every`` seconds for ever (a server that never finishes)."""
    yield head
    while True:
        yield every
        yield byte


def wait_until(condition: Callable[[], bool], timeout: float = 5.0) -> None:
    """Poll ``condition`` until it holds (for the stub's threads to catch up)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not reached")
        time.sleep(0.01)
