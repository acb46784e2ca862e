"""Loss gradients checked against finite differences of numpy losses at random points."""

from __future__ import annotations

import numpy as np
import pytest
import sympy

from solver.answers import Named, Value
from solver.errors import SpecErrors
from solver.kinds.loss_gradient import LossGradientInputs, solve
from solver.nn import losses
from solver.numbers import symbol
from solver.steps.network import LossGradient, SoftmaxCrossEntropyGradient
from tests.conftest import load, solve_only_part

RNG = np.random.default_rng(34)
H = 1e-6


def _numpy_loss(name, y, t):
    k = y.size
    return {
        "half_sse": lambda: 0.5 * np.sum((y - t) ** 2),
        "sse": lambda: np.sum((y - t) ** 2),
        "mse": lambda: np.sum((y - t) ** 2) / k,
        "bce": lambda: -np.sum(t * np.log(y) + (1 - t) * np.log(1 - y)) / k,
        "cross_entropy": lambda: -np.sum(t * (y - np.log(np.sum(np.exp(y))))),
    }[name]()


def _solve(name, k):
    return solve(LossGradientInputs(losses.parse(name), k))


def _symbols(prefix, k):
    return [symbol(f"{prefix}{i}") for i in range(1, k + 1)]


def _finite_differences(name, y, t):
    return np.array([(_numpy_loss(name, y + H * e, t) - _numpy_loss(name, y - H * e, t))
                     / (2 * H) for e in np.eye(y.size)])


@pytest.mark.parametrize("name", ["half_sse", "sse", "mse", "bce"])
@pytest.mark.parametrize("k", [1, 2, 3, 5])
def test_gradient_matches_finite_differences(name, k):
    solved = _solve(name, k)
    assert isinstance(solved.answer, Value) and solved.answer.value.shape == (k, 1)
    gradient = sympy.lambdify(_symbols("yhat", k) + _symbols("t", k), solved.answer.value,
                              "numpy")
    for _ in range(5):
        if name == "bce":
            y, t = RNG.uniform(0.05, 0.95, k), RNG.uniform(0, 1, k)
        else:
            y, t = RNG.uniform(-3, 3, k), RNG.uniform(-3, 3, k)
        exact = np.array(gradient(*y, *t), dtype=float).ravel()
        assert np.allclose(exact, _finite_differences(name, y, t), atol=1e-6)


@pytest.mark.parametrize("k", [1, 2, 3, 4])
def test_softmax_cross_entropy_general_and_one_hot_match_finite_differences(k):
    solved = _solve("cross_entropy", k)
    assert isinstance(solved.answer, Named)
    zs, ts = _symbols("z", k), _symbols("t", k)
    general = sympy.lambdify(zs + ts, solved.answer["general"].value, "numpy")
    one_hot = sympy.lambdify(zs + ts, solved.answer["one_hot"].value, "numpy")
    for _ in range(5):
        z = RNG.uniform(-3, 3, k)
        t = RNG.uniform(0, 2, k)  # not normalised: the general form must still hold
        exact = np.array(general(*z, *t), dtype=float).ravel()
        assert np.allclose(exact, _finite_differences("cross_entropy", z, t), atol=1e-6)
        hot = np.eye(k)[RNG.integers(k)]
        exact = np.array(one_hot(*z, *hot), dtype=float).ravel()
        assert np.allclose(exact, _finite_differences("cross_entropy", z, hot), atol=1e-6)


def test_handout_softmax_cross_entropy_is_softmax_times_sum_t_minus_t():
    """∂E/∂yᵢ = softmaxᵢ(y)·Σₖtₖ − tᵢ; for one-hot t: softmaxᵢ − tᵢ."""
    k = 3
    solved = _solve("cross_entropy", k)
    zs, ts = _symbols("z", k), _symbols("t", k)
    total = sum(sympy.exp(z) for z in zs)
    for i in range(k):
        softmax = sympy.exp(zs[i]) / total
        general = softmax * sum(ts) - ts[i]
        assert sympy.simplify(solved.answer["general"].value[i] - general) == 0
        assert sympy.simplify(solved.answer["one_hot"].value[i] - (softmax - ts[i])) == 0
    step = solved.steps[0]
    assert isinstance(step, SoftmaxCrossEntropyGradient)


