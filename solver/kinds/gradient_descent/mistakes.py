"""Typical mistakes in gradient descent, each re-solved through the kind's own solve with
the input the mistake changes: f negated (stepping uphill), η halved or doubled (a factor 2
lost or gained in ∇f of a square), one step too few or too many."""

from __future__ import annotations

from dataclasses import replace

import sympy

from solver.answers import Value
from solver.kinds.gradient_descent.read import MAX_STEPS
from solver.kinds.gradient_descent.solve import solve


def mistakes(inputs, solved, found) -> None:
    """θ + η∇f (a step uphill: f negated); for an f with a square, θ − η∇f/2 and θ − 2η∇f
    (the factor 2 of its derivative lost or doubled: η halved or doubled); θ after one step
    too few or too many."""
    if not isinstance(solved.answer, Value):
        return
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
    if k < MAX_STEPS:
        found.add("wrong_step_count", f"this is θ after {k + 1} steps; the part asks for {k}",
                  solve(replace(inputs, steps=k + 1)).answer)


def _has_square(f, variables) -> bool:
    """Whether f has a square of an expression in the variables (whose derivative has the
    factor 2 a student may lose or double)."""
    xs = set(variables)
    return any(power.exp == 2 and power.base.free_symbols & xs
               for power in f.atoms(sympy.Pow))
