"""df/dx by the tree of differentiation rules, tidied, and in the handout's σ(x)(1 − σ(x))
form when f is the sigmoid of x."""

from __future__ import annotations

from solver.answers import Value
from solver.exact import tidy
from solver.kinds.derivative.read import DerivativeInputs
from solver.steps import Solved
from solver.steps.calculus import InTermsOfActivation, TidyDerivative
from solver.steps.differentiation import derivative_steps


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
