"""Typical mistakes in batch normalisation, each the kind's own solve with one rule
changed: the unbiased variance, ε outside the square root, the statistics over the wrong
axis, and ∂L/∂x without the paths through the mean and the variance."""

from __future__ import annotations

from solver.answers import Named
from solver.kinds.batchnorm.rules import Rules
from solver.kinds.batchnorm.solve import solve

MISTAKES = (
    ("unbiased_variance", Rules(unbiased=True),
     "you divided the variance by N − 1; batch normalisation uses the batch's own (biased) "
     "variance σ² = (1/N) Σ (x − μ)²"),
    ("eps_outside_root", Rules(eps_inside=False),
     "you added ε outside the square root; x̂ = (x − μ)/√(σ² + ε)"),
    ("wrong_axis", Rules(per_feature=False),
     "you normalised each example over its features; batch normalisation normalises each "
     "feature (column) over the examples of the batch"),
    ("no_statistics_paths", Rules(full_backward=False),
     "your ∂L/∂x is γ ∂L/∂y/√(σ² + ε) alone; every x of a feature also moves μ and σ², so "
     "∂L/∂x = (1/N)(σ² + ε)^(−1/2) (N ∂L/∂x̂ − Σ ∂L/∂x̂ − x̂ Σ ∂L/∂x̂ · x̂)"),
)


def mistakes(inputs, solved, found) -> None:
    """The unbiased variance (divided by N − 1), ε outside the square root, each example
    normalised over its features instead of each feature over the batch, and ∂L/∂x without
    the paths through μ and σ² (γ ∂L/∂y/√(σ² + ε) alone)."""
    for code, rules, message in MISTAKES:
        if code == "no_statistics_paths" and inputs.upstream is None:
            continue
        if code == "wrong_axis" and inputs.features == 1:
            continue  # a single feature: each example alone has variance 0
        worked = solve(inputs, rules=rules)
        if isinstance(worked.answer, Named):
            found.add_items(code, message, worked.answer.items)
