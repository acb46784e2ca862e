"""A hard time limit for one call, even when the work never returns to the interpreter.

SymPy's simplification and big-integer arithmetic (GMP or CPython's own) can run for
minutes inside C code, where Python signal handlers such as ``SIGALRM`` never run. The
call therefore runs in a child forked from the caller — cheap, since the child shares
the parent's warm imports and caches — and the child is sent ``SIGTERM``, then
``SIGKILL``, once the limit has passed. The parent only waits on a pipe with a deadline,
so it never hangs.

The child is forked with ``os.fork`` rather than a ``multiprocessing.Process``: the
semantics are those of the ``fork`` start method, but it also works inside daemonic
worker processes (which ``multiprocessing`` forbids to have children) and the child
leaves with ``os._exit``, so it never flushes the parent's buffered output a second time.
Neither the function nor its arguments are pickled; only the result travels back
through the pipe and must be picklable.
"""

from __future__ import annotations

import os
import pickle
import select
import signal
import time
import traceback
from collections.abc import Callable, Sequence
from typing import Any

from solver import pickled
from solver.lifetime import die_with_parent

OK, TIMEOUT, ERROR = "ok", "timeout", "error"
GRACE = 0.2  # seconds a terminated child gets before it is killed
_CHUNK = 1 << 16


def run_with_time_limit(function: Callable[..., Any], args: Sequence[Any] = (),
                        seconds: float = 2.0) -> tuple[str, Any]:
    """Run ``function(*args)`` in a forked child for at most ``seconds``.

    Returns ``("ok", value)``; ``("timeout", None)`` when the limit passed (the child is
    terminated, then killed); ``("error", message)`` when the function raised (the message
    names the exception) or the child died without an answer.
    """
    deadline = time.monotonic() + max(0.0, seconds)
    read_end, write_end = os.pipe()
    parent = os.getpid()
    pid = os.fork()
    if pid == 0:  # the child: compute, send, leave without running any cleanup
        _child(read_end, write_end, function, tuple(args), parent)
    os.close(write_end)
    chunks: list[bytes] = []
    finished = False
    try:
        while not finished:
            remaining = max(0.0, deadline - time.monotonic())
            if not select.select([read_end], [], [], remaining)[0]:
                return TIMEOUT, None
            chunk = os.read(read_end, _CHUNK)
            chunks.append(chunk)
            finished = not chunk  # end of file: the child has answered or died
        if len(chunks) > 1:
            return _answer(b"".join(chunks))
        status = _reap(pid, GRACE)
        if status is not None:
            pid = 0
        return ERROR, f"the worker {_exit_text(status)}"
    finally:
        os.close(read_end)
        if pid:
            _stop(pid, finished)


def _child(read_end: int, write_end: int, function, args, parent: int) -> None:
    code = 0
    try:
        os.close(read_end)
        die_with_parent(parent)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        try:
            result: tuple[str, Any] = (OK, function(*args))
        except BaseException as error:  # noqa: BLE001 — every failure is reported as data
            result = (ERROR, _describe(error))
        try:
            data = pickled.dumps(result)
        except Exception as error:  # noqa: BLE001 — the value cannot be pickled
            data = pickle.dumps((ERROR, f"the result could not be sent back: "
                                        f"{_describe(error)}"))
        view = memoryview(data)
        while view:
            view = view[os.write(write_end, view):]
    except BaseException:  # noqa: BLE001 — the parent sees an empty pipe
        code = 1
    finally:
        os._exit(code)


def _answer(data: bytes) -> tuple[str, Any]:
    try:
        return pickled.loads(data)
    except Exception as error:  # noqa: BLE001 — a truncated message
        return ERROR, f"the answer could not be read: {_describe(error)}"


def _describe(error: BaseException) -> str:
    text = "".join(traceback.format_exception_only(type(error), error)).strip()
    return text or type(error).__name__


def _exit_text(status: int | None) -> str:
    if status is None:
        return "did not exit"
    if os.WIFSIGNALED(status):
        return f"was stopped by signal {os.WTERMSIG(status)}"
    return f"exited with code {os.WEXITSTATUS(status)} without an answer"


def _reap(pid: int, seconds: float) -> int | None:
    """The child's wait status once it has exited, or None after ``seconds``."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            done, status = os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:  # already reaped elsewhere
            return 0
        if done:
            return status
        if time.monotonic() >= deadline:
            return None
        time.sleep(0.002)


def _stop(pid: int, finished: bool) -> None:
    """Reap the child: after an answer it exits by itself; otherwise it is terminated, and
    killed if it is still running after the grace period."""
    if finished and _reap(pid, GRACE) is not None:
        return
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.kill(pid, sig)
        except ProcessLookupError:
            pass
        if _reap(pid, GRACE) is not None:
            return
    try:
        os.waitpid(pid, 0)  # SIGKILL cannot be ignored: the child is gone or going
    except ChildProcessError:
        pass
