"""Reading an eigen part: a square matrix."""

from __future__ import annotations

from dataclasses import dataclass

import sympy

from solver.spec.reader import PartReader


@dataclass(frozen=True)
class EigenProblem:
    matrix: sympy.ImmutableMatrix


def read(r: PartReader) -> EigenProblem:
    matrix = r.matrix("matrix")
    if not matrix.is_square:
        raise r.error("matrix", f"eigenvalues need a square matrix, found "
                                f"{matrix.rows}×{matrix.cols}")
    return EigenProblem(matrix)
