"""Row reduction to upper triangular form: det A = (−1)^s u₁₁ u₂₂ ⋯ uₙₙ, s the row swaps.

Column by column, the first row at or below the diagonal with a non-zero entry is swapped
up when it is not already there, and multiples of it are subtracted from the rows below.
A column without a pivot leaves a 0 on the diagonal, and the determinant is 0.
"""

from __future__ import annotations

import sympy

from solver.kinds.determinant.cofactor import known_zero
from solver.kinds.determinant.rules import Rules
from solver.kinds.determinant.steps import (
    DeterminantRowAdditions,
    DeterminantRowSwap,
    RowReduction,
    TriangularDeterminant,
)


def reduction(matrix: sympy.ImmutableMatrix, rules: Rules) -> tuple[RowReduction,
                                                                     TriangularDeterminant]:
    """The row operations, then the product of the triangular matrix's diagonal."""
    rows = [list(matrix.row(i)) for i in range(matrix.rows)]
    n, operations, swaps = matrix.rows, [], 0
    for k in range(n):
        pivot = next((i for i in range(k, n) if not known_zero(rows[i][k])), None)
        if pivot is None:
            continue
        if pivot != k:
            rows[k], rows[pivot] = rows[pivot], rows[k]
            swaps += 1
            operations.append(DeterminantRowSwap(first=k, second=pivot, result=_matrix(rows)))
        additions = []
        for i in range(k + 1, n):
            if known_zero(rows[i][k]):
                continue
            factor = sympy.cancel(-rows[i][k] / rows[k][k])
            rows[i] = [sympy.cancel(a + factor * b) for a, b in zip(rows[i], rows[k], strict=True)]
            additions.append((i, k, factor))
        if additions:
            operations.append(DeterminantRowAdditions(pivot=k, additions=tuple(additions),
                                                      result=_matrix(rows)))
    triangular = _matrix(rows)
    sign = (-1) ** swaps if rules.swap_flips_sign else 1
    diagonal = tuple(triangular[i, i] for i in range(n))
    result = sympy.cancel(sign * sympy.Mul(*diagonal))
    return (RowReduction(start=matrix, operations=tuple(operations), result=triangular,
                         swaps=swaps),
            TriangularDeterminant(triangular=triangular, swaps=swaps, sign=sign,
                                  diagonal=diagonal, result=result))


def _matrix(rows) -> sympy.ImmutableMatrix:
    return sympy.ImmutableMatrix(rows)
