"""Tasks: work off the GUI thread, results and errors back on it, cancellation calls nothing back."""

from __future__ import annotations

import threading

from constellr.plugin.api import CancelledError, NotFoundError
from constellr.plugin.tasks import TaskRunner, user_message


def outcome_recorder():
    seen: dict[str, object] = {}

    def on_done(result) -> None:
        seen["done"] = (result, threading.current_thread() is threading.main_thread())

    def on_error(error) -> None:
        seen["error"] = (error, threading.current_thread() is threading.main_thread())

    return seen, on_done, on_error


def test_work_runs_off_the_gui_thread_and_the_result_comes_back_on_it(wait_for) -> None:
    runner = TaskRunner()
    seen, on_done, on_error = outcome_recorder()
    runner.start("t", lambda _task: threading.current_thread() is threading.main_thread(), on_done, on_error)
    wait_for(lambda: seen, what="the task")
    assert seen == {"done": (False, True)}
    wait_for(lambda: not runner.running, what="the runner to forget the task")


def test_a_client_error_arrives_as_itself_with_its_plain_message(wait_for) -> None:
    runner = TaskRunner()
    seen, on_done, on_error = outcome_recorder()

    def work(_task):
        raise NotFoundError("Order not found", status=404, hint="Refresh the list.")

    runner.start("t", work, on_done, on_error)
    wait_for(lambda: seen, what="the task")
    error, on_main_thread = seen["error"]
    assert on_main_thread
    assert user_message(error) == "Order not found (HTTP 404) — Refresh the list."


def test_an_unexpected_exception_becomes_a_plain_message_not_a_crash(wait_for) -> None:
    runner = TaskRunner()
    seen, on_done, on_error = outcome_recorder()
    runner.start("t", lambda _task: 1 / 0, on_done, on_error)
    wait_for(lambda: seen, what="the task")
    error, _ = seen["error"]
    assert user_message(error).startswith("Unexpected problem: division by zero.")
    assert "constellr tab of the QGIS log panel" in user_message(error)


def test_tasks_stopped_at_unload_call_nothing_back_even_if_their_work_completes(wait_for) -> None:
    runner = TaskRunner()
    seen, on_done, on_error = outcome_recorder()
    release = threading.Event()
    task = runner.start("slow", lambda _task: release.wait(10), on_done, on_error)
    wait_for(lambda: task.status() == task.TaskStatus.Running, what="the task to start")
    runner.cancel_all()
    release.set()
    wait_for(lambda: not runner.running, what="the task to end")
    assert seen == {}


def cancelled_midway(wait_for, after_cancel):
    """Work that runs until cancelled as the task manager's button does, then ``after_cancel()``."""
    runner = TaskRunner()
    seen, on_done, on_error = outcome_recorder()
    started = threading.Event()

    def work(task):
        started.set()
        while not task.isCanceled():
            threading.Event().wait(0.01)
        return after_cancel()

    task = runner.start("slow", work, on_done, on_error)
    wait_for(started.is_set, what="the task to start")
    task.cancel()
    wait_for(lambda: seen, what="the task to end")
    return seen


def test_a_task_the_analyst_cancels_says_so(wait_for) -> None:
    def stop():
        raise CancelledError("Cancelled")

    error, _ = cancelled_midway(wait_for, stop)["error"]
    assert isinstance(error, CancelledError)


def test_a_partial_result_returned_after_a_cancel_is_still_delivered(wait_for) -> None:
    seen = cancelled_midway(wait_for, lambda: "what was done before the cancel")
    assert seen["done"][0] == "what was done before the cancel"


def test_partial_results_reach_the_main_thread_in_order_before_the_result(wait_for) -> None:
    runner = TaskRunner()
    seen: list = []

    def work(task):
        for page in range(5):
            task.push(page)
        return "all"

    runner.start(
        "t",
        work,
        on_done=lambda result: seen.append(("done", result)),
        on_partial=lambda page: seen.append((page, threading.current_thread() is threading.main_thread())),
    )
    wait_for(lambda: ("done", "all") in seen, what="the task")
    assert seen == [(0, True), (1, True), (2, True), (3, True), (4, True), ("done", "all")]


def test_an_owner_stops_only_its_own_tasks_and_hears_nothing_back(wait_for) -> None:
    runner = TaskRunner()
    release = threading.Event()
    seen: list = []

    def work(task):
        task.push("early")
        release.wait(10)
        task.push("late")
        return "result"

    mine = runner.start("mine", work, on_done=seen.append, on_partial=seen.append, owner="orders tab")
    runner.start("other", work, on_done=seen.append, owner="aois tab")
    wait_for(lambda: "early" in seen, what="the first partial result")
    assert runner.running_for("orders tab") == [mine]
    runner.cancel("orders tab")
    release.set()
    wait_for(lambda: not runner.running, what="both tasks to end")
    # the cancelled owner's late page and result never arrive; the other owner's result does (its task
    # object is not asked afterwards: QGIS's task manager deletes a finished task)
    assert seen == ["early", "result"]
