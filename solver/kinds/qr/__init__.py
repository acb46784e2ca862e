"""The QR factorisation A = QR by Gram–Schmidt on the columns of A.

Gram–Schmidt on the columns a₁, …, aₙ (worked as the kind ``gram_schmidt`` works it) gives
orthonormal q₁, …, qₙ with span(q₁, …, qₖ) = span(a₁, …, aₖ); Q = [q₁ ⋯ qₙ] has QᵀQ = I,
so R = QᵀA, with rᵢⱼ = qᵢᵀaⱼ for i ≤ j and rᵢⱼ = 0 for i > j (aⱼ lies in the span of
q₁, …, qⱼ). Its diagonal rₖₖ = ‖uₖ‖ is positive. A column that reduces to 0 lies in the
span of the columns before it: the columns are dependent and the answer says which
column. The arithmetic is exact (square roots kept). The named values are Q and R, and
the u's and q's of the process.
"""

from __future__ import annotations

from solver.kinds.base import Field, Kind
from solver.kinds.qr.mistakes import mistakes
from solver.kinds.qr.read import QRInputs, read
from solver.kinds.qr.rules import TEXTBOOK, Rules
from solver.kinds.qr.solve import solve

KIND = Kind(
    name="qr",
    summary="A = QR by Gram–Schmidt on the columns of A: Q with orthonormal columns, R = QᵀA "
            "upper triangular (rᵢⱼ = qᵢᵀaⱼ).",
    fields=(
        Field("matrix", "the matrix A, by rows (independent columns, no more columns than "
                        "rows), or the name of a given one"),
    ),
    hint="a matrix [[a, b], [c, d]] (exact, e.g. sqrt(2)/2), or 'undefined' (dependent columns)",
    mistakes=mistakes,
    carries="R from the student's Q; Q from their q's; each uₖ and qₖ of Gram–Schmidt from "
            "their earlier ones",
    doc=__doc__,
    read=read,
    solve=solve,
    example="""{id: a, kind: qr, matrix: [[1, 1], [1, 0], [0, 1]]}""",
)

__all__ = ["KIND", "TEXTBOOK", "QRInputs", "Rules", "read", "solve"]
