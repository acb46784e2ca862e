"""Worker processes with hard limits.

Each submission is graded in a worker forked from the parent (which has solved the set,
so workers start warm). The parent never blocks on a worker: it waits on the workers'
pipes and process sentinels with a deadline. Each worker has a few tasks queued (no more
than its pipe holds), so that the parent, once every worker has work for a while, lets
results gather for a moment and takes them together instead of waking for each one. A
worker marks each answer it starts in a small shared-memory slot (the key and the time,
no message, so the parent is not woken for every answer); one that spends longer than the
per-answer limit on an answer is killed (with anything it forked) and replaced, and the
submission is graded again with that answer given up as undetermined; past the
per-submission limit the submission is ``timeout``; a worker that dies is replaced and
its submission is ``crashed``. A worker is never trusted to stop itself. Workers never
outlive the run: when it stops early (Ctrl-C, SIGTERM, an error) the busy ones are killed
at once, and if the parent dies without a word the kernel, or a watching thread, ends
them (``solver.lifetime``). What the workers inherit is frozen (``gc.freeze``) while they
run: no collection walks it, in a worker or in the parent, so its pages stay shared.
"""

from __future__ import annotations

import gc
import itertools
import multiprocessing
import os
import pickle
import selectors
import signal
import struct
import tempfile
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from multiprocessing.reduction import ForkingPickler
from typing import Any, Protocol

from solver.lifetime import die_with_parent

DONE, TIMEOUT, CRASHED = "done", "timeout", "crashed"
IN_FLIGHT = 4  # tasks sent to a worker at a time: the one it is on, and three queued
QUEUED_BYTES = 32 * 1024  # the queued tasks' messages must fit a pipe's buffer
PACE = 0.025  # the longest the parent lets results gather while every worker has work


@dataclass(frozen=True)
class Limits:
    answer_seconds: float = 10.0
    submission_seconds: float = 120.0


@dataclass(frozen=True)
class Task:
    file: str
    data: bytes


@dataclass(frozen=True)
class Outcome:
    """What became of a task: ``done`` with the worker's result, or ``timeout`` /
    ``crashed`` with a one-line message."""

    task: Task
    kind: str
    result: Any = None
    message: str = ""


Work = Callable[[Task, Callable[[str], None], Mapping[str, str]], Any]


class Sharing(Protocol):
    """What workers pass on to each other, through the parent: ``learned()`` (in a worker,
    after a task) gives what it worked out since last asked; ``learn(items)`` (in a worker,
    before each task) takes what the others did. Items must not change any task's result."""

    def learned(self) -> list: ...

    def learn(self, items: list) -> None: ...


_RECORD = struct.Struct("<QQ")  # the worker that learned the items, their length


class _News:
    """What the workers learned, in one temporary file that only the parent writes: each
    result's items, as its worker pickled them, are appended with the worker's number (the
    parent never unpickles or pickles them again). Each worker reads what the others added
    since it last looked before every task it starts, so news reaches it at once, not
    behind the tasks queued ahead of it. A write that fails (a full disk) ends the news: a
    record is never written over."""

    def __init__(self, file) -> None:
        self._file = file
        self._end = 0
        self._broken = False

    @classmethod
    def made(cls) -> _News | None:
        """The news of a run, or None when no temporary file can be made (the workers then
        work out everything themselves, with the same results)."""
        try:
            return cls(tempfile.TemporaryFile(prefix="hwsolver-news-"))
        except OSError:
            return None

    def add(self, worker: int, learned: bytes | None) -> None:
        if not learned or self._broken:
            return
        record = memoryview(_RECORD.pack(worker, len(learned)) + learned)
        offset = self._end
        try:
            while record:
                written = os.pwrite(self._file.fileno(), record, offset)
                record, offset = record[written:], offset + written
        except OSError:
            self._broken = True
            return
        self._end = offset

    def reader(self, worker: int) -> _NewsReader:
        return _NewsReader(self._file.fileno(), worker)

    def close(self) -> None:
        self._file.close()


