"""Whether a Gram matrix M gives an inner product ⟨x, y⟩ = xᵀMy: the one check every kind
with an ``inner`` field shows."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from solver.steps.base import Step
from solver.steps.optimization import leading_minors, symmetry_check


@dataclass(frozen=True, kw_only=True)
class InnerProductCheck(Step):
    """⟨x, y⟩ = xᵀMy is an inner product iff M is symmetric and positive definite; a
    symmetric M is positive definite iff its leading principal minors Δₖ are all > 0
    (Sylvester). ``failing``: the order of the first minor that is not, or None; the minors
    are empty when M is not symmetric."""

    matrix: Any
    transpose: Any
    symmetric: bool
    blocks: tuple[Any, ...]
    minors: tuple[Any, ...]
    signs: tuple[int, ...]
    failing: int | None

    @property
    def inner_product(self) -> bool:
        return self.symmetric and self.failing is None


def inner_product_check(M) -> InnerProductCheck:
    """M symmetric, then its leading principal minors (Sylvester's criterion)."""
    symmetry = symmetry_check(M)
    if not symmetry.symmetric:
        return InnerProductCheck(matrix=M, transpose=symmetry.transpose, symmetric=False,
                                 blocks=(), minors=(), signs=(), failing=None)
    minors = leading_minors(M)
    return InnerProductCheck(matrix=M, transpose=symmetry.transpose, symmetric=True,
                             blocks=minors.blocks, minors=minors.minors, signs=minors.signs,
                             failing=minors.failing)
