"""The derivative of a one-variable expression, as a tree of differentiation rules."""

from __future__ import annotations

from solver.kinds.base import Field, Kind, Without
from solver.kinds.derivative.mistakes import mistakes
from solver.kinds.derivative.read import DerivativeInputs, read
from solver.kinds.derivative.solve import solve

KIND = Kind(
    name="derivative",
    summary="The derivative df/dx of a one-variable expression, step by step through the "
            "sum, product, quotient and chain rules.",
    fields=(
        Field("f", "the expression to differentiate, e.g. exp(sin(x^2))"),
        Field("wrt", "the variable to differentiate by, e.g. x"),
        Field("constants", "names that stand for symbolic constants, e.g. [a, b]",
              required=False),
    ),
    hint='an expression, e.g. 2x cos(x^2)',
    mistakes=mistakes,
    carries=Without("no chain: the answer is the one value df/dx, differentiated directly "
                    "from f"),
    doc=__doc__,
    read=read,
    solve=solve,
    example="{id: a, kind: derivative, f: exp(sin(x^2)), wrt: x}",
)

__all__ = ["KIND", "DerivativeInputs", "read", "solve"]
