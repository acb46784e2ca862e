"""Typical mistakes in the learning-rate bound: 1/λ_max for 2/λ_max, and re-solved with the
λ_max the mistake takes: λ_min, or λ_max(A) = λ_max(H)/2 of A = H/2 in f = uᵀAu."""

from __future__ import annotations

import sympy

from solver.answers import Interval
from solver.exact import rationalised
from solver.kinds.given import Given
from solver.kinds.learning_rate_bound.solve import solve
from solver.steps.optimization import StepSizeCondition


def mistakes(inputs, solved, found) -> None:
    """0 < η < 1/λ_max; 0 < η < 2/λ_min (λ_min taken for λ_max); 0 < η < 4/λ_max (the
    eigenvalues of A = H/2 in f = uᵀAu, whose λ_max is λ_max(H)/2)."""
    answer = solved.answer
    if not isinstance(answer, Interval):
        return
    condition = next(step for step in solved.steps if isinstance(step, StepSizeCondition))
    top = condition.lambda_max
    bottom = min(condition.eigenvalues, key=lambda value: value.evalf(60))
    found.add("lr_bound_one_over_lambda_max",
              "your bound uses 1/λ_max; gradient descent converges for 0 < η < 2/λ_max",
              Interval(answer.variable, sympy.Integer(0), rationalised(1 / top)))
    found.add("lr_bound_lambda_min",
              "your bound uses the smallest eigenvalue λ_min; every eigenvalue needs "
              "|1 − ηλ| < 1, and the largest gives the binding bound 0 < η < 2/λ_max",
              solve(inputs, Given({"lambda_max": bottom})).answer)
    found.add("lr_bound_wrong_matrix",
              "you used the eigenvalues of A in f = uᵀAu (that is, of H/2); the bound needs "
              "the Hessian H = 2A: 0 < η < 2/λ_max(H)",
              solve(inputs, Given({"lambda_max": top / 2})).answer)
