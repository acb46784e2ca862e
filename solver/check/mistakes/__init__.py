"""Typical mistakes, as the answers they produce: the checker compares a wrong answer with
each of them and names the first that matches.

Each generator redoes the part with the mistake in the math (the kind's own solver or its
building blocks on changed inputs, or the exact transformation the mistake is: a transpose,
a sign, a factor) and keeps only the answers that differ from the right one.
"""

from __future__ import annotations

from solver.check.mistakes import calculus, linalg, optimization
from solver.check.mistakes.core import Candidates, Mistake, same
from solver.kinds import KINDS
from solver.steps import Solved

GENERATORS = {**calculus.KINDS, **linalg.KINDS, **optimization.KINDS}


def mistakes(kind: str, inputs, solved: Solved) -> tuple[Mistake, ...]:
    """The answers typical mistakes produce for this part, most specific first.

    For a Named answer every mistake names the item it is for; items a mistake leaves
    unchanged get no candidate.
    """
    record = KINDS.get(kind)
    generate = record.mistakes if record is not None and callable(record.mistakes) \
        else GENERATORS.get(kind)
    if generate is None:
        return ()
    found = Candidates(solved.answer)
    generate(inputs, solved, found)
    return found.result()


__all__ = ["GENERATORS", "Mistake", "mistakes", "same"]
