"""Cholesky factors checked by the inverse route, LLᵀ = A exactly, and against numpy's
factor on random symmetric positive definite integer matrices A = BᵀB + I; matrices without
a factor answered with the reason; the typical mistakes, error carried forward through the
checker, the checker's verdicts, and the worked solution as a PDF."""

from __future__ import annotations

import json
import random
import textwrap

import numpy as np
import pytest
import sympy
from click.testing import CliRunner

from solver.answers import Undefined, Value
from solver.check.answerfile import answers_from_text
from solver.check.checker import check_file
from solver.check.mistakes import mistakes
from solver.cli import cli
from solver.kinds import KINDS
from solver.kinds.cholesky import CholeskyInputs, solve
from solver.kinds.cholesky.steps import (
    CholeskyColumn,
    CholeskyDefiniteness,
    CholeskyFactor,
    CholeskySymmetryCheck,
)
from solver.render.pdf import available_engine
from solver.solving import solve_set
from solver.spec.load import load_text
from tests.conftest import checked_key, load, spec_error

M = sympy.ImmutableMatrix
EXAMPLE = [[4, 2, -2], [2, 10, 2], [-2, 2, 6]]  # L = [[2, 0, 0], [1, 3, 0], [-1, 1, 2]]


def random_spd(rng: random.Random, n: int) -> M:
    B = M(n, n, [rng.randint(-3, 3) for _ in range(n * n)])
    return M(B.T * B + sympy.eye(n))


def factor_of(matrix) -> M:
    return solve(CholeskyInputs(M(matrix))).answer.value


@pytest.mark.parametrize("n", [1, 2, 3, 4])
def test_l_times_its_transpose_is_a_exactly_and_matches_numpy(n):
    rng = random.Random(f"cholesky{n}")
    for _ in range(8):
        A = random_spd(rng, n)
        L = factor_of(A)
        assert L.shape == A.shape
        assert all(L[i, j] == 0 for i in range(n) for j in range(i + 1, n))
        assert all(L[j, j].is_positive for j in range(n))
        assert (L * L.T - A).applyfunc(sympy.simplify) == sympy.zeros(n, n)
        expected = np.linalg.cholesky(np.array(A.tolist(), dtype=float))
        assert np.allclose(np.array(L.evalf(30).tolist(), dtype=float), expected)


def test_square_roots_stay_exact_with_rational_denominators():
    L = factor_of([[2, 1], [1, 3]])
    assert L == M([[sympy.sqrt(2), 0], [sympy.sqrt(2) / 2, sympy.sqrt(10) / 2]])
    assert factor_of([[sympy.Rational(1, 4)]]) == M([[sympy.Rational(1, 2)]])
    root = sympy.sqrt(2)
    assert factor_of([[2, root], [root, 3]]) == M([[root, 0], [1, root]])


def test_steps_and_named_entries():
    solved = solve(CholeskyInputs(M(EXAMPLE)))
    assert [type(step) for step in solved.steps] == [
        CholeskySymmetryCheck, CholeskyDefiniteness, CholeskyColumn, CholeskyColumn,
        CholeskyColumn, CholeskyFactor]
    assert solved.answer == Value(M([[2, 0, 0], [1, 3, 0], [-1, 1, 2]]))
    assert dict(solved.intermediates) == {
        name: Value(sympy.Integer(v)) for name, v in
        [("l11", 2), ("l21", 1), ("l22", 3), ("l31", -1), ("l32", 1), ("l33", 2)]}
    column = solved.steps[3]
    assert (column.diagonal.remainder, column.diagonal.value) == (9, 3)
    assert [(t.remainder, t.divisor, t.value) for t in column.below] == [(3, 3, 1)]
    assert solved.steps[-1].product == M(EXAMPLE)
    one = solve(CholeskyInputs(M([[9]])))  # a 1×1 factor is not multiplied back
    assert [type(step) for step in one.steps] == [CholeskySymmetryCheck, CholeskyDefiniteness,
                                                  CholeskyColumn]


@pytest.mark.parametrize("matrix, words", [
    ([[1, 2], [3, 4]], "not symmetric (its entry in row 2, column 1 is 3 but the one in "
                       "row 1, column 2 is 2)"),
    ([[1, 2], [2, 1]], "not positive definite: its leading principal minor of order 2 is -3"),
    ([[-1, 0], [0, 1]], "leading principal minor of order 1 is -1"),
    ([[1, 1, 0], [1, 1, 0], [0, 0, 1]], "leading principal minor of order 2 is 0"),
])
def test_a_matrix_without_a_factor_says_why(matrix, words):
    solved = solve(CholeskyInputs(M(matrix)))
    assert isinstance(solved.answer, Undefined)
    assert words in solved.answer.reason
    assert mistakes("cholesky", CholeskyInputs(M(matrix)), solved) == ()


