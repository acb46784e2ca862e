"""The Taylor polynomial of several variables: f(a), ∇f(a), H(a) and, beyond order 2, the
partial derivatives of each higher order at a; then
Tₙ(x) = f(a) + ∇f(a)ᵀ(x − a) + ½ (x − a)ᵀH(a)(x − a) + Σₖ₌₃ⁿ Σ_|α|=k D^αf(a)/α! (x − a)^α.

A term of order k is written (1/k!) · (k!/α!) · D^αf(a) · (x − a)^α: the mixed partial
D^αf appears k!/α! times among the k! ordered derivatives of (1/k!) Σᵢ₁…ᵢₖ (2 for ∂²f/∂x∂y
in the quadratic form)."""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache
from itertools import combinations_with_replacement
from math import factorial, prod

import sympy

from solver.answers import Undefined, Value
from solver.exact import tidy
from solver.kinds.given import ANSWER, Given, expression, expressions, number, numbers
from solver.kinds.gradient.solve import gradient_of
from solver.kinds.taylor.read import TaylorInputs
from solver.kinds.taylor.rules import Rules
from solver.kinds.taylor.steps import (
    TaylorHigherPartials,
    TaylorMultivariate,
    TaylorPartialRow,
    TaylorPointValue,
)
from solver.kinds.taylor.terms import polynomial, settled, term, value_at
from solver.render.printing import plain
from solver.steps import Solved
from solver.steps.calculus import evaluate_at, hessian_matrix


def multi_indices(count: int, order: int) -> tuple[tuple[int, ...], ...]:
    """Every α with |α| = order, in the order of the index lists i₁ ≤ … ≤ iₖ
    ((2, 0), (1, 1), (0, 2) for two variables and order 2)."""
    return tuple(tuple(indices.count(i) for i in range(count))
                 for indices in combinations_with_replacement(range(count), order))


def partial_name(variables, alpha) -> str:
    """The named value of D^αf(a): f_xxy, or f_x1_x1_x2 for names longer than a letter."""
    letters = [variable.name for variable, power in zip(variables, alpha, strict=True)
               for _ in range(power)]
    joiner = "" if all(len(name) == 1 for name in letters) else "_"
    return "f_" + joiner.join(letters)


@lru_cache(maxsize=64)
def partial_of(f, variables, alpha) -> sympy.Expr:
    """D^αf, tidied."""
    return settled(tidy(sympy.diff(f, *[(x, power) for x, power
                                        in zip(variables, alpha, strict=True) if power])))


def solve_several(inputs: TaylorInputs, given: Given, rules: Rules) -> Solved:
    xs, a, size = inputs.wrt, inputs.at, len(inputs.wrt)
    symbolic = bool(inputs.constants) or not rules.at_point

    def read_number(value):
        return expression(value) if symbolic else number(value)

    def read_matrix(shape):
        return lambda value: expressions(value, shape) if symbolic else numbers(value, shape)

    steps: list = []
    named: list = []
    f_a = value_at(inputs.f, xs, a)
    if f_a is None:
        return Solved((), Undefined(_undefined_reason("f", xs, a)))
    f_a = given.take("value", f_a, read=read_number)
    steps.append(TaylorPointValue(function=inputs.f, variables=xs, point=a, result=f_a))
    named.append(("value", Value(f_a)))
    values = {(0,) * size: f_a}
    gradient = hessian = None
    if inputs.order >= 1:
        worked = gradient_of(inputs.f, xs)
        steps.append(worked)
        gradient = _at_point(worked.result, xs, a, "gradient", rules, steps)
        if gradient is None:
            return Solved(tuple(steps), Undefined(_undefined_reason("∇f", xs, a)), tuple(named))
        gradient = given.take("gradient", gradient, read=read_matrix((size, 1)))
        named.append(("gradient", Value(gradient)))
        values.update({alpha: gradient[alpha.index(1)] for alpha in multi_indices(size, 1)})
    if inputs.order >= 2:
        worked_h = hessian_matrix(inputs.f, worked)
        steps.append(worked_h)
        hessian = _at_point(worked_h.result, xs, a, "hessian", rules, steps)
        if hessian is None:
            return Solved(tuple(steps), Undefined(_undefined_reason("H", xs, a)), tuple(named))
        hessian = given.take("hessian", hessian, read=read_matrix((size, size)))
        named.append(("hessian", Value(hessian)))
        values.update({alpha: hessian[_pair(alpha)] for alpha in multi_indices(size, 2)})
    for order in range(3, inputs.order + 1):
        rows = []
        for alpha in multi_indices(size, order):
            derivative = partial_of(inputs.f, xs, alpha)
            value = value_at(derivative, xs, a) if rules.at_point else derivative
            if value is None:
                return Solved(tuple(steps), Undefined(_undefined_reason(
                    f"a partial derivative of order {order}", xs, a)), tuple(named))
            name = partial_name(xs, alpha)
            values[alpha] = given.take(name, value, read=read_number)
            named.append((name, Value(values[alpha])))
            rows.append(TaylorPartialRow(alpha, name, derivative, values[alpha]))
        steps.append(TaylorHigherPartials(variables=xs, point=a, order=order, rows=tuple(rows)))
    shifts = [x + rules.shift_sign * point for x, point in zip(xs, a, strict=True)]
    terms = tuple(
        term(sum(alpha), values[alpha], rules.divide_by(sum(alpha)),
             prod(shift ** power for shift, power in zip(shifts, alpha, strict=True)),
             multiplicity=_orderings(alpha) if rules.count_orderings else 1)
        for order in range(inputs.order + 1) for alpha in multi_indices(size, order))
    result = given.take(ANSWER, polynomial(terms), after=tuple(name for name, _ in named))
    steps.append(TaylorMultivariate(
        variables=xs, point=a, order=inputs.order, value=f_a,
        gradient=gradient, hessian=hessian,
        displacement=sympy.ImmutableMatrix(shifts), terms=terms, result=result))
    return Solved(tuple(steps), Value(result), tuple(named))


def _pair(alpha) -> tuple[int, int]:
    """The Hessian entry (i, j), i ≤ j, of a multi-index of order 2."""
    indices = [i for i, power in enumerate(alpha) for _ in range(power)]
    return indices[0], indices[1]


def _orderings(alpha) -> int:
    """k!/α!: how many ordered index lists i₁, …, iₖ give the multi-index α."""
    return factorial(sum(alpha)) // prod(factorial(power) for power in alpha)


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
