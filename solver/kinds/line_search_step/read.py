"""Reading a line-search part: Q symmetric, b and the current point θₖ with one entry per row."""

from __future__ import annotations

from dataclasses import dataclass

import sympy

from solver.kinds.quadratic_minimizer import read_matrix_q, read_vector
from solver.spec.reader import PartReader


@dataclass(frozen=True)
class LineSearchStepInputs:
    Q: sympy.ImmutableMatrix
    b: sympy.ImmutableMatrix
    at: sympy.ImmutableMatrix


def read(r: PartReader) -> LineSearchStepInputs:
    Q = read_matrix_q(r)
    return LineSearchStepInputs(Q, read_vector(r, "b", Q.rows), read_vector(r, "at", Q.rows))
