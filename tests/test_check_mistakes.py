"""The mistaken answers of the checker's diagnoses, each checked by an independent route:
numpy products and solves, derivatives written by hand, numpy loops for gradient descent
and backpropagation; plus the handouts' own wrong answers and the time per part."""

from __future__ import annotations

import glob
from pathlib import Path

import numpy as np
import pytest
import sympy

from solver.answers import Interval, Named, PointSet, Value
from solver.check.mistakes import Mistake, mistakes, same
from solver.check.mistakes.core import Candidates
from solver.kinds import KINDS
from solver.numbers import symbol
from solver.spec.load import load_text
from tests.conftest import load, solve_only_part

RNG = np.random.default_rng(198)
ROOT = Path(__file__).resolve().parent.parent


def _part(yaml_text: str):
    part, solved = solve_only_part(yaml_text)
    return part, solved, mistakes(part.kind, part.inputs, solved)


def _one(kind: str, fields: str, given: str = ""):
    """A spec with one part of ``kind`` (fields as YAML flow-mapping entries)."""
    head = f"    given: {{{given}}}\n" if given else ""
    return _part(f"""
problems:
  - id: p
{head}    parts:
      - {{id: a, kind: {kind}, {fields}}}
""")


def _answers(found, code: str, name: str | None = None):
    return [m.answer for m in found if m.code == code and m.name == name]


def _array(value) -> np.ndarray:
    if isinstance(value, sympy.MatrixBase):
        return np.array([[float(entry) for entry in row] for row in value.tolist()])
    return np.array([[float(value)]])


def _close(value, expected) -> bool:
    got = _array(value)
    expected = np.atleast_2d(np.asarray(expected, dtype=float))
    if got.size != expected.size:
        return False
    if got.shape != expected.shape:
        expected = expected.reshape(got.shape)
    return bool(np.allclose(got, expected, rtol=1e-9, atol=1e-12))


def _some_close(answers, expected) -> bool:
    return any(isinstance(a, Value) and _close(a.value, expected) for a in answers)


def _symbolic_close(expr, reference, names, points=5) -> bool:
    """expr (scalar or matrix in the named real symbols) agrees with a numpy function."""
    symbols = [symbol(name) for name in names]
    function = sympy.lambdify(symbols, expr, "numpy")
    for _ in range(points):
        values = RNG.uniform(0.2, 1.5, size=len(symbols))
        got = np.asarray(function(*values), dtype=float)
        want = np.asarray(reference(*values), dtype=float)
        if got.size != want.size or not np.allclose(got.reshape(want.shape), want, rtol=1e-9):
            return False
    return True


def _some_symbolic(answers, reference, names) -> bool:
    return any(_symbolic_close(a.value, reference, names) for a in answers)


# -- matrix expressions and linear systems --------------------------------------------------

P = [[1, 2], [3, 4]]
Q = [[2, 0], [-1, 5]]
GIVEN_PQ = "P: [[1, 2], [3, 4]], Q: [[2, 0], [-1, 5]], a: [1, 2], b: [3, -1]"


def test_matrix_product_mistakes():
    _, solved, found = _one("matrix_expression", "expr: P Q", GIVEN_PQ)
    p, q = np.array(P), np.array(Q)
    assert _some_close(_answers(found, "wrong_order"), q @ p)
    assert _some_close(_answers(found, "elementwise_product"), p * q)
    assert _some_close(_answers(found, "transposed"), (p @ q).T)
    assert _some_close(_answers(found, "sign_error"), -(p @ q))
    assert "Q P" in next(m.message for m in found if m.code == "wrong_order")
    assert [m.code for m in found][:2] == ["wrong_order", "elementwise_product"]


def test_inner_product_in_the_wrong_order_is_the_outer_product():
    _, _, found = _one("matrix_expression", "expr: a^T b", GIVEN_PQ)
    assert _some_close(_answers(found, "wrong_order"), np.outer([3, -1], [1, 2]))
    assert not _answers(found, "elementwise_product")  # 1×2 and 2×1 shapes differ


def test_nested_product_swapped_and_hadamard_inside():
    _, _, found = _one("matrix_expression", "expr: P Q + P", GIVEN_PQ)
    p, q = np.array(P), np.array(Q)
    assert _some_close(_answers(found, "wrong_order"), q @ p + p)
    assert _some_close(_answers(found, "elementwise_product"), p * q + p)


