"""Eigenvalues and eigenvectors: p(λ) = det(A − λI), its roots with multiplicity, and a
basis of the null space of A − λI for each distinct root."""

from __future__ import annotations

from collections import Counter

import sympy

from solver.answers import Named, Value
from solver.kinds.eigen.numeric import DIGITS, FIGURES, is_numeric, numeric_basis, shown
from solver.kinds.eigen.read import EigenProblem
from solver.kinds.eigen.roots import LAMBDA, eigenvalue_order, eigenvalue_roots
from solver.kinds.given import NOTHING, Given, NotCarried, expression, expressions
from solver.steps import Solved
from solver.steps.eigen_numeric import NumericEigenspace, NumericEigenvalues
from solver.steps.linalg import (
    CharacteristicPolynomial,
    ComplexEigenvalues,
    Eigenspace,
    EigenvalueRoots,
)

_ROOT_FAILURES = (sympy.PolynomialError, sympy.DomainError, NotImplementedError)


def solve(problem: EigenProblem, given: Given = NOTHING) -> Solved:
    """The eigenpairs; ``given`` may supply p(λ) (``polynomial``) and the list of eigenvalues
    with multiplicity (``eigenvalues``), from which λᵢ (``lambda1``, …) follow."""
    A = problem.matrix
    size = A.rows
    shifted = sympy.ImmutableMatrix(A - LAMBDA * sympy.eye(size))
    polynomial = given.take("polynomial", sympy.expand(shifted.det()),
                            read=lambda value: read_polynomial(value, size))
    characteristic = CharacteristicPolynomial(matrix=A, variable=LAMBDA, shifted=shifted,
                                              result=polynomial,
                                              factored=sympy.factor(polynomial, extension=None))
    try:
        roots, unreadable = eigenvalue_roots(sympy.Poly(polynomial, LAMBDA))
    except _ROOT_FAILURES:
        if not given:
            raise
        raise NotCarried from None  # the roots of a student's polynomial are out of reach
    ordered = sorted(roots.items(), key=lambda item: eigenvalue_order(item[0]), reverse=True)
    values = given.take("eigenvalues", sympy.ImmutableMatrix(
        [v for v, m in ordered for _ in range(m)]), after=("polynomial",),
        read=lambda value: _eigenvalues(value, size))
    if given:  # an eigenvector of a student's wrong eigenvalue does not exist: λᵢ is the last
        distinct = sorted(Counter(values), key=eigenvalue_order, reverse=True)
        pairs = tuple((f"lambda{i}", Value(given.take(f"lambda{i}", value,
                                                      after=("eigenvalues",))))
                      for i, value in enumerate(distinct, start=1))
        return Solved((characteristic,), Named(pairs))

    spaces, bases = [], []
    for value, multiplicity in ordered:
        shifted_at = sympy.ImmutableMatrix(A - value * sympy.eye(size))
        if is_numeric(value):
            basis = numeric_basis(shifted_at, multiplicity)
            spaces.append(NumericEigenspace(value=shown(value), shifted=shown(shifted_at),
                                            basis=tuple(shown(v) for v in basis)))
        else:
            basis = tuple(sympy.ImmutableMatrix(_scaled(v)) for v in shifted_at.nullspace())
            spaces.append(Eigenspace(value=value, shifted=shifted_at, basis=basis))
        bases.append(basis)
    pairs = []
    for i, ((value, _), basis) in enumerate(zip(ordered, bases, strict=True), start=1):
        pairs.append((f"lambda{i}", Value(value)))
        pairs.append((f"v{i}", Value(sympy.ImmutableMatrix.hstack(*basis), "span")))
    groups = tuple((f"lambda{i}", f"v{i}") for i in range(1, len(spaces) + 1))
    if unreadable:
        vectors = sympy.ImmutableMatrix.hstack(*(shown(v) for basis in bases for v in basis))
        listed = NumericEigenvalues(polynomial=polynomial, factors=unreadable,
                                    shown=tuple((shown(v), m) for v, m in ordered),
                                    digits=DIGITS, figures=FIGURES, vectors=vectors)
    else:
        listed = EigenvalueRoots(polynomial=polynomial, roots=tuple(ordered))
    steps = (characteristic, listed, *_complex_pairs(A, ordered), *spaces)
    intermediates = (("polynomial", Value(polynomial)),
                     ("eigenvalues", Value(values, "multiset")))
    return Solved(steps, Named(tuple(pairs), groups), intermediates)


def _complex_pairs(A, ordered) -> tuple:
    """The meaning of non-real eigenvalues of a real matrix, one line per conjugate pair."""
    if not all(entry.is_real for entry in A):
        return ()
    upper = [value for value, _ in ordered if not is_numeric(value)
             and value.is_real is False and sympy.im(value).is_positive]
    if not upper:
        return ()
    return (ComplexEigenvalues(pairs=tuple(
        (value, sympy.sqrt(sympy.expand(sympy.re(value) ** 2 + sympy.im(value) ** 2)),
         sympy.atan2(sympy.im(value), sympy.re(value))) for value in upper)),)


def read_polynomial(value, degree: int):
    """A student's p(λ): a polynomial in λ alone of the matrix's degree."""
    polynomial = expression(value)
    if polynomial.free_symbols - {LAMBDA}:
        raise NotCarried
    try:
        if sympy.Poly(polynomial, LAMBDA).degree() != degree:
            raise NotCarried
    except _ROOT_FAILURES:
        raise NotCarried from None
    return polynomial


def _eigenvalues(value, size: int) -> sympy.ImmutableMatrix:
    """A student's list of eigenvalues with multiplicity: ``size`` numbers."""
    values = expressions(value, (size, 1))
    if not all(entry.is_number for entry in values):
        raise NotCarried
    return values


def _scaled(vector):
    """The same direction with integer entries where possible (clear denominators)."""
    vector = vector.applyfunc(lambda entry: sympy.simplify(sympy.radsimp(entry)))
    if all(entry.is_rational for entry in vector):
        return vector * sympy.ilcm(1, *(sympy.fraction(entry)[1] for entry in vector))
    return vector
