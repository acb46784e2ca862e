"""Typical mistakes in gradient descent, each re-solved through the kind's own solve with
the input the mistake changes: f negated (stepping uphill), η halved or doubled (a factor 2
lost or gained in ∇f of a square), one step too few or too many; for an asked convergence
range, the learning-rate bound's own mistakes (1/λ_max, λ_min, the eigenvalues of H/2)."""

from __future__ import annotations

from dataclasses import replace

import sympy

from solver.answers import Interval, Named, Value
from solver.kinds.gradient_descent.read import MAX_STEPS
from solver.kinds.gradient_descent.solve import solve
from solver.kinds.learning_rate_bound import LearningRateBoundInputs
from solver.kinds.learning_rate_bound import solve as bound_solve
from solver.kinds.learning_rate_bound.mistakes import mistakes as bound_mistakes


def mistakes(inputs, solved, found) -> None:
    """θ + η∇f (a step uphill: f negated); for an f with a square, θ − η∇f/2 and θ − 2η∇f
    (the factor 2 of its derivative lost or doubled: η halved or doubled); θ after one step
    too few or too many; an asked range 0 < η < 1/λ_max, 2/λ_min or 4/λ_max."""
    answer, name = solved.answer, None
    if isinstance(answer, Named):
        name = f"theta{inputs.steps}"
        answer = answer[name]
        if "converges" in inputs.ask:
            _range_mistakes(inputs, found)
    if not isinstance(answer, Value):
        return
    plain = replace(inputs, ask=())
    found.add("gradient_ascent", "you stepped uphill: θ + η∇f instead of θ − η∇f",
              solve(replace(plain, f=-inputs.f)).answer, name)
    if _has_square(inputs.f, inputs.variables):
        eta = inputs.learning_rate
        found.add("missing_factor_2",
                  "your gradient is missing the factor 2 from the square: this is "
                  "θ − η∇f/2", solve(replace(plain, learning_rate=eta / 2)).answer, name)
        found.add("extra_factor_2", "your gradient has an extra factor 2: this is θ − 2η∇f",
                  solve(replace(plain, learning_rate=2 * eta)).answer, name)
    k = inputs.steps
    if k > 1:
        found.add("wrong_step_count", f"this is θ after {k - 1} steps; the part asks for {k}",
                  dict(solved.intermediates).get(f"theta{k - 1}"), name)
    if k < MAX_STEPS:
        found.add("wrong_step_count", f"this is θ after {k + 1} steps; the part asks for {k}",
                  solve(replace(plain, steps=k + 1)).answer, name)


class _AsRange:
    """The learning-rate bound's mistakes, as mistakes of the part's ``converges`` item
    (in the part's own learning-rate symbol)."""

    def __init__(self, found, variable: str):
        self.found, self.variable = found, variable

    def add(self, code, message, answer, name=None):
        if isinstance(answer, Interval):
            answer = replace(answer, variable=self.variable)
        self.found.add(code, message, answer, "converges")


def _range_mistakes(inputs, found) -> None:
    bound_inputs = LearningRateBoundInputs(inputs.f, inputs.wrt)
    bound_mistakes(bound_inputs, bound_solve(bound_inputs),
                   _AsRange(found, inputs.learning_rate.name))


def _has_square(f, variables) -> bool:
    """Whether f has a square of an expression in the variables (whose derivative has the
    factor 2 a student may lose or double)."""
    xs = set(variables)
    return any(power.exp == 2 and power.base.free_symbols & xs
               for power in f.atoms(sympy.Pow))