def test_symmetric_result_has_no_transposed_mistake():
    _, _, found = _one("matrix_expression", "expr: P^T P", GIVEN_PQ)
    assert not _answers(found, "transposed")


def test_linear_system_transposed_and_sign():
    _, solved, found = _one("linear_system", "A: [[2, 1], [5, 3]], b: [1, 4]")
    A, b = np.array([[2, 1], [5, 3]]), np.array([1, 4])
    assert _some_close(_answers(found, "transposed"), np.linalg.solve(A.T, b))
    assert _some_close(_answers(found, "sign_error"), -np.linalg.solve(A, b))


def test_linear_system_without_unique_solution_has_no_value_mistakes():
    _, _, found = _one("linear_system", "A: [[1, 2], [2, 4]], b: [1, 3]")
    assert found == ()


def test_eigenvalue_sign_error_gives_the_eigenvalues_of_minus_a():
    _, solved, found = _one("eigen", "matrix: [[5, 2], [2, 2]]")
    wrong = sorted(float(m.answer.value) for m in found if m.code == "sign_error")
    assert np.allclose(wrong, sorted(np.linalg.eigvalsh(-np.array([[5, 2], [2, 2]]))))
    assert {m.name for m in found} == {"lambda1", "lambda2"}


# -- derivatives --------------------------------------------------------------------------


def test_dropped_inner_derivative_of_sin_x_squared():
    _, _, found = _one("derivative", "f: sin(x^2), wrt: x")
    assert _some_symbolic(_answers(found, "dropped_inner_derivative"),
                          lambda x: np.cos(x**2), ["x"])
    message = next(m.message for m in found if m.code == "dropped_inner_derivative")
    assert "2*x" in message and "x^2" in message


@pytest.mark.parametrize("reference", [
    lambda x: np.exp(np.sin(x**2)) * np.cos(x**2),   # forgot the 2x
    lambda x: np.exp(np.sin(x**2)) * 2 * x,          # forgot cos(x²)
    lambda x: np.exp(np.sin(x**2)),                  # forgot the whole inner derivative
])
def test_dropped_inner_derivatives_of_a_double_chain(reference):
    _, _, found = _one("derivative", "f: e^(sin(x^2)), wrt: x")
    assert _some_symbolic(_answers(found, "dropped_inner_derivative"), reference, ["x"])


def test_cos_derivative_with_the_wrong_sign():
    _, _, found = _one("derivative", "f: cos(3 x) + x, wrt: x")
    assert _some_symbolic(_answers(found, "sign_error"), lambda x: 3 * np.sin(3 * x) + 1,
                          ["x"])
    assert _some_symbolic(_answers(found, "sign_error"), lambda x: 3 * np.sin(3 * x) - 1,
                          ["x"])  # the whole derivative negated


def test_tanh_derivative_with_the_wrong_sign():
    _, _, found = _one("derivative", "f: tanh(z), wrt: z")
    assert _some_symbolic(_answers(found, "sign_error"), lambda z: 1 + np.tanh(z) ** 2,
                          ["z"])


def test_power_rule_missing_factor_2():
    _, _, found = _one("derivative", "f: x^2 + 3 x, wrt: x")
    assert _some_symbolic(_answers(found, "missing_factor_2"), lambda x: x + 3, ["x"])


def test_gradient_dropped_inner_derivative_symbolic_and_at_a_point():
    _, _, found = _one("gradient", "f: sin(x1 x2) + x1^2, wrt: [x1, x2]")
    assert _some_symbolic(_answers(found, "dropped_inner_derivative"),
                          lambda a, b: np.array([[np.cos(a * b) + 2 * a], [np.cos(a * b)]]),
                          ["x1", "x2"])
    assert _some_symbolic(_answers(found, "missing_factor_2"),
                          lambda a, b: np.array([[b * np.cos(a * b) + a],
                                                 [a * np.cos(a * b)]]), ["x1", "x2"])
    _, _, found = _one("gradient", "f: sin(x1 x2) + x1^2, wrt: [x1, x2], at: [1, 2]")
    assert _some_close(_answers(found, "dropped_inner_derivative"),
                       [[np.cos(2) + 2], [np.cos(2)]])
    assert _some_close(_answers(found, "sign_error"), [[-2 * np.cos(2) - 2], [-np.cos(2)]])


