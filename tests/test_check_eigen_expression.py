"""Eigenvectors up to scale, eigenspaces by span, eigenpairs in any order; authored answers
(sets, closed ranges, declared variables) — through the real checker and the command line.

Every eigenpair a test calls right is first checked by substitution (A v = λ v, numpy).
"""

from __future__ import annotations

import json

import numpy as np
import pytest
from click.testing import CliRunner

from solver.check.answerfile import AnswerEntry, AnswerFile
from solver.check.checker import check_file
from solver.cli import cli
from solver.solving import solve_set
from solver.spec.load import load_text

EIGEN_SPEC = """
problems:
  - id: e
    parts:
      - {id: a, kind: eigen, matrix: [[2, 1], [1, 2]]}
      - {id: b, kind: eigen, matrix: [[2, 0, 0], [0, 2, 0], [0, 0, 3]]}
      - {id: c, kind: eigen, matrix: [[2, 1, 0], [1, 2, 1], [0, 1, 2]]}
      - {id: d, kind: eigen, matrix: [[1, 2, 0], [2, 0, 1], [0, 1, 3]]}
"""
MATRICES = {"e.a": [[2, 1], [1, 2]], "e.b": [[2, 0, 0], [0, 2, 0], [0, 0, 3]],
            "e.c": [[2, 1, 0], [1, 2, 1], [0, 1, 2]], "e.d": [[1, 2, 0], [2, 0, 1], [0, 1, 3]]}
R2 = 2 ** 0.5


def _verdicts(spec: str, answers: dict):
    solved = solve_set(load_text(spec, "spec.yaml"))
    sheet = AnswerFile("ada", "ada.yaml", {k: AnswerEntry(k, v, 1) for k, v in answers.items()})
    return {v.key: v for v in check_file(solved, sheet, only_answered=True).verdicts}


def _is_eigenpair(part: str, value: float, vector) -> bool:
    A, v = np.array(MATRICES[part], dtype=float), np.array(vector, dtype=float)
    return bool(np.linalg.norm(v) > 0 and np.allclose(A @ v, value * v))


def _eigenspace_dimension(part: str, value: float) -> int:
    A = np.array(MATRICES[part], dtype=float)
    return A.shape[0] - np.linalg.matrix_rank(A - value * np.eye(A.shape[0]))


# -- eigenvectors up to a non-zero scale -----------------------------------------------------


@pytest.mark.parametrize("key, text, value, vector", [
    ("e.a.v1", "[2, 2]", 3, [2, 2]),
    ("e.a.v1", "[-1/2, -1/2]", 3, [-0.5, -0.5]),
    ("e.a.v1", "[0.707, 0.707]", 3, [0.707, 0.707]),
    ("e.a.v2", "[-3, 3]", 1, [-3, 3]),
    ("e.b.v1", "[0, 0, 5]", 3, [0, 0, 5]),
    ("e.c.v1", "[2, 2 sqrt(2), 2]", 2 + R2, [2, 2 * R2, 2]),
])
def test_a_non_zero_multiple_of_an_eigenvector_is_correct(key, text, value, vector):
    assert _is_eigenpair(key[:3], value, vector)
    verdict = _verdicts(EIGEN_SPEC, {key: text})[key]
    assert verdict.status == "correct", verdict.reason


@pytest.mark.parametrize("key, text, reason", [
    ("e.a.v1", "[0, 0]", "zero vector"),
    ("e.a.v1", "[1, 2]", "not a multiple"),
    ("e.a.v1", "[1, 1, 1]", "2 entries"),
    ("e.a.v1", "[0.7, 0.9]", "not parallel"),
])
def test_a_vector_that_is_not_an_eigenvector_is_wrong(key, text, reason):
    verdict = _verdicts(EIGEN_SPEC, {key: text})[key]
    assert verdict.status == "incorrect" and reason in verdict.reason, verdict.reason


# -- eigenspaces by span ---------------------------------------------------------------------


@pytest.mark.parametrize("text, vectors", [
    ("[[1, 0, 0], [0, 1, 0]]", [[1, 0, 0], [0, 1, 0]]),
    ("{(1, 1, 0), (1, -1, 0)}", [[1, 1, 0], [1, -1, 0]]),
    ("[[2, 3], [5, -1], [0, 0]]", [[2, 5, 0], [3, -1, 0]]),  # the basis as columns
])
def test_any_basis_of_an_eigenspace_is_correct(text, vectors):
    assert _eigenspace_dimension("e.b", 2) == len(vectors) == np.linalg.matrix_rank(vectors)
    assert all(_is_eigenpair("e.b", 2, v) for v in vectors)
    verdict = _verdicts(EIGEN_SPEC, {"e.b.v2": text})["e.b.v2"]
    assert verdict.status == "correct", verdict.reason


