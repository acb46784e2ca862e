"""A batch of submissions graded one after another in a child forked with ``os.fork``,
with the same hard limits as the worker pool, in any process.

A cluster's worker is a daemonic process, which ``multiprocessing`` forbids to have
children, and it runs tasks in threads, where no signal handler can be set. ``os.fork``
works in both: the child inherits the warm grader, grades the batch in order and sends
each result back through a pipe as a length-prefixed pickle; it marks the answer it is on,
and since when, in a small shared-memory page (a sequence lock, no message). The caller
waits on the pipe with a deadline:

- an answer past ``answer_seconds``: the child (and its process group) is killed and a new
  one grades the same submission again with that answer given up as undetermined;
- a submission past ``submission_seconds`` (counted from its first start): ``timeout``;
- a child that dies: that submission is ``crashed``; a new child grades the rest.

The outcomes and their messages are those of ``solver.grade.pool``, so a submission's
result does not depend on which of the two graded it.
"""

from __future__ import annotations

import mmap
import os
import pickle
import select
import signal
import struct
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from solver.grade.pool import CRASHED, DONE, TIMEOUT, Limits, Outcome, Task, Work
from solver.lifetime import die_with_parent

_HEADER = struct.Struct("<QqdH")  # sequence, submission index, since, key length
_KEY_BYTES = 1024
_LENGTH = struct.Struct("<Q")


class _Heartbeat:
    """Which submission and answer the child is on and since when, in anonymous shared
    memory (inherited by the forked child); the writer makes the sequence odd while it
    writes, so a reader never takes a torn value."""

    def __init__(self) -> None:
        self._page = mmap.mmap(-1, _HEADER.size + _KEY_BYTES)

    def mark(self, index: int, key: str, since: float) -> None:
        sequence = _HEADER.unpack_from(self._page, 0)[0]
        raw = key.encode("utf-8")[:_KEY_BYTES]
        _HEADER.pack_into(self._page, 0, sequence + 1, index, since, len(raw))
        self._page[_HEADER.size:_HEADER.size + len(raw)] = raw
        _HEADER.pack_into(self._page, 0, sequence + 2, index, since, len(raw))

    def read(self) -> tuple[int, str, float]:
        while True:
            before, index, since, length = _HEADER.unpack_from(self._page, 0)
            key = self._page[_HEADER.size:_HEADER.size + length].decode("utf-8", "replace")
            if before % 2 == 0 and _HEADER.unpack_from(self._page, 0)[0] == before:
                return index, key, since

    def close(self) -> None:
        self._page.close()


@dataclass
class _Attempt:
    task: Task
    given_up: dict[str, str] = field(default_factory=dict)
    started: float | None = None


def run_forked(tasks: Sequence[Task], work: Work, limits: Limits) -> Iterator[Outcome]:
    """Grade ``tasks`` in order in forked children; one outcome per task, in order."""
    attempts = [_Attempt(task) for task in tasks]
    heartbeat = _Heartbeat()
    first = 0
    try:
        while first < len(attempts):
            first = yield from _one_child(attempts, first, work, limits, heartbeat)
    finally:
        heartbeat.close()


def _one_child(attempts: list[_Attempt], first: int, work: Work, limits: Limits,
               heartbeat: _Heartbeat) -> Iterator[Outcome]:
    """Fork a child for ``attempts[first:]``, yield what it finishes; the index to go on
    from when it is done, killed or dead."""
    heartbeat.mark(first, "", time.monotonic())
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        _child(read_end, write_end, attempts, first, work, heartbeat, os.getppid())
    os.close(write_end)
    current, buffer, alive = first, b"", True
    try:
        while True:
            now = time.monotonic()
            attempt = attempts[current] if current < len(attempts) else None
            if attempt is None:  # all sent back: the child is leaving
                return current
            if attempt.started is None:
                attempt.started = now
            if not alive:
                how, pid = _how(pid), 0
                yield Outcome(attempt.task, CRASHED, message=f"the grading worker died ({how})")
                return current + 1
            assert attempt.started is not None
            index, key, since = heartbeat.read()
            answer_deadline = since + limits.answer_seconds if key and index == current \
                else float("inf")
            submission_deadline = attempt.started + limits.submission_seconds
            if now >= submission_deadline:
                yield Outcome(attempt.task, TIMEOUT, message=f"grading took longer than the "
                              f"{limits.submission_seconds:g} s limit per submission")
                return current + 1
            if now >= answer_deadline:
                attempt.given_up[key] = (f"checking took longer than the "
                                         f"{limits.answer_seconds:g} s limit per answer; "
                                         "needs a person")
                return current
            wait = min(submission_deadline, answer_deadline, now + limits.answer_seconds / 2)
            if not select.select([read_end], [], [], max(0.0, wait - now))[0]:
                continue
            chunk = os.read(read_end, 1 << 16)
            if not chunk:
                alive = False
                continue
            buffer += chunk
            while len(buffer) >= _LENGTH.size:
                size = _LENGTH.unpack_from(buffer)[0]
                if len(buffer) < _LENGTH.size + size:
                    break
                index, kind, payload = pickle.loads(buffer[_LENGTH.size:_LENGTH.size + size])
                buffer = buffer[_LENGTH.size + size:]
                done = attempts[index]
                yield Outcome(done.task, DONE, payload) if kind == DONE else Outcome(
                    done.task, CRASHED, message=f"grading failed: {payload}")
                current = index + 1
                if current < len(attempts):
                    attempts[current].started = time.monotonic()
    finally:
        os.close(read_end)
        if pid:
            _kill(pid)


def _child(read_end: int, write_end: int, attempts: list[_Attempt], first: int, work: Work,
           heartbeat: _Heartbeat, parent: int) -> None:
    """Grade ``attempts[first:]``, sending each result; leave without any cleanup."""
    code = 0
    try:
        os.close(read_end)
        os.setpgrp()  # killed with everything it forks
        die_with_parent(parent)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        for index in range(first, len(attempts)):
            attempt = attempts[index]
            heartbeat.mark(index, "", time.monotonic())
            try:
                result = (DONE, work(attempt.task,
                                     lambda key, i=index: heartbeat.mark(i, key, time.monotonic()),
                                     attempt.given_up))
            except (Exception, RecursionError, MemoryError) as error:  # the child's edge
                result = (CRASHED, f"{type(error).__name__}: {error}"[:300])
            heartbeat.mark(index + 1, "", time.monotonic())
            data = pickle.dumps((index, *result), protocol=pickle.HIGHEST_PROTOCOL)
            view = memoryview(_LENGTH.pack(len(data)) + data)
            while view:
                view = view[os.write(write_end, view):]
    except BaseException:  # noqa: BLE001 — the parent sees the pipe end early
        code = 1
    finally:
        os._exit(code)


def _how(pid: int) -> str:
    """How a child that closed its pipe ended: 'signal N' or 'exit code N'."""
    try:
        _, status = os.waitpid(pid, 0)
    except ChildProcessError:
        return "exit code unknown"
    if os.WIFSIGNALED(status):
        return f"signal {os.WTERMSIG(status)}"
    return f"exit code {os.WEXITSTATUS(status)}"


def _kill(pid: int) -> None:
    """Kill a child and its process group, and reap it."""
    for kill in (os.killpg, os.kill):
        try:
            kill(pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
    try:
        os.waitpid(pid, 0)
    except ChildProcessError:
        pass
