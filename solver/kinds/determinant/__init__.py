"""The determinant of a square matrix, worked as a course shows it.

Cofactor (Laplace) expansion along the row or column with the most zeros,
det A = Σⱼ (−1)^{i+j} aᵢⱼ Mᵢⱼ with Mᵢⱼ the determinant of A without row i and column j,
recursively down to 2×2 determinants ad − bc; the term of a zero entry vanishes. Or row
reduction to an upper triangular U: adding a multiple of one row to another leaves the
determinant unchanged, a swap of two rows changes its sign, so det A = (−1)^s u₁₁ ⋯ uₙₙ
with s the number of swaps. ``method: auto`` (the default) expands up to 3×3 and reduces
beyond; ``cofactor`` may be asked for up to 4×4, ``elimination`` for any size (up to
10×10). The arithmetic is exact. Entries may be expressions in the names a part lists in
``constants``; such a matrix is expanded by cofactors. The answer is det A.
"""

from __future__ import annotations

from solver.kinds.base import Field, Kind, Without
from solver.kinds.determinant.mistakes import mistakes
from solver.kinds.determinant.read import DeterminantInputs, read
from solver.kinds.determinant.rules import TEXTBOOK, Rules
from solver.kinds.determinant.solve import solve

KIND = Kind(
    name="determinant",
    summary="det A of a square matrix by cofactor expansion (up to 3×3) or row reduction "
            "to triangular form (beyond).",
    fields=(
        Field("matrix", "the square matrix, by rows, or the name of a given one"),
        Field("method", "cofactor (up to 4×4), elimination, or auto (default: cofactor up "
                        "to 3×3, elimination beyond)", required=False),
        Field("constants", "names of symbolic constants the entries may use, e.g. [a, b]; "
                           "such a matrix is expanded by cofactors", required=False),
    ),
    hint="a number",
    mistakes=mistakes,
    carries=Without("no chain: the determinant is one value worked from the matrix alone, "
                    "and the minors and row operations are not values a student answers"),
    doc=__doc__,
    read=read,
    solve=solve,
    example="""{id: a, kind: determinant, matrix: [[2, 0, 1], [1, 3, 2], [1, 1, 4]]}""",
)

__all__ = ["KIND", "TEXTBOOK", "DeterminantInputs", "Rules", "read", "solve"]
