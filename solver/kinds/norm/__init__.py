"""Norms, inner products, distances and angles of vectors, and norms of matrices, exact.

For a vector x: ‖x‖₁ = Σ |xᵢ|, ‖x‖₂ = √(Σ xᵢ²), ‖x‖_∞ = maxᵢ |xᵢ|. An inner product
⟨x, y⟩ = xᵀMy with a Gram matrix M (the dot product xᵀy without one) needs M symmetric and
positive definite, checked by M = Mᵀ and Sylvester's criterion (every leading principal
minor > 0); otherwise the answer is undefined, with the reason. It induces the norm
‖x‖_M = √⟨x, x⟩_M, the distance d(x, y) = ‖x − y‖ and the angle θ ∈ [0, π] with
cos θ = ⟨x, y⟩ / (‖x‖ ‖y‖), θ = arccos(cos θ) (exact where SymPy knows it: arccos(1/√2) =
π/4). For a matrix A: ‖A‖_F = √(Σᵢⱼ aᵢⱼ²) and the spectral norm ‖A‖₂ = √λ_max(AᵀA), the
eigenvalues of AᵀA by the eigen kind (its characteristic polynomial and roots).

The named values are ``sum_squares`` (Σ xᵢ²), ``inner`` (⟨x, y⟩, or ⟨x, x⟩_M for an induced
norm), ``norm_x``, ``norm_y`` and ``cos`` (the angle), ``difference`` (x − y), ``gram`` (AᵀA)
and ``lambda_max``; the answer is ``norm``, ``inner``, ``distance`` or ``angle``.
"""

from __future__ import annotations

from solver.kinds.base import Field, Kind
from solver.kinds.norm.mistakes import mistakes
from solver.kinds.norm.read import NormInputs, read
from solver.kinds.norm.rules import TEXTBOOK, NormRules
from solver.kinds.norm.solve import solve

KIND = Kind(
    name="norm",
    summary="A vector's 1-, 2-, ∞- or induced norm, an inner product, a distance or an "
            "angle, or a matrix's Frobenius or spectral norm, exact.",
    fields=(
        Field("x", "a vector (a flat list) or a matrix (by rows), or the name of a given one"),
        Field("y", "the second vector, for inner, distance and angle", required=False),
        Field("which", "l1, l2, linf, induced, inner, distance or angle for a vector "
                       "(default l2); frobenius or spectral for a matrix (default frobenius)",
              required=False),
        Field("inner", "the Gram matrix M of the inner product ⟨x, y⟩ = xᵀMy, for induced, "
                       "inner, distance and angle (default: the dot product)", required=False),
    ),
    hint="a number (exact: sqrt(2), pi/4)",
    mistakes=mistakes,
    carries="a norm from the student's sum of squares (or ⟨x, x⟩_M), a distance from their "
            "x − y, the angle from their inner product and norms (through cos θ), the "
            "spectral norm from their AᵀA or λ_max",
    doc=__doc__,
    read=read,
    solve=solve,
    example="{id: a, kind: norm, x: [1, 0, 1], y: [1, 1, 0], which: angle}",
)

__all__ = ["KIND", "TEXTBOOK", "NormInputs", "NormRules", "read", "solve"]
