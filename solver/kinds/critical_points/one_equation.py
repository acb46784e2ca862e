"""One equation in one unknown: its real solutions as single values and periodic families
a + kp with an integer k (``solveset`` over the reals; exact real roots for a polynomial
with rational coefficients), equally spaced families merged into one."""

from __future__ import annotations

from itertools import pairwise

import sympy

from solver.kinds.critical_points.branch import Branch, Unsolved, fresh_parameter
from solver.render.printing import plain
from solver.second_derivative import is_zero


def _families(solution_set) -> list[tuple[sympy.Expr, sympy.Expr | None]]:
    """(offset, period) pairs of a real solution set; period None for a single value."""
    if solution_set is sympy.S.EmptySet:
        return []
    if isinstance(solution_set, sympy.FiniteSet):
        return [(value, None) for value in solution_set]
    if isinstance(solution_set, sympy.Union):
        return [item for part in solution_set.args for item in _families(part)]
    if isinstance(solution_set, sympy.ImageSet) and solution_set.base_sets == \
            (sympy.S.Integers,) and len(solution_set.lamda.variables) == 1:
        (n,) = solution_set.lamda.variables
        expr = sympy.expand(solution_set.lamda.expr)
        period = expr.coeff(n)
        offset = expr.subs(n, 0)
        if period.is_number and period != 0 and sympy.expand(offset + period * n - expr) == 0:
            return [(offset, abs(period))]
    raise Unsolved(str(solution_set))


def _merge(families: list[tuple[sympy.Expr, sympy.Expr | None]]):
    """Equally spaced families of one period p, a + jp/m + kp for j < m, become a + kp/m."""
    singles = [f for f in families if f[1] is None]
    periodic: dict = {}
    for offset, period in families:
        if period is not None:
            periodic.setdefault(period, []).append(offset)
    merged = []
    for period, offsets in periodic.items():
        reduced = sorted({sympy.Mod(a, period) for a in offsets}, key=sympy.default_sort_key)
        if not all(a.is_number for a in reduced):
            merged += [(a, period) for a in offsets]
            continue
        reduced.sort(key=lambda a: float(a))
        m = len(reduced)
        step = period / m
        if m > 1 and all(is_zero(b - a - step) for a, b in pairwise(reduced)):
            merged.append((reduced[0], step))
        else:
            merged += [(a, period) for a in reduced]
    covered = [value for value, _ in singles
               if any(((value - a) / p).is_integer for a, p in merged)]
    return [f for f in singles if f[0] not in covered] + merged


def _real_solution_set(equation, var):
    """The real solutions of one equation in one unknown; exact real roots for a polynomial
    with rational coefficients."""
    if equation.is_polynomial(var):
        poly = sympy.Poly(equation, var)
        if all(c.is_Rational for c in poly.all_coeffs()):
            return sympy.FiniteSet(*poly.real_roots())
    return sympy.solveset(equation, var, sympy.S.Reals)


def solve_single(equation, var, branch: Branch, used: set[str]) -> list[Branch]:
    solution_set = _real_solution_set(equation, var)
    try:
        families = _families(solution_set)
    except Unsolved:
        raise Unsolved(f"no closed form for the real solutions of {plain(equation)} = 0") \
            from None
    found = []
    for offset, period in _merge(families):
        if period is None:
            found.append(Branch({**branch.values, var: offset}, branch.parameters))
        else:
            k = fresh_parameter(used | {str(p) for p in branch.parameters})
            found.append(Branch({**branch.values, var: offset + period * k},
                                branch.parameters + (k,)))
    return found

