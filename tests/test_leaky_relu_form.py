"""Leaky ReLU's derivative and Jacobian as a handout prints them: c·𝟙[z > 0] + cα·𝟙[z ≤ 0]
and diag of those entries, never a matrix of cases; the display form is evaluated at random
points and at the kink against the engine's value."""

from __future__ import annotations

import numpy as np
import pytest
import sympy

from solver.nn import activations
from tests.test_textbook_forms import latex_of, parts_of

LEAKY = """
    problems:
      - id: p
        parts:
          - {id: leaky, kind: activation_derivative, activation: leaky_relu, size: 3}
          - {id: leaky2, kind: activation_derivative, activation: 2 leaky_relu(0.2), size: 2}
"""

RNG = np.random.default_rng(5)


def meaning(expr):
    """The display form with its display-only functions replaced by their definitions,
    written out here independently of the solver."""
    if isinstance(expr, activations.DiagonalOf):
        return sympy.diag(*(meaning(entry) for entry in expr.args))
    replacements = {
        activations.IndicatorOf: lambda condition: sympy.Piecewise((1, condition), (0, True)),
        activations.ScaledOf: lambda c, x: c * x,
        activations.SumOf: lambda a, b: a + b,
    }
    for function, definition in replacements.items():
        expr = expr.replace(function, definition)
    return expr


def _values(expr, symbols, point) -> np.ndarray:
    matrix = expr if isinstance(expr, sympy.MatrixBase) else sympy.Matrix([expr])
    return np.array(matrix.subs(dict(zip(symbols, point, strict=True))), dtype=float)


def test_leaky_relu_jacobian_is_a_diagonal_of_indicators():
    text = latex_of(LEAKY)
    assert (r"\operatorname{diag}\left(\mathbf{1}\left[z_{1} > 0\right] + \frac{1}{100} \cdot "
            r"\mathbf{1}\left[z_{1} \leq 0\right], ") in text
    assert (r"2 \cdot \mathbf{1}\left[z_{2} > 0\right] + 0.4 \cdot "
            r"\mathbf{1}\left[z_{2} \leq 0\right]\right)") in text
    boxes = [line for line in text.splitlines() if line.startswith(r"\boxed")]
    assert boxes and not any(r"\begin{cases}" in box for box in boxes)


@pytest.mark.parametrize("part", ["leaky", "leaky2"])
def test_displayed_leaky_jacobian_equals_the_engine_value(part):
    solved = parts_of(LEAKY)[part]
    step = solved.steps[-1]
    shown, value, symbols = meaning(step.shown), solved.answer.value, step.variables
    points = [RNG.uniform(-3, 3, len(symbols)) for _ in range(20)]
    points.append(np.zeros(len(symbols)))             # the kink, where g'(0) = α
    points.append(np.array([(-1) ** i for i in range(len(symbols))], dtype=float))
    for point in points:
        np.testing.assert_allclose(_values(shown, symbols, point),
                                   _values(value, symbols, point), rtol=1e-12)
    rule = solved.steps[0]
    for z in (-1.5, 0.0, 2.25):
        assert float(meaning(rule.derivative_shown).subs(rule.variable, z)) == \
            pytest.approx(float(rule.derivative.subs(rule.variable, z)), rel=1e-12)
