"""The second-derivative test at a critical point, exact or approximate.

H(a) positive definite ⇒ minimum, negative definite ⇒ maximum, eigenvalues of both signs
⇒ saddle, otherwise (singular) inconclusive. Exact points are classified by exact
eigenvalues when short, else by Descartes' rule on the characteristic polynomial (all
roots are real); families whose Hessian depends on the parity of k are split in two.
Approximate points are classified by their eigenvalues at 40 digits.
"""

from __future__ import annotations

from itertools import pairwise

import mpmath
import sympy

from solver.answers import approximately_shown as shown
from solver.exact import is_zero, known_sign
from solver.polynomial_system import DIGITS
from solver.steps.calculus import CriticalPointType, ParityMerge, ParitySplit

MINIMUM, MAXIMUM, SADDLE, DEGENERATE = "minimum", "maximum", "saddle", "degenerate"
UNCLASSIFIED = "unclassified"


def _eigenvalues(hessian: sympy.ImmutableMatrix) -> tuple[sympy.Expr, ...]:
    """Exact eigenvalues when they are short, else () (minors are used instead)."""
    if hessian.is_diagonal():
        return tuple(hessian[i, i] for i in range(hessian.rows))
    if hessian.free_symbols or hessian.rows > 3:
        return ()
    try:
        roots = sympy.roots(hessian.charpoly().as_expr(), multiple=True)
    except sympy.PolynomialError:  # coefficients with radicals read as generators
        return ()
    if len(roots) != hessian.rows or sum(sympy.count_ops(r) for r in roots) > 40:
        return ()
    return tuple(sorted(roots, key=lambda r: float(r.evalf())))


def _counts(hessian, eigenvalues) -> tuple[int, int, int] | None:
    """(positive, negative, zero) eigenvalue counts of a symmetric matrix, or None."""
    if eigenvalues:
        signs = [known_sign(v) for v in eigenvalues]
        if None in signs:
            return None
        return signs.count(1), signs.count(-1), signs.count(0)
    coefficients = hessian.charpoly().all_coeffs()  # all roots are real: Descartes is exact
    signs = [known_sign(c) for c in coefficients]
    if None in signs:
        return None
    zero = 0
    while signs and signs[-1] == 0:
        signs.pop()
        zero += 1
    nonzero = [s for s in signs if s != 0]
    positive = sum(1 for a, b in pairwise(nonzero) if a != b)
    return positive, len(signs) - 1 - positive, zero


def label_of(positive: int, negative: int, zero: int) -> str:
    """The type of a critical point from the signs of its Hessian's eigenvalues: all
    positive a minimum, all negative a maximum, both signs a saddle, else degenerate."""
    if zero == 0 and negative == 0:
        return MINIMUM
    if zero == 0 and positive == 0:
        return MAXIMUM
    if positive and negative:
        return SADDLE
    return DEGENERATE


def classify(hessian: sympy.ImmutableMatrix) -> tuple[str, tuple, tuple]:
    """(classification, eigenvalues, leading principal minors) of a Hessian at a point."""
    hessian = sympy.ImmutableMatrix(hessian.applyfunc(sympy.expand))
    minors = tuple(sympy.factor(hessian[:i, :i].det()) for i in range(1, hessian.rows + 1))
    eigenvalues = _eigenvalues(hessian)
    counts = _counts(hessian, eigenvalues)
    if counts is None:
        label = DEGENERATE if is_zero(minors[-1]) else UNCLASSIFIED
        return label, eigenvalues, minors
    return label_of(*counts), eigenvalues, minors


def classify_family(coordinates, parameters, hessian_of):
    """The steps for one solution family in reading order, and its (coordinates, label)s.

    A family whose Hessian depends on the parity of an integer parameter k is split into
    k even and k odd; halves of the same type are merged back.
    """
    hessian = hessian_of(coordinates)
    for k in parameters:
        if not (k.is_integer and hessian.has(k)):
            continue
        even = tuple(sympy.expand(c.subs(k, 2 * k)) for c in coordinates)
        odd = tuple(sympy.expand(c.subs(k, 2 * k + 1)) for c in coordinates)
        if not (_has_parity(hessian_of(even), k) and _has_parity(hessian_of(odd), k)):
            continue
        steps: list = [ParitySplit(coordinates=coordinates, parameter=k, even=even, odd=odd)]
        halves = []
        for half in (even, odd):
            more, found = classify_family(half, parameters, hessian_of)
            steps += more
            halves.append(found)
        labels = {label for found in halves for _, label in found}
        if all(len(found) == 1 for found in halves) and len(labels) == 1:
            steps.append(ParityMerge(coordinates=coordinates, parameter=k,
                                     classification=labels.pop()))
            return steps, [(coordinates, steps[-1].classification)]
        return steps, halves[0] + halves[1]
    label, eigenvalues, minors = classify(hessian)
    used = tuple(p for p in parameters if any(sympy.sympify(c).has(p) for c in coordinates))
    step = CriticalPointType(coordinates=coordinates, parameters=used, hessian=hessian,
                             eigenvalues=eigenvalues, minors=minors, classification=label)
    return [step], [(coordinates, label)]


def classify_approximate(coordinates, hessian: sympy.ImmutableMatrix) -> CriticalPointType:
    """The second-derivative test at an approximate point: the eigenvalues of the Hessian
    there, computed at the point's 40 digits (mpmath), an eigenvalue below 10⁻²⁵ times
    the Hessian's size counting as 0."""
    with mpmath.workdps(DIGITS):
        matrix = mpmath.matrix([[mpmath.mpf(sympy.Float(e, DIGITS)._mpf_) for e in row]
                                for row in hessian.tolist()])
        eigenvalues = sorted(mpmath.eigsy(matrix)[0])
        scale = max(1, mpmath.mnorm(matrix, 1))
        signs = [0 if abs(v) <= mpmath.mpf(10) ** -25 * scale else 1 if v > 0 else -1
                 for v in eigenvalues]
        minors = [mpmath.det(matrix[:i, :i]) for i in range(1, hessian.rows + 1)]
    label = label_of(signs.count(1), signs.count(-1), signs.count(0))
    return CriticalPointType(coordinates=shown(coordinates), parameters=(),
                             hessian=sympy.ImmutableMatrix(hessian.applyfunc(
                                 lambda e: shown((e,))[0])),
                             eigenvalues=shown([sympy.Float(v, DIGITS) for v in eigenvalues]),
                             minors=shown([sympy.Float(m, DIGITS) for m in minors]),
                             classification=label, approximate=True)



def _has_parity(hessian, k) -> bool:
    """True when the Hessian of a half family (k → 2k or 2k + 1) no longer involves k."""
    return not hessian.applyfunc(sympy.simplify).has(k) if hessian.has(k) else True
