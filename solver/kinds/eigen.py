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
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import sympy

from solver.answers import Named, Value
from solver.kinds.base import Field, Kind
from solver.spec.reader import PartReader
from solver.steps import Solved
from solver.steps.linalg import CharacteristicPolynomial, Eigenspace, EigenvalueRoots

LAMBDA = sympy.Symbol("lambda")


@dataclass(frozen=True)
class EigenProblem:
    matrix: sympy.ImmutableMatrix


def read(r: PartReader) -> EigenProblem:
    matrix = r.matrix("matrix")
    if not matrix.is_square:
        raise r.error("matrix", f"eigenvalues need a square matrix, found "
                                f"{matrix.rows}×{matrix.cols}")
    return EigenProblem(matrix)


def eigenvalue_order(value):
    """Sort key of an eigenvalue: real part, then imaginary part (30 digits)."""
    return (sympy.re(value).evalf(30), sympy.im(value).evalf(30))


def solve(problem: EigenProblem) -> Solved:
    A = problem.matrix
    shifted = sympy.ImmutableMatrix(A - LAMBDA * sympy.eye(A.rows))
    polynomial = sympy.expand(shifted.det())
    characteristic = CharacteristicPolynomial(matrix=A, variable=LAMBDA, shifted=shifted,
                                              result=polynomial,
                                              factored=sympy.factor(polynomial, extension=None))
    poly = sympy.Poly(polynomial, LAMBDA)
    roots = sympy.roots(poly)
    if sum(roots.values()) != A.rows or _real_written_complex(poly, roots):
        roots = dict(Counter(poly.all_roots()))  # exact CRootOf objects instead
    ordered = sorted(roots.items(), key=lambda item: eigenvalue_order(item[0]), reverse=True)
    spaces = []
    for value, _ in ordered:
        shifted_at = sympy.ImmutableMatrix(A - value * sympy.eye(A.rows))
        basis = tuple(sympy.ImmutableMatrix(_scaled(v)) for v in shifted_at.nullspace())
        spaces.append(Eigenspace(value=value, shifted=shifted_at, basis=basis))
    steps = (characteristic, EigenvalueRoots(polynomial=polynomial, roots=tuple(ordered)),
             *spaces)
    values = sympy.ImmutableMatrix([v for v, m in ordered for _ in range(m)])
    pairs = []
    for i, space in enumerate(spaces, start=1):
        pairs.append((f"lambda{i}", Value(space.value)))
        pairs.append((f"v{i}", Value(sympy.ImmutableMatrix.hstack(*space.basis), "span")))
    groups = tuple((f"lambda{i}", f"v{i}") for i in range(1, len(spaces) + 1))
    intermediates = (("polynomial", Value(polynomial)),
                     ("eigenvalues", Value(values, "multiset")))
    return Solved(steps, Named(tuple(pairs), groups), intermediates)


def _real_written_complex(poly: sympy.Poly, roots: dict) -> bool:
    """Whether a real root came out in radicals of complex numbers (three real roots of a
    cubic, casus irreducibilis): CRootOf keeps it real and evaluable."""
    written_real = sum(1 for root in roots if not root.has(sympy.I))
    return poly.count_roots() > written_real


def _scaled(vector):
    """The same direction with integer entries where possible (clear denominators)."""
    vector = vector.applyfunc(lambda entry: sympy.simplify(sympy.radsimp(entry)))
    if all(entry.is_rational for entry in vector):
        return vector * sympy.ilcm(1, *(sympy.fraction(entry)[1] for entry in vector))
    return vector


KIND = Kind(
    name="eigen",
    summary="Characteristic polynomial, eigenvalues with multiplicity, and a basis of "
            "eigenvectors for each eigenvalue.",
    fields=(Field("matrix", "a square matrix, or a name from 'given'"),),
    read=read,
    solve=solve,
    example="{id: a, kind: eigen, matrix: [[5, 2], [2, 2]]}",
)
