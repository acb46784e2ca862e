"""A matrix written out against a matrix of rational functions is compared on its syntax
trees as the full path (the reader, then the comparison) compares it, wrong entries and
typical mistakes included; everything else is left to the full path."""

from __future__ import annotations

from dataclasses import replace

import pytest
import sympy

from solver import answers as A
from solver.check.compare import compare
from solver.check.compare.policy import DEFAULT_POLICY
from solver.check.fast import rational_matrix
from solver.check.read import read_answer
from solver.check.values import Written

x, y = sympy.symbols("x y")
x1, w_1 = sympy.Symbol("x_1"), sympy.Symbol("w_1")
HESSIAN = A.Value(sympy.ImmutableMatrix([[2 / y, -2 * x / y**2], [-2 * x / y**2,
                                                                  2 * x**2 / y**3]]))
COLUMN = A.Value(sympy.ImmutableMatrix([[w_1 / 2 - x1], [0]]))
ROW = A.Value(sympy.ImmutableMatrix([[x + 1, x * y]]))
NAMES = {"x": x, "y": y, "x_1": x1, "x1": x1, "w_1": w_1, "w1": w_1}

AGREE = [
    (HESSIAN, [["2/y", "-2*x/y^2"], ["-2*x/y^2", "2*x^2/y^3"]]),
    (HESSIAN, [["2 y^-1", "-2x y^(-2)"], ["-(2*x)/(y*y)", "2*x*x/y/y/y"]]),
    (HESSIAN, [["(x - x + 2)/y", "-2*x/y^2"], ["-2*x/y^2", "2*x^2/y^3"]]),
    (HESSIAN, r"\left(\begin{matrix}\frac{2}{y} & - \frac{2 x}{y^{2}}\\- \frac{2 x}{y^{2}}"
              r" & \frac{2 x^{2}}{y^{3}}\end{matrix}\right)"),
    (HESSIAN, "[[2/y, -2x/y^2], [-2x/y^2, 2x^2/y^3]]"),
    (COLUMN, ["w_1/2 - x_1", "0"]),
    (COLUMN, ["(w_1 - 2 x_1)/2", 0]),
    (COLUMN, r"\begin{pmatrix}\frac{w_1}{2} - x_1\\ 0\end{pmatrix}"),
    (ROW, ["1 + x", "y x"]),
]
WRONG = [
    (HESSIAN, [["-2/y", "2*x/y^2"], ["2*x/y^2", "-2*x^2/y^3"]]),
    (HESSIAN, [["2/y", "2*x/y^2"], ["-2*x/y^2", "2*x^2/y^3"]]),
    (HESSIAN, [["2/y", "-2*x/y^2"], ["-2*x/y^2", "2*x^2/y^2 + 1"]]),
    (HESSIAN, "[[2/y, 2x/y^2], [-2x/y^2, 0]]"),
    (COLUMN, ["w_1/2 + x_1", "1"]),
    (ROW, ["1 - x", "y x"]),
]
LEFT = [
    (HESSIAN, [["2.0/y", "-2*x/y^2"], ["-2*x/y^2", "2*x^2/y^3"]]),  # a decimal
    (HESSIAN, [["2/y", "-2*x/y^2"], ["-2*x/y^2"]]),  # a ragged matrix
    (HESSIAN, [["2/y + 1/(x - x)", "-2*x/y^2"], ["-2*x/y^2", "2*x^2/y^3"]]),  # undefined
    (HESSIAN, [["2/y*exp(0)", "-2*x/y^2"], ["-2*x/y^2", "2*x^2/y^3"]]),  # a function
    (HESSIAN, [["2/y + z - z", "-2*x/y^2"], ["-2*x/y^2", "2*x^2/y^3"]]),  # an unknown name
    (HESSIAN, [["2/y*x^100/x^100", "-2*x/y^2"], ["-2*x/y^2", "2*x^2/y^3"]]),  # a large power
    (HESSIAN, "[[2/y, -2x/y^2], [-2x/y^2, 2x^2/y^3]] for integer k"),
    (HESSIAN, "H = [[2/y, -2x/y^2], [-2x/y^2, 2x^2/y^3]]"),
    (COLUMN, ["w_1/2 - x_1", "0", "0"]),  # another shape
    (COLUMN, ["w_1/2 - x_1", "x_1 - x_1 + 1"]),  # names beside a constant: SymPy's own
    (A.Value(sympy.ImmutableMatrix([[sympy.exp(x), 1]])), ["exp(x)", "1"]),  # not rational
    (A.Value(HESSIAN.value, "span"), [["2/y", "-2*x/y^2"], ["-2*x/y^2", "2*x^2/y^3"]]),
]


def _full(answer, raw, policy):
    student = read_answer(raw, NAMES)
    assert isinstance(student, Written)
    value = student.value
    if answer.value.rows == 1 and value.shape == answer.value.T.shape:
        student = replace(student, value=value.T)
    return compare(answer, student, policy)


@pytest.mark.parametrize(("answer", "raw"), AGREE, ids=repr)
def test_agreement_as_the_full_path_finds_it(answer, raw):
    for seed in (0, 1, 2):
        policy = replace(DEFAULT_POLICY, seed=seed, partial_entries=bool(seed))
        found = rational_matrix(answer, raw, NAMES, policy)
        assert found is not None
        assert found.comparison == _full(answer, raw, policy)


def _shown(comparison):
    """A comparison as a verdict shows it (the sample points used are not shown)."""
    return replace(comparison, points=())


@pytest.mark.parametrize(("answer", "raw"), WRONG, ids=repr)
def test_a_wrong_entry_as_the_full_path_words_it(answer, raw):
    for seed in (0, 1, 2):
        policy = replace(DEFAULT_POLICY, seed=seed, partial_entries=bool(seed))
        found = rational_matrix(answer, raw, NAMES, policy)
        assert found is not None and found.comparison.equal is False
        assert _shown(found.comparison) == _shown(_full(answer, raw, policy))


def test_typical_mistakes_as_the_full_path_tells_them():
    raw = [["-2/y", "2*x/y^2"], ["2*x/y^2", "-2*x^2/y^3"]]
    found = rational_matrix(HESSIAN, raw, NAMES, DEFAULT_POLICY)
    negated = A.Value(-HESSIAN.value)
    assert found.same_as(negated) is True
    assert found.same_as(HESSIAN) is False
    assert found.same_as(A.Value(sympy.ImmutableMatrix([[1, 2]]))) is False  # another shape
    assert found.same_as(A.Value(sympy.ImmutableMatrix([[sympy.exp(x), 0], [0, 0]]))) is None
    assert found.same_as(A.Value(-HESSIAN.value, "span")) is None


@pytest.mark.parametrize(("answer", "raw"), LEFT, ids=repr)
def test_everything_else_is_left_to_the_full_path(answer, raw):
    assert rational_matrix(answer, raw, NAMES, DEFAULT_POLICY) is None


def test_not_with_significant_figures():
    raw = [["2/y", "-2*x/y^2"], ["-2*x/y^2", "2*x^2/y^3"]]
    policy = replace(DEFAULT_POLICY, sigfigs=3)
    assert rational_matrix(HESSIAN, raw, NAMES, policy) is None
