"""Worker processes: every task gets one outcome; hangs and deaths are bounded and named."""

from __future__ import annotations

import os
import time

import pytest

from solver.grade.pool import CRASHED, DONE, TIMEOUT, Limits, Task, run_tasks

FAST = Limits(answer_seconds=0.5, submission_seconds=1.5)


def _work(task: Task, before, given_up):
    """Answers are the bytes split on spaces; 'hang' hangs, 'die' kills the worker."""
    checked = {}
    for answer in task.data.decode().split():
        if answer in given_up:
            checked[answer] = "given up"
            continue
        before(answer)
        if answer == "hang":
            time.sleep(60)
        if answer == "die":
            os._exit(3)
        if answer == "raise":
            raise ValueError("broken")
        checked[answer] = "ok"
    return checked


def _outcomes(tasks, jobs=2, limits=FAST):
    return {o.task.file: o for o in run_tasks(tasks, _work, jobs, limits)}


@pytest.mark.parametrize("jobs", [1, 2, 3])
def test_every_task_gets_exactly_one_outcome(jobs):
    tasks = [Task(f"s{i}", b"a b c") for i in range(7)]
    outcomes = list(run_tasks(tasks, _work, jobs, FAST))
    assert sorted(o.task.file for o in outcomes) == sorted(t.file for t in tasks)
    assert {o.kind for o in outcomes} == {DONE}


def test_a_hanging_answer_is_given_up_and_the_rest_still_checked():
    outcome = _outcomes([Task("s", b"a hang b")])["s"]
    assert outcome.kind == DONE
    assert outcome.result == {"a": "ok", "hang": "given up", "b": "ok"}


def test_a_submission_past_its_limit_is_a_timeout_and_others_are_graded():
    limits = Limits(answer_seconds=0.4, submission_seconds=1.0)
    tasks = [Task("slow", b""), Task("fine", b"")]

    def work(task, before, given_up):
        for i in range(100):  # every answer of 'slow' hangs: the limits add up
            key = f"k{i}"
            if key in given_up:
                continue
            before(key)
            if task.file == "slow":
                time.sleep(60)
        return "ok"

    start = time.monotonic()
    outcomes = {o.task.file: o for o in run_tasks(tasks, work, 2, limits)}
    assert outcomes["slow"].kind == TIMEOUT
    assert "1 s limit per submission" in outcomes["slow"].message
    assert outcomes["fine"].kind == DONE
    assert time.monotonic() - start < 5


def test_a_worker_that_dies_is_replaced_and_its_submission_is_crashed():
    tasks = [Task("a", b"x"), Task("b", b"x die"), Task("c", b"y"), Task("d", b"z")]
    outcomes = _outcomes(tasks, jobs=1)
    assert outcomes["b"].kind == CRASHED
    assert "exit code 3" in outcomes["b"].message
    assert [outcomes[f].kind for f in "acd"] == [DONE] * 3


def test_an_exception_in_the_work_is_a_crash_with_its_name():
    outcome = _outcomes([Task("a", b"raise")])["a"]
    assert outcome.kind == CRASHED and "ValueError: broken" in outcome.message


def test_a_hang_before_any_answer_is_bounded_by_the_submission_limit():
    def work(task, before, given_up):
        time.sleep(60)

    start = time.monotonic()
    [outcome] = run_tasks([Task("a", b"")], work, 1, Limits(0.2, 0.8))
    assert outcome.kind == TIMEOUT and time.monotonic() - start < 4


def test_killed_workers_take_their_children_with_them(tmp_path):
    marker = tmp_path / "child-alive"

    def work(task, before, given_up):
        before("k")
        if os.fork() == 0:  # a grandchild, as the symbolic-proof limit forks one
            time.sleep(1.5)
            marker.write_text("still running")
            os._exit(0)
        time.sleep(60)

    [outcome] = run_tasks([Task("a", b"")], work, 1, Limits(0.3, 0.6))
    assert outcome.kind == TIMEOUT
    time.sleep(2)
    assert not marker.exists()


def test_no_tasks_no_workers():
    assert list(run_tasks([], _work, 2, FAST)) == []


def test_a_task_queued_behind_a_hanging_one_is_graded_once():
    """A worker is sent its next task before it finishes the one it is on; when it is
    killed for a hanging answer, the task queued behind is graded by its replacement."""
    tasks = [Task("first", b"a hang b"), Task("queued", b"c d"), Task("last", b"e")]
    outcomes = list(run_tasks(tasks, _work, 1, FAST))
    assert sorted(o.task.file for o in outcomes) == ["first", "last", "queued"]
    by_file = {o.task.file: o for o in outcomes}
    assert by_file["first"].result == {"a": "ok", "hang": "given up", "b": "ok"}
    assert by_file["queued"].result == {"c": "ok", "d": "ok"}


def test_a_large_task_waits_for_its_worker_instead_of_blocking_the_parent():
    """A message larger than a pipe holds is sent only to an idle worker: the parent never
    blocks on a busy one, so the limits still hold."""
    padding = b" x" * 150_000  # about 300 KB
    tasks = [Task("hangs", b"hang" + padding), Task("big", b"y" + padding)]
    start = time.monotonic()
    outcomes = _outcomes(tasks, jobs=1)
    assert outcomes["hangs"].kind == DONE and outcomes["hangs"].result["hang"] == "given up"
    assert outcomes["big"].kind == DONE
    assert time.monotonic() - start < 10


