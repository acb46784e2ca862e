"""The critical points of f: ∇f and the equations ∇f = 0, their solutions (``search``),
the eliminations solved numerically, and each point classified by the second-derivative
test on the Hessian."""

from __future__ import annotations

import sympy

from solver.answers import Point, PointSet, Value
from solver.answers import approximately_shown as shown
from solver.kinds.critical_points.branch import Unsolved
from solver.kinds.critical_points.read import CriticalInputs
from solver.kinds.critical_points.search import point_key, solve_gradient
from solver.polynomial_system import RealSolutions
from solver.render.printing import plain
from solver.second_derivative import classify_approximate, classify_family
from solver.steps import Solved
from solver.steps.calculus import (
    CriticalElimination,
    CriticalSolutions,
    GradientEquations,
    gradient_vector,
    hessian_matrix,
)

NOT_SOLVED = "could not solve ∇f = 0 exactly"
ELIMINANT_TERMS_PER_LINE = 4


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


def _no_points_reason(gradient: sympy.ImmutableMatrix) -> str:
    """Why ∇f = 0 has no real solution: a constant gradient, or none found."""
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
    points.sort(key=lambda item: point_key(item[:2]))
    answer = PointSet(names, tuple(Point(family, label, _parameter(used), approximate)
                                   for family, used, label, approximate in points),
                      complete=not gaps, gradient=() if not gaps else equations)
    return Solved(tuple(steps), answer, intermediates + (("hessian", Value(hessian.result)),))


def _parameter(used: tuple[sympy.Symbol, ...]):
    """None, the one parameter, or a Tuple of several."""
    if not used:
        return None
    return used[0] if len(used) == 1 else sympy.Tuple(*used)

