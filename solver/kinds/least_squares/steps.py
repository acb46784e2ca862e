"""The steps of a least-squares fit: the normal equations, their solution (by the linear
system's elimination), the minimum-norm choice when X has dependent columns, the fit and its
residual, and the residual's orthogonality to the columns of X."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from solver.steps.base import Step


@dataclass(frozen=True, kw_only=True)
class NormalEquationsFormed(Step):
    """Minimising ‖y − Xθ‖² (+ λ‖θ‖²) gives the normal equations (XᵀX + λI)θ = Xᵀy:
    ``gram`` = XᵀX, ``moment`` = Xᵀy, ``matrix`` = XᵀX + λI (λ = 0 without a ridge;
    a changed rule may add λ to every entry)."""

    name: str
    X: Any
    y: Any
    ridge: Any
    gram: Any
    moment: Any
    matrix: Any
    on_every_entry: bool = False


@dataclass(frozen=True, kw_only=True)
class NormalEquationsSolved(Step):
    """Gθ = c solved by elimination (the linear system's own steps, ``system``); ``solution``
    is the unique θ, or None when G is singular and ``particular`` + span(``basis``) are all
    the solutions."""

    system: tuple[Step, ...]
    solution: Any = None
    particular: Any = None
    basis: tuple[Any, ...] = ()
    parameters: tuple[Any, ...] = ()

    @property
    def children(self) -> tuple[Step, ...]:
        return self.system


@dataclass(frozen=True, kw_only=True)
class MinimumNormChoice(Step):
    """Of θ = θₚ + Σ tᵢnᵢ (the nᵢ spanning the null space of X) the shortest is orthogonal
    to every nᵢ, i.e. lies in the row space of X; that is the pseudo-inverse solution
    θ⁺ = X⁺y. Nᵀ(θₚ + Nt) = 0 gives (NᵀN)t = −Nᵀθₚ (``coefficients`` t)."""

    name: str
    particular: Any
    basis: tuple[Any, ...]
    null_basis: Any  # N, the nᵢ as columns
    gram: Any  # NᵀN
    rhs: Any  # −Nᵀθₚ
    coefficients: Any
    result: Any


@dataclass(frozen=True, kw_only=True)
class LeastSquaresFit(Step):
    """ŷ = Xθ, the residual r = y − ŷ, and the residual sum of squares ‖r‖² = rᵀr."""

    name: str
    X: Any
    theta: Any
    y: Any
    fitted: Any
    residual: Any
    rss: Any


@dataclass(frozen=True, kw_only=True)
class ResidualOrthogonality(Step):
    """Xᵀr = Xᵀy − XᵀXθ = 0 (the normal equations): ŷ is the orthogonal projection of y
    onto the column space of X. With a ridge, Xᵀr = λθ instead."""

    name: str
    X: Any
    residual: Any
    product: Any
    ridge: Any
    theta: Any
