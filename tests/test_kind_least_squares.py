"""Least squares checked by independent routes: Xᵀ(y − Xθ) = 0 exactly, numpy's lstsq on
random integer data, the ridge closed form (XᵀX + λI)⁻¹Xᵀy and the minimum-norm solution
pinv(X) y in numpy; the typical mistakes, error carried forward through the checker, the
checker's verdicts on the command line, spec errors, and the worked solution as a PDF."""

from __future__ import annotations

import json
import random
import textwrap

import numpy as np
import pytest
import sympy
from click.testing import CliRunner

from solver.answers import InfinitelyMany
from solver.check.answerfile import answers_from_text
from solver.check.checker import check_file
from solver.check.mistakes import mistakes
from solver.cli import cli
from solver.errors import SpecErrors
from solver.kinds import KINDS
from solver.kinds.least_squares import LeastSquaresInputs, solve
from solver.kinds.least_squares.steps import MinimumNormChoice, NormalEquationsSolved
from solver.render.pdf import available_engine
from solver.solving import solve_set
from solver.spec.load import load_text
from tests.conftest import example_spec, load, spec_error

M = sympy.ImmutableMatrix
R = sympy.Rational


def floats(matrix) -> np.ndarray:
    return np.array(matrix.tolist(), dtype=float)


def random_data(rng: random.Random, rows: int, cols: int) -> tuple[M, M]:
    X = M(rows, cols, [rng.choice([-3, -2, -1, 0, 1, 2, 3, 4]) for _ in range(rows * cols)])
    return X, M([rng.randint(-5, 5) for _ in range(rows)])


def answer(X, y, ridge=0):
    return solve(LeastSquaresInputs(M(X), M(y), sympy.sympify(ridge))).answer


@pytest.mark.parametrize("rows, cols", [(2, 1), (3, 2), (4, 2), (5, 3), (6, 4), (3, 3)])
def test_matches_numpy_lstsq_and_the_residual_is_orthogonal(rows, cols):
    rng = random.Random(f"{rows}x{cols}")
    checked = 0
    while checked < 6:
        X, y = random_data(rng, rows, cols)
        if X.rank() < cols:
            continue
        checked += 1
        found = answer(X, y)
        theta, fitted, residual = (found[name].value for name in ("theta", "fitted", "residual"))
        assert all(entry.is_Rational for entry in theta)
        assert X.T * (y - X * theta) == sympy.zeros(cols, 1)  # exactly
        assert fitted == X * theta and residual == y - fitted
        assert found["rss"].value == (residual.T * residual)[0]
        expected, *_ = np.linalg.lstsq(floats(X), floats(y), rcond=None)
        assert np.allclose(floats(theta), expected)


@pytest.mark.parametrize("ridge", [R(1, 2), 1, 3])
def test_ridge_matches_the_closed_form(ridge):
    rng = random.Random(str(ridge))
    for rows, cols in ((3, 2), (4, 3), (2, 3), (3, 3)):
        X, y = random_data(rng, rows, cols)
        theta = answer(X, y, ridge)["theta"].value
        A = floats(X)
        closed = np.linalg.inv(A.T @ A + float(ridge) * np.eye(cols)) @ A.T @ floats(y)
        assert np.allclose(floats(theta), closed)
        assert X.T * (y - X * theta) == ridge * theta  # the ridge's normal equations


@pytest.mark.parametrize("X, y", [
    ([[1, 2], [2, 4], [3, 6]], [1, 2, 2]),
    ([[1, 1, 2], [1, 0, 1], [0, 1, 1], [1, 1, 2]], [1, 2, 3, 4]),
    ([[1, 2, 3], [2, 4, 6]], [1, 1]),
    ([[1, 0, 1, 1], [0, 1, 1, 1], [1, 1, 2, 2]], [3, 1, 2]),
])
def test_dependent_columns_give_numpys_minimum_norm_solution_and_the_family(X, y):
    X, y = M(X), M(y)
    solved = solve(LeastSquaresInputs(X, y))
    found = solved.answer
    theta = found["theta"].value
    assert np.allclose(floats(theta), np.linalg.pinv(floats(X)) @ floats(y))
    expected, *_ = np.linalg.lstsq(floats(X), floats(y), rcond=None)
    assert np.allclose(floats(theta), expected)
    family = found["solutions"]
    assert isinstance(family, InfinitelyMany) and family.particular == theta
    for vector in family.basis:  # null-space directions, orthogonal to θ⁺
        assert X * vector == sympy.zeros(X.rows, 1)
        assert (vector.T * theta)[0] == 0
    member = theta + sum((t * v for t, v in zip(family.parameters, family.basis, strict=True)),
                         sympy.zeros(X.cols, 1))
    assert (X.T * (y - X * member)).expand() == sympy.zeros(X.cols, 1)
    assert any(isinstance(step, MinimumNormChoice) for step in solved.steps)