def test_handout_mse_as_squared_norm_is_two_times_yhat_minus_y():
    """The handout's 'MSE' ‖ŷ − y‖² (no 1/K) is the catalog's sse: 2(ŷ − y)."""
    k = 3
    ys, ts = _symbols("yhat", k), _symbols("t", k)
    answer = _solve("sse", k).answer.value
    assert answer == sympy.ImmutableMatrix([2 * (y - t) for y, t in zip(ys, ts, strict=True)])
    mean = _solve("mse", k).answer.value
    assert mean == sympy.ImmutableMatrix([sympy.Rational(2, k) * (y - t)
                                          for y, t in zip(ys, ts, strict=True)])


def test_bce_gradient_keeps_the_one_over_k_the_handout_drops():
    """BCE with the 1/K mean: ∂ℓ/∂ŷᵢ = (1/K)(−yᵢ/ŷᵢ + (1−yᵢ)/(1−ŷᵢ)); the handout's answer
    without 1/K is K times too large."""
    k = 2
    ys, ts = _symbols("yhat", k), _symbols("t", k)
    answer = _solve("bce", k).answer.value
    for i in range(k):
        right = sympy.Rational(1, k) * (-ts[i] / ys[i] + (1 - ts[i]) / (1 - ys[i]))
        handout = -ts[i] / ys[i] + (1 - ts[i]) / (1 - ys[i])
        assert sympy.simplify(answer[i] - right) == 0
        assert sympy.simplify(answer[i] - handout) != 0


def test_math198_sse_gradient_is_two_times_yprime_minus_y_not_the_handouts_sign():
    """L(y') = ‖y − y'‖² has ∇L(y') = 2(y' − y); the handout's ∇l₁(x) = 2(y − x) has the
    wrong sign."""
    k = 2
    yprime, y = _symbols("yhat", k), _symbols("t", k)
    answer = _solve("sse", k).answer.value
    assert answer == sympy.ImmutableMatrix([2 * (a - b) for a, b in zip(yprime, y, strict=True)])
    assert answer != sympy.ImmutableMatrix([2 * (b - a)
                                            for a, b in zip(yprime, y, strict=True)])
    point = {yprime[0]: 3, yprime[1]: 0, y[0]: 1, y[1]: 1}
    assert answer.subs(point) == sympy.ImmutableMatrix([4, -2])


def test_step_holds_the_loss_and_its_gradient():
    solved = _solve("half_sse", 2)
    step = solved.steps[0]
    assert isinstance(step, LossGradient) and step.gradient == solved.answer.value
    ys, ts = _symbols("yhat", 2), _symbols("t", 2)
    assert sympy.expand(step.value - sum((y - t) ** 2 for y, t in zip(ys, ts, strict=True))
                        / 2) == 0


def test_solves():
    inputs = LossGradientInputs(losses.parse("cross_entropy"), 5)
    solve(inputs)
    solve(inputs)


def test_spec_reads_loss_and_size():
    part, solved = solve_only_part("""
        problems:
          - id: p
            parts:
              - {id: a, kind: loss_gradient, loss: bce, size: 4}
        """)
    assert part.inputs.loss.name == "bce" and part.inputs.size == 4
    assert solved.answer.value.shape == (4, 1)


@pytest.mark.parametrize("fields, field, words", [
    ("loss: mse2, size: 2", "loss", "did you mean 'mse'?"),
    ("loss: hinge, size: 2", "loss", "unknown loss 'hinge'"),
    ("loss: mse, size: 0", "size", "between 1 and 10"),
])
def test_spec_errors_name_the_field_and_line(fields, field, words):
    text = f"problems:\n  - id: p\n    parts:\n      - {{id: a, kind: loss_gradient, {fields}}}\n"
    with pytest.raises(SpecErrors) as info:
        load(text)
    message = str(info.value)
    assert f"field '{field}'" in message and "t.yaml:4" in message and words in message
