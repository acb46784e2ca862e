"""Gaussian elimination with exact entries, recording every row operation.

Forward elimination first (Rᵢ ← Rᵢ − (aᵢc / a_rc) R_r below each pivot, as done by hand),
then each pivot row scaled to 1 and the entries above it cleared (reduced row echelon).
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy

from solver.steps.linalg import RowOperation


@dataclass(frozen=True)
class Echelon:
    """The outcome of elimination: operations, the final matrix and the pivot columns."""

    operations: tuple[RowOperation, ...]
    matrix: sympy.ImmutableMatrix
    pivots: tuple[int, ...]


def forward(matrix: sympy.MatrixBase, columns: int | None = None) -> Echelon:
    """Row echelon form, pivoting on the first ``columns`` columns (default all)."""
    work = sympy.Matrix(matrix)
    columns = work.cols if columns is None else columns
    operations: list[RowOperation] = []
    pivots: list[int] = []
    row = 0
    for col in range(columns):
        if row >= work.rows:
            break
        pivot = next((i for i in range(row, work.rows) if work[i, col] != 0), None)
        if pivot is None:
            continue
        if pivot != row:
            work.row_swap(pivot, row)
            operations.append(_record("swap", row, pivot, 1, work))
        for i in range(row + 1, work.rows):
            if work[i, col] != 0:
                factor = -work[i, col] / work[row, col]
                work[i, :] = work[i, :] + factor * work[row, :]
                operations.append(_record("add", i, row, factor, work))
        pivots.append(col)
        row += 1
    return Echelon(tuple(operations), sympy.ImmutableMatrix(work), tuple(pivots))


def reduce(echelon: Echelon) -> Echelon:
    """From row echelon to reduced row echelon form: pivots 1, zeros above them."""
    work = sympy.Matrix(echelon.matrix)
    operations = list(echelon.operations)
    for row, col in reversed(list(enumerate(echelon.pivots))):
        if work[row, col] != 1:
            factor = 1 / work[row, col]
            work[row, :] = factor * work[row, :]
            operations.append(_record("scale", row, row, factor, work))
        for i in range(row):
            if work[i, col] != 0:
                factor = -work[i, col]
                work[i, :] = work[i, :] + factor * work[row, :]
                operations.append(_record("add", i, row, factor, work))
    return Echelon(tuple(operations), sympy.ImmutableMatrix(work), echelon.pivots)


def _record(action: str, target: int, source: int, factor, work) -> RowOperation:
    return RowOperation(action=action, target=target, source=source, factor=factor,
                        result=sympy.ImmutableMatrix(work))
