"""Activation Jacobians checked against finite differences of numpy activations."""

from __future__ import annotations

import numpy as np
import pytest
import sympy

from solver.errors import SpecErrors
from solver.kinds.activation_derivative import ActivationDerivativeInputs, solve
from solver.nn import activations
from solver.numbers import symbol
from solver.steps.network import ActivationJacobian, ActivationRule, SoftmaxJacobian
from tests.conftest import load, solve_only_part

RNG = np.random.default_rng(21)
H = 1e-6


def _numpy(text):
    """The activation as a numpy function of a vector, written out independently."""
    return {
        "identity": lambda z: z,
        "relu": lambda z: np.maximum(z, 0.0),
        "5 relu": lambda z: 5 * np.maximum(z, 0.0),
        "leaky_relu": lambda z: np.where(z > 0, z, 0.01 * z),
        "leaky_relu(0.2)": lambda z: np.where(z > 0, z, 0.2 * z),
        "sigmoid": lambda z: 1 / (1 + np.exp(-z)),
        "2 sigmoid": lambda z: 2 / (1 + np.exp(-z)),
        "tanh": np.tanh,
        "softmax": lambda z: np.exp(z) / np.exp(z).sum(),
    }[text]


def _solve(text, size):
    return solve(ActivationDerivativeInputs(activations.parse(text), size))


CASES = [(text, size) for text in ["identity", "relu", "5 relu", "leaky_relu",
                                   "leaky_relu(0.2)", "sigmoid", "2 sigmoid", "tanh",
                                   "softmax"]
         for size in (1, 2, 4)]


@pytest.mark.parametrize("text, size", CASES)
def test_jacobian_matches_finite_differences(text, size):
    solved = _solve(text, size)
    zs = [symbol(f"z{i}") for i in range(1, size + 1)]
    jacobian = sympy.lambdify(zs, solved.answer.value, "numpy")
    f = _numpy(text)
    for _ in range(5):
        point = RNG.uniform(-2.5, 2.5, size)
        point[np.abs(point) < 1e-3] = 0.5
        numeric = np.zeros((size, size))
        for j in range(size):
            step = np.eye(size)[j] * H
            numeric[:, j] = (f(point + step) - f(point - step)) / (2 * H)
        assert np.allclose(np.array(jacobian(*point), dtype=float), numeric, atol=1e-6)


@pytest.mark.parametrize("text", ["relu", "5 relu", "sigmoid", "tanh", "leaky_relu"])
def test_element_wise_activations_give_diagonal_jacobians(text):
    answer = _solve(text, 3).answer.value
    assert all(answer[i, j] == 0 for i in range(3) for j in range(3) if i != j)


def test_handout_five_relu_is_five_for_positive_zero_for_negative_and_zero_at_the_kink():
    """Handout: (∂z2/∂z1)ᵢᵢ = 5 for z > 0, 0 for z < 0, undefined at 0 (0 in code)."""
    solved = _solve("5 relu", 2)
    entry = solved.answer.value[0, 0]
    z1 = symbol("z1")
    assert entry.subs(z1, sympy.Rational(3, 10)) == 5
    assert entry.subs(z1, -2) == 0
    assert entry.subs(z1, 0) == 0
    rule = solved.steps[0]
    assert isinstance(rule, ActivationRule) and rule.kink_value == 0


def test_handout_sigmoid_derivative_is_sigma_times_one_minus_sigma():
    z1 = symbol("z1")
    entry = _solve("sigmoid", 1).answer.value[0, 0]
    sigma = 1 / (1 + sympy.exp(-z1))
    for value in (-1.3, 0.0, 0.4, 2.2):
        expected = sigma * (1 - sigma)
        assert float(entry.subs(z1, value)) == pytest.approx(float(expected.subs(z1, value)))


def test_handout_tanh_derivative_is_one_minus_tanh_squared():
    z1 = symbol("z1")
    entry = _solve("tanh", 1).answer.value[0, 0]
    assert sympy.expand(entry - (1 - sympy.tanh(z1) ** 2)) == 0


def test_softmax_jacobian_is_full_symmetric_and_rows_sum_to_zero():
    solved = _solve("softmax", 3)
    step = solved.steps[0]
    assert isinstance(step, SoftmaxJacobian)
    jacobian = solved.answer.value
    zs = [symbol(f"z{i}") for i in range(1, 4)]
    point = dict(zip(zs, (0.3, -1.2, 0.8), strict=True))
    numeric = np.array(jacobian.subs(point).evalf().tolist(), dtype=float)
    assert np.allclose(numeric, numeric.T)
    assert np.allclose(numeric.sum(axis=1), 0)
    assert all(abs(numeric[i, j]) > 1e-3 for i in range(3) for j in range(3))


def test_steps_are_a_rule_then_the_jacobian():
    solved = _solve("leaky_relu(0.2)", 2)
    rule, jacobian = solved.steps
    assert isinstance(rule, ActivationRule) and isinstance(jacobian, ActivationJacobian)
    assert rule.kink_value == sympy.Rational(1, 5)
    assert dict(solved.intermediates)["derivative"].value == rule.derivative


def test_solves():
    inputs = ActivationDerivativeInputs(activations.parse("softmax"), 4)
    solve(inputs)
    solve(inputs)


def test_spec_reads_the_activation_and_size():
    part, solved = solve_only_part("""
        problems:
          - id: p
            parts:
              - {id: a, kind: activation_derivative, activation: 5 relu, size: 3}
        """)
    assert part.inputs.activation == activations.parse("5 relu")
    assert solved.answer.value.shape == (3, 3)


def test_a_decimal_slope_makes_the_part_decimal():
    part, _ = solve_only_part("""
        problems:
          - id: p
            parts:
              - {id: a, kind: activation_derivative, activation: leaky_relu(0.2), size: 2}
        """)
    assert part.decimal


@pytest.mark.parametrize("fields, field, words", [
    ("activation: rleu, size: 2", "activation", "did you mean 'relu'?"),
    ("activation: 2 softmax, size: 2", "activation", "cannot be scaled"),
    ("activation: relu, size: 0", "size", "between 1 and 10"),
    ("activation: relu, size: 11", "size", "between 1 and 10"),
    ("activation: relu, size: two", "size", "whole number"),
])
def test_spec_errors_name_the_field_and_line(fields, field, words):
    text = ("problems:\n  - id: p\n    parts:\n"
            f"      - {{id: a, kind: activation_derivative, {fields}}}\n")
    with pytest.raises(SpecErrors) as info:
        load(text)
    message = str(info.value)
    assert f"field '{field}'" in message and "t.yaml:4" in message and words in message


def test_missing_size_is_an_error():
    with pytest.raises(SpecErrors) as info:
        load("problems:\n  - id: p\n    parts:\n"
             "      - {id: a, kind: activation_derivative, activation: relu}\n")
    assert "missing field 'size'" in str(info.value)
