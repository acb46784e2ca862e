"""The steps of A = QR after Gram–Schmidt on the columns: Q from the q's, R entry by entry."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from solver.steps.base import Step


@dataclass(frozen=True, kw_only=True)
class QRColumnsAssembled(Step):
    """Q = [q₁ ⋯ qₙ]: the orthonormal vectors as columns, so QᵀQ = I."""

    result: Any


@dataclass(frozen=True, kw_only=True)
class QRUpperEntries(Step):
    """R = QᵀA: rᵢⱼ = qᵢᵀaⱼ for i ≤ j, and rᵢⱼ = 0 for i > j since aⱼ lies in the span of
    q₁, …, qⱼ, orthogonal to qᵢ. ``entries``: (i, j, qᵢ, aⱼ, rᵢⱼ) for i ≤ j, from 1."""

    Q: Any
    matrix: Any
    entries: tuple[tuple[int, int, Any, Any, Any], ...]
    result: Any


@dataclass(frozen=True, kw_only=True)
class QRDependentColumn(Step):
    """Gram–Schmidt reduced column k to 0: aₖ lies in the span of the columns before it, so
    R would have rₖₖ = 0 and A has no QR factorisation with R invertible."""

    column: int
