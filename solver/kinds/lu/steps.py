"""The steps of an LU factorisation: the elimination column by column (with partial
pivoting, the row swap first), the zero pivot that stops it, and the factors."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from solver.steps.base import Step


@dataclass(frozen=True, kw_only=True)
class LuEliminationColumn(Step):
    """Column k (from 0): under partial pivoting the row at or below k with the largest
    |aᵢₖ| is swapped up first (``swap_row``; the multipliers already in L swap with it,
    ``lower`` after the swap); then ℓᵢₖ = aᵢₖ / aₖₖ and Rᵢ ← Rᵢ − ℓᵢₖ Rₖ for each row below.
    ``multipliers``: (i, aᵢₖ, ℓᵢₖ), from 0."""

    column: int
    pivoting: str
    before: Any
    swap_row: int | None
    swapped: Any  # the matrix after the swap (None without one)
    lower: Any  # the multipliers found so far, after the swap (None without one in L)
    pivot: Any
    multipliers: tuple[tuple[int, Any, Any], ...]
    result: Any

    @property
    def eliminated(self) -> tuple[tuple[int, Any, Any], ...]:
        """The rows an operation changes (ℓᵢₖ ≠ 0)."""
        return tuple(item for item in self.multipliers if item[2] != 0)


@dataclass(frozen=True, kw_only=True)
class LuZeroPivot(Step):
    """The pivot aₖₖ is 0 while an entry aᵢₖ below it is not: no multiple of row k clears
    aᵢₖ, and A has no factorisation A = LU (its leading k+1 × k+1 block is singular with
    the rows below it not); a row exchange first (PA = LU) is needed."""

    column: int
    matrix: Any
    below: tuple[tuple[int, Any], ...]  # (i, aᵢₖ ≠ 0), from 0


@dataclass(frozen=True, kw_only=True)
class LuFactors(Step):
    """L is unit lower triangular with the multipliers ℓᵢⱼ below its diagonal, U the
    eliminated matrix; P (partial pivoting) the rows of the identity in the final row
    order, so that PA = LU (``product`` = LU)."""

    P: Any  # None without pivoting
    L: Any
    U: Any
    product: Any
