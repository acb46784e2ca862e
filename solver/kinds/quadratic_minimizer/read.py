"""Reading a quadratic L(θ) = ½ θᵀQθ − bᵀθ: Q square, b with one entry per row of Q (the
readers of Q and of such vectors serve every kind on this quadratic)."""

from __future__ import annotations

from dataclasses import dataclass

import sympy

from solver.plural import plural
from solver.spec.reader import PartReader


@dataclass(frozen=True)
class QuadraticMinimizerInputs:
    Q: sympy.ImmutableMatrix
    b: sympy.ImmutableMatrix


def read_matrix_q(r: PartReader) -> sympy.ImmutableMatrix:
    """The field Q: a square matrix."""
    Q = r.matrix("Q")
    if Q.rows != Q.cols:
        raise r.error("Q", f"must be square, found a {Q.rows}×{Q.cols} matrix")
    return Q


def read_vector(r: PartReader, field: str, size: int) -> sympy.ImmutableMatrix:
    """A column vector field with one entry per row of Q."""
    vector = r.matrix(field, vector=True)
    if vector.rows != size:
        raise r.error(field, f"has {plural(vector.rows, 'entry', 'entries')}, "
                             f"expected {size} to match the {size}×{size} matrix Q")
    return vector


def read(r: PartReader) -> QuadraticMinimizerInputs:
    Q = read_matrix_q(r)
    return QuadraticMinimizerInputs(Q, read_vector(r, "b", Q.rows))
