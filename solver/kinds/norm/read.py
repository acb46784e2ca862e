"""Reading a norm part: x (a vector or matrix), y for two-vector questions, which norm,
and a Gram matrix M for an inner product other than the dot product."""

from __future__ import annotations

from dataclasses import dataclass

import sympy

from solver.spec.reader import NAME, PartReader

VECTOR_NORMS = ("l1", "l2", "linf", "induced", "inner", "distance", "angle")
MATRIX_NORMS = ("frobenius", "spectral")
TWO_VECTORS = ("inner", "distance", "angle")
WITH_GRAM = ("induced", "inner", "distance", "angle")
SPECTRAL_LARGEST = 4  # AᵀA's characteristic polynomial is worked by hand up to 4×4


@dataclass(frozen=True)
class NormInputs:
    """x (a column for a vector), y (or None), the norm asked for, the Gram matrix M of the
    inner product (None: the dot product), and the names the problem gives x and y."""

    x: sympy.ImmutableMatrix
    which: str
    y: sympy.ImmutableMatrix | None = None
    gram: sympy.ImmutableMatrix | None = None
    name: str = "x"
    other: str = "y"

    @property
    def is_matrix(self) -> bool:
        return self.which in MATRIX_NORMS


def read(r: PartReader) -> NormInputs:
    x = r.matrix("x")
    vector = x.cols == 1
    which = r.text("which", "l2" if vector else "frobenius")
    allowed = VECTOR_NORMS if vector else MATRIX_NORMS
    if which not in VECTOR_NORMS + MATRIX_NORMS:
        raise r.error("which", f"unknown norm {which!r}: expected one of "
                               f"{', '.join(VECTOR_NORMS + MATRIX_NORMS)}")
    if which not in allowed:
        shape = "a vector" if vector else f"a {x.rows}×{x.cols} matrix"
        raise r.error("which", f"{which!r} does not apply to {shape}: expected one of "
                               f"{', '.join(allowed)}")
    if which == "spectral" and min(x.shape) > SPECTRAL_LARGEST:
        raise r.error("x", f"a worked spectral norm is shown for AᵀA up to "
                           f"{SPECTRAL_LARGEST}×{SPECTRAL_LARGEST}")
    y = None
    if which in TWO_VECTORS:
        if not r.has("y"):
            raise r.error("y", f"{which!r} needs a second vector y")
        y = r.matrix("y", vector=True)
        if y.rows != x.rows:
            raise r.error("y", f"y has {y.rows} entries, x has {x.rows}")
    elif r.has("y"):
        raise r.error("y", f"{which!r} takes one vector; y is for inner, distance and angle")
    gram = None
    if r.has("inner"):
        if which not in WITH_GRAM:
            raise r.error("inner", f"a Gram matrix M applies to {', '.join(WITH_GRAM)}, "
                                   f"not to {which!r}")
        gram = r.matrix("inner")
        if gram.shape != (x.rows, x.rows):
            raise r.error("inner", f"M must be {x.rows}×{x.rows} for vectors of {x.rows} "
                                   f"entries, found {gram.rows}×{gram.cols}")
    elif which == "induced":
        raise r.error("inner", "the induced norm ‖x‖_M = √(xᵀMx) needs the Gram matrix M")
    return NormInputs(x, which, y, gram, _name(r, "x", "A" if not vector else "x"),
                      _name(r, "y", "y"))


def _name(r: PartReader, field: str, default: str) -> str:
    source = r.source.get(field, "")
    return source if source in r.given and NAME.fullmatch(source) else default
