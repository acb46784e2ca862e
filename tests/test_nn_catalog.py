"""The activation and loss catalogs checked against numpy formulas and finite differences."""

from __future__ import annotations

import numpy as np
import pytest
import sympy

from solver.exact import sign_of
from solver.nn import activations, losses
from solver.nn.activations import Activation, ActivationError
from solver.nn.losses import LossError

R = sympy.Rational
RNG = np.random.default_rng(5)
H = 1e-6


# -- activation specs ---------------------------------------------------------------------


@pytest.mark.parametrize("text, base, scale, slope", [
    ("relu", "relu", 1, None),
    ("ReLU", "relu", 1, None),
    ("5 relu", "relu", 5, None),
    ("5*relu", "relu", 5, None),
    ("5relu", "relu", 5, None),
    ("0.5 sigmoid", "sigmoid", R(1, 2), None),
    ("1/2 tanh", "tanh", R(1, 2), None),
    ("sigmoid", "sigmoid", 1, None),
    ("tanh", "tanh", 1, None),
    ("identity", "identity", 1, None),
    ("linear", "identity", 1, None),
    ("softmax", "softmax", 1, None),
    ("leaky_relu", "leaky_relu", 1, R(1, 100)),
    ("leaky_relu(0.2)", "leaky_relu", 1, R(1, 5)),
    ("leaky-relu(1/4)", "leaky_relu", 1, R(1, 4)),
    ("  2 leaky_relu( 0.1 ) ", "leaky_relu", 2, R(1, 10)),
])
def test_activation_specs_are_read_exactly(text, base, scale, slope):
    activation = activations.parse(text)
    assert activation == Activation(base, sympy.S(scale), slope)


@pytest.mark.parametrize("text, words, hint", [
    ("rleu", "unknown activation 'rleu'", "did you mean 'relu'?"),
    ("sigmod", "unknown activation", "did you mean 'sigmoid'?"),
    ("hardswish", "unknown activation", "known: identity, relu"),
    ("2 softmax", "softmax cannot be scaled", None),
    ("relu(2)", "'relu' takes no parameter", "leaky_relu(0.2)"),
    ("leaky_relu(a)", "must be a number", None),
    ("leaky_relu(0)", "must be positive", None),
    ("0 relu", "must be a positive number", None),
    ("-1 relu", "cannot read the activation", None),
    ("", "cannot read the activation", None),
])
def test_bad_activation_specs_say_what_is_wrong(text, words, hint):
    with pytest.raises(ActivationError) as info:
        activations.parse(text)
    assert words in info.value.message
    if hint is not None:
        assert hint in info.value.hint


def test_canonical_text_round_trips():
    for text in ["relu", "5 relu", "leaky_relu", "leaky_relu(0.2)", "0.5 sigmoid", "softmax"]:
        activation = activations.parse(text)
        assert activations.parse(activation.text) == activation
    assert activations.parse("leaky_relu(0.2)").text == "leaky_relu(0.2)"


# -- activation values and derivatives ----------------------------------------------------

def _numpy_activation(activation: Activation):
    c = float(activation.scale)
    slope = float(activation.slope) if activation.slope is not None else None
    return {
        "identity": lambda z: c * z,
        "relu": lambda z: c * np.maximum(z, 0.0),
        "leaky_relu": lambda z: c * np.where(z > 0, z, slope * z),
        "sigmoid": lambda z: c / (1 + np.exp(-z)),
        "tanh": lambda z: c * np.tanh(z),
    }[activation.base]


SCALAR = ["identity", "relu", "5 relu", "leaky_relu", "leaky_relu(0.2)", "sigmoid",
          "0.5 sigmoid", "tanh", "3 tanh", "2 identity"]


@pytest.mark.parametrize("text", SCALAR)
def test_values_and_derivatives_at_exact_numbers_match_numpy(text):
    activation = activations.parse(text)
    f = _numpy_activation(activation)
    for _ in range(8):
        z = R(int(RNG.integers(-300, 300)), 100)
        if z == 0:
            continue
        value = activation.value(z)
        assert float(value) == pytest.approx(f(float(z)), abs=1e-12)
        slope = (f(float(z) + H) - f(float(z) - H)) / (2 * H)
        assert float(activation.derivative(z)) == pytest.approx(slope, abs=1e-6)
        assert float(activation.derivative(z, value)) == pytest.approx(slope, abs=1e-6)


@pytest.mark.parametrize("text", SCALAR)
def test_closed_forms_match_finite_differences(text):
    activation = activations.parse(text)
    f = _numpy_activation(activation)
    z = sympy.Symbol("z", real=True)
    formula = sympy.lambdify(z, activation.formula(z), "numpy")
    derivative = sympy.lambdify(z, activation.derivative_formula(z), "numpy")
    for point in RNG.uniform(-3, 3, 10):
        assert float(formula(point)) == pytest.approx(f(point), abs=1e-12)
        slope = (f(point + H) - f(point - H)) / (2 * H)
        assert float(derivative(point)) == pytest.approx(slope, abs=1e-6)


@pytest.mark.parametrize("text, at_zero", [
    ("relu", 0), ("5 relu", 0), ("leaky_relu", R(1, 100)), ("leaky_relu(0.2)", R(1, 5)),
    ("2 leaky_relu(0.2)", R(2, 5)),
])
def test_the_kink_takes_pytorchs_value(text, at_zero):
    activation = activations.parse(text)
    assert activation.derivative(sympy.S(0)) == at_zero
    assert activation.kink_derivative == at_zero
    z = sympy.Symbol("z", real=True)
    assert activation.derivative_formula(z).subs(z, 0) == at_zero


