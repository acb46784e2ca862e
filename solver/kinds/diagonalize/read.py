"""Reading a diagonalisation part: a square matrix of exact entries and the field (real or
complex) the eigenvalues may lie in."""

from __future__ import annotations

from dataclasses import dataclass

import sympy

from solver.spec.reader import PartReader

FIELDS = ("real", "complex")
LARGEST = 4  # a worked diagonalisation shows every eigenspace and the n × n check AP = PD


@dataclass(frozen=True)
class DiagonalizeInputs:
    """The matrix A and the field of its eigenvalues and eigenvectors (ℝ or ℂ)."""

    matrix: sympy.ImmutableMatrix
    field: str = "real"


def read(r: PartReader) -> DiagonalizeInputs:
    matrix = r.matrix("matrix")
    if not matrix.is_square:
        raise r.error("matrix", f"diagonalisation needs a square matrix, found "
                                f"{matrix.rows}×{matrix.cols}")
    if matrix.rows > LARGEST:
        raise r.error("matrix", f"a worked diagonalisation is shown up to {LARGEST}×{LARGEST}, "
                                f"found {matrix.rows}×{matrix.cols}")
    field = r.text("field", "real")
    if field not in FIELDS:
        raise r.error("field", f"unknown field {field!r}: expected real or complex")
    return DiagonalizeInputs(matrix, field)
