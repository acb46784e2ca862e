"""The orthogonal projection of a point x onto a subspace U = span{v₁, …, vₖ}, under the
dot product or the inner product ⟨u, v⟩ = uᵀMv of a Gram matrix M.

M must be symmetric and positive definite (its leading principal minors positive), else
the answer says why it is no inner product. The spanning vectors are row-reduced as the
columns of A = [v₁ ⋯ vₖ]: the pivot columns form a basis B of U (rank A = dim U), and each
other vector is a combination of them and is dropped. p = Bλ is the point of U with
x − p ⟂ U, i.e. Bᵀ M (x − Bλ) = 0: the normal equations BᵀMB λ = BᵀMx, solved by
elimination (onto a line spanned by b: λ = ⟨x, b⟩/⟨b, b⟩). The residual x − p satisfies
BᵀM(x − p) = 0 and the distance from x to U is ‖x − p‖_M = √((x − p)ᵀ M (x − p)), exact.
With ``matrix: true`` also P = B(BᵀMB)⁻¹BᵀM, the projection matrix (P² = P, MP = PᵀM).
The named values are ``lambda`` (the coefficients), ``p``, ``residual``, ``distance`` and
``P``; ``rank``, ``gram`` (BᵀMB) and ``rhs`` (BᵀMx) may be answered too.
"""

from __future__ import annotations

from solver.kinds.base import Field, Kind
from solver.kinds.projection.mistakes import mistakes
from solver.kinds.projection.read import ProjectionInputs, read
from solver.kinds.projection.rules import TEXTBOOK, Rules
from solver.kinds.projection.solve import solve

KIND = Kind(
    name="projection",
    summary="Orthogonal projection of x onto span{v₁, …, vₖ} (under uᵀMv when M is given): "
            "a basis, the normal equations BᵀMB λ = BᵀMx, p = Bλ, the residual and the "
            "distance.",
    fields=(
        Field("onto", "the vectors spanning U: a list of vectors (they may be dependent), one "
                      "vector, or a given matrix whose columns span U"),
        Field("point", "the vector x to project, as many entries as each spanning vector"),
        Field("inner", "the Gram matrix M of the inner product uᵀMv, symmetric positive "
                       "definite (default: the dot product)", required=False),
        Field("matrix", "true: also give the projection matrix P = B(BᵀMB)⁻¹BᵀM",
              required=False),
    ),
    hint="lambda, p and residual as vectors [a, b, c], distance a number",
    mistakes=mistakes,
    carries="p = Bλ from the student's λ; λ from their BᵀMB (gram) and BᵀMx (rhs); the "
            "residual x − p from their p; the distance from their residual; P from their BᵀMB",
    doc=__doc__,
    read=read,
    solve=solve,
    example="""{id: a, kind: projection, onto: [[1, 1, 1], [0, 1, 2]], point: [6, 0, 0]}""",
)

__all__ = ["KIND", "TEXTBOOK", "ProjectionInputs", "Rules", "read", "solve"]
