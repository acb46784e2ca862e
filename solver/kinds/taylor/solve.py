"""The Taylor polynomial of order n about a, worked under ``rules`` (the textbook's unless a
typical mistake changes one)."""

from __future__ import annotations

from solver.kinds.given import NOTHING, Given
from solver.kinds.taylor.one_variable import solve_one
from solver.kinds.taylor.read import TaylorInputs
from solver.kinds.taylor.rules import TEXTBOOK, Rules
from solver.kinds.taylor.several import solve_several
from solver.steps import Solved


def solve(inputs: TaylorInputs, given: Given = NOTHING, rules: Rules = TEXTBOOK) -> Solved:
    """Tₙ; ``given`` may supply the derivatives at the point (``d0``, ``d1``, … for one
    variable; ``value``, ``gradient``, ``hessian`` for several)."""
    if inputs.several:
        return solve_several(inputs, given, rules)
    return solve_one(inputs, given, rules)