def test_partial_derivatives_chain_rule_mistakes():
    _, solved, found = _part("""
problems:
  - id: p
    parts:
      - id: a
        kind: partial_derivatives
        f: sin(g1) + g2^2
        where: {g1: x1 exp(x2), g2: x1 + x2^2}
        wrt: [x1, x2]
""")
    names = ["x1", "x2"]
    assert _some_symbolic(_answers(found, "dropped_inner_derivative", "x1"),
                          lambda a, b: np.cos(a * np.exp(b)) + 2 * (a + b**2), names)
    assert _some_symbolic(_answers(found, "missing_chain_term", "x1"),
                          lambda a, b: 2 * (a + b**2), names)
    assert _some_symbolic(_answers(found, "missing_chain_term", "x2"),
                          lambda a, b: a * np.exp(b) * np.cos(a * np.exp(b)), names)
    assert _some_symbolic(_answers(found, "missing_factor_2", "x1"),
                          lambda a, b: np.exp(b) * np.cos(a * np.exp(b)) + (a + b**2), names)
    assert all(m.name in names for m in found)


def test_hessian_sign_error():
    _, _, found = _one("hessian", "f: x1^3 + x1 x2, wrt: [x1, x2], at: [2, 1]")
    assert _some_close(_answers(found, "sign_error"), [[-12, -1], [-1, 0]])


def test_jacobian_transposed():
    _, _, found = _one("jacobian", "f: [x1 x2, x1 + sin(x3)], wrt: [x1, x2, x3]")
    assert _some_symbolic(_answers(found, "jacobian_transposed"),
                          lambda a, b, c: np.array([[b, 1], [a, 0], [0, np.cos(c)]]),
                          ["x1", "x2", "x3"])
    message = next(m.message for m in found if m.code == "jacobian_transposed")
    assert "rows should be the functions" in message


def test_critical_point_classification_swapped():
    _, solved, found = _one("critical_points", "f: x^2 + y^2 - 2 x, wrt: [x, y]")
    (wrong,) = _answers(found, "classification_swapped")
    assert isinstance(wrong, PointSet)
    assert [p.classification for p in wrong.points] == ["maximum"]
    assert wrong.points[0].coordinates == solved.answer.points[0].coordinates


# -- optimisation -------------------------------------------------------------------------


def _descent(gradient, theta, eta, steps):
    theta = np.array(theta, dtype=float)
    for _ in range(steps):
        theta = theta - eta * gradient(theta)
    return theta


def test_gradient_descent_mistakes():
    _, _, found = _one("gradient_descent", "f: '2*(t1 - 2)^2 + t1*t2 + t2^2', wrt: [t1, t2], "
                                           "start: [1, 3], learning_rate: 0.1, steps: 3")

    def gradient(t):
        return np.array([4 * (t[0] - 2) + t[1], t[0] + 2 * t[1]])

    def ascent(t):
        return -gradient(t)

    assert _some_close(_answers(found, "gradient_ascent"), _descent(ascent, [1, 3], 0.1, 3))
    assert _some_close(_answers(found, "missing_factor_2"),
                       _descent(gradient, [1, 3], 0.05, 3))
    assert _some_close(_answers(found, "extra_factor_2"), _descent(gradient, [1, 3], 0.2, 3))
    assert _some_close(_answers(found, "wrong_step_count"), _descent(gradient, [1, 3], 0.1, 2))
    assert _some_close(_answers(found, "wrong_step_count"), _descent(gradient, [1, 3], 0.1, 4))
    assert found[0].message.startswith("you stepped uphill")


def test_gradient_descent_without_squares_has_no_factor_2():
    _, _, found = _one("gradient_descent", "f: exp(x) - 2 x, wrt: x, start: 1, "
                                           "learning_rate: 0.5")
    assert not _answers(found, "missing_factor_2")
    assert _answers(found, "gradient_ascent")


