"""Exact rationals written as numbers, compared with an answer of exact rationals.

A student's number ``-3/4``, ``12`` or ``\\frac{3}{4}``, or a list of them (a column), a list
of rows of them or a LaTeX matrix of them, with no decimal point (``written``), is read by
the reader as exactly these rationals; against a value of rationals, with no significant
figures asked for, the comparison then compares entry by entry exactly. The comparison is
worked out here from the same pieces (``exact_numbers`` for each entry, ``entry_verdicts``
for a matrix) without reading the answer into SymPy. A row vector answer is compared with
a column the student wrote as its transpose, as the checker orients it; other shapes that
differ are left to the full path.

``same_entries`` and ``same_values`` tell whether such a value is one of the typical
mistakes of exact rationals, as the comparison would.
"""

from __future__ import annotations

from fractions import Fraction
from functools import lru_cache
from typing import Any

import sympy

from solver import answers as A
from solver.check.compare.matrices import entry_verdicts
from solver.check.compare.policy import Comparison, Policy
from solver.check.compare.scalars import exact_numbers
from solver.check.fast.written import written
from solver.check.values import Written

Entries = tuple[tuple[int, int], tuple[Fraction, ...]]  # (rows, columns), row by row


def rational_comparison(answer: A.Answer, raw: Any, policy: Policy
                        ) -> tuple[Comparison, Entries] | None:
    """The comparison of ``raw`` with ``answer`` and the student's entries (oriented),
    when both are exact rationals of one shape (see the module docstring); else None."""
    if policy.sigfigs is not None:
        return None
    expected = _answer_entries(answer)
    found = written(raw)
    if expected is None or found is None:
        return None
    (rows, cols), wanted = expected
    shape, given = (found[0], found[1]), found[2]
    if rows == 1 and cols > 1 and shape == (cols, rows):
        shape = (rows, cols)  # a column written for a row vector: its transpose
    if shape != (rows, cols):
        return None
    verdicts = {(i // cols, i % cols): _exactly(want, got) if want != got else _SAME
                for i, (want, got) in enumerate(zip(wanted, given, strict=True))}
    comparison = verdicts[0, 0] if shape == (1, 1) else entry_verdicts(verdicts, cols, policy)
    return comparison, (shape, given)


def same_entries(answer: A.Answer, student: Entries) -> bool | None:
    """Whether the comparison finds the student's entries equal to ``answer``'s, when it is
    exact rationals; None when the comparison itself must decide."""
    expected = _answer_entries(answer)
    return None if expected is None else expected == student


def same_values(answer: A.Answer, student: Any, sigfigs: int | None) -> bool | None:
    """Whether comparing a student's value with ``answer`` finds them equal, when both are
    exact rationals (the student's written without decimals) and no significant figures
    are asked for: then every entry is compared exactly, after a 1×1 matrix is taken as its
    entry. None when the comparison itself must decide."""
    if sigfigs is not None or not isinstance(student, Written) or student.decimals:
        return None
    expected, given = _answer_entries(answer), _rationals(student.value)
    if expected is None or given is None:
        return None
    return expected == given


_SAME = exact_numbers(sympy.Integer(0), sympy.Integer(0))


def _exactly(want: Fraction, got: Fraction) -> Comparison:
    return exact_numbers(sympy.Rational(want.numerator, want.denominator),
                         sympy.Rational(got.numerator, got.denominator))


def _answer_entries(answer: A.Answer) -> Entries | None:
    if not isinstance(answer, A.Value) or answer.match != "equal":
        return None
    return _rationals(answer.value)


@lru_cache(maxsize=4096)
def _rationals(value) -> Entries | None:
    """(shape, entries row by row) of a rational number or a matrix of them; a number and
    a 1×1 matrix both have shape (1, 1), as the comparison takes a 1×1 matrix as its entry.
    None for anything else."""
    if isinstance(value, sympy.Rational):
        return (1, 1), (Fraction(int(value.p), int(value.q)),)
    if isinstance(value, sympy.MatrixBase) and 0 not in value.shape \
            and all(isinstance(entry, sympy.Rational) for entry in value):
        entries = tuple(Fraction(int(e.p), int(e.q)) for e in value)
        return (value.rows, value.cols), entries
    return None
