"""Reading a QR part: a matrix with no more columns than rows (Gram–Schmidt on its
columns)."""

from __future__ import annotations

from dataclasses import dataclass

import sympy

from solver.kinds.gram_schmidt.read import LARGEST
from solver.spec.reader import NAME, PartReader


@dataclass(frozen=True)
class QRInputs:
    matrix: sympy.ImmutableMatrix
    name: str = "A"


def read(r: PartReader) -> QRInputs:
    matrix = r.matrix("matrix")
    if matrix.cols > matrix.rows:
        raise r.error("matrix", f"a {matrix.rows}×{matrix.cols} matrix has more columns than "
                                f"rows, so its columns are dependent and it has no QR "
                                f"factorisation with orthonormal columns in Q")
    if matrix.rows > LARGEST:
        raise r.error("matrix", f"a worked QR factorisation is shown up to {LARGEST} rows")
    source = r.source.get("matrix", "")
    return QRInputs(matrix, source if source in r.given and NAME.fullmatch(source) else "A")
