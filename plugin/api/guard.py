"""Ending requests that must end: on a cancel, and at a deadline, even while a socket read blocks.

A ``Guard`` watches one piece of work on its thread. The connections urllib3 hands out while the guard
is active on that thread are tracked; a single watchdog thread checks every active guard ten times a
second and, once its ``is_cancelled`` says so or its deadline has passed, shuts the tracked sockets
down. The blocked read then returns at once and the transport reports a cancel or a timeout. The
deadline moves on with ``progressed()``, so a long download stays alive while data keeps arriving but
a server that trickles bytes (or none) cannot hold a task for ever.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from requests.adapters import HTTPAdapter
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

POLL_INTERVAL = 0.1

_local = threading.local()


class Guard:
    """Cancel and deadline for the work of one thread; see the module docstring."""

    CANCELLED = "cancelled"
    EXPIRED = "expired"

    def __init__(self, is_cancelled: Callable[[], bool] | None, limit: float) -> None:
        self._is_cancelled = is_cancelled
        self.limit = limit
        self._deadline = time.monotonic() + limit
        self._connections: weakref.WeakSet[Any] = weakref.WeakSet()
        self._lock = threading.Lock()
        #: Why the work was stopped (CANCELLED or EXPIRED), None while it may go on.
        self.reason: str | None = None

    def progressed(self) -> None:
        """Data arrived: the deadline moves ``limit`` seconds on from now."""
        self._deadline = time.monotonic() + self.limit

    def track(self, connection: Any) -> None:
        """Watch a connection that serves this guard's work (shut down when the guard trips)."""
        with self._lock:
            self._connections.add(connection)
            tripped = self.reason is not None
        if tripped:
            _shut_down(connection)

    def tripped(self) -> bool:
        """True (and ``reason`` set) once the work must stop; checks the cancel flag and the clock now."""
        if self.reason is None:
            if self._is_cancelled is not None and self._is_cancelled():
                self.reason = self.CANCELLED
            elif time.monotonic() > self._deadline:
                self.reason = self.EXPIRED
        return self.reason is not None

    def wait(self, seconds: float) -> None:
        """Sleep up to ``seconds``, waking early when the guard trips."""
        end = time.monotonic() + seconds
        while not self.tripped() and (remaining := end - time.monotonic()) > 0:
            time.sleep(min(POLL_INTERVAL, remaining))

    def _abort_if_tripped(self) -> None:
        if self.tripped():
            with self._lock:
                connections = list(self._connections)
            for connection in connections:
                _shut_down(connection)


def _shut_down(connection: Any) -> None:
    sock = getattr(connection, "sock", None)
    if sock is None:
        return
    # The plain socket's shutdown, also for TLS sockets: it wakes a blocked read in another thread
    # without touching the TLS object that thread is using.
    with contextlib.suppress(OSError):
        socket.socket.shutdown(sock, socket.SHUT_RDWR)


class _Watchdog:
    """One daemon thread that checks every active guard while there is any."""

    def __init__(self) -> None:
        self._guards: set[Guard] = set()
        self._condition = threading.Condition()
        self._thread: threading.Thread | None = None

    def add(self, guard: Guard) -> None:
        with self._condition:
            self._guards.add(guard)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="constellr-watchdog", daemon=True)
                self._thread.start()
            self._condition.notify()

    def remove(self, guard: Guard) -> None:
        with self._condition:
            self._guards.discard(guard)

    def _run(self) -> None:
        while True:
            with self._condition:
                while not self._guards:
                    self._condition.wait()
                guards = list(self._guards)
            for guard in guards:
                guard._abort_if_tripped()  # the watchdog is the guard's other half
            # hold no guard while waiting: a finished work's cancel check (and all it reaches, such as a
            # Processing algorithm's output file, left unwritten until freed) must not outlive the work
            guards = guard = None  # type: ignore[assignment]
            time.sleep(POLL_INTERVAL)


_WATCHDOG = _Watchdog()


@contextmanager
def cancellable(is_cancelled: Callable[[], bool]) -> Iterator[None]:
    """Every request this thread makes in the ``with`` block stops soon after ``is_cancelled()`` is true.

    For work that calls the client's methods (a task, a Processing algorithm): their requests abort
    within a fraction of a second of the cancel, also while waiting for the server.
    """
    outer = getattr(_local, "is_cancelled", None)
    _local.is_cancelled = is_cancelled
    try:
        yield
    finally:
        _local.is_cancelled = outer


@contextmanager
def guarded(is_cancelled: Callable[[], bool] | None, limit: float) -> Iterator[Guard]:
    """Make a guard the active one of this thread for the ``with`` block (an outer one stays active).

    Without ``is_cancelled`` the guard follows the thread's ``cancellable`` block, if any.
    """
    outer = current()
    if outer is not None:
        yield outer
        return
    guard = Guard(is_cancelled or getattr(_local, "is_cancelled", None), limit)
    _local.guard = guard
    _WATCHDOG.add(guard)
    try:
        yield guard
    finally:
        _WATCHDOG.remove(guard)
        _local.guard = None


def current() -> Guard | None:
    """The active guard of this thread."""
    return getattr(_local, "guard", None)


class _TrackedHTTPPool(HTTPConnectionPool):
    def _get_conn(self, timeout: float | None = None) -> Any:
        connection = super()._get_conn(timeout)
        guard = current()
        if guard is not None:
            guard.track(connection)
        return connection


class _TrackedHTTPSPool(HTTPSConnectionPool, _TrackedHTTPPool):
    pass


_TRACKED_POOLS = {"http": _TrackedHTTPPool, "https": _TrackedHTTPSPool}


class GuardedAdapter(HTTPAdapter):
    """requests' adapter whose connections (direct or through a proxy) the active guard tracks."""

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = _TRACKED_POOLS

    def proxy_manager_for(self, proxy: str, **proxy_kwargs: Any) -> Any:
        manager = super().proxy_manager_for(proxy, **proxy_kwargs)
        if hasattr(manager, "pool_classes_by_scheme"):
            manager.pool_classes_by_scheme = _TRACKED_POOLS
        return manager
