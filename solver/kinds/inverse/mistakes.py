"""Typical mistakes in an inverse, each the kind's own solve with a changed input or one
changed rule of the 2×2 adjugate formula."""

from __future__ import annotations

from dataclasses import replace

import sympy

from solver.exact import is_zero
from solver.kinds.inverse.rules import Rules
from solver.kinds.inverse.solve import solve

ADJUGATE_RULES = (
    ("adjugate_diagonal_signs", Rules(negate="diagonal"),
     "you changed the signs of the diagonal entries; in (1/det A)[[d, −b], [−c, a]] the "
     "diagonal entries swap places and the off-diagonal ones change sign"),
    ("determinant_factor_forgotten", Rules(divide_by_det=False),
     "you forgot the factor 1/det A: [[d, −b], [−c, a]] is the adjugate, A⁻¹ is it divided "
     "by det A"),
)


def mistakes(inputs, solved, found) -> None:
    """(A⁻¹)ᵀ, the inverse of Aᵀ (rows and columns swapped: the cofactor matrix without
    transposing it); diag(1/aᵢᵢ), only the diagonal inverted; for a 2×2, the signs changed
    on the diagonal instead of off it, and adj A without the factor 1/det A."""
    A = inputs.matrix
    found.add("inverse_transposed",
              "your answer is the transpose of A⁻¹: rows and columns swapped (the cofactor "
              "matrix needs transposing to give the adjugate)",
              solve(replace(inputs, matrix=A.T)).answer)
    if all(is_zero(A[i, i]) is False for i in range(A.rows)):
        diagonal = sympy.ImmutableMatrix(sympy.diag(*A.diagonal()))
        found.add("diagonal_inverted",
                  "you inverted only the diagonal entries (1/aᵢᵢ), as if A were diagonal; "
                  "the off-diagonal entries change every entry of A⁻¹",
                  solve(replace(inputs, matrix=diagonal)).answer)
    if A.shape == (2, 2):
        adjugate = replace(inputs, method="adjugate")
        for code, rules, message in ADJUGATE_RULES:
            found.add(code, message, solve(adjugate, rules=rules).answer)
