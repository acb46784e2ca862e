"""Diagonalisation: A = PDP⁻¹ with the eigenvectors as the columns of P and the eigenvalues
on the diagonal of D, in the same order.

The characteristic polynomial p(λ) = det(A − λI), the eigenvalues with their algebraic
multiplicity (as roots of p) and a basis of each eigenspace ker(A − λI) are the ``eigen``
kind's; the geometric multiplicity is the number of basis vectors. A is diagonalisable over
a field iff every eigenvalue lies in it and every geometric multiplicity equals the
algebraic one: then the n eigenvectors are a basis, P is invertible and AP = PD. Otherwise
the answer is undefined with the reason: a defective eigenvalue (geometric < algebraic, as
for a Jordan block), or, over ℝ (``field: real``, the default), non-real eigenvalues, when A
is diagonalisable over ℂ only. For a real symmetric A each eigenspace is made orthonormal
by Gram–Schmidt, so P is orthogonal (PᵀP = I) and A = PDPᵀ.

``orthogonal: true`` asks for an orthogonal P (A = PDPᵀ); for a matrix that is not
symmetric the answer says there is none, since PDPᵀ is always symmetric.

The eigenvalues are in the eigen kind's order (largest real part first), D compared as
worked. P is worked with integer eigenvectors (unit ones for a symmetric A) but compared by
its columns: cut into one block per eigenvalue (the geometric multiplicities, in D's order),
each block of the student's must be a basis of that eigenspace, so rescaled or recombined
eigenvectors count while columns in another order than D do not; with ``orthogonal`` the
columns must be orthonormal too. The answer is P and D; ``polynomial`` and ``eigenvalues``
(with multiplicity, any order) are named intermediate values.
"""

from __future__ import annotations

from solver.kinds.base import Field, Kind
from solver.kinds.diagonalize.mistakes import mistakes
from solver.kinds.diagonalize.read import DiagonalizeInputs, read
from solver.kinds.diagonalize.rules import TEXTBOOK, Rules
from solver.kinds.diagonalize.solve import solve

KIND = Kind(
    name="diagonalize",
    summary="A = PDP⁻¹: the multiplicities of each eigenvalue, whether A is diagonalisable "
            "over ℝ or ℂ, P and D with AP = PD (orthogonal P for a symmetric A).",
    fields=(
        Field("matrix", "a square matrix (up to 4×4), or a name from 'given'"),
        Field("field", "real (default) or complex: where the eigenvalues may lie",
              required=False),
        Field("orthogonal", "true to ask for an orthogonal P with A = PDP^T (default false)",
              required=False),
    ),
    hint="P and D as matrices [[a, b], [c, d]]: the eigenvalues in decreasing order on D's "
         "diagonal, eigenvectors (any non-zero multiples; unit and orthogonal when an "
         "orthogonal P is asked) as the columns of P in the same order; or 'undefined'",
    mistakes=mistakes,
    carries="D from the student's list of eigenvalues (in decreasing order); P does not "
            "follow from a wrong eigenvalue (it has no eigenvector)",
    doc=__doc__,
    read=read,
    solve=solve,
    example="{id: a, kind: diagonalize, matrix: [[4, 1], [2, 3]]}",
)

__all__ = ["KIND", "TEXTBOOK", "DiagonalizeInputs", "Rules", "read", "solve"]
