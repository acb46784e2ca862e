"""How the iterative optimisers carry their numbers: exact where readable, else as a
40-digit decimal shown with the part's ``digits``.

A rational stays exact while it is readable: a fraction whose numerator and denominator
have at most ``FRACTION_DIGITS`` digits, or a terminating decimal of at most
``DECIMAL_DIGITS`` digits (0.70204864); an irrational number keeps its closed form while it is short
(√5, e^{−1}); anything longer is carried as a Float of ``CARRIED_DIGITS`` digits, so later
iterates compute with numbers, not nested expressions.
"""

from __future__ import annotations

import sympy

from solver.kinds.given import is_number, numbers
from solver.nn.network import CARRIED_DIGITS
from solver.render.printing import terminating_decimal

Matrix = sympy.ImmutableMatrix
FRACTION_DIGITS = 6
DECIMAL_DIGITS = 12
SHORT_OPERATIONS = 6
_BAD = (sympy.zoo, sympy.nan, sympy.oo, -sympy.oo)


def settle(value):
    """A number (or each entry of a matrix) as it is carried: short exact forms kept,
    the rest as a 40-digit Float."""
    if isinstance(value, sympy.MatrixBase):
        return Matrix(value.applyfunc(settle))
    value = sympy.sympify(value)
    if not value.is_number or value.is_Float or value.has(*_BAD) or value.has(sympy.I):
        return value
    if value.is_Rational:
        return value if readable(value) else sympy.Float(value, CARRIED_DIGITS)
    if not value.has(sympy.Float) and sympy.count_ops(value) <= 4 * SHORT_OPERATIONS:
        simpler = sympy.simplify(value)
        if sympy.count_ops(simpler) <= SHORT_OPERATIONS:
            return simpler
    return value.evalf(CARRIED_DIGITS)


def finite_real(value) -> bool:
    """Every entry a finite real number."""
    entries = value if isinstance(value, sympy.MatrixBase) else (value,)
    return all(is_number(sympy.sympify(entry)) for entry in entries)


def shown(value, one: bool):
    """A column (or a square matrix) as the solution shows it: a number for one variable."""
    return value[0, 0] if one else Matrix(value)


def column(value, size: int) -> Matrix:
    """A shown value back as a size × 1 column."""
    return numbers(value, (size, 1))


def reader(shape: tuple[int, int], one: bool):
    """How a student's value of this shape is read for ``Given.take`` (a number for one
    variable)."""
    def read(value):
        matrix = numbers(value, shape)
        return matrix[0, 0] if one else matrix
    return read


def as_decimal(value):
    """A number as an optimiser that divides by roots carries it: a terminating decimal
    (0.1, 2.00000001) of readable length exact, anything else a 40-digit Float."""
    if isinstance(value, sympy.MatrixBase):
        return Matrix(value.applyfunc(as_decimal))
    value = sympy.sympify(value)
    if not value.is_number or value.is_Float or value.has(*_BAD) or value.has(sympy.I):
        return value
    if value.is_Rational and _short_decimal(value):
        return value
    return value.evalf(CARRIED_DIGITS)


def readable(value: sympy.Rational) -> bool:
    """A short fraction or a short terminating decimal."""
    short = max(len(str(abs(int(value.p)))), len(str(int(value.q)))) <= FRACTION_DIGITS
    return short or _short_decimal(value)


def _short_decimal(value: sympy.Rational) -> bool:
    text = terminating_decimal(value)
    return text is not None and sum(c.isdigit() for c in text) <= DECIMAL_DIGITS
