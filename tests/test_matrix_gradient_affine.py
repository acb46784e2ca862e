"""Closed forms of gradients of squared residuals of affine maps (y − Wh − c, Ax − b): each
against central differences with numpy at random matrices, and Math 198's network parts."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import numpy as np
import pytest
import sympy

from solver.check.checker import check_answer, expected_keys
from solver.kinds.matrix_gradient import solve
from solver.render.document import render
from solver.solving import solve_set
from solver.spec.load import load_spec
from solver.steps.matrix_calculus import ClosedFormMatch
from tests.test_kind_matrix_gradient import (
    closed_numeric,
    direct,
    finite_differences,
    random_matrices,
)

PROBLEMS = Path(__file__).resolve().parent.parent / "problems"
NETWORK = {"y": (2, 1), "W": (2, 3), "h": (3, 1), "c": (2, 1)}
LEAST_SQUARES = {"A": (3, 2), "x": (2, 1), "b": (3, 1)}


def _residual(m):
    return m["y"] - m["W"] @ m["h"] - m["c"]


def _squared(m):
    return float(np.sum(_residual(m) ** 2))


def _half(m):
    return 0.5 * _squared(m)


CASES = [
    ("(y - W h - c)^T (y - W h - c)", "W", NETWORK, _squared, "2*(W*h + c - y)*h.T"),
    ("(y - W h - c)^T (y - W h - c)", "c", NETWORK, _squared, "2*(W*h + c - y)"),
    ("(y - W h - c)^T (y - W h - c)", "h", NETWORK, _squared, "2*W.T*(W*h + c - y)"),
    ("1/2 norm(y - W h - c)^2", "W", NETWORK, _half, "(W*h + c - y)*h.T"),
    ("1/2 norm(y - W h - c)^2", "c", NETWORK, _half, "W*h + c - y"),
    ("1/2 norm(y - W h - c)^2", "h", NETWORK, _half, "W.T*(W*h + c - y)"),
    ("norm(W h + c - y)^2", "W", NETWORK, _squared, "2*(W*h + c - y)*h.T"),
    ("norm(b - A x)^2", "x", LEAST_SQUARES,
     lambda m: float(np.sum((m["b"] - m["A"] @ m["x"]) ** 2)), "2*A.T*(A*x - b)"),
    ("norm(b - A x)^2", "A", LEAST_SQUARES,
     lambda m: float(np.sum((m["b"] - m["A"] @ m["x"]) ** 2)), "2*(A*x - b)*x.T"),
]


@pytest.mark.parametrize(("f", "wrt", "shapes", "func", "closed"), CASES,
                         ids=[f"{case[0]} by {case[1]}" for case in CASES])
def test_residual_closed_form_matches_finite_differences(f, wrt, shapes, func, closed):
    solved = solve(direct(f, wrt, shapes))
    expression = solved.answer["closed_form"].value
    assert str(expression) == closed
    for _ in range(3):
        matrices = random_matrices(shapes)
        expected = finite_differences(func, matrices, wrt)
        assert closed_numeric(expression, shapes, matrices) == pytest.approx(
            expected, rel=1e-5, abs=1e-6)
    (match,) = [step for step in solved.steps if isinstance(step, ClosedFormMatch)]
    assert all(sympy.expand(a - b) == 0
               for a, b in zip(match.explicit, match.gradient, strict=True))


@cache
def _math198_latex() -> str:
    return render(solve_set(load_spec(PROBLEMS / "math198-hw07-gradients-jacobians.yaml")),
                  "latex")


@pytest.mark.parametrize(("variable", "closed"), [
    ("W", r"2 \left(W h + c - y\right) h^{\top}"),
    ("c", r"2 \left(W h + c - y\right)"),
    ("h", r"2 W^{\top} \left(W h + c - y\right)"),
])
def test_math198_network_parts_box_their_closed_form(variable, closed):
    text = _math198_latex()
    assert "No closed form in the catalogue" not in text
    boxes = re.findall(r"\\boxed\{\\frac\{\\partial f\}\{\\partial " + variable
                       + r"\} = (.*)\}\n", text)
    assert boxes and boxes[0].startswith(closed)


def test_a_long_entrywise_gradient_stays_out_of_the_box():
    boxes = re.findall(r"\\boxed\{\\frac\{\\partial f\}\{\\partial h\} = (.*)\}\n",
                       _math198_latex())
    assert boxes == [r"2 W^{\top} \left(W h + c - y\right)"]


@cache
def _math198_expected() -> dict:
    solved = solve_set(load_spec(PROBLEMS / "math198-hw07-gradients-jacobians.yaml"))
    return {entry.key: entry for entry in expected_keys(solved)}


@pytest.mark.parametrize(("part", "raw", "status", "diagnosis"), [
    ("4-2", "2(W h + c - y) h^T", "correct", None),
    ("4-2", "-2(y - W h - c) h^T", "correct", None),
    ("4-2", r"2 \left(W h + c - y\right) h^\top", "correct", None),
    ("4-2", "2(y - W h - c) h^T", "incorrect", "sign_error"),
    ("4-3", "2(W h + c - y)", "correct", None),
    ("4-3", "W h + c - y", "incorrect", "missing_factor_2"),
    ("4-4", "2 W^T (W h + c - y)", "correct", None),
])
def test_the_checker_reads_a_closed_form_in_the_names_of_its_matrices(part, raw, status,
                                                                       diagnosis):
    expected = _math198_expected()[f"network-gradients.{part}.closed_form"]
    verdict = check_answer(expected, raw)
    assert (verdict.status, verdict.diagnosis) == (status, diagnosis), verdict.reason


def test_a_closed_form_of_the_wrong_shape_is_refused_with_the_shapes():
    expected = _math198_expected()["network-gradients.4-4.closed_form"]
    verdict = check_answer(expected, "2 W (W h + c - y)")
    assert verdict.status == "invalid" and "2×3 and a 2×1" in verdict.reason