def test_learning_rate_bound_mistakes_2024_handout():
    spec = load_text((ROOT / "problems/usi-ml-2024-assignment2.yaml").read_text(), "u.yaml")
    part = next(p for problem in spec.problems for p in problem.parts
                if p.kind == "learning_rate_bound")
    found = mistakes(part.kind, part.inputs, KINDS[part.kind].solve(part.inputs))
    hessian = np.array([[10, 4], [4, 4]])  # of 5x² + 2y² + 4xy
    eigenvalues = np.linalg.eigvalsh(hessian)
    A = hessian / 2

    def upper(code):
        (answer,) = _answers(found, code)
        assert isinstance(answer, Interval) and answer.lower == 0
        return float(answer.upper)

    assert upper("lr_bound_one_over_lambda_max") == pytest.approx(1 / eigenvalues.max())
    assert upper("lr_bound_one_over_lambda_max") == pytest.approx(1 / 12)  # the handout's
    assert upper("lr_bound_lambda_min") == pytest.approx(2 / eigenvalues.min())
    assert upper("lr_bound_wrong_matrix") == pytest.approx(2 / np.linalg.eigvalsh(A).max())
    message = next(m.message for m in found if m.code == "lr_bound_one_over_lambda_max")
    assert "2/λ_max" in message


def test_line_search_step_mistakes():
    _, _, found = _one("line_search_step", "Q: [[3, 1], [1, 2]], b: [1, -1], at: [0, 0]")
    Q, b, theta = np.array([[3, 1], [1, 2]]), np.array([1, -1]), np.zeros(2)
    g = Q @ theta - b
    step = g @ g / (g @ Q @ g)
    assert _some_close(_answers(found, "sign_error", "theta"), theta + step * g)
    inverted = g @ Q @ g / (g @ g)
    assert _some_close(_answers(found, "inverted_step", "step"), inverted)
    assert _some_close(_answers(found, "inverted_step", "theta"), theta - inverted * g)


def test_quadratic_minimizer_mistakes():
    _, _, found = _one("quadratic_minimizer", "Q: [[3, 1], [1, 2]], b: [1, -1]")
    Q, b = np.array([[3, 1], [1, 2]]), np.array([1, -1])
    assert _some_close(_answers(found, "sign_error"), -np.linalg.solve(Q, b))
    assert _some_close(_answers(found, "missing_factor_half"), np.linalg.solve(2 * Q, b))


# -- networks -----------------------------------------------------------------------------


def _sigmoid(z):
    return 1 / (1 + np.exp(-z))


def _relu(z):
    return np.maximum(z, 0)


def _forward(Ws, bs, acts, X):
    A, As, Zs = X.T, [X.T], []
    for W, b, act in zip(Ws, bs, acts, strict=True):
        Z = W @ A + b[:, None]
        A = act(Z)
        Zs.append(Z)
        As.append(A)
    return Zs, As


def _backprop(Ws, bs, acts, primes, X, T, factor):
    """Wx-layout backpropagation with ∂L/∂ŷ = factor (ŷ − t); gradients and deltas."""
    Zs, As = _forward(Ws, bs, acts, X)
    D = factor * (As[-1] - T.T) * primes[-1](Zs[-1])
    grads, deltas = [None] * len(Ws), [None] * len(Ws)
    for layer in range(len(Ws) - 1, -1, -1):
        grads[layer] = (D @ As[layer].T, D.sum(axis=1))
        deltas[layer] = D
        if layer:
            D = (Ws[layer].T @ D) * primes[layer - 1](Zs[layer - 1])
    return grads, deltas


NETWORK = """
problems:
  - id: p
    parts:
      - id: a
        kind: backprop
        layout: Wx
        loss: {loss}
        inputs: [[1, 2], [-1, 0.5]]
        targets: [0.5, -1]
        {extra}
        layers:
          - {{W: [[0.5, -1], [0.25, 0.75]], b: [0.1, -0.2], activation: {hidden}}}
          - {{W: [1, -2], b: 0.3, activation: identity}}
"""
W1 = np.array([[0.5, -1], [0.25, 0.75]])
B1 = np.array([0.1, -0.2])
W2 = np.array([[1.0, -2.0]])
B2 = np.array([0.3])
X = np.array([[1, 2], [-1, 0.5]])
T = np.array([[0.5], [-1]])


