"""Answers as a first week of students writes them: transposed tuples, boxed LaTeX, array
matrices, sec/csc/cot, ranges with 'and', full-width characters, blanks, unknown functions,
division by zero and 'infinitely many' without the family."""

from __future__ import annotations

from functools import cache

import numpy
import pytest
import sympy

from solver.check.checker import check_answer, expected_keys
from solver.check.read import read_answer
from solver.check.values import Written
from solver.numbers import symbol
from solver.render.document import solve_set
from solver.spec.load import load_text

x, y, eta = (symbol(name) for name in ("x", "y", "eta"))
XY = {"x": x, "y": y}

SPEC = """
problems:
  - id: p
    given: {A: [[4, 1], [1, 2]], P: [[1, 2], [2, 4]], c: [1, 2]}
    parts:
      - {id: column, kind: expression, answer: '[0.64, 0.16]'}
      - {id: row, kind: expression, answer: '[[0.64, 0.16]]'}
      - {id: matrix, kind: matrix_expression, expr: A}
      - {id: tan, kind: derivative, f: tan(x), wrt: x}
      - {id: cot, kind: derivative, f: cos(x)/sin(x), wrt: x}
      - {id: twice, kind: expression, answer: 2x, variables: [x]}
      - {id: sine, kind: expression, answer: sin(x), variables: [x]}
      - {id: cosine, kind: expression, answer: cos(y), variables: [y]}
      - {id: half, kind: expression, answer: 1/2}
      - {id: rate, kind: learning_rate_bound, f: 6 x^2, wrt: [x]}
      - {id: below, kind: expression, answer: 'x < 1', variables: [x]}
      - {id: family, kind: linear_system, A: P, b: c}
"""


@cache
def keys():
    return {e.key: e for e in expected_keys(solve_set(load_text(SPEC, "first-week.yaml")))}


def verdict(key: str, raw):
    return check_answer(keys()[f"p.{key}"], raw)


# --- 1. column vectors written as transposed tuples ---------------------------------------

@pytest.mark.parametrize("text", [
    "(0.64, 0.16)^T", "[0.64, 0.16]^T", r"(0.64, 0.16)^\top", r"\left(0.64, 0.16\right)^T",
    "[0.64, 0.16]'", "(0.64, 0.16)'", "(0.64, 0.16)ᵀ",
])
def test_a_transposed_tuple_is_a_column(text):
    answer = read_answer(text, {})
    assert isinstance(answer, Written), answer
    assert answer.value.shape == (2, 1)
    assert numpy.allclose(numpy.array(answer.value.tolist(), dtype=float), [[0.64], [0.16]])
    assert verdict("column", text).status == "correct"


def test_a_transposed_tuple_reads_like_the_transposed_latex_row():
    latex = read_answer(r"\begin{bmatrix} 1 & x \end{bmatrix}^\top", XY)
    plain = read_answer("(1, x)^T", XY)
    assert latex.value.shape == plain.value.shape == (2, 1)
    assert sympy.simplify(latex.value - plain.value) == sympy.zeros(2, 1)


def test_a_family_of_transposed_tuples_is_a_family_of_columns():
    result = verdict("family", "x = (1, 0)^T + t (-2, 1)^T")
    assert result.status == "correct", result.reason


def test_in_a_matrix_product_the_transpose_is_a_row():
    # [1, 2]^T [3, 4] is the dot product 1*3 + 2*4, (1, 2)^T A a row times a matrix
    assert read_answer("[1, 2]^T [3, 4]", {}).value == sympy.ImmutableMatrix([[11]])
    product = read_answer("(1, 2)^T [[4, 1], [1, 2]]", {}).value
    assert product.tolist() == (numpy.array([[1, 2]]) @ numpy.array([[4, 1], [1, 2]])).tolist()


def test_a_written_row_stays_a_row_and_a_written_column_transposed_is_a_row():
    assert read_answer("[[1], [2]]^T", {}).value.shape == (1, 2)
    assert verdict("row", "[[0.64, 0.16]]").status == "correct"
    assert verdict("column", "[[0.64], [0.16]]^T").status == "incorrect"


# --- 5. blank answers -----------------------------------------------------------------------

@pytest.mark.parametrize("raw", ["", "   ", "\t\n", "\u3000", None, [" ", ""],
                                 [["", ""], ["", ""]]])
def test_a_blank_answer_is_missing(raw):
    assert verdict("half", raw).status == "missing"


def test_a_blank_answer_in_a_yaml_file_is_missing():
    from solver.check.answerfile import answers_from_text

    answers = answers_from_text('answers:\n  p.half: ""\n  p.twice: "  "\n  p.sine:\n',
                                "ada.yaml", "ada")
    statuses = {key: verdict(key[2:], entry.raw).status for key, entry in answers.entries.items()}
    assert statuses == {"p.half": "missing", "p.twice": "missing", "p.sine": "missing"}
