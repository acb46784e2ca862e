"""Reading a derivative part: f, the one variable, and optional symbolic constants."""

from __future__ import annotations

from dataclasses import dataclass

import sympy

from solver.spec.reader import PartReader, variables


@dataclass(frozen=True)
class DerivativeInputs:
    f: sympy.Expr
    wrt: sympy.Symbol
    constants: tuple[sympy.Symbol, ...] = ()


def read_constants(r: PartReader, taken: tuple[str, ...]) -> tuple[str, ...]:
    """The optional ``constants`` field: names of symbolic constants, none of them in ``taken``."""
    if not r.has("constants"):
        return ()
    names = r.names("constants")
    for name in names:
        if name in taken:
            raise r.error("constants", f"'{name}' is a variable, it cannot also be a constant")
    return names


def read(r: PartReader) -> DerivativeInputs:
    wrt = r.names("wrt")
    if len(wrt) != 1:
        raise r.error("wrt", f"expected one variable, found {len(wrt)}: {', '.join(wrt)}")
    constants = read_constants(r, wrt)
    symbols = variables(wrt + constants)
    f = r.expression("f", symbols)
    return DerivativeInputs(f, symbols[wrt[0]], tuple(symbols[name] for name in constants))
