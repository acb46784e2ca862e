"""Steps of an eigenproblem whose eigenvalues have no readable closed form: numeric ones."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from solver.steps.base import Step


@dataclass(frozen=True, kw_only=True)
class NumericEigenvalues(Step):
    """The roots of the irreducible factors of p(λ) of degree ≥ 3 (no readable closed form)
    are found numerically, carried at ``digits`` digits; ``shown`` holds every eigenvalue
    and its multiplicity as printed (numeric ones at ``figures`` significant figures), and
    ``vectors`` the eigenvectors as printed, side by side in the order of the eigenvalues
    (the answer is boxed as λ₁, …, λₙ and this matrix, which fits a page where n
    separate column vectors would not)."""

    polynomial: Any
    factors: tuple[Any, ...]
    shown: tuple[tuple[Any, int], ...]
    digits: int
    figures: int
    vectors: Any


@dataclass(frozen=True, kw_only=True)
class NumericEigenspace(Step):
    """For a numeric λ the eigenvectors span the null space of A − λI, found from the
    singular vectors of A − λI whose singular values vanish at the working precision;
    each is scaled so that its largest entry is 1."""

    value: Any
    shifted: Any
    basis: tuple[Any, ...]
