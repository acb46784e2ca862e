"""Typical mistakes in a gradient: each slip of a differentiation rule (at the point, the
slipped ∇f re-solved through the kind's own evaluation there), and the sign."""

from __future__ import annotations

import sympy

from solver.answers import Value
from solver.kinds.changes import negated
from solver.kinds.derivative.slips import slipped_vector, slips
from solver.kinds.given import Given
from solver.kinds.gradient.solve import solve


def mistakes(inputs, solved, found) -> None:
    """∇f with a slip of one differentiation rule at one place of f (the inner derivative
    of the chain rule dropped, the factor f'(g) of a nested function dropped,
    d/dx cos = +sin, d/dx tanh = 1 + tanh², the 2 of a square lost) in the partials it
    reaches, at the point re-solved from that ∇f; and −∇f."""
    if not isinstance(solved.answer, Value):
        return
    symbolic = dict(solved.intermediates).get("symbolic", solved.answer).value
    for slip in slips(inputs.f, inputs.wrt):
        entries = slipped_vector(inputs.f, inputs.wrt, slip, symbolic)
        found.add(slip.code, slip.message, _answer(inputs, entries))
    found.add("sign_error", "your gradient has the wrong sign",
              Value(negated(solved.answer.value)))


def _answer(inputs, entries):
    """The answer when the symbolic ∇f is ``entries``."""
    wrong = sympy.ImmutableMatrix(entries)
    if inputs.at is None:
        return Value(wrong)
    return solve(inputs, Given({"symbolic": wrong})).answer
