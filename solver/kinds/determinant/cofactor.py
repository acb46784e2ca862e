"""Cofactor (Laplace) expansion along the row or column with the most zeros, recursively
down to 2×2 determinants ad − bc."""

from __future__ import annotations

import sympy

from solver.exact import is_zero
from solver.kinds.determinant.rules import Rules
from solver.kinds.determinant.steps import (
    Cofactor,
    CofactorExpansion,
    SingleEntryDeterminant,
    TwoByTwoDeterminant,
)
from solver.steps import Step


def determinant(matrix: sympy.ImmutableMatrix, rules: Rules) -> Step:
    """The worked determinant of a square matrix: 1×1, 2×2 by ad − bc, or an expansion."""
    if matrix.rows == 1:
        return SingleEntryDeterminant(matrix=matrix, result=matrix[0, 0])
    if matrix.rows == 2:
        return two_by_two(matrix, rules)
    return expansion(matrix, rules)


def two_by_two(matrix: sympy.ImmutableMatrix, rules: Rules) -> TwoByTwoDeterminant:
    """ad − bc."""
    first, second = matrix[0, 0] * matrix[1, 1], matrix[0, 1] * matrix[1, 0]
    return TwoByTwoDeterminant(matrix=matrix, first=first, second=second, sign=rules.two_by_two,
                               result=sympy.expand(first + rules.two_by_two * second))


def expansion(matrix: sympy.ImmutableMatrix, rules: Rules) -> CofactorExpansion:
    """det A = Σ (−1)^{i+j} aᵢⱼ Mᵢⱼ along the line with the most zeros."""
    line, index, zeros = best_line(matrix)
    terms = []
    for k in range(matrix.rows):
        i, j = (index, k) if line == "row" else (k, index)
        entry = matrix[i, j]
        sign = (-1) ** (i + j) if rules.cofactor_signs else 1
        minor = sympy.ImmutableMatrix(matrix.minor_submatrix(i, j))
        if known_zero(entry):
            terms.append(Cofactor(i, j, entry, sign, minor, None, sympy.S.Zero))
            continue
        worked = determinant(minor, rules)
        product = sympy.expand(sign * entry * worked.result)
        terms.append(Cofactor(i, j, entry, sign, minor, worked, product))
    result = sympy.expand(sum((term.product for term in terms), sympy.S.Zero))
    return CofactorExpansion(matrix=matrix, line=line, index=index, zeros=zeros,
                             terms=tuple(terms), result=result)


def best_line(matrix: sympy.ImmutableMatrix) -> tuple[str, int, int]:
    """(row or column, its index, its zeros): the most zeros; rows first, then the first."""
    lines = [("row", i, matrix.row(i)) for i in range(matrix.rows)] \
        + [("column", j, matrix.col(j)) for j in range(matrix.cols)]
    counted = [(sum(1 for entry in entries if known_zero(entry)), -order, line, index)
               for order, (line, index, entries) in enumerate(lines)]
    zeros, _, line, index = max(counted)
    return line, index, zeros


def known_zero(entry) -> bool:
    """An entry known to be 0 (a symbol is not)."""
    return is_zero(entry) is True
