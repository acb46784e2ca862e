"""Numbers and matrices of numbers read without the reader are what the reader reads."""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction

import pytest
import sympy

from solver import answers as A
from solver.check.compare.policy import DEFAULT_POLICY
from solver.check.fast import rational_comparison
from solver.check.fast.written import written
from solver.check.read import read_answer
from solver.check.values import Written

READ = [
    "12", " -3/4 ", "+5", "0", "-0", "007", "12/8", 7, -12,
    ["1", "2"], ["-1/2", 3], [["1", "2"], ["3", "4"]], [["5"]], ["5"], [[1, "-2/3", "4"]],
    r"\frac{3}{4}", r"- \frac{3}{4}", r"-\frac{12}{8}", r"-12",
    r"\left(\begin{matrix}6\\14\end{matrix}\right)",
    r"\left(\begin{matrix}2 & 2\\2 & 12\end{matrix}\right)",
    r"\left(\begin{matrix}\frac{4}{7}\\- \frac{1}{7}\end{matrix}\right)",
    r"\left[\begin{matrix}1 & - \frac{1}{2} & 3\end{matrix}\right]",
    r"\begin{pmatrix}1 & 2\\3 & 4\end{pmatrix}", r"\begin{bmatrix}1\\-2\end{bmatrix}",
    r"\left(\begin{matrix}5\end{matrix}\right)",
]

NOT_READ = [
    "1.5", "1/0", "1/07", "2x", "3 4", "1/2/3", "٣", "", "1e3", True, 1.5, 10 ** 20,
    ["1", "x"], [], [["1", "2"], ["3"]], [["1"], "2"], [[["1"]]], ["1.0", "2"],
    r"\frac{3}{0}", r"\frac{ 3}{4}", r"\dfrac{3}{4}", r"\frac{1}{2} + 1", r"-\frac{-1}{2}",
    r"\left(\begin{matrix}1 & 2\\3\end{matrix}\right)",
    r"\left(\begin{matrix}1\\2\\\end{matrix}\right)",
    r"\left(\begin{matrix}1\\2\end{matrix}\right]",
    r"\left(\begin{matrix}1.5\\2\end{matrix}\right)",
    r"\begin{pmatrix}\begin{pmatrix}1\end{pmatrix}\end{pmatrix}",
]


def _as_sympy(found):
    rows, cols, entries = found
    values = [sympy.Rational(e.numerator, e.denominator) for e in entries]
    if (rows, cols) == (1, 1):
        return values[0]
    return sympy.ImmutableMatrix(rows, cols, values)


def _normal(value):
    if isinstance(value, sympy.MatrixBase) and value.shape == (1, 1):
        return value[0, 0]
    return value


@pytest.mark.parametrize("raw", READ, ids=repr)
def test_read_as_the_reader_reads(raw):
    found = written(raw)
    assert found is not None
    student = read_answer(raw, {})
    assert isinstance(student, Written) and not student.decimals
    assert _normal(student.value) == _as_sympy(found)


@pytest.mark.parametrize("raw", NOT_READ, ids=repr)
def test_other_answers_are_left_to_the_reader(raw):
    assert written(raw) is None


def _reason(answer, raw, policy=DEFAULT_POLICY):
    found = rational_comparison(answer, raw, policy)
    return None if found is None else (found[0].equal, found[0].reason)


def test_the_reasons_of_the_comparison():
    column = A.Value(sympy.ImmutableMatrix([[1], [sympy.Rational(-1, 2)]]))
    row = A.Value(sympy.ImmutableMatrix([[1, sympy.Rational(-1, 2)]]))
    agree = (True, "all 2 entries agree (exact)")
    assert _reason(column, ["1", "-1/2"]) == agree
    assert _reason(row, ["1", "-1/2"]) == agree
    assert _reason(column, [["1", "-1/2"]]) is None  # a shape the full path words
    assert _reason(column, ["1", "1/2"]) == (False, "1 entry differs: entry 2: expected "
                                             "−1/2, got 1/2")
    assert _reason(A.Value(sympy.Rational(3, 4)), r"\frac{6}{8}") == \
        (True, "equal: identical expressions")
    assert _reason(A.Value(sympy.ImmutableMatrix([[7]])), "7") == \
        (True, "equal: identical expressions")
    assert _reason(A.Value(sympy.sqrt(2)), "1") is None
    assert _reason(A.Value(column.value, "span"), ["1", "-1/2"]) is None
    assert _reason(A.Value(sympy.Integer(1)), "1", replace(DEFAULT_POLICY, sigfigs=3)) is None
    assert Fraction(1, 2) == Fraction("1/2")
