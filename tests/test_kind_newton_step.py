"""Newton's method checked by a numpy Newton loop (hand-written gradients and Hessians,
np.linalg.solve) on quadratics, which it minimises in one step, and on x⁴ and other
non-quadratic functions; singular and non-descent steps as answers; the typical mistakes,
error carried forward through the checker, the CLI's verdicts and the worked PDF."""

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
from solver.kinds.newton_step import NewtonInputs, solve
from solver.kinds.newton_step.steps import (
    NewtonEliminationDirection,
    NewtonInverseDirection,
    NewtonNotDescent,
    NewtonScalarDirection,
    NewtonSingular,
    NewtonStationary,
)
from solver.numbers import symbol
from solver.render.pdf import available_engine
from solver.solving import solve_set
from solver.spec.load import load_text
from tests.conftest import example_spec, spec_error

M = sympy.ImmutableMatrix
X, Y, Z = (symbol(name) for name in "xyz")


def inputs(f, wrt: str, start, steps: int = 1) -> NewtonInputs:
    names = tuple(wrt.split())
    return NewtonInputs(f, names, M([sympy.nsimplify(s) for s in start]), steps)


def as_array(value) -> np.ndarray:
    if isinstance(value, sympy.MatrixBase):
        return np.array([float(entry) for entry in value], dtype=float)
    return np.array([float(value)])


def numpy_newton(gradient, hessian, start, steps: int) -> np.ndarray:
    x = np.array(start, dtype=float)
    for _ in range(steps):
        x = x - np.linalg.solve(np.atleast_2d(hessian(x)), np.atleast_1d(gradient(x)))
    return x


def random_spd(rng: random.Random, n: int) -> M:
    while True:
        B = M(n, n, [rng.randint(-3, 3) for _ in range(n * n)])
        Q = M(B.T * B + sympy.eye(n))
        if Q.det() != 0:
            return Q


@pytest.mark.parametrize("n", [1, 2, 3])
def test_a_quadratic_is_minimised_in_one_step(n):
    rng = random.Random(n)
    variables = (X, Y, Z)[:n]
    theta = M(variables)
    for _ in range(6):
        Q, b = random_spd(rng, n), M([rng.randint(-5, 5) for _ in range(n)])
        f = sympy.expand((theta.T * Q * theta)[0] / 2 - (b.T * theta)[0])
        start = [sympy.Rational(rng.randint(-9, 9), rng.randint(1, 4)) for _ in range(n)]
        solved = solve(inputs(f, " ".join(str(v) for v in variables), start))
        answer = solved.answer.value
        assert M([answer]) == Q.solve(b) if n == 1 else answer == Q.solve(b)
        expected = numpy_newton(lambda x, Q=Q, b=b: np.array(Q.tolist(), float) @ x
                                - np.array(b, float).ravel(),
                                lambda x, Q=Q: np.array(Q.tolist(), float), start, 1)
        assert np.allclose(as_array(answer), expected, rtol=1e-12)


FUNCTIONS = [
    # f, variables, start, steps, gradient, Hessian (numpy, by hand)
    (X**4, "x", [3], 4, lambda v: np.array([4 * v[0]**3]),
     lambda v: np.array([[12 * v[0]**2]])),
    (X**4 + Y**2 + X * Y, "x y", [1, 2], 3,
     lambda v: np.array([4 * v[0]**3 + v[1], 2 * v[1] + v[0]]),
     lambda v: np.array([[12 * v[0]**2, 1], [1, 2]])),
    (sympy.exp(X) - 2 * X + Y**2, "x y", [0, 1], 4,
     lambda v: np.array([np.exp(v[0]) - 2, 2 * v[1]]),
     lambda v: np.array([[np.exp(v[0]), 0], [0, 2]])),
    (sympy.exp(X) + X**2 + (Y - 1)**4 + Z**2 + X * Z, "x y z", ["1/2", 2, 1], 3,
     lambda v: np.array([np.exp(v[0]) + 2 * v[0] + v[2], 4 * (v[1] - 1)**3,
                         2 * v[2] + v[0]]),
     lambda v: np.array([[np.exp(v[0]) + 2, 0, 1], [0, 12 * (v[1] - 1)**2, 0], [1, 0, 2]])),
    (X**2 * Y**2 + X**4 + Y**4 + X + Y, "x y", [1, -1], 5,
     lambda v: np.array([2 * v[0] * v[1]**2 + 4 * v[0]**3 + 1,
                         2 * v[0]**2 * v[1] + 4 * v[1]**3 + 1]),
     lambda v: np.array([[2 * v[1]**2 + 12 * v[0]**2, 4 * v[0] * v[1]],
                         [4 * v[0] * v[1], 2 * v[0]**2 + 12 * v[1]**2]])),
]


