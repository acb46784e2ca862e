"""Typical mistakes in a Hessian: the sign."""

from __future__ import annotations

from solver.answers import Value
from solver.kinds.changes import negated


def mistakes(inputs, solved, found) -> None:
    """The sign: −H (or −H(a))."""
    if isinstance(solved.answer, Value):
        found.add("sign_error", "your Hessian has the wrong sign",
                  Value(negated(solved.answer.value)))
