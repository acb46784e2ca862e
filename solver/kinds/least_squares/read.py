"""Reading a least-squares part: the design matrix (field ``X``, or ``A``), the targets
``y`` with one entry per row, and an optional ridge penalty λ ≥ 0."""

from __future__ import annotations

from dataclasses import dataclass

import sympy

from solver.spec.reader import PartReader


@dataclass(frozen=True)
class LeastSquaresInputs:
    X: sympy.ImmutableMatrix
    y: sympy.ImmutableMatrix
    ridge: sympy.Expr = sympy.Integer(0)
    name: str = "X"  # the design matrix as the problem names it


def read(r: PartReader) -> LeastSquaresInputs:
    if r.has("X") and r.has("A"):
        raise r.error("A", "give the design matrix once, as X or as A, not both")
    field = "A" if r.has("A") else "X"
    if not r.has(field):
        raise r.error(None, "missing field 'X' (the design matrix; 'A' may be used instead)")
    X = r.matrix(field)
    y = r.matrix("y", vector=True)
    if y.rows != X.rows:
        raise r.error("y", f"{field} has {X.rows} rows but y has {y.rows} entries",
                      "y needs one target per row (observation) of the design matrix")
    ridge = r.number("ridge", sympy.Integer(0))
    if not (ridge.is_real and ridge >= 0):
        raise r.error("ridge", f"the ridge penalty must be a real number λ ≥ 0, found {ridge}")
    source = r.source.get(field)
    return LeastSquaresInputs(X, y, ridge, source if source in r.given else field)
