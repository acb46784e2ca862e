"""Gradient-descent iterates checked against a plain numpy loop and finite differences."""

from __future__ import annotations

import textwrap

import numpy as np
import pytest
import sympy

from solver.answers import Undefined, Value
from solver.errors import SpecErrors
from solver.kinds.gradient_descent import GradientDescentInputs, solve
from solver.numbers import symbol
from solver.spec.load import load_text
from solver.steps.optimization import DescentGradient, DescentStopped, DescentTooLarge


def load(text: str):
    return load_text(textwrap.dedent(text), "t.yaml")


R = sympy.Rational

# (f as text, wrt, start, learning rate, steps, f as a numpy function, ∇f by hand)
CASES = [
    ("2*(theta1 - 2)^2 + theta2", ["theta1", "theta2"], [1, 3], 2, 1,
     lambda v: 2 * (v[0] - 2) ** 2 + v[1],
     lambda v: np.array([4 * (v[0] - 2), 1.0])),
    ("x^2 + 3*y^2", ["x", "y"], [1, 1], R(1, 10), 10,
     lambda v: v[0] ** 2 + 3 * v[1] ** 2,
     lambda v: np.array([2 * v[0], 6 * v[1]])),
    ("x^4 - 3*x^2 + y^2 + x*y", ["x", "y"], [1, -1], R(1, 100), 3,
     lambda v: v[0] ** 4 - 3 * v[0] ** 2 + v[1] ** 2 + v[0] * v[1],
     lambda v: np.array([4 * v[0] ** 3 - 6 * v[0] + v[1], 2 * v[1] + v[0]])),
    ("exp(x) + y^2", ["x", "y"], [0, 1], R(1, 10), 3,
     lambda v: np.exp(v[0]) + v[1] ** 2,
     lambda v: np.array([np.exp(v[0]), 2 * v[1]])),
    ("5*x^2", ["x"], [1], R(1, 10), 5,
     lambda v: 5 * v[0] ** 2,
     lambda v: np.array([10 * v[0]])),
    ("x*y*z + x^2 + y^2 + z^2", ["x", "y", "z"], [1, 2, 3], R(1, 20), 4,
     lambda v: v[0] * v[1] * v[2] + v[0] ** 2 + v[1] ** 2 + v[2] ** 2,
     lambda v: np.array([v[1] * v[2] + 2 * v[0], v[0] * v[2] + 2 * v[1],
                         v[0] * v[1] + 2 * v[2]])),
]


def _inputs(text, wrt, start, eta, steps):
    names = {name: symbol(name) for name in wrt}
    f = sympy.sympify(text.replace("^", "**"), locals=names)
    return GradientDescentInputs(f, tuple(wrt), sympy.ImmutableMatrix(start), sympy.S(eta), steps)


def _floats(value) -> np.ndarray:
    if isinstance(value, sympy.MatrixBase):
        return np.array([float(entry) for entry in value], dtype=float)
    return np.array([float(value)])


@pytest.mark.parametrize("case", CASES, ids=[case[0] for case in CASES])
def test_iterates_match_a_numpy_loop(case):
    text, wrt, start, eta, steps, f, grad = case
    solved = solve(_inputs(text, wrt, start, eta, steps))
    named = dict(solved.intermediates)
    theta = np.array(start, dtype=float)
    for k in range(steps):
        assert np.allclose(_floats(named[f"theta{k}"].value), theta)
        assert np.allclose(_floats(named[f"grad{k}"].value), grad(theta))
        assert np.isclose(float(named[f"loss{k}"].value), f(theta))
        theta = theta - float(eta) * grad(theta)
    assert np.allclose(_floats(named[f"theta{steps}"].value), theta)
    assert np.isclose(float(named[f"loss{steps}"].value), f(theta))
    assert isinstance(solved.answer, Value)
    assert np.allclose(_floats(solved.answer.value), theta)


@pytest.mark.parametrize("case", CASES, ids=[case[0] for case in CASES])
def test_symbolic_gradient_matches_finite_differences(case):
    text, wrt, start, eta, steps, f, _ = case
    solved = solve(_inputs(text, wrt, start, eta, steps))
    step = solved.steps[0]
    assert isinstance(step, DescentGradient)
    gradient = sympy.lambdify(step.variables, list(step.gradient), "numpy")
    rng = np.random.default_rng(7)
    h = 1e-6
    for _ in range(5):
        point = rng.uniform(-1.5, 1.5, len(wrt))
        expected = [(f(point + h * e) - f(point - h * e)) / (2 * h) for e in np.eye(len(wrt))]
        assert np.allclose(np.array(gradient(*point), dtype=float), expected, atol=1e-5)


