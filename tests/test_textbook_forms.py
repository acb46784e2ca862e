"""Closed forms as a textbook prints them: σ′ = σ(z)(1 − σ(z)), tanh′ = 1 − tanh²(z),
a scaled ReLU's Jacobian diag(5·𝟙[zᵢ > 0]), loss gradients 2(ŷ − t) and (ŷ − t)/(ŷ(1 − ŷ)).
Each display form is read off the rendered LaTeX and, separately, evaluated at random points
against the engine's value."""

from __future__ import annotations

import numpy as np
import pytest
import sympy

from solver.nn import activations
from solver.render.document import render
from solver.solving import solve_set
from tests.conftest import load

RNG = np.random.default_rng(11)


def latex_of(yaml_text: str) -> str:
    return render(solve_set(load(yaml_text)), "latex")


def parts_of(yaml_text: str) -> dict:
    solved = solve_set(load(yaml_text))
    return {entry.part.id: entry.solved for problem in solved.problems
            for entry in problem.parts}


def meaning(expr):
    """A display form with its display-only functions replaced by their definitions,
    written out here independently of the solver."""
    u = sympy.Dummy("u")
    sigmoid = sympy.Lambda(u, 1 / (1 + sympy.exp(-u)))
    replacements = {
        activations.SigmoidOf: lambda z: sigmoid(z),
        activations.SigmoidSlopeOf: lambda z: sigmoid(z) * (1 - sigmoid(z)),
        activations.IndicatorOf: lambda condition: sympy.Piecewise((1, condition), (0, True)),
        activations.ScaledOf: lambda c, x: c * x,
        activations.DifferenceOf: lambda a, b: a - b,
    }
    if isinstance(expr, activations.DiagonalOf):
        return sympy.diag(*(meaning(entry) for entry in expr.args))
    for function, definition in replacements.items():
        expr = expr.replace(function, definition)
    return expr


def as_matrix(value) -> sympy.Matrix:
    return sympy.Matrix(value) if isinstance(value, sympy.MatrixBase) else sympy.Matrix([value])


def assert_numerically_equal(shown, value, symbols, trials=20):
    shown_f = sympy.lambdify(symbols, as_matrix(meaning(shown)), "numpy")
    value_f = sympy.lambdify(symbols, as_matrix(value), "numpy")
    for _ in range(trials):
        point = RNG.uniform(-3, 3, len(symbols))
        np.testing.assert_allclose(np.array(shown_f(*point), dtype=float),
                                   np.array(value_f(*point), dtype=float), rtol=1e-12)


ACTIVATIONS = """
    problems:
      - id: p
        parts:
          - {id: relu5, kind: activation_derivative, activation: 5 relu, size: 3}
          - {id: sigmoid, kind: activation_derivative, activation: sigmoid, size: 3}
          - {id: sigmoid2, kind: activation_derivative, activation: 2 sigmoid, size: 2}
          - {id: tanh, kind: activation_derivative, activation: tanh, size: 2}
          - {id: tanh_half, kind: activation_derivative, activation: 0.5 tanh, size: 2}
"""


def test_sigmoid_and_tanh_derivatives_are_printed_in_the_handout_form():
    text = latex_of(ACTIVATIONS)
    sigma_slope = r"\sigma\left(z_{1}\right)\left(1 - \sigma\left(z_{1}\right)\right)"
    assert sigma_slope in text
    assert r"= \sigma\left(z\right)\left(1 - \sigma\left(z\right)\right)" in text
    assert r"2 \cdot \sigma\left(z_{1}\right)\left(1 - \sigma\left(z_{1}\right)\right)" in text
    assert r"1 - \tanh^{2}{\left(z_{1} \right)}" in text
    assert r"g'(z) &= 0.5 \cdot \left(1 - \tanh^{2}{\left(z \right)}\right)" in text
    assert r"0.5 \cdot \left(1 - \tanh^{2}{\left(z_{1} \right)}\right)" in text
    boxes = [line for line in text.splitlines() if r"\frac{\partial a}{\partial z} =" in line]
    assert boxes and not any("e^{- z" in box for box in boxes)


def test_scaled_relu_jacobian_is_a_diagonal_of_indicators():
    text = latex_of(ACTIVATIONS)
    diag = (r"\operatorname{diag}\left(5 \cdot \mathbf{1}\left[z_{1} > 0\right], "
            r"5 \cdot \mathbf{1}\left[z_{2} > 0\right], 5 \cdot \mathbf{1}\left[z_{3} > 0\right]"
            r"\right)")
    assert diag in text
    relu_part = text.split("relu5", 1)[-1].split(r"\sigma", 1)[0]
    assert relu_part.count(r"\begin{cases}") <= 1   # only g'(z) itself, once


