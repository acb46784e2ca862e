"""The inverse of a square matrix, worked as a course shows it.

Gauss–Jordan elimination on the augmented matrix [A | I]: row swaps, additions of
multiples of one row to another and scalings of a row turn the left block into I; each is
a multiplication by an invertible elementary matrix E on the left, so E_k ⋯ E_1 A = I gives
E_k ⋯ E_1 = A⁻¹, which the right block has become: [A | I] → [I | A⁻¹]. A 2×2 matrix is
inverted by the adjugate formula A⁻¹ = (1/det A) [[d, −b], [−c, a]] with det A = ad − bc.
A column without a pivot means A is singular: the answer says so, with det A = 0 worked as
the ``determinant`` kind works it. ``method: auto`` (the default) uses the adjugate for a
2×2 and Gauss–Jordan otherwise; ``gauss_jordan`` may be asked for any size (up to 6×6),
``adjugate`` for a 2×2. The arithmetic is exact. The answer is A⁻¹; the named value
``det`` is det A where it is shown (2×2, singular).
"""

from __future__ import annotations

from solver.kinds.base import Field, Kind
from solver.kinds.inverse.mistakes import mistakes
from solver.kinds.inverse.read import InverseInputs, read
from solver.kinds.inverse.rules import TEXTBOOK, Rules
from solver.kinds.inverse.solve import solve

KIND = Kind(
    name="inverse",
    summary="A⁻¹ of a square matrix by Gauss–Jordan on [A | I] (2×2: the adjugate formula); "
            "a singular matrix is answered with det A = 0.",
    fields=(
        Field("matrix", "the square matrix, by rows, or the name of a given one"),
        Field("method", "gauss_jordan, adjugate (2×2 only), or auto (default: adjugate for "
                        "a 2×2, Gauss–Jordan otherwise)", required=False),
    ),
    hint="a matrix [[a, b], [c, d]], or 'undefined' (a singular matrix)",
    mistakes=mistakes,
    carries="for a 2×2, A⁻¹ = adj A / det A from the student's det A; Gauss–Jordan's row "
            "operations are not values a student answers",
    doc=__doc__,
    read=read,
    solve=solve,
    example="""{id: a, kind: inverse, matrix: [[2, 1, 0], [1, 2, 1], [0, 1, 2]]}""",
)

__all__ = ["KIND", "TEXTBOOK", "InverseInputs", "Rules", "read", "solve"]
