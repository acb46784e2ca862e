"""The Cholesky factorisation A = LLᵀ of a symmetric positive definite matrix.

LLᵀ is always symmetric, so A must be: Aᵀ = A is checked first. A symmetric A has a factor
L, lower triangular with a positive diagonal, exactly when it is positive definite, which
Sylvester's criterion shows: every leading principal minor Δₖ (the determinant of the top
left k×k block) is positive. Then L is worked column by column, j = 1, …, n:

    lⱼⱼ = √(aⱼⱼ − Σ_{k<j} lⱼₖ²),    lᵢⱼ = (aᵢⱼ − Σ_{k<j} lᵢₖlⱼₖ) / lⱼⱼ  for i > j,

each entry from those of the earlier columns (the radicand aⱼⱼ − Σ lⱼₖ² is the j-th pivot
Δⱼ/Δⱼ₋₁ of elimination, positive). The arithmetic is exact: the square roots are kept and
written with rational denominators. A matrix that is not symmetric, or whose minor Δₖ is
≤ 0, has no Cholesky factor: the answer says why. The answer is L; every entry is a named
value (``l11``, ``l21``, ``l22``, …, row then column).
"""

from __future__ import annotations

from solver.kinds.base import Field, Kind
from solver.kinds.cholesky.mistakes import mistakes
from solver.kinds.cholesky.read import CholeskyInputs, read
from solver.kinds.cholesky.rules import TEXTBOOK, Rules
from solver.kinds.cholesky.solve import solve

KIND = Kind(
    name="cholesky",
    summary="The Cholesky factor L (A = LLᵀ, L lower triangular with a positive diagonal) "
            "of a symmetric positive definite matrix, entry by entry.",
    fields=(
        Field("matrix", "the square matrix, by rows, or the name of a given one"),
    ),
    hint="a lower triangular matrix [[a, 0], [b, c]]",
    mistakes=mistakes,
    carries="L from the student's entries l11, l21, …: each entry they did not give is "
            "worked from the ones before it, so the entries below lⱼⱼ follow from their lⱼⱼ "
            "and the later columns from their earlier columns",
    doc=__doc__,
    read=read,
    solve=solve,
    example="""{id: a, kind: cholesky, matrix: [[4, 2, -2], [2, 10, 2], [-2, 2, 6]]}""",
)

__all__ = ["KIND", "TEXTBOOK", "CholeskyInputs", "Rules", "read", "solve"]
