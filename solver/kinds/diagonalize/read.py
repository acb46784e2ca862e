"""Reading a diagonalisation part: a square matrix of exact entries, the field (real or
complex) the eigenvalues may lie in, and whether P must be orthogonal."""

from __future__ import annotations

from dataclasses import dataclass

import sympy

from solver.spec.reader import PartReader

FIELDS = ("real", "complex")
LARGEST = 4  # a worked diagonalisation shows every eigenspace and the n × n check AP = PD


@dataclass(frozen=True)
class DiagonalizeInputs:
    """The matrix A, the field of its eigenvalues and eigenvectors (ℝ or ℂ), and whether
    the set asks for an orthogonal P (A = PDPᵀ)."""

    matrix: sympy.ImmutableMatrix
    field: str = "real"
    orthogonal: bool = False


def read(r: PartReader) -> DiagonalizeInputs:
    matrix = r.matrix("matrix")
    if not matrix.is_square:
        raise r.error("matrix", f"diagonalisation needs a square matrix, found "
                                f"{matrix.rows}×{matrix.cols}")
    if matrix.rows > LARGEST:
        raise r.error("matrix", f"a worked diagonalisation is shown up to {LARGEST}×{LARGEST}, "
                                f"found {matrix.rows}×{matrix.cols}")
    field = r.choice("field", FIELDS, "real")
    return DiagonalizeInputs(matrix, field, r.flag("orthogonal"))
