"""A subspace of ℝⁿ: a basis, its dimension, its orthogonal complement, and whether given
vectors lie in it.

The space is the span of given vectors v₁, …, vₖ (the column space of A = (v₁ ⋯ vₖ)) or
one of the four spaces of a matrix A (m×n). A is brought to reduced row echelon form R,
the pivots named; the rank is the number of pivots. Then:

- column space C(A) ⊆ ℝᵐ: the pivot columns of the original A (row operations keep the
  dependencies among the columns but change the columns themselves);
- null space N(A) ⊆ ℝⁿ: one vector per free variable, that variable 1, the other free
  ones 0, the pivot variables read off R; dim N(A) = n − rank A (rank–nullity);
- row space R(A) ⊆ ℝⁿ: the non-zero rows of R;
- left null space N(Aᵀ) ⊆ ℝᵐ: the null space of Aᵀ, dim = m − rank A.

The orthogonal complement V⊥ (``complement: true``) is the null space of the matrix whose
rows are the basis vectors of V; dim V + dim V⊥ = n. A vector v to test (``member``) lies in
V iff B c = v is consistent, B = (b₁ ⋯ b_d) the basis as columns; c is then its coordinate
vector, else the contradiction is shown.

Named values: ``basis`` (any basis of the same space is right), ``dimension``,
``complement_basis``, ``complement_dimension``, ``member1``, ``member2``, … (coordinates,
or 'no solution' when the vector is not in the space); ``rank`` and ``rref`` besides.
The space {0} has an empty basis: ``basis`` is then 'undefined'.
"""

from __future__ import annotations

from solver.kinds.base import Field, Kind
from solver.kinds.subspace.mistakes import mistakes
from solver.kinds.subspace.read import SPACES, SubspaceInputs, read
from solver.kinds.subspace.rules import TEXTBOOK, Rules
from solver.kinds.subspace.solve import solve

KIND = Kind(
    name="subspace",
    summary="A basis and the dimension of a span or of a matrix's column, null, row or left "
            "null space, from its reduced row echelon form; its orthogonal complement and "
            "membership tests with coordinates.",
    fields=(
        Field("vectors", "a spanning set, as a list of vectors (or 'matrix' instead)",
              required=False),
        Field("matrix", "the matrix, by rows, or the name of a given one", required=False),
        Field("space", f"which space of the matrix: {', '.join(SPACES)} (default column)",
              required=False),
        Field("complement", "true to find the orthogonal complement too", required=False),
        Field("member", "vectors to test for membership, as a list of vectors",
              required=False),
    ),
    hint="a basis as a list of vectors [[1, 0, 2], [0, 1, 1]], a dimension, or coordinates "
         "[c1, c2] / 'no solution'",
    mistakes=mistakes,
    carries="the dimension from the student's rank; the complement's basis, and each member's "
            "coordinates, from the student's basis; the complement's dimension from their "
            "dimension",
    doc=__doc__,
    read=read,
    solve=solve,
    example="{id: a, kind: subspace, matrix: [[1, 2, 0, 1], [2, 4, 1, 4], [3, 6, 1, 5]], "
            "space: null}",
)

__all__ = ["KIND", "TEXTBOOK", "Rules", "SubspaceInputs", "read", "solve"]
