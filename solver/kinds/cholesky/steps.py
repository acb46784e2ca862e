"""The steps of a Cholesky factorisation: A symmetric, A positive definite by its leading
principal minors, then L column by column, each entry with its formula and numbers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from solver.steps.base import Step
from solver.steps.optimization import LeadingMinorsTest, QuadraticFormSymmetry


@dataclass(frozen=True, kw_only=True)
class CholeskySymmetryCheck(Step):
    """LLᵀ is symmetric, so A = LLᵀ needs Aᵀ = A; ``check`` compares A with Aᵀ."""

    check: QuadraticFormSymmetry

    @property
    def symmetric(self) -> bool:
        return self.check.symmetric


@dataclass(frozen=True, kw_only=True)
class CholeskyDefiniteness(Step):
    """A symmetric A has a Cholesky factor with a positive diagonal iff it is positive
    definite, iff (Sylvester) every leading principal minor Δₖ is > 0; ``test`` holds them."""

    test: LeadingMinorsTest

    @property
    def positive_definite(self) -> bool:
        return self.test.positive_definite


@dataclass(frozen=True)
class CholeskyTerm:
    """One entry lᵢⱼ (indices from 0): ``products`` are the known lᵢₖlⱼₖ, k < j (lⱼₖ² on
    the diagonal), ``remainder`` is aᵢⱼ minus their sum, ``value`` the entry."""

    row: int
    column: int
    entry: Any  # aᵢⱼ
    factors: tuple[tuple[Any, Any], ...]  # (lᵢₖ, lⱼₖ) for k < j
    remainder: Any
    divisor: Any  # lⱼⱼ (lⱼⱼ² under a changed rule); None on the diagonal
    value: Any


@dataclass(frozen=True, kw_only=True)
class CholeskyColumn(Step):
    """Column j of L: lⱼⱼ = √(aⱼⱼ − Σ_{k<j} lⱼₖ²), then for each i > j
    lᵢⱼ = (aᵢⱼ − Σ_{k<j} lᵢₖlⱼₖ) / lⱼⱼ, from the entries of the earlier columns."""

    index: int
    diagonal: CholeskyTerm
    below: tuple[CholeskyTerm, ...]
    root: bool  # lⱼⱼ is a square root (False under a changed rule)


@dataclass(frozen=True, kw_only=True)
class CholeskyFactor(Step):
    """L, lower triangular with a positive diagonal, and the check LLᵀ = A."""

    factor: Any  # L
    product: Any  # LLᵀ
    matrix: Any  # A