def _mistakes(matrix) -> dict:
    inputs = CholeskyInputs(M(matrix))
    return {m.code: m.answer.value for m in mistakes("cholesky", inputs, solve(inputs))}


def test_mistakes_produce_the_expected_wrong_values():
    found = _mistakes([[4, 2], [2, 5]])  # L = [[2, 0], [1, 2]]
    # no root: l11 = 4, l21 = 2/4, l22 = 5 − 1/4
    assert found["cholesky_root_forgotten"] == M([[4, 0], [sympy.Rational(1, 2),
                                                           sympy.Rational(19, 4)]])
    assert found["cholesky_upper_factor"] == M([[2, 1], [0, 2]])
    # divided by l11² = 4: l21 = 1/2, l22 = √(5 − 1/4)
    assert found["cholesky_divided_by_square"] == M([[2, 0], [sympy.Rational(1, 2),
                                                              sympy.sqrt(19) / 2]])


def test_mistakes_that_coincide_with_the_right_factor_are_not_offered():
    assert _mistakes([[1, 0], [0, 1]]) == {}
    # diagonal: Lᵀ = L, nothing below the diagonal to divide; only the root is missed
    assert set(_mistakes([[4, 0], [0, 9]])) == {"cholesky_root_forgotten"}
    # l11 = 1: dividing by l11² is dividing by l11, and 1 needs no root
    found = _mistakes([[1, 2], [2, 5]])  # L = [[1, 0], [2, 1]]
    assert set(found) == {"cholesky_upper_factor"}


def test_a_changed_rule_that_leaves_no_positive_diagonal_offers_nothing():
    # no root: l11 = 1/2, l21 = 1, then a22 − l21² = 0 leaves no diagonal entry
    half = sympy.Rational(1, 2)
    assert "cholesky_root_forgotten" not in _mistakes([[half, half], [half, 1]])


# -- the checker ----------------------------------------------------------------------------

SPEC = f"""\
title: Cholesky
problems:
  - id: p
    parts:
      - {{id: a, kind: cholesky, matrix: {EXAMPLE}, ecf: true}}
"""


def _verdicts(answers: dict, ecf: bool = True) -> dict:
    spec = SPEC if ecf else SPEC.replace("ecf: true", "ecf: false")
    sheet = answers_from_text(json.dumps({"student": "ada", "answers": answers}), "a.yaml",
                              "ada")
    solved = solve_set(load_text(spec, "t.yaml"))
    return {v.key: v for v in check_file(solved, sheet, only_answered=True).verdicts}


def _text(matrix: np.ndarray):
    return [[f"{x:.15g}" for x in row] for row in matrix]


def numpy_cholesky_with(A, given: dict) -> np.ndarray:
    """The column-by-column factor in floats, each entry the student's where they gave it."""
    A = np.array(A, dtype=float)
    n = len(A)
    L = np.zeros((n, n))
    for j in range(n):
        L[j, j] = given.get((j, j), np.sqrt(A[j, j] - L[j, :j] @ L[j, :j]))
        for i in range(j + 1, n):
            L[i, j] = given.get((i, j), (A[i, j] - L[i, :j] @ L[j, :j]) / L[j, j])
    return L


@pytest.mark.parametrize("earlier", [
    {"p.a.l11": "4"},  # the root forgotten on l11: the entries below it and the later columns
    {"p.a.l21": "2"},  # a wrong entry of the first column: the later columns from it
    {"p.a.l21": "2", "p.a.l31": "-1"},  # one of two given entries wrong
    {"p.a.l22": "9", "p.a.l32": "1/3"},  # the root forgotten on l22, l32 from it
])
def test_l_from_the_students_wrong_entries_is_carried(earlier):
    given = {(int(name[-2]) - 1, int(name[-1]) - 1): float(sympy.Rational(value))
             for name, value in earlier.items()}
    L = numpy_cholesky_with(EXAMPLE, given)
    verdict = _verdicts(earlier | {"p.a": _text(L)})["p.a"]
    assert (verdict.status, verdict.decided_by) == ("correct", "ecf"), verdict.reason
    wrong = [name[4:] for name, value in earlier.items()
             if value != {"l11": "2", "l21": "1", "l31": "-1", "l22": "3",
                          "l32": "1"}[name[4:]]]
    assert f"correct from your own {' and '.join(wrong)} " in verdict.reason
    assert _verdicts(earlier | {"p.a": _text(L)}, ecf=False)["p.a"].status == "incorrect"
    L[2, 2] += 1
    unrelated = _verdicts(earlier | {"p.a": _text(L)})["p.a"]
    assert unrelated.status == "incorrect" and unrelated.decided_by != "ecf"


