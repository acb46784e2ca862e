"""The steps of the Gram–Schmidt process: the inner product checked, each vector made
orthogonal to the earlier ones, and each normalised."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sympy

from solver.steps.base import Step


@dataclass(frozen=True)
class ProjectionTerm:
    """The projection of vₖ onto uⱼ: cⱼ = ⟨vₖ, uⱼ⟩ / ⟨uⱼ, uⱼ⟩ (``onto`` indexes uⱼ from 1)."""

    onto: int
    numerator: Any
    denominator: Any
    coefficient: Any
    direction: Any

    @property
    def in_lowest_terms(self) -> bool:
        """The fraction ⟨vₖ, uⱼ⟩ / ⟨uⱼ, uⱼ⟩ as written is already the coefficient."""
        c = self.coefficient
        return bool(c.is_Rational and self.numerator == c.p and self.denominator == c.q
                    and c.q != 1)


@dataclass(frozen=True, kw_only=True)
class GramSchmidtOrthogonalise(Step):
    """uₖ = vₖ − Σⱼ<ₖ (⟨vₖ, uⱼ⟩ / ⟨uⱼ, uⱼ⟩) uⱼ: vₖ minus its projections onto the earlier
    orthogonal vectors is orthogonal to each of them. uₖ = 0 means vₖ lies in the span of
    the earlier vectors (``dependent``)."""

    index: int
    letter: str
    vector: Any
    terms: tuple[ProjectionTerm, ...]
    result: Any
    dependent: bool
    weighted: bool  # ⟨x, y⟩ = xᵀMy rather than xᵀy


@dataclass(frozen=True, kw_only=True)
class GramSchmidtNormalise(Step):
    """qₖ = uₖ / ‖uₖ‖ with ‖uₖ‖ = √⟨uₖ, uₖ⟩: a unit vector in the direction of uₖ."""

    index: int
    vector: Any
    squared: Any
    norm: Any
    scale: Any  # 1/‖uₖ‖ as a number, or None where it reads best as 1/‖uₖ‖ (‖uₖ‖ = 5, √2)
    result: Any
    weighted: bool

    @property
    def root_simplifies(self) -> bool:
        """‖uₖ‖ is written otherwise than √⟨uₖ, uₖ⟩ (a whole number, or a factor taken out)."""
        return not (self.norm.is_Pow and self.norm.exp == sympy.S.Half
                    and self.norm.base == self.squared)