def _network(loss="half_sse", hidden="sigmoid", extra=""):
    return _part(NETWORK.format(loss=loss, hidden=hidden, extra=extra))


def _identity(z):
    return z


def _one_prime(z):
    return np.ones_like(z)


def _grads(act, prime, factor, out_prime=_one_prime):
    return _backprop([W1, W2], [B1, B2], [act, _identity], [prime, out_prime], X, T, factor)


def _check_gradients(found, code, grads, output_layer=True):
    """The mistake's gradients; a mistake in the hidden layer leaves the output layer's."""
    (gW1, gb1), (gW2, gb2) = grads
    assert _some_close(_answers(found, code, "W1"), gW1)
    assert _some_close(_answers(found, code, "b1"), gb1)
    if output_layer:
        assert _some_close(_answers(found, code, "W2"), gW2.T)
        assert _some_close(_answers(found, code, "b2"), gb2)
    else:
        assert not _answers(found, code, "W2") and not _answers(found, code, "b2")


def test_backprop_sigmoid_prime_is_sigmoid():
    _, _, found = _network()
    grads, _ = _grads(_sigmoid, _sigmoid, 1)
    _check_gradients(found, "sigmoid_prime_is_sigmoid", grads, output_layer=False)
    assert found[0].code == "sigmoid_prime_is_sigmoid"


def test_backprop_relu_prime_wrong_and_missing_scale():
    _, _, found = _network(hidden="relu")
    grads, _ = _grads(_relu, _one_prime, 1)
    _check_gradients(found, "relu_prime_wrong", grads, output_layer=False)
    _, _, found = _network(hidden="5 relu")
    grads, _ = _grads(lambda z: 5 * _relu(z), lambda z: (z > 0).astype(float), 1)
    (gW1, gb1), _ = grads
    assert _some_close(_answers(found, "missing_scale", "W1"), gW1)
    assert _some_close(_answers(found, "missing_scale", "b1"), gb1)


def _sigmoid_prime(z):
    return _sigmoid(z) * (1 - _sigmoid(z))


@pytest.mark.parametrize("loss,code,factor", [
    ("half_sse", "missing_factor_half", 2),
    ("half_sse", "missing_factor_2", 0.5),
    ("sse", "missing_factor_2", 1),
    ("sse", "extra_factor_2", 4),
    ("mse", "missing_mean", 2),
    ("mse", "missing_factor_2", 0.5),
    ("half_sse", "sign_error", -1),
])
def test_backprop_loss_constant_and_sign_mistakes(loss, code, factor):
    _, _, found = _network(loss=loss)
    grads, _ = _grads(_sigmoid, _sigmoid_prime, factor)
    _check_gradients(found, code, grads)


def test_backprop_missing_factor_half_also_doubles_the_loss():
    _, solved, found = _network()
    Zs, As = _forward([W1, W2], [B1, B2], [_sigmoid, _identity], X)
    sse = float(((As[-1] - T.T) ** 2).sum())
    assert _some_close(_answers(found, "missing_factor_half", "loss"), sse)


def test_backprop_sign_error_with_an_update():
    _, _, found = _network(extra="learning_rate: 0.5")
    grads, _ = _grads(_sigmoid, _sigmoid_prime, 1)
    (gW1, gb1), (gW2, gb2) = grads
    new = [W1 + 0.5 * gW1, B1 + 0.5 * gb1, W2 + 0.5 * gW2, B2 + 0.5 * gb2]
    assert _some_close(_answers(found, "sign_error", "W1_new"), new[0])
    assert _some_close(_answers(found, "sign_error", "b2_new"), new[3])
    _, As = _forward(new[0::2], new[1::2], [_sigmoid, _identity], X)
    assert _some_close(_answers(found, "sign_error", "loss_new"),
                       0.5 * float(((As[-1] - T.T) ** 2).sum()))


def test_backprop_gradient_transposed_and_no_bias_sum():
    _, _, found = _network()
    grads, deltas = _grads(_sigmoid, _sigmoid_prime, 1)
    assert _some_close(_answers(found, "gradient_transposed", "W1"), grads[0][0].T)
    assert not _answers(found, "gradient_transposed", "W2")  # a vector, not a matrix
    assert _some_close(_answers(found, "no_bias_sum", "b1"), deltas[0][:, 0])
    assert _some_close(_answers(found, "no_bias_sum", "b2"), deltas[1][:, 0])