def test_a_right_earlier_entry_carries_nothing():
    L = numpy_cholesky_with(EXAMPLE, {(1, 0): 2.0})
    verdict = _verdicts({"p.a.l11": "2", "p.a": _text(L)})["p.a"]
    assert verdict.status == "incorrect"


@pytest.mark.parametrize("earlier", [["1", "2"], "0", "x"])
def test_an_unusable_earlier_entry_carries_nothing(earlier):
    L = numpy_cholesky_with(EXAMPLE, {})
    L[:, 0] = [0, 1, -1]
    verdict = _verdicts({"p.a.l11": earlier, "p.a": _text(L)})["p.a"]
    assert verdict.status != "correct" and verdict.decided_by != "ecf"


@pytest.mark.parametrize("answer, status, diagnosis", [
    ("[[2, 0, 0], [1, 3, 0], [-1, 1, 2]]", "correct", None),
    ("[[2, 1, -1], [0, 3, 1], [0, 0, 2]]", "incorrect", "cholesky_upper_factor"),
    ("[[4, 0, 0], [1/2, 39/4, 0], [-1/2, 3/13, 3851/676]]", "incorrect",
     "cholesky_root_forgotten"),
])
def test_check_verdicts_through_the_cli(tmp_path, answer, status, diagnosis):
    spec = tmp_path / "chol.yaml"
    spec.write_text(SPEC)
    part = checked_key(spec, "p.a", answer)
    assert (part["status"], part["diagnosis"]) == (status, diagnosis)


def test_the_example_solves_and_a_given_matrix_keeps_its_name():
    spec = load(f"""\
    title: t
    problems:
      - id: p
        given: {{S: [[9, 3], [3, 5]]}}
        parts:
          - {KINDS["cholesky"].example}
          - {{id: b, kind: cholesky, matrix: S}}
    """)
    first, second = spec.problems[0].parts
    assert KINDS["cholesky"].solve(first.inputs).answer.value == M([[2, 0, 0], [1, 3, 0],
                                                                    [-1, 1, 2]])
    assert second.inputs.name == "S"
    assert KINDS["cholesky"].solve(second.inputs).answer.value == M([[3, 0], [1, 2]])


@pytest.mark.parametrize("fields, words", [
    ("matrix: [[1, 2, 3], [4, 5, 6]]", "square"),
    ("matrix: [[1, 0, 0, 0, 0, 0, 0], [0, 1, 0, 0, 0, 0, 0], [0, 0, 1, 0, 0, 0, 0], "
     "[0, 0, 0, 1, 0, 0, 0], [0, 0, 0, 0, 1, 0, 0], [0, 0, 0, 0, 0, 1, 0], "
     "[0, 0, 0, 0, 0, 0, 1]]", "up to 6×6"),
    ("matrix: [[1, sqrt(-1)], [sqrt(-1), 1]]", "real"),
    ("matrix: [[x, 1], [1, x]]", "unknown name"),
    ("matrix: B", "expected a matrix"),
])
def test_spec_errors_name_the_field(fields, words):
    message = spec_error("cholesky", fields)
    assert "field 'matrix'" in message and words in message


@pytest.mark.tex
@pytest.mark.skipif(available_engine() is None, reason="no TeX engine installed")
def test_a_worked_set_compiles_to_pdf(tmp_path):
    spec = tmp_path / "cholesky.yaml"
    spec.write_text(textwrap.dedent("""\
        title: Cholesky factorisations
        problems:
          - id: chol
            given:
              A: [[4, 2, -2], [2, 10, 2], [-2, 2, 6]]
            parts:
              - {id: a, kind: cholesky, matrix: A}
              - {id: b, kind: cholesky, matrix: [[2, -1, 0], [-1, 2, -1], [0, -1, 2]]}
              - {id: c, kind: cholesky, matrix: [[1, 2], [2, 1]]}
              - {id: d, kind: cholesky, matrix: [[1, 2], [3, 4]]}
        """))
    result = CliRunner().invoke(cli, ["solve", str(spec), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "cholesky.pdf").read_bytes().startswith(b"%PDF")
    markdown = CliRunner().invoke(cli, ["solve", str(spec), "-o", str(tmp_path), "--format",
                                        "md"])
    assert markdown.exit_code == 0, markdown.output
    text = (tmp_path / "cholesky.md").read_text()
    assert "l_{22} &= \\sqrt{a_{22} - l_{21}^2}" in text
    assert "not positive definite" in text and "not symmetric" in text
