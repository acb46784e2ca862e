"""The questions about a symbolic learning rate η.

One step reaches the minimiser θ* when θ₀ − η∇f(θ₀) = θ*: θ* − θ₀ must be a negative
multiple of ∇f(θ₀), and η is that multiple's size. θ* is f's only local minimum (found by
the critical-points kind). Convergence from every start, for a quadratic f, is
0 < η < 2/λ_max(H) (worked by the learning-rate-bound kind); for any other f the
eigenvalue argument does not apply and the answer says so."""

from __future__ import annotations

from dataclasses import replace

import sympy

from solver.answers import Interval, NoBound, NoSolution, PointSet, Undefined, Value
from solver.exact import sign_of
from solver.kinds.critical_points import solve as critical_points
from solver.kinds.critical_points.read import CriticalInputs
from solver.kinds.given import NOTHING, Given
from solver.kinds.gradient_descent.steps import ConvergenceRange, OneStepToMinimiser
from solver.kinds.learning_rate_bound import LearningRateBoundInputs
from solver.kinds.learning_rate_bound import solve as learning_rate_bound
from solver.render.printing import plain

Matrix = sympy.ImmutableMatrix


def one_step(inputs, theta1) -> tuple[OneStepToMinimiser, object]:
    """Which η makes θ₁ (an expression in η, the student's where given) equal θ*."""
    eta, xs = inputs.learning_rate, inputs.variables
    theta0 = inputs.start
    gradient = Matrix([sympy.diff(inputs.f, x).xreplace(dict(zip(xs, theta0, strict=True)))
                       for x in xs])
    column = Matrix([theta1]) if not isinstance(theta1, sympy.MatrixBase) else theta1
    shown = (lambda m: m[0]) if len(xs) == 1 else (lambda m: m)
    common = dict(rate=eta, theta0=shown(theta0), gradient=shown(gradient),
                  theta1=theta1)
    minimiser, reason = _minimiser(inputs)
    if minimiser is None:
        step = OneStepToMinimiser(minimiser=None, equations=(), solution=None,
                                  case="no_minimiser", reason=reason, **common)
        return step, Undefined(reason)
    equations = tuple(sympy.Eq(a, b) for a, b in zip(column, minimiser, strict=True))
    common.update(minimiser=shown(minimiser), equations=equations)
    if all(sympy.expand(a - b) == 0 for a, b in zip(column, minimiser, strict=True)):
        step = OneStepToMinimiser(solution=None, case="any", **common)
        return step, Interval(eta.name, sympy.Integer(0), sympy.oo)
    found = sympy.solve([sympy.expand(a - b) for a, b in zip(column, minimiser, strict=True)],
                        eta, dict=True)
    positive = [s[eta] for s in found if eta in s and sign_of(s[eta]) > 0]
    if len(positive) != 1:
        step = OneStepToMinimiser(solution=None, case="none", **common)
        return step, NoSolution(
            f"one step never lands on θ* = {_text(minimiser)}, whatever {eta.name} > 0: "
            f"θ* − θ₀ is not a negative multiple of ∇f(θ₀) = {_text(gradient)}")
    step = OneStepToMinimiser(solution=positive[0], case="unique", **common)
    return step, Value(positive[0])


def converges(inputs, given: Given = NOTHING) -> tuple[ConvergenceRange, object, tuple]:
    """0 < η < 2/λ_max for a quadratic f, or why no range follows from the eigenvalues;
    ``given`` may supply the Hessian (``hessian``) and λ_max (``lambda_max``)."""
    eta = inputs.learning_rate
    bound = learning_rate_bound(LearningRateBoundInputs(inputs.f, inputs.wrt), given)
    answer = bound.answer
    if isinstance(answer, Interval):
        answer = replace(answer, variable=eta.name)
    elif isinstance(answer, NoBound):
        answer = NoBound(f"this cannot be decided from the eigenvalues of the Hessian: "
                         f"{answer.reason}")
    step = ConvergenceRange(rate=eta, worked=bound.steps, answer=answer)
    return step, answer, bound.intermediates


def _minimiser(inputs) -> tuple[Matrix | None, str]:
    """f's only local minimum, or None and why there is none to reach."""
    found = critical_points(CriticalInputs(inputs.f, inputs.variables)).answer
    if not isinstance(found, PointSet) or not found.complete:
        return None, "the critical points of f could not all be found exactly"
    minima = [p for p in found.points if p.classification == "minimum"]
    if len(minima) != 1 or minima[0].parameter is not None or minima[0].approximate:
        count = "no local minimum" if not minima else "more than one local minimum"
        return None, f"f has {count}, so there is no single minimiser θ* to reach"
    return Matrix(minima[0].coordinates), ""


def _text(column: Matrix) -> str:
    entries = [plain(entry) for entry in column]
    return entries[0] if len(entries) == 1 else "(" + ", ".join(entries) + ")"
