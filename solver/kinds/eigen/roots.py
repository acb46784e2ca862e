"""The eigenvalues as the roots of p(λ) = det(A − λI), with multiplicity: exact where they
read well, numeric otherwise; ordered by real part, then imaginary part."""

from __future__ import annotations

from collections import Counter

import sympy

from solver.kinds.eigen.numeric import DIGITS

LAMBDA = sympy.Symbol("lambda")
READABLE_OPERATIONS = 12  # a cubic's or quartic's root in radicals is short up to this many


def eigenvalue_order(value):
    """Sort key of an eigenvalue: real part, then imaginary part (30 digits)."""
    return (sympy.re(value).evalf(30), sympy.im(value).evalf(30))


def eigenvalue_roots(poly: sympy.Poly) -> tuple[dict, tuple]:
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


def _real_written_complex(poly: sympy.Poly, roots: dict) -> bool:
    """Whether a real root came out in radicals of complex numbers (three real roots of a
    cubic, casus irreducibilis): CRootOf keeps it real and evaluable."""
    written_real = sum(1 for root in roots if not root.has(sympy.I))
    return poly.count_roots() > written_real
