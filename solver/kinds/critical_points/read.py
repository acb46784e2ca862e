"""Reading a critical-points part: f and its variables in order."""

from __future__ import annotations

from dataclasses import dataclass

import sympy

from solver.spec.reader import PartReader, variables


@dataclass(frozen=True)
class CriticalInputs:
    f: sympy.Expr
    wrt: tuple[sympy.Symbol, ...]


def read(r: PartReader) -> CriticalInputs:
    wrt = r.names("wrt")
    symbols = variables(wrt)
    return CriticalInputs(r.expression("f", symbols), tuple(symbols[name] for name in wrt))