@pytest.mark.parametrize("case", range(len(FUNCTIONS)))
def test_iterates_match_a_numpy_newton_loop(case):
    f, wrt, start, steps, gradient, hessian = FUNCTIONS[case]
    solved = solve(inputs(f, wrt, start, steps))
    assert isinstance(solved.answer, Value), solved.answer
    values = dict(solved.intermediates)
    start_floats = [float(sympy.nsimplify(s)) for s in start]
    for k in range(1, steps + 1):
        expected = numpy_newton(gradient, hessian, start_floats, k)
        assert np.allclose(as_array(values[f"theta{k}"].value), expected, rtol=1e-10), k
    assert np.allclose(as_array(solved.answer.value),
                       numpy_newton(gradient, hessian, start_floats, steps), rtol=1e-10)


def test_x_to_the_fourth_shrinks_by_two_thirds_exactly():
    solved = solve(inputs(X**4, "x", [3], 3))
    values = dict(solved.intermediates)
    assert [values[f"theta{k}"].value for k in range(4)] == [3, 2, sympy.Rational(4, 3),
                                                              sympy.Rational(8, 9)]
    assert values["d0"].value == -1 and values["hessian0"].value == 108


def test_the_solve_is_shown_by_size():
    kinds = {1: NewtonScalarDirection, 2: NewtonInverseDirection, 3: NewtonEliminationDirection}
    for n, kind in kinds.items():
        f = sum(v**2 for v in (X, Y, Z)[:n]) + X * (Y if n > 1 else 1)
        solved = solve(inputs(f, " ".join("xyz"[:n]), [1] * n))
        assert any(isinstance(step, kind) for step in solved.walk())


def test_a_singular_hessian_is_an_answer_naming_the_iterate():
    solved = solve(inputs(X**4 + Y**2, "x y", [0, 1]))
    assert isinstance(solved.answer, Undefined)
    assert "iterate 0" in solved.answer.reason and "singular" in solved.answer.reason
    assert any(isinstance(step, NewtonSingular) for step in solved.steps)
    later = solve(inputs(X**4 + Y**2 - 4 * X, "x y", [1, 1], 3))  # reaches no zero f″
    assert isinstance(later.answer, Value)
    scalar = solve(inputs(X**3, "x", [0]))
    assert isinstance(scalar.answer, Value)  # f′(0) = 0: a stationary point, not singular
    assert isinstance(solve(inputs(X**3 + X, "x", [0])).answer, Undefined)


def test_a_direction_that_is_not_downhill_is_an_answer():
    scalar = solve(inputs(-X**2 + X**4 / 100, "x", [1]))
    assert isinstance(scalar.answer, Undefined) and "descent" in scalar.answer.reason
    saddle = solve(inputs(X**2 - Y**2, "x y", [1, 1]))
    assert isinstance(saddle.answer, Undefined) and "iterate 0" in saddle.answer.reason
    step = next(s for s in saddle.steps if isinstance(s, NewtonNotDescent))
    assert step.slope == 0 and step.failing == 2 and step.minors == (2, -4)
    # an indefinite H whose step still goes downhill is taken
    assert isinstance(solve(inputs(X**2 - Y**2 + 3 * X, "x y", [1, 1])).answer, Value)