def test_forward_pass_no_activation_and_transposed_weight():
    _, _, found = _part("""
problems:
  - id: p
    parts:
      - id: a
        kind: forward_pass
        layout: Wx
        input: [1, -2]
        layers:
          - {W: [[1, 2], [3, -1]], b: [0, 1], activation: relu}
          - {W: [[2, 1]], b: [1], activation: sigmoid}
""")
    W, b, V, c, x = (np.array([[1, 2], [3, -1]]), np.array([0, 1]), np.array([[2, 1]]),
                     np.array([1]), np.array([1, -2]))
    z1 = W @ x + b
    assert _some_close(_answers(found, "no_activation", "a1"), z1)
    assert _some_close(_answers(found, "no_activation", "yhat"), V @ _relu(z1) + c)
    assert _some_close(_answers(found, "no_activation", "z2"), V @ z1 + c)
    zt = W.T @ x + b
    assert _some_close(_answers(found, "transposed", "z1"), zt)
    assert _some_close(_answers(found, "transposed", "yhat"), _sigmoid(V @ _relu(zt) + c))


def _diagonal_close(answers, function, size=3):
    names = [f"z{i}" for i in range(1, size + 1)]
    return _some_symbolic(answers, lambda *z: np.diag([function(v) for v in z]), names)


def test_activation_derivative_mistakes():
    _, _, found = _one("activation_derivative", "activation: sigmoid, size: 3")
    assert _diagonal_close(_answers(found, "sigmoid_prime_is_sigmoid"), _sigmoid)
    _, _, found = _one("activation_derivative", "activation: tanh, size: 3")
    assert _diagonal_close(_answers(found, "sign_error"), lambda z: 1 + np.tanh(z) ** 2)
    _, _, found = _one("activation_derivative", "activation: 5 relu, size: 3")
    assert _diagonal_close(_answers(found, "missing_scale"), lambda z: float(z > 0))
    _, _, found = _one("activation_derivative", "activation: softmax, size: 3")

    def softmax_diagonal(*z):
        s = np.exp(z) / np.exp(z).sum()
        return np.diag(s * (1 - s))

    assert _some_symbolic(_answers(found, "softmax_jacobian_diagonal"), softmax_diagonal,
                          ["z1", "z2", "z3"])


def _loss_names(k):
    return [f"yhat{i}" for i in range(1, k + 1)] + [f"t{i}" for i in range(1, k + 1)]


@pytest.mark.parametrize("loss,code,factor", [
    ("sse", "missing_factor_2", 1),
    ("sse", "extra_factor_2", 4),
    ("sse", "sign_error", -2),
    ("half_sse", "missing_factor_half", 2),
    ("mse", "missing_mean", 2),
    ("mse", "missing_factor_2", 1 / 3),
])
def test_loss_gradient_squared_losses(loss, code, factor):
    _, _, found = _one("loss_gradient", f"loss: {loss}, size: 3")

    def reference(*values):
        y, t = np.array(values[:3]), np.array(values[3:])
        return (factor * (y - t))[:, None]

    assert _some_symbolic(_answers(found, code), reference, _loss_names(3))


def test_loss_gradient_bce_without_the_mean():
    _, _, found = _one("loss_gradient", "loss: bce, size: 3")

    def reference(*values):
        y, t = np.array(values[:3]), np.array(values[3:])
        return (-t / y + (1 - t) / (1 - y))[:, None]

    names = _loss_names(3)
    symbols = [symbol(name) for name in names]
    (answer,) = _answers(found, "missing_mean")
    function = sympy.lambdify(symbols, answer.value, "numpy")
    values = RNG.uniform(0.1, 0.9, size=6)
    assert np.allclose(np.asarray(function(*values), dtype=float), reference(*values))


def test_loss_gradient_cross_entropy_sign():
    _, solved, found = _one("loss_gradient", "loss: cross_entropy, size: 2")
    assert {m.name for m in found} == {"general", "one_hot"}
    names = ["z1", "z2", "t1", "t2"]

    def one_hot(z1, z2, t1, t2):
        s = np.exp([z1, z2]) / np.exp([z1, z2]).sum()
        return (np.array([t1, t2]) - s)[:, None]

    assert _some_symbolic(_answers(found, "sign_error", "one_hot"), one_hot, names)


