"""Reading a vector function: the components f₁, …, fₘ, the variables in order and optional
symbolic constants."""

from __future__ import annotations

from dataclasses import dataclass

import sympy

from solver.kinds.derivative.read import read_constants
from solver.spec.reader import PartReader, variables


@dataclass(frozen=True)
class VectorFunction:
    """f = (f₁, …, fₘ) of the variables x₁, …, xₙ."""

    f: tuple[sympy.Expr, ...]
    wrt: tuple[sympy.Symbol, ...]
    constants: tuple[sympy.Symbol, ...] = ()


def read(r: PartReader) -> VectorFunction:
    wrt = r.names("wrt")
    constants = read_constants(r, wrt)
    symbols = variables(wrt + constants)
    f = r.expression_list("f", symbols)
    return VectorFunction(f, tuple(symbols[name] for name in wrt),
                          tuple(symbols[name] for name in constants))
