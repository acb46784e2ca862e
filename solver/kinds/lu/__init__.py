"""The LU factorisation of a square matrix by Gaussian elimination, A = LU or PA = LU.

Column by column, each entry below the pivot aₖₖ is cleared with the multiplier
ℓᵢₖ = aᵢₖ / aₖₖ by Rᵢ ← Rᵢ − ℓᵢₖ Rₖ. The final matrix is the upper triangular U, and L is
unit lower triangular with ℓᵢₖ below its diagonal: row i of A is row i of U plus
Σₖ<ᵢ ℓᵢₖ (row k of U), which is A = LU. Without pivoting (``pivoting: none``, the
default) a zero pivot with a non-zero entry below it stops the elimination: A has no LU
factorisation, and the answer says at which pivot. With ``pivoting: partial`` the row with
the largest |aᵢₖ| at or below the diagonal is swapped up before each column (the first of
equals), the multipliers already in L swap with their rows, and the permutation matrix P
records the final row order: PA = LU. The arithmetic is exact. The named values are ``L``,
``U`` and, with partial pivoting, ``P``.
"""

from __future__ import annotations

from solver.kinds.base import Field, Kind
from solver.kinds.lu.mistakes import mistakes
from solver.kinds.lu.read import LuInputs, read
from solver.kinds.lu.rules import TEXTBOOK, Rules
from solver.kinds.lu.solve import solve

KIND = Kind(
    name="lu",
    summary="The LU factorisation A = LU (or PA = LU with partial pivoting) by elimination, "
            "the multipliers ℓᵢⱼ = aᵢⱼ/aⱼⱼ shown.",
    fields=(
        Field("matrix", "the square matrix, by rows, or the name of a given one"),
        Field("pivoting", "none (A = LU, the default) or partial (the largest |pivot| "
                          "swapped up: PA = LU)", required=False),
    ),
    hint="the matrices L and U (and P), each as a list of rows",
    mistakes=mistakes,
    carries="with partial pivoting L and U from the student's P (the elimination of their "
            "PA); U from their L: its rows uᵢ = (PA)ᵢ − Σⱼ<ᵢ ℓᵢⱼ uⱼ, the elimination with "
            "their multipliers",
    doc=__doc__,
    read=read,
    solve=solve,
    example="""{id: a, kind: lu, matrix: [[2, 1, 1], [4, 3, 3], [8, 7, 9]]}""",
)

__all__ = ["KIND", "TEXTBOOK", "LuInputs", "Rules", "read", "solve"]
