"""Reading an SVD part: a matrix of exact numbers (any shape up to 4×4) and an optional
rank k of the truncated approximation."""

from __future__ import annotations

from dataclasses import dataclass

import sympy

from solver.spec.reader import NAME, PartReader

LARGEST = 4  # rows and columns: AᵀA is at most 4×4, its eigenvalues a quartic's roots


@dataclass(frozen=True)
class SvdInputs:
    """The matrix A (m×n), what the problem calls it, and the rank k of the approximation
    A_k asked for (None: the factorisation only)."""

    matrix: sympy.ImmutableMatrix
    rank: int | None = None
    name: str = "A"

    @property
    def size(self) -> int:
        """p = min(m, n): the number of singular values on the diagonal of Σ."""
        return min(self.matrix.shape)


def read(r: PartReader) -> SvdInputs:
    matrix = r.matrix("matrix")
    if matrix.rows > LARGEST or matrix.cols > LARGEST:
        raise r.error("matrix", f"a worked singular value decomposition is shown up to "
                                f"{LARGEST}×{LARGEST}, found {matrix.rows}×{matrix.cols}")
    if not all(entry.is_real for entry in matrix):
        raise r.error("matrix", "the singular value decomposition is worked for real matrices")
    size = min(matrix.shape)
    rank = None
    if r.has("rank"):
        rank = r.integer("rank", default=1, minimum=1, maximum=size)
    source = r.source.get("matrix", "")
    name = source if source in r.given and NAME.fullmatch(source) else "A"
    return SvdInputs(matrix, rank, name)
