"""The steps of batch normalisation: the batch mean and variance of each feature, the
normalised values, γx̂ + β, and backward the gradients by γ, β and the inputs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from solver.steps.base import Step


@dataclass(frozen=True)
class FeatureColumn:
    """One feature's (or, normalising over the wrong axis, one example's) values and a
    statistic of them."""

    index: int
    entries: tuple[Any, ...]
    value: Any


@dataclass(frozen=True, kw_only=True)
class BatchMean(Step):
    """μⱼ = (1/N) Σᵢ xᵢⱼ: the mean of each feature over the N examples of the batch."""

    columns: tuple[FeatureColumn, ...]
    count: int
    per_feature: bool
    mean: Any


@dataclass(frozen=True, kw_only=True)
class BatchVariance(Step):
    """σⱼ² = (1/N) Σᵢ (xᵢⱼ − μⱼ)², the biased variance (divided by N, not N − 1), as batch
    normalisation computes it; ``columns`` hold the deviations xᵢⱼ − μⱼ."""

    columns: tuple[FeatureColumn, ...]
    count: int
    divisor: int
    per_feature: bool
    variance: Any


@dataclass(frozen=True)
class FeatureScale:
    """√(σⱼ² + ε) of one feature (``eps_inside`` False: √σⱼ² + ε)."""

    index: int
    variance: Any
    radicand: Any
    scale: Any


@dataclass(frozen=True, kw_only=True)
class BatchNormalise(Step):
    """x̂ᵢⱼ = (xᵢⱼ − μⱼ)/√(σⱼ² + ε): each feature shifted to mean 0 and scaled to variance
    about 1. ``numeric``: a root is not short, so the values are carried as decimals."""

    scales: tuple[FeatureScale, ...]
    eps: Any
    eps_inside: bool
    per_feature: bool
    numeric: bool
    deviations: Any
    normalised: Any


@dataclass(frozen=True, kw_only=True)
class BatchScaleShift(Step):
    """yᵢⱼ = γⱼ x̂ᵢⱼ + βⱼ: the learned scale and shift of each feature."""

    gamma: Any
    beta: Any
    normalised: Any
    output: Any


@dataclass(frozen=True, kw_only=True)
class BatchParameterGradients(Step):
    """∂L/∂βⱼ = Σᵢ ∂L/∂yᵢⱼ and ∂L/∂γⱼ = Σᵢ ∂L/∂yᵢⱼ x̂ᵢⱼ, summed over the batch."""

    upstream: Any
    normalised: Any
    grad_gamma: Any
    grad_beta: Any


@dataclass(frozen=True, kw_only=True)
class BatchInputGradient(Step):
    """With ∂L/∂x̂ = γ ⊙ ∂L/∂y, ∂L/∂xᵢⱼ = (1/N)(σⱼ² + ε)^{−1/2} (N ∂L/∂x̂ᵢⱼ − Σₖ ∂L/∂x̂ₖⱼ −
    x̂ᵢⱼ Σₖ ∂L/∂x̂ₖⱼ x̂ₖⱼ): the direct path and the paths through μ and σ², which every x
    of the feature enters. ``full``: those paths are there."""

    gamma: Any
    grad_normalised: Any
    sums: tuple[Any, ...]
    dots: tuple[Any, ...]
    scales: tuple[Any, ...]
    count: int
    full: bool
    per_feature: bool
    grad_x: Any
