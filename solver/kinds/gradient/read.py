"""Reading a scalar function of several variables (gradient and hessian parts): f, the
variables in order, optional symbolic constants and an optional point."""

from __future__ import annotations

from dataclasses import dataclass

import sympy

from solver.kinds.base import Field
from solver.kinds.derivative.read import read_constants
from solver.plural import plural
from solver.spec.reader import PartReader, variables


@dataclass(frozen=True)
class ScalarFunction:
    """f(x₁, …, xₙ), with optional symbolic constants and an optional point a."""

    f: sympy.Expr
    wrt: tuple[sympy.Symbol, ...]
    constants: tuple[sympy.Symbol, ...] = ()
    at: tuple[sympy.Expr, ...] | None = None


SCALAR_FUNCTION_FIELDS = (
    Field("f", "the function, e.g. sin(x1) + 2 x2^2"),
    Field("wrt", "the variables in order, e.g. [x1, x2]"),
    Field("at", "a point: a list with one number per variable, or a name from 'given'",
          required=False),
    Field("constants", "names that stand for symbolic constants, e.g. [a, b]",
          required=False),
)


def read_point(r: PartReader, field: str, wrt: tuple[str, ...]) -> tuple[sympy.Expr, ...]:
    """A point given as a list of numbers, or the name of a given vector, one per variable."""
    point = r.matrix(field, vector=True)
    if point.rows != len(wrt):
        raise r.error(field, f"expected {plural(len(wrt), 'number')} (one "
                             f"per variable {', '.join(wrt)}), found {point.rows}")
    return tuple(point)


def read(r: PartReader) -> ScalarFunction:
    wrt = r.names("wrt")
    constants = read_constants(r, wrt)
    symbols = variables(wrt + constants)
    f = r.expression("f", symbols)
    at = read_point(r, "at", wrt) if r.has("at") else None
    return ScalarFunction(f, tuple(symbols[name] for name in wrt),
                          tuple(symbols[name] for name in constants), at)
