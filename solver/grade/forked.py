"""Batches of submissions graded in a child forked with ``os.fork``, with the same hard
limits as the worker pool, in any process.

A cluster's worker is a daemonic process, which ``multiprocessing`` forbids to have
children, and it runs tasks in threads, where no signal handler can be set. ``os.fork``
works in both: the child inherits the warm grader and stays, grading batch after batch
(keeping what it has worked out, as a pool worker does); each batch is sent to it through
a pipe and each result comes back through another, as length-prefixed pickles. It marks
the answer it is on, and since when, in a small shared-memory page (a sequence lock, no
message). The caller waits on the results with a deadline:

- an answer past ``answer_seconds``: the child (and its process group) is killed and a new
  one, forked afresh, grades the same submission again with that answer given up as
  undetermined;
- a submission past ``submission_seconds`` (counted from its first start): ``timeout``;
- a child that dies: that submission is ``crashed``; a new child grades the rest.

The outcomes and their messages are those of ``solver.grade.pool``, so a submission's
result does not depend on which of the two graded it.
"""

from __future__ import annotations

import fcntl
import gc
import mmap
import os
import pickle
import select
import signal
import struct
import time
from collections.abc import Iterator, Sequence

from solver.grade.pool import CRASHED, DONE, TIMEOUT, Attempt, Limits, Outcome, Task, Work
from solver.lifetime import die_with_parent

_HEADER = struct.Struct("<QqdH")  # sequence, submission index, since, key length
_KEY_BYTES = 1024
_LENGTH = struct.Struct("<Q")
PIPE_BYTES = 1 << 20  # a result pipe's buffer: some 30 results of a large set


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


class ForkedGrader:
    """``work`` run on batches in a child forked from this process, which is kept between
    batches and replaced when it is killed or dies. One batch at a time."""

    def __init__(self, work: Work):
        self._work = work
        self._heartbeat = _Heartbeat()
        self._pid = 0
        self._send = self._receive = -1
        self._buffer = b""

    def run(self, tasks: Sequence[Task], limits: Limits) -> Iterator[Outcome]:
        """Grade ``tasks`` in order; one outcome per task, in order."""
        attempts = [Attempt(task) for task in tasks]
        first = 0
        while first < len(attempts):
            if not self._pid:
                self._start()
            first = yield from self._batch(attempts, first, limits)

    def close(self) -> None:
        """Stop the child (it is killed: it keeps nothing worth saving)."""
        self._stop()
        self._heartbeat.close()

    def _start(self) -> None:
        commands, self._send = os.pipe()
        self._receive, results = os.pipe()
        _widen(results)
        parent = os.getpid()
        gc.freeze()  # in the child, no collection walks (or copies) what it inherits
        try:
            pid = os.fork()
        except OSError:
            gc.unfreeze()
            raise
        if pid == 0:
            os.close(self._send)
            os.close(self._receive)
            _serve(commands, results, self._work, self._heartbeat, parent)
        gc.unfreeze()
        os.close(commands)
        os.close(results)
        self._pid, self._buffer = pid, b""

    def _stop(self, reaped: bool = False) -> None:
        if self._pid and not reaped:
            _kill(self._pid)
        for descriptor in (self._send, self._receive):
            if descriptor >= 0:
                os.close(descriptor)
        self._pid, self._send, self._receive = 0, -1, -1

    def _batch(self, attempts: list[Attempt], first: int,
               limits: Limits) -> Iterator[Outcome]:
        """Send ``attempts[first:]`` to the child and yield what it finishes; the index to
        go on from (all done, or the child killed or dead)."""
        self._heartbeat.mark(first, "", time.monotonic())
        command = (first, [(a.task, a.given_up) for a in attempts[first:]])
        try:
            _write(self._send, command)
        except OSError:  # the child died between batches: a new one takes the batch
            self._stop()
            self._start()
            _write(self._send, command)
        current, finished = first, False
        try:
            while True:
                now = time.monotonic()
                if current >= len(attempts):
                    finished = True
                    return current
                attempt = attempts[current]
                if attempt.started is None:
                    attempt.started = now
                index, key, since = self._heartbeat.read()
                answer_deadline = since + limits.answer_seconds if key and index == current \
                    else float("inf")
                submission_deadline = attempt.started + limits.submission_seconds
                if now >= submission_deadline:
                    yield Outcome(attempt.task, TIMEOUT, message=f"grading took longer than "
                                  f"the {limits.submission_seconds:g} s limit per submission")
                    return current + 1
                if now >= answer_deadline:
                    attempt.given_up[key] = (f"checking took longer than the "
                                             f"{limits.answer_seconds:g} s limit per answer; "
                                             "needs a person")
                    return current
                wait = min(submission_deadline, answer_deadline,
                           now + limits.answer_seconds / 2)
                if not select.select([self._receive], [], [], max(0.0, wait - now))[0]:
                    continue
                chunk = os.read(self._receive, PIPE_BYTES)
                if not chunk:  # the child died
                    how = _how(self._pid)
                    self._stop(reaped=True)
                    yield Outcome(attempt.task, CRASHED,
                                  message=f"the grading worker died ({how})")
                    return current + 1
                self._buffer += chunk
                for index, kind, payload in self._messages():
                    yield Outcome(attempts[index].task, DONE, payload) if kind == DONE \
                        else Outcome(attempts[index].task, CRASHED,
                                     message=f"grading failed: {payload}")
                    current = index + 1
                    if current < len(attempts):
                        attempts[current].started = time.monotonic()
        finally:
            if not finished and self._pid:  # killed past a limit, or the caller stopped
                self._stop()

    def _messages(self) -> Iterator[tuple]:
        """The whole messages the buffer holds, each taken off it as it is read (the buffer
        is cut once, however many there are: a read may bring a megabyte of them)."""
        start, whole = 0, memoryview(self._buffer)
        try:
            while len(whole) - start >= _LENGTH.size:
                end = start + _LENGTH.size + _LENGTH.unpack_from(whole, start)[0]
                if len(whole) < end:
                    return
                message = pickle.loads(whole[start + _LENGTH.size:end])
                start = end
                yield message
        finally:
            whole.release()
            self._buffer = self._buffer[start:]