def test_a_ridge_makes_dependent_columns_unique():
    found = answer([[1, 2], [2, 4], [3, 6]], [1, 2, 2], 1)
    assert "solutions" not in dict(found.items)
    A = np.array([[1.0, 2], [2, 4], [3, 6]])
    closed = np.linalg.solve(A.T @ A + np.eye(2), A.T @ np.array([1.0, 2, 2]))
    assert np.allclose(floats(found["theta"].value).ravel(), closed)


def test_the_normal_equations_are_solved_by_the_linear_systems_elimination():
    solved = solve(LeastSquaresInputs(M([[1, 0], [1, 1], [1, 2]]), M([6, 0, 0])))
    step = next(s for s in solved.steps if isinstance(s, NormalEquationsSolved))
    assert [type(child).__name__ for child in step.children] == ["Augmented", "Elimination"]
    assert dict(solved.intermediates)["XtX"].value == M([[3, 3], [3, 5]])
    assert dict(solved.intermediates)["Xty"].value == M([6, 0])
    assert solved.answer["theta"].value == M([5, -3])


def _mistakes(X, y, ridge=0):
    inputs = LeastSquaresInputs(M(X), M(y), sympy.sympify(ridge))
    return {(m.code, m.name): m.answer.value for m in mistakes("least_squares", inputs,
                                                                solve(inputs))}


def test_mistakes_produce_the_expected_wrong_values():
    X, y = M([[1, 2], [3, 4]]), M([1, 1])
    found = _mistakes(X, y, R(1, 2))
    I2 = sympy.eye(2)
    assert found[("outer_gram", "theta")] == (X * X.T + I2 / 2).inv() * X.T * y
    assert found[("untransposed_Xty", "theta")] == (X.T * X + I2 / 2).inv() * X * y
    assert found[("ridge_on_every_entry", "theta")] == (
        X.T * X + sympy.ones(2, 2) / 2).inv() * X.T * y
    theta = answer(X, y, R(1, 2))["theta"].value
    assert found[("residual_sign", "residual")] == X * theta - y
    tall = _mistakes([[1, 0], [1, 1], [1, 2]], [6, 0, 0])
    assert tall[("dropped_rows", "theta")] == M([6, -6])  # [[1, 0], [1, 1]]θ = [6, 0]
    assert tall[("residual_sign", "residual")] == M([-1, 2, -1])
    assert not {code for code, _ in tall} & {"outer_gram", "untransposed_Xty"}  # X not square


def test_mistakes_that_coincide_with_the_right_answer_are_not_offered():
    # symmetric X: XXᵀ = XᵀX and Xy = Xᵀy; no ridge: nothing to add to every entry
    found = _mistakes([[1, 1], [1, 1]], [1, 2])
    assert {code for code, _ in found} == {"residual_sign"}
    # a perfect fit: the residual is 0, its sign cannot be wrong
    assert "residual_sign" not in {code for code, _ in _mistakes([[1, 0], [0, 1], [1, 1]],
                                                                  [1, 2, 3])}


SPEC = """\
title: Least squares
problems:
  - id: p
    parts:
      - {id: a, kind: least_squares, X: [[1, 0], [1, 1], [1, 2]], y: [6, 0, 0], ecf: true}
"""


def _verdicts(answers: dict, ecf: bool = True) -> dict:
    spec = SPEC if ecf else SPEC.replace("ecf: true", "ecf: false")
    sheet = answers_from_text(json.dumps({"student": "ada", "answers": answers}), "a.yaml",
                              "ada")
    solved = solve_set(load_text(spec, "t.yaml"))
    return {v.key: v for v in check_file(solved, sheet, only_answered=True).verdicts}


# the student's XᵀX = [[3, 3], [3, 6]] (right: [[3, 3], [3, 5]]) gives θ = [4, −2]
ECF = [
    ("p.a.theta", {"p.a.XtX": [["3", "3"], ["3", "6"]]}, ["4", "-2"], "XtX", ["1", "1"]),
    ("p.a.theta", {"p.a.Xty": ["6", "3"]}, ["7/2", "-3/2"], "Xty", ["1", "1"]),
    ("p.a.fitted", {"p.a.theta": ["4", "-2"]}, ["4", "2", "0"], "theta", ["1", "1", "1"]),
    ("p.a.residual", {"p.a.theta": ["4", "-2"]}, ["2", "-2", "0"], "theta", ["0", "0", "1"]),
    ("p.a.rss", {"p.a.residual": ["1", "1", "1"]}, "3", "residual", "5"),
]


