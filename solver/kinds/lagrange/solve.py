"""The Lagrange solution: L, the stationarity system split into cases, every solution,
f at each candidate, whether the extremes exist, and the extremes with their points."""

from __future__ import annotations

from dataclasses import replace

import sympy

from solver.answers import Named, NoSolution, Undefined, Unsolved, Value, approximately_shown
from solver.exact import sign_of, tidy_exact
from solver.kinds.critical_points.branch import Unsolved as NotSolved
from solver.kinds.critical_points.search import solve_gradient
from solver.kinds.given import NOTHING, Given, NotCarried, number, numbers
from solver.kinds.lagrange.existence import ATTAINED, INFEASIBLE, UNBOUNDED, existence
from solver.kinds.lagrange.read import LagrangeInputs
from solver.kinds.lagrange.rules import TEXTBOOK, Rules
from solver.kinds.lagrange.steps import (
    LagrangeCandidates,
    LagrangeExtremum,
    LagrangeSingularPoints,
)
from solver.kinds.lagrange.system import case_split, conditions, lagrangian, solve_case
from solver.steps import Solved

GOALS = {"both": ("max", "min"), "max": ("max",), "min": ("min",)}
_WORDS = {"max": "maximum", "min": "minimum"}


def solve(inputs: LagrangeInputs, given: Given = NOTHING, rules: Rules = TEXTBOOK) -> Solved:
    """``given`` may supply the candidates (f, the extremes and their points follow from
    them) or the points of an extremum (its value follows)."""
    function = lagrangian(inputs, rules)
    given.take("lagrangian", function.result)
    system = conditions(inputs, function)
    split = case_split(inputs, system, function.multipliers)
    steps: list = [function, system] + ([split] if len(split.cases) > 1 else [])
    cases = [solve_case(number, condition, inputs, system, function.multipliers)
             for number, condition in enumerate(split.cases, 1) if number != rules.dropped]
    steps += cases
    failed = [case for case in cases if not case.solved and not case.solutions]
    if failed:
        return Solved(tuple(steps), Unsolved(f"could not solve the Lagrange system exactly "
                                             f"({failed[0].reason})"))
    rows = _rows(cases)
    singular = _singular_points(inputs)
    if singular is not None:
        steps.append(singular)
        known = {row[0] for row in rows}
        rows += [(p, (), "both", False) for p in singular.points if p not in known]
    found = existence(inputs) if rules.existence else None
    if found is not None:
        if dict(found.verdicts)["max"] == INFEASIBLE:
            steps.append(found)
            return Solved(tuple(steps), NoSolution(dict(found.reasons)["max"]))
    if not rows and (found is None or found.argument in ("compact", "point")):
        return Solved(tuple(steps), NoSolution("no real point satisfies the Lagrange "
                                               "conditions and the constraints"))
    named = [("lagrangian", Value(function.result))]
    named += _multiplier_values(function.multipliers, rows, given)
    return _extremes(inputs, given, steps, rows, found, named)


def _rows(cases) -> list[tuple]:
    """(point, multipliers, role, approximate) of every feasible solution, once each."""
    rows: dict = {}
    for case in cases:
        for s in case.solutions:
            if s.role == "neither":
                continue
            if s.point in rows:
                role = rows[s.point][2]
                merged = role if role == s.role else "both"
                rows[s.point] = (s.point, rows[s.point][1], merged, s.approximate)
            else:
                rows[s.point] = (s.point, s.multipliers, s.role, s.approximate)
    return list(rows.values())


def _singular_points(inputs: LagrangeInputs) -> LagrangeSingularPoints | None:
    """For one equality and no inequality: the points of g = c with ∇g = 0."""
    if len(inputs.constraints) != 1 or not inputs.constraints[0].equality:
        return None
    (constraint,) = inputs.constraints
    gradient = sympy.ImmutableMatrix([sympy.diff(constraint.g, x) for x in inputs.wrt])
    try:
        found = solve_gradient([*gradient, constraint.g - constraint.c], inputs.wrt)
    except (NotSolved, NotImplementedError):
        return LagrangeSingularPoints(constraint=constraint, gradient=gradient,
                                      variables=inputs.wrt, points=(), solved=False)
    points = tuple(p for p, parameters, _ in found.points if not parameters)
    return LagrangeSingularPoints(constraint=constraint, gradient=gradient,
                                  variables=inputs.wrt, points=points)


def _multiplier_values(names, rows, given: Given) -> list:
    """Each multiplier's value (a set of values over several candidates)."""
    named = []
    for index, name in enumerate(names):
        values = [row[1][index] for row in rows if row[1]]
        if not values:
            continue
        value = Value(values[0]) if len(set(values)) == 1 else \
            Value(sympy.FiniteSet(*values), "set")
        given.take(str(name), value.value)
        named.append((str(name), value))
    return named


