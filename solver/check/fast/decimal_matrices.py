"""A LaTeX matrix of decimal numbers, read without the LaTeX translator and the parser.

``\\left(\\begin{matrix}0.4036\\\\-0.2018\\end{matrix}\\right)`` (the environments and
brackets of ``written``) whose every cell is a number, a decimal point in at least one,
is read by the reader as a matrix literal of the exact rationals written: a ``Written``
with those values, the answer's text, decimals, and no significant figures of its own
(those of a lone decimal). ``latex_decimal_matrix`` builds that very value from the
cells; anything else (a cell that is not a lone number, a number past the reader's digit
limit, another layout) is left to the reader (None). A test compares the two.
"""

from __future__ import annotations

import re
from fractions import Fraction
from typing import Any

import sympy

from solver.check.fast.written import latex_matrix_cells
from solver.check.read.numbers import DECIMAL_POINT
from solver.check.values import Written
from solver.input_limits import MAX_DIGITS

_CELL = re.compile(r" *(?P<sign>- *)?(?P<number>[0-9]+(?:\.[0-9]+)?|\.[0-9]+) *")


def latex_decimal_matrix(raw: Any) -> Written | None:
    """The reader's value of a LaTeX matrix of numbers with decimals (see the module
    docstring); None for any other answer."""
    if not isinstance(raw, str) or not DECIMAL_POINT.search(raw):
        return None
    rows = latex_matrix_cells(raw)
    if rows is None:
        return None
    table = [[_cell(cell) for cell in row] for row in rows]
    if any(value is None for row in table for value in row):
        return None
    return Written(sympy.ImmutableMatrix(table), raw.strip(), True, None)


def _cell(text: str) -> sympy.Rational | None:
    match = _CELL.fullmatch(text)
    if match is None:
        return None
    number = match.group("number")
    if sum(char.isdigit() for char in number) > MAX_DIGITS:
        return None
    value = Fraction(number)
    if match.group("sign"):
        value = -value
    return sympy.Rational(value.numerator, value.denominator)
