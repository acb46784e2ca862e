"""Typical mistakes in a derivative: each slip of a differentiation rule, and the sign."""

from __future__ import annotations

from solver.answers import Value
from solver.kinds.changes import negated
from solver.kinds.derivative.slips import slipped, slips


def mistakes(inputs, solved, found) -> None:
    """df/dx with a slip of one differentiation rule at one place of f (the inner
    derivative of the chain rule dropped, the factor f'(g) of a nested function dropped,
    d/dx cos = +sin, d/dx tanh = 1 + tanh², the 2 of a square lost), re-differentiated with
    that one rule changed; and −df/dx."""
    if not isinstance(solved.answer, Value):
        return
    for slip in slips(inputs.f, (inputs.wrt,)):
        wrong = slipped(inputs.f, inputs.wrt, slip)
        found.add(slip.code, slip.message, None if wrong is None else Value(wrong))
    found.add("sign_error", "your derivative has the wrong sign",
              Value(negated(solved.answer.value)))
