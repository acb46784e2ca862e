"""Typical mistakes with an optimiser, each the kind's own solve with one rule changed and
kept at every iteration."""

from __future__ import annotations

from solver.answers import Value
from solver.kinds.momentum.rules import Rules
from solver.kinds.momentum.solve import solve

MISTAKES = (
    ("no_bias_correction", ("adam",), Rules(bias_correction=False),
     "you used m and v without the bias corrections m̂ = m/(1 − β₁ᵗ), v̂ = v/(1 − β₂ᵗ)"),
    ("old_velocity", ("momentum", "nesterov"), Rules(old_velocity=True),
     "you moved θ with the velocity before this step's update; first v⁽ᵗ⁾ = μv⁽ᵗ⁻¹⁾ + g, "
     "then the step uses v⁽ᵗ⁾"),
    ("eps_inside_root", ("adagrad", "rmsprop", "adam"), Rules(eps_inside_root=True),
     "you put ε inside the square root; PyTorch divides by √s + ε"),
    ("gradient_not_squared", ("adagrad", "rmsprop", "adam"), Rules(square_gradient=False),
     "your accumulator adds g instead of the squared gradient g²"),
)


def mistakes(inputs, solved, found) -> None:
    """Adam without bias correction; momentum or Nesterov moving θ with the old velocity
    v⁽ᵗ⁻¹⁾; ε inside the square root, √(s + ε) for √s + ε; the accumulator adding g instead
    of g² (Adagrad, RMSprop, Adam)."""
    if not isinstance(solved.answer, Value):
        return
    for code, methods, rules, message in MISTAKES:
        if inputs.method in methods:
            found.add(code, message, solve(inputs, rules=rules).answer)
