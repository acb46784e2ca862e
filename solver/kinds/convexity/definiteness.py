"""Definiteness of the Hessian on the domain, for each side: H ⪰ 0 (convex) and −H ⪰ 0
(concave), each "strict", "yes", "no" or "unknown".

A constant H is judged by its eigenvalues (or their signs, counted by Descartes' rule).
A Hessian that depends on x is judged by its principal minors as inequalities on the
domain: every leading minor > 0 is H ≻ 0 (strict); every principal minor ≥ 0 is H ⪰ 0,
strict when H is singular only where no segment can lie (f'' ≢ 0 for one variable, a
separable sum, finitely many singular points). A failure is a point p and a direction d
with dᵀH(p)d < 0."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy
import sympy

from solver.exact import sign_of
from solver.kinds.convexity.read import Bounds
from solver.kinds.convexity.rules import Rules
from solver.kinds.convexity.sign import Sign, sample_points, sign_on
from solver.kinds.convexity.steps import (
    ConvexityEigenvalues,
    ConvexityMinors,
    MinorOnDomain,
    SecondDerivativeSign,
)
from solver.steps.optimization import characteristic, exact_real_roots, sign_counts

Matrix = sympy.ImmutableMatrix
SHORT_EIGENVALUE = 40  # operations: longer closed forms are not shown


@dataclass(frozen=True)
class Side:
    """One side of the test: ``status`` and its evidence: a failing point and direction
    (``witness``), a direction along which f may be affine (``flat``), the basis of
    strictness."""

    status: str
    witness: tuple | None = None
    flat: tuple | None = None
    basis: str = ""


@dataclass(frozen=True)
class Definiteness:
    convex: Side
    concave: Side
    steps: tuple
    named: tuple


def definiteness(H: Matrix, box: tuple[Bounds, ...], rules: Rules) -> Definiteness:
    if not H.free_symbols:
        return _constant(H, box, rules)
    return _variable(H, box, rules)


# -- constant Hessian ----------------------------------------------------------------------


def _constant(H: Matrix, box, rules: Rules) -> Definiteness:
    n = H.rows
    point = next(sample_points(box))
    if n == 1 or rules.first_minor_only:
        sign = sign_of(H[0, 0])
        counts = (int(sign < 0), int(sign == 0), int(sign > 0))
        steps, named, vectors = _leading(H, box, rules), (), {}
        if n == 1:
            steps = (SecondDerivativeSign(second=H[0, 0], variable=box[0].variable,
                                          proven=_word(sign), zeros=None, negative_at=None,
                                          positive_at=None),)
        vectors = {s: _unit(n) for s in (-1, 0, 1)}
    else:
        poly = characteristic(H)
        roots = exact_real_roots(poly)
        if roots is not None and any(sympy.count_ops(r) > SHORT_EIGENVALUE for r, _ in roots):
            roots = None
        counts = sign_counts(poly)
        steps = (ConvexityEigenvalues(matrix=H, polynomial=poly.as_expr(),
                                      factored=sympy.factor(poly.as_expr()), eigenvalues=roots,
                                      counts=counts),) + _leading(H, box, rules)
        named = (("eigenvalues", Matrix([r for r, m in roots for _ in range(m)])),) \
            if roots is not None else ()
        vectors = {s: _eigenvector(H, roots, s) for s in (-1, 0, 1) if counts[s + 1]}
    negative, zero, positive = counts

    def side(bad: int, bad_sign: int) -> Side:
        if bad:
            return Side("no", witness=_pair(point, vectors.get(bad_sign), H, bad_sign))
        if zero:
            return Side("yes", flat=_pair(point, vectors.get(0), H, 0))
        return Side("strict", basis="definite")

    return Definiteness(side(negative, -1), side(positive, 1), steps, named)


def _eigenvector(H: Matrix, roots, sign: int):
    """An exact eigenvector of a rational eigenvalue of the given sign (None for others: a
    short direction is searched for instead)."""
    for root, _ in roots or ():
        if root.is_Rational and sign_of(root) == sign:
            basis = (H - root * sympy.eye(H.rows)).nullspace(simplify=True)
            if basis:
                return Matrix(basis[0])
    return None


def _unit(n: int) -> Matrix:
    return Matrix([1] + [0] * (n - 1))


def _pair(point, vector, H: Matrix, sign: int):
    """(point, direction) with sign(dᵀHd) = ``sign``: the given vector, else a search."""
    if vector is not None and sign_of((vector.T * H * vector)[0]) == sign:
        return point, tuple(vector)
    found = _direction(H, sign)
    return (point, found) if found is not None else None


# -- Hessian depending on x -------------------------------------------------------------------


def _variable(H: Matrix, box, rules: Rules) -> Definiteness:
    n = H.rows
    variables = tuple(b.variable for b in box)
    leading = _minors(H, box, [tuple(range(k)) for k in range(1, n + 1)])
    if rules.first_minor_only:
        leading = leading[:1]
    steps: list = []
    if n == 1:
        steps.append(_second_sign(leading[0], box))
    else:
        steps.append(ConvexityMinors(matrix=H, variables=variables, minors=tuple(leading),
                                     which="leading", only_first=rules.first_minor_only))
    named = (("minors", Matrix([m.value for m in leading])),) if n > 1 else ()
    convex_leading = [_sign(m) for m in leading]
    concave_leading = [_turned(m) for m in leading]
    principal: list[MinorOnDomain] = []
    settled = any(all(s.proven == "positive" for s in signs)
                  for signs in (convex_leading, concave_leading))
    if n > 1 and not rules.first_minor_only and not settled:
        principal = _minors(H, box, [rows for k in range(1, n + 1)
                                     for rows in itertools.combinations(range(n), k)])
        steps.append(ConvexityMinors(matrix=H, variables=variables, minors=tuple(principal),
                                     which="principal"))
    convex = _side(H, box, rules, convex_leading, [_sign(m) for m in principal])
    concave = _side(-H, box, rules, concave_leading, [_turned(m) for m in principal])
    return Definiteness(convex, concave, tuple(steps), named)


def _sign(minor: MinorOnDomain) -> Sign:
    return Sign(minor.proven, minor.negative_at, minor.positive_at)


def _turned(minor: MinorOnDomain) -> Sign:
    """The sign of the same minor of −H: (−1)^k times it for a k×k block."""
    sign = _sign(minor)
    return sign.flipped() if len(minor.rows) % 2 else sign


def _side(G: Matrix, box, rules: Rules, leading: list[Sign], principal: list[Sign]) -> Side:
    """The test of G ⪰ 0 on the box (G = H for the convex side, −H for the concave one)
    from its leading minors, then its principal minors."""
    if all(s.proven == "positive" for s in leading):
        return Side("strict", basis="definite")
    if rules.first_minor_only:
        if leading[0].at_least_zero:
            return Side("yes")
        witness = _witness(G, box)
        return Side("no", witness=witness) if witness is not None else Side("unknown")
    semidefinite = all(s.at_least_zero for s in (principal or leading))
    if not semidefinite:
        witness = _witness(G, box)
        return Side("no", witness=witness) if witness is not None else Side("unknown")
    return _strictness(G, box, rules, leading)


def _strictness(G: Matrix, box, rules: Rules, leading: list[Sign]) -> Side:
    """G ⪰ 0 on the box: strict unless f is affine along some segment."""
    n = G.rows
    if n == 1:
        if leading[0].proven == "zero":
            return Side("yes", flat=_flat(G, box))
        if rules.strict_needs_definite:
            return Side("yes")
        return Side("strict", basis="isolated")
    determinant = sympy.factor(G.det())
    if sign_on(determinant, box).proven == "zero":
        return Side("yes", flat=_flat(G, box))
    if rules.strict_needs_definite:
        return Side("yes")
    xs = [b.variable for b in box]
    diagonal = all(G[i, j] == 0 for i in range(n) for j in range(n) if i != j)
    if diagonal and all(G[i, i].free_symbols <= {xs[i]} for i in range(n)):
        return Side("strict", basis="separable")
    if _only_at_origin(determinant, xs) or _finitely_many_zeros(determinant, xs):
        return Side("strict", basis="finite_singular")
    return Side("unknown", basis="strictness")


def _only_at_origin(determinant, xs) -> bool:
    """det H a polynomial whose terms all have positive coefficients and even exponents,
    with a pure even power of every variable: it vanishes at the origin at most."""
    try:
        terms = sympy.Poly(sympy.expand(determinant), *xs).terms()
    except sympy.PolynomialError:
        return False
    if not all(c.is_positive and all(e % 2 == 0 for e in exps) for exps, c in terms):
        return False
    pure = {next(i for i, e in enumerate(exps) if e) for exps, _ in terms
            if sum(1 for e in exps if e) == 1}
    return pure == set(range(len(xs)))


def _finitely_many_zeros(determinant, xs) -> bool:
    """det H = 0 solved: every solution a point (no free variable, no complex family)."""
    try:
        zeros = sympy.solve(determinant, xs, dict=True)
    except (NotImplementedError, ValueError, TypeError):
        return False
    return all(len(z) == len(xs) and all(v.is_number for v in z.values()) for z in zeros)


def _minors(H: Matrix, box, sets) -> list[MinorOnDomain]:
    found = []
    for rows in sets:
        block = Matrix(H.extract(list(rows), list(rows)))
        value = sympy.factor(sympy.cancel(block.det(method="berkowitz")))
        sign = sign_on(value, box)
        found.append(MinorOnDomain(tuple(r + 1 for r in rows), block, value, sign.proven,
                                   sign.negative_at, sign.positive_at))
    return found


def _leading(H: Matrix, box, rules: Rules) -> tuple:
    """The leading minors of a constant H (Sylvester's criterion), shown beside its
    eigenvalues."""
    if H.rows == 1:
        return ()
    minors = _minors(H, box, [tuple(range(k)) for k in range(1, H.rows + 1)])
    if rules.first_minor_only:
        minors = minors[:1]
    return (ConvexityMinors(matrix=H, variables=tuple(b.variable for b in box),
                            minors=tuple(minors), which="leading",
                            only_first=rules.first_minor_only),)


def _second_sign(minor: MinorOnDomain, box) -> SecondDerivativeSign:
    x = box[0].variable
    zeros = None
    if minor.proven == "nonnegative" or minor.proven == "nonpositive":
        try:
            found = sympy.solveset(minor.value, x, sympy.Interval.open(box[0].lower,
                                                                      box[0].upper))
        except (NotImplementedError, ValueError, TypeError):
            found = None
        if isinstance(found, sympy.FiniteSet):
            zeros = tuple(sorted(found, key=lambda v: v.evalf(30)))
    return SecondDerivativeSign(second=minor.value, variable=x, proven=minor.proven,
                                zeros=zeros, negative_at=minor.negative_at,
                                positive_at=minor.positive_at)


def _witness(G: Matrix, box):
    """A point p of the box and a direction d with dᵀG(p)d < 0, or None."""
    xs = [b.variable for b in box]
    for point in sample_points(box):
        M = G.xreplace(dict(zip(xs, point, strict=True)))
        if not all(entry.is_number and entry.is_finite for entry in M):
            continue
        d = _direction(M, -1)
        if d is not None:
            return point, d
    return None


def _flat(G: Matrix, box):
    """A point where G has the fewest null directions, and one of them: f may be affine
    along it."""
    xs = [b.variable for b in box]
    best = None
    for point in sample_points(box):
        M = G.xreplace(dict(zip(xs, point, strict=True)))
        if not all(entry.is_number and entry.is_finite for entry in M):
            continue
        basis = M.nullspace(simplify=True)
        if basis and (best is None or len(basis) < best[0]):
            best = (len(basis), point, tuple(_cleared(Matrix(basis[0]))))
            if len(basis) == 1:
                break
    return best[1:] if best is not None else None


def _direction(M: Matrix, sign: int):
    """A short direction d with sign(dᵀMd) = sign: unit vectors, sums and differences of
    two, then an eigenvector rounded to small integers; None when none is found."""
    n = M.rows
    candidates = [tuple(int(i == k) for i in range(n)) for k in range(n)]
    candidates += [tuple(int(i == j) + s * int(i == k) for i in range(n))
                   for j in range(n) for k in range(j + 1, n) for s in (1, -1)]
    try:
        values, vectors = numpy.linalg.eigh(numpy.array(M.evalf(20).tolist(), dtype=float))
    except (TypeError, ValueError, numpy.linalg.LinAlgError):
        values, vectors = (), None
    for index, value in enumerate(values):
        if numpy.sign(value) == sign:
            v = vectors[:, index]
            scale = max(abs(v))
            for grid in (1, 2, 4, 10):
                candidates.append(tuple(int(round(e / scale * grid)) for e in v))
    for d in candidates:
        vector = Matrix(d)
        if any(e != 0 for e in vector) and sign_of((vector.T * M * vector)[0]) == sign:
            return tuple(vector)
    return None


def _cleared(vector: Matrix) -> Matrix:
    """A vector with its denominators cleared."""
    denominators = [sympy.fraction(sympy.together(e))[1] for e in vector]
    if all(d.is_Integer for d in denominators):
        vector = vector * sympy.ilcm(1, *denominators)
    return Matrix(vector)


def _word(sign: int) -> str:
    return {1: "positive", 0: "zero", -1: "negative"}[sign]
