"""The determinant by the method the part asks for, worked under ``rules`` (the textbook's
unless a typical mistake changes one)."""

from __future__ import annotations

from solver.answers import Value
from solver.kinds.determinant.cofactor import determinant
from solver.kinds.determinant.diagonals import diagonal_rule
from solver.kinds.determinant.elimination import reduction
from solver.kinds.determinant.read import DeterminantInputs
from solver.kinds.determinant.rules import TEXTBOOK, Rules
from solver.kinds.given import ANSWER, NOTHING, Given, expression
from solver.steps import Solved


def solve(inputs: DeterminantInputs, given: Given = NOTHING, rules: Rules = TEXTBOOK) -> Solved:
    """det A; ``given`` may supply the answer itself (nothing rests on it)."""
    if rules.diagonal_rule and inputs.matrix.rows >= 3:
        steps = (diagonal_rule(inputs.matrix),)
    elif inputs.chosen == "elimination":
        steps = reduction(inputs.matrix, rules)
    else:
        steps = (determinant(inputs.matrix, rules),)
    det = given.take(("det", ANSWER), steps[-1].result, read=expression)
    return Solved(tuple(steps), Value(det))