def test_matrix_gradient_mistakes():
    _, _, found = _one("matrix_gradient", "f: norm(A v)^2, wrt: A, "
                                          "shapes: {A: [3, 2], v: [2, 1]}")
    names = ["A_11", "A_12", "A_21", "A_22", "A_31", "A_32", "v_1", "v_2"]

    def gradient(*values):
        A, v = np.array(values[:6]).reshape(3, 2), np.array(values[6:]).reshape(2, 1)
        return 2 * A @ v @ v.T

    assert _some_symbolic(_answers(found, "transposed", "gradient"),
                          lambda *values: gradient(*values).T, names)
    assert _some_symbolic(_answers(found, "missing_factor_2", "gradient"),
                          lambda *values: gradient(*values) / 2, names)
    assert _some_symbolic(_answers(found, "sign_error", "gradient"),
                          lambda *values: -gradient(*values), names)
    closed = _answers(found, "transposed", "closed_form")
    assert closed and closed[0].value.shape == (2, 3)


def test_matrix_gradient_linear_in_the_variable_has_no_factor_2():
    _, _, found = _one("matrix_gradient", "f: v^T A v, wrt: A, shapes: {A: [2, 2], v: [2, 1]}")
    assert not _answers(found, "missing_factor_2", "gradient")
    assert not _answers(found, "transposed", "gradient")  # v vᵀ is symmetric


def test_conv_shapes_forgot_bias_and_input_channels():
    _, _, found = _part("""
problems:
  - id: p
    parts:
      - id: a
        kind: conv_shapes
        input: [32, 32, 3]
        layers:
          - {type: conv, size: 5, filters: 8}
          - {type: pool, size: 2, stride: 2}
          - {type: conv, size: 5, filters: 32}
          - {type: pool, size: 2, stride: 2}
          - {type: conv, size: 2, filters: 64}
""")
    weights = 5 * 5 * 3 * 8 + 5 * 5 * 8 * 32 + 2 * 2 * 32 * 64
    assert _some_close(_answers(found, "forgot_bias", "parameters"), weights)
    assert _some_close(_answers(found, "forgot_input_channels", "parameters"),
                       5 * 5 * 8 + 5 * 5 * 32 + 2 * 2 * 64 + 8 + 32 + 64)


# -- the handouts' own wrong answers ------------------------------------------------------


def _handout_part(file: str, part_id: str, kind: str):
    spec = load_text((ROOT / "problems" / file).read_text(), file)
    part = next(p for problem in spec.problems for p in problem.parts
                if p.id == part_id and p.kind == kind)
    solved = KINDS[part.kind].solve(part.inputs)
    return part, solved, mistakes(part.kind, part.inputs, solved)


def test_math198_sign_of_the_loss_gradient():
    """The handout's ∇L(y') = 2(y − y') has the wrong sign."""
    _, _, found = _handout_part("math198-hw07-gradients-jacobians.yaml", "4-1",
                                "matrix_gradient")
    names = ["y_1", "y_2", "y_3", "y'_1", "y'_2", "y'_3"]
    assert _some_symbolic(_answers(found, "sign_error", "gradient"),
                          lambda *v: 2 * (np.array(v[:3]) - np.array(v[3:]))[:, None], names)
    _, _, found = _one("loss_gradient", "loss: sse, size: 3")
    assert _some_symbolic(_answers(found, "sign_error"),
                          lambda *v: 2 * (np.array(v[3:]) - np.array(v[:3]))[:, None],
                          _loss_names(3))


def test_nyu_bce_without_one_over_k():
    part, _, found = _handout_part("nyu-dl-2022-homework1.yaml", "bce", "loss_gradient")
    (answer,) = _answers(found, "missing_mean")
    y, t = symbol("yhat1"), symbol("t1")
    assert sympy.simplify(answer.value[0] - (-t / y + (1 - t) / (1 - y))) == 0


# -- every handout part: no candidate is right, and generation is fast ----------------------


