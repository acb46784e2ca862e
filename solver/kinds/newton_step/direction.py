"""The direction d of one step under ``rules``: H d = −∇f solved as a course shows it (one
variable: a division; 2×2: the inverse kind's adjugate formula; larger: Gauss–Jordan on
[H | −∇f]), or a mistaken rule's direction. None for d when the system is singular."""

from __future__ import annotations

from dataclasses import dataclass

import sympy

from solver import elimination
from solver.answers import Value
from solver.exact import is_zero
from solver.kinds.determinant import DeterminantInputs
from solver.kinds.determinant import solve as determinant
from solver.kinds.inverse import solve as inverse
from solver.kinds.inverse.read import InverseInputs
from solver.kinds.inverse.steps import AdjugateInverse
from solver.kinds.newton_step.rules import Rules
from solver.kinds.newton_step.steps import (
    NewtonDiagonalDirection,
    NewtonEliminationDirection,
    NewtonGradientDirection,
    NewtonInverseDirection,
    NewtonScalarDirection,
)
from solver.steps.base import Step
from solver.steps.linalg import Elimination

Matrix = sympy.ImmutableMatrix


@dataclass(frozen=True)
class Direction:
    """The worked step and d (a column), or ``step`` None and ``det`` = det H when H d = −∇f
    has no unique solution."""

    step: Step | None
    result: Matrix | None
    det: object = None


def direction(H: Matrix, g: Matrix, rules: Rules) -> Direction:
    sign = rules.sign
    if rules.direction == "gradient":
        d = Matrix(sign * g)
        return Direction(NewtonGradientDirection(gradient=g, sign=sign, result=d), d)
    if rules.direction == "diagonal":
        diagonal = Matrix([H[i, i] for i in range(H.rows)])
        if any(is_zero(entry) is not False for entry in diagonal):
            return Direction(None, None, _det(H))
        d = Matrix([sign * gi / hi for gi, hi in zip(g, diagonal, strict=True)])
        return Direction(NewtonDiagonalDirection(gradient=g, diagonal=diagonal, sign=sign,
                                                 result=d), d)
    if H.rows == 1:
        if is_zero(H[0, 0]) is not False:
            return Direction(None, None, H[0, 0])
        d = Matrix([[sign * g[0] / H[0, 0]]])
        return Direction(NewtonScalarDirection(gradient=g[0], hessian=H[0, 0], sign=sign,
                                               result=d), d)
    if H.rows == 2:
        return _by_inverse(H, g, sign)
    return _by_elimination(H, g, sign)


def _by_inverse(H: Matrix, g: Matrix, sign: int) -> Direction:
    """d = ∓H⁻¹∇f with H⁻¹ from the inverse kind's 2×2 formula."""
    worked = inverse(InverseInputs(H, "adjugate", "H"))
    if not isinstance(worked.answer, Value):
        return Direction(None, None, dict(worked.intermediates)["det"].value)
    step = next(s for s in worked.steps if isinstance(s, AdjugateInverse))
    product = Matrix(worked.answer.value * g)
    d = Matrix(sign * product)
    return Direction(NewtonInverseDirection(hessian=H, gradient=g, inverse=step,
                                            product=product, sign=sign, result=d), d)


def _by_elimination(H: Matrix, g: Matrix, sign: int) -> Direction:
    """Gauss–Jordan on [H | ∓∇f]: a pivot in every column gives d."""
    n = H.rows
    rhs = Matrix(sign * g)
    augmented = Matrix(H.row_join(rhs))
    echelon = elimination.forward(augmented, columns=n)
    if len(echelon.pivots) < n:
        return Direction(None, None, _det(H))
    reduced = elimination.reduce(echelon)
    d = Matrix(reduced.matrix[:, n])
    worked = Elimination(start=augmented, operations=reduced.operations, result=reduced.matrix,
                         pivots=reduced.pivots)
    return Direction(NewtonEliminationDirection(hessian=H, rhs=rhs, elimination=worked,
                                                sign=sign, result=d), d)


def _det(H: Matrix):
    """det H by the determinant kind."""
    return determinant(DeterminantInputs(H, "auto", "H")).answer.value
