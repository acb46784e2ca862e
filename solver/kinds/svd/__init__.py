"""The singular value decomposition A = UΣVᵀ of an m×n matrix, worked from AᵀA.

AᵀA (n×n) is symmetric positive semidefinite, and A = UΣVᵀ gives AᵀA = V(ΣᵀΣ)Vᵀ: its
eigenvalues λ₁ ≥ … ≥ λₙ ≥ 0 (the roots of det(AᵀA − λI), the ``eigen`` kind's) are the
squares of the singular values and an orthonormal basis of its eigenvectors is V
(eigenvectors of distinct eigenvalues are orthogonal; within a repeated eigenvalue's
eigenspace the basis is made orthonormal by Gram–Schmidt, the ``gram_schmidt`` kind's).
The singular values are σᵢ = √λᵢ in decreasing order, kept exact; the rank r of A is the
number of non-zero ones, and Σ (m×n) holds σ₁, …, σ_p (p = min(m, n)) on its diagonal. For
σᵢ > 0, uᵢ = Avᵢ/σᵢ are orthonormal; U is completed by an orthonormal basis of the null
space of Aᵀ (the orthogonal complement of the column space, the ``subspace`` kind's). For a
wide A (m < n), AAᵀ is smaller and may be started from instead (it gives U first); the
solution starts from AᵀA either way. When the eigenvalues of AᵀA are roots of an
irreducible cubic or quartic without a readable closed form, they are numeric, as in the
eigen kind, and so are V, the σᵢ and U (shown in decimals).

With ``rank: k``, the rank-k approximation A_k = Σᵢ≤k σᵢuᵢvᵢᵀ is the best of rank at most k
(Eckart–Young), with ‖A − A_k‖₂ = σ_{k+1} and ‖A − A_k‖_F = √(σ_{k+1}² + … + σ_p²).

The answer is sigma1, …, sigma_p, U, Sigma and V (and A_k, error_2, error_F for a rank).
V and U match by columns: a column of the opposite sign, or another orthonormal basis of
a repeated singular value's space (for V also of the null space of A, for U of the null
space of Aᵀ), is right. ``AtA``, ``polynomial`` (det(AᵀA − λI)) and ``eigenvalues`` (of
AᵀA, with multiplicity) are named intermediate values.
"""

from __future__ import annotations

from solver.kinds.base import Field, Kind
from solver.kinds.svd.mistakes import mistakes
from solver.kinds.svd.read import SvdInputs, read
from solver.kinds.svd.rules import TEXTBOOK, Rules
from solver.kinds.svd.solve import solve

KIND = Kind(
    name="svd",
    summary="A = UΣVᵀ from the eigenvalues and orthonormal eigenvectors of AᵀA: σᵢ = √λᵢ, "
            "uᵢ = Avᵢ/σᵢ, U completed to a basis; optionally the rank-k approximation and "
            "its Eckart–Young error.",
    fields=(
        Field("matrix", "an m×n matrix (up to 4×4), or a name from 'given'"),
        Field("rank", "k: also the rank-k approximation A_k and its errors ‖A − A_k‖₂ and "
                      "‖A − A_k‖_F (1 ≤ k ≤ min(m, n))", required=False),
    ),
    hint="sigma_i a number (exact, e.g. sqrt(6)); U, Sigma, V matrices [[a, b], [c, d]] "
         "(columns of U and V up to sign, orthonormal); A_k a matrix; error_2, error_F numbers",
    mistakes=mistakes,
    carries="the σᵢ and Σ from the student's eigenvalues of AᵀA (or from the roots of their "
            "p(λ), or the eigenvalues of their AᵀA); U from their V and σᵢ; A_k from their "
            "σᵢ, U and V; the errors from their σᵢ. V does not follow from a wrong "
            "eigenvalue (it has no eigenvector)",
    doc=__doc__,
    read=read,
    solve=solve,
    example="{id: a, kind: svd, matrix: [[1, 0, 1], [-2, 1, 0]], rank: 1}",
)

__all__ = ["KIND", "TEXTBOOK", "Rules", "SvdInputs", "read", "solve"]
