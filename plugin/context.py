"""What every tab shares: the task runner, a client for the saved connection, the workspace store.

Tabs never call the client: they name an operation of a domain module, ``op(client, feedback, *args)``,
and :meth:`PluginContext.run` runs it in a task with the connection's client and the task as feedback.
Callbacks receive results on the main thread; errors arrive as the client's user message (never a
traceback).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from qgis.PyQt.QtCore import QObject

from .api import ConstellrClient
from .connection import CredentialsError, connection_fingerprint, make_client
from .tasks import ApiTask, TaskRunner, user_message
from .workspace import Workspace

ErrorCallback = Callable[[str], None]


class PluginContext(QObject):
    """Shared by every tab: the task runner, a client for the saved connection, the workspace store."""

    def __init__(self, client_factory: Callable[[], ConstellrClient] = make_client) -> None:
        super().__init__()
        self.runner = TaskRunner()
        self._client_factory = client_factory
        self._client: ConstellrClient | None = None
        self._client_for: tuple | None = None
        self.workspace = Workspace(self)

    def client(self) -> ConstellrClient:
        """The client of the saved connection, one for all tasks (its connections are kept alive).

        Made on first use (main thread) and made anew when the connection settings or the environment
        change; raises CredentialsError when there are no credentials.
        """
        current = connection_fingerprint()
        if self._client is None or current != self._client_for:
            self.close()
            self._client, self._client_for = self._client_factory(), current
        return self._client

    def connection_changed(self) -> None:
        """The connection was saved anew (perhaps a new key under the same name): drop the client."""
        self.close()

    def close(self) -> None:
        """Close the client's connections (connection changed, plugin unloaded).

        Requests still running finish on their sockets, which close when they end.
        """
        if self._client is not None:
            self._client.close()
        self._client = self._client_for = None

    def run(
        self,
        description: str,
        operation: Callable[..., Any],
        *args: Any,
        on_done: Callable[[Any], None],
        on_error: ErrorCallback,
        owner: Any = None,
        on_partial: Callable[[Any], None] | None = None,
    ) -> ApiTask | None:
        """Run ``operation(client, task, *args)`` in a task; errors reach ``on_error`` as a plain message.

        Returns the task, or None when there are no credentials to start with (``on_error`` says so).
        ``owner`` groups the task for :meth:`cancel`; ``on_partial`` receives what the operation pushes.
        """
        try:
            client = self.client()
        except CredentialsError as error:
            on_error(str(error))
            return None
        return self.runner.start(
            f"constellr: {description}",
            lambda task: operation(client, task, *args),
            on_done,
            lambda error: on_error(user_message(error)),
            owner=owner,
            on_partial=on_partial,
        )

    def cancel(self, owner: Any) -> None:
        """Stop the owner's tasks; they call nothing back."""
        self.runner.cancel(owner)
