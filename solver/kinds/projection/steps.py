"""The steps of an orthogonal projection onto U = span{v₁, …, vₖ} under ⟨u, v⟩ = uᵀMv:
the inner product checked, the spanning set reduced to a basis B, the normal equations
BᵀMB λ = BᵀMx solved, p = Bλ, the residual x − p orthogonal to U, and the distance."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from solver.steps.base import Step


@dataclass(frozen=True)
class ProjectionDependentVector:
    """A spanning vector without a pivot: vⱼ = Σ cᵢ bᵢ over the basis (its column of the
    reduced echelon form), so it adds nothing to the span. Indices from 0."""

    index: int
    vector: Any
    coefficients: tuple[Any, ...]


@dataclass(frozen=True, kw_only=True)
class ProjectionBasis(Step):
    """Row-reduce A = [v₁ ⋯ vₖ]: the vectors of the pivot columns are a basis of U, each
    other vector is the combination of them its column of rref(A) gives; rank A = dim U."""

    spanning: Any
    reduced: Any
    pivots: tuple[int, ...]
    dependent: tuple[ProjectionDependentVector, ...]
    basis: Any

    @property
    def rank(self) -> int:
        return len(self.pivots)


@dataclass(frozen=True, kw_only=True)
class ProjectionOntoLine(Step):
    """Onto the line spanned by b: p = (⟨x, b⟩ / ⟨b, b⟩) b, with ⟨u, v⟩ = uᵀMv.
    ``divisor`` is the ⟨b, b⟩ divided by (a changed rule may store 1)."""

    vector: Any
    point: Any
    inner: Any  # M, or None for the dot product
    xb: Any
    bb: Any
    divisor: Any
    coefficient: Any
    result: Any


@dataclass(frozen=True, kw_only=True)
class ProjectionNormalEquations(Step):
    """p = Bλ with x − p ⟂ U: Bᵀ M (x − Bλ) = 0, i.e. BᵀMB λ = BᵀMx. ``used`` is the matrix
    the equations are solved with (BᵀMB; a changed rule may store another)."""

    basis: Any
    point: Any
    inner: Any
    gram: Any
    rhs: Any
    used: Any


@dataclass(frozen=True, kw_only=True)
class ProjectionCoefficients(Step):
    """Gauss–Jordan elimination on [BᵀMB | BᵀMx] (invertible: B has independent columns)
    gives λ."""

    elimination: Step
    coefficients: Any


@dataclass(frozen=True, kw_only=True)
class ProjectionCombination(Step):
    """p = Bλ = λ₁b₁ + ⋯ + λᵣbᵣ."""

    basis: Any
    coefficients: Any
    result: Any

    @property
    def terms(self) -> tuple[tuple[Any, Any], ...]:
        """(λᵢ, bᵢ) for each basis vector."""
        return tuple((self.coefficients[j], self.basis[:, j]) for j in range(self.basis.cols))


@dataclass(frozen=True, kw_only=True)
class ProjectionResidual(Step):
    """The residual x − p is orthogonal to U under M: BᵀM(x − p) = 0. ``sign`` −1 stores
    p − x (a changed rule)."""

    point: Any
    projection: Any
    sign: int
    residual: Any
    basis: Any
    inner: Any
    check: Any  # BᵀM(x − p)


@dataclass(frozen=True, kw_only=True)
class ProjectionDistance(Step):
    """d(x, U) = ‖x − p‖_M = √((x − p)ᵀ M (x − p))."""

    residual: Any
    inner: Any
    squared: Any
    result: Any

    @property
    def root_is_plain(self) -> bool:
        """√(squared) is already the shown result (nothing to simplify)."""
        return str(self.result) == f"sqrt({self.squared})"


@dataclass(frozen=True, kw_only=True)
class ProjectionMatrix(Step):
    """P = B (BᵀMB)⁻¹ BᵀM maps every x to its projection: P² = P, MP = PᵀM, Px = p."""

    basis: Any
    inner: Any
    inverse: Any  # (BᵀMB)⁻¹
    result: Any
    image: Any  # Px
    denominator: Any = 1  # d > 1 when P = (1/d) × a matrix of integers is shown
    scaled: Any = None  # d P
