"""Typical mistakes, as the answers they produce: the checker compares a wrong answer with
each of them and names the first that matches.

Each kind's ``mistakes`` facet (``solver/kinds/<kind>/mistakes.py``) redoes the part with
the mistake in it, through the kind's own solve on a changed input, value or rule; here the
answers are collected, keeping only those that differ from the right one and from each
other (``core.same``, the checker's own comparison under one fixed policy).
"""

from __future__ import annotations

from solver.check.mistakes.core import Candidates, Mistake, same
from solver.kinds import KINDS
from solver.steps import Solved


def mistakes(kind: str, inputs, solved: Solved) -> tuple[Mistake, ...]:
    """The answers typical mistakes produce for this part, most specific first.

    For a Named answer every mistake names the item it is for; items a mistake leaves
    unchanged get no candidate.
    """
    record = KINDS.get(kind)
    if record is None or not callable(record.mistakes):
        return ()
    found = Candidates(solved.answer)
    record.mistakes(inputs, solved, found)
    return found.result()


__all__ = ["Mistake", "mistakes", "same"]
