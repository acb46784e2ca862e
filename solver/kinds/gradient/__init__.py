"""The gradient ∇f of a scalar function of several variables, optionally at a point.

∇f = (∂f/∂x₁, …, ∂f/∂xₙ)ᵀ, each partial derivative by the rules of differentiation with
the other variables held constant; at a point a, ∇f(a) is ∇f with x = a substituted (an
entry that divides by zero or leaves a function's domain there leaves ∇f(a) undefined).
The named value is ``symbolic`` (∇f) when the part has a point.
"""

from __future__ import annotations

from solver.kinds.base import Kind
from solver.kinds.gradient.mistakes import mistakes
from solver.kinds.gradient.read import SCALAR_FUNCTION_FIELDS, ScalarFunction, read
from solver.kinds.gradient.solve import solve

KIND = Kind(
    name="gradient",
    summary="The gradient ∇f = (∂f/∂x₁, …, ∂f/∂xₙ)ᵀ of a scalar function, symbolic or at a "
            "point.",
    fields=SCALAR_FUNCTION_FIELDS,
    hint='a vector [a, b]',
    mistakes=mistakes,
    carries="∇f(a) from the student's symbolic ∇f",
    doc=__doc__,
    read=read,
    solve=solve,
    example="{id: a, kind: gradient, f: sin(x1) + 2 x2^2, wrt: [x1, x2]}",
)

__all__ = ["KIND", "ScalarFunction", "read", "solve"]
