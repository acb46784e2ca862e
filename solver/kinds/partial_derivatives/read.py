"""Reading a composition: the outer f in the intermediate names, each intermediate gⱼ in
the variables, the variables in order and optional symbolic constants."""

from __future__ import annotations

from dataclasses import dataclass

import sympy

from solver.kinds.derivative.read import read_constants
from solver.spec.reader import PartReader, variables


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