def run_forked(tasks: Sequence[Task], work: Work, limits: Limits) -> Iterator[Outcome]:
    """Grade ``tasks`` in order in a child of their own; one outcome per task, in order."""
    grader = ForkedGrader(work)
    try:
        yield from grader.run(tasks, limits)
    finally:
        grader.close()


def _serve(commands: int, results: int, work: Work, heartbeat: _Heartbeat,
           parent: int) -> None:
    """The child: grade each batch it is sent, sending each result; leave without any
    cleanup when the command pipe closes."""
    code = 0
    try:
        os.setpgrp()  # killed with everything it forks
        die_with_parent(parent)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        reader = os.fdopen(commands, "rb")
        while True:
            header = reader.read(_LENGTH.size)
            if len(header) < _LENGTH.size:
                break
            first, items = pickle.loads(reader.read(_LENGTH.unpack(header)[0]))
            for index, (task, given_up) in enumerate(items, start=first):
                heartbeat.mark(index, "", time.monotonic())
                try:
                    result = (DONE, work(task, lambda key, i=index: heartbeat.mark(
                        i, key, time.monotonic()), given_up))
                except (Exception, RecursionError, MemoryError) as error:  # the child's edge
                    result = (CRASHED, f"{type(error).__name__}: {error}"[:300])
                heartbeat.mark(index + 1, "", time.monotonic())
                _write(results, (index, *result))
    except BaseException:  # noqa: BLE001 — the parent sees the pipe end early
        code = 1
    finally:
        os._exit(code)


def _widen(descriptor: int) -> None:
    """Let the pipe hold ``PIPE_BYTES`` (Linux; 64 kB otherwise), so that the child goes
    on grading instead of waiting, result by result, for its parent to read."""
    if not hasattr(fcntl, "F_SETPIPE_SZ"):  # not Linux
        return
    try:
        fcntl.fcntl(descriptor, fcntl.F_SETPIPE_SZ, PIPE_BYTES)
    except OSError:  # over the system's limit: the pipe stays as it is
        pass


def _write(descriptor: int, message) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    view = memoryview(_LENGTH.pack(len(data)) + data)
    while view:
        view = view[os.write(descriptor, view):]


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