def _handout_parts():
    for path in sorted(glob.glob(str(ROOT / "problems" / "*.yaml"))):
        spec = load_text(Path(path).read_text(), path)
        for problem in spec.problems:
            for part in problem.parts:
                yield pytest.param(part, id=f"{Path(path).stem}:{problem.id}:{part.id}")


def _differs(a, b) -> bool:
    """At least one entry differs, by exact numbers or at random real points."""
    if isinstance(a, sympy.MatrixExpr | sympy.Set) or isinstance(b, sympy.MatrixExpr
                                                                   | sympy.Set):
        return a != b
    a_entries = list(a) if isinstance(a, sympy.MatrixBase) else [a]
    b_entries = list(b) if isinstance(b, sympy.MatrixBase) else [b]
    if len(a_entries) != len(b_entries):
        return True
    for x, y in zip(a_entries, b_entries, strict=True):
        difference = sympy.sympify(x - y)
        symbols = sorted(difference.free_symbols, key=str)
        if not symbols:
            if abs(complex(difference.evalf(30))) > 1e-15:
                return True
            continue
        function = sympy.lambdify(symbols, difference, "numpy")
        with np.errstate(all="ignore"):
            values = np.asarray([function(*RNG.uniform(0.1, 0.9, len(symbols)))
                                 for _ in range(4)], dtype=complex)
        if np.any(np.abs(values[np.isfinite(values)]) > 1e-9):
            return True
    return False


@pytest.mark.parametrize("part", list(_handout_parts()))
def test_handout_candidates_differ_from_the_answer(part):
    solved = KINDS[part.kind].solve(part.inputs)
    found = mistakes(part.kind, part.inputs, solved)
    expected = solved.answer
    for mistake in found:
        assert isinstance(mistake, Mistake) and mistake.code and mistake.message
        target = expected[mistake.name] if mistake.name is not None else expected
        assert type(mistake.answer) is type(target)
        if isinstance(target, Value):
            assert _differs(mistake.answer.value, target.value), mistake
        elif isinstance(target, Interval):
            assert mistake.answer.upper != target.upper
        if isinstance(expected, Named):
            assert mistake.name in dict(expected.items)


def test_handout_parts_produce_mistakes_for_every_kind():
    kinds = {}
    for param in _handout_parts():
        part = param.values[0]
        solved = KINDS[part.kind].solve(part.inputs)
        kinds[part.kind] = kinds.get(part.kind, 0) + len(mistakes(part.kind, part.inputs,
                                                                  solved))
    assert all(count > 0 for count in kinds.values()), kinds


# -- the collector --------------------------------------------------------------------------


def test_collector_drops_the_right_answer_duplicates_and_other_types():
    x = symbol("x")
    found = Candidates(Value(2 * sympy.sin(x) * sympy.cos(x)))
    found.add("right", "", Value(sympy.sin(2 * x)))
    found.add("wrong", "", Value(sympy.cos(2 * x)))
    found.add("again", "", Value(1 - 2 * sympy.sin(x) ** 2))
    found.add("undefined", "", None)
    assert [m.code for m in found.result()] == ["wrong"]


def test_collector_per_name_and_unknown_names():
    expected = Named((("W1", Value(sympy.Integer(1))), ("b1", Value(sympy.Integer(2)))))
    found = Candidates(expected)
    found.add_items("code", "", [("W1", Value(sympy.Integer(1))),
                                 ("b1", Value(sympy.Integer(3))), ("W9", Value(sympy.Integer(5)))])
    assert [(m.name, m.answer) for m in found.result()] == [("b1", Value(sympy.Integer(3)))]


def test_same_compares_piecewise_on_both_sides_of_zero():
    z = symbol("z")
    step = sympy.Piecewise((1, z > 0), (0, True))
    assert not same(Value(step), Value(sympy.Integer(1)))
    assert same(Value(sympy.ImmutableMatrix([[step]])), Value(step))


def test_unknown_kind_has_no_mistakes():
    assert mistakes("no_such_kind", None, None) == ()


def test_spec_helper_loads():
    assert load("""
problems:
  - id: p
    parts:
      - {id: a, kind: derivative, f: x^2, wrt: x}
""").problems[0].parts[0].kind == "derivative"
