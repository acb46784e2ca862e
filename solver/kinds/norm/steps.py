"""The steps of a worked norm, inner product, distance or angle."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sympy

from solver.steps.base import Step


@dataclass(frozen=True, kw_only=True)
class NormAbsoluteSum(Step):
    """‖x‖₁ = Σ |xᵢ| (``absolute`` False: Σ xᵢ, a changed rule)."""

    label: str
    entries: tuple[Any, ...]
    absolute: bool
    result: Any

    @property
    def absolutes(self) -> tuple[Any, ...]:
        return tuple(abs(entry) for entry in self.entries)


@dataclass(frozen=True, kw_only=True)
class NormMaximum(Step):
    """‖x‖_∞ = maxᵢ |xᵢ|."""

    label: str
    entries: tuple[Any, ...]
    result: Any


@dataclass(frozen=True, kw_only=True)
class NormRootOfSquares(Step):
    """‖x‖₂ = √(Σ xᵢ²), and for a matrix ‖A‖_F = √(Σᵢⱼ aᵢⱼ²) (``root`` False: the sum
    itself, a changed rule). ``frobenius`` says which is shown."""

    label: tuple[str, ...]  # (x,), or (x, y) for x − y
    entries: tuple[Any, ...]
    frobenius: bool
    sum_squares: Any
    root: bool
    result: Any

    @property
    def simplified(self) -> bool:
        """Whether the root reads differently from √(its argument), e.g. √9 = 3."""
        return _simplified(self.result, self.sum_squares)


@dataclass(frozen=True, kw_only=True)
class NormInnerProduct(Step):
    """⟨x, y⟩ = xᵀy = Σ xᵢyᵢ, or with a Gram matrix ⟨x, y⟩_M = xᵀMy (``gram``; ``product``
    is My)."""

    left: tuple[str, ...]  # (x,), or (x, y) for x − y
    right: tuple[str, ...]
    x: Any
    y: Any
    gram: Any
    product: Any
    result: Any


@dataclass(frozen=True, kw_only=True)
class NormInduced(Step):
    """The norm induced by an inner product: ‖x‖_M = √⟨x, x⟩_M = √(xᵀMx) (``root`` False:
    ⟨x, x⟩_M itself, a changed rule)."""

    label: tuple[str, ...]  # (x,), or (x, y) for x − y
    inner: NormInnerProduct
    value: Any
    root: bool
    result: Any

    @property
    def simplified(self) -> bool:
        """Whether the root reads differently from √(its argument), e.g. √9 = 3."""
        return _simplified(self.result, self.value)


@dataclass(frozen=True, kw_only=True)
class NormDifference(Step):
    """d(x, y) = ‖x − y‖: first the difference x − y."""

    left: str
    right: str
    x: Any
    y: Any
    result: Any


@dataclass(frozen=True, kw_only=True)
class NormAngle(Step):
    """cos θ = ⟨x, y⟩ / (‖x‖ ‖y‖) and θ = arccos(cos θ) ∈ [0, π] (``arccos`` False: cos θ
    itself taken for the angle, a changed rule)."""

    left: str
    right: str
    inner: Any
    norm_x: Any
    norm_y: Any
    cos: Any
    arccos: bool
    induced: bool  # the inner product of a Gram matrix M
    result: Any

    @property
    def exact(self) -> bool:
        """Whether arccos(cos θ) is a known value such as π/4."""
        return not sympy.sympify(self.result).has(sympy.acos)

    @property
    def decimal(self):
        return sympy.sympify(self.result).evalf(6)


@dataclass(frozen=True, kw_only=True)
class NormSpectral(Step):
    """‖A‖₂ = √λ_max(AᵀA): AᵀA is symmetric positive semidefinite, its eigenvalues are the
    roots of det(AᵀA − λI) and all ≥ 0. ``of`` is ``gram`` (a changed rule: ``matrix``, the
    eigenvalues of A itself); ``eigenvalues`` are (value, multiplicity) pairs, ``numeric``
    when they are decimals."""

    label: str
    matrix: Any
    of: str
    gram: Any
    shifted: Any
    polynomial: Any
    factored: Any
    eigenvalues: tuple[tuple[Any, int], ...]
    numeric: bool
    lambda_max: Any
    root: bool
    result: Any

    @property
    def simplified(self) -> bool:
        """Whether the root reads differently from √(its argument), e.g. √9 = 3."""
        return _simplified(self.result, self.lambda_max)


def _simplified(result, argument) -> bool:
    result = sympy.sympify(result)
    return not (result.is_Pow and result.exp == sympy.S.Half and result.base == argument)
