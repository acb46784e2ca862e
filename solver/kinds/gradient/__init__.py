"""The gradient ∇f of a scalar function of several variables, optionally at a point."""

from __future__ import annotations

from dataclasses import dataclass

import sympy

from solver.answers import Undefined, Value
from solver.kinds.base import Field, Kind, Without
from solver.kinds.derivative import read_constants
from solver.plural import plural
from solver.render.printing import plain
from solver.spec.reader import PartReader, variables
from solver.steps import Solved
from solver.steps.calculus import evaluate_at, gradient_vector


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


def solve(inputs: ScalarFunction) -> Solved:
    gradient = gradient_vector(inputs.f, inputs.wrt)
    if inputs.at is None:
        return Solved((gradient,), Value(gradient.result))
    value = evaluate_at(gradient.result, inputs.wrt, inputs.at, "gradient")
    return Solved((gradient, value), value_or_undefined(value.result, "∇f", inputs.at),
                  (("symbolic", Value(gradient.result)),))


def value_or_undefined(result, name: str, point):
    """The value at the point, or Undefined when an entry is infinite, undefined or not
    real there."""
    if any(entry.has(sympy.zoo, sympy.nan, sympy.oo, -sympy.oo) or entry.is_real is False
           for entry in result):
        where = ", ".join(plain(c) for c in point)
        return Undefined(f"{name} is not defined at ({where}): an entry divides by zero or "
                         f"leaves the domain of a function")
    return Value(result)


KIND = Kind(
    name="gradient",
    summary="The gradient ∇f = (∂f/∂x₁, …, ∂f/∂xₙ)ᵀ of a scalar function, symbolic or at a "
            "point.",
    fields=SCALAR_FUNCTION_FIELDS,
    hint='a vector [a, b]',
    mistakes=Without("TODO"),
    carries=Without("TODO"),
    doc=__doc__,
    read=read,
    solve=solve,
    example="{id: a, kind: gradient, f: sin(x1) + 2 x2^2, wrt: [x1, x2]}",
)