@pytest.mark.parametrize("key, earlier, later, source, unrelated", ECF)
def test_error_carried_forward_through_the_checker(key, earlier, later, source, unrelated):
    verdict = _verdicts(earlier | {key: later})[key]
    assert (verdict.status, verdict.decided_by) == ("correct", "ecf"), verdict.reason
    assert f"correct from your own {source} " in verdict.reason
    assert _verdicts(earlier | {key: later}, ecf=False)[key].status == "incorrect"
    wrong = _verdicts(earlier | {key: unrelated})[key]
    assert wrong.status == "incorrect" and wrong.decided_by != "ecf", wrong.reason


def test_an_earlier_value_of_the_wrong_shape_carries_nothing():
    verdict = _verdicts({"p.a.XtX": [["3", "3", "0"]], "p.a.theta": ["4", "-2"]})["p.a.theta"]
    assert verdict.status != "correct" and verdict.decided_by != "ecf"


@pytest.mark.parametrize("key, answer, status, diagnosis", [
    ("p.a.theta", ["5", "-3"], "correct", None),
    ("p.a.theta", ["6", "-6"], "incorrect", "dropped_rows"),
    ("p.a.residual", ["-1", "2", "-1"], "incorrect", "residual_sign"),
    ("p.a.rss", "6", "correct", None),
])
def test_check_verdicts_through_the_cli(tmp_path, key, answer, status, diagnosis):
    spec = tmp_path / "ls.yaml"
    spec.write_text(SPEC)
    sheet = tmp_path / "ada.json"
    sheet.write_text(json.dumps({"student": "ada", "answers": {key: answer}}))
    result = CliRunner().invoke(cli, ["check", str(spec), str(sheet), "--format", "json"])
    assert result.exit_code == 0, result.output
    part = next(p for p in json.loads(result.output)["parts"] if p["key"] == key)
    assert (part["status"], part["diagnosis"]) == (status, diagnosis)


def test_the_example_solves():
    spec = example_spec("least_squares")
    part = spec.problems[0].parts[0]
    assert KINDS["least_squares"].solve(part.inputs).answer["theta"].value == M([5, -3])


def test_a_given_design_matrix_keeps_its_name_and_A_may_name_it():
    spec = load("""\
    title: t
    problems:
      - id: p
        given: {D: [[1, 0], [1, 1], [1, 2]]}
        parts:
          - {id: a, kind: least_squares, X: D, y: [6, 0, 0]}
          - {id: b, kind: least_squares, A: [[1, 0], [1, 1], [1, 2]], y: [6, 0, 0], ridge: 0}
    """)
    first, second = spec.problems[0].parts
    assert (first.inputs.name, second.inputs.name) == ("D", "A")


@pytest.mark.parametrize("fields, field, words", [
    ("X: [[1, 0], [1, 1]], y: [1, 2, 3]", "y", "2 rows but y has 3"),
    ("X: [[1, 0], [1, 1]], y: [1, 2], ridge: -1", "ridge", "λ ≥ 0"),
    ("X: [[1, 0], [1, 1]], A: [[1, 0], [1, 1]], y: [1, 2]", "A", "not both"),
    ("X: [[1, 0], [1, 1]], y: [[1, 2], [3, 4]]", "y", "column vector"),
    ("X: Z, y: [1, 2]", "X", "expected a matrix"),
])
def test_spec_errors_name_the_field(fields, field, words):
    message = spec_error("least_squares", fields)
    assert f"field '{field}'" in message and words in message


def test_a_missing_design_matrix_is_named():
    with pytest.raises(SpecErrors) as error:
        load("""\
        title: t
        problems:
          - id: p
            parts:
              - {id: a, kind: least_squares, y: [1, 2]}
        """)
    assert "missing field 'X'" in str(error.value)


@pytest.mark.tex
@pytest.mark.skipif(available_engine() is None, reason="no TeX engine installed")
def test_a_worked_set_compiles_to_pdf(tmp_path):
    spec = tmp_path / "least-squares.yaml"
    spec.write_text(textwrap.dedent("""\
        title: Least squares
        problems:
          - id: ls
            given:
              X: [[1, 0], [1, 1], [1, 2]]
            parts:
              - {id: a, kind: least_squares, X: X, y: [6, 0, 0]}
              - {id: b, kind: least_squares, A: [[1, 2], [2, 4], [3, 6]], y: [1, 2, 2]}
              - {id: c, kind: least_squares, X: [[1, 2], [3, 4]], y: [1, 1], ridge: 1/2}
        """))
    result = CliRunner().invoke(cli, ["solve", str(spec), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "least-squares.pdf").read_bytes().startswith(b"%PDF")
    markdown = CliRunner().invoke(cli, ["solve", str(spec), "-o", str(tmp_path), "--format",
                                        "md"])
    assert markdown.exit_code == 0, markdown.output
    text = (tmp_path / "least-squares.md").read_text()
    assert r"\lVert r \rVert^2 = 6" in text and r"\theta^{+}" in text