def _as_point(coordinates):
    return coordinates[0] if len(coordinates) == 1 else sympy.Tuple(*coordinates)


def _value_at(f, wrt, point, approximate: bool):
    value = f.subs(dict(zip(wrt, point, strict=True)))
    return sympy.N(value, 40) if approximate or value.has(sympy.Float) else tidy_exact(value)


def _extremes(inputs: LagrangeInputs, given: Given, steps: list, rows, found, named) -> Solved:
    wrt, n = inputs.wrt, len(inputs.wrt)
    computed = sympy.FiniteSet(*(_as_point(row[0]) for row in rows))
    chosen = given.take("candidates", computed, read=lambda v: _point_set(v, n))
    student = chosen is not computed
    if student:
        rows = [(tuple(p) if n > 1 else (p,), (), "both", False) for p in chosen]
    table = [(point, multipliers, _value_at(inputs.f, wrt, point, approximate), role,
              approximate) for point, multipliers, role, approximate in rows]
    shown_rows = tuple((_shown(point, approximate), multipliers, _shown((value,), approximate)[0],
                        role, approximate)
                       for point, multipliers, value, role, approximate in table)
    steps.append(LagrangeCandidates(f=inputs.f, variables=wrt,
                                    multipliers=() if student else steps[0].multipliers,
                                    rows=shown_rows, from_student=student))
    values = sympy.FiniteSet(*(row[2] for row in table))
    given.take("f_values", values, after=("candidates",))
    named += [("candidates", Value(computed, "set")), ("f_values", Value(values, "set"))]
    if found is not None:
        asked = GOALS[inputs.goal]
        steps.append(replace(found, verdicts=tuple(v for v in found.verdicts if v[0] in asked),
                             reasons=tuple(r for r in found.reasons if r[0] in asked)))
    verdicts = dict(found.verdicts) if found is not None else {}
    reasons = dict(found.reasons) if found is not None else {}
    items = []
    for goal in GOALS[inputs.goal]:
        verdict = verdicts.get(goal, ATTAINED)
        eligible = [row for row in table if row[3] in ("both", goal)]
        if verdict == UNBOUNDED or not eligible:
            reason = reasons[goal] if verdict == UNBOUNDED else \
                f"no candidate satisfies the conditions for a {_WORDS[goal]}"
            steps.append(LagrangeExtremum(goal=goal, verdict=UNBOUNDED, value=None, points=(),
                                          reason=reason))
            items.append((goal, Undefined(reason)))
            continue
        pick = max if goal == "max" else min
        best = pick(eligible, key=lambda row: sympy.N(row[2], 40))[2]
        at = sympy.FiniteSet(*(_as_point(row[0]) for row in eligible
                               if abs(sympy.N(row[2] - best, 40)) < 1e-30))
        arguments = given.take(f"arg{goal}", at, after=("candidates",),
                               read=lambda v: _point_set(v, n))
        value = given.take(goal, pick((_value_at(inputs.f, wrt, tuple(p) if n > 1 else (p,),
                                                 False) for p in arguments),
                                      key=lambda v: sympy.N(v, 40)),
                           after=(f"arg{goal}",), read=number)
        approximate = value.has(sympy.Float)
        points = tuple(_shown(tuple(p) if n > 1 else (p,), approximate) for p in arguments)
        steps.append(LagrangeExtremum(goal=goal, verdict=verdict,
                                      value=_shown((value,), approximate)[0], points=points,
                                      reason=reasons.get(goal, ""), approximate=approximate))
        items += [(goal, Value(value)), (f"arg{goal}", Value(arguments, "set"))]
    items += [item for item in named if item[0].startswith(("lambda", "mu"))]
    return Solved(tuple(steps), Named(tuple(items)), tuple(item for item in named
                                                          if item not in items))


def _shown(values, approximate: bool) -> tuple:
    """Values as printed: approximate ones to 6 significant figures."""
    return approximately_shown(values) if approximate else tuple(values)


def _point_set(value, n: int) -> sympy.FiniteSet:
    """A student's points: a set, one point as a vector, or a matrix with a point per row."""
    if isinstance(value, sympy.FiniteSet):
        points = list(value)
    elif n == 1:
        points = list(numbers(value))
    else:
        matrix = numbers(value)
        if n in (matrix.rows, matrix.cols) and 1 in matrix.shape:
            points = [sympy.Tuple(*matrix)]
        elif matrix.cols == n:
            points = [sympy.Tuple(*matrix.row(i)) for i in range(matrix.rows)]
        else:
            raise NotCarried
    for p in points:
        coordinates = tuple(p) if n > 1 else (p,)
        if len(coordinates) != n or not all(sign_of(c) is not None and c.is_number
                                            for c in coordinates):
            raise NotCarried
    return sympy.FiniteSet(*points)
