"""Partial derivatives through intermediate functions: ∂f/∂xᵢ = Σⱼ ∂f/∂gⱼ ∂gⱼ/∂xᵢ."""

from __future__ import annotations

from dataclasses import dataclass

import sympy

from solver.answers import Named, Value
from solver.exact import tidy
from solver.kinds.base import Field, Kind, Without
from solver.kinds.derivative import read_constants
from solver.spec.reader import PartReader, variables
from solver.steps import Solved
from solver.steps.calculus import LocalDerivatives, MultivariableChainRule


@dataclass(frozen=True)
class Composition:
    """f(g₁, …, gₘ, x) with gⱼ = gⱼ(x₁, …, xₙ)."""

    f: sympy.Expr
    where: tuple[tuple[sympy.Symbol, sympy.Expr], ...]
    wrt: tuple[sympy.Symbol, ...]
    constants: tuple[sympy.Symbol, ...] = ()


def read(r: PartReader) -> Composition:
    wrt = r.names("wrt")
    constants = read_constants(r, wrt)
    inner_symbols = variables(wrt + constants)
    where = r.expression_map("where", inner_symbols)
    for name in where:
        if name in inner_symbols:
            kind = "variable" if name in wrt else "constant"
            raise r.error("where", f"'{name}' is a {kind}, it cannot also be an intermediate "
                                   f"function")
    symbols = variables(wrt + constants + tuple(where))
    f = r.expression("f", symbols)
    return Composition(f, tuple((symbols[name], value) for name, value in where.items()),
                       tuple(symbols[name] for name in wrt),
                       tuple(symbols[name] for name in constants))


def solve(inputs: Composition) -> Solved:
    names = tuple(g for g, _ in inputs.where)
    definitions = tuple(value for _, value in inputs.where)
    substitution = dict(inputs.where)
    outer = tuple(tidy(sympy.diff(inputs.f, g)) for g in names)
    inner = tuple(tuple(tidy(sympy.diff(value, x)) for x in inputs.wrt) for value in definitions)
    local = LocalDerivatives(function=inputs.f, intermediates=names, definitions=definitions,
                             variables=inputs.wrt, outer=outer, inner=inner)
    rules = []
    for i, x in enumerate(inputs.wrt):
        column = tuple(row[i] for row in inner)
        direct = tidy(sympy.diff(inputs.f, x))
        in_g = sympy.Add(*(a * b for a, b in zip(outer, column, strict=True))) + direct
        direct = None if direct == 0 else direct
        result = tidy(in_g.xreplace(substitution))
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


KIND = Kind(
    name="partial_derivatives",
    summary="Partial derivatives of f(g₁, …, gₘ) by the multivariable chain rule "
            "∂f/∂xᵢ = Σⱼ ∂f/∂gⱼ ∂gⱼ/∂xᵢ, shown in g and then in x.",
    fields=(
        Field("f", "the outer function, in the intermediate names (and the variables), "
                   "e.g. sin(g1) + g2^2"),
        Field("where", "each intermediate name with its expression in the variables, "
                       "e.g. {g1: x1 e^x2, g2: x1 + x2^2}"),
        Field("wrt", "the variables in order, e.g. [x1, x2]"),
        Field("constants", "names that stand for symbolic constants, e.g. [a, b]",
              required=False),
    ),
    hint='an expression in the variables',
    mistakes=Without("TODO"),
    carries=Without("TODO"),
    doc=__doc__,
    read=read,
    solve=solve,
    example="{id: a, kind: partial_derivatives, f: sin(g1) + g2^2, "
            "where: {g1: x1 e^x2, g2: x1 + x2^2}, wrt: [x1, x2]}",
)