class _NewsReader:
    """A worker's view of the news: the whole records the other workers' results added
    since it last read (a record still being written is left for the next look)."""

    def __init__(self, descriptor: int, worker: int):
        self._descriptor, self._worker, self._offset = descriptor, worker, 0

    def new(self) -> list[bytes]:
        size = os.fstat(self._descriptor).st_size
        if size <= self._offset:
            return []
        data = os.pread(self._descriptor, size - self._offset, self._offset)
        found, start = [], 0
        while len(data) - start >= _RECORD.size:
            origin, length = _RECORD.unpack_from(data, start)
            end = start + _RECORD.size + length
            if len(data) < end:
                break
            if origin != self._worker:
                found.append(data[start + _RECORD.size:end])
            start = end
        self._offset += start
        return found


@dataclass
class Attempt:
    """A task on its way: the answers given up so far, when its current try started, the
    task as first sent (its file read once, however often it is sent) and the size of the
    message it was last sent in."""

    task: Task
    given_up: dict[str, str] = field(default_factory=dict)
    started: float | None = None
    prepared: Task | None = None
    sent_bytes: int = 0


class _Heartbeat:
    """Which of its tasks a worker is on (counted from 1), the answer it is checking and
    since when, in shared memory (a sequence lock: the writer makes the counter odd while
    it writes, so a reader never takes a torn value)."""

    KEY_BYTES = 1024

    def __init__(self, context):
        self._sequence = context.Value("Q", 0, lock=False)
        self._task = context.Value("Q", 0, lock=False)
        self._key = context.Array("c", self.KEY_BYTES, lock=False)
        self._since = context.Value("d", 0.0, lock=False)

    def mark(self, key: str, since: float, task: int | None = None) -> None:
        self._sequence.value += 1
        if task is not None:
            self._task.value = task
        self._key.value = key.encode("utf-8")[: self.KEY_BYTES - 1]
        self._since.value = since
        self._sequence.value += 1

    def read(self) -> tuple[int, str, float]:
        while True:
            before = self._sequence.value
            task, key = self._task.value, self._key.value.decode("utf-8", "replace")
            since = self._since.value
            if before % 2 == 0 and self._sequence.value == before:
                return task, key, since


class _Watch:
    """One poller of the busy workers' pipes and process sentinels, kept from one wait to
    the next (a worker is added when it becomes busy, taken off when it is idle or gone),
    so that waiting costs a system call, not a poller built anew for every result."""

    def __init__(self) -> None:
        self._selector = selectors.DefaultSelector()
        self._watched: dict[int, tuple[_Worker, list[int]]] = {}

    def wait(self, busy: list[_Worker], timeout: float) -> None:
        """Until a busy worker says something or ends, or ``timeout`` seconds."""
        numbers = {worker.number for worker in busy}
        for number in [n for n in self._watched if n not in numbers]:
            for descriptor in self._watched.pop(number)[1]:
                self._selector.unregister(descriptor)
        for worker in busy:
            if worker.number not in self._watched:
                descriptors = [worker.conn.fileno(), worker.process.sentinel]
                for descriptor in descriptors:
                    self._selector.register(descriptor, selectors.EVENT_READ)
                self._watched[worker.number] = (worker, descriptors)
        self._selector.select(timeout)

    def close(self) -> None:
        self._selector.close()


_numbers = itertools.count(1)  # each worker's own, replacements included


