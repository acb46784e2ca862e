"""Closed forms with inverses as students write them: S^-1, X^-T, (X^T)^-1, X^{-\\top}.

Every form graded correct is also checked by another route: the same formula written
with numpy equals the gradient by central finite differences at random matrices. Wrong
forms get the typical mistake's diagnosis; powers that would cost much are refused with
a reason, and a matrix answer with numbers still refuses powers (it must be worked out).
"""

from __future__ import annotations

import numpy as np
import pytest
import sympy

from solver.check.checker import CheckRun, check_answer, expected_keys
from solver.expr import parse
from solver.expr.matrices import (
    CLOSED_FORM_RULES,
    MatrixEvaluator,
    MatrixUndefined,
    inverse_transposed,
)
from solver.grade.work import grader_from_text
from solver.numbers import entry_matrix
from tests.closed_form_checks import assert_forms_are_the_gradient, keys_of
from tests.test_matrix_gradient_inverses import gaussian, spd

SPEC = """\
title: Gradients with inverses
problems:
  - id: g
    parts:
      - {id: logdet2, kind: matrix_gradient, f: log(det(X)), wrt: X, shapes: {X: [2, 2]}}
      - {id: logdet3, kind: matrix_gradient, f: log(det(X)), wrt: X, shapes: {X: [3, 3]}}
      - {id: logdet4, kind: matrix_gradient, f: log(det(X)), wrt: X, shapes: {X: [4, 4]}}
      - {id: det, kind: matrix_gradient, f: det(X), wrt: X, shapes: {X: [2, 2]}}
      - {id: quad, kind: matrix_gradient, f: x^T S^-1 x, wrt: x,
         shapes: {S: [2, 2], x: [2, 1]}}
      - id: gauss
        kind: matrix_gradient
        f: exp(-1/2 (x - mu)^T S^-1 (x - mu))
        wrt: x
        shapes: {S: [2, 2], x: [2, 1], mu: [2, 1]}
        symmetric: [S]
"""

RNG = np.random.default_rng(5)


@pytest.fixture(scope="module")
def keys():
    return keys_of(SPEC, "inverses.yaml")


def _verdict(keys, key: str, answer: str):
    return check_answer(keys[f"g.{key}.closed_form"], answer, CheckRun())


def _square(n):
    return spd(n) + RNG.uniform(-0.5, 0.5, (n, n))  # invertible, not symmetric


# part, written forms, the same formula in numpy, f in numpy, the matrices
RIGHT = [
    ("logdet2", ["X^-T", "(X^-1)^T", "(X^T)^-1", "X^{-T}", r"X^{-\top}", "X^-T X^T X^-T"],
     lambda m: np.linalg.inv(m["X"]).T, lambda m: np.log(np.linalg.det(m["X"])),
     lambda: {"X": _square(2)}),
    ("logdet3", ["X^-T", "(X^T)^-1"],
     lambda m: np.linalg.inv(m["X"]).T, lambda m: np.log(np.linalg.det(m["X"])),
     lambda: {"X": _square(3)}),
    ("logdet4", ["X^-T"],
     lambda m: np.linalg.inv(m["X"]).T, lambda m: np.log(np.linalg.det(m["X"])),
     lambda: {"X": _square(4)}),
    ("det", ["det(X) X^-T", r"\det(X)\, X^{-\top}"],
     lambda m: np.linalg.det(m["X"]) * np.linalg.inv(m["X"]).T,
     lambda m: np.linalg.det(m["X"]), lambda: {"X": _square(2)}),
    ("quad", ["(S^-1 + S^-T) x", "S^-1 x + (S^T)^-1 x"],
     lambda m: (np.linalg.inv(m["S"]) + np.linalg.inv(m["S"]).T) @ m["x"],
     lambda m: float(np.squeeze(m["x"].T @ np.linalg.inv(m["S"]) @ m["x"])),
     lambda: {"S": _square(2), "x": RNG.uniform(-1, 1, (2, 1))}),
    ("gauss", ["-f S^-1 (x - mu)", "f S^-1 (mu - x)", r"-f\, S^{-1} (x - \mu)"],
     lambda m: -gaussian(m) * np.linalg.inv(m["S"]) @ (m["x"] - m["mu"]), gaussian,
     lambda: {"S": spd(2), "x": RNG.uniform(-1, 1, (2, 1)),
              "mu": RNG.uniform(-1, 1, (2, 1))}),
]


