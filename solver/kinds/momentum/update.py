"""One iteration of each method, entrywise on columns, under ``rules``: the state updated
from the gradient g and the update u that θ⁽ᵗ⁾ = θ⁽ᵗ⁻¹⁾ − u subtracts. Every named value is
taken through ``take(name, value, after)`` so that a student's earlier state carries."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import sympy

from solver.kinds.momentum.read import MomentumInputs
from solver.kinds.momentum.rules import Rules
from solver.kinds.newton_step.values import as_decimal, finite_real, settle

Matrix = sympy.ImmutableMatrix
Take = Callable[[str, Matrix, tuple[str, ...]], Matrix]
STATE = {"momentum": ("v",), "nesterov": ("v",), "adagrad": ("G",), "rmsprop": ("s",),
         "adam": ("m", "v")}


@dataclass(frozen=True)
class Updated:
    """The iteration's values for its step record, the update u (None when the root of
    the accumulator is not real) and the new state."""

    values: dict
    update: Matrix | None
    state: dict


def entrywise(function, *columns: Matrix) -> Matrix:
    return Matrix([function(*entries) for entries in zip(*columns, strict=True)])


def iterate(inputs: MomentumInputs, rules: Rules, t: int, g: Matrix, state: dict,
            take: Take) -> Updated:
    return _METHODS[inputs.method](inputs, rules, t, g, state, take)


def _momentum(inputs, rules, t, g, state, take) -> Updated:
    """v⁽ᵗ⁾ = μv⁽ᵗ⁻¹⁾ + g; u = η v⁽ᵗ⁾, or η (g + μ v⁽ᵗ⁾) for Nesterov."""
    mu, eta = inputs.momentum, inputs.learning_rate
    before = state["v"]
    v = take(f"v{t}", settle(mu * before + g), (f"v{t - 1}", f"grad{t}"))
    moved = before if rules.old_velocity else v
    stepped = settle(g + mu * moved) if inputs.method == "nesterov" else moved
    after = (f"v{t - 1}",) if rules.old_velocity else (f"v{t}",)
    update = take(f"update{t}", settle(eta * stepped), after + (f"grad{t}",))
    values = {"nesterov": inputs.method == "nesterov", "velocity_before": before,
              "velocity": v, "stepped": stepped}
    return Updated(values, update, {"v": v})


def _square(g: Matrix, rules: Rules) -> Matrix:
    """g ⊙ g (g itself when the square is forgotten)."""
    return settle(entrywise(lambda x: x**2, g)) if rules.square_gradient else g


def _scaled(inputs, rules, g: Matrix, accumulated: Matrix):
    """(√a, √a + ε, η g / (√a + ε)) entrywise, ε inside the root under a changed rule;
    None for u when a root is not real."""
    eps = inputs.eps
    if rules.eps_inside_root:
        root = settle(entrywise(lambda a: sympy.sqrt(a + eps), accumulated))
        denominator = as_decimal(root)
    else:
        root = settle(entrywise(sympy.sqrt, accumulated))
        denominator = as_decimal(entrywise(lambda r: r + eps, root))
    if not finite_real(root) or any(entry == 0 for entry in denominator):
        return root, denominator, None
    eta = inputs.learning_rate
    return root, denominator, as_decimal(entrywise(lambda x, d: eta * x / d, g, denominator))


def _adagrad(inputs, rules, t, g, state, take) -> Updated:
    """G⁽ᵗ⁾ = G⁽ᵗ⁻¹⁾ + g²; u = η g / (√G⁽ᵗ⁾ + ε)."""
    square = _square(g, rules)
    total = take(f"G{t}", settle(state["G"] + square), (f"G{t - 1}", f"grad{t}"))
    root, denominator, update = _scaled(inputs, rules, g, total)
    if update is not None:
        update = take(f"update{t}", update, (f"G{t}", f"grad{t}"))
    values = {"square": square, "total_before": state["G"], "total": total, "root": root,
              "denominator": denominator}
    return Updated(values, update, {"G": total})


def _rmsprop(inputs, rules, t, g, state, take) -> Updated:
    """s⁽ᵗ⁾ = βs⁽ᵗ⁻¹⁾ + (1 − β)g²; u = η g / (√s⁽ᵗ⁾ + ε)."""
    beta = inputs.beta
    square = _square(g, rules)
    average = take(f"s{t}", settle(beta * state["s"] + (1 - beta) * square),
                   (f"s{t - 1}", f"grad{t}"))
    root, denominator, update = _scaled(inputs, rules, g, average)
    if update is not None:
        update = take(f"update{t}", update, (f"s{t}", f"grad{t}"))
    values = {"square": square, "average_before": state["s"], "average": average,
              "root": root, "denominator": denominator}
    return Updated(values, update, {"s": average})


def _adam(inputs, rules, t, g, state, take) -> Updated:
    """m⁽ᵗ⁾ = β₁m + (1 − β₁)g, v⁽ᵗ⁾ = β₂v + (1 − β₂)g², m̂ = m⁽ᵗ⁾/(1 − β₁ᵗ),
    v̂ = v⁽ᵗ⁾/(1 − β₂ᵗ); u = η m̂ / (√v̂ + ε)."""
    b1, b2 = inputs.beta1, inputs.beta2
    square = _square(g, rules)
    m = take(f"m{t}", settle(b1 * state["m"] + (1 - b1) * g), (f"m{t - 1}", f"grad{t}"))
    v = take(f"v{t}", settle(b2 * state["v"] + (1 - b2) * square), (f"v{t - 1}", f"grad{t}"))
    c1, c2 = (1 - b1**t, 1 - b2**t) if rules.bias_correction else (sympy.S.One, sympy.S.One)
    m_hat = take(f"mhat{t}", settle(m / c1), (f"m{t}",))
    v_hat = take(f"vhat{t}", settle(v / c2), (f"v{t}",))
    root, denominator, update = _scaled(inputs, rules, m_hat, v_hat)
    if update is not None:
        update = take(f"update{t}", update, (f"mhat{t}", f"vhat{t}"))
    values = {"square": square, "first_before": state["m"], "first": m,
              "second_before": state["v"], "second": v, "correction1": c1, "correction2": c2,
              "first_hat": m_hat, "second_hat": v_hat, "root": root,
              "denominator": denominator}
    return Updated(values, update, {"m": m, "v": v})


_METHODS = {"momentum": _momentum, "nesterov": _momentum, "adagrad": _adagrad,
            "rmsprop": _rmsprop, "adam": _adam}