class _Worker:
    def __init__(self, work: Work, sharing: Sharing | None = None, news: _News | None = None):
        context = multiprocessing.get_context("fork")
        self.number = next(_numbers)
        self.heartbeat = _Heartbeat(context)
        self.conn, child = context.Pipe()
        reader = news.reader(self.number) if news is not None else None
        self.process = context.Process(target=_serve,
                                       args=(child, work, self.heartbeat, os.getpid(),
                                             sharing, reader),
                                       name="hwsolver-grade")
        self.process.start()
        child.close()
        self.attempts: deque[Attempt] = deque()  # sent, in order; the first is being graded
        self._finished = 0  # tasks whose result came: the first attempt is task _finished + 1
        self.task_seconds = 0.0

    @property
    def attempt(self) -> Attempt | None:
        """The attempt being graded, if any."""
        return self.attempts[0] if self.attempts else None

    def give(self, attempt: Attempt, now: float,
             prepare: Callable[[Task], Task] | None = None) -> bool:
        """Send the worker a task: at once when idle, or queued behind the one it is on
        (so that it never waits for the parent) when the message is small enough to sit
        in the pipe without blocking the parent. False when it was not sent."""
        if attempt.prepared is None:
            attempt.prepared = attempt.task if prepare is None else prepare(attempt.task)
        task = attempt.prepared
        room = QUEUED_BYTES - sum(a.sent_bytes for a in itertools.islice(self.attempts, 1, None))
        if self.attempts and len(task.data) > room:
            return False
        message = ForkingPickler.dumps((task, attempt.given_up))
        if self.attempts and len(message) > room:
            return False
        try:
            self.conn.send_bytes(message)
        except OSError:  # it died: the task stays to be sent; its death is seen next look
            return False
        attempt.sent_bytes = len(message)
        self.attempts.append(attempt)
        if len(self.attempts) == 1:
            self._begin(now)
        return True

    def finished(self, now: float) -> Attempt:
        """The attempt whose result came; the next one sent, if any, has begun."""
        done = self.attempts.popleft()
        self._finished += 1
        if done.started is not None:  # how long a task takes, smoothed
            self.task_seconds += 0.25 * (now - done.started - self.task_seconds)
        if self.attempts:
            self._begin(now)
        return done

    def _begin(self, now: float) -> None:
        attempt = self.attempts[0]
        if attempt.started is None:
            attempt.started = now

    def answer(self) -> tuple[str | None, float]:
        """The key of the current attempt being checked (None before its first answer, or
        before the worker has taken it up) and when it started."""
        task, key, since = self.heartbeat.read()
        return (key or None, since) if task == self._finished + 1 else (None, since)

    def deadline(self, limits: Limits) -> float:
        assert self.attempt is not None and self.attempt.started is not None
        submission = self.attempt.started + limits.submission_seconds
        key, since = self.answer()
        return min(submission, since + limits.answer_seconds) if key else submission

    def kill(self) -> None:
        """Kill the worker and everything it forked (it leads its own process group)."""
        pid = self.process.pid
        if pid is not None:
            for kill in (os.killpg, os.kill):
                try:
                    kill(pid, signal.SIGKILL)
                except (ProcessLookupError, PermissionError):
                    pass
        self.process.join()
        self.conn.close()

    def stop(self) -> None:
        try:
            self.conn.send(None)
        except OSError:
            pass
        self.process.join(timeout=1)
        if self.process.is_alive():
            self.kill()
        else:
            self.conn.close()


def _serve(conn: Connection, work: Work, heartbeat: _Heartbeat, parent: int,
           sharing: Sharing | None, news: _NewsReader | None) -> None:
    """A worker: grade tasks until told to stop, marking each answer as it starts, taking
    the others' news before each, and passing on what it learned with each result."""
    os.setpgrp()
    die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides about interrupts
    for number in itertools.count(1):
        try:
            message = conn.recv()
        except EOFError:
            return
        if message is None:
            return
        task, given_up = message
        heartbeat.mark("", time.monotonic(), task=number)
        if sharing is not None and news is not None:
            for learned in news.new():
                sharing.learn(pickle.loads(learned))  # noqa: S301 - from this run's worker
        try:
            result = work(task, lambda key: heartbeat.mark(key, time.monotonic()), given_up)
        except (Exception, RecursionError, MemoryError) as error:  # the worker's edge
            conn.send(("crashed", f"{type(error).__name__}: {error}"[:300], None))
            continue
        learned = sharing.learned() if sharing is not None else []
        conn.send(("done", result, pickle.dumps(learned, pickle.HIGHEST_PROTOCOL)
                                      if learned else None))


def run_tasks(tasks: Iterable[Task], work: Work, jobs: int,
              limits: Limits = Limits(), sharing: Sharing | None = None,
              prepare: Callable[[Task], Task] | None = None) -> Iterator[Outcome]:
    """Grade every task in ``jobs`` workers; yield one outcome per task as each finishes.
    With ``sharing``, what one worker learns is passed on to the others; ``prepare(task)``
    gives the task a worker is sent, at the moment it is sent (a file read only then)."""
    gc.freeze()  # what the workers inherit (the solved set): no collection walks or copies it
    try:
        yield from _run_tasks(tasks, work, jobs, limits, sharing, prepare)
    finally:
        gc.unfreeze()