@pytest.mark.parametrize("part", ["relu5", "sigmoid", "sigmoid2", "tanh", "tanh_half"])
def test_displayed_jacobian_equals_the_engine_value(part):
    solved = parts_of(ACTIVATIONS)[part]
    step = solved.steps[-1]
    assert_numerically_equal(step.shown, solved.answer.value, step.variables)
    rule = solved.steps[0]
    assert_numerically_equal(rule.derivative_shown, rule.derivative, (rule.variable,))


LOSSES = """
    problems:
      - id: p
        parts:
          - {id: sse, kind: loss_gradient, loss: sse, size: 3}
          - {id: mse, kind: loss_gradient, loss: mse, size: 2}
          - {id: half, kind: loss_gradient, loss: half_sse, size: 2}
          - {id: bce, kind: loss_gradient, loss: bce, size: 3}
"""


def test_squared_loss_gradients_collect_the_common_factor():
    text = latex_of(LOSSES)
    assert (r"2(\hat y - t) = 2 \left(\begin{matrix}\hat{y}_{1} - t_{1}\\"
            r"\hat{y}_{2} - t_{2}\\\hat{y}_{3} - t_{3}\end{matrix}\right)") in text
    assert r"\boxed{\frac{\partial \ell}{\partial \hat y} = 2 \left(\begin{matrix}" in text
    assert r"- 2 t_{1} + 2 \hat{y}_{1}" not in text
    assert r"\frac{2}{2}" not in text   # mse over 2 outputs: the factor is 1
    assert r"\hat y - t = \left(\begin{matrix}\hat{y}_{1} - t_{1}" in text


def test_bce_gradient_is_one_simple_fraction_with_its_one_over_k():
    text = latex_of(LOSSES)
    entry = r"\frac{\hat{y}_{1} - t_{1}}{\hat{y}_{1} \left(1 - \hat{y}_{1}\right)}"
    assert r"\boxed{\frac{\partial \ell}{\partial \hat y} = \frac{1}{3} \left(\begin{matrix}" \
        + entry in text
    assert r"\frac{1}{3} \cdot \frac{\hat y_i - t_i}{\hat y_i(1 - \hat y_i)}" in text
    boxes = [line for line in text.splitlines() if line.startswith(r"\boxed")]
    assert not any(r"\frac{t_{1}}{3 \hat{y}_{1}}" in box for box in boxes)


@pytest.mark.parametrize("part", ["sse", "mse", "half", "bce"])
def test_displayed_loss_gradient_equals_the_engine_value(part):
    solved = parts_of(LOSSES)[part]
    step = solved.steps[-1]
    shown = step.shown.factor * meaning(step.shown.entries)
    points = RNG.uniform(0.05, 0.95, (20, 2 * step.size))   # bce needs 0 < ŷ < 1
    symbols = step.outputs + step.targets
    shown_f = sympy.lambdify(symbols, shown, "numpy")
    value_f = sympy.lambdify(symbols, solved.answer.value, "numpy")
    for point in points:
        np.testing.assert_allclose(np.array(shown_f(*point), dtype=float),
                                   np.array(value_f(*point), dtype=float), rtol=1e-12)


RATES = """
    problems:
      - id: p
        parts:
          - {id: r, kind: learning_rate_bound, f: 3x^2 + 2x y + y^2, wrt: [x, y]}
"""


def test_learning_rate_bound_ends_with_the_interval_and_its_value():
    text = latex_of(RATES)
    assert r"\left|1 - \left(4 - 2 \sqrt{2}\right) \eta\right| < 1" in text
    assert r"- \eta \left(" not in text and r"+ 1\right|" not in text
    assert (r"0 < \eta < \frac{2}{\lambda_{\max}} &= \frac{2 - \sqrt{2}}{2} "
            r"\approx 0.292893 .") in text
    assert r"\boxed{0 < \eta < \frac{2 - \sqrt{2}}{2} \approx 0.292893}" in text


def test_learning_rate_bound_value_is_two_over_the_largest_hessian_eigenvalue():
    solved = parts_of(RATES)["r"]
    hessian = np.array([[6.0, 2.0], [2.0, 2.0]])       # of 3x² + 2xy + y², by hand
    bound = 2 / np.linalg.eigvalsh(hessian).max()
    assert float(solved.answer.upper) == pytest.approx(bound, rel=1e-12)
    assert f"{bound:.6f}" == "0.292893"
    for eta in RNG.uniform(0, 2 * bound, 50):          # the displayed |1 − λη| < 1 per λ
        shown = all(abs(1 - lam * eta) < 1 for lam in np.linalg.eigvalsh(hessian))
        assert shown == (eta < bound)


NORMS = """
    problems:
      - id: p
        parts:
          - {id: n, kind: matrix_gradient, f: norm(A v)^2, wrt: A,
             shapes: {A: [3, 2], v: [2, 1]}}
"""


