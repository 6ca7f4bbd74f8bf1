"""Network and disk work off the GUI thread: QgsTasks that hand results back on the main thread.

An exception escaping ``QgsTask.run()`` would abort QGIS, so ``run()`` catches everything, keeps it and
reports it from ``finished()``, which QGIS calls on the main thread. Widgets are never touched in
``run()``. The runner keeps a Python reference to every running task and cancels them on unload.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from typing import Any, Protocol, TypeVar

from qgis.core import Qgis, QgsApplication, QgsMessageLog, QgsTask
from qgis.PyQt.QtCore import pyqtSignal

from .api import CancelledError, ConstellrError, Pager, cancellable
from .i18n import tr

T = TypeVar("T")
LOG_TAG = "constellr"
LOGGER = logging.getLogger("constellr.plugin")


class Progress(Protocol):
    """What an operation may use: report progress and notice cancellation (a QgsProcessingFeedback too)."""

    def setProgress(self, progress: float) -> None: ...

    def isCanceled(self) -> bool: ...


class Streaming(Progress, Protocol):
    """A Progress that also hands partial results (a page, a batch of feed items) to the main thread."""

    def push(self, partial: Any) -> None: ...


def read_all(pager: Pager[T], feedback: Progress) -> list[T]:
    """Every item of a pager, page by page, with progress (the pager's own cancel check stops it)."""
    items: list[T] = []
    for page in pager.pages():
        items.extend(page.items)
        feedback.setProgress(100.0 * page.received / max(page.total or 0, page.received, 1))
    return items


def log(message: str, level: Qgis.MessageLevel = Qgis.MessageLevel.Info) -> None:
    """Write to the plugin's tab of the QGIS log panel."""
    QgsMessageLog.logMessage(message, LOG_TAG, level)


def user_message(error: BaseException) -> str:
    """What the user is told about an error: the client's plain message, never a traceback."""
    if isinstance(error, ConstellrError):
        return str(error)
    return tr("Unexpected problem: {error}. Details are in the constellr tab of the QGIS log panel.").format(
        error=error
    )


class ApiTask(QgsTask):
    """Runs ``work(task)`` in a worker thread; calls ``on_done(result)`` or ``on_error(exc)`` after.

    ``work`` may call ``task.push(partial)``: ``on_partial(partial)`` then runs on the main thread,
    in order, before ``on_done``.
    """

    partialResult = pyqtSignal(object)

    def __init__(
        self,
        description: str,
        work: Callable[[Streaming], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        *,
        on_partial: Callable[[Any], None] | None = None,
        can_cancel: bool = True,
        endless: bool = False,
    ) -> None:
        flags = QgsTask.Flag.CanCancel if can_cancel else QgsTask.Flags()
        if endless:  # runs until stopped (a live feed): quitting QGIS cancels it without asking
            flags |= QgsTask.Flag.CancelWithoutPrompt
        super().__init__(description, flags)
        self._work = work
        self._on_done = on_done
        self._on_error = on_error
        self._on_partial = on_partial
        self.partialResult.connect(self._deliver_partial)
        self.result: Any = None
        self.error: BaseException | None = None
        self.silenced = False

    def run(self) -> bool:
        """Do the work (worker thread). Never raises; a cancel aborts the request under way."""
        try:
            with cancellable(self.isCanceled):
                self.result = self._work(self)
        except Exception as error:  # noqa: BLE001 - anything escaping run() would abort QGIS
            self.error = error
            if not isinstance(error, ConstellrError):
                log(f"{self.description()} failed:\n{traceback.format_exc()}", Qgis.MessageLevel.Critical)
            return False
        return True

    def push(self, partial: Any) -> None:
        """Hand a partial result to the main thread (from the worker thread)."""
        self.partialResult.emit(partial)

    def _deliver_partial(self, partial: Any) -> None:
        if not self.silenced and self._on_partial is not None:
            self._on_partial(partial)

    def silence(self) -> None:
        """Cancel, and call nothing back whatever happens (its widgets are going away)."""
        self.silenced = True
        self.cancel()

    def finished(self, ok: bool) -> None:
        """Hand the outcome back (main thread).

        A result the work returned is delivered even if cancelled (the work decided what a partial
        result is); a task cancelled before it had one reports ``CancelledError``; a silenced task
        calls nothing back.
        """
        if self.silenced:
            log(f"{self.description()}: stopped.")
            return
        if ok:
            if self._on_done is not None:
                self._on_done(self.result)
            return
        if self.isCanceled() and self.error is None:
            self.error = CancelledError(
                tr("Cancelled"), hint=tr("Nothing more was done; start it again when needed.")
            )
        error = self.error or RuntimeError(tr("the task stopped without saying why"))
        log(f"{self.description()}: {user_message(error)}", Qgis.MessageLevel.Warning)
        if self._on_error is not None:
            self._on_error(error)


class TaskRunner:
    """Starts ApiTasks in QGIS's task manager, keeps them alive until they end, and groups them by owner.

    An owner (a tab, the dock, the plugin: any hashable) can stop its own tasks with ``cancel(owner)``;
    stopped tasks call nothing back, so a result that is no longer wanted is never applied.
    """

    def __init__(self) -> None:
        self._owners: dict[ApiTask, Any] = {}

    def start(
        self,
        description: str,
        work: Callable[[Streaming], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        *,
        owner: Any = None,
        on_partial: Callable[[Any], None] | None = None,
        endless: bool = False,
    ) -> ApiTask:
        """Queue a task; the returned task can be cancelled (an ``endless`` one, which runs until it is
        stopped, also by quitting QGIS without a question)."""
        task = ApiTask(description, work, on_done, on_error, on_partial=on_partial, endless=endless)
        self._owners[task] = owner
        task.taskCompleted.connect(lambda: self._owners.pop(task, None))
        task.taskTerminated.connect(lambda: self._owners.pop(task, None))
        QgsApplication.taskManager().addTask(task)
        return task

    @property
    def running(self) -> list[ApiTask]:
        """Tasks started and not yet finished."""
        return list(self._owners)

    def running_for(self, owner: Any) -> list[ApiTask]:
        """The owner's tasks not yet finished."""
        return [task for task, task_owner in self._owners.items() if task_owner == owner]

    def cancel(self, owner: Any) -> None:
        """Stop the owner's tasks, calling nothing back."""
        for task in self.running_for(owner):
            task.silence()

    def cancel_all(self) -> None:
        """Stop every task still running, calling nothing back (plugin unload)."""
        for task in list(self._owners):
            task.silence()
