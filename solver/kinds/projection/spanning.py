"""A basis of U = span{v₁, …, vₖ}: row-reduce A = [v₁ ⋯ vₖ]; the vectors of the pivot
columns are independent and span U, and column j of rref(A) holds the coefficients that
write a vector without a pivot in terms of them."""

from __future__ import annotations

import sympy

from solver.elimination import forward, reduce
from solver.kinds.projection.steps import ProjectionBasis, ProjectionDependentVector


def basis_of(vectors: tuple[sympy.ImmutableMatrix, ...]) -> ProjectionBasis:
    """The reduced echelon form of [v₁ ⋯ vₖ], its pivots, the dependent vectors, and B."""
    spanning = sympy.ImmutableMatrix.hstack(*vectors)
    reduced = reduce(forward(spanning))
    pivots = reduced.pivots
    dependent = tuple(
        ProjectionDependentVector(j, vectors[j],
                                  tuple(reduced.matrix[i, j] for i in range(len(pivots))))
        for j in range(len(vectors)) if j not in pivots)
    basis = sympy.ImmutableMatrix.hstack(*(vectors[j] for j in pivots))
    return ProjectionBasis(spanning=spanning, reduced=reduced.matrix, pivots=pivots,
                                dependent=dependent, basis=basis)
