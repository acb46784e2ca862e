"""Eigenvectors and eigenspaces: equal up to a non-zero scale, or spanning the same space.

``same_direction``: the student's vector s is c·v for the expected v; exactly, with
c = s_i / v_i at the largest entry v_i and each s_j v_i = s_i v_j compared like scalars;
for decimals, the sine of the angle between them within the policy's tolerance.
``same_span``: rank S = rank E = rank [E | S], exact for rational entries, other entries
tested for zero at 30 digits, decimals by singular values above a relative tolerance.
"""

from __future__ import annotations

import mpmath
import sympy
from sympy.polys.matrices import DomainMatrix

from solver.check.compare.compiler import MP_DIGITS, free, mp_value
from solver.check.compare.policy import DEFAULT_POLICY, Comparison, Policy, weakest
from solver.check.compare.scalars import compare_scalars
from solver.check.compare.shown import fmt, show, show_vector
from solver.plural import plural


def vector(value) -> list:
    """The entries of a vector (a matrix with one row or column, or a sequence)."""
    return [sympy.sympify(v) for v in value]


def is_vector_like(value) -> bool:
    """A sequence, or a matrix with one row or one column."""
    return isinstance(value, (sympy.MatrixBase, list, tuple, sympy.Tuple)) and (
        not isinstance(value, sympy.MatrixBase) or 1 in value.shape)


def _columns(value) -> list[list]:
    if isinstance(value, sympy.MatrixBase):
        return [list(value.col(j)) for j in range(value.cols)]
    return [vector(v) for v in value]


def same_direction(expected_vector, student_vector, policy: Policy = DEFAULT_POLICY,
                   decimals: bool = False) -> Comparison:
    """Whether the student's vector is a non-zero multiple of the expected one.

    Exact answers: the student's vector is c·v with c = s_i / v_i at the largest entry
    v_i, each s_j v_i = s_i v_j compared like scalars. Decimals (unless ``policy.exact``):
    the angle between the vectors must be within the policy's relative tolerance.
    """
    want, got = vector(expected_vector), vector(student_vector)
    if len(want) != len(got):
        return Comparison(False, "shape", "expected a vector with "
                          f"{plural(len(want), 'entry', 'entries')}, got {len(got)}")
    if all(v == 0 for v in got):
        return Comparison(False, "exact", "the zero vector is not an eigenvector")
    if decimals and not policy.exact:
        return _angle(want, got, policy)
    sizes = [abs(mp_value(v, (), ()) or 0) if not free(v) else 1 for v in want]
    pivot = max(range(len(want)), key=lambda i: (sizes[i], -i))
    if want[pivot] == 0:
        raise ValueError("the expected vector is zero")
    if got[pivot] == 0:
        return Comparison(False, "exact", f"{show_vector(got)} is not a multiple of "
                          f"{show_vector(want)}")
    decided = "exact"
    for j in range(len(want)):
        if j == pivot:
            continue
        verdict = compare_scalars(want[pivot] * got[j], want[j] * got[pivot], policy,
                                  False, None)
        if verdict.equal is not True:
            if verdict.equal is None:
                return Comparison(None, verdict.decided_by, verdict.reason)
            return Comparison(False, verdict.decided_by, f"{show_vector(got)} is not a "
                              f"multiple of {show_vector(want)}")
        decided = weakest((decided, verdict.decided_by))
    factor = got[pivot] / want[pivot]
    return Comparison(True, decided, f"{show_vector(got)} = {show(factor)} × "
                      f"{show_vector(want)}")


def _angle(want: list, got: list, policy: Policy) -> Comparison:
    a = [mp_value(v, (), ()) for v in want]
    b = [mp_value(v, (), ()) for v in got]
    if any(v is None for v in a + b):
        return Comparison(None, "numeric", "an entry is not a finite real number")
    with mpmath.workdps(MP_DIGITS):
        dot = mpmath.fsum(x * y for x, y in zip(a, b, strict=True))
        norms = mpmath.sqrt(mpmath.fsum(x * x for x in a) * mpmath.fsum(y * y for y in b))
        sine = float(mpmath.sqrt(max(mpmath.mpf(0), 1 - (dot / norms) ** 2)))
    limit = policy.sampling_tolerance(True)
    if sine <= limit:
        return Comparison(True, "tolerance", f"{show_vector(got, True)} is parallel to "
                          f"{show_vector(want)} within the tolerance")
    return Comparison(False, "tolerance", f"{show_vector(got, True)} is not parallel to "
                      f"{show_vector(want)} (sine of the angle {fmt(sine, 2)})")


def same_span(expected_columns, student_columns, policy: Policy = DEFAULT_POLICY,
              decimals: bool = False) -> Comparison:
    """Whether the student's vectors span the same space as the expected basis.

    Rank tests: rank S = rank E = rank [E | S]. Exact for rational entries; other
    entries are tested for zero at 30 digits; decimals use a relative tolerance.
    """
    want, got = _columns(expected_columns), _columns(student_columns)
    size = {len(v) for v in want + got}
    if len(size) > 1:
        return Comparison(False, "shape", "the vectors have different numbers of entries")
    if len(want) == 1 and len(got) == 1:
        return same_direction(want[0], got[0], policy, decimals)
    tolerance = policy.sampling_tolerance(True) if decimals and not policy.exact else None
    r = rank(want, tolerance)
    mine, joint = rank(got, tolerance), rank(want + got, tolerance)
    decided = "exact" if tolerance is None and all(v.is_Rational for c in want + got
                                                    for v in c) else \
        "tolerance" if tolerance is not None else "numeric"
    if mine == r == joint:
        return Comparison(True, decided, f"the vectors span the same {r}-dimensional space")
    if joint > r:
        outside = next(c for c in got if rank(want + [c], tolerance) > r)
        return Comparison(False, decided, f"{show_vector(outside)} is not in the span of "
                          f"{', '.join(show_vector(c) for c in want)}")
    return Comparison(False, decided, f"the vectors span only {mine} of {r} dimensions")


def rank(columns: list[list], tolerance: float | None = None) -> int:
    """The rank of the matrix with these columns: exact over ℚ for rational entries, else
    with entries decided zero like scalars; with a tolerance, the singular values above
    tolerance × the largest."""
    if not columns:
        return 0
    matrix = sympy.Matrix(columns).T
    if tolerance is not None:
        import numpy

        values = numpy.array([[float(mp_value(v, (), ()) or 0) for v in row]
                              for row in matrix.tolist()])
        singular = numpy.linalg.svd(values, compute_uv=False)
        return int((singular > tolerance * max(singular.max(), 1e-300)).sum())
    if all(v.is_Rational for v in matrix):
        return DomainMatrix.from_Matrix(matrix).convert_to(sympy.QQ).rank()
    return matrix.rank(iszerofunc=_is_zero)


def _is_zero(value) -> bool | None:
    value = sympy.sympify(value)
    if value.is_Rational:
        return value == 0
    if free(value):
        verdict = compare_scalars(value, sympy.Integer(0), DEFAULT_POLICY, False, None)
        return verdict.equal
    number = mp_value(value, (), ())
    return None if number is None else abs(number) < 1e-25


def in_span(basis: list[list], column: list) -> bool:
    """Whether the column lies in the span of the basis (exact rank test)."""
    return rank(basis + [column]) == rank(basis)
