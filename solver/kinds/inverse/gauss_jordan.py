"""Gauss–Jordan elimination on [A | I], the row operations grouped around their pivots.

Forward: column by column, a row with a non-zero entry is swapped up when needed and
multiples of it are subtracted from the rows below. Backward: from the last pivot up, the
pivot row is scaled to make its pivot 1 and multiples of it are subtracted from the rows
above. When every column of A has a pivot the left block ends as I and the right block is
A⁻¹; a column without one means A is singular.
"""

from __future__ import annotations

import sympy

from solver.elimination import Echelon, forward, reduce
from solver.kinds.inverse.steps import InverseRowOperations, RowBatch
from solver.steps.linalg import RowOperation


def augmented(matrix: sympy.ImmutableMatrix) -> sympy.ImmutableMatrix:
    """[A | I]."""
    return sympy.ImmutableMatrix.hstack(matrix, sympy.eye(matrix.rows))


def forward_stage(start: sympy.ImmutableMatrix) -> tuple[Echelon, InverseRowOperations]:
    """Row echelon form of [A | I], pivoting on the columns of A."""
    echelon = forward(start, start.rows)
    return echelon, _stage("forward", echelon.operations, echelon.matrix)


def backward_stage(echelon: Echelon) -> InverseRowOperations:
    """From row echelon to reduced row echelon form: pivots 1, zeros above them."""
    reduced = reduce(echelon)
    return _stage("backward", reduced.operations[len(echelon.operations):], reduced.matrix)


def missing_pivot(echelon: Echelon, size: int) -> int | None:
    """The first column of A without a pivot, or None when every column has one."""
    return next((column for column in range(size) if column not in echelon.pivots), None)


def _stage(stage: str, operations: tuple[RowOperation, ...], result) -> InverseRowOperations:
    batches: list[list[RowOperation]] = []
    for operation in operations:
        if batches and _pivot_row(batches[-1][-1]) == _pivot_row(operation) \
                and "swap" not in (operation.action, batches[-1][-1].action):
            batches[-1].append(operation)
        else:
            batches.append([operation])
    return InverseRowOperations(stage=stage, batches=tuple(_batch(stage, ops) for ops in batches),
                                result=result)


def _pivot_row(operation: RowOperation) -> int:
    """The row the operation pivots on: the one swapped up, scaled, or whose multiples
    are added."""
    return operation.target if operation.action in ("swap", "scale") else operation.source


def _batch(stage: str, operations: list[RowOperation]) -> RowBatch:
    row = _pivot_row(operations[0])
    result = operations[-1].result
    column = next(j for j in range(result.cols) if result[row, j] != 0)
    kind = "swap" if operations[0].action == "swap" else ("below" if stage == "forward"
                                                          else "above")
    return RowBatch(kind=kind, row=row, column=column, operations=tuple(operations),
                    result=result)
