"""The local derivatives ∂f/∂gⱼ, ∂gⱼ/∂xᵢ and ∂f/∂xᵢ|g, then
∂f/∂xᵢ = Σⱼ ∂f/∂gⱼ ∂gⱼ/∂xᵢ + ∂f/∂xᵢ|g in g, and in x with every gⱼ written out."""

from __future__ import annotations

import sympy

from solver.answers import Named, Value
from solver.kinds.given import NOTHING, Given, expression
from solver.kinds.partial_derivatives.read import Composition
from solver.steps import Solved
from solver.steps.calculus import LocalDerivatives, MultivariableChainRule
from solver.steps.differentiation import tidy


def solve(inputs: Composition, given: Given = NOTHING) -> Solved:
    """The chain rule; ``given`` may supply any local derivative (``df/dg1``, ``dg1/dx1``,
    ``df/dx1|g``)."""
    names = tuple(g for g, _ in inputs.where)
    definitions = tuple(value for _, value in inputs.where)
    substitution = dict(inputs.where)
    outer = tuple(given.take(f"df/d{g}", tidy(sympy.diff(inputs.f, g)), read=expression)
                  for g in names)
    inner = tuple(tuple(given.take(f"d{g}/d{x}", tidy(sympy.diff(value, x)), read=expression)
                        for x in inputs.wrt)
                  for g, value in inputs.where)
    local = LocalDerivatives(function=inputs.f, intermediates=names, definitions=definitions,
                             variables=inputs.wrt, outer=outer, inner=inner)
    rules = []
    for i, x in enumerate(inputs.wrt):
        column = tuple(row[i] for row in inner)
        direct = given.take(f"df/d{x}|g", tidy(sympy.diff(inputs.f, x)), read=expression)
        in_g = sympy.Add(*(a * b for a, b in zip(outer, column, strict=True))) + direct
        direct = None if direct == 0 else direct
        result = given.take(str(x), tidy(in_g.xreplace(substitution)),
                            after=(*(f"df/d{g}" for g in names),
                                   *(f"d{g}/d{x}" for g in names), f"df/d{x}|g"))
        rules.append(MultivariableChainRule(function=inputs.f, variable=x, intermediates=names,
                                            outer=outer, inner=column, direct=direct,
                                            in_terms_of_g=in_g, result=result))
    intermediates = [(f"df/d{g}", Value(d)) for g, d in zip(names, outer, strict=True)]
    intermediates += [(f"d{g}/d{x}", Value(row[i])) for g, row in zip(names, inner, strict=True)
                      for i, x in enumerate(inputs.wrt)]
    intermediates += [(f"df/d{rule.variable}|g", Value(rule.direct)) for rule in rules
                      if rule.direct is not None]
    answer = Named(tuple((str(rule.variable), Value(rule.result)) for rule in rules))
    return Solved((local, *rules), answer, tuple(intermediates))
