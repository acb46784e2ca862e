"""A matrix gradient's key of entries also reads a closed form with the matrices' names,
worked out in the same entries the part was solved with (a symmetric S included), so a
gradient the catalogue has no closed form for (aᵀX⁻¹b) can still be answered as courses
write it; and in a closed form aᵀx is a number, as in 2(aᵀx)a, which a function of
numbers also takes: exp(−½(x − μ)ᵀS⁻¹(x − μ)). The closed form's own key works in those
entries too, so with S symmetric (S + Sᵀ)x and 2Sx are both right, and f, which a closed
form such as −f S⁻¹(x − μ) names, is the function's value in either key.

Every form graded correct is also written with numpy and checked against central finite
differences at random matrices.
"""

from __future__ import annotations

import numpy as np
import pytest

from solver.check.checker import CheckRun, check_answer
from tests.closed_form_checks import assert_forms_are_the_gradient, keys_of, ridge_loss
from tests.test_matrix_gradient_inverses import gaussian, spd

SPEC = """\
title: Closed forms in the gradient's key
problems:
  - id: g
    given: {lambda: 1/2}
    parts:
      - {id: bilinear, kind: matrix_gradient, f: "a^T X^-1 b", wrt: X,
         shapes: {a: [2, 1], X: [2, 2], b: [2, 1]}}
      - {id: quad, kind: matrix_gradient, f: "x^T A x", wrt: x, shapes: {A: [2, 2], x: [2, 1]}}
      - {id: sym, kind: matrix_gradient, f: "x^T S x", wrt: x, shapes: {S: [2, 2], x: [2, 1]},
         symmetric: [S]}
      - {id: ridge, kind: matrix_gradient, f: "1/2 norm(y - X w)^2 + lambda/2 w^T w",
         wrt: w, shapes: {y: [3, 1], X: [3, 2], w: [2, 1]}}
      - {id: square, kind: matrix_gradient, f: "(a^T x)^2", wrt: x,
         shapes: {a: [2, 1], x: [2, 1]}}
      - {id: gauss, kind: matrix_gradient, f: "exp(-1/2 (x - mu)^T S^-1 (x - mu))", wrt: x,
         shapes: {S: [2, 2], x: [2, 1], mu: [2, 1]}, symmetric: [S]}
"""

RNG = np.random.default_rng(17)


def _vector(n):
    return RNG.uniform(-1, 1, (n, 1))


@pytest.fixture(scope="module")
def keys():
    return keys_of(SPEC, "gradient-key.yaml")


def _verdict(keys, key: str, answer: str):
    return check_answer(keys[f"g.{key}"], answer, CheckRun())


def _square_invertible():
    return spd(2) + RNG.uniform(-0.5, 0.5, (2, 2))


RIGHT = [
    ("bilinear", ["-X^-T a b^T X^-T", "-(X^-1)^T a b^T (X^-1)^T",
                  r"-X^{-\top} a b^{\top} X^{-\top}"],
     lambda m: -np.linalg.inv(m["X"]).T @ m["a"] @ m["b"].T @ np.linalg.inv(m["X"]).T,
     lambda m: float(np.squeeze(m["a"].T @ np.linalg.inv(m["X"]) @ m["b"])),
     lambda: {"a": _vector(2), "X": _square_invertible(), "b": _vector(2)}, "X"),
    ("quad", ["(A + A^T) x", "A x + A^T x"],
     lambda m: (m["A"] + m["A"].T) @ m["x"],
     lambda m: float(np.squeeze(m["x"].T @ m["A"] @ m["x"])),
     lambda: {"A": RNG.uniform(-1, 1, (2, 2)), "x": _vector(2)}, "x"),
    ("sym", ["2 S x", "(S + S^T) x"],
     lambda m: 2 * m["S"] @ m["x"], lambda m: float(np.squeeze(m["x"].T @ m["S"] @ m["x"])),
     lambda: {"S": spd(2), "x": _vector(2)}, "x"),
    ("ridge", ["(X^T X + lambda I) w - X^T y", "X^T (X w - y) + w/2"],
     lambda m: (m["X"].T @ m["X"] + np.eye(2) / 2) @ m["w"] - m["X"].T @ m["y"],
     ridge_loss,
     lambda: {"y": _vector(3), "X": RNG.uniform(-1, 1, (3, 2)), "w": _vector(2)}, "w"),
    ("gauss", ["-exp(-1/2 (x - mu)^T S^-1 (x - mu)) S^-1 (x - mu)", "-f S^-1 (x - mu)",
               r"-e^{-\frac{1}{2}(x - \mu)^\top S^{-1}(x - \mu)} S^{-1}(x - \mu)"],
     lambda m: -gaussian(m) * np.linalg.inv(m["S"]) @ (m["x"] - m["mu"]), gaussian,
     lambda: {"S": spd(2), "x": _vector(2), "mu": _vector(2)}, "x"),
    ("square", ["2 (a^T x) a", "2 a^T x a", "2 a (a^T x)", "2 a a^T x"],
     lambda m: 2 * float(np.squeeze(m["a"].T @ m["x"])) * m["a"],
     lambda m: float(np.squeeze(m["a"].T @ m["x"])) ** 2,
     lambda: {"a": _vector(2), "x": _vector(2)}, "x"),
]


@pytest.mark.parametrize(("part", "forms", "formula", "f", "draw", "wrt"), RIGHT,
                         ids=[case[0] for case in RIGHT])
def test_closed_forms_in_the_gradient_key_are_correct_and_are_the_gradient(
        keys, part, forms, formula, f, draw, wrt):
    assert_forms_are_the_gradient(keys[f"g.{part}.gradient"], forms, formula, f, draw, wrt)