@pytest.mark.parametrize("text, reason", [
    ("[1, 0, 0]", "dimension 2: give 2 independent vectors, not 1"),
    ("{(1, 0, 0), (2, 0, 0)}", "span only 1 of 2"),
    ("[[1, 0, 0], [0, 1, 0], [1, 1, 0]]", "3 vectors are linearly dependent"),
    ("[[1, 0, 0], [0, 0, 0]]", "zero vector"),
    ("[[1, 0, 0], [0, 0, 1]]", "(0, 0, 1) is not in the span"),
])
def test_a_wrong_basis_of_an_eigenspace_says_why(text, reason):
    verdict = _verdicts(EIGEN_SPEC, {"e.b.v2": text})["e.b.v2"]
    assert verdict.status == "incorrect" and reason in verdict.reason, verdict.reason


# -- eigenpairs in any order -----------------------------------------------------------------


@pytest.mark.parametrize("part, pairs", [
    ("e.a", [("1", "[1, -1]", 1, [1, -1]), ("3", "[5, 5]", 3, [5, 5])]),
    ("e.c", [("2 - sqrt(2)", "[1, -sqrt(2), 1]", 2 - R2, [1, -R2, 1]),
             ("2", "[-1, 0, 1]", 2, [-1, 0, 1]),
             ("2 + sqrt(2)", "[1, sqrt(2), 1]", 2 + R2, [1, R2, 1])]),
    ("e.c", [("2", "[1, 0, -1]", 2, [1, 0, -1]),
             ("2 - sqrt(2)", "[-2, 2 sqrt(2), -2]", 2 - R2, [-2, 2 * R2, -2]),
             ("2 + sqrt(2)", "[3, 3 sqrt(2), 3]", 2 + R2, [3, 3 * R2, 3])]),
])
def test_eigenpairs_in_another_order_than_ours_are_matched_as_pairs(part, pairs):
    answers = {}
    for i, (value_text, vector_text, value, vector) in enumerate(pairs, start=1):
        assert _is_eigenpair(part, value, vector)
        answers[f"{part}.lambda{i}"], answers[f"{part}.v{i}"] = value_text, vector_text
    verdicts = _verdicts(EIGEN_SPEC, answers)
    assert {k: v.status for k, v in verdicts.items()} == dict.fromkeys(answers, "correct"), \
        [v.reason for v in verdicts.values()]


def _numpy_pairs(part: str, decimals: int):
    """numpy's eigenpairs (ascending), rounded to ``decimals`` places, as answer text."""
    values, vectors = np.linalg.eigh(np.array(MATRICES[part], dtype=float))
    return [(round(float(values[i]), decimals), [round(float(x), decimals) for x in vectors[:, i]])
            for i in range(len(values))]


def test_decimal_eigenpairs_of_three_real_irrational_eigenvalues_are_right():
    # x³ − 4x² − 2x + 13 has three real roots that radicals write with i (casus irreducibilis)
    pairs = _numpy_pairs("e.d", 4)
    answers = {}
    A = np.array(MATRICES["e.d"], dtype=float)
    for i, (value, vector) in enumerate(pairs, start=1):
        assert np.allclose(A @ np.array(vector), value * np.array(vector), atol=1e-3)
        answers[f"e.d.lambda{i}"] = str(value)
        answers[f"e.d.v{i}"] = [str(x) for x in vector]
    verdicts = _verdicts(EIGEN_SPEC, answers)
    assert {k: v.status for k, v in verdicts.items()} == dict.fromkeys(answers, "correct"), \
        [v.reason for v in verdicts.values()]
    off = [str(x + 0.01 * (j == 2)) for j, x in enumerate(pairs[0][1])]  # one entry off
    verdict = _verdicts(EIGEN_SPEC, {"e.d.v1": off})["e.d.v1"]
    assert verdict.status == "incorrect" and "not parallel" in verdict.reason, verdict.reason