def test_handout_example():
    solved = solve(_inputs("2*(theta1 - 2)^2 + theta2", ["theta1", "theta2"], [1, 3], 2, 1))
    t1 = symbol("theta1")
    gradient = solved.steps[0].gradient
    assert sympy.expand(gradient[0] - 4 * (t1 - 2)) == 0 and gradient[1] == 1
    assert solved.answer.value == sympy.ImmutableMatrix([9, 1])
    assert dict(solved.intermediates)["grad0"].value == sympy.ImmutableMatrix([-4, 1])


def test_one_variable_gives_numbers_and_exact_fractions():
    solved = solve(_inputs("x^2", ["x"], [1], R(1, 10), 3))
    named = dict(solved.intermediates)
    assert named["theta1"].value == R(4, 5)
    assert solved.answer.value == R(64, 125)
    assert list(named) == ["theta0", "grad0", "loss0", "theta1", "grad1", "loss1",
                           "theta2", "grad2", "loss2", "theta3", "loss3"]


@pytest.mark.parametrize("text, start, eta, index, part, cause, where", [
    ("log(x) + x^2", [1], 1, 1, "loss", "log_negative", -2),          # 1 - (1/1 + 2)
    ("1/x", [0], R(1, 10), 0, "loss", "division_by_zero", 0),
    ("sqrt(x)", [0], R(1, 10), 0, "gradient", "division_by_zero", 0),
    ("log(x)", [1], 1, 1, "loss", "log_zero", 0),                      # 1 - 1/1
    ("sqrt(x) + x^2", [1], 1, 1, "loss", "root_negative", R(-3, 2)),   # 1 - (1/2 + 2)
])
def test_leaving_the_domain_stops_with_a_reason(text, start, eta, index, part, cause, where):
    solved = solve(_inputs(text, ["x"], start, eta, 5))
    assert isinstance(solved.answer, Undefined)
    stop = solved.steps[-1]
    assert isinstance(stop, DescentStopped)
    assert (stop.index, stop.part, stop.cause) == (index, part, cause)
    assert stop.theta == where
    assert f"iterate {index}" in solved.answer.reason
    assert dict(solved.intermediates)[f"theta{index}"].value == where


def test_exploding_exact_iterates_stop_honestly():
    solved = solve(_inputs("x^4", ["x"], [1], R(1, 10), 100))
    assert isinstance(solved.answer, Undefined)
    assert isinstance(solved.steps[-1], DescentTooLarge)
    assert "digits" in solved.answer.reason


def test_hundred_quadratic_steps_stay_exact():
    inputs = _inputs("x^2 + 3*y^2", ["x", "y"], [1, 1], R(1, 10), 100)
    solve(inputs)
    solved = solve(inputs)
    assert solved.answer.value == sympy.ImmutableMatrix([R(4, 5) ** 100, R(2, 5) ** 100])


def test_handout_part_solves():
    inputs = _inputs("2*(theta1 - 2)^2 + theta2", ["theta1", "theta2"], [1, 3], 2, 1)
    solve(inputs)
    solve(inputs)


SPEC = """\
problems:
  - id: gd
    given:
      v: [1, 3]
    parts:
      - id: a
        kind: gradient_descent
        f: 2*(theta1 - 2)^2 + theta2
        wrt: [theta1, theta2]
        start: v
        learning_rate: 2
      - id: b
        kind: gradient_descent
        f: x^2
        wrt: x
        start: 1
        learning_rate: 0.1
        steps: 2
"""


def test_spec_reads_given_vectors_and_exact_decimals():
    spec = load(SPEC)
    first, second = spec.problems[0].parts
    assert first.inputs.start == sympy.ImmutableMatrix([1, 3])
    assert solve(first.inputs).answer.value == sympy.ImmutableMatrix([9, 1])
    assert second.inputs.learning_rate == R(1, 10)
    assert second.decimal
    assert solve(second.inputs).answer.value == R(16, 25)


@pytest.mark.parametrize("part, field, line, words", [
    ("{id: a, kind: gradient_descent, f: x + y, wrt: [x, y], start: [1], learning_rate: 1}",
     "start", 4, "expected one per variable"),
    ("{id: a, kind: gradient_descent, f: x + z, wrt: [x], start: [1], learning_rate: 1}",
     "f", 4, "z"),
    ("{id: a, kind: gradient_descent, f: x^2, wrt: x, start: 1, learning_rate: -1}",
     "learning_rate", 4, "positive"),
    ("{id: a, kind: gradient_descent, f: x^2, wrt: x, start: 1, learning_rate: 1, steps: 101}",
     "steps", 4, "100"),
    ("{id: a, kind: gradient_descent, f: x^2, wrt: x, start: [[1, 2]], learning_rate: 1}",
     "start", 4, "column"),
])
def test_spec_errors_name_the_field_and_line(part, field, line, words):
    text = f"problems:\n  - id: p\n    parts:\n      - {part}\n"
    with pytest.raises(SpecErrors) as info:
        load(text)
    message = str(info.value)
    assert f"field '{field}'" in message
    assert f"t.yaml:{line}" in message
    assert words in message
