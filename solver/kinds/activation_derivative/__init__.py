"""The Jacobian ∂a/∂z of an activation a = g(z) for z ∈ ℝⁿ, in closed form in z1, …, zn.

An element-wise g makes aᵢ depend on zᵢ alone, so J = diag(g'(z₁), …, g'(zₙ)) with g'(z) in
closed form (the ReLU family's g'(0) by convention: 0 for ReLU, α for leaky ReLU). Softmax
sᵢ = e^{zᵢ}/Σₖe^{zₖ} has ∂sᵢ/∂zⱼ = sᵢ(δᵢⱼ − sⱼ), J = diag(s) − s sᵀ, written over the common
denominator (Σₖe^{zₖ})². The named values are ``derivative`` (g'(z)) or ``softmax`` (s).
"""

from __future__ import annotations

from solver.kinds.activation_derivative.mistakes import mistakes
from solver.kinds.activation_derivative.read import (
    MAX_SIZE,
    ActivationDerivativeInputs,
    read,
    read_size,
)
from solver.kinds.activation_derivative.solve import solve
from solver.kinds.base import Field, Kind

KIND = Kind(
    name="activation_derivative",
    summary="The Jacobian ∂a/∂z of an activation on z ∈ ℝⁿ in closed form: diagonal for "
            "element-wise activations (ReLU's derivative at 0 taken as 0), full for softmax.",
    fields=(
        Field("activation", "identity, relu, a scaled relu such as 5 relu, leaky_relu (slope "
                            "0.01) or leaky_relu(0.2), sigmoid, tanh, or softmax"),
        Field("size", f"n, the number of entries of z (1 to {MAX_SIZE})"),
    ),
    hint='a matrix (the Jacobian)',
    mistakes=mistakes,
    carries="J = diag(g'(zᵢ)) from the student's g'(z), J = diag(s) − s sᵀ from their "
            "softmax s",
    doc=__doc__,
    read=read,
    solve=solve,
    example="{id: a, kind: activation_derivative, activation: 5 relu, size: 3}",
)

__all__ = ["KIND", "ActivationDerivativeInputs", "read", "read_size", "solve"]
