"""Exact rationals written as plain numbers, equal to an answer of exact rationals.

A student's number ``-3/4`` or ``12``, or a list of them (a column) or a list of rows of
them (a matrix), with no decimal point, is read by the reader as exactly these rationals,
and a value of rationals is compared with them exactly, entry by entry: when every entry
is equal the verdict is "correct", decided "exact", with the reason the comparison gives
(``equal: identical expressions`` for one number, ``all n entries agree (exact)`` for
more). ``same_rationals`` gives that reason, or None when the answer is not of this form or
not equal (the full path then reads, compares and names the mistake).

The form is kept narrow: digits 0–9 only (at most ``DIGITS`` in each part), a sign, one
``/`` before a denominator that does not start with 0; integers given as Python numbers of
at most ``DIGITS`` digits; lists within the reader's limits. A row vector answer is
compared with a column the student wrote as its transpose, as the checker orients it.
"""

from __future__ import annotations

import re
from fractions import Fraction
from functools import lru_cache
from typing import Any

import sympy

from solver import answers as A
from solver.input_limits import MAX_SIDE

DIGITS = 15
_NUMBER = re.compile(rf"[-+]?[0-9]{{1,{DIGITS}}}(?:/[1-9][0-9]{{0,{DIGITS - 1}}})?")
_EQUAL_SCALAR = "equal: identical expressions"


def same_rationals(answer: A.Answer, raw: Any) -> str | None:
    """The reason of the correct verdict when ``raw`` is exact rationals equal to the
    answer's (see the module docstring); None otherwise."""
    if not isinstance(answer, A.Value) or answer.match != "equal":
        return None
    expected = _rationals(answer.value)
    if expected is None:
        return None
    shape, entries = expected
    written = _written(raw)
    if written is None:
        return None
    rows, cols, values = written
    if shape[0] == 1 and shape[1] > 1 and (rows, cols) == (shape[1], shape[0]):
        rows, cols = cols, rows  # a column written for a row vector: its transpose
    if (rows, cols) != shape and not (shape == (1, 1) == (rows, cols)):
        return None
    if values != entries:
        return None
    return _EQUAL_SCALAR if len(entries) == 1 else f"all {len(entries)} entries agree (exact)"


@lru_cache(maxsize=4096)
def _rationals(value) -> tuple[tuple[int, int], tuple[Fraction, ...]] | None:
    """(shape, entries row by row) of a rational number or a matrix of them; a number and
    a 1×1 matrix both have shape (1, 1). None for anything else."""
    if isinstance(value, sympy.Rational):
        return (1, 1), (Fraction(int(value.p), int(value.q)),)
    if isinstance(value, sympy.MatrixBase) and 0 not in value.shape \
            and all(isinstance(entry, sympy.Rational) for entry in value):
        entries = tuple(Fraction(int(e.p), int(e.q)) for e in value)
        return tuple(value.shape), entries
    return None


def _written(raw: Any) -> tuple[int, int, tuple[Fraction, ...]] | None:
    """(rows, columns, entries row by row) of a number or a list (of rows) of numbers."""
    if not isinstance(raw, list | tuple):
        number = _number(raw)
        return None if number is None else (1, 1, (number,))
    if not raw or len(raw) > MAX_SIDE:
        return None
    if not any(isinstance(entry, list | tuple) for entry in raw):
        column = [_number(entry) for entry in raw]
        return None if None in column else (len(column), 1, tuple(column))
    if not all(isinstance(row, list | tuple) for row in raw):
        return None
    width = len(raw[0])
    if not width or width > MAX_SIDE or any(len(row) != width for row in raw):
        return None
    table = [_number(entry) for row in raw for entry in row]
    return None if None in table else (len(raw), width, tuple(table))


def _number(raw: Any) -> Fraction | None:
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return Fraction(raw) if abs(raw) < 10 ** DIGITS else None
    if not isinstance(raw, str):
        return None
    text = raw.strip()
    if _NUMBER.fullmatch(text) is None:
        return None
    return Fraction(text)
