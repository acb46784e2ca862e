"""``solver.grade.forked``: a batch graded in forked children, with the pool's limits, from
a daemonic process (where ``multiprocessing`` allows no children) and from a thread."""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
import time

import pytest

from solver.grade.forked import run_forked
from solver.grade.pool import CRASHED, DONE, TIMEOUT, Limits, Task


def _work(task: Task, before, given_up) -> dict:
    """Each line of a task is an answer ``key=what``: ok, hang, die or boom."""
    seen = {}
    for line in task.data.decode().splitlines():
        key, what = line.split("=")
        if key in given_up:
            seen[key] = "given up"
            continue
        before(key)
        if what == "hang":
            time.sleep(60)
        if what == "die":
            os._exit(7)
        if what == "boom":
            raise ValueError("boom")
        seen[key] = what
    return seen


TASKS = [Task("a", b"x=ok\ny=ok"), Task("hang", b"x=ok\ny=hang\nz=ok"), Task("die", b"x=die"),
         Task("slow", b"x=hang\ny=hang\nz=hang"), Task("boom", b"x=boom"), Task("b", b"x=ok")]


def _summarise(outcomes) -> list:
    return [(o.task.file, o.kind, o.result if o.kind == DONE else o.message)
            for o in outcomes]


def _expected_outcomes(found: list) -> None:
    assert [file for file, *_ in found] == ["a", "hang", "die", "slow", "boom", "b"]
    kinds = {file: (kind, detail) for file, kind, detail in found}
    assert kinds["a"] == (DONE, {"x": "ok", "y": "ok"})
    assert kinds["hang"] == (DONE, {"x": "ok", "y": "given up", "z": "ok"})
    assert kinds["die"] == (CRASHED, "the grading worker died (exit code 7)")
    assert kinds["slow"][0] == TIMEOUT and "1.2 s limit per submission" in kinds["slow"][1]
    assert kinds["boom"] == (CRASHED, "grading failed: ValueError: boom")
    assert kinds["b"] == (DONE, {"x": "ok"})


def _in_daemon(queue) -> None:
    queue.put(_summarise(run_forked(TASKS, _work, Limits(0.4, 1.2))))


def test_limits_hold_in_a_daemonic_process():
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    process = context.Process(target=_in_daemon, args=(queue,), daemon=True)
    process.start()
    found = queue.get(timeout=60)
    process.join(timeout=10)
    _expected_outcomes(found)


def test_limits_hold_in_a_thread():
    found: list = []
    thread = threading.Thread(
        target=lambda: found.extend(_summarise(run_forked(TASKS, _work, Limits(0.4, 1.2)))))
    thread.start()
    thread.join(timeout=60)
    _expected_outcomes(found)


def test_the_child_is_kept_between_batches_and_replaced_after_a_limit():
    from solver.grade.forked import ForkedGrader

    def pid_of(task: Task, before, given_up):
        before("x")
        if task.data == b"hang" and "x" not in given_up:
            time.sleep(60)
        return os.getpid()

    grader = ForkedGrader(pid_of)
    try:
        first = [o.result for o in grader.run([Task("a", b""), Task("b", b"")], Limits(0.4, 5))]
        second = [o.result for o in grader.run([Task("c", b"")], Limits(0.4, 5))]
        assert len(set(first + second)) == 1 and first[0] != os.getpid()
        after = [o.result for o in grader.run([Task("h", b"hang"), Task("d", b"")],
                                              Limits(0.4, 5))]
        assert after[0] == after[1] != first[0]
    finally:
        grader.close()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="pipe sizes are Linux's")
def test_a_result_pipe_holds_a_megabyte_so_the_child_need_not_wait():
    import fcntl

    from solver.grade.forked import PIPE_BYTES, _widen

    read, write = os.pipe()
    try:
        _widen(write)
        assert fcntl.fcntl(write, fcntl.F_GETPIPE_SZ) == PIPE_BYTES
    finally:
        os.close(read)
        os.close(write)


def test_the_child_inherits_the_parents_objects_frozen_and_the_parent_is_left_as_it_was():
    import gc

    from solver.grade.forked import ForkedGrader

    tracked = [[] for _ in range(1000)]  # noqa: F841 - tracked objects to inherit
    grader = ForkedGrader(lambda task, before, given_up: gc.get_freeze_count())
    try:
        [outcome] = grader.run([Task("a", b"")], Limits(0.4, 5))
        assert outcome.kind == DONE and outcome.result >= 1000
        assert gc.get_freeze_count() == 0
    finally:
        grader.close()
