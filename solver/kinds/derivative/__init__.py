"""The derivative of a one-variable expression, as a tree of differentiation rules."""

from __future__ import annotations

from dataclasses import dataclass

import sympy

from solver.answers import Value
from solver.exact import tidy
from solver.kinds.base import Field, Kind, Without
from solver.spec.reader import PartReader, variables
from solver.steps import Solved
from solver.steps.calculus import InTermsOfActivation, TidyDerivative
from solver.steps.differentiation import derivative_steps


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


def solve(inputs: DerivativeInputs) -> Solved:
    tree = derivative_steps(inputs.f, inputs.wrt)
    result = tidy(tree.result)
    steps = (tree,)
    if result != tree.result:
        steps += (TidyDerivative(expr=tree.result, result=result),)
    steps += _activation_form(inputs.f, inputs.wrt, result)
    return Solved(steps, Value(result))


def _activation_form(f, x, derivative) -> tuple:
    """The handout form of the derivative when f is the sigmoid of x: σ(x)(1 − σ(x))."""
    from solver.nn.activations import parse

    sigmoid = parse("sigmoid")
    if f != sigmoid.formula(x):
        return ()
    return (InTermsOfActivation(function=f, variable=x, derivative=derivative,
                                shown=sigmoid.derivative_shown(x), result=derivative),)


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
    mistakes=Without("TODO"),
    carries=Without("TODO"),
    doc=__doc__,
    read=read,
    solve=solve,
    example="{id: a, kind: derivative, f: exp(sin(x^2)), wrt: x}",
)
