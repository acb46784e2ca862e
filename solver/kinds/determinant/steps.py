"""The steps of a worked determinant: cofactor expansion down to 2×2 (ad − bc), or row
reduction to a triangular matrix and the product of its diagonal."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from solver.steps.base import Step


@dataclass(frozen=True, kw_only=True)
class SingleEntryDeterminant(Step):
    """The determinant of a 1×1 matrix (a) is a."""

    matrix: Any
    result: Any


@dataclass(frozen=True, kw_only=True)
class TwoByTwoDeterminant(Step):
    """det [[a, b], [c, d]] = ad − bc (``sign`` −1; a changed rule may store +1)."""

    matrix: Any
    first: Any  # ad
    second: Any  # bc
    sign: int
    result: Any


@dataclass(frozen=True)
class Cofactor:
    """One term (−1)^{i+j} aᵢⱼ Mᵢⱼ of an expansion (indices from 0); ``minor`` is the
    matrix without row i and column j, ``worked`` its determinant's step (None when aᵢⱼ = 0:
    the term vanishes and its minor is not needed)."""

    row: int
    column: int
    entry: Any
    sign: int
    minor: Any
    worked: Step | None
    product: Any  # (−1)^{i+j} aᵢⱼ Mᵢⱼ


@dataclass(frozen=True, kw_only=True)
class CofactorExpansion(Step):
    """Laplace expansion along row i: det A = Σⱼ (−1)^{i+j} aᵢⱼ Mᵢⱼ (along column j:
    Σᵢ), where the minor Mᵢⱼ is the determinant of A without row i and column j. The line
    with the most zeros is chosen: a zero entry's term vanishes."""

    matrix: Any
    line: str  # row | column
    index: int
    zeros: int
    terms: tuple[Cofactor, ...]
    result: Any

    @property
    def children(self) -> tuple[Step, ...]:
        return tuple(term.worked for term in self.terms if term.worked is not None)

    @property
    def nonzero(self) -> tuple[Cofactor, ...]:
        return tuple(term for term in self.terms if term.worked is not None)

    @property
    def minor_size(self) -> int:
        return self.matrix.rows - 1


@dataclass(frozen=True, kw_only=True)
class DeterminantRowSwap(Step):
    """Rᵢ ↔ Rⱼ: swapping two rows changes the sign of the determinant."""

    first: int
    second: int
    result: Any


@dataclass(frozen=True, kw_only=True)
class DeterminantRowAdditions(Step):
    """Rᵢ ← Rᵢ + c Rₖ for the rows below the pivot of column k: adding a multiple of
    another row leaves the determinant unchanged. ``additions``: (i, k, c), from 0."""

    pivot: int
    additions: tuple[tuple[int, int, Any], ...]
    result: Any


@dataclass(frozen=True, kw_only=True)
class RowReduction(Step):
    """Row swaps and additions of multiples of rows bring A to an upper triangular U with
    det A = (−1)^s det U, s the number of swaps."""

    start: Any
    operations: tuple[Step, ...]
    result: Any
    swaps: int


@dataclass(frozen=True, kw_only=True)
class TriangularDeterminant(Step):
    """The determinant of a triangular matrix is the product of its diagonal; with the
    row swaps' signs, det A = ``sign`` · u₁₁ u₂₂ ⋯ uₙₙ."""

    triangular: Any
    swaps: int
    sign: int
    diagonal: tuple[Any, ...]
    result: Any


@dataclass(frozen=True, kw_only=True)
class WrappedDiagonalProducts(Step):
    """The diagonal rule: the products along the n diagonals running down to the right,
    wrapping round (``down``, each the entries a_{i, i+k mod n}), minus those along the n
    running down to the left (``up``, a_{i, k−i mod n}). Right for 3×3 only (Sarrus)."""

    matrix: Any
    down: tuple[tuple[Any, ...], ...]
    up: tuple[tuple[Any, ...], ...]
    result: Any
