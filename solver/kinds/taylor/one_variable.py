"""The Taylor polynomial of one variable: f, f′, …, f⁽ⁿ⁾ at a, then
Tₙ(x) = Σₖ f⁽ᵏ⁾(a)/k! · (x − a)ᵏ."""

from __future__ import annotations

from functools import lru_cache

import sympy

from solver.answers import Undefined, Value
from solver.exact import tidy
from solver.kinds.given import ANSWER, Given, expression, number
from solver.kinds.taylor.read import TaylorInputs
from solver.kinds.taylor.rules import Rules
from solver.kinds.taylor.steps import TaylorDerivativeRow, TaylorDerivativeTable, TaylorSum
from solver.kinds.taylor.terms import polynomial, settled, term, value_at
from solver.render.printing import plain
from solver.steps import Solved


@lru_cache(maxsize=32)
def successive_derivatives(f, x, order: int) -> tuple[sympy.Expr, ...]:
    """f, f′, …, f⁽ⁿ⁾, each the derivative of the one before, tidied."""
    found = [f]
    for _ in range(order):
        found.append(settled(tidy(sympy.diff(found[-1], x))))
    return tuple(found)


def solve_one(inputs: TaylorInputs, given: Given, rules: Rules) -> Solved:
    x, a = inputs.wrt[0], inputs.at[0]
    read = expression if inputs.constants else number
    rows, named = [], []
    engine = successive_derivatives(inputs.f, x, inputs.order)
    derivative = inputs.f
    for k in range(inputs.order + 1):
        if k > 0:
            computed = engine[k] if derivative == engine[k - 1] \
                else settled(tidy(sympy.diff(derivative, x)))
            derivative = given.take(f"f{k}", computed, after=(f"f{k - 1}",) if k > 1 else (),
                                    read=expression)
            named.append((f"f{k}", Value(derivative)))
        value = value_at(derivative, (x,), (a,)) if rules.at_point or k == 0 else derivative
        if value is None:
            rows.append(TaylorDerivativeRow(k, derivative, None, defined=False))
            table = TaylorDerivativeTable(function=inputs.f, variable=x, point=a,
                                          rows=tuple(rows))
            return Solved((table,), Undefined(_undefined_reason(k, x, a)), tuple(named))
        value = given.take(f"d{k}", value, after=(f"f{k}",) if k > 0 else (), read=read)
        rows.append(TaylorDerivativeRow(k, derivative, value))
        named.append((f"d{k}", Value(value)))
    table = TaylorDerivativeTable(function=inputs.f, variable=x, point=a, rows=tuple(rows))
    shift = x + rules.shift_sign * a
    terms = tuple(term(row.order, row.value, rules.divide_by(row.order), shift ** row.order)
                  for row in rows)
    result = given.take(ANSWER, polynomial(terms),
                        after=tuple(name for name, _ in named if name.startswith("d")))
    steps = (table, TaylorSum(variable=x, point=a, order=inputs.order, terms=terms,
                              result=result))
    return Solved(steps, Value(result), tuple(named))


def _undefined_reason(k: int, x, a) -> str:
    which = "f" if k == 0 else "f" + "'" * k if k <= 3 else f"f^({k})"
    return (f"{which} has no finite value at {plain(x)} = {plain(a)}, so f has no Taylor "
            f"polynomial of this order about that point")
