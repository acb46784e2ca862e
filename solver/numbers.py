"""Exact numbers from source text: ``0.2`` is 1/5, ``1e-3`` is 1/1000, never a float."""

from __future__ import annotations

import re
from fractions import Fraction

import sympy

from solver.input_limits import MAX_DIGITS

_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d{1,3})?")


def is_number_text(text: str) -> bool:
    """True when ``text`` is a plain decimal number (sign, digits, point, exponent)."""
    return bool(_NUMBER.fullmatch(text.strip()))


def is_decimal_text(text: str) -> bool:
    """True when a number was written with a decimal point or an exponent."""
    return any(mark in text for mark in ".eE")


def exact(text: str) -> sympy.Rational:
    """The exact rational a decimal text stands for; ValueError when it is not one."""
    text = text.strip()
    if not _NUMBER.fullmatch(text) or len(text) > MAX_DIGITS:
        raise ValueError(f"not a plain number: {text!r}")
    value = Fraction(text)
    return sympy.Rational(value.numerator, value.denominator)


def symbol(name: str) -> sympy.Symbol:
    """The one symbol every part of hwsolver uses for a variable name: real-valued."""
    return sympy.Symbol(name, real=True)


def is_closed_form(value) -> bool:
    """Whether ``value`` is a matrix expression of named matrices (2 A x, X⁻ᵀ), not a
    matrix of entries."""
    return isinstance(value, sympy.MatrixExpr) and not isinstance(value, sympy.MatrixBase)


def adjugate_inverse(matrix) -> sympy.ImmutableMatrix:
    """A⁻¹ = adj(A) / det A: quick for a small matrix of symbols, where elimination with
    its pivot tests is not (a 3×3 of entry symbols: 2 ms against over a second)."""
    if is_closed_form(matrix):
        matrix = matrix.as_explicit()
    matrix = sympy.Matrix(matrix)
    return sympy.ImmutableMatrix(matrix.adjugate() / matrix.det(method="berkowitz"))


def entry_matrix(name: str, rows: int, cols: int) -> sympy.ImmutableMatrix:
    """The matrix of real entry symbols A_11 … (v_1 … for a vector, the name for 1×1)."""
    if (rows, cols) == (1, 1):
        return sympy.ImmutableMatrix([[symbol(name)]])
    if cols == 1:
        return sympy.ImmutableMatrix([[symbol(f"{name}_{i + 1}")] for i in range(rows)])
    if rows == 1:
        return sympy.ImmutableMatrix([[symbol(f"{name}_{j + 1}") for j in range(cols)]])
    return sympy.ImmutableMatrix([[symbol(f"{name}_{i + 1}{j + 1}") for j in range(cols)]
                                  for i in range(rows)])
