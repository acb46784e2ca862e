"""The Gram–Schmidt process: an orthogonal (and orthonormal) basis of the span of vectors.

For v₁, …, vₙ, each vector minus its projections onto the orthogonal vectors found before
it, uₖ = vₖ − Σⱼ<ₖ cₖⱼ uⱼ with cₖⱼ = ⟨vₖ, uⱼ⟩ / ⟨uⱼ, uⱼ⟩, is orthogonal to u₁, …, uₖ₋₁
and spans with them the same space as v₁, …, vₖ; normalised, qₖ = uₖ / ‖uₖ‖ with
‖uₖ‖ = √⟨uₖ, uₖ⟩ (kept exact). The inner product is the dot product xᵀy, or xᵀMy for a
Gram matrix M (``inner``), shown first to be symmetric positive definite by its leading
principal minors; otherwise the answer is undefined, with the reason. A vector vₖ in the
span of the ones before it reduces to uₖ = 0, as the process gives it: uₖ is the zero
vector, qₖ is undefined with that reason, and the other q's are an orthonormal basis of
the span. The named values are u1, u2, … (orthogonal) and q1, q2, … (orthonormal); with
``normalize: false`` the u's are the answer, otherwise the q's (the u's are named
intermediate values).
"""

from __future__ import annotations

from solver.kinds.base import Field, Kind
from solver.kinds.gram_schmidt.mistakes import mistakes
from solver.kinds.gram_schmidt.read import GramSchmidtInputs, read
from solver.kinds.gram_schmidt.rules import TEXTBOOK, Rules
from solver.kinds.gram_schmidt.solve import solve

KIND = Kind(
    name="gram_schmidt",
    summary="Gram–Schmidt on a list of vectors: uₖ = vₖ minus its projections onto the earlier "
            "u's, qₖ = uₖ/‖uₖ‖, under the dot product or xᵀMy.",
    fields=(
        Field("vectors", "the vectors, in order: a list of vectors (lists or given names)"),
        Field("inner", "the Gram matrix M of the inner product ⟨x, y⟩ = xᵀMy (default: the "
                       "dot product); it must be symmetric positive definite", required=False),
        Field("normalize", "true (default): the orthonormal q's; false: the orthogonal u's",
              required=False),
    ),
    hint="a vector [a, b, c] (exact, e.g. sqrt(2)/2), or 'undefined' (a dependent vector)",
    mistakes=mistakes,
    carries="qₖ from the student's uₖ; uₖ from their earlier u's and q's",
    doc=__doc__,
    read=read,
    solve=solve,
    example="""{id: a, kind: gram_schmidt, vectors: [[1, 1, 0], [1, 0, 1], [0, 1, 1]]}""",
)

__all__ = ["KIND", "TEXTBOOK", "GramSchmidtInputs", "Rules", "read", "solve"]