@pytest.mark.parametrize(("part", "forms", "formula", "f", "draw"), RIGHT,
                         ids=[case[0] for case in RIGHT])
def test_right_closed_forms_are_correct_and_are_the_gradient(keys, part, forms, formula,
                                                             f, draw):
    wrt = "x" if part in ("quad", "gauss") else "X"
    assert_forms_are_the_gradient(keys[f"g.{part}.closed_form"], forms, formula, f, draw, wrt)


@pytest.mark.parametrize(("part", "form", "diagnosis"), [
    ("logdet2", "X^-1", "transposed"),
    ("logdet3", "X^-1", "transposed"),
    ("logdet2", "-X^-T", "sign_error"),
    ("gauss", "f S^-1 (x - mu)", "sign_error"),
    ("logdet2", "X^T", None),
    ("gauss", "-S^-1 (x - mu)", None),
    ("logdet3", "X^-1 X^-1 X^-1 X^-1", None),
])
def test_wrong_closed_forms_are_incorrect(keys, part, form, diagnosis):
    verdict = _verdict(keys, part, form)
    assert (verdict.status, verdict.diagnosis) == ("incorrect", diagnosis), verdict.reason


@pytest.mark.parametrize(("part", "form", "words"), [
    ("logdet2", "X^4", "exponent between -1 and 3"),
    ("logdet2", "X^-2", "exponent between -1 and 3"),
    ("logdet3", "(X^-1 + X)^-1", "only a matrix the question names"),
    ("logdet2", "(X X)^-1", "only a matrix the question names"),
    ("logdet2", "((X^-1)^-1)^-1", "only a matrix the question names"),
    ("logdet2", "X^-T X^T X^-T X^T X^-T X^T X^-T X^T X^-T", "at most 4 powers"),
    ("quad", "x^-1", "square"),
])
def test_costly_or_undefined_powers_are_refused_with_a_reason(keys, part, form, words):
    verdict = _verdict(keys, part, form)
    assert verdict.status == "invalid"
    assert words in verdict.reason


def test_a_matrix_of_numbers_still_takes_no_power():
    spec = ("title: t\nproblems:\n  - id: p\n    given: {A: [[2, 1], [1, 1]]}\n"
            "    parts:\n      - {id: a, kind: matrix_expression, expr: A^-1}\n")
    grader = grader_from_text(spec, "numbers.yaml")
    (key,) = [e for e in expected_keys(grader.solved) if e.graded]
    assert check_answer(key, "[[1, -1], [-1, 2]]", CheckRun()).status == "correct"
    verdict = check_answer(key, "[[2, 1], [1, 1]]^-1", CheckRun())
    assert verdict.status == "invalid" and "powers of matrices" in verdict.reason


def test_an_inverse_larger_than_4x4_is_refused():
    x = entry_matrix("X", 5, 5)
    with pytest.raises(MatrixUndefined, match="inverses larger than 4×4"):
        MatrixEvaluator({"X": x}, CLOSED_FORM_RULES).value(parse("X^-T"))


def test_minus_t_is_the_inverse_transpose_only_when_t_names_nothing():
    x = sympy.Matrix([[2, 1], [1, 1]])
    node = parse("X^-T")
    assert inverse_transposed(node, {"X": x})
    assert not inverse_transposed(node, {"X": x, "T": sympy.Symbol("T")})
    value = MatrixEvaluator({"X": x}, CLOSED_FORM_RULES).value(node)
    assert value == x.inv().T and value * x.T == sympy.eye(2)
