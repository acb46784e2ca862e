"""The Lagrangian L = f − Σ λᵢ(gᵢ − cᵢ), its stationarity system, and the system split into
cases as a course does: a factored equation ab = 0 into a = 0 or b = 0, and each
inequality's complementary slackness μ(g − c) = 0 into μ = 0 or g = c. Each case is solved
by the critical-points search (``solver.kinds.critical_points.search``)."""

from __future__ import annotations

from itertools import product

import sympy

from solver.exact import sign_of
from solver.kinds.critical_points.branch import Unsolved
from solver.kinds.lagrange.elimination import multiplier_solutions
from solver.kinds.lagrange.read import LagrangeInputs
from solver.kinds.lagrange.rules import Rules
from solver.kinds.lagrange.steps import (
    CandidateCheck,
    LagrangeCase,
    LagrangeCaseSplit,
    LagrangeConditions,
    LagrangianFunction,
)
from solver.render.printing import plain


def multipliers(inputs: LagrangeInputs) -> tuple[sympy.Symbol, ...]:
    """λ (λ1, λ2, … for several equalities), then μ (μ1, …) for the inequalities."""
    def named(stem: str, count: int) -> list[sympy.Symbol]:
        names = [stem] if count == 1 else [f"{stem}{i}" for i in range(1, count + 1)]
        return [sympy.Symbol(name, real=True) for name in names]

    return tuple(named("lambda", len(inputs.equalities)) + named("mu", len(inputs.inequalities)))


def ordered_constraints(inputs: LagrangeInputs) -> tuple:
    """The equalities, then the inequalities: the order of the multipliers."""
    return inputs.equalities + inputs.inequalities


def lagrangian(inputs: LagrangeInputs, rules: Rules) -> LagrangianFunction:
    names = multipliers(inputs)
    constraints = ordered_constraints(inputs)
    result = inputs.f + rules.sign * sum((m * (c.g - c.c) for m, c in
                                          zip(names, constraints, strict=True)), sympy.S.Zero)
    return LagrangianFunction(f=inputs.f, constraints=constraints, multipliers=names,
                              sign=rules.sign, result=result)


def conditions(inputs: LagrangeInputs, function: LagrangianFunction) -> LagrangeConditions:
    partials = tuple(sympy.expand(sympy.diff(function.result, x)) for x in inputs.wrt)
    count = len(inputs.equalities)
    return LagrangeConditions(variables=inputs.wrt, partials=partials,
                              equalities=inputs.equalities,
                              inequalities=tuple(zip(function.multipliers[count:],
                                                     inputs.inequalities, strict=True)))


def _zero_factors(equation, unknowns) -> list[sympy.Expr]:
    """The factors of an equation's numerator that involve the unknowns and can be zero."""
    numerator = sympy.fraction(sympy.together(equation))[0]
    try:
        factors = [f for f, _ in sympy.factor_list(numerator)[1]]
    except sympy.PolynomialError:
        factors = [f.base if f.is_Pow and f.exp.is_positive else f
                   for f in sympy.Mul.make_args(sympy.factor(numerator))]
    found = [f for f in factors if f.free_symbols & set(unknowns) and f.is_zero is not False]
    return list(dict.fromkeys(found))


def _solved_form(factor, unknowns) -> tuple[sympy.Expr, sympy.Expr]:
    """factor = 0 as 'v = value' when it is linear in one unknown, else 'factor = 0'."""
    for v in unknowns:
        coefficient = sympy.diff(factor, v)
        if factor.free_symbols & set(unknowns) == {v} and coefficient.is_number \
                and coefficient != 0:
            return v, sympy.expand(-factor.subs(v, 0) / coefficient)
    for v in unknowns:  # linear in v with a numeric coefficient: v in terms of the others
        coefficient = sympy.diff(factor, v)
        if coefficient.is_number and coefficient != 0:
            return v, sympy.expand(-factor.subs(v, 0) / coefficient)
    return factor, sympy.S.Zero