@pytest.mark.parametrize("text, status", [
    ("[0.707, 0.707]", "correct"),
    ("[0.0123, 0.0124]", "correct"),  # within a unit of the 3 figures given
    ("[0.71, 0.70]", "incorrect"),  # 2 figures are too few to be judged by their figures
    ("[0.707, 0.600]", "incorrect"),
])
def test_a_decimal_eigenvector_is_judged_by_the_figures_it_gives(text, status):
    verdict = _verdicts(EIGEN_SPEC, {"e.a.v1": text})["e.a.v1"]
    assert verdict.status == status, verdict.reason


def test_a_value_and_a_vector_of_different_eigenpairs_are_not_a_pair():
    # 3 and 1 are eigenvalues and (1, −1), (1, 1) eigenvectors, but of the other eigenvalue
    assert not _is_eigenpair("e.a", 3, [1, -1]) and not _is_eigenpair("e.a", 1, [1, 1])
    answers = {"e.a.lambda1": "3", "e.a.v1": "[1, -1]", "e.a.lambda2": "1", "e.a.v2": "[1, 1]"}
    verdicts = _verdicts(EIGEN_SPEC, answers)
    assert sum(v.status == "correct" for v in verdicts.values()) == 2
    assert {verdicts["e.a.v1"].status, verdicts["e.a.v2"].status} == {"incorrect"}


def test_one_eigenvalue_twice_is_one_pair_only():
    verdicts = _verdicts(EIGEN_SPEC, {"e.a.lambda1": "3", "e.a.lambda2": "3"})
    assert sorted(v.status for v in verdicts.values()) == ["correct", "incorrect"]


@pytest.mark.parametrize("text, status, reason", [
    ("[1, 3]", "correct", "any order"),
    ("[3, 1]", "correct", "any order"),
    ("[3, 3]", "incorrect", "3 given too many times; missing 1"),
    ("[3, 2]", "incorrect", "2 is not among the values; missing 1"),
    ("[3, 1, 1]", "incorrect", "1 given too many times"),
])
def test_the_list_of_eigenvalues_is_compared_as_a_multiset(text, status, reason):
    assert sorted(np.linalg.eigvalsh(np.array(MATRICES["e.a"], dtype=float))) \
        == pytest.approx([1, 3])
    verdict = _verdicts(EIGEN_SPEC, {"e.a.eigenvalues": text})["e.a.eigenvalues"]
    assert verdict.status == status and reason in verdict.reason, verdict.reason


def _cli_check(tmp_path, spec: str, key: str, answer: str):
    path = tmp_path / "spec.yaml"
    path.write_text(spec)
    result = CliRunner().invoke(cli, ["check", str(path), "--format", "json", "--key", key,
                                      answer])
    assert result.exit_code == 0, result.output
    (part,) = json.loads(result.output)["parts"]
    return part


@pytest.mark.parametrize("key, answer, status", [
    ("e.a.v1", "[2, 2]", "correct"),
    ("e.a.v1", "[1, -1]", "correct"),  # our v2: alone, it may be the student's first pair
    ("e.a.v1", "[0, 0]", "incorrect"),
    ("e.b.v2", "{(1, 1, 0), (1, -1, 0)}", "correct"),
    ("e.b.v2", "[1, 1, 0]", "incorrect"),
])
def test_eigen_answers_on_the_command_line(tmp_path, key, answer, status):
    assert _cli_check(tmp_path, EIGEN_SPEC, key, answer)["status"] == status


# -- the expression kind ---------------------------------------------------------------------

EXPRESSION_SPEC = """
problems:
  - id: p
    parts:
      - {id: s, kind: expression, answer: '{0, 1, 2}'}
      - {id: r, kind: expression, answer: '{sqrt(2), -sqrt(2), 1/2}'}
      - {id: t, kind: expression, answer: '{(1, 2), (3, 4)}'}
      - {id: k, kind: expression, answer: '{(k pi, 0)}'}
      - {id: le, kind: expression, answer: 'x <= 2', variables: [x]}
      - {id: half, kind: expression, answer: '[0, 1)', variables: [x]}
      - {id: both, kind: expression, answer: '-2 <= x <= 7', variables: [x]}
      - {id: open, kind: expression, answer: '0 < t < 1', variables: [t]}
      - {id: one, kind: expression, answer: '1', variables: {x: real}}
      - {id: pos, kind: expression, answer: 'x', variables: {x: positive}}
"""


