"""A change of basis: the transition matrix, a map's matrix and vectors' coordinates.

The new basis b₁, …, bₙ is written as the columns of B, so a vector with coordinates
[x]_B is x = B[x]_B and, B being invertible (the bᵢ independent), [x]_B = B⁻¹x. B⁻¹ is
worked as the ``inverse`` kind works it. From an old basis C (default the standard
basis, C = I), x = C[x]_C gives the transition matrix T = B⁻¹C with [x]_B = T[x]_C, checked
by B T = C. A linear map with matrix A in standard coordinates has, in the basis B, the
matrix Ã = B⁻¹AB (worked as B⁻¹(AB)), similar to A: the same trace, determinant and
eigenvalues. The coordinates of a vector v are [v]_B = B⁻¹v, checked by B[v]_B = v. Vectors
that are not a basis (B singular) give an answer naming the first one that is a
combination of those before it. The arithmetic is exact. The answer names ``T``,
``A_new`` (with ``map``) and ``coords1``, ``coords2``, … (with ``vectors``); ``B_inv`` is
the named value B⁻¹, from which the rest carry forward.
"""

from __future__ import annotations

from solver.kinds.base import Field, Kind
from solver.kinds.change_of_basis.mistakes import mistakes
from solver.kinds.change_of_basis.read import ChangeOfBasisInputs, read
from solver.kinds.change_of_basis.rules import TEXTBOOK, Rules
from solver.kinds.change_of_basis.solve import solve

KIND = Kind(
    name="change_of_basis",
    summary="The transition matrix B⁻¹C into a basis B, a map's matrix B⁻¹AB in it and "
            "vectors' coordinates B⁻¹v; vectors that are not a basis are answered as such.",
    fields=(
        Field("to", "the new basis B: a square matrix whose columns are the basis vectors, "
                    "or a list of names of given vectors"),
        Field("from", "the old basis C, written like 'to' (default: the standard basis)",
              required=False),
        Field("map", "the matrix A of a linear map in standard coordinates, to be written "
                     "in the basis B", required=False),
        Field("vectors", "vectors (standard coordinates) whose coordinates in B are asked",
              required=False),
    ),
    hint="T: a matrix; A_new: a matrix; coords1, …: vectors; or 'undefined' (not a basis)",
    mistakes=mistakes,
    carries="T = B⁻¹C, Ã = B⁻¹AB and the coordinates B⁻¹v from the student's B⁻¹ (B_inv)",
    doc=__doc__,
    read=read,
    solve=solve,
    example="""{id: a, kind: change_of_basis, to: [[1, 1], [1, -1]], map: [[2, 1], [1, 2]], """
            """vectors: [[3, 1]]}""",
)

__all__ = ["KIND", "TEXTBOOK", "ChangeOfBasisInputs", "Rules", "read", "solve"]