def test_a_stationary_start_stays_put():
    solved = solve(inputs(X**2 + Y**2, "x y", [0, 0], 2))
    assert solved.answer.value == M([0, 0])
    assert any(isinstance(step, NewtonStationary) for step in solved.steps)
    assert dict(solved.intermediates)["theta2"].value == M([0, 0])


def test_long_values_are_carried_as_decimals():
    solved = solve(inputs(sympy.exp(X) - 2 * X, "x", [0], 6))
    answer = solved.answer.value
    assert answer.is_Float and abs(float(answer) - np.log(2)) < 1e-12
    values = dict(solve(inputs(X**4 + Y**2 + X * Y, "x y", [1, -1], 3)).intermediates)
    assert values["theta1"].value == M([sympy.Rational(16, 23), sympy.Rational(-8, 23)])
    assert all(entry.is_Float for entry in values["theta3"].value)  # 15-digit fractions


def _found(case):
    return {m.code: m.answer.value for m in mistakes("newton_step", case, solve(case))}


def test_mistakes_give_the_expected_wrong_iterates():
    f = X**2 + 2 * Y**2 + X * Y - X  # H = [[2, 1], [1, 4]], at (1, 1): ∇f = (2, 5)
    found = _found(inputs(f, "x y", [1, 1]))
    H, g, start = np.array([[2.0, 1], [1, 4]]), np.array([2.0, 5]), np.array([1.0, 1])
    assert np.allclose(as_array(found["newton_sign"]), start + np.linalg.solve(H, g))
    assert np.allclose(as_array(found["hessian_diagonal"]), start - g / np.diag(H))
    assert np.allclose(as_array(found["gradient_step"]), start - g)


def test_the_diagonal_mistake_is_not_named_when_h_is_diagonal():
    found = _found(inputs(X**2 + 3 * Y**2 - X, "x y", [1, 1]))
    assert "hessian_diagonal" not in found and "newton_sign" in found
    # f″ = 2: the gradient step θ − f′ coincides with Newton's
    assert "gradient_step" not in _found(inputs(X**2 / 2 + X, "x", [1]))


SPEC = """\
title: Newton
problems:
  - id: p
    parts:
      - {id: a, kind: newton_step, f: "x^2 + 2 y^2 + x y - x", wrt: [x, y], start: [1, 1],
         ecf: true}
      - {id: b, kind: newton_step, f: "x^4", wrt: x, start: 3, steps: 3, ecf: true}
"""


def _verdicts(answers: dict, spec: str = SPEC) -> dict:
    sheet = answers_from_text(json.dumps({"student": "ada", "answers": answers}), "a.json",
                              "ada")
    solved = solve_set(load_text(spec, "t.yaml"))
    return {v.key: v for v in check_file(solved, sheet, only_answered=True).verdicts}


def test_later_iterates_carry_from_the_students_earlier_ones():
    # x⁴: θ₁ = 2; from the student's θ₁ = 9/4 the next iterates are 3/2 and 1
    verdicts = _verdicts({"p.b.theta1": "9/4", "p.b": "1"})
    assert verdicts["p.b.theta1"].status == "incorrect"
    assert (verdicts["p.b"].status, verdicts["p.b"].decided_by) == ("correct", "ecf")
    assert "theta1" in verdicts["p.b"].reason
    assert _verdicts({"p.b.theta1": "9/4", "p.b": "8/9"})["p.b"].status == "correct"
    assert _verdicts({"p.b.theta1": "9/4", "p.b": "2"})["p.b"].status == "incorrect"
    without = _verdicts({"p.b.theta1": "9/4", "p.b": "1"}, SPEC.replace("ecf: true", "ecf: false"))
    assert without["p.b"].status == "incorrect"


