"""Exact rationals written as numbers, equal to an answer of exact rationals.

A student's number ``-3/4``, ``12`` or ``\\frac{3}{4}``, or a list of them (a column), a list
of rows of them or a LaTeX matrix of them, with no decimal point (``written``), is read by
the reader as exactly these rationals, and a value of rationals is compared with them
exactly, entry by entry: when every entry is equal the verdict is "correct", decided
"exact", with the reason the comparison gives (``equal: identical expressions`` for one
number, ``all n entries agree (exact)`` for more). ``same_rationals`` gives that reason,
or None when the answer is not of this form or not equal (the full path then reads,
compares and names the mistake).

A row vector answer is compared with a column the student wrote as its transpose, as the
checker orients it. ``same_values`` tells whether a student's value of exact rationals is
one of the typical mistakes (or any answer) of exact rationals, as the comparison would.
"""

from __future__ import annotations

from fractions import Fraction
from functools import lru_cache
from typing import Any

import sympy

from solver import answers as A
from solver.check.fast.written import written
from solver.check.values import Written

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
    found = written(raw)
    if found is None:
        return None
    rows, cols, values = found
    if shape[0] == 1 and shape[1] > 1 and (rows, cols) == (shape[1], shape[0]):
        rows, cols = cols, rows  # a column written for a row vector: its transpose
    if (rows, cols) != shape and not (shape == (1, 1) == (rows, cols)):
        return None
    if values != entries:
        return None
    return _EQUAL_SCALAR if len(entries) == 1 else f"all {len(entries)} entries agree (exact)"


def same_values(answer: A.Answer, student: Any, sigfigs: int | None) -> bool | None:
    """Whether comparing a student's value with ``answer`` finds them equal, when both are
    exact rationals (the student's written without decimals) and no significant figures
    are asked for: then every entry is compared exactly, after a 1×1 matrix is taken as its
    entry. None when the comparison itself must decide."""
    if sigfigs is not None or not isinstance(answer, A.Value) or answer.match != "equal" \
            or not isinstance(student, Written) or student.decimals:
        return None
    expected, given = _rationals(answer.value), _rationals(student.value)
    if expected is None or given is None:
        return None
    return expected == given


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
