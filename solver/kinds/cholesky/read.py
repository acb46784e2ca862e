"""Reading a Cholesky part: a square matrix of exact real entries, and the name it has."""

from __future__ import annotations

from dataclasses import dataclass

import sympy

from solver.spec.reader import NAME, PartReader

LARGEST = 6  # worked entry by entry: n(n + 1)/2 entries, 21 for 6×6


@dataclass(frozen=True)
class CholeskyInputs:
    """The matrix A to factor as A = LLᵀ, and what the problem calls it."""

    matrix: sympy.ImmutableMatrix
    name: str = "A"


def read(r: PartReader) -> CholeskyInputs:
    matrix = r.matrix("matrix")
    if not matrix.is_square:
        raise r.error("matrix", f"a Cholesky factorisation needs a square matrix, found "
                                f"{matrix.rows}×{matrix.cols}")
    if matrix.rows > LARGEST:
        raise r.error("matrix", f"a Cholesky factorisation is worked entry by entry up to "
                                f"{LARGEST}×{LARGEST}, found {matrix.rows}×{matrix.cols}")
    if any(entry.is_real is False for entry in matrix):
        raise r.error("matrix", "the entries must be real numbers")
    source = r.source.get("matrix", "")
    name = source if source in r.given and NAME.fullmatch(source) and source != "L" else "A"
    return CholeskyInputs(matrix, name)
