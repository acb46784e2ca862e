"""Reading an inverse part: a square matrix of exact numbers and the method to show."""

from __future__ import annotations

from dataclasses import dataclass

import sympy

from solver.spec.reader import NAME, PartReader

METHODS = ("auto", "gauss_jordan", "adjugate")
LARGEST = 6  # Gauss–Jordan shows an n × 2n matrix after each batch of row operations


@dataclass(frozen=True)
class InverseInputs:
    """The matrix, what the problem calls it, and the method asked for (``auto``: the
    adjugate formula for a 2×2, Gauss–Jordan otherwise)."""

    matrix: sympy.ImmutableMatrix
    method: str = "auto"
    name: str = "A"

    @property
    def chosen(self) -> str:
        """The method the solution shows: ``adjugate`` (2×2) or ``gauss_jordan``."""
        if self.method == "auto":
            return "adjugate" if self.matrix.rows == 2 else "gauss_jordan"
        return self.method


def read(r: PartReader) -> InverseInputs:
    matrix = r.matrix("matrix")
    if not matrix.is_square:
        raise r.error("matrix", f"an inverse needs a square matrix, found "
                                f"{matrix.rows}×{matrix.cols}")
    if matrix.rows > LARGEST:
        raise r.error("matrix", f"a worked inverse is shown up to {LARGEST}×{LARGEST}, "
                                f"found {matrix.rows}×{matrix.cols}")
    method = r.choice("method", METHODS, "auto")
    if method == "adjugate" and matrix.rows != 2:
        raise r.error("method", f"the adjugate formula is shown for a 2×2 matrix, the matrix "
                                f"is {matrix.rows}×{matrix.cols}", "use 'gauss_jordan' or 'auto'")
    source = r.source.get("matrix", "")
    name = source if source in r.given and NAME.fullmatch(source) else "A"
    return InverseInputs(matrix, method, name)
