"""Batch normalisation of a batch (a row per example, a column per feature), forward and
backward.

Each feature j is normalised over the N examples: μⱼ = (1/N) Σᵢ xᵢⱼ, the biased variance
σⱼ² = (1/N) Σᵢ (xᵢⱼ − μⱼ)², x̂ᵢⱼ = (xᵢⱼ − μⱼ)/√(σⱼ² + ε) and yᵢⱼ = γⱼ x̂ᵢⱼ + βⱼ
(γ = 1, β = 0 and ε = 10⁻⁵ by default; ε = 0 for exact textbook exercises). Given the
upstream gradient ∂L/∂y (``backward``): ∂L/∂βⱼ = Σᵢ ∂L/∂yᵢⱼ, ∂L/∂γⱼ = Σᵢ ∂L/∂yᵢⱼ x̂ᵢⱼ and,
with ∂L/∂x̂ = γ ⊙ ∂L/∂y, ∂L/∂xᵢⱼ = (1/N)(σⱼ² + ε)^{−1/2} (N ∂L/∂x̂ᵢⱼ − Σₖ ∂L/∂x̂ₖⱼ −
x̂ᵢⱼ Σₖ ∂L/∂x̂ₖⱼ x̂ₖⱼ). Exact where readable (rational roots, or the root of a short fraction
when ε = 0); otherwise the roots are carried as 40-digit decimals and shown with the
part's ``digits`` (6 significant figures by default). A feature with variance 0 and ε = 0
cannot be normalised: the answer says so. The answer is ``output`` (and ``grad_gamma``,
``grad_beta``, ``grad_x``); the intermediate values are ``mean`` and ``variance`` (one per
feature, a column) and ``normalised`` (x̂, shaped like the batch).
"""

from __future__ import annotations

from solver.kinds.base import Field, Kind
from solver.kinds.batchnorm.mistakes import mistakes
from solver.kinds.batchnorm.read import BatchnormInputs, read
from solver.kinds.batchnorm.rules import TEXTBOOK, Rules
from solver.kinds.batchnorm.solve import solve

KIND = Kind(
    name="batchnorm",
    summary="Batch normalisation: each feature's batch mean and (biased) variance, "
            "x̂ = (x − μ)/√(σ² + ε), y = γx̂ + β; backward ∂L/∂γ, ∂L/∂β and ∂L/∂x.",
    fields=(
        Field("inputs", "the batch: a list of rows, one row per example, a column per "
                        "feature (a flat list is one feature)"),
        Field("gamma", "the scale γ: a number or one per feature (default 1)", required=False),
        Field("beta", "the shift β: a number or one per feature (default 0)", required=False),
        Field("eps", "ε ≥ 0 inside the root, 1e-5 by default (0 for exact exercises)",
              required=False),
        Field("backward", "the upstream gradient ∂L/∂y, shaped like the batch: also compute "
                          "∂L/∂γ, ∂L/∂β and ∂L/∂x", required=False),
    ),
    hint="a matrix shaped like the batch, or a vector with one entry per feature",
    mistakes=mistakes,
    carries="σ² from the student's μ; x̂ from their μ and σ²; y = γx̂ + β from their x̂; "
            "∂L/∂γ from their x̂; ∂L/∂x from their x̂ and σ²",
    doc=__doc__,
    read=read,
    solve=solve,
    example="""{id: a, kind: batchnorm, inputs: [[1, 2], [3, 6], [5, 4]], gamma: [2, 1],
 beta: [0, 1], eps: 0, backward: [[1, 0], [0, 1], [-1, 2]]}""",
)

__all__ = ["KIND", "TEXTBOOK", "BatchnormInputs", "Rules", "read", "solve"]
