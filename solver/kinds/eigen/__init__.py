"""Eigenvalues and eigenvectors: p(λ) = det(A − λI), its roots, and the null spaces of A − λI.

The answer names each distinct eigenvalue λᵢ (largest real part first) and its
eigenvectors vᵢ, a basis of the null space of A − λᵢI as the columns of a matrix. How a
student's answer is compared travels with the answer, so the checker needs nothing of
this kind:

- vᵢ is ``Value(basis, match="span")``: any non-zero multiple of an eigenvector, and for
  an eigenvalue of geometric multiplicity k any k independent vectors of its eigenspace
  (a zero vector, or a set of the wrong size, is wrong);
- the list of eigenvalues with multiplicity is ``match="multiset"``: any order;
- the pairs (λᵢ, vᵢ) are ``Named.interchangeable``: the student cannot know which
  eigenvalue we call λ₁, so their pairs are matched with ours by a permutation (their
  λ₁, v₁ may be our λ₂, v₂) and each pair must be an eigenpair of A.

Eigenvalues are exact where they read well: the roots of the linear and quadratic
factors of p(λ) over the rationals, and of cubic and quartic ones when their radicals are
short. The roots of the other irreducible factors (CRootOf or pages of nested radicals
otherwise) are numeric: found by ``nroots`` and carried at ``DIGITS`` digits, with
eigenvectors from the singular value decomposition of A − λI at that precision, shown to
``FIGURES`` significant figures with a note that they are numeric.

The named values are ``polynomial`` (p(λ)) and ``eigenvalues`` (the roots with
multiplicity).
"""

from __future__ import annotations

from solver.kinds.base import Field, Kind
from solver.kinds.eigen.mistakes import mistakes
from solver.kinds.eigen.read import EigenProblem, read
from solver.kinds.eigen.solve import solve

KIND = Kind(
    name="eigen",
    summary="Characteristic polynomial, eigenvalues with multiplicity, and a basis of "
            "eigenvectors for each eigenvalue.",
    fields=(Field("matrix", "a square matrix, or a name from 'given'"),),
    hint="an eigenvalue, or an eigenvector [a, b] (any non-zero multiple; a basis "
         "{(a, b), (c, d)} for a repeated eigenvalue); pairs lambda_i, v_i in any order",
    mistakes=mistakes,
    carries="the eigenvalues from the roots of the student's characteristic polynomial, "
            "λᵢ from their list of eigenvalues (the i-th distinct one, by real part, then "
            "imaginary, descending); an eigenvector of a wrong eigenvalue does not exist, "
            "so none follows",
    doc=__doc__,
    read=read,
    solve=solve,
    example="{id: a, kind: eigen, matrix: [[5, 2], [2, 2]]}",
)

__all__ = ["KIND", "EigenProblem", "read", "solve"]
