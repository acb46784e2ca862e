"""Typical mistakes in a projection, each the kind's own solve with one rule or input
changed."""

from __future__ import annotations

from dataclasses import replace

from solver.answers import Named
from solver.kinds.projection.rules import Rules
from solver.kinds.projection.solve import solve

SUMMED = ("sum_of_single_projections",
          "you added the projections onto each basis vector, Σ ⟨x, bᵢ⟩/⟨bᵢ, bᵢ⟩ bᵢ; that "
          "holds only for an orthogonal basis: solve the normal equations BᵀMB λ = BᵀMx")
NOT_DIVIDED_LINE = ("not_divided_by_norm",
                    "you did not divide by ⟨b, b⟩: the projection onto the line is "
                    "(⟨x, b⟩/⟨b, b⟩) b")
NOT_DIVIDED = ("not_divided_by_norm",
               "you took λ = BᵀMx, leaving out (BᵀMB)⁻¹ (for a single vector: not dividing "
               "by ⟨b, b⟩); that holds only for an orthonormal basis")
RESIDUAL_SIGN = ("residual_sign",
                 "your residual is p − x; the residual is x − p")
EUCLIDEAN = ("euclidean_inner",
             "you used the dot product (BᵀB, Bᵀx) instead of the given inner product "
             "⟨u, v⟩ = uᵀMv (BᵀMB, BᵀMx)")


def mistakes(inputs, solved, found) -> None:
    """Single projections summed for a non-orthogonal basis, the division by ⟨b, b⟩ left
    out, the residual as p − x, and the dot product used where M is given."""
    if not isinstance(solved.answer, Named):
        return
    line = dict(solved.intermediates)["rank"].value == 1
    attempts = [(SUMMED, inputs, Rules(gram="diagonal")),
                (NOT_DIVIDED_LINE if line else NOT_DIVIDED, inputs, Rules(gram="identity")),
                (RESIDUAL_SIGN, inputs, Rules(residual_sign=-1))]
    if inputs.inner is not None:
        attempts.append((EUCLIDEAN, replace(inputs, inner=None), Rules()))
    for (code, message), worked, rules in attempts:
        answer = solve(worked, rules=rules).answer
        if isinstance(answer, Named):
            found.add_items(code, message, answer.items)
