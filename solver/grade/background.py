"""Functions run in forked processes beside the run: the class report, and
work shared out between processes (``NextIndex``: the parts prepared for grading;
``in_processes``: the sets of ``hwsolver solve``).

The process ends with the run however the run ends (``die_with_parent``; a run stopped
early kills it). Its value comes back pickled as built (``solver.pickled``, imported only
when a value is sent, so that a process can be started before SymPy is loaded). Its failure
to write a file is the run's (``journal.OutputError``); any other failure comes back as
``BackgroundFailed`` with its text.
"""

from __future__ import annotations

import os
import signal
from pathlib import Path

from solver.errors import HwsolverError, RenderError
from solver.grade import journal
from solver.lifetime import die_with_parent


class BackgroundFailed(HwsolverError):
    """The function raised, or its process died."""


class Background:
    """``function(*args)`` in a forked process; ``result()`` waits for its return value.

    ``Background.waiting(prepare, function)`` starts the process now, runs ``prepare()``
    in it at once, and runs ``function`` when ``start(*args)`` sends its arguments."""

    def __init__(self, function, *args, name: str = "hwsolver-report", prepare=None):
        import multiprocessing

        context = multiprocessing.get_context("fork")
        self._receive, send = context.Pipe(duplex=False)
        self._arguments = None
        if prepare is not None:
            given, self._arguments = context.Pipe(duplex=False)
        parent = os.getpid()

        def child() -> None:
            from solver import pickled

            die_with_parent(parent)
            signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides
            try:
                arguments = args
                if prepare is not None:
                    prepare()
                    arguments = given.recv()
                send.send_bytes(pickled.dumps(("done", function(*arguments))))
            except EOFError:  # the run ended without sending the arguments
                return
            except Exception as error:  # the child's edge: its failure is reported
                send.send_bytes(pickled.dumps(("failed", _problem(error))))

        self._process = context.Process(target=child, name=name)
        self._process.start()
        send.close()
        if prepare is not None:
            given.close()

    @classmethod
    def waiting(cls, prepare, function, name: str = "hwsolver-report") -> Background:
        return cls(function, name=name, prepare=prepare)

    def start(self, *args) -> None:
        """Send a waiting process the function's arguments."""
        assert self._arguments is not None
        self._arguments.send(args)
        self._arguments.close()

    def result(self):
        """Wait for the function and return what it returned."""
        from solver import pickled

        try:
            what, value = pickled.loads(self._receive.recv_bytes())
        except EOFError:
            what, value = "failed", "its process died"
        self._process.join()
        if what == "done":
            return value
        if isinstance(value, tuple):
            path, number, cause = value
            raise journal.OutputError(Path(path), OSError(number, cause))
        raise BackgroundFailed(value)

    def __enter__(self) -> Background:
        return self

    def __exit__(self, *exception) -> None:
        self.kill()

    def kill(self) -> None:
        """Stop it now if it is still running (the run stopped early)."""
        if self._process.is_alive():
            self._process.kill()
        self._process.join()
        self._receive.close()
        if self._arguments is not None:
            self._arguments.close()


class NextIndex:
    """0, 1, 2, … up to ``count``: each index to the first process that asks for it,
    shared by the processes forked after it is made."""

    def __init__(self, count: int):
        import multiprocessing

        self.count = count
        self._value = multiprocessing.get_context("fork").Value("i", 0)

    def __iter__(self):
        while True:
            with self._value.get_lock():
                index = self._value.value
                self._value.value = index + 1
            if index >= self.count:
                return
            yield index


def in_processes(work, items: list, processes: int, cost=None) -> list:
    """``[work(item) for item in items]``, worked out by this process and up to
    ``processes - 1`` forked ones, each taking the next item not yet taken (the costliest
    first, by ``cost(item)``, so that no process is left with a long one at the end).
    Items a forked process could not finish (it failed or died) are worked out here, so a
    failure is this process's own, as without the others."""
    count = max(1, min(processes, len(items)))
    if count == 1:
        return [work(item) for item in items]
    order = sorted(range(len(items)), key=lambda i: -cost(items[i])) if cost \
        else list(range(len(items)))
    taken = NextIndex(len(items))

    def share() -> list:
        return [(order[turn], work(items[order[turn]])) for turn in taken]

    others = [Background(share, name="hwsolver-sets") for _ in range(count - 1)]
    try:
        done = dict(share())
        for other in others:
            try:
                done.update(other.result())
            except (BackgroundFailed, journal.OutputError):
                pass
    finally:
        for other in others:
            other.kill()
    return [done[index] if index in done else work(items[index])
            for index in range(len(items))]


def _problem(error: Exception) -> str | tuple:
    """A failure to write as (path, errno, cause); any other as its text."""
    if isinstance(error, journal.OutputError):
        return (str(error.path), error.error.errno, error.error.strerror)
    if isinstance(error, OSError) and error.filename is not None:
        return (str(error.filename), error.errno, error.strerror)
    return str(error) if isinstance(error, RenderError) else f"{type(error).__name__}: {error}"
