"""A matrix of rational functions written out is found equal on its syntax trees exactly
when, and as, the full path (the reader, then the comparison) finds it equal; everything
else is left to the full path."""

from __future__ import annotations

from dataclasses import replace

import pytest
import sympy

from solver import answers as A
from solver.check.compare import compare
from solver.check.compare.policy import DEFAULT_POLICY
from solver.check.fast import rational_matrix_agreement
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
LEFT = [
    (HESSIAN, [["-2/y", "2*x/y^2"], ["2*x/y^2", "-2*x^2/y^3"]]),  # wrong: the full path words it
    (HESSIAN, [["2.0/y", "-2*x/y^2"], ["-2*x/y^2", "2*x^2/y^3"]]),  # a decimal
    (HESSIAN, [["2/y", "-2*x/y^2"], ["-2*x/y^2"]]),  # a ragged matrix
    (HESSIAN, [["2/y + 1/(x - x)", "-2*x/y^2"], ["-2*x/y^2", "2*x^2/y^3"]]),  # undefined
    (HESSIAN, [["2/y*exp(0)", "-2*x/y^2"], ["-2*x/y^2", "2*x^2/y^3"]]),  # a function
    (HESSIAN, [["2/y + z - z", "-2*x/y^2"], ["-2*x/y^2", "2*x^2/y^3"]]),  # an unknown name
    (HESSIAN, [["2/y*x^100/x^100", "-2*x/y^2"], ["-2*x/y^2", "2*x^2/y^3"]]),  # a large power
    (HESSIAN, "[[2/y, -2x/y^2], [-2x/y^2, 2x^2/y^3]] for integer k"),
    (HESSIAN, "H = [[2/y, -2x/y^2], [-2x/y^2, 2x^2/y^3]]"),
    (COLUMN, ["w_1/2 - x_1", "0", "0"]),  # another shape
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
        found = rational_matrix_agreement(answer, raw, NAMES, policy)
        assert found is not None
        assert found == _full(answer, raw, policy)


@pytest.mark.parametrize(("answer", "raw"), LEFT, ids=repr)
def test_everything_else_is_left_to_the_full_path(answer, raw):
    assert rational_matrix_agreement(answer, raw, NAMES, DEFAULT_POLICY) is None


def test_not_with_significant_figures():
    raw = [["2/y", "-2*x/y^2"], ["-2*x/y^2", "2*x^2/y^3"]]
    policy = replace(DEFAULT_POLICY, sigfigs=3)
    assert rational_matrix_agreement(HESSIAN, raw, NAMES, policy) is None
