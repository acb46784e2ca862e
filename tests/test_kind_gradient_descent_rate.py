"""Gradient descent with a symbolic learning rate α: the iterates in α agree with a numpy
loop for numbers substituted for α; the α that reaches the minimiser in one step lands on
numpy's solution of ∇f = 0; the convergence range 0 < α < 2/λ_max is checked by running
numpy gradient descent inside and outside it; error carried forward, the checker's
verdicts, spec errors and a PDF."""

from __future__ import annotations

import json
import random
import textwrap

import numpy as np
import pytest
import sympy
from click.testing import CliRunner

from solver.answers import Interval, NoBound, NoSolution, Value
from solver.check.answerfile import answers_from_text
from solver.check.checker import check_file
from solver.cli import cli
from solver.kinds.gradient_descent import GradientDescentInputs, solve
from solver.numbers import symbol
from solver.render.pdf import available_engine
from solver.solving import solve_set
from solver.spec.load import load_text
from tests.conftest import spec_error

ALPHA = symbol("alpha")
x, y, z = symbol("x"), symbol("y"), symbol("z")
M = sympy.ImmutableMatrix


def _inputs(f, wrt, start, steps=1, ask=()):
    return GradientDescentInputs(f, tuple(str(v) for v in wrt), M(start), ALPHA, steps,
                                 tuple(ask))


def _numpy_descent(f, wrt, start, rate: float, steps: int) -> np.ndarray:
    gradient = sympy.lambdify(wrt, [sympy.diff(f, v) for v in wrt], "numpy")
    theta = np.array(start, dtype=float)
    for _ in range(steps):
        theta = theta - rate * np.array(gradient(*theta), dtype=float)
    return theta


def _floats(value) -> np.ndarray:
    if isinstance(value, sympy.MatrixBase):
        return np.array([float(entry) for entry in value])
    return np.array([float(value)])


FUNCTIONS = [
    (x**2 + 3 * y**2, (x, y), [1, 1], 3),
    (5 * x**2 - 2 * x, (x,), [1], 4),
    ((x - 1)**2 + 2 * (y + 1)**2 + x * y, (x, y), [0, 2], 3),
    (x**4 + y**2, (x, y), [1, -1], 2),
    (sympy.exp(x) + y**2, (x, y), [0, 1], 2),
    (x**2 + y**2 + z**2 - x * z + 2 * y, (x, y, z), [1, 2, -1], 3),
]


@pytest.mark.parametrize("f, wrt, start, steps", FUNCTIONS)
def test_iterates_in_alpha_match_numpy_for_numbers_substituted(f, wrt, start, steps):
    solved = solve(_inputs(f, wrt, start, steps))
    named = dict(solved.intermediates)
    for rate in (0.01, 0.1, 0.25, 0.4):
        for k in range(1, steps + 1):
            iterate = named[f"theta{k}"].value
            assert iterate.free_symbols <= {ALPHA} if not isinstance(iterate, sympy.MatrixBase) \
                else all(e.free_symbols <= {ALPHA} for e in iterate)
            ours = _floats(iterate.subs(ALPHA, sympy.Rational(rate)))
            np.testing.assert_allclose(ours, _numpy_descent(f, wrt, start, rate, k),
                                       rtol=1e-10, atol=1e-12)


def test_iterates_are_factored():
    named = dict(solve(_inputs(x**2 + 3 * y**2, (x, y), [1, 1], 2)).intermediates)
    assert str(named["theta2"].value[0]) == "(1 - 2*alpha)**2"
    assert str(named["loss1"].value) == "4*(28*alpha**2 - 10*alpha + 1)"


def _random_quadratic(rng: random.Random, n: int):
    """½xᵀAx − bᵀx + c with A symmetric positive definite (BᵀB + I, small integers)."""
    B = sympy.Matrix(n, n, lambda i, j: rng.randint(-2, 2))
    A = B.T * B + sympy.eye(n)
    b = sympy.Matrix([rng.randint(-3, 3) for _ in range(n)])
    xs = (x, y, z)[:n]
    v = sympy.Matrix(xs)
    f = sympy.expand((v.T * A * v)[0] / 2 - (b.T * v)[0] + rng.randint(-2, 2))
    return f, xs, np.array(A.tolist(), dtype=float), np.array(b.tolist(), dtype=float)[:, 0]


