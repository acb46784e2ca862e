"""The steps of a run of an optimiser from torch.optim: the update rule with its
hyper-parameters, one step per iteration (gradient, state, update, iterate, loss) and a
table of every iteration."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sympy

from solver.steps.base import Step


@dataclass(frozen=True, kw_only=True)
class OptimizerRule(Step):
    """The method's update, as torch.optim computes it (``method`` one of momentum,
    nesterov, adagrad, rmsprop, adam); the state starts at 0."""

    method: str


@dataclass(frozen=True, kw_only=True)
class _Iteration:
    """The values every iteration shows: g = ∇f(θ⁽ᵗ⁻¹⁾), the state updated from it, the
    update u and θ⁽ᵗ⁾ = θ⁽ᵗ⁻¹⁾ − u with the loss there."""

    index: int  # t, from 1
    theta: Any
    gradient: Any
    update: Any
    theta_next: Any
    loss_next: Any

    @property
    def vector(self) -> bool:
        return isinstance(self.theta, sympy.MatrixBase)


@dataclass(frozen=True, kw_only=True)
class MomentumIteration(_Iteration, Step):
    """SGD with momentum: v⁽ᵗ⁾ = μ v⁽ᵗ⁻¹⁾ + g, θ⁽ᵗ⁾ = θ⁽ᵗ⁻¹⁾ − η v⁽ᵗ⁾; Nesterov (PyTorch's
    form): the same v⁽ᵗ⁾, then θ⁽ᵗ⁾ = θ⁽ᵗ⁻¹⁾ − η (g + μ v⁽ᵗ⁾). ``stepped`` is the vector η
    multiplies (v⁽ᵗ⁾, g + μv⁽ᵗ⁾, or v⁽ᵗ⁻¹⁾ when a mistake moves with the old velocity)."""

    nesterov: bool
    velocity_before: Any
    velocity: Any
    stepped: Any


@dataclass(frozen=True, kw_only=True)
class AdagradIteration(_Iteration, Step):
    """Adagrad: G⁽ᵗ⁾ = G⁽ᵗ⁻¹⁾ + g ⊙ g, θ⁽ᵗ⁾ = θ⁽ᵗ⁻¹⁾ − η g / (√G⁽ᵗ⁾ + ε), entrywise."""

    square: Any  # g ⊙ g
    total_before: Any
    total: Any
    root: Any
    denominator: Any


@dataclass(frozen=True, kw_only=True)
class RMSpropIteration(_Iteration, Step):
    """RMSprop: s⁽ᵗ⁾ = β s⁽ᵗ⁻¹⁾ + (1 − β) g ⊙ g, θ⁽ᵗ⁾ = θ⁽ᵗ⁻¹⁾ − η g / (√s⁽ᵗ⁾ + ε)."""

    square: Any
    average_before: Any
    average: Any
    root: Any
    denominator: Any


@dataclass(frozen=True, kw_only=True)
class AdamIteration(_Iteration, Step):
    """Adam: m⁽ᵗ⁾ = β₁m⁽ᵗ⁻¹⁾ + (1 − β₁)g, v⁽ᵗ⁾ = β₂v⁽ᵗ⁻¹⁾ + (1 − β₂) g ⊙ g, the bias
    corrections m̂ = m⁽ᵗ⁾/(1 − β₁ᵗ), v̂ = v⁽ᵗ⁾/(1 − β₂ᵗ), θ⁽ᵗ⁾ = θ⁽ᵗ⁻¹⁾ − η m̂ / (√v̂ + ε)."""

    square: Any
    first_before: Any
    first: Any
    second_before: Any
    second: Any
    correction1: Any  # 1 − β₁ᵗ (1 when a mistake leaves it out)
    correction2: Any
    first_hat: Any
    second_hat: Any
    root: Any
    denominator: Any


@dataclass(frozen=True, kw_only=True)
class OptimizerUndefined(Step):
    """The update needs f, ∇f and the root of the accumulator finite and real at θ⁽ᵗ⁻¹⁾;
    otherwise the run stops. ``what`` is "f", "gradient", "root" or "zero" (a zero
    denominator: a zero gradient entry with ε = 0)."""

    index: int
    theta: Any
    what: str


@dataclass(frozen=True, kw_only=True)
class OptimizerTable(Step):
    """Every iteration in one table: t, g, the state, the update, θ⁽ᵗ⁾ and f(θ⁽ᵗ⁾)."""

    method: str
    start: Any
    loss0: Any
    rows: tuple[Step, ...]

    @property
    def children(self) -> tuple[Step, ...]:
        return ()
