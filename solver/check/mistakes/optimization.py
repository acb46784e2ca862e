"""Mistakes in gradient descent, learning-rate bounds, exact line search and quadratic
minimisers."""

from __future__ import annotations

from dataclasses import replace

import sympy

from solver.answers import Interval, Value
from solver.check.mistakes.core import Candidates
from solver.exact import rationalised
from solver.kinds import gradient_descent as descent_kind
from solver.kinds.changes import negated, scaled
from solver.steps.optimization import StepSizeCondition

Matrix = sympy.ImmutableMatrix


def _has_square(f, variables) -> bool:
    xs = set(variables)
    return any(power.exp == 2 and power.base.free_symbols & xs
               for power in f.atoms(sympy.Pow))


def gradient_descent(inputs, solved, found: Candidates):
    if not isinstance(solved.answer, Value):
        return
    solve = descent_kind.solve
    found.add("gradient_ascent", "you stepped uphill: θ + η∇f instead of θ − η∇f",
              solve(replace(inputs, f=-inputs.f)).answer)
    if _has_square(inputs.f, inputs.variables):
        eta = inputs.learning_rate
        found.add("missing_factor_2",
                  "your gradient is missing the factor 2 from the square: this is "
                  "θ − η∇f/2", solve(replace(inputs, learning_rate=eta / 2)).answer)
        found.add("extra_factor_2", "your gradient has an extra factor 2: this is θ − 2η∇f",
                  solve(replace(inputs, learning_rate=2 * eta)).answer)
    k = inputs.steps
    if k > 1:
        found.add("wrong_step_count", f"this is θ after {k - 1} steps; the part asks for {k}",
                  dict(solved.intermediates).get(f"theta{k - 1}"))
    if k < descent_kind.MAX_STEPS:
        found.add("wrong_step_count", f"this is θ after {k + 1} steps; the part asks for {k}",
                  solve(replace(inputs, steps=k + 1)).answer)


def learning_rate_bound(inputs, solved, found: Candidates):
    answer = solved.answer
    if not isinstance(answer, Interval):
        return
    condition = next(step for step in solved.steps if isinstance(step, StepSizeCondition))
    top = condition.lambda_max
    bottom = min(condition.eigenvalues, key=lambda value: value.evalf(60))
    zero = sympy.Integer(0)
    found.add("lr_bound_one_over_lambda_max",
              "your bound uses 1/λ_max; gradient descent converges for 0 < η < 2/λ_max",
              Interval(answer.variable, zero, rationalised(1 / top)))
    found.add("lr_bound_lambda_min",
              "your bound uses the smallest eigenvalue λ_min; every eigenvalue needs "
              "|1 − ηλ| < 1, and the largest gives the binding bound 0 < η < 2/λ_max",
              Interval(answer.variable, zero, rationalised(2 / bottom)))
    found.add("lr_bound_wrong_matrix",
              "you used the eigenvalues of A in f = uᵀAu (that is, of H/2); the bound needs "
              "the Hessian H = 2A: 0 < η < 2/λ_max(H)",
              Interval(answer.variable, zero, rationalised(4 / top)))


def quadratic_minimizer(inputs, solved, found: Candidates):
    if not isinstance(solved.answer, Value):
        return
    theta = solved.answer.value
    found.add("missing_factor_half",
              "you dropped the ½ of ½θᵀQθ: its gradient is Qθ, so θ* solves Qθ = b "
              "(not 2Qθ = b)", Value(scaled(theta, sympy.Rational(1, 2))))
    found.add("sign_error", "your θ* has the wrong sign: ∇L = Qθ − b = 0 gives θ* = Q⁻¹b, "
                            "not −Q⁻¹b", Value(negated(theta)))


KINDS = {
    "gradient_descent": gradient_descent,
    "learning_rate_bound": learning_rate_bound,
    "quadratic_minimizer": quadratic_minimizer,
}
