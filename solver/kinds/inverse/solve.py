"""A⁻¹ by the method the part asks for: the 2×2 adjugate formula (worked under ``rules``,
the textbook's unless a typical mistake changes one) or Gauss–Jordan on [A | I]. A singular
matrix is an answer saying so, with its determinant 0 worked by the determinant kind."""

from __future__ import annotations

import sympy

from solver.answers import Undefined, Value
from solver.exact import is_zero
from solver.kinds.determinant import DeterminantInputs
from solver.kinds.determinant import solve as determinant
from solver.kinds.given import ANSWER, NOTHING, Given, number, numbers
from solver.kinds.inverse.gauss_jordan import (
    augmented,
    backward_stage,
    forward_stage,
    missing_pivot,
)
from solver.kinds.inverse.read import InverseInputs
from solver.kinds.inverse.rules import TEXTBOOK, Rules
from solver.kinds.inverse.steps import AdjugateInverse, InverseAugmented, InverseReadOff, NoInverse
from solver.steps import Solved


def solve(inputs: InverseInputs, given: Given = NOTHING, rules: Rules = TEXTBOOK) -> Solved:
    """A⁻¹; ``given`` may supply det A (for a 2×2, A⁻¹ is then worked from it) and A⁻¹."""
    if inputs.chosen == "adjugate":
        return _adjugate(inputs, given, rules)
    return _gauss_jordan(inputs, given)


def _adjugate(inputs: InverseInputs, given: Given, rules: Rules) -> Solved:
    """A⁻¹ = (1/det A) [[d, −b], [−c, a]]."""
    A = inputs.matrix
    worked = _determinant(inputs)
    det = given.take("det", worked.answer.value, read=number)
    named = (("det", Value(det)),)
    if is_zero(det) is not False:
        return Solved(worked.steps, _singular(inputs), named)
    (a, b), (c, d) = A.tolist()
    if rules.negate == "off_diagonal":
        adjugate = sympy.ImmutableMatrix([[d, -b], [-c, a]])
    else:
        adjugate = sympy.ImmutableMatrix([[-d, b], [c, -a]])
    scale = 1 / det if rules.divide_by_det else sympy.S.One
    inverse = given.take(("inverse", ANSWER), sympy.ImmutableMatrix(scale * adjugate),
                         after=("det",), read=_square(A))
    step = AdjugateInverse(matrix=A, det=det, adjugate=adjugate, scale=scale, result=inverse)
    return Solved((*worked.steps, step), Value(inverse), named)


def _gauss_jordan(inputs: InverseInputs, given: Given) -> Solved:
    """Row operations bring [A | I] to [I | A⁻¹]."""
    A, n = inputs.matrix, inputs.matrix.rows
    start = InverseAugmented(matrix=A, result=augmented(A))
    echelon, forward = forward_stage(start.result)
    steps: list = [start] + ([forward] if forward.batches else [])
    column = missing_pivot(echelon, n)
    if column is not None:
        worked = _determinant(inputs)
        det = given.take("det", worked.answer.value, read=number)
        steps.append(NoInverse(column=column, determinant=worked.steps, det=det))
        return Solved(tuple(steps), _singular(inputs), (("det", Value(det)),))
    backward = backward_stage(echelon)
    if backward.batches:
        steps.append(backward)
    inverse = given.take(("inverse", ANSWER), sympy.ImmutableMatrix(backward.result[:, n:]),
                         read=_square(A))
    steps.append(InverseReadOff(matrix=A, result=inverse,
                                check=sympy.ImmutableMatrix(A * inverse)))
    return Solved(tuple(steps), Value(inverse))


def _determinant(inputs: InverseInputs) -> Solved:
    """det A worked by the determinant kind (cofactors up to 3×3, elimination beyond)."""
    return determinant(DeterminantInputs(inputs.matrix, "auto", inputs.name))


def _singular(inputs: InverseInputs) -> Undefined:
    return Undefined(f"det {inputs.name} = 0: {inputs.name} is singular and has no inverse")


def _square(A: sympy.ImmutableMatrix):
    """A student's matrix of A's shape."""
    def read(value):
        return numbers(value, A.shape)
    return read

