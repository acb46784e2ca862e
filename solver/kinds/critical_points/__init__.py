"""Critical points: every real solution of ∇f = 0, periodic families included, each
classified by the second-derivative test.

The system is solved one equation at a time: factors that are never zero are dropped,
an equation in a single unknown goes to ``solveset`` over the reals (exact real roots for
a rational polynomial; ImageSets become families a + kp with an integer k, equally
spaced families are merged), a product splits into one branch per factor, an equation
linear in an unknown eliminates it, and what is left must be a polynomial system. One
with rational coefficients is reduced to one polynomial equation in one variable
(``solver.polynomial_system``), whose exactly counted real roots give every real
solution, in closed form when short and approximately otherwise; any other goes to
``solve``, and its list is said to be possibly incomplete (``PointSet.complete``).
Anything else is reported as not solved exactly, never as a silently partial list. Each
point is then classified (``solver.second_derivative``).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

import sympy
from sympy.polys.polyconfig import using

from solver.answers import Point, PointSet, Value
from solver.answers import approximately_shown as shown
from solver.check.limits import OK, TIMEOUT, run_with_time_limit
from solver.exact import is_zero
from solver.kinds.base import Field, Kind, Without
from solver.polynomial_system import MAX_EXACT_OPS, RealSolutions, TooLarge, real_solutions
from solver.render.printing import plain
from solver.second_derivative import classify_approximate, classify_family
from solver.spec.reader import PartReader, variables
from solver.steps import Solved
from solver.steps.calculus import (
    CriticalElimination,
    CriticalSolutions,
    GradientEquations,
    gradient_vector,
    hessian_matrix,
)

PARAMETER_NAMES = ("k", "m", "n", "j", "l")
NOT_SOLVED = "could not solve ∇f = 0 exactly"
POLYNOMIAL_SECONDS = 30.0  # limit on solving one coupled polynomial system
ELIMINANT_TERMS_PER_LINE = 4


@dataclass(frozen=True)
class CriticalInputs:
    f: sympy.Expr
    wrt: tuple[sympy.Symbol, ...]


def read(r: PartReader) -> CriticalInputs:
    wrt = r.names("wrt")
    symbols = variables(wrt)
    return CriticalInputs(r.expression("f", symbols), tuple(symbols[name] for name in wrt))


class Unsolved(Exception):
    """The system (or one equation of it) is beyond the exact methods used here."""

    def __init__(self, detail: str):
        super().__init__(detail)
        self.detail = detail


@dataclass(frozen=True)
class Branch:
    """A partial solution: values found so far (possibly in terms of later unknowns) and
    the integer parameters its families introduced."""

    values: dict
    parameters: tuple[sympy.Symbol, ...]
    approximate: bool = False


@dataclass
class Search:
    """What the search learns besides the branches: the eliminations it did numerically
    and why the list may be incomplete."""

    used: set[str]
    eliminations: list[RealSolutions]
    gaps: list[str]


# -- solving ∇f = 0 -----------------------------------------------------------------------


def _fresh_parameter(used: set[str]) -> sympy.Symbol:
    for name in PARAMETER_NAMES + tuple(f"k{i}" for i in range(1, 50)):
        if name not in used:
            return sympy.Symbol(name, integer=True)
    raise Unsolved("too many integer parameters")


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


def _solve_single(equation, var, branch: Branch, used: set[str]) -> list[Branch]:
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
            k = _fresh_parameter(used | {str(p) for p in branch.parameters})
            found.append(Branch({**branch.values, var: offset + period * k},
                                branch.parameters + (k,)))
    return found


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


def _real(value) -> bool:
    if value.is_real is not None:
        return bool(value.is_real)
    imaginary = sympy.im(value).evalf(50)
    if imaginary.is_number and abs(imaginary) < sympy.Float("1e-40"):
        return True
    raise Unsolved(f"cannot tell whether {value} is real")


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
        for found in _solve_single(equation, var, branch, search.used):
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
        return _polynomial_branches(pending, unknowns, open_unknowns, branch, search, depth)
    raise Unsolved("the equations are coupled and not polynomial")


def _polynomial_branches(pending, unknowns, open_unknowns, branch: Branch, search: Search,
                         depth: int) -> list[Branch]:
    """A coupled polynomial system: the exact solutions ``solve`` finds, and every other
    real solution found through the eliminant, as an approximate point."""
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
        if all(_real(value) for value in solution.values()):
            values = {**branch.values, **solution}
            results += _branches(pending, unknowns, Branch(values, branch.parameters),
                                 search, depth + 1)
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
        if not all(c.is_number and _real(c) for c in point):
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
    return GradientSolutions(tuple(sorted(unique, key=lambda p: _point_key(p[:2]))),
                             tuple(search.eliminations), tuple(dict.fromkeys(search.gaps)))


def _rename(coordinates, parameters, used: set[str]):
    """Name the integer parameters k, m, … in the order of the coordinates they appear in."""
    ordered = sorted(parameters, key=lambda p: next(
        (i for i, c in enumerate(coordinates) if sympy.sympify(c).has(p)), len(coordinates)))
    fresh, taken = [], set(used)
    for _ in ordered:
        fresh.append(_fresh_parameter(taken))
        taken.add(str(fresh[-1]))
    renaming = dict(zip(ordered, fresh, strict=True))
    return tuple(sympy.sympify(c).xreplace(renaming) for c in coordinates), tuple(fresh)


def _point_key(point):
    coordinates, parameters = point
    at_zero = {p: 0 for p in parameters}
    numbers = []
    for c in coordinates:
        value = sympy.sympify(c).subs(at_zero)
        numbers.append(float(value.evalf()) if value.is_number and value.is_real else 0.0)
    return (len(parameters), numbers, [sympy.default_sort_key(c) for c in coordinates])


# -- showing an elimination ---------------------------------------------------------------


def elimination_step(solutions: RealSolutions) -> CriticalElimination:
    """The step that shows g(y) = 0, its real roots and the points found from them."""
    variable = solutions.variable
    poly = sympy.Poly(solutions.eliminant, variable)
    terms = [coefficient * variable**power for (power,), coefficient in poly.terms()]
    lines = tuple(tuple(terms[i:i + ELIMINANT_TERMS_PER_LINE])
                  for i in range(0, len(terms), ELIMINANT_TERMS_PER_LINE))
    return CriticalElimination(equations=solutions.system, variables=solutions.unknowns,
                               variable=variable,
                               eliminant=solutions.eliminant, lines=lines,
                               roots=shown(solutions.roots),
                               points=tuple(shown(p) for p in solutions.points),
                               certified=solutions.certified,
                               separating=solutions.separating)


# -- the kind -----------------------------------------------------------------------------


def _no_points_reason(gradient: sympy.ImmutableMatrix) -> str:
    if not gradient.free_symbols:
        entries = ", ".join(plain(entry).replace("-", "−") for entry in gradient)
        return f"the gradient ({entries}) is never zero"
    return "no real point makes every partial derivative zero"


def solve(inputs: CriticalInputs) -> Solved:
    wrt = inputs.wrt
    gradient = gradient_vector(inputs.f, wrt)
    equations = tuple(gradient.result)
    hessian = hessian_matrix(inputs.f, gradient)
    steps: list = [gradient, GradientEquations(equations=equations, variables=wrt)]
    names = tuple(str(v) for v in wrt)
    intermediates = (("gradient", Value(gradient.result)),)
    try:
        if inputs.f.has(sympy.Abs):
            raise Unsolved("f contains abs, which has no derivative where its argument is 0, "
                           "so ∇f = 0 does not find every critical point")
        found = solve_gradient(equations, wrt)
    except (Unsolved, NotImplementedError) as error:
        detail = getattr(error, "detail", str(error))
        reason = f"{NOT_SOLVED} ({detail})" if detail else NOT_SOLVED
        steps.append(CriticalSolutions(equations=equations, variables=wrt, points=(),
                                       parameters=(), solved=False, reason=reason))
        return Solved(tuple(steps), PointSet(names, (), reason, complete=False),
                      intermediates)
    solutions, gaps = found.points, found.gaps
    steps += [elimination_step(e) for e in found.eliminations]
    if not solutions:
        reason = f"{NOT_SOLVED} ({'; '.join(gaps)})" if gaps else \
            _no_points_reason(gradient.result)
        steps.append(CriticalSolutions(equations=equations, variables=wrt, points=(),
                                       parameters=(), solved=not gaps, reason=reason))
        return Solved(tuple(steps), PointSet(names, (), reason, complete=not gaps),
                      intermediates)
    steps.append(CriticalSolutions(
        equations=equations, variables=wrt,
        points=tuple(shown(c) if approximate else c for c, _, approximate in solutions),
        parameters=tuple(p for _, p, _ in solutions), solved=True,
        approximate=tuple(approximate for _, _, approximate in solutions), gaps=gaps))
    steps.append(hessian)

    def hessian_of(coordinates):
        values = dict(zip(wrt, coordinates, strict=True))
        return sympy.ImmutableMatrix(hessian.result.subs(values))

    points = []
    for coordinates, parameters, approximate in solutions:
        if approximate:
            step = classify_approximate(coordinates, hessian_of(coordinates))
            steps.append(step)
            points.append((coordinates, (), step.classification, True))
            continue
        more, classified = classify_family(coordinates, parameters, hessian_of)
        steps += more
        for family, label in classified:
            used = tuple(p for p in parameters if any(sympy.sympify(c).has(p) for c in family))
            points.append((family, used, label, False))
    points.sort(key=lambda item: _point_key(item[:2]))
    answer = PointSet(names, tuple(Point(family, label, _parameter(used), approximate)
                                   for family, used, label, approximate in points),
                      complete=not gaps, gradient=() if not gaps else equations)
    return Solved(tuple(steps), answer, intermediates + (("hessian", Value(hessian.result)),))


def _parameter(used: tuple[sympy.Symbol, ...]):
    """None, the one parameter, or a Tuple of several."""
    if not used:
        return None
    return used[0] if len(used) == 1 else sympy.Tuple(*used)


KIND = Kind(
    name="critical_points",
    summary="Every critical point of f (∇f = 0, periodic families with an integer k), each "
            "classified as minimum, maximum, saddle or degenerate by the Hessian.",
    fields=(
        Field("f", "the function, e.g. sin(x1) + 2 x2^2"),
        Field("wrt", "the variables in order, e.g. [x1, x2]"),
    ),
    hint="a set of points {(a, b), (c, d)}, families with k: (pi/2 + k pi, 0), "
         "or 'no critical points'",
    mistakes=Without("TODO"),
    carries=Without("TODO"),
    doc=__doc__,
    read=read,
    solve=solve,
    example="{id: a, kind: critical_points, f: sin(x1) + 2 x2^2, wrt: [x1, x2]}",
)
