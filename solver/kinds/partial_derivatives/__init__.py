"""Partial derivatives through intermediate functions: ∂f/∂xᵢ = Σⱼ ∂f/∂gⱼ ∂gⱼ/∂xᵢ.

f is written in the intermediate names g₁, …, gₘ (and may use the variables directly);
each gⱼ is an expression in the variables x₁, …, xₙ. The chain rule adds one term
∂f/∂gⱼ · ∂gⱼ/∂xᵢ per path through an intermediate, plus ∂f/∂xᵢ|g for f's own dependence
on xᵢ; the result is then written in x alone. The named values are the local derivatives
``df/dg1``, ``dg1/dx1``, … and ``df/dx1|g`` (where f uses x1 directly); the answer names
each variable.
"""

from __future__ import annotations

from solver.kinds.base import Field, Kind
from solver.kinds.partial_derivatives.mistakes import mistakes
from solver.kinds.partial_derivatives.read import Composition, read
from solver.kinds.partial_derivatives.solve import solve

KIND = Kind(
    name="partial_derivatives",
    summary="Partial derivatives of f(g₁, …, gₘ) by the multivariable chain rule "
            "∂f/∂xᵢ = Σⱼ ∂f/∂gⱼ ∂gⱼ/∂xᵢ, shown in g and then in x.",
    fields=(
        Field("f", "the outer function, in the intermediate names (and the variables), "
                   "e.g. sin(g1) + g2^2"),
        Field("where", "each intermediate name with its expression in the variables, "
                       "e.g. {g1: x1 e^x2, g2: x1 + x2^2}"),
        Field("wrt", "the variables in order, e.g. [x1, x2]"),
        Field("constants", "names that stand for symbolic constants, e.g. [a, b]",
              required=False),
    ),
    hint='an expression in the variables',
    mistakes=mistakes,
    carries="∂f/∂xᵢ = Σⱼ ∂f/∂gⱼ ∂gⱼ/∂xᵢ + ∂f/∂xᵢ|g from the student's local derivatives",
    doc=__doc__,
    read=read,
    solve=solve,
    example="{id: a, kind: partial_derivatives, f: sin(g1) + g2^2, "
            "where: {g1: x1 e^x2, g2: x1 + x2^2}, wrt: [x1, x2]}",
)

__all__ = ["KIND", "Composition", "read", "solve"]
