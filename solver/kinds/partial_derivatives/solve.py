"""The local derivatives ∂f/∂gⱼ, ∂gⱼ/∂xᵢ and ∂f/∂xᵢ|g, then
∂f/∂xᵢ = Σⱼ ∂f/∂gⱼ ∂gⱼ/∂xᵢ + ∂f/∂xᵢ|g in g, and in x with every gⱼ written out."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import sympy

from solver.answers import Named, Value
from solver.exact import tidy
from solver.kinds.given import NOTHING, Given, expression
from solver.kinds.partial_derivatives.read import Composition
from solver.steps import Solved
from solver.steps.calculus import LocalDerivatives, MultivariableChainRule


def solve(inputs: Composition, given: Given = NOTHING) -> Solved:
    """The chain rule; ``given`` may supply any local derivative (``df/dg1``, ``dg1/dx1``,
    ``df/dx1|g``)."""
    names = tuple(g for g, _ in inputs.where)
    definitions = tuple(value for _, value in inputs.where)
    substitution = dict(inputs.where)
    own = _own_derivatives(inputs)
    outer = tuple(given.take(f"df/d{g}", d, read=expression)
                  for g, d in zip(names, own.outer, strict=True))
    inner = tuple(tuple(given.take(f"d{g}/d{x}", d, read=expression)
                        for x, d in zip(inputs.wrt, row, strict=True))
                  for g, row in zip(names, own.inner, strict=True))
    local = LocalDerivatives(function=inputs.f, intermediates=names, definitions=definitions,
                             variables=inputs.wrt, outer=outer, inner=inner)
    rules = []
    for i, x in enumerate(inputs.wrt):
        column = tuple(row[i] for row in inner)
        direct = given.take(f"df/d{x}|g", own.direct[i], read=expression)
        in_g = sympy.Add(*(a * b for a, b in zip(outer, column, strict=True))) + direct
        unchanged = direct is own.direct[i] \
            and all(a is b for a, b in zip(outer, own.outer, strict=True)) \
            and all(a is b for a, b in zip(column, (row[i] for row in own.inner), strict=True))
        computed = own.results[i] if unchanged else tidy(in_g.xreplace(substitution))
        result = given.take(str(x), computed,
                            after=(*(f"df/d{g}" for g in names),
                                   *(f"d{g}/d{x}" for g in names), f"df/d{x}|g"))
        direct = None if direct == 0 else direct
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


@dataclass(frozen=True)
class _Derivatives:
    """f's own local derivatives ∂f/∂gⱼ, ∂gⱼ/∂xᵢ (row j), ∂f/∂xᵢ|g and partials ∂f/∂xᵢ."""

    outer: tuple
    inner: tuple
    direct: tuple
    results: tuple


@lru_cache(maxsize=32)
def _own_derivatives(inputs: Composition) -> _Derivatives:
    """The local derivatives and the chain rule's partials of the part itself (kept for the
    re-solves of a part with a student's values)."""
    outer = tuple(tidy(sympy.diff(inputs.f, g)) for g, _ in inputs.where)
    inner = tuple(tuple(tidy(sympy.diff(value, x)) for x in inputs.wrt)
                  for _, value in inputs.where)
    direct = tuple(tidy(sympy.diff(inputs.f, x)) for x in inputs.wrt)
    results = tuple(
        tidy((sympy.Add(*(a * row[i] for a, row in zip(outer, inner, strict=True)))
              + direct[i]).xreplace(dict(inputs.where)))
        for i in range(len(inputs.wrt)))
    return _Derivatives(outer, inner, direct, results)
