"""A coupled polynomial system: reduced to one polynomial equation in one variable
(``solver.polynomial_system``), whose exactly counted real roots give every real solution,
in closed form when short and approximately otherwise; else ``solve``'s exact solutions,
said to be possibly incomplete. Solved in a child process with a time limit."""

from __future__ import annotations

from collections.abc import Callable

import sympy
from sympy.polys.polyconfig import using

from solver.kinds.critical_points.branch import Branch, Search, Unsolved, is_real
from solver.polynomial_system import MAX_EXACT_OPS, RealSolutions, TooLarge, real_solutions
from solver.time_limits import OK, TIMEOUT, run_with_time_limit

POLYNOMIAL_SECONDS = 30.0  # limit on solving one coupled polynomial system


def polynomial_branches(pending, open_unknowns, branch: Branch, search: Search,
                        resume: Callable[[Branch], list[Branch]]) -> list[Branch]:
    """A coupled polynomial system: the exact solutions ``solve`` finds, and every other
    real solution found through the eliminant, as an approximate point. ``resume``
    continues the search from a branch with an exact solution put in."""
    involved = tuple(v for v in open_unknowns if any(e.has(v) for e in pending))
    status, found = run_with_time_limit(_solve_polynomials, (tuple(pending), tuple(open_unknowns),
                                                              involved), POLYNOMIAL_SECONDS)
    if status == TIMEOUT:
        raise Unsolved(f"the polynomial system was not solved within {POLYNOMIAL_SECONDS:g} s")
    if status != OK:
        raise Unsolved(str(found))
    if isinstance(found, str):
        raise Unsolved(found)
    solutions, numeric = found
    if isinstance(numeric, RealSolutions):
        return _eliminated_branches(pending, solutions, numeric, involved, branch, search)
    search.gaps.append(numeric)
    results = []
    for solution in solutions:
        if all(is_real(value) for value in solution.values()):
            values = {**branch.values, **solution}
            results += resume(Branch(values, branch.parameters))
    return results


def _eliminated_branches(pending, solutions, numeric: RealSolutions, involved,
                         branch: Branch, search: Search) -> list[Branch]:
    """The real solutions are numeric.points (all of them when certified, each with its
    closed form when short); uncertified, an exact solution of ``solve`` is kept when it
    is one of them, or else evaluates to a real solution, and is short (written without
    i, at most MAX_EXACT_OPS operations); the others are approximate."""
    if numeric.certified:
        exact_points = [point for point in numeric.exact if point is not None]
        results = [Branch({**branch.values, **dict(zip(involved, point, strict=True))},
                          branch.parameters) for point in exact_points]
        return results + _approximate_branches(numeric, exact_points, involved, branch,
                                               search)
    search.gaps.append("the real solutions of the reduced polynomial system were found "
                       "numerically and their number could not be certified")
    results, exact_points = [], []
    for solution in solutions:
        solution = {v: sympy.expand(value) for v, value in solution.items()}
        point = tuple(sympy.sympify(solution.get(v, v)) for v in involved)
        if any(c.has(sympy.I) or sympy.count_ops(c) > MAX_EXACT_OPS for c in point):
            continue  # casus irreducibilis or a page-long radical: shown approximately
        if any(_same_point(q, point) for q in numeric.points) or _real_solution(
                point, involved, pending):
            results.append(Branch({**branch.values, **solution}, branch.parameters))
            exact_points.append(point)
    return results + _approximate_branches(numeric, exact_points, involved, branch, search)


def _real_solution(point, involved, pending) -> bool:
    """Whether an exact point the numeric search missed is a real solution: real
    coordinates and every equation 0 at 50 digits."""
    try:
        if not all(c.is_number and is_real(c) for c in point):
            return False
    except Unsolved:
        return False
    at = dict(zip(involved, point, strict=True))
    return all(abs(sympy.N(sympy.sympify(e).xreplace(at), 50)) < 1e-30 for e in pending)


def _approximate_branches(numeric: RealSolutions, exact_points, involved, branch: Branch,
                          search: Search) -> list[Branch]:
    missing = [point for point in numeric.points
               if not any(_same_point(point, exact) for exact in exact_points)]
    if missing:
        search.eliminations.append(numeric)
    return [Branch({**branch.values, **dict(zip(involved, point, strict=True))},
                   branch.parameters, approximate=True) for point in missing]


def _solve_polynomials(pending, open_unknowns, involved):
    """(sympy.solve's exact solutions, the real solutions through the eliminant), or why
    neither is attempted (a system too large to eliminate); run in a child."""
    try:
        numeric = real_solutions(pending, involved)
    except TooLarge as reason:
        return str(reason)
    if isinstance(numeric, RealSolutions) and numeric.certified:
        return [], numeric  # every real solution, each with its closed form when short
    try:
        with using(groebner="f5b"):  # solve's own Gröbner bases, by F5B (this child only)
            solutions = sympy.solve(list(pending), list(open_unknowns), dict=True)
    except NotImplementedError as error:
        return str(error) or "sympy cannot solve this polynomial system"
    return solutions, numeric


def _same_point(approximate, exact) -> bool:
    """Whether an exact point (possibly with free unknowns) is the approximate one."""
    for a, e in zip(approximate, exact, strict=True):
        value = sympy.sympify(e)
        if not value.is_number:
            return False
        difference = sympy.N(value - a, 30)
        if not difference.is_number or abs(difference) > sympy.Float(1e-20) * max(1, abs(a)):
            return False
    return True

