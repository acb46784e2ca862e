"""The identity I in a closed form, as students write ridge regression: (XᵀX + λI)w − Xᵀy.

I takes the size of the square matrix beside it (the uniform scaling c·I), so one I
serves a 2×2 sum and a product with a vector alike. Every form graded correct is also
written with numpy and checked against central finite differences at random matrices;
an I beside a matrix that is not square, or whose size nothing gives, is refused with
a reason; a part that names a matrix I keeps its own.
"""

from __future__ import annotations

import numpy as np
import pytest
import sympy

from solver.check.checker import CheckRun, check_answer
from solver.expr import parse
from solver.expr.matrices import CLOSED_FORM_RULES, MatrixEvaluator, MatrixUndefined, ScaledIdentity
from tests.closed_form_checks import assert_forms_are_the_gradient, keys_of, ridge_loss

SPEC = """\
title: The identity in closed forms
problems:
  - id: g
    given: {lambda: 1/2}
    parts:
      - {id: ridge, kind: matrix_gradient, f: "1/2 norm(y - X w)^2 + lambda/2 w^T w",
         wrt: w, shapes: {y: [3, 1], X: [3, 2], w: [2, 1]}}
      - {id: trace, kind: matrix_gradient, f: trace(X), wrt: X, shapes: {X: [3, 3]}}
      - {id: half, kind: matrix_gradient, f: "1/2 w^T w", wrt: w, shapes: {w: [2, 1]}}
      - {id: named, kind: matrix_gradient, f: "x^T I x", wrt: x, shapes: {I: [2, 2], x: [2, 1]}}
"""

RNG = np.random.default_rng(11)


@pytest.fixture(scope="module")
def keys():
    return keys_of(SPEC, "identity.yaml")


def _verdict(keys, part: str, answer: str):
    return check_answer(keys[f"g.{part}.closed_form"], answer, CheckRun())


RIGHT = [
    ("ridge", ["(X^T X + I/2) w - X^T y", "X^T X w + I w / 2 - X^T y",
               r"(X^\top X + \tfrac{1}{2} I) w - X^\top y",
               r"\left(X^{\top} X + \frac12 \mathbf{I}\right) w - X^{\top} y",
               "(X^T X + (2 I)^-1) w - X^T y", "X^T (X w - y) + (I/2)^T w"],
     lambda m: (m["X"].T @ m["X"] + np.eye(2) / 2) @ m["w"] - m["X"].T @ m["y"], ridge_loss,
     lambda: {"y": RNG.uniform(-1, 1, (3, 1)), "X": RNG.uniform(-1, 1, (3, 2)),
              "w": RNG.uniform(-1, 1, (2, 1))}, "w"),
    ("trace", ["I", "I^T", "2 I / 2", "I^-1", "I I", r"\mathbf{I}"],
     lambda m: np.eye(3), lambda m: float(np.trace(m["X"])),
     lambda: {"X": RNG.uniform(-1, 1, (3, 3))}, "X"),
    ("half", ["I w", "w", "(I + I) w / 2"],
     lambda m: np.eye(2) @ m["w"], lambda m: 0.5 * float(np.sum(m["w"] ** 2)),
     lambda: {"w": RNG.uniform(-1, 1, (2, 1))}, "w"),
]


@pytest.mark.parametrize(("part", "forms", "formula", "f", "draw", "wrt"), RIGHT,
                         ids=[case[0] for case in RIGHT])
def test_closed_forms_with_the_identity_are_correct_and_are_the_gradient(
        keys, part, forms, formula, f, draw, wrt):
    assert_forms_are_the_gradient(keys[f"g.{part}.closed_form"], forms, formula, f, draw, wrt)


@pytest.mark.parametrize(("part", "form"), [
    ("ridge", "(X^T X + I) w - X^T y"),  # lambda = 1/2, not 1
    ("ridge", "(X^T X - I/2) w - X^T y"),
    ("trace", "2 I"),
    ("trace", "-I"),
])
def test_wrong_closed_forms_with_the_identity_are_incorrect(keys, part, form):
    assert _verdict(keys, part, form).status == "incorrect"


@pytest.mark.parametrize(("part", "form", "words"), [
    ("ridge", "(X + I/2) w - X^T y", "the identity cannot be added to a 3×2 matrix"),
    ("ridge", "I", "the identity alone has no size here"),
    ("ridge", "det(I) w", "det() of the identity needs its size"),
    ("ridge", "X^T X w + 1 + I", "a number and a matrix cannot be added"),
    ("half", "w / I", "cannot divide by a matrix"),
    ("half", "I^(1/2) w", "whole exponent"),
    ("half", "[[I, 0], [0, 1]] w", "a matrix entry must be a number"),
])
def test_an_identity_without_a_size_or_shape_is_refused_with_a_reason(keys, part, form,
                                                                       words):
    verdict = _verdict(keys, part, form)
    assert verdict.status == "invalid"
    assert words in verdict.reason


def test_a_part_that_names_a_matrix_i_keeps_it(keys):
    """x^T I x with I a 2×2 matrix of the part: its gradient is (I + Iᵀ)x, not 2x."""
    assert _verdict(keys, "named", "(I + I^T) x").status == "correct"
    assert _verdict(keys, "named", "2 x").status == "incorrect"


def test_the_identity_takes_the_size_of_the_matrix_beside_it():
    a = sympy.Matrix([[1, 2], [3, 4]])
    col = sympy.Matrix([5, 6, 7])
    values = {"A": a, "v": col, "I": ScaledIdentity()}

    def value(text):
        return MatrixEvaluator(values, CLOSED_FORM_RULES).value(parse(text))

    assert value("A + 2 I") == a + 2 * sympy.eye(2)
    assert value("I A - A") == sympy.zeros(2)
    assert value("(3 I)^-1 A") * 3 == a
    assert value("I v") == col and value("v^T I") == col.T
    assert value("(A - I)^T") == (a - sympy.eye(2)).T
    assert value("I + I") == ScaledIdentity(sympy.Integer(2))
    with pytest.raises(MatrixUndefined, match="cannot be added to a 3×1 matrix"):
        value("v + I")
