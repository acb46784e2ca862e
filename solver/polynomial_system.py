"""Every real solution of a zero-dimensional polynomial system with rational coefficients.

A lex Gröbner basis G of the system (x1 > … > xn) holds one polynomial g(xn) in the last
variable alone, the eliminant: the xn of every solution is a root of g. When G is in
shape position, G = {x1 − q1(xn), …, x_{n−1} − q_{n−1}(xn), g(xn)}, each root of g gives
exactly one solution, real exactly when the root is real (the qᵢ have rational
coefficients), so the real solutions are counted exactly by the distinct real roots of g
(real-root isolation). Those roots are isolated exactly, evaluated at ``WORKING`` digits,
substituted back, and each point is polished by Newton's method on the original system
and kept at ``DIGITS`` digits. Without shape position the back-substitution is numeric at
every variable and the count is not certified, unless the radical of the system (the
squarefree eliminant of every variable added, by Seidenberg's lemma) is in shape position,
or a new unknown u = Σ cᵢxᵢ (a few small weights tried) brings the radical with u into
it: then the real roots of the eliminant in u count the real solutions exactly (a real
u comes from a real solution when u separates the solutions).

The basis is computed by Faugère's F5B (several times faster than Buchberger here). Sizes
are guarded (unknowns, Bézout bound, coefficient size); the caller runs this under a time
limit.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import mpmath
import sympy
from sympy.polys.polyerrors import CoercionFailed, GeneratorsNeeded, PolynomialError

DIGITS = 40  # digits carried by an approximate solution
WORKING = 120  # digits of the roots and of the back-substitution
MAX_UNKNOWNS = 3
MAX_BEZOUT = 144  # product of the total degrees
MAX_COEFFICIENT_DIGITS = 60
NEWTON_STEPS = 60
MAX_EXACT_OPS = 40  # longer closed forms are left as decimals
# weights c of u = Σ cᵢxᵢ to try: small, but not symmetric (symmetric systems defeat them)
SEPARATING_WEIGHTS = {1: (), 2: ((1, 1), (1, 2), (2, -3), (3, 7)),
                      3: ((1, 3, 7), (2, -5, 11), (5, 3, -13), (1, 1, 1))}


@dataclass(frozen=True)
class RealSolutions:
    """The real solutions of a polynomial system, found through its eliminant g(variable).

    ``system`` holds the equations (each = 0); ``points`` are ordered like ``unknowns``,
    each coordinate a Float of ``DIGITS`` digits; ``certified`` says they are provably all
    the real solutions. ``separating`` is the linear form that ``variable`` stands for when
    it is a new unknown, else None; ``exact`` holds, point by point, its short closed
    form or None.
    """

    system: tuple[sympy.Expr, ...]
    unknowns: tuple[sympy.Symbol, ...]
    variable: sympy.Symbol
    eliminant: sympy.Expr
    roots: tuple[sympy.Float, ...]
    points: tuple[tuple[sympy.Float, ...], ...]
    certified: bool
    separating: sympy.Expr | None = None
    exact: tuple[tuple[sympy.Expr, ...] | None, ...] = ()


class Unfit(Exception):
    """The system is outside what this method handles (the message says why)."""


class TooLarge(Unfit):
    """The system is too large to eliminate in bounded time (degree or coefficients)."""


def real_solutions(equations, unknowns) -> RealSolutions | str:
    """Every real solution of equations = 0, or a sentence saying why they are not known.

    Raises TooLarge when the size guards refuse the system.
    """
    try:
        return _real_solutions(tuple(equations), tuple(unknowns))
    except TooLarge:
        raise
    except Unfit as reason:
        return str(reason)


def _real_solutions(equations, unknowns) -> RealSolutions:
    polys = _polys(equations, unknowns)
    basis = _lex_basis(polys, unknowns)
    if basis is None:
        return RealSolutions(tuple(equations), unknowns, unknowns[-1], sympy.Integer(1), (), (),
                             True)
    if _in_shape_position(basis, unknowns):
        return _solutions(equations, unknowns, basis, unknowns, None)
    polys = _radical(polys, unknowns, basis)
    basis = _lex_basis(polys, unknowns)
    if _in_shape_position(basis, unknowns):
        return _solutions(equations, unknowns, basis, unknowns, None)
    for weights in SEPARATING_WEIGHTS[len(unknowns)]:
        u = _new_symbol(unknowns)
        form = sum((w * v for w, v in zip(weights, unknowns, strict=True)), sympy.Integer(0))
        variables = (*unknowns, u)
        separated = _lex_basis([*polys, sympy.Poly(u - form, *variables, domain="QQ")],
                               variables)
        if separated is not None and _in_shape_position(separated, variables):
            return _solutions(equations, unknowns, separated, variables, form)
    return _solutions(equations, unknowns, basis, unknowns, None, shape=False)


def _lex_basis(polys, variables) -> list[sympy.Poly] | None:
    """The reduced lex Gröbner basis (None when it is {1}: no solution at all)."""
    groebner = sympy.groebner(polys, *variables, order="lex", method="f5b")
    if list(groebner.exprs) == [1]:
        return None
    if not groebner.is_zero_dimensional:
        raise Unfit("the polynomial system has infinitely many complex solutions")
    return [sympy.Poly(g, *variables) for g in groebner.exprs]


def _radical(polys, unknowns, basis) -> list[sympy.Poly]:
    """Generators of the radical: the system with the squarefree part of its eliminant in
    every variable added (Seidenberg: a zero-dimensional ideal holding a squarefree
    univariate polynomial in each variable is radical)."""
    added = []
    for var in unknowns:
        order = (*[v for v in unknowns if v != var], var)
        found = basis if order == tuple(unknowns) else _lex_basis(polys, order)
        (eliminant,) = [g for g in found if not (g.free_symbols - {var})]
        squarefree = sympy.Poly(eliminant.as_expr(), var).sqf_part()
        added.append(sympy.Poly(squarefree.as_expr(), *unknowns, domain="QQ"))
    return [*polys, *added]


def _new_symbol(unknowns) -> sympy.Symbol:
    taken = {str(v) for v in unknowns}
    return sympy.Symbol(next(name for name in ("u", "w", "s", "t", "u0") if name not in taken))


def _solutions(equations, unknowns, basis, variables, form, shape: bool = True):
    """Real roots of the eliminant in the last of ``variables``, substituted back; with a
    separating ``form`` the last variable is u = form, dropped from the points."""
    last = variables[-1]
    (eliminant,) = [g for g in basis if not (g.free_symbols - {last})]
    univariate = sympy.Poly(eliminant.as_expr(), last)
    _, univariate = univariate.clear_denoms(convert=True)
    univariate = univariate.primitive()[1]
    exact_roots = univariate.sqf_part().real_roots()
    roots = tuple(r.evalf(WORKING) for r in exact_roots)
    points, exact = [], []
    for exact_root, root in zip(exact_roots, roots, strict=True):
        for point in _back_substitute(basis, variables, {last: root}, shape):
            polished = _polish(equations, unknowns, point)
            if polished is not None and not any(_same(polished, p) for p in points):
                points.append(polished)
                exact.append(_closed_form(basis, unknowns, variables, exact_root, polished)
                             if shape else None)
    return RealSolutions(tuple(equations), unknowns, last, univariate.as_expr(),
                         tuple(sympy.Float(r, DIGITS) for r in roots), tuple(points),
                         shape and len(points) == len(roots), form, tuple(exact))


def _closed_form(basis, unknowns, variables, root, point) -> tuple | None:
    """The exact point of a root of the eliminant in shape position, xᵢ = qᵢ(root), when
    the root has a short real closed form (rational, a quadratic surd, or a radical form
    of a quartic without i) and so do the qᵢ reduced modulo its minimal polynomial."""
    last = variables[-1]
    if isinstance(root, sympy.CRootOf):
        minimal = root.poly  # in CRootOf's own generator; only its roots are used
        if minimal.degree() > 4:
            return None
        candidates = [r for r in sympy.roots(minimal, multiple=True) if not r.has(sympy.I)]
        matching = [r for r in candidates
                    if abs(sympy.N(r - root, 40)) < sympy.Float(10) ** (10 - DIGITS)]
        if len(matching) != 1:
            return None
        root = matching[0]
    minimal = sympy.Poly(sympy.minimal_polynomial(root, last), last) if not root.is_Rational \
        else sympy.Poly(last - root, last)
    values = {last: root}
    for var in variables[:-1]:
        (linear,) = [g for g in basis if g.degree(var) == 1 and not
                     (g.free_symbols - {var, last})]
        coefficient = sympy.Poly(linear.as_expr(), var).LC()
        rest = sympy.Poly(-(linear.as_expr() - coefficient * var) / coefficient, last)
        values[var] = sympy.expand(rest.rem(minimal).as_expr().xreplace({last: root}))
    found = tuple(sympy.sympify(values[v]) for v in unknowns)
    if any(sympy.count_ops(c) > MAX_EXACT_OPS or c.has(sympy.I) for c in found):
        return None
    if not _same(point, tuple(sympy.N(c, DIGITS) for c in found)):
        return None
    return found


def _same(a, b) -> bool:
    return all(abs(x - y) < sympy.Float(10) ** (5 - DIGITS) * max(1, abs(x))
               for x, y in zip(a, b, strict=True))


def _polys(equations, unknowns) -> list[sympy.Poly]:
    if len(unknowns) > MAX_UNKNOWNS:
        raise Unfit(f"more than {MAX_UNKNOWNS} coupled unknowns")
    try:
        polys = [sympy.Poly(e, *unknowns, domain="QQ") for e in equations]
    except (PolynomialError, CoercionFailed, GeneratorsNeeded):
        raise Unfit("the coefficients of the polynomial system are not all rational, so the "
                    "number of its real solutions could not be certified") from None
    polys = [p for p in polys if not p.is_zero]
    if not polys:
        raise Unfit("every equation is 0 = 0")
    if math.prod(max(p.total_degree(), 1) for p in polys) > MAX_BEZOUT:
        raise TooLarge(f"the polynomial system is of too high a degree (Bézout bound above "
                       f"{MAX_BEZOUT}) to solve in bounded time")
    for p in polys:
        for c in p.coeffs():
            if max(len(str(abs(c.p))), len(str(c.q))) > MAX_COEFFICIENT_DIGITS:
                raise TooLarge("the coefficients are too long to solve the system in bounded "
                               "time")
    return polys


def _in_shape_position(basis, unknowns) -> bool:
    """G = {x_i − q_i(later unknowns)} ∪ {g(x_n)}: each x_i is linear with constant
    leading coefficient in exactly one basis element."""
    if len(basis) != len(unknowns):
        return False
    for i, var in enumerate(unknowns[:-1]):
        leads = [g for g in basis if g.degree(var) > 0
                 and not any(g.degree(v) > 0 for v in unknowns[:i])]
        if len(leads) != 1 or leads[0].degree(var) != 1:
            return False
        coefficient = sympy.Poly(leads[0].as_expr(), var).LC()
        if not coefficient.is_number:
            return False
    return True


def _back_substitute(basis, unknowns, known: dict, shape: bool) -> list[dict]:
    """Points extending ``known`` (values of the later unknowns) through the basis,
    from the next-to-last unknown up to the first."""
    open_vars = [v for v in unknowns if v not in known]
    if not open_vars:
        return [known]
    var = open_vars[-1]
    later = set(known)
    candidates = [g for g in basis
                  if g.degree(var) > 0 and not (g.free_symbols - later - {var})]
    found = []
    for value in _values_of(candidates, var, known, shape):
        found += _back_substitute(basis, unknowns, {**known, var: value}, shape)
    return found


def _values_of(candidates, var, known, shape: bool) -> list:
    with mpmath.workdps(WORKING):
        polys = []
        for g in candidates:
            coefficients = [_evaluate(c, known) for c in
                            sympy.Poly(g.as_expr(), var).all_coeffs()]
            while coefficients and abs(coefficients[0]) < mpmath.mpf(10) ** (20 - WORKING):
                coefficients.pop(0)
            if len(coefficients) > 1:
                polys.append(coefficients)
        if not polys:
            return []
        polys.sort(key=len)
        first = polys[0]
        if shape or len(first) == 2:
            roots = [-first[1] / first[0]] if len(first) == 2 else []
        else:
            try:
                found = mpmath.polyroots(first, maxsteps=200, extraprec=WORKING)
            except mpmath.libmp.NoConvergence:  # a multiple root
                raise Unfit("the numeric back-substitution did not converge (a multiple "
                            "solution)") from None
            roots = [r.real for r in found
                     if abs(mpmath.im(r)) < mpmath.mpf(10) ** (30 - WORKING // 2)]
        tolerance = mpmath.mpf(10) ** (30 - WORKING // 2)
        return [sympy.Float(r, WORKING) for r in roots
                if all(abs(mpmath.polyval(p, r)) <= tolerance * _size(p, r) for p in polys)]


def _evaluate(coefficient: sympy.Expr, known: dict):
    value = sympy.sympify(coefficient).xreplace(known)
    return mpmath.mpf(sympy.Float(value, WORKING)._mpf_) if value.is_number else \
        mpmath.mpf(sympy.N(value, WORKING))


def _size(coefficients, at) -> mpmath.mpf:
    return max(1, max(abs(c) for c in coefficients) * max(1, abs(at)) ** (len(coefficients)))


def _polish(equations, unknowns, point: dict) -> tuple[sympy.Float, ...] | None:
    """Newton's method x ← x − J(x)⁻¹F(x) at WORKING digits from the back-substituted
    point; None when it does not settle on a solution."""
    functions = sympy.lambdify(unknowns, list(equations), modules="mpmath")
    jacobian = sympy.lambdify(unknowns, sympy.Matrix(equations).jacobian(unknowns).tolist(),
                              modules="mpmath")
    with mpmath.workdps(WORKING):
        x = mpmath.matrix([mpmath.mpf(sympy.Float(point[v], WORKING)._mpf_) for v in unknowns])
        for _ in range(NEWTON_STEPS):
            residual = mpmath.matrix(functions(*x))
            if mpmath.norm(residual) < mpmath.mpf(10) ** (10 - WORKING):
                break
            try:
                x = x - mpmath.lu_solve(mpmath.matrix(jacobian(*x)), residual)
            except ZeroDivisionError:
                break
        scale = max(1, mpmath.norm(x)) ** 8
        if mpmath.norm(mpmath.matrix(functions(*x))) > mpmath.mpf(10) ** (-DIGITS) * scale:
            return None
        return tuple(sympy.Float(value, DIGITS) for value in x)