def test_a_squared_norm_in_a_statement_prints_with_norm_bars():
    text = latex_of(NORMS)
    assert r"f = \left\lVert A v \right\rVert^{2}" in text
    assert r"\operatorname{norm}" not in text


def test_the_norm_as_printed_is_the_function_the_engine_differentiates():
    """‖Av‖² by numpy at random A, v against the engine's f written out in the entries."""
    solved = parts_of(NORMS)["n"]
    step = next(step for step in solved.walk() if type(step).__name__ == "EntrywiseFunction")
    matrices = dict(step.matrices)
    symbols = list(matrices["A"]) + list(matrices["v"])
    engine = sympy.lambdify(symbols, step.result, "numpy")
    for _ in range(20):
        A, v = RNG.normal(size=(3, 2)), RNG.normal(size=2)
        assert engine(*A.ravel(), *v) == pytest.approx(np.linalg.norm(A @ v) ** 2, rel=1e-12)


def network_spec(statement: str) -> str:
    return f"""
    problems:
      - id: net
        statement: '{statement}'
        given: {{W1: [[2, 1, 3], [2, -1, 1]], b1: [1, 0, -1], W2: [3, 1, 2]}}
        parts:
          - id: f
            kind: forward_pass
            layout: xW
            input: [1, 3]
            layers:
              - {{W: W1, b: b1, activation: relu}}
              - {{W: W2, b: 1, activation: identity}}
          - id: g
            kind: backprop
            layout: Wx
            loss: sse
            learning_rate: 0.1
            inputs: [[1, -1]]
            targets: [[1, 0]]
            layers:
              - {{W: [[0.5, -0.5], [0.25, 0.5]], b: [0, 0.1], activation: 5 relu}}
              - {{W: [[1, -1], [0.5, 0.5]], b: [0.1, 0], activation: identity}}
"""


def test_layers_keep_the_statements_square_brackets():
    text = latex_of(network_spec("Weights $w^{[1]}_{jk}$ and biases $b^{[2]} = 1$."))
    body = text.split("Weights", 1)[1]
    for mark in ("z^{[1]}", "a^{[1]}", "W^{[2]}", r"\delta^{[2]}", r"\partial W^{[1]}",
                 "a^{[0]}", r"W^{[2]\top}"):
        assert mark in body, mark
    assert "^{(1)}" not in body and "^{(2)}" not in body and "^{(l)}" not in body


def test_layers_default_to_parentheses():
    text = latex_of(network_spec("A small network."))
    assert "z^{(1)}" in text and r"\delta^{(2)}" in text and "^{[1]}" not in text


def test_the_bracketed_layer_values_are_the_forward_pass():
    """z^{[1]} and a^{[2]} as displayed, against numpy (xW + b, ReLU, then identity)."""
    text = latex_of(network_spec("Weights $w^{[1]}_{jk}$."))
    x, W1, b1 = np.array([1, 3]), np.array([[2, 1, 3], [2, -1, 1]]), np.array([1, 0, -1])
    z1 = x @ W1 + b1
    a2 = np.maximum(z1, 0) @ np.array([3, 1, 2]) + 1
    row = " & ".join(str(v) for v in z1)
    assert rf"z^{{[1]}} &= \left(\begin{{matrix}}{row}\end{{matrix}}\right)" in text
    assert rf"a^{{[2]}} &= z^{{[2]}} = {a2}" in text


BCE_NETWORK = """
    problems:
      - id: p
        parts:
          - id: b
            kind: backprop
            layout: Wx
            loss: bce
            inputs: [[1, 0]]
            targets: [[1]]
            layers:
              - {W: [[1, -1]], b: [0], activation: sigmoid}
"""


def test_backprop_writes_the_bce_gradient_as_one_fraction():
    text = latex_of(BCE_NETWORK)
    assert (r"\partial L/\partial \hat y = \frac{1}{n} \cdot "
            r"\frac{\hat y - t}{\hat y(1 - \hat y)}") in text
    assert r"-\frac{t}{\hat y} + \frac{1 - t}{1 - \hat y}" not in text


def test_the_one_fraction_is_the_engines_bce_gradient():
    from solver.nn import losses

    Y = sympy.ImmutableMatrix(2, 2, sympy.symbols("y1:5"))
    T = sympy.ImmutableMatrix(2, 2, sympy.symbols("t1:5"))
    engine = sympy.lambdify(list(Y) + list(T), losses.parse("bce").gradient(Y, T), "numpy")
    for _ in range(20):
        y, t = RNG.uniform(0.05, 0.95, 4), RNG.uniform(0, 1, 4)
        shown = (1 / 4) * (y - t) / (y * (1 - y))
        np.testing.assert_allclose(np.array(engine(*y, *t), dtype=float).ravel(), shown,
                                   rtol=1e-12)
