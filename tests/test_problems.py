"""The shipped problem sets: every part solves, and the handouts' figures come out right.

Where a handout prints a wrong answer, the test says so in its name and pins the right one;
numbers are checked against numpy or by substitution, not against the engine itself.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import numpy as np
import pytest
import sympy

from solver.answers import NoSolution, Undefined
from solver.solving import solve_set
from solver.spec.load import load_spec

PROBLEMS = Path(__file__).resolve().parent.parent / "problems"
SETS = sorted(PROBLEMS.glob("*.yaml"))


@cache
def answers(stem: str) -> dict:
    solved = solve_set(load_spec(PROBLEMS / f"{stem}.yaml"))
    return {entry.key: entry.solved.answer for problem in solved.problems
            for entry in problem.parts}


def value(stem: str, key: str, name: str | None = None):
    answer = answers(stem)[key]
    return (answer[name] if name else answer).value


def as_array(matrix) -> np.ndarray:
    return np.array(sympy.Matrix(matrix).tolist(), dtype=float)


@pytest.mark.parametrize("spec", SETS, ids=lambda path: path.stem)
def test_every_set_loads_and_every_part_solves(spec):
    solved = solve_set(load_spec(spec))
    assert all(entry.solved.steps for problem in solved.problems for entry in problem.parts)


WEEK4 = "in5400-week04-dense-networks"


def test_in5400_linear_algebra():
    assert value(WEEK4, "linear-algebra.a") == 8
    assert value(WEEK4, "linear-algebra.c") == sympy.Matrix([[18, 30], [12, 20]])
    assert isinstance(answers(WEEK4)["linear-algebra.d"], NoSolution)
    assert sympy.Matrix([[2, 2], [2, 4]]) * value(WEEK4, "linear-algebra.e") == \
        sympy.Matrix([4, 2])


def test_in5400_bonus_as_printed_is_a_shape_mismatch_not_a_family():
    assert isinstance(answers(WEEK4)["linear-algebra.bonus-as-printed"], Undefined)
    family = answers(WEEK4)["linear-algebra.bonus"]
    P = sympy.Matrix([[3, 6], [2, 4]])
    assert P * family.particular == sympy.Matrix([1, sympy.Rational(2, 3)])
    assert P * family.basis[0] == sympy.zeros(2, 1)


@pytest.mark.parametrize("part, relu, expected", [("a", False, 36), ("b", True, 38)])
def test_in5400_forward_pass_matches_numpy(part, relu, expected):
    x = np.array([1.0, 3.0])
    z1 = x @ np.array([[2, 1, 3], [2, -1, 1]]) + np.array([1, 0, -1])
    a1 = np.maximum(z1, 0) if relu else z1
    assert a1 @ np.array([3, 1, 2]) + 1 == expected
    assert value(WEEK4, f"forward-propagation.{part}", "yhat") == expected


def test_in5400_gradient_descent_step():
    assert value(WEEK4, "cost-functions.a") == sympy.Matrix([9, 1])


def _two_layer_relu(X, T, W1, b1, w2, b2):
    """Independent numpy forward and backward pass for y = relu(X W1 + b1) w2 + b2."""
    Z = X @ W1 + b1
    H = np.maximum(Z, 0)
    Y = H @ w2 + b2
    D = Y - T
    dZ = np.outer(D, w2) * (Z > 0)
    return 0.5 * (D**2).sum(), X.T @ dZ, dZ.sum(0), H.T @ D, D.sum()


def test_usi_2024_loss_and_gradients_match_numpy_and_the_handout():
    X = np.array([[0.2, -0.4, 0.1, 0.5], [0.8, 1.0, -0.1, 0.3], [-0.5, 0.9, 0.2, -0.8]])
    W1 = np.array([[-0.6, 0.7, 0.9, -0.3], [0.4, 0.5, -1.0, 0.1]])
    loss, dW1, db1, dw2, db2 = _two_layer_relu(X, np.array([-0.5, 0.1, 0.8]), W1.T,
                                               np.array([-0.4, -0.5]), np.array([0.2, 0.6]),
                                               -0.7)
    key = "p1.gradients"
    stem = "usi-ml-2024-assignment2"
    assert value(stem, key, "loss") == sympy.Rational(10185, 10000)  # handout: 1.0185
    assert value(stem, key, "b2") == sympy.Rational(-204, 100)  # handout: −2.04
    assert np.allclose(as_array(value(stem, key, "W1")), dW1.T)
    assert np.allclose(as_array(value(stem, key, "b1")).ravel(), db1)
    assert np.allclose(as_array(value(stem, key, "W2")).ravel(), dw2)
    assert np.isclose(float(value(stem, key, "loss")), loss)
    assert np.isclose(float(value(stem, key, "b2")), db2)


def test_usi_2023_loss_and_gradients_match_numpy_and_the_handout():
    X = np.array([[0.6, -1.0], [0.8, -1.0], [-0.4, 0.9], [0.2, 0.0]])
    W1 = np.array([[-0.8, -0.7, 0.6], [-1.0, 0.5, -1.0]])
    loss, dW1, db1, dw2, db2 = _two_layer_relu(X, np.array([-0.8, -0.1, 0.9, 0.7]), W1,
                                               np.array([-0.2, -1.0, -0.7]),
                                               np.array([0.1, -1.0, 0.5]), -0.7)
    stem, key = "usi-ml-2023-assignment2", "q1.gradients"
    assert value(stem, key, "b2") == sympy.Rational(-2732, 1000)  # handout: −2.732
    assert np.allclose(as_array(value(stem, key, "W1")), dW1)
    assert np.allclose(as_array(value(stem, key, "b1")).ravel(), db1)
    assert np.allclose(as_array(value(stem, key, "W2")).ravel(), dw2)
    assert np.isclose(float(value(stem, key, "loss")), loss)


def test_usi_2024_learning_rate_range_uses_the_hessian():
    answer = answers("usi-ml-2024-assignment2")["p2.range"]
    assert (answer.lower, answer.upper) == (0, sympy.Rational(1, 6))
    H = np.array([[10.0, 4.0], [4.0, 4.0]])
    assert np.isclose(2 / np.linalg.eigvalsh(H).max(), 1 / 6)


def test_usi_2023_learning_rate_range():
    answer = answers("usi-ml-2023-assignment2")["q3.range"]
    assert answer.upper == sympy.Rational(1, 5)


def test_usi_2024_cnn_shapes_and_parameters():
    stem, key = "usi-ml-2024-assignment2", "p3.architecture-1"
    assert value(stem, key, "parameters") == 5 * 5 * 3 * 8 + 8 + 5 * 5 * 8 * 32 + 32 \
        + 2 * 2 * 32 * 64 + 64 == 15296
    assert list(value(stem, key, "layer5")) == [4, 4, 64]
    assert value(stem, key, "reaches_target") == sympy.true


def test_math198_jacobian_second_row_is_not_the_printed_one():
    x1, x3 = sympy.Symbol("x1", real=True), sympy.Symbol("x3", real=True)
    J = value("math198-hw07-gradients-jacobians", "jacobians.1ab")
    assert list(J.row(1)) == [sympy.exp(x1) * sympy.sin(x3), 0, sympy.exp(x1) * sympy.cos(x3)]
    assert J.row(1)[0] != -sympy.exp(x1)  # the handout prints −e^{x1}


def test_math198_critical_point_pi_half_zero_is_a_saddle():
    points = answers("math198-hw07-gradients-jacobians")["gradients.1b"].points
    kinds = {point.classification for point in points}
    assert kinds == {"saddle", "minimum"}
    H = np.array([[-np.sin(np.pi / 2), 0], [0, 4]])
    assert np.linalg.eigvalsh(H).min() < 0 < np.linalg.eigvalsh(H).max()


def test_math198_loss_gradient_sign_is_y_prime_minus_y_not_the_printed_sign():
    y = sympy.Matrix(sympy.symbols("y_1:4", real=True))
    yp = sympy.Matrix([sympy.Symbol(f"y'_{i}", real=True) for i in (1, 2, 3)])  # y' in the spec
    gradient = value("math198-hw07-gradients-jacobians", "network-gradients.4-1", "gradient")
    assert sympy.expand(gradient - 2 * (yp - y)) == sympy.zeros(3, 1)


def test_nyu_bce_gradient_keeps_the_one_over_k_the_handout_drops():
    entry = value("nyu-dl-2022-homework1", "jacobians.bce")[0]
    names = {symbol.name: symbol for symbol in entry.free_symbols}
    yhat, t = names["yhat1"], names["t1"]
    handout = -t / yhat + (1 - t) / (1 - yhat)
    assert sympy.simplify(entry - handout / 3) == 0
    assert sympy.simplify(entry - handout) != 0
