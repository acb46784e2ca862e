"""The steps of a singular value decomposition A = UΣVᵀ, worked from AᵀA: its eigenvalues
and orthonormal eigenvectors (V), the singular values (Σ), the left singular vectors (U)
and, when asked, the rank-k approximation and its error."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sympy

from solver.kinds.gram_schmidt.steps import ProjectionTerm
from solver.steps.base import Step


@dataclass(frozen=True, kw_only=True)
class SvdGramMatrix(Step):
    """AᵀA (n×n) is symmetric and positive semidefinite: its eigenvalues are λᵢ ≥ 0 and its
    eigenvectors orthogonal; A = UΣVᵀ gives AᵀA = VΣᵀΣVᵀ, so V holds its eigenvectors and
    σᵢ² = λᵢ. For a wide A (m < n), AAᵀ = UΣΣᵀUᵀ is smaller (m×m) and gives U first; the
    solution shown starts from AᵀA all the same."""

    name: str
    matrix: Any
    transpose: Any
    result: Any
    wide: bool


@dataclass(frozen=True, kw_only=True)
class SvdGramEigenvalues(Step):
    """p(λ) = det(AᵀA − λI) and its roots λ₁ ≥ λ₂ ≥ … ≥ λₙ ≥ 0 (with multiplicity); roots of
    an irreducible factor of degree 3 or more without a readable closed form are numeric
    (``factors`` names those factors, ``digits`` are carried and ``figures`` shown)."""

    shifted: Any
    polynomial: Any
    factored: Any
    roots: tuple[tuple[Any, int], ...]  # (λ, multiplicity), largest first, as shown
    factors: tuple[Any, ...] = ()
    digits: int = 0
    figures: int = 0

    @property
    def numeric(self) -> bool:
        return bool(self.factors)

    @property
    def indexed(self) -> tuple[tuple[Any, int, int], ...]:
        """(λ, the first and last index it has in λ₁ ≥ … ≥ λₙ)."""
        rows, last = [], 0
        for value, multiplicity in self.roots:
            rows.append((value, last + 1, last + multiplicity))
            last += multiplicity
        return tuple(rows)


@dataclass(frozen=True)
class SvdOrthonormalRow:
    """One vector of an orthonormalised basis: zₖ = wₖ − Σⱼ<ₖ (wₖᵀzⱼ / zⱼᵀzⱼ) zⱼ (``terms``,
    the gram_schmidt kind's projection terms), then zₖ / ‖zₖ‖ with ‖zₖ‖ = √(zₖᵀzₖ)
    (``norm`` None when the vectors are left unnormalised)."""

    index: int
    vector: Any
    terms: tuple[ProjectionTerm, ...]
    orthogonal: Any
    squared: Any
    norm: Any
    result: Any

    @property
    def root_simplifies(self) -> bool:
        """‖zₖ‖ is written otherwise than √(zₖᵀzₖ)."""
        return not (self.norm.is_Pow and self.norm.exp == sympy.S.Half
                    and self.norm.base == self.squared)


@dataclass(frozen=True, kw_only=True)
class SvdOrthonormalBasis(Step):
    """An orthonormal basis of the span of w₁, …, w_d by Gram–Schmidt (the gram_schmidt
    kind's process): each wₖ minus its projections onto the z's before it is orthogonal to
    them, and zₖ/‖zₖ‖ are the columns ``letter``_{first}, … (v of V, u of U); one vector is
    only normalised."""

    letter: str
    first: int
    rows: tuple[SvdOrthonormalRow, ...]

    @property
    def already_orthogonal(self) -> bool:
        """Every projection coefficient is 0: the vectors only need normalising."""
        return all(term.coefficient == 0 for row in self.rows for term in row.terms)


@dataclass(frozen=True, kw_only=True)
class SvdRightVectors(Step):
    """The eigenspace of AᵀA for λ: the null space of AᵀA − λI, with a basis w₁, w₂, …;
    eigenvectors of a symmetric matrix for distinct eigenvalues are orthogonal, so an
    orthonormal basis of each eigenspace (Gram–Schmidt, or w / ‖w‖ for one vector) gives
    the columns ``first``, … of V."""

    value: Any
    shifted: Any
    basis: tuple[Any, ...]
    first: int
    orthonormal: SvdOrthonormalBasis
    result: tuple[Any, ...]
    numeric: bool = False


@dataclass(frozen=True, kw_only=True)
class SvdSingularValues(Step):
    """σᵢ = √λᵢ, in decreasing order; the rank r of A is the number of non-zero σᵢ, and Σ
    (m×n, like A) holds σ₁, …, σ_p (p = min(m, n)) on its diagonal and 0 elsewhere."""

    values: tuple[Any, ...]  # λ₁, …, λ_p as used
    singular: tuple[Any, ...]  # σ₁, …, σ_p
    rank: int
    Sigma: Any
    numeric: bool = False

    @property
    def roots(self) -> tuple[tuple[Any, Any, bool], ...]:
        """(λᵢ, σᵢ, whether σᵢ is written otherwise than √λᵢ)."""
        return tuple((value, sigma, not (sigma.is_Pow and sigma.exp == sympy.S.Half
                                         and sigma.base == value))
                     for value, sigma in zip(self.values, self.singular, strict=True))


@dataclass(frozen=True)
class SvdLeftVector:
    """uᵢ = Avᵢ / σᵢ (``image`` is Avᵢ)."""

    index: int
    vector: Any
    image: Any
    sigma: Any
    result: Any


@dataclass(frozen=True, kw_only=True)
class SvdLeftVectors(Step):
    """uᵢ = Avᵢ / σᵢ for σᵢ > 0: AᵀA vᵢ = σᵢ² vᵢ makes these unit vectors, orthogonal to
    each other (uᵢᵀuⱼ = vᵢᵀAᵀAvⱼ / (σᵢσⱼ) = 0 for i ≠ j)."""

    name: str
    vectors: tuple[SvdLeftVector, ...]
    numeric: bool = False


@dataclass(frozen=True, kw_only=True)
class SvdCompletion(Step):
    """The columns u_{r+1}, …, u_m: the column space of A is spanned by u₁, …, u_r, and its
    orthogonal complement is the null space of Aᵀ (``space``: reduced echelon form and basis);
    an orthonormal basis of it (Gram–Schmidt, or w / ‖w‖ for one vector) completes U."""

    name: str
    rank: int
    rows: int
    space: tuple[Step, ...]
    orthonormal: SvdOrthonormalBasis
    result: tuple[Any, ...]


@dataclass(frozen=True, kw_only=True)
class SvdFactorisation(Step):
    """A = UΣVᵀ with U (m×m) and V (n×n) orthogonal: UᵀU = I, VᵀV = I, and the product
    checks the factorisation."""

    name: str
    U: Any
    Sigma: Any
    V: Any
    product: Any  # UΣVᵀ
    UtU: Any
    VtV: Any
    numeric: bool = False


@dataclass(frozen=True, kw_only=True)
class SvdTruncation(Step):
    """A_k = Σᵢ≤k σᵢ uᵢ vᵢᵀ, the first k rank-one terms of A = Σᵢ σᵢ uᵢ vᵢᵀ: the best
    approximation of rank at most k (Eckart–Young)."""

    name: str
    rank: int
    terms: tuple[tuple[Any, Any, Any, Any], ...]  # (σᵢ, uᵢ, vᵢ, σᵢuᵢvᵢᵀ)
    result: Any
    exact: bool  # k ≥ rank A: A_k = A


@dataclass(frozen=True, kw_only=True)
class SvdTruncationError(Step):
    """Eckart–Young: ‖A − A_k‖₂ = σ_{k+1} and ‖A − A_k‖_F = √(σ_{k+1}² + … + σ_p²), the
    singular values left out (σ_{k+1} = 0 beyond p)."""

    name: str
    rank: int
    start: int  # the index of the first singular value counted (k + 1)
    remaining: tuple[Any, ...]  # σ_start, …, σ_p
    difference: Any  # A − A_k
    spectral: Any
    squared: Any
    frobenius: Any

    @property
    def root_simplifies(self) -> bool:
        """The Frobenius error is written otherwise than √(σ_{k+1}² + …)."""
        return not (self.frobenius.is_Pow and self.frobenius.exp == sympy.S.Half
                    and self.frobenius.base == self.squared)
