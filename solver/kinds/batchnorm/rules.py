"""The rules batch normalisation is worked with. A typical mistake is the same work with
one rule changed, so the kind's mistakes re-solve with a changed ``Rules``."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rules:
    """``unbiased``: the variance divides by N − 1 (wrongly; batch norm divides by N);
    ``eps_inside``: x̂ = (x − μ)/√(σ² + ε) (False: (x − μ)/(√σ² + ε)); ``per_feature``:
    the statistics are over the batch, one per feature (False: over each example's
    features, as layer norm does); ``full_backward``: ∂L/∂x has the paths through μ and
    σ² (False: γ ∂L/∂y / √(σ² + ε) alone)."""

    unbiased: bool = False
    eps_inside: bool = True
    per_feature: bool = True
    full_backward: bool = True


TEXTBOOK = Rules()
