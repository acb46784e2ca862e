"""The diagonal rule (Sarrus): the sum of the n products along the wrapped diagonals minus
the n products along the wrapped anti-diagonals,

    Σₖ Πᵢ a_{i, i+k mod n} − Σₖ Πᵢ a_{i, k−i mod n}.

For a 3×3 matrix these are exactly the six terms of det A; for n ≥ 4 they are 2n of the n!
terms, so the rule does not give the determinant."""

from __future__ import annotations

import sympy

from solver.kinds.determinant.steps import WrappedDiagonalProducts


def diagonal_rule(matrix: sympy.ImmutableMatrix) -> WrappedDiagonalProducts:
    """The 2n wrapped diagonal products of an n × n matrix (n ≥ 3) and their signed sum."""
    n = matrix.rows
    down = tuple(tuple(matrix[i, (i + k) % n] for i in range(n)) for k in range(n))
    up = tuple(tuple(matrix[i, (k - i) % n] for i in range(n)) for k in range(n))
    result = sympy.expand(sum((sympy.Mul(*factors) for factors in down), sympy.S.Zero)
                          - sum((sympy.Mul(*factors) for factors in up), sympy.S.Zero))
    return WrappedDiagonalProducts(matrix=matrix, down=down, up=up, result=result)