def test_the_step_carries_from_the_students_hessian_and_direction():
    # their H = [[2, 0], [0, 4]] at (1, 1) with ∇f = (2, 5): d = (−1, −5/4), θ₁ = (0, −1/4)
    verdicts = _verdicts({"p.a.hessian0": [["2", "0"], ["0", "4"]], "p.a": ["0", "-1/4"]})
    assert verdicts["p.a.hessian0"].status == "incorrect"
    assert (verdicts["p.a"].status, verdicts["p.a"].decided_by) == ("correct", "ecf")
    # their d = (−1, −1) gives θ₁ = (0, 0)
    verdicts = _verdicts({"p.a.d0": ["-1", "-1"], "p.a": ["0", "0"]})
    assert (verdicts["p.a"].status, verdicts["p.a"].decided_by) == ("correct", "ecf")


@pytest.mark.parametrize("answer, status, diagnosis", [
    (["4/7", "-1/7"], "correct", None),
    (["10/7", "15/7"], "incorrect", "newton_sign"),
    (["-1", "-4"], "incorrect", "gradient_step"),
])
def test_check_verdicts_through_the_cli(tmp_path, answer, status, diagnosis):
    spec = tmp_path / "newton.yaml"
    spec.write_text(textwrap.dedent("""\
        title: Newton
        problems:
          - id: p
            parts:
              - {id: a, kind: newton_step, f: "x^2 + 2 y^2 + x y - x", wrt: [x, y],
                 start: [1, 1]}
        """))
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps({"student": "ada", "answers": {"p.a": answer}}))
    result = CliRunner().invoke(cli, ["check", str(spec), str(answers), "--format", "json"])
    assert result.exit_code == 0, result.output
    part = json.loads(result.output)["parts"][0]
    assert (part["status"], part["diagnosis"]) == (status, diagnosis)


def test_the_example_solves():
    spec = example_spec("newton_step")
    part = spec.problems[0].parts[0]
    assert KINDS["newton_step"].solve(part.inputs).answer.value == M([sympy.Rational(4, 7),
                                                                     sympy.Rational(-1, 7)])


@pytest.mark.parametrize("fields, field, words", [
    ("f: x^2 + y^2, wrt: [x, y], start: [1, 2, 3]", "start", "one per variable"),
    ("f: x^2, wrt: x, start: 1, steps: 21", "steps", "between 1 and 20"),
    ("f: x^2 + z, wrt: x, start: 1", "f", "unknown name"),
])
def test_spec_errors_name_the_field(fields, field, words):
    message = spec_error("newton_step", fields)
    assert f"field '{field}'" in message and words in message, message


@pytest.mark.tex
@pytest.mark.skipif(available_engine() is None, reason="no TeX engine installed")
def test_a_worked_set_compiles_to_pdf(tmp_path):
    spec = tmp_path / "newton.yaml"
    spec.write_text(textwrap.dedent("""\
        title: Newton's method
        problems:
          - id: newton
            parts:
              - {id: a, kind: newton_step, f: "x^2 + 2 y^2 + x y - x", wrt: [x, y],
                 start: [1, 1]}
              - {id: b, kind: newton_step, f: x^4, wrt: x, start: 3, steps: 3}
              - {id: c, kind: newton_step, f: "x^2 + y^2 + z^2 + x y + y z - 2 x",
                 wrt: [x, y, z], start: [0, 0, 0]}
              - {id: d, kind: newton_step, f: "x^4 + y^2", wrt: [x, y], start: [0, 1]}
              - {id: e, kind: newton_step, f: "x^2 - y^2", wrt: [x, y], start: [1, 1]}
              - {id: f, kind: newton_step, f: "exp(x) - 2 x", wrt: x, start: 0, steps: 3}
        """))
    result = CliRunner().invoke(cli, ["solve", str(spec), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "newton.pdf").read_bytes().startswith(b"%PDF")
    markdown = CliRunner().invoke(cli, ["solve", str(spec), "-o", str(tmp_path), "--format",
                                        "md"])
    assert markdown.exit_code == 0, markdown.output
    text = (tmp_path / "newton.md").read_text()
    assert "singular" in text and "not a descent direction" in text
