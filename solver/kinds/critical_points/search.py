"""Every real solution of ∇f = 0, one equation at a time: factors that are never zero are
dropped, an equation in a single unknown is solved on its own (``one_equation``), a product
splits into one branch per factor, an equation linear in an unknown eliminates it, and what
is left must be a polynomial system (``polynomial``)."""

from __future__ import annotations

from dataclasses import dataclass

import sympy

from solver.kinds.critical_points.branch import (
    Branch,
    Search,
    Unsolved,
    fresh_parameter,
)
from solver.kinds.critical_points.one_equation import solve_single
from solver.kinds.critical_points.polynomial import polynomial_branches
from solver.polynomial_system import RealSolutions
from solver.render.printing import plain
from solver.second_derivative import is_zero


def _linear_elimination(equations, unknowns):
    """(equation, unknown) with the equation linear in the unknown, its coefficient a
    nonzero number: the unknown is then a function of the others."""
    for equation in equations:
        for var in unknowns:
            if not equation.has(var):
                continue
            coefficient = sympy.diff(equation, var)
            if coefficient.is_number and coefficient != 0 and not \
                    sympy.diff(coefficient, var).has(var):
                return equation, var
    return None


def _factors(equation, unknowns) -> list[sympy.Expr]:
    """The factors of a product that involve the unknowns and can be zero:
    ab = 0 ⇔ a = 0 or b = 0, and a factor such as e^{x1 x2} is never zero."""
    if not equation.is_Mul and sympy.count_ops(equation) < 80:
        equation = sympy.factor(equation)
    if not equation.is_Mul:
        return [equation]
    found = []
    for factor in equation.args:
        base = factor.base if factor.is_Pow and factor.exp.is_positive else factor
        if base.is_zero is False:  # e.g. e^{x1 x2} is never zero
            continue
        if base.free_symbols & set(unknowns) and base not in found:
            found.append(base)
    return found


def _branches(equations, unknowns, branch: Branch, search: Search, depth: int = 0):
    if depth > 20:
        raise Unsolved("the elimination does not terminate")
    pending = []
    for equation in equations:
        equation = sympy.sympify(equation).subs(branch.values)
        if equation.free_symbols & set(unknowns):
            equation = sympy.Mul(*_factors(equation, unknowns))
        if equation.free_symbols & set(unknowns):
            pending.append(equation)
            continue
        zero = is_zero(equation)
        if zero is False:
            return []
        if zero is None:
            raise Unsolved(f"cannot decide whether {plain(equation)} = 0")
    if not pending:
        return [branch]
    open_unknowns = [v for v in unknowns if v not in branch.values]
    single = [(e, v) for e in pending for v in open_unknowns
              if e.free_symbols & set(open_unknowns) == {v}]
    if single:
        equation, var = min(single, key=lambda item: (len(item[0].free_symbols),
                                                      open_unknowns.index(item[1])))
        rest = [e for e in pending if e is not equation]
        results = []
        for found in solve_single(equation, var, branch, search.used):
            results += _branches(rest, unknowns, found, search, depth + 1)
        return results
    for index, equation in enumerate(pending):
        factors = _factors(equation, open_unknowns)
        if len(factors) > 1:
            rest = pending[:index] + pending[index + 1:]
            results = []
            for factor in factors:
                results += _branches([factor, *rest], unknowns, branch, search, depth + 1)
            return results
    linear = _linear_elimination(pending, open_unknowns)
    if linear is not None:
        equation, var = linear
        value = sympy.expand(-equation.subs(var, 0) / sympy.diff(equation, var))
        rest = [e for e in pending if e is not equation]
        return _branches(rest, unknowns, Branch({**branch.values, var: value},
                                                   branch.parameters), search, depth + 1)
    if all(e.is_polynomial(*open_unknowns) for e in pending):
        return polynomial_branches(
            pending, open_unknowns, branch, search,
            lambda found: _branches(pending, unknowns, found, search, depth + 1))
    raise Unsolved("the equations are coupled and not polynomial")


def _resolve(values: dict, unknowns) -> dict:
    """Substitute the values into one another until none refers to a solved unknown."""
    resolved = dict(values)
    for _ in range(len(unknowns) + 1):
        resolved = {v: sympy.expand(e.subs(resolved)) for v, e in resolved.items()}
        if not any(e.free_symbols & resolved.keys() for e in resolved.values()):
            return resolved
    raise Unsolved("the eliminated values refer to each other")


@dataclass(frozen=True)
class GradientSolutions:
    """The solutions of ∇f = 0: (coordinates, parameters, approximate) per point or
    family, the eliminations solved numerically, and why the list may be incomplete."""

    points: tuple[tuple[tuple, tuple, bool], ...]
    eliminations: tuple[RealSolutions, ...]
    gaps: tuple[str, ...]


def solve_gradient(equations, unknowns) -> GradientSolutions:
    """Every real solution of ∇f = 0; parameters are integers k or free unknowns."""
    search = Search({str(v) for v in unknowns}, [], [])
    points = []
    for branch in _branches(equations, unknowns, Branch({}, ()), search):
        values = _resolve(branch.values, unknowns)
        coordinates = tuple(values.get(v, v) for v in unknowns)
        free = tuple(v for v in unknowns if v not in values)
        coordinates, integers = _rename(coordinates, branch.parameters, search.used)
        points.append((coordinates, integers + free, branch.approximate))
    unique = list(dict.fromkeys(points))
    return GradientSolutions(tuple(sorted(unique, key=lambda p: point_key(p[:2]))),
                             tuple(search.eliminations), tuple(dict.fromkeys(search.gaps)))


def _rename(coordinates, parameters, used: set[str]):
    """Name the integer parameters k, m, … in the order of the coordinates they appear in."""
    ordered = sorted(parameters, key=lambda p: next(
        (i for i, c in enumerate(coordinates) if sympy.sympify(c).has(p)), len(coordinates)))
    fresh, taken = [], set(used)
    for _ in ordered:
        fresh.append(fresh_parameter(taken))
        taken.add(str(fresh[-1]))
    renaming = dict(zip(ordered, fresh, strict=True))
    return tuple(sympy.sympify(c).xreplace(renaming) for c in coordinates), tuple(fresh)


def point_key(point):
    """The order of points: fewer parameters first, then by the coordinates at 0."""
    coordinates, parameters = point
    at_zero = {p: 0 for p in parameters}
    numbers = []
    for c in coordinates:
        value = sympy.sympify(c).subs(at_zero)
        numbers.append(float(value.evalf()) if value.is_number and value.is_real else 0.0)
    return (len(parameters), numbers, [sympy.default_sort_key(c) for c in coordinates])

