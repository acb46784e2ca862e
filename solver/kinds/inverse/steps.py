"""The steps of a worked inverse: Gauss–Jordan elimination on [A | I] in batches of row
operations, or the 2×2 adjugate formula; a singular matrix ends with det A = 0."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from solver.steps.base import Step
from solver.steps.linalg import RowOperation


@dataclass(frozen=True, kw_only=True)
class InverseAugmented(Step):
    """Gauss–Jordan starts from [A | I]: row operations that turn the left block into I
    turn the right block into A⁻¹ (each is a multiplication by an invertible E on the left,
    and E⋯E A = I means E⋯E = A⁻¹)."""

    matrix: Any
    result: Any  # [A | I]


@dataclass(frozen=True)
class RowBatch:
    """Row operations done one after the other around one pivot (indices from 0):
    ``kind`` is ``swap`` (a row with a non-zero pivot brought up), ``below`` (the column
    cleared below the pivot) or ``above`` (the pivot scaled to 1, the column cleared
    above it); ``result`` is [A | I] after them."""

    kind: str
    row: int
    column: int
    operations: tuple[RowOperation, ...]
    result: Any


@dataclass(frozen=True, kw_only=True)
class InverseRowOperations(Step):
    """Elementary row operations on [A | I]: ``forward`` to row echelon form (zeros below
    the pivots), ``backward`` to reduced form (pivots 1, zeros above them)."""

    stage: str  # forward | backward
    batches: tuple[RowBatch, ...]
    result: Any


@dataclass(frozen=True, kw_only=True)
class InverseReadOff(Step):
    """The left block is I, so the right block is A⁻¹; A A⁻¹ = I checks it."""

    matrix: Any
    result: Any  # A⁻¹
    check: Any  # A A⁻¹


@dataclass(frozen=True, kw_only=True)
class AdjugateInverse(Step):
    """For a 2×2 matrix [[a, b], [c, d]] with det A ≠ 0,
    A⁻¹ = (1/det A) adj A = (1/det A) [[d, −b], [−c, a]]."""

    matrix: Any
    det: Any
    adjugate: Any
    scale: Any  # 1/det A (1 when a changed rule forgets it)
    result: Any


@dataclass(frozen=True, kw_only=True)
class NoInverse(Step):
    """A square matrix is invertible iff det A ≠ 0. ``column``: the column of the left
    block Gauss–Jordan found no pivot in (None for the adjugate route); ``determinant``:
    the worked det A = 0."""

    column: int | None
    determinant: tuple[Step, ...]
    det: Any

    @property
    def children(self) -> tuple[Step, ...]:
        return self.determinant
