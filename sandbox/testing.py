"""``SandboxServer``: the API and storage servers on loopback ports, in background threads.

See ``docs/contract-sandbox.md`` for the control surface tests rely on.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from pathlib import Path
from types import TracebackType

import uvicorn
from starlette.types import ASGIApp

from .app import create_api_app
from .cog import AssetCache
from .data import DEFAULT_TOKEN_LIFETIME
from .faults import FaultInjector, FaultMiddleware, RecordedRequest
from .feeds import FeedHub
from .state import Clock, SandboxState
from .storage import create_storage_app

_STARTUP_TIMEOUT = 15.0


def default_data_dir() -> Path:
    """Where generated files are cached between runs: ``$XDG_CACHE_HOME/constellr-sandbox``."""
    cache_home = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache_home) / "constellr-sandbox"


class SandboxServer:
    """Both sandbox servers, started by :meth:`start` (or ``with``) and stopped by :meth:`stop`."""

    def __init__(
        self,
        data_dir: Path | str | None = None,
        token_lifetime: float = DEFAULT_TOKEN_LIFETIME,
        host: str = "127.0.0.1",
        port: int = 0,
        storage_port: int = 0,
    ) -> None:
        self.data_dir = Path(data_dir) if data_dir is not None else default_data_dir()
        self.host = host
        self.state = SandboxState(token_lifetime)
        self.faults = FaultInjector()
        self.feeds = FeedHub(self.state)
        self.requests: list[RecordedRequest] = []
        self._ports = (port, storage_port)
        self._servers: list[uvicorn.Server] = []
        self._threads: list[threading.Thread] = []
        self._urls: tuple[str, str] | None = None

    @property
    def api_url(self) -> str:
        """``http://HOST:PORT`` of the API (no trailing slash)."""
        return self._started_urls()[0]

    @property
    def storage_url(self) -> str:
        """``http://HOST:PORT`` of the storage host that pre-signed URLs point to."""
        return self._started_urls()[1]

    @property
    def clock(self) -> Clock:
        """The sandbox clock (validation, order states, token and URL expiry)."""
        return self.state.clock

    @property
    def token_lifetime(self) -> float:
        """Lifetime in seconds (sandbox clock) of newly issued legacy bearer tokens."""
        return self.state.token_lifetime

    @token_lifetime.setter
    def token_lifetime(self, seconds: float) -> None:
        self.state.token_lifetime = seconds

    def reset(self) -> None:
        """Demo data, clock, token lifetime, faults, feeds and request log back to their initial state.

        Open feed streams end (subscriptions cleanly, dataset streams cut off).
        """
        self.state.reset()
        self.feeds.reset()
        self.faults.clear()
        self.requests.clear()

    def start(self) -> SandboxServer:
        """Bind the ports and start serving; returns self."""
        if self._servers:
            raise RuntimeError("The sandbox is already running")
        cache = AssetCache(self.data_dir / "assets")
        sockets: list[socket.socket] = []
        for role, port in zip(("API", "storage"), self._ports):
            try:
                sockets.append(_bind(self.host, port))
            except OSError as error:
                for sock in sockets:
                    sock.close()
                raise PortUnavailableError(role, self.host, port, error) from error
        api_port, storage_port = (sock.getsockname()[1] for sock in sockets)
        apps = (
            FaultMiddleware(
                create_api_app(self.state, cache, storage_port, self.feeds), "api", self.faults, self.requests
            ),
            FaultMiddleware(create_storage_app(self.state, cache), "storage", self.faults, self.requests),
        )
        self.feeds.start()
        for app, sock in zip(apps, sockets):
            self._serve(app, sock)
        url_host = f"[{self.host}]" if ":" in self.host else self.host
        self._urls = (f"http://{url_host}:{api_port}", f"http://{url_host}:{storage_port}")
        deadline = time.monotonic() + _STARTUP_TIMEOUT
        while not all(server.started for server in self._servers):
            if time.monotonic() > deadline or not all(thread.is_alive() for thread in self._threads):
                self.stop()
                raise RuntimeError("The sandbox servers did not start")
            time.sleep(0.01)
        return self

    def _serve(self, app: ASGIApp, sock: socket.socket) -> None:
        config = uvicorn.Config(
            app,
            http="h11",
            loop="asyncio",
            ws="none",
            lifespan="off",
            log_level="warning",
            access_log=False,
            proxy_headers=False,
            timeout_graceful_shutdown=1,
            timeout_keep_alive=5,
        )
        server = uvicorn.Server(config)
        thread = threading.Thread(
            target=server.run,
            kwargs={"sockets": [sock]},
            daemon=True,
            name=f"sandbox-{sock.getsockname()[1]}",
        )
        self._servers.append(server)
        self._threads.append(thread)
        thread.start()

    def stop(self) -> None:
        """End open feed streams, stop both servers and wait for their threads."""
        self.feeds.close()
        for server in self._servers:
            server.should_exit = True
        for thread in self._threads:
            thread.join(timeout=10)
        self._servers, self._threads, self._urls = [], [], None

    def _started_urls(self) -> tuple[str, str]:
        if self._urls is None:
            raise RuntimeError("The sandbox is not running: use start() or a with block")
        return self._urls

    def __enter__(self) -> SandboxServer:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.stop()


class PortUnavailableError(OSError):
    """A port the sandbox was told to use cannot be bound (usually: something else listens on it)."""

    def __init__(self, role: str, host: str, port: int, error: OSError) -> None:
        super().__init__(
            error.errno, f"The sandbox {role} port {port} on {host} is not free: {error.strerror}"
        )
        self.role, self.host, self.port = role, host, port


def _bind(host: str, port: int) -> socket.socket:
    # An explicit IPPROTO_TCP lets asyncio set TCP_NODELAY on accepted connections (no 40 ms stalls).
    sock = socket.socket(
        socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP
    )
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    return sock