@pytest.mark.parametrize("key, text", [
    ("p.s", "{0, 1, 2}"),
    ("p.s", "{2, 0, 1}"),
    ("p.s", "{1, 1, 0, 2, 2}"),
    ("p.s", r"\{0, 1, 2\}"),
    ("p.r", "{0.5, 2^(1/2), -sqrt(2)}"),
    ("p.t", "{(3, 4), (1, 2)}"),
    ("p.k", "{(pi + 2 k pi, 0), (2 k pi, 0)}"),
])
def test_a_set_matches_in_any_order_with_repeats_irrelevant(key, text):
    verdict = _verdicts(EXPRESSION_SPEC, {key: text})[key]
    assert verdict.status == "correct", verdict.reason


@pytest.mark.parametrize("key, text, reason", [
    ("p.s", "{0, 1}", "missing 2"),
    ("p.s", "{0, 1, 2, 3}", "3 is not in the set"),
    ("p.s", "{0, 1, 5}", "5 is not in the set; missing 2"),
    ("p.s", "{0, 4, 5}", "4, 5 are not in the set; missing 1, 2"),
    ("p.t", "{(1, 2), (4, 3)}", "missing (3, 4)"),
    ("p.k", "{(2 k pi, 0)}", "misses the family x1 = π*k, x2 = 0"),
    ("p.s", "[[1, 2], [3, 4]]", "expected a set {a, b, …}, got a 2×2 matrix"),
    ("p.s", "{(k pi)}", "got a family of points"),
    ("p.s", "no solution", "expected a set"),
])
def test_a_wrong_set_names_the_wrong_missing_and_extra_elements(key, text, reason):
    verdict = _verdicts(EXPRESSION_SPEC, {key: text})[key]
    assert verdict.status == "incorrect" and reason in verdict.reason, verdict.reason


@pytest.mark.parametrize("key, text, status, reason", [
    ("p.le", "x <= 2", "correct", "the same range"),
    ("p.le", "x < 2", "incorrect", "the upper end 2 should be included"),
    ("p.half", "[0, 1)", "correct", "the same range"),
    ("p.half", "0 <= x < 1", "correct", "the same range"),
    ("p.half", "(0, 1)", "incorrect", "the lower end 0 should be included"),
    ("p.half", "[0, 1]", "incorrect", "the upper end 1 should be excluded"),
    ("p.both", "-2 <= x <= 7", "correct", "the same range"),
    ("p.both", "[-2, 7]", "correct", "the same range"),
    ("p.both", "-2 < x <= 7", "incorrect", "the lower end −2 should be included"),
    ("p.open", "0 < t < 1", "correct", "the same range"),
    ("p.open", "(0, 1)", "correct", "the same range"),
    ("p.open", "0 <= t < 1", "incorrect", "the lower end 0 should be excluded"),
])
def test_closed_and_open_ends_of_a_range_are_kept_and_compared(key, text, status, reason):
    verdict = _verdicts(EXPRESSION_SPEC, {key: text})[key]
    assert verdict.status == status and reason in verdict.reason, verdict.reason


def test_the_solved_range_keeps_its_closed_ends():
    from solver.render.json_out import solved_json

    solved = solved_json(solve_set(load_text(EXPRESSION_SPEC, "spec.yaml")))
    parts = {part["id"]: part["answer"] for part in solved["problems"][0]["parts"]}
    assert (parts["le"]["lower"], parts["le"]["closed"]) == (None, [False, True])
    assert parts["half"]["closed"] == [True, False]
    assert parts["both"]["closed"] == [True, True]
    assert (parts["open"]["closed"], parts["open"]["open"]) == ([False, False], True)


@pytest.mark.parametrize("key, text, status", [
    ("p.one", "cos(x)^2 + sin(x)^2", "correct"),
    ("p.one", "cos(x)^2", "incorrect"),
    ("p.pos", "sqrt(x^2)", "correct"),  # x is declared positive
    ("p.pos", "abs(x)", "correct"),
])
def test_a_declared_variable_may_appear_where_the_answer_has_none(key, text, status):
    verdict = _verdicts(EXPRESSION_SPEC, {key: text})[key]
    assert verdict.status == status, verdict.reason


@pytest.mark.parametrize("key, answer, status", [
    ("p.s", "{2, 1, 0}", "correct"),
    ("p.s", "{0, 1}", "incorrect"),
    ("p.both", "[-2, 7]", "correct"),
    ("p.both", "(-2, 7)", "incorrect"),
    ("p.one", "cos(x)^2 + sin(x)^2", "correct"),
])
def test_expression_answers_on_the_command_line(tmp_path, key, answer, status):
    part = _cli_check(tmp_path, EXPRESSION_SPEC, key, answer)
    assert part["status"] == status, part["reason"]