def test_sigmoid_and_tanh_stay_exact():
    sigmoid, tanh = activations.parse("sigmoid"), activations.parse("tanh")
    assert sigmoid.value(sympy.S(0)) == R(1, 2)
    assert sigmoid.derivative(sympy.S(0)) == R(1, 4)
    assert sigmoid.value(sympy.S(2)) == 1 / (1 + sympy.exp(-2))
    assert tanh.derivative(sympy.S(1)) == 1 - sympy.tanh(1) ** 2


def test_softmax_values_and_jacobian_match_numpy():
    softmax = activations.parse("softmax")
    z = [R(1, 2), R(-1), R(3, 10)]
    zf = np.array([float(v) for v in z])
    s = np.exp(zf) / np.exp(zf).sum()
    values = softmax.values(z)
    assert np.allclose([float(v) for v in values], s, atol=1e-14)
    assert sympy.nsimplify(sum(values).evalf(50)) == 1
    jacobian = np.array(softmax.jacobian(z).tolist(), dtype=float)
    numeric = np.zeros((3, 3))
    for j in range(3):
        step = np.eye(3)[j] * H
        plus, minus = np.exp(zf + step), np.exp(zf - step)
        numeric[:, j] = (plus / plus.sum() - minus / minus.sum()) / (2 * H)
    assert np.allclose(jacobian, numeric, atol=1e-8)


@pytest.mark.parametrize("value, sign", [
    (R(1, 3), 1), (R(-2, 7), -1), (sympy.S(0), 0), (sympy.exp(1) - 3, -1),
    (sympy.tanh(1) - sympy.tanh(1), 0), (1 / (1 + sympy.exp(-2)) - R(1, 2), 1),
])
def test_sign_is_exact(value, sign):
    assert sign_of(value) == sign


# -- losses -------------------------------------------------------------------------------


def _numpy_loss(name, Y, T):
    n = Y.size
    if name == "half_sse":
        return 0.5 * np.sum((Y - T) ** 2)
    if name == "sse":
        return np.sum((Y - T) ** 2)
    if name == "mse":
        return np.sum((Y - T) ** 2) / n
    if name == "bce":
        return -np.sum(T * np.log(Y) + (1 - T) * np.log(1 - Y)) / n
    shifted = Y - Y.max(axis=1, keepdims=True)
    log_softmax = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    return -np.sum(T * log_softmax)


def _exact(array) -> sympy.ImmutableMatrix:
    return sympy.ImmutableMatrix([[sympy.Rational(str(round(v, 3))) for v in row]
                                  for row in array])


@pytest.mark.parametrize("name", losses.NAMES)
@pytest.mark.parametrize("shape", [(1, 1), (1, 3), (3, 1), (2, 3)])
def test_loss_values_and_gradients_match_numpy_and_finite_differences(name, shape):
    loss = losses.parse(name)
    for _ in range(3):
        if name == "bce":
            Y = _exact(RNG.uniform(0.05, 0.95, shape))
            T = _exact(RNG.uniform(0, 1, shape))
        else:
            Y = _exact(RNG.uniform(-2, 2, shape))
            T = _exact(RNG.uniform(-1, 1, shape) if name != "cross_entropy"
                       else RNG.uniform(0, 1, shape))
        y = np.array(Y.tolist(), dtype=float)
        t = np.array(T.tolist(), dtype=float)
        assert loss.domain_problem(Y, T) is None
        assert float(loss.evaluate(Y, T).value) == pytest.approx(_numpy_loss(name, y, t),
                                                                abs=1e-12)
        gradient = np.array(loss.gradient(Y, T).tolist(), dtype=float)
        numeric = np.zeros(shape)
        for index in np.ndindex(*shape):
            step = np.zeros(shape)
            step[index] = H
            numeric[index] = (_numpy_loss(name, y + step, t) -
                              _numpy_loss(name, y - step, t)) / (2 * H)
        assert np.allclose(gradient, numeric, atol=1e-6)


def test_bce_outside_zero_one_is_reported_not_evaluated():
    bce = losses.parse("bce")
    Y = sympy.ImmutableMatrix([[R(1, 2)], [1]])
    assert "ŷ = 1 ≥ 1 (sample 2)" in bce.domain_problem(Y, sympy.ImmutableMatrix([[1], [0]]))
    assert "ŷ = 1 ≥ 1" in bce.domain_problem(Y, sympy.ImmutableMatrix([[1], [1]]))
    inside = sympy.ImmutableMatrix([[R(1, 2)], [R(99, 100)]])
    assert bce.domain_problem(inside, sympy.ImmutableMatrix([[1], [0]])) is None
    assert "≤ 0" in bce.domain_problem(sympy.ImmutableMatrix([[0]]),
                                       sympy.ImmutableMatrix([[1]]))


@pytest.mark.parametrize("text, name", [
    ("half_sse", "half_sse"), ("MSE", "mse"), ("ce", "cross_entropy"),
    ("cross-entropy", "cross_entropy"), ("binary_cross_entropy", "bce"),
])
def test_loss_names_and_aliases(text, name):
    assert losses.parse(text).name == name


@pytest.mark.parametrize("text, hint", [("mse2", "did you mean 'mse'?"),
                                        ("hinge", "known: half_sse")])
def test_unknown_loss_suggests(text, hint):
    with pytest.raises(LossError) as info:
        losses.parse(text)
    assert f"unknown loss '{text}'" in info.value.message and hint in info.value.hint
