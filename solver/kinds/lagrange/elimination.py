"""Solving the stationarity system with the multipliers eliminated first, as a course does
("divide the equations to get rid of λ"): ∂L/∂xⱼ = aⱼ + Σᵢ λᵢ cᵢⱼ is linear in the
multipliers, so a solution needs the n × (k+1) matrix [a | c₁ … cₖ] to have rank ≤ k: every
(k+1)-minor vanishes (for one multiplier and two variables, aₓc_y − a_y cₓ = 0). Those
equations and the constraints are solved for the variables alone (the critical-points
search), then the multipliers from k independent rows. A multiplier a case fixes (λ = 1,
μ = 0) is substituted first; a case equation that mixes multipliers and variables is
solved with the multipliers as unknowns."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

import sympy

from solver.exact import tidy_exact
from solver.kinds.critical_points.branch import Unsolved
from solver.kinds.critical_points.search import solve_gradient


@dataclass(frozen=True)
class CaseSolutions:
    """(variables then multipliers, approximate) per solution; ``infinite`` when a case
    has a family of solutions; ``gaps`` why the list may be incomplete."""

    points: tuple[tuple[tuple, bool], ...]
    gaps: tuple[str, ...]
    infinite: bool = False
    eliminated: tuple[sympy.Symbol, ...] = ()  # the multipliers eliminated first
    minors: tuple[sympy.Expr, ...] = ()  # the equations without them
    expressed: tuple[tuple[sympy.Symbol, sympy.Expr], ...] = ()  # xⱼ = hⱼ(λ)


def multiplier_solutions(partials, others, wrt, names) -> CaseSolutions:
    """Every solution of the case: the multipliers eliminated first; when what is left is
    beyond the search, each variable solved from its own equation in terms of the one
    multiplier (x = e^(−1−λ)) and put into the constraints."""
    try:
        return _eliminated(partials, others, wrt, names)
    except Unsolved:
        found = _through_multiplier(partials, others, wrt, names)
        if found is None:
            raise
        return found


def _through_multiplier(partials, others, wrt, names) -> CaseSolutions | None:
    """xⱼ = hⱼ(λ) from ∂L/∂xⱼ = 0 when that is its only solution, then the constraints
    solved for λ; None when the case is not of that form."""
    free = [m for m in names if any(p.has(m) for p in partials)]
    if len(free) != 1 or any(set(names) & e.free_symbols for e in others):
        return None
    (m,) = free
    values = {}
    for x_j, partial in zip(wrt, partials, strict=True):
        if partial.free_symbols - {x_j, m}:
            return None
        found = sympy.solve(partial, x_j)
        if len(found) != 1:
            return None
        values[x_j] = found[0]
    equations = [sympy.simplify(e.subs(values)) for e in others]
    solved = solve_gradient(equations, (m,))
    if any(parameters for _, parameters, _ in solved.points):
        return CaseSolutions((), solved.gaps, infinite=True)
    points = []
    for (value,), _, approximate in solved.points:
        coordinates = tuple(tidy_exact(sympy.simplify(values[x_j].subs(m, value)))
                            for x_j in wrt)
        every = tuple(value if n == m else sympy.S.Zero for n in names)
        points.append((coordinates + every, approximate))
    return CaseSolutions(tuple(points), solved.gaps, expressed=tuple(values.items()))


def _eliminated(partials, others, wrt, names) -> CaseSolutions:
    fixed = {}
    mixed = []
    for equation in others:
        used = set(names) & equation.free_symbols
        if len(used) == 1 and not (equation.free_symbols - used) \
                and sympy.degree(equation, *used) == 1:
            (m,) = used
            fixed[m] = sympy.solve(equation, m)[0]
        elif used:
            mixed.append(equation)
    free = tuple(m for m in names if m not in fixed)
    stationarity = [sympy.expand(p.subs(fixed)) for p in partials]
    plain = [e for e in others if not set(names) & e.free_symbols]
    if mixed or not free or len(free) >= len(wrt):
        return _direct([*stationarity, *plain, *mixed], wrt, free, fixed, names)
    a = [p.subs({m: 0 for m in free}) for p in stationarity]
    columns = [[sympy.diff(p, m) for p in stationarity] for m in free]
    matrix = sympy.Matrix([[a[j], *(c[j] for c in columns)] for j in range(len(wrt))])
    k = len(free)
    minors = [sympy.expand(matrix.extract(list(rows), list(range(k + 1))).det())
              for rows in combinations(range(len(wrt)), k + 1)]
    minors = [sympy.factor(m) for m in minors if m != 0]
    found = solve_gradient(minors + plain, wrt)
    if any(parameters for _, parameters, _ in found.points):
        return CaseSolutions((), found.gaps, infinite=True)
    points = []
    for coordinates, _, approximate in found.points:
        values = _multipliers(matrix, coordinates, wrt, k, approximate)
        if values is None:  # ∇g's dependent here: λ undetermined (a singular point)
            continue
        at = dict(zip(free, values, strict=True))
        every = tuple(at.get(m, fixed.get(m)) for m in names)
        points.append((tuple(coordinates) + every, approximate))
    return CaseSolutions(tuple(points), found.gaps, eliminated=free, minors=tuple(minors))


def _direct(equations, wrt, free, fixed, names) -> CaseSolutions:
    """The system solved with the remaining multipliers as unknowns."""
    found = solve_gradient(equations, tuple(wrt) + tuple(free))
    if any(parameters for _, parameters, _ in found.points):
        return CaseSolutions((), found.gaps, infinite=True)
    n = len(wrt)
    points = []
    for coordinates, _, approximate in found.points:
        at = dict(zip(free, coordinates[n:], strict=True))
        every = tuple(at.get(m, fixed.get(m)) for m in names)
        points.append((tuple(coordinates[:n]) + every, approximate))
    return CaseSolutions(tuple(points), found.gaps)


def _multipliers(matrix, coordinates, wrt, k, approximate):
    """The multipliers at a point from k rows of [a | C] with the largest |det C|, checked
    on every row; None when C has rank < k there."""
    at = dict(zip(wrt, coordinates, strict=True))
    numeric = matrix.subs(at)
    if approximate:
        numeric = numeric.evalf(40)
    a, C = numeric[:, 0], numeric[:, 1:]
    best, rows = 0, None
    for chosen in combinations(range(C.rows), k):
        size = abs(sympy.N(C.extract(list(chosen), list(range(k))).det(), 30))
        if size > best:
            best, rows = size, chosen
    if rows is None or best < 1e-25:
        return None
    values = C.extract(list(rows), list(range(k))).LUsolve(-a.extract(list(rows), [0]))
    values = [v if approximate else tidy_exact(sympy.nsimplify(v) if v.has(sympy.Float)
                                               else v) for v in values]
    residual = a + C * sympy.Matrix(values)
    if any(abs(sympy.N(r, 30)) > 1e-20 for r in residual):
        return None
    return tuple(values)