@pytest.mark.parametrize(("key", "form"), [
    ("bilinear.gradient", "-X^-1 a b^T X^-1"),  # the transpose
    ("bilinear.gradient", "-X^-T b a^T X^-T"),
    ("quad.gradient", "2 A x"),  # A is not symmetric
    ("ridge.gradient", "(X^T X + I) w - X^T y"),
    ("square.closed_form", "(a^T x) a"),
])
def test_wrong_closed_forms_in_the_gradient_key_are_incorrect(keys, key, form):
    assert _verdict(keys, key, form).status == "incorrect"


def test_a_function_of_numbers_takes_a_1x1_product_and_refuses_a_vector(keys):
    verdict = _verdict(keys, "gauss.gradient", "exp(x) S^-1 (x - mu)")
    assert verdict.status == "invalid"
    assert "the argument of exp() must be a number, but this is a 2×1 matrix" in verdict.reason
    assert _verdict(keys, "gauss.gradient", "exp(-1/2 (x - mu)^T S^-1 (x - mu)) S^-1 (x - mu)") \
        .diagnosis == "sign_error"


def test_f_is_the_function_in_both_keys(keys):
    """The closed form −f S⁻¹(x − μ) names f, the density itself: written out, it is as
    right in the closed form's key as f is in the gradient's."""
    for form in ("-f S^-1 (x - mu)", "-exp(-1/2 (x - mu)^T S^-1 (x - mu)) S^-1 (x - mu)",
                 "-f S^-T (x - mu)"):  # S is symmetric
        assert _verdict(keys, "gauss.closed_form", form).status == "correct", form
    assert _verdict(keys, "gauss.closed_form", "f S^-1 (x - mu)").diagnosis == "sign_error"


def test_a_1x1_product_is_a_number_in_the_closed_form_key(keys):
    for form in ("2 (a^T x) a", "2 (x^T a) a", "2 a^T x a"):
        assert _verdict(keys, "square.closed_form", form).status == "correct", form


def test_the_gradient_key_still_reads_the_entries(keys):
    assert _verdict(keys, "quad.gradient", "[[2 A_11 x_1 + (A_12 + A_21) x_2], "
                    "[(A_12 + A_21) x_1 + 2 A_22 x_2]]").status == "correct"
    assert _verdict(keys, "sym.gradient", "[[2 S11 x1 + 2 S12 x2], [2 S12 x1 + 2 S22 x2]]") \
        .status == "correct"


@pytest.mark.parametrize(("form", "status", "diagnosis"), [
    ("2 S x", "correct", None),
    ("(S + S^T) x", "correct", None),  # right for every S
    ("2 S^T x", "correct", None),  # right for a symmetric S
    ("S x", "incorrect", "missing_factor_2"),
])
def test_a_closed_form_of_a_symmetric_matrix_is_compared_in_its_own_entries(
        keys, form, status, diagnosis):
    """S declared symmetric: the closed form's S has Sⱼᵢ = Sᵢⱼ, as the part was solved,
    so (S + Sᵀ)x, which general entries would tell from 2Sx, is right."""
    verdict = _verdict(keys, "sym.closed_form", form)
    assert (verdict.status, verdict.diagnosis) == (status, diagnosis), verdict.reason


@pytest.mark.parametrize(("key", "form"), [
    ("quad.closed_form", "(A + A') x"),
    ("quad.gradient", "A x + A' x"),
    ("ridge.closed_form", "X'X w - X'y + w/2"),
    ("ridge.gradient", "X'(X w - y) + lambda w"),
])
def test_a_prime_after_a_matrix_is_its_transpose_as_in_matlab(keys, key, form):
    assert _verdict(keys, key, form).status == "correct", form


def test_a_prime_after_a_vector_that_is_the_variable_is_still_its_transpose(keys):
    """x' for the column x is the row xᵀ: 2 (x'a) a is 2 (aᵀx) a."""
    assert _verdict(keys, "square.closed_form", "2 (x'a) a").status == "correct"


def test_a_closed_form_is_written_out_in_entries_once_per_key(keys, monkeypatch):
    """Every answer written with the matrices' names is compared with the key's closed
    form in entries; that expansion is worked out for the first answer only, and the
    verdicts are those it gives when worked out each time."""
    import solver.check.checker as checker
    from solver.memo import PerObject

    forms = ("-f S^-1 (x - mu)", "-f S^-T (x - mu)", "f S^-1 (x - mu)")
    monkeypatch.setattr(checker, "_in_entries_once", checker._in_entries)  # each time
    fresh = [_verdict(keys, "gauss.closed_form", form) for form in forms]
    monkeypatch.undo()
    calls = []
    written_out = checker._in_entries
    monkeypatch.setattr(checker, "_in_entries",
                        lambda value, given: calls.append(value) or written_out(value, given))
    monkeypatch.setattr(checker, "_written_out", PerObject(lambda _given: {}))
    again = [_verdict(keys, "gauss.closed_form", form) for form in forms]
    assert [(v.status, v.diagnosis) for v in again] == [(v.status, v.diagnosis) for v in fresh]
    assert len(calls) == len(set(calls))  # the key's form, and each mistake's, once


def test_a_closed_form_in_entries_keeps_its_exponential_whole(keys):
    """The Gaussian's closed form in entries keeps exp(−½(x − μ)ᵀS⁻¹(x − μ)) as one
    exponential in each entry: expanded, it is ten, in a tree eight times the size."""
    import sympy

    import solver.check.checker as checker

    expected = keys["g.gauss.closed_form"]
    written = checker._in_entries(expected.answer.value, checker._definitions(expected))
    assert [len(entry.atoms(sympy.exp)) for entry in written] == [1, 1]
