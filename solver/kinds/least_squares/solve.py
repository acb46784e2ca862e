"""Least squares by the normal equations (XᵀX + λI)θ = Xᵀy, solved by the linear system's
elimination; with dependent columns of X (and no ridge) the minimum-norm solution θ⁺ = X⁺y
of the family; then ŷ = Xθ, r = y − ŷ, ‖r‖² and Xᵀr = 0."""

from __future__ import annotations

import sympy

from solver.answers import InfinitelyMany, Named, Value
from solver.exact import tidy_exact
from solver.kinds.given import NOTHING, Given, NotCarried, number, numbers
from solver.kinds.least_squares.read import LeastSquaresInputs
from solver.kinds.least_squares.rules import TEXTBOOK, Rules
from solver.kinds.least_squares.steps import (
    LeastSquaresFit,
    MinimumNormChoice,
    NormalEquationsFormed,
    NormalEquationsSolved,
    ResidualOrthogonality,
)
from solver.kinds.linear_system import KIND as LINEAR_SYSTEM
from solver.kinds.linear_system import LinearSystem
from solver.steps import Solved
from solver.steps.linalg import SystemNames

Matrix = sympy.ImmutableMatrix
NORMAL = SystemNames("G", "c")  # G = XᵀX (+ λI), c = Xᵀy, as the steps name them


def _tidy(matrix) -> Matrix:
    return Matrix(matrix).applyfunc(tidy_exact)


def solve(inputs: LeastSquaresInputs, given: Given = NOTHING, rules: Rules = TEXTBOOK) -> Solved:
    """θ, ŷ, r and ‖r‖²; ``given`` may supply XtX, Xty, theta, fitted, residual and rss."""
    X, y, ridge, n = inputs.X, inputs.y, inputs.ridge, inputs.X.cols
    gram = given.take("XtX", _tidy(X.T * X), read=lambda v: numbers(v, (n, n)))
    moment = given.take("Xty", _tidy(X.T * y), read=lambda v: numbers(v, (n, 1)))
    penalty = sympy.ones(n, n) if rules.ridge_on_every_entry else sympy.eye(n)
    matrix = _tidy(gram + ridge * penalty)
    formed = NormalEquationsFormed(name=inputs.name, X=X, y=y, ridge=ridge, gram=gram,
                                   moment=moment, matrix=matrix,
                                   on_every_entry=rules.ridge_on_every_entry)
    system = LINEAR_SYSTEM.solve(LinearSystem(matrix, moment, NORMAL))
    answer = system.answer
    steps: list = [formed]
    family = None
    if isinstance(answer, Value):
        theta = answer.value
        steps.append(NormalEquationsSolved(system=system.steps[:2], solution=theta))
    elif isinstance(answer, InfinitelyMany):
        steps.append(NormalEquationsSolved(system=system.steps[:2], particular=answer.particular,
                                           basis=answer.basis, parameters=answer.parameters))
        choice = _minimum_norm(inputs.name, answer.particular, answer.basis)
        steps.append(choice)
        theta = choice.result
        family = InfinitelyMany(theta, answer.basis, answer.parameters, answer.reason)
    else:  # only a student's XᵀX or Xᵀy can make the normal equations inconsistent
        raise NotCarried
    theta = given.take("theta", theta, after=("XtX", "Xty"), read=lambda v: numbers(v, (n, 1)))
    fitted = given.take("fitted", _tidy(X * theta), after=("theta",),
                        read=lambda v: numbers(v, y.shape))
    residual = given.take("residual", _tidy(y - fitted), after=("fitted",),
                          read=lambda v: numbers(v, y.shape))
    rss = given.take("rss", tidy_exact((residual.T * residual)[0]), after=("residual",),
                     read=number)
    steps.append(LeastSquaresFit(name=inputs.name, X=X, theta=theta, y=y, fitted=fitted,
                                 residual=residual, rss=rss))
    steps.append(ResidualOrthogonality(name=inputs.name, X=X, residual=residual,
                                       product=_tidy(X.T * residual), ridge=ridge, theta=theta))
    items = [("theta", Value(theta))]
    if family is not None:
        items.append(("solutions", family))
    items += [("fitted", Value(fitted)), ("residual", Value(residual)), ("rss", Value(rss))]
    return Solved(tuple(steps), Named(tuple(items)),
                  (("XtX", Value(gram)), ("Xty", Value(moment))))


def _minimum_norm(name: str, particular, basis) -> MinimumNormChoice:
    """The member of θₚ + Nt orthogonal to every column of N: (NᵀN)t = −Nᵀθₚ, solved by the
    same elimination (NᵀN is invertible: the nᵢ are independent)."""
    N = Matrix.hstack(*basis)
    gram, rhs = _tidy(N.T * N), _tidy(-N.T * particular)
    coefficients = LINEAR_SYSTEM.solve(LinearSystem(gram, rhs)).answer.value
    result = _tidy(particular + N * coefficients)
    return MinimumNormChoice(name=name, particular=particular, basis=tuple(basis), null_basis=N,
                             gram=gram,
                             rhs=rhs, coefficients=coefficients, result=result)