def case_split(inputs: LagrangeInputs, system: LagrangeConditions,
               names: tuple[sympy.Symbol, ...]) -> LagrangeCaseSplit:
    """Slackness cases for inequalities; else the first stationarity equation that factors;
    else one case (the whole system)."""
    unknowns = inputs.wrt + names
    if system.inequalities:
        cases = []
        for active in product((False, True), repeat=len(system.inequalities)):
            cases.append(tuple((c.g, c.c) if on else (mu, sympy.S.Zero)
                               for on, (mu, c) in zip(active, system.inequalities, strict=True)))
        return LagrangeCaseSplit(equation=None, cases=tuple(cases), slackness=True)
    for equation in system.partials:
        factors = _zero_factors(equation, unknowns)
        if len(factors) > 1:
            return LagrangeCaseSplit(equation=sympy.factor(sympy.together(equation)),
                                     cases=tuple((_solved_form(f, unknowns),)
                                                 for f in factors),
                                     slackness=False)
    return LagrangeCaseSplit(equation=None, cases=((),), slackness=False)


def solve_case(number: int, condition, inputs: LagrangeInputs, system: LagrangeConditions,
               names: tuple[sympy.Symbol, ...]) -> LagrangeCase:
    """Every real solution of the stationarity system with the case's equations, each
    checked for feasibility and for the sign its multipliers allow."""
    orientation = tuple(1 if c.relation == "<=" else -1 for c in inputs.inequalities)
    others = [*(c.g - c.c for c in inputs.equalities), *(left - right for left, right in condition)]
    try:
        found = multiplier_solutions(system.partials, others, inputs.wrt, names)
    except (Unsolved, NotImplementedError) as error:
        reason = getattr(error, "detail", "") or str(error)
        return LagrangeCase(number=number, condition=condition, variables=inputs.wrt,
                            multipliers=names, solutions=(), solved=False,
                            reason=reason or "the system could not be solved exactly",
                            orientation=orientation)
    if found.infinite:
        return LagrangeCase(number=number, condition=condition, variables=inputs.wrt,
                            multipliers=names, solutions=(), solved=False,
                            reason="the case has infinitely many solutions",
                            orientation=orientation)
    solutions = tuple(_checked(point, approximate, inputs, names, orientation)
                      for point, approximate in found.points)
    reason = "; ".join(found.gaps)
    return LagrangeCase(number=number, condition=condition, variables=inputs.wrt,
                        multipliers=names, solutions=solutions, solved=not found.gaps,
                        reason=reason, orientation=orientation, eliminated=found.eliminated,
                        minors=found.minors, expressed=found.expressed)


def _checked(point, approximate: bool, inputs: LagrangeInputs, names, orientation):
    """Feasibility of the inequalities and the role the multipliers' signs allow: with
    L = f − μ(g − c), a maximum needs μ ≥ 0 on an active g ≤ c (μ ≤ 0 on g ≥ c), a minimum
    the opposite sign."""
    n = len(inputs.wrt)
    coordinates, values = tuple(point[:n]), tuple(point[n:])
    at = dict(zip(inputs.wrt, coordinates, strict=True))
    def sign(value) -> int:  # a numerically found value within 1e-25 of 0 is 0
        if approximate and abs(sympy.N(value, 40)) < 1e-25:
            return 0
        return sign_of(value)

    for constraint in inputs.inequalities:
        if sign(constraint.upper.subs(at)) > 0:
            return CandidateCheck(point=coordinates, multipliers=values, approximate=approximate,
                                  feasible=False, violated=constraint, role="neither")
    mus = values[len(inputs.equalities):]
    signs = {sign(mu) * o for mu, o in zip(mus, orientation, strict=True)}
    role = "both" if signs <= {0} else "max" if signs <= {0, 1} else \
        "min" if signs <= {0, -1} else "neither"
    return CandidateCheck(point=coordinates, multipliers=values, approximate=approximate,
                          role=role)


def describe(condition) -> str:
    """A case's equations in words, for a reason."""
    return ", ".join(f"{plain(left)} = {plain(right)}" for left, right in condition)