def test_workers_that_die_at_once_while_their_next_task_is_sent_crash_only_their_own():
    """A task is sent to a busy worker, which may die at that moment: the task goes back
    to the queue, and only the submission the worker was on is crashed."""
    tasks = [Task(f"d{i:02d}", b"die") for i in range(40)] + [Task("fine", b"a")]
    outcomes = _outcomes(tasks, jobs=2)
    assert len(outcomes) == 41 and outcomes["fine"].kind == DONE
    assert all(outcomes[f"d{i:02d}"].kind == CRASHED for i in range(40))


def test_what_a_worker_learned_reaches_the_others_once_each_and_never_itself():
    from solver.grade.pool import _News

    news = _News.made()
    try:
        first, second = news.reader(1), news.reader(2)
        news.add(1, b"one")
        news.add(2, b"two")
        news.add(1, None)  # learned nothing
        assert first.new() == [b"two"] and first.new() == []
        news.add(2, b"three")
        assert first.new() == [b"three"]
        assert second.new() == [b"one"]
        assert news.reader(3).new() == [b"one", b"two", b"three"]  # a replacement: all
    finally:
        news.close()


def test_a_record_still_being_written_is_read_on_the_next_look():
    import os

    from solver.grade.pool import _RECORD, _News

    news = _News.made()
    try:
        reader = news.reader(1)
        news.add(2, b"whole")
        descriptor = news._file.fileno()
        record = _RECORD.pack(2, 4) + b"half"
        os.pwrite(descriptor, record[:10], news._end)  # the header, cut
        assert reader.new() == [b"whole"]
        os.pwrite(descriptor, record[:-2], news._end)  # the body, cut
        assert reader.new() == []
        os.pwrite(descriptor, record, news._end)
        assert reader.new() == [b"half"]
    finally:
        news.close()


def test_a_busy_worker_is_queued_no_more_bytes_than_a_pipe_holds():
    """Tasks queued behind the one a worker is on must all sit in the pipe at once, or
    the parent would block on a busy worker: one more that would not fit is not sent."""
    from solver.grade.pool import IN_FLIGHT, QUEUED_BYTES, Attempt, _Worker

    worker = _Worker(_work)
    try:
        padding = b" x" * (QUEUED_BYTES // 6)  # a third of what may be queued
        sent = [worker.give(Attempt(Task(f"t{i}", b"hang" + padding)), time.monotonic(), None)
                for i in range(IN_FLIGHT)]
        assert sent == [True, True, True, False]
        assert worker.give(Attempt(Task("small", b"a")), time.monotonic(), None)
    finally:
        worker.kill()


class _Learning:
    """Sharing whose workers have something to pass on after every task."""

    def learned(self) -> list:
        return ["a verdict"]

    def learn(self, items: list) -> None:
        assert items == ["a verdict"]


def test_without_a_temporary_file_workers_share_nothing_and_grade_all(monkeypatch):
    import tempfile

    def refuse(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(tempfile, "TemporaryFile", refuse)
    tasks = [Task(f"s{i}", b"a b") for i in range(9)]
    outcomes = list(run_tasks(tasks, _work, 2, FAST, sharing=_Learning()))
    assert sorted(o.task.file for o in outcomes) == sorted(t.file for t in tasks)
    assert {o.kind for o in outcomes} == {DONE}


class _Recording:
    """Sharing whose workers pass on their process id, and write down what they learn."""

    def __init__(self, path):
        self.path = path

    def learned(self) -> list:
        return [os.getpid()]

    def learn(self, items: list) -> None:
        with open(self.path, "a") as file:
            file.writelines(f"{os.getpid()} {item}\n" for item in items)


def test_what_one_worker_learns_reaches_the_other_and_not_itself(tmp_path):
    def slow_work(task, before, given_up):  # long enough for news to come in between
        time.sleep(0.01)
        return _work(task, before, given_up)

    record = tmp_path / "learned.txt"
    tasks = [Task(f"s{i}", b"a b") for i in range(30)]
    outcomes = list(run_tasks(tasks, slow_work, 2, FAST, sharing=_Recording(record)))
    assert len(outcomes) == 30
    pairs = [line.split() for line in record.read_text().splitlines()]
    assert pairs and all(learner != origin for learner, origin in pairs)
    assert len({learner for learner, _origin in pairs}) == 2  # each heard from the other


def test_workers_inherit_the_parents_objects_frozen_and_the_parent_is_left_as_it_was():
    """No collection in a worker walks (and so copies) the objects it inherits; the parent
    freezes them only while its workers run."""
    import gc

    assert gc.get_freeze_count() == 0
    tracked = [[] for _ in range(1000)]  # noqa: F841 - tracked objects to inherit
    outcomes = list(run_tasks([Task(f"s{i}", b"") for i in range(3)],
                              lambda task, before, given_up: gc.get_freeze_count(), 2, FAST))
    assert all(o.kind == DONE and o.result >= 1000 for o in outcomes)
    assert gc.get_freeze_count() == 0