def _run_tasks(tasks: Iterable[Task], work: Work, jobs: int, limits: Limits,
               sharing: Sharing | None, prepare: Callable[[Task], Task] | None
               ) -> Iterator[Outcome]:
    waiting = deque(Attempt(task) for task in tasks)
    if not waiting:
        return
    news = _News.made() if sharing is not None else None
    workers = [_Worker(work, sharing, news) for _ in range(max(1, min(jobs, len(waiting))))]
    def give_work() -> None:
        """Idle workers first, then a next task queued behind each busy one."""
        now = time.monotonic()
        for depth in range(1, IN_FLIGHT + 1):
            for index, worker in enumerate(workers):
                if waiting and len(worker.attempts) < depth:
                    attempt = waiting.popleft()
                    if not worker.give(attempt, now, prepare):
                        waiting.appendleft(attempt)
                        if worker.attempt is None:  # idle, and it cannot be sent a task
                            worker.kill()
                            workers[index] = _Worker(work, sharing, news)

    watch = _Watch()
    try:
        while waiting or any(w.attempt for w in workers):
            give_work()
            busy = [w for w in workers if w.attempt is not None]
            now = time.monotonic()
            # a worker does not wake the parent when it starts an answer: look again at
            # least twice per answer limit, so a new answer is seen before its deadline
            timeout = max(0.0, min(min((w.deadline(limits) for w in busy), default=now) - now,
                                   limits.answer_seconds / 2))
            # every worker has tasks queued: let results gather (fewer wake-ups), for no
            # longer than the worker with the fewest queued would take to run out of them
            pace = min([PACE, timeout] + [(len(w.attempts) - 2) * w.task_seconds
                                         for w in busy])
            if pace > 0.002:
                time.sleep(pace)
            else:
                pace = 0.0
            watch.wait(busy, max(0.0, timeout - pace))
            outcomes = []
            for index, worker in enumerate(workers):
                if worker.attempt is None:
                    continue
                found, replace = _collect(worker, limits, news)
                outcomes.extend(found)
                if replace:
                    worker.kill()
                    waiting.extendleft(reversed(worker.attempts))  # queued, not begun
                    workers[index] = _Worker(work, sharing, news)
            give_work()  # before the caller takes the outcomes: no worker waits on it
            yield from outcomes
    finally:  # stopped early, a busy worker is killed at once; an idle one is told to stop
        watch.close()
        for worker in workers:
            if worker.attempt is not None:
                worker.kill()
            else:
                worker.stop()
        if news is not None:
            news.close()


def _collect(worker: _Worker, limits: Limits, news: _News | None
             ) -> tuple[list[Outcome], bool]:
    """Read what a busy worker said; enforce its deadlines. Returns (outcomes, replace);
    a worker to be replaced still holds the attempts it was sent and had not begun."""
    outcomes = []
    try:
        while worker.attempt is not None and worker.conn.poll():
            what, payload, learned = worker.conn.recv()
            if news is not None:
                news.add(worker.number, learned)
            task = worker.finished(time.monotonic()).task
            outcomes.append(Outcome(task, DONE, payload) if what == DONE else
                            Outcome(task, CRASHED, message=f"grading failed: {payload}"))
    except (EOFError, OSError):
        pass
    attempt = worker.attempt
    if attempt is None:
        return outcomes, False
    if not worker.process.is_alive():
        worker.attempts.popleft()
        code = worker.process.exitcode
        how = f"signal {-code}" if code is not None and code < 0 else f"exit code {code}"
        outcomes.append(Outcome(attempt.task, CRASHED,
                                message=f"the grading worker died ({how})"))
        return outcomes, True
    now = time.monotonic()
    assert attempt.started is not None
    if now >= attempt.started + limits.submission_seconds:
        worker.attempts.popleft()
        outcomes.append(Outcome(attempt.task, TIMEOUT, message=f"grading took longer than "
                                f"the {limits.submission_seconds:g} s limit per submission"))
        return outcomes, True
    key, since = worker.answer()
    if key is not None and now >= since + limits.answer_seconds:
        attempt.given_up[key] = (f"checking took longer than the "
                                 f"{limits.answer_seconds:g} s limit per answer; "
                                 "needs a person")
        return outcomes, True  # tried again, first, by a new worker
    return outcomes, False
