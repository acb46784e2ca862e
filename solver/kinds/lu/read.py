"""Reading an LU part: a square matrix of exact numbers and the pivoting asked for."""

from __future__ import annotations

from dataclasses import dataclass

import sympy

from solver.spec.reader import NAME, PartReader

PIVOTING = ("none", "partial")
LARGEST = 6  # a worked elimination shows n − 1 matrices of n × n entries


@dataclass(frozen=True)
class LuInputs:
    """The matrix, what the problem calls it, and the pivoting (``none``: A = LU;
    ``partial``: PA = LU)."""

    matrix: sympy.ImmutableMatrix
    pivoting: str = "none"
    name: str = "A"


def read(r: PartReader) -> LuInputs:
    matrix = r.matrix("matrix")
    if not matrix.is_square:
        raise r.error("matrix", f"an LU factorisation is worked for a square matrix, found "
                                f"{matrix.rows}×{matrix.cols}")
    if matrix.rows > LARGEST:
        raise r.error("matrix", f"a worked LU factorisation is shown up to {LARGEST}×{LARGEST}, "
                                f"found {matrix.rows}×{matrix.cols}")
    pivoting = r.choice("pivoting", PIVOTING, "none")
    source = r.source.get("matrix", "")
    name = source if source in r.given and NAME.fullmatch(source) else "A"
    return LuInputs(matrix, pivoting, name)