@pytest.mark.parametrize("seed", range(8))
def test_the_convergence_range_holds_for_numpy_gradient_descent(seed):
    rng = random.Random(seed)
    f, xs, A, b = _random_quadratic(rng, rng.choice([1, 2, 3]))
    start = [rng.randint(-3, 3) for _ in xs]
    answer = solve(_inputs(f, xs, start, ask=["converges"])).answer["converges"]
    assert isinstance(answer, Interval) and answer.variable == "alpha" and answer.lower == 0
    top = float(answer.upper)
    assert top == pytest.approx(2 / np.linalg.eigvalsh(A).max())
    minimiser = np.linalg.solve(A, b)
    far = np.array(start, dtype=float) + 1.0  # away from the minimiser along every axis
    for rate in (0.3 * top, 0.9 * top):
        theta = _numpy_descent(f, xs, far, rate, 400)
        np.testing.assert_allclose(theta, minimiser, atol=1e-6)
    start_error = np.linalg.norm(far - minimiser)
    theta = _numpy_descent(f, xs, far + np.linalg.eigh(A)[1][:, -1], 1.1 * top, 200)
    assert np.linalg.norm(theta - minimiser) > 100 * max(start_error, 1)


@pytest.mark.parametrize("seed", range(6))
def test_one_step_to_the_minimiser_lands_on_numpys_solution(seed):
    """From θ* + v with v an eigenvector of A, the step α = 1/λ lands on θ*; from θ* + e₁
    with Ae₁ not a multiple of e₁, no step does."""
    rng = random.Random(100 + seed)
    n = rng.choice([1, 2])
    f, xs, A, b = _random_quadratic(rng, n)
    minimiser = np.linalg.solve(A, b)
    exact = sympy.Matrix(A.astype(int).tolist())
    exact_min = exact.solve(sympy.Matrix(b.astype(int)))
    direction = sympy.Matrix([1] + [0] * (n - 1))
    for value in exact.eigenvals():
        vector = (exact - value * sympy.eye(n)).nullspace()[0]
        if all(entry.is_Rational for entry in vector):
            direction = vector
            break
    start = list(exact_min + direction)
    rate = solve(_inputs(f, xs, start, ask=["reaches_minimiser"])).answer["reaches_minimiser"]
    if (exact * direction).rank() and sympy.Matrix.hstack(exact * direction, direction).rank() > 1:
        assert isinstance(rate, NoSolution)
        return
    assert isinstance(rate, Value) and rate.value > 0
    one = _numpy_descent(f, xs, [float(s) for s in start], float(rate.value), 1)
    np.testing.assert_allclose(one, minimiser, atol=1e-10)


def test_no_single_step_reaches_a_minimiser_off_the_gradient_line():
    answer = solve(_inputs(x**2 + 3 * y**2, (x, y), [1, 1], ask=["reaches_minimiser"])).answer
    assert isinstance(answer["reaches_minimiser"], NoSolution)
    answer = solve(_inputs(5 * x**2 - 2 * x, (x,), [1], ask=["reaches_minimiser"])).answer
    assert answer["reaches_minimiser"].value == sympy.Rational(1, 10)


def test_a_non_quadratic_f_says_why_the_range_is_not_decided_this_way():
    answer = solve(_inputs(x**4, (x,), [1], ask=["converges"])).answer["converges"]
    assert isinstance(answer, NoBound)
    assert "eigenvalues" in answer.reason and "not quadratic" in answer.reason


SPEC = """\
title: t
problems:
  - id: p
    parts:
      - id: a
        kind: gradient_descent
        f: "x^2 + 3 y^2"
        wrt: [x, y]
        start: [1, 1]
        constants: [alpha]
        learning_rate: alpha
        steps: 2
        ask: [reaches_minimiser, converges]
        ecf: true
      - {id: b, kind: gradient_descent, f: "5 x^2 - 2 x", wrt: x, start: 1,
         constants: [alpha], learning_rate: alpha, ask: [reaches_minimiser], ecf: true}
"""


