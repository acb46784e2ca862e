"""Solving one part within a hard time limit: past it, the part's answer is ``Unsolved``.

An instructor's spec can hold a part SymPy works on for minutes (a large eigenproblem, a
deep network of exact transcendental values). Every command that solves gives each part
``seconds`` (``--solve-limit``, 60 by default); a part past it becomes an answer saying
so, and the other parts and sets go on.

How, and why this way: the limit is hard only in a child process that can be killed
(``solver.time_limits.run_with_time_limit``, the checker's mechanism), but forking every
part costs more than solving it: the 48 parts of problems/ solve in about 0.5 s in one
process and in about 1.2 s forked one by one (each child starts from the parent's cold
SymPy cache and the fork itself costs a few milliseconds). So a part is first solved in
this process for a short budget (``IN_PROCESS_BUDGET``, at most half the limit), under a
``SIGALRM`` timer whose exception derives from ``BaseException`` so that no ``except
Exception`` swallows it; nearly every part finishes there, at no cost. A part still
running then is solved again in a forked child, which inherits the caches warmed so far,
for the rest of the limit, and killed past it. Off the main thread (where ``SIGALRM``
cannot be used) or when a timer is already running, every part goes to the child.
"""

from __future__ import annotations

import signal
import threading
import time
from contextlib import contextmanager

from solver.answers import Unsolved
from solver.steps import Solved
from solver.time_limits import OK, TIMEOUT, run_with_time_limit

SOLVE_LIMIT = 60.0  # seconds per part, the default of every command that solves
IN_PROCESS_BUDGET = 0.5  # seconds a part runs in this process before it moves to a child


class _OverBudget(BaseException):
    """The in-process budget of a part ran out (a BaseException: never swallowed)."""


def solve_within(solve, part, seconds: float | None) -> Solved:
    """``solve(part)``, or an ``Unsolved`` answer when it takes longer than ``seconds``
    (None: no limit) or fails in the child."""
    if seconds is None:
        return solve(part)
    started = time.monotonic()
    budget = min(IN_PROCESS_BUDGET, seconds / 2)
    if _timer_free():
        try:
            with _alarm(budget):
                return solve(part)
        except _OverBudget:
            pass
    remaining = seconds - (time.monotonic() - started)
    status, value = run_with_time_limit(solve, (part,), remaining)
    if status == OK:
        return value
    if status == TIMEOUT:
        return Solved((), Unsolved(f"could not be solved within the solve limit of "
                                   f"{seconds:g} s per part"))
    return Solved((), Unsolved(f"could not be solved: {value}"))


def _timer_free() -> bool:
    return (threading.current_thread() is threading.main_thread()
            and signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0))


@contextmanager
def _alarm(seconds: float):
    """Raise ``_OverBudget`` in this thread once ``seconds`` have passed."""

    def over_budget(signum, frame):
        raise _OverBudget

    previous = signal.signal(signal.SIGALRM, over_budget)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
