"""The steps of Newton's method: ∇f and H, then per iterate the values there, the solve of
H d = −∇f, the descent check and the new iterate; a table of the iterates at the end."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sympy

from solver.steps.base import Step
from solver.steps.linalg import Elimination


@dataclass(frozen=True, kw_only=True)
class NewtonDerivatives(Step):
    """∇f = (∂f/∂xᵢ) and Hᵢⱼ = ∂²f/∂xᵢ∂xⱼ (f′ and f″ for one variable)."""

    f: Any
    variables: tuple[sympy.Symbol, ...]
    gradient: Any
    hessian: Any

    @property
    def one(self) -> bool:
        return len(self.variables) == 1


@dataclass(frozen=True, kw_only=True)
class NewtonScalarDirection(Step):
    """One variable: f″(θ) d = −f′(θ), so d = −f′(θ)/f″(θ) (``sign`` +1: +f′/f″)."""

    gradient: Any
    hessian: Any
    sign: int
    result: Any


@dataclass(frozen=True, kw_only=True)
class NewtonInverseDirection(Step):
    """2×2: H⁻¹ = (1/det H) [[d, −b], [−c, a]], then d = −H⁻¹∇f (``sign`` +1: +H⁻¹∇f).
    ``inverse`` is the inverse kind's worked step."""

    hessian: Any
    gradient: Any
    inverse: Step
    product: Any  # H⁻¹∇f
    sign: int
    result: Any

    @property
    def children(self) -> tuple[Step, ...]:
        return (self.inverse,)


@dataclass(frozen=True, kw_only=True)
class NewtonEliminationDirection(Step):
    """H d = −∇f solved by Gauss–Jordan elimination of [H | −∇f] (``sign`` +1: [H | ∇f])."""

    hessian: Any
    rhs: Any
    elimination: Elimination
    sign: int
    result: Any


@dataclass(frozen=True, kw_only=True)
class NewtonDiagonalDirection(Step):
    """dᵢ = −gᵢ/Hᵢᵢ: the gradient divided entrywise by the Hessian's diagonal (what the
    Newton step is only when H is diagonal)."""

    gradient: Any
    diagonal: Any
    sign: int
    result: Any


@dataclass(frozen=True, kw_only=True)
class NewtonGradientDirection(Step):
    """d = −∇f: a plain gradient step with η = 1, the Hessian unused."""

    gradient: Any
    sign: int
    result: Any


@dataclass(frozen=True, kw_only=True)
class NewtonSingular(Step):
    """H d = −∇f has a unique solution only when det H ≠ 0; at θ⁽ᵏ⁾ H is singular."""

    index: int
    theta: Any
    hessian: Any
    det: Any

    @property
    def scalar(self) -> bool:
        return not isinstance(self.hessian, sympy.MatrixBase)


@dataclass(frozen=True, kw_only=True)
class NewtonNotDescent(Step):
    """d is a descent direction when ∇fᵀd < 0 (always so when H is positive definite:
    ∇fᵀd = −∇fᵀH⁻¹∇f); with ∇fᵀd ≥ 0 the Newton step does not go downhill."""

    index: int
    gradient: Any
    direction: Any
    slope: Any
    minors: tuple[Any, ...]  # the leading principal minors of H
    failing: int | None  # the first that is not positive (None: H is positive definite)


@dataclass(frozen=True, kw_only=True)
class NewtonStationary(Step):
    """∇f(θ⁽ᵏ⁾) = 0: θ⁽ᵏ⁾ is a stationary point, d = 0 and every later iterate is θ⁽ᵏ⁾."""

    index: int
    theta: Any


@dataclass(frozen=True, kw_only=True)
class NewtonUndefined(Step):
    """f, ∇f and H must be finite and real at θ⁽ᵏ⁾; outside their domain the method stops.
    ``what`` is "f", "gradient" or "hessian"."""

    index: int
    theta: Any
    what: str


@dataclass(frozen=True, kw_only=True)
class NewtonIteration(Step):
    """Iterate k: ∇f(θ⁽ᵏ⁾) and H(θ⁽ᵏ⁾), the direction d from H d = −∇f, the slope ∇fᵀd,
    and θ⁽ᵏ⁺¹⁾ = θ⁽ᵏ⁾ + d."""

    index: int
    theta: Any
    gradient: Any
    hessian: Any
    direction: Step
    d: Any  # the direction as the solution shows it
    slope: Any
    theta_next: Any
    loss_next: Any

    @property
    def children(self) -> tuple[Step, ...]:
        return (self.direction,)

    @property
    def vector(self) -> bool:
        return isinstance(self.theta, sympy.MatrixBase)


@dataclass(frozen=True, kw_only=True)
class NewtonTable(Step):
    """The iterates θ⁽ᵏ⁾ and f(θ⁽ᵏ⁾) side by side."""

    rows: tuple[tuple[int, Any, Any], ...]
