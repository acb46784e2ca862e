"""The steps of the questions about a symbolic learning rate: which η makes one step land on
the minimiser, and which η make the iteration converge."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from solver.steps.base import Step


@dataclass(frozen=True, kw_only=True)
class OneStepToMinimiser(Step):
    """θ₁ = θ₀ − η∇f(θ₀) equals θ* iff θ₀ − θ* = η∇f(θ₀): one equation per coordinate, all
    in the one unknown η. ``case``: "unique" (η = ``solution``), "none" (the equations
    disagree, or give η ≤ 0), "any" (θ₀ is already θ*) or "no_minimiser" (f has no single
    minimiser to reach; ``reason`` says why)."""

    rate: Any
    theta0: Any
    gradient: Any
    theta1: Any
    minimiser: Any
    equations: tuple[Any, ...]
    solution: Any
    case: str
    reason: str = ""


@dataclass(frozen=True, kw_only=True)
class ConvergenceRange(Step):
    """For a quadratic f, gradient descent converges from every start iff |1 − ηλᵢ| < 1 for
    every eigenvalue λᵢ of the Hessian: 0 < η < 2/λ_max (worked by the learning-rate bound,
    whose steps are the children); otherwise the reason no range follows this way."""

    rate: Any
    worked: tuple[Step, ...]
    answer: Any

    @property
    def children(self) -> tuple[Step, ...]:
        return self.worked
