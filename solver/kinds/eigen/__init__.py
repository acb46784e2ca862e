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
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import mpmath
import sympy

from solver.answers import APPROXIMATE_FIGURES, Named, Value
from solver.kinds.base import Field, Kind, Without
from solver.spec.reader import PartReader
from solver.steps import Solved
from solver.steps.eigen_numeric import NumericEigenspace, NumericEigenvalues
from solver.steps.linalg import CharacteristicPolynomial, Eigenspace, EigenvalueRoots

LAMBDA = sympy.Symbol("lambda")
DIGITS = 40  # digits carried by numeric eigenvalues and eigenvectors
FIGURES = APPROXIMATE_FIGURES  # significant figures shown
READABLE_OPERATIONS = 12  # a cubic's or quartic's root in radicals is short up to this many


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
    roots, unreadable = _roots(poly)
    ordered = sorted(roots.items(), key=lambda item: eigenvalue_order(item[0]), reverse=True)
    spaces, bases = [], []
    for value, multiplicity in ordered:
        shifted_at = sympy.ImmutableMatrix(A - value * sympy.eye(A.rows))
        if _is_numeric(value):
            basis = _numeric_basis(shifted_at, multiplicity)
            spaces.append(NumericEigenspace(value=_shown(value), shifted=_shown(shifted_at),
                                            basis=tuple(_shown(v) for v in basis)))
        else:
            basis = tuple(sympy.ImmutableMatrix(_scaled(v)) for v in shifted_at.nullspace())
            spaces.append(Eigenspace(value=value, shifted=shifted_at, basis=basis))
        bases.append(basis)
    values = sympy.ImmutableMatrix([v for v, m in ordered for _ in range(m)])
    pairs = []
    for i, ((value, _), basis) in enumerate(zip(ordered, bases, strict=True), start=1):
        pairs.append((f"lambda{i}", Value(value)))
        pairs.append((f"v{i}", Value(sympy.ImmutableMatrix.hstack(*basis), "span")))
    groups = tuple((f"lambda{i}", f"v{i}") for i in range(1, len(spaces) + 1))
    if unreadable:
        vectors = sympy.ImmutableMatrix.hstack(*(_shown(v) for basis in bases for v in basis))
        listed = NumericEigenvalues(polynomial=polynomial, factors=unreadable,
                                    shown=tuple((_shown(v), m) for v, m in ordered),
                                    digits=DIGITS, figures=FIGURES, vectors=vectors)
    else:
        listed = EigenvalueRoots(polynomial=polynomial, roots=tuple(ordered))
    steps = (characteristic, listed, *spaces)
    intermediates = (("polynomial", Value(polynomial)),
                     ("eigenvalues", Value(values, "multiset")))
    return Solved(steps, Named(tuple(pairs), groups), intermediates)


def _roots(poly: sympy.Poly) -> tuple[dict, tuple]:
    """Each eigenvalue with its multiplicity, and the irreducible factors whose roots are
    numeric (empty when every root is exact)."""
    if not poly.domain.is_QQ and not poly.domain.is_ZZ:  # irrational entries: SymPy's roots
        roots = sympy.roots(poly)
        if sum(roots.values()) != poly.degree() or _real_written_complex(poly, roots):
            roots = dict(Counter(poly.all_roots()))
        return roots, ()
    roots: Counter = Counter()
    unreadable = []
    for factor, multiplicity in poly.factor_list()[1]:
        exact = _readable_roots(factor)
        if exact is None:
            unreadable.append(factor.as_expr())
            exact = {root: 1 for root in factor.nroots(n=DIGITS)}
        for root, count in exact.items():
            roots[root] += count * multiplicity
    return dict(roots), tuple(unreadable)


def _readable_roots(factor: sympy.Poly) -> dict | None:
    """The exact roots of an irreducible factor when they read well: always for degree 1
    and 2, for degree 3 and 4 when the radicals are short and a real root is not written
    with complex numbers; None otherwise."""
    degree = factor.degree()
    if degree > 4:
        return None
    roots = sympy.roots(factor)
    if sum(roots.values()) != degree:
        return None
    if degree > 2 and (_real_written_complex(factor, roots) or max(
            sympy.count_ops(root) for root in roots) > READABLE_OPERATIONS):
        return None
    return roots


def _is_numeric(value) -> bool:
    return bool(sympy.sympify(value).atoms(sympy.Float))


def _shown(value):
    """A value as printed: its Floats rounded once, in decimal, to ``FIGURES`` significant
    figures."""
    return value.xreplace({f: sympy.Float(mpmath.nstr(mpmath.mpf(f._mpf_), FIGURES), FIGURES)
                           for f in value.atoms(sympy.Float)})


def _numeric_basis(shifted, multiplicity: int) -> tuple:
    """A basis of the null space of ``shifted`` (A − λI at a numeric λ): the right singular
    vectors whose singular values vanish at the working precision, each scaled so that its
    largest entry is 1 (at least one vector, at most ``multiplicity``)."""
    with mpmath.workdps(DIGITS + 10):
        entries = [[_mp(entry) for entry in row] for row in shifted.tolist()]
        real = all(entry.imag == 0 for row in entries for entry in row)
        matrix = mpmath.matrix([[e.real for e in row] for row in entries] if real else entries)
        _, singular, right = (mpmath.svd_r if real else mpmath.svd_c)(matrix)
        size = matrix.cols
        order = sorted(range(size), key=lambda i: singular[i])
        tolerance = max(singular) * mpmath.mpf(10) ** (-DIGITS // 2)
        null = [i for i in order if singular[i] <= tolerance][:multiplicity] or order[:1]
        basis = []
        for i in null:
            vector = [mpmath.conj(right[i, j]) for j in range(size)]
            top = max(range(size), key=lambda j: abs(vector[j]))
            basis.append(sympy.ImmutableMatrix(
                [sympy.Integer(1) if j == top else _sympy_number(vector[j] / vector[top])
                 for j in range(size)]))
    return tuple(basis)


def _mp(value):
    real, imaginary = (sympy.Float(part, DIGITS + 10)
                       for part in sympy.N(value, DIGITS + 10).as_real_imag())
    return mpmath.mpc(mpmath.mpf(real._mpf_), mpmath.mpf(imaginary._mpf_))


def _sympy_number(value):
    """An mpmath number as a SymPy Float (complex: a + b i), parts below the working
    precision dropped."""
    value = mpmath.mpc(value)
    small = mpmath.mpf(10) ** (-(DIGITS - 5))
    real, imaginary = ((sympy.Float(part, DIGITS) if abs(part) > small else sympy.Integer(0))
                       for part in (value.real, value.imag))
    return real + sympy.I * imaginary


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
    hint="an eigenvalue, or an eigenvector [a, b] (any non-zero multiple; a basis "
         "{(a, b), (c, d)} for a repeated eigenvalue); pairs lambda_i, v_i in any order",
    mistakes=Without("TODO"),
    carries=Without("TODO"),
    doc=__doc__,
    read=read,
    solve=solve,
    example="{id: a, kind: eigen, matrix: [[5, 2], [2, 2]]}",
)