def _verdicts(answers: dict, spec: str = SPEC) -> dict:
    sheet = answers_from_text(json.dumps({"student": "ada", "answers": answers}), "a.yaml",
                              "ada")
    solved = solve_set(load_text(spec, "t.yaml"))
    return {v.key: v for v in check_file(solved, sheet, only_answered=True).verdicts}


def test_answers_and_typical_mistakes_through_the_checker():
    verdicts = _verdicts({"p.a.theta2": ["(1 - 2 alpha)^2", "(1 - 6 alpha)^2"],
                          "p.a.converges": "0 < alpha < 1/3",
                          "p.a.reaches_minimiser": "no solution",
                          "p.b.reaches_minimiser": "1/10"})
    assert {key: v.status for key, v in verdicts.items()} == dict.fromkeys(verdicts, "correct")
    wrong = _verdicts({"p.a.converges": "0 < alpha < 1/6",
                       "p.a.theta2": ["(1 + 2 alpha)^2", "(1 + 6 alpha)^2"]})
    assert wrong["p.a.converges"].diagnosis == "lr_bound_one_over_lambda_max"
    assert wrong["p.a.theta2"].diagnosis == "gradient_ascent"


def test_carried_from_the_students_hessian_and_first_iterate():
    # their H = [[2, 0], [0, 10]]: 0 < α < 1/5 follows from it
    verdict = _verdicts({"p.a.hessian": [["2", "0"], ["0", "10"]],
                         "p.a.converges": "0 < alpha < 1/5"})["p.a.converges"]
    assert (verdict.status, verdict.decided_by) == ("correct", "ecf"), verdict.reason
    # their θ₁ = 1 − 10α (f' taken as 10x): θ* = 1/5 is reached for α = 2/25
    verdict = _verdicts({"p.b.theta1": "1 - 10 alpha",
                         "p.b.reaches_minimiser": "2/25"})["p.b.reaches_minimiser"]
    assert (verdict.status, verdict.decided_by) == ("correct", "ecf"), verdict.reason


@pytest.mark.parametrize("fields, field, words", [
    ("f: x^2, wrt: x, start: 1, learning_rate: 0.1, ask: [converges]", "ask", "symbolic"),
    ("f: x^2, wrt: x, start: 1, constants: [alpha], learning_rate: alpha, ask: [diverges]",
     "ask", "unknown question"),
    ("f: x^2, wrt: x, start: 1, constants: [alpha], learning_rate: 2 alpha", "learning_rate",
     "declared constant"),
    ("f: x^2, wrt: x, start: 1, constants: [a, b], learning_rate: a", "constants",
     "one constant"),
    ("f: x^2, wrt: x, start: 1, learning_rate: alpha", "learning_rate", "alpha"),
])
def test_spec_errors_name_the_field(fields, field, words):
    message = spec_error("gradient_descent", fields)
    assert f"field '{field}'" in message and words in message


@pytest.mark.tex
@pytest.mark.skipif(available_engine() is None, reason="no TeX engine installed")
def test_a_worked_set_compiles_to_pdf(tmp_path):
    spec = tmp_path / "rate.yaml"
    spec.write_text(textwrap.dedent(SPEC))
    result = CliRunner().invoke(cli, ["solve", str(spec), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "rate.pdf").read_bytes().startswith(b"%PDF")


def test_range_mistakes_that_coincide_with_the_answer_are_not_offered():
    from solver.check.mistakes import mistakes

    inputs = _inputs(5 * x**2 - 2 * x, (x,), [1], ask=["converges"])
    found = {(m.code, m.name): m.answer for m in mistakes("gradient_descent", inputs,
                                                          solve(inputs))}
    # one eigenvalue: λ_min = λ_max, so the λ_min mistake gives the right range
    assert ("lr_bound_lambda_min", "converges") not in found
    assert found[("lr_bound_one_over_lambda_max", "converges")].upper == sympy.Rational(1, 10)
    assert found[("gradient_ascent", "theta1")].value == 1 + 8 * ALPHA
