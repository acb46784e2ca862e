"""The Taylor polynomial of several variables up to order 2: f(a), ∇f(a), H(a), then
T₂(x) = f(a) + ∇f(a)ᵀ(x − a) + ½ (x − a)ᵀ H(a) (x − a)."""

from __future__ import annotations

from dataclasses import replace

import sympy

from solver.answers import Undefined, Value
from solver.kinds.given import ANSWER, Given, expression, expressions, number, numbers
from solver.kinds.gradient.solve import gradient_of
from solver.kinds.taylor.read import TaylorInputs
from solver.kinds.taylor.rules import Rules
from solver.kinds.taylor.steps import TaylorPointValue, TaylorQuadraticForm
from solver.kinds.taylor.terms import polynomial, term, value_at
from solver.render.printing import plain
from solver.steps import Solved
from solver.steps.calculus import evaluate_at, hessian_matrix


def solve_several(inputs: TaylorInputs, given: Given, rules: Rules) -> Solved:
    xs, a, size = inputs.wrt, inputs.at, len(inputs.wrt)
    symbolic = bool(inputs.constants) or not rules.at_point

    def read_number(value):
        return expression(value) if symbolic else number(value)

    def read_matrix(shape):
        return lambda value: expressions(value, shape) if symbolic else numbers(value, shape)

    steps: list = []
    named: list = []
    f_a = value_at(inputs.f, xs, a) if rules.at_point else inputs.f
    if f_a is None:
        return Solved((), Undefined(_undefined_reason("f", xs, a)))
    f_a = given.take("value", f_a, read=read_number)
    steps.append(TaylorPointValue(function=inputs.f, variables=xs, point=a, result=f_a))
    named.append(("value", Value(f_a)))
    gradient = hessian = None
    if inputs.order >= 1:
        worked = gradient_of(inputs.f, xs)
        steps.append(worked)
        gradient = _at_point(worked.result, xs, a, "gradient", rules, steps)
        if gradient is None:
            return Solved(tuple(steps), Undefined(_undefined_reason("∇f", xs, a)), tuple(named))
        gradient = given.take("gradient", gradient, read=read_matrix((size, 1)))
        named.append(("gradient", Value(gradient)))
    if inputs.order >= 2:
        worked_h = hessian_matrix(inputs.f, worked)
        steps.append(worked_h)
        hessian = _at_point(worked_h.result, xs, a, "hessian", rules, steps)
        if hessian is None:
            return Solved(tuple(steps), Undefined(_undefined_reason("H", xs, a)), tuple(named))
        hessian = given.take("hessian", hessian, read=read_matrix((size, size)))
        named.append(("hessian", Value(hessian)))
    shifts = [x + rules.shift_sign * point for x, point in zip(xs, a, strict=True)]
    terms = [term(0, f_a, 1, sympy.S.One)]
    if gradient is not None:
        terms += [term(1, gradient[i], rules.divide_by(1), shifts[i]) for i in range(size)]
    if hessian is not None:
        for i in range(size):
            terms.append(term(2, hessian[i, i], rules.divide_by(2), shifts[i] ** 2))
            terms += [term(2, hessian[i, j], rules.divide_by(2), shifts[i] * shifts[j],
                           multiplicity=rules.cross_terms) for j in range(i + 1, size)]
    result = given.take(ANSWER, polynomial(terms), after=tuple(name for name, _ in named))
    steps.append(TaylorQuadraticForm(
        variables=xs, point=a, order=inputs.order, value=f_a, gradient=gradient,
        hessian=hessian, displacement=sympy.ImmutableMatrix(shifts), terms=tuple(terms),
        result=result))
    return Solved(tuple(steps), Value(result), tuple(named))


def _at_point(symbolic, xs, a, name: str, rules: Rules, steps: list):
    """The matrix at the point (its step appended), the symbolic one when the rule leaves
    it there, or None when an entry has no finite value at the point."""
    if not rules.at_point:
        return symbolic
    entries = [value_at(entry, xs, a) for entry in symbolic]
    if any(entry is None for entry in entries):
        return None
    value = sympy.ImmutableMatrix(symbolic.rows, symbolic.cols, entries)
    steps.append(replace(evaluate_at(symbolic, xs, a, name), result=value))
    return value


def _undefined_reason(what: str, xs, a) -> str:
    point = ", ".join(plain(c) for c in a)
    names = ", ".join(plain(x) for x in xs)
    return (f"{what} has no finite value at ({names}) = ({point}), so f has no Taylor "
            f"polynomial of this order about that point")
