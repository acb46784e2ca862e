"""H = the Jacobian of ∇f, Hᵢⱼ = ∂(∇f)ᵢ/∂xⱼ, and its value at the point when one is given."""

from __future__ import annotations

from dataclasses import replace

from solver.answers import Value
from solver.kinds.given import ANSWER, NOTHING, Given, expressions
from solver.kinds.gradient.read import ScalarFunction
from solver.kinds.gradient.solve import value_or_undefined
from solver.steps import Solved
from solver.steps.calculus import evaluate_at, gradient_vector, hessian_matrix


def solve(inputs: ScalarFunction, given: Given = NOTHING) -> Solved:
    """∇f, H and H(a); ``given`` may supply ∇f (``gradient``) and the symbolic H
    (``symbolic``)."""
    size = len(inputs.wrt)
    gradient = gradient_vector(inputs.f, inputs.wrt)
    taken = given.take("gradient", gradient.result,
                       read=lambda value: expressions(value, (size, 1)))
    if taken is not gradient.result:
        gradient = replace(gradient, result=taken)
    hessian = hessian_matrix(inputs.f, gradient)
    intermediates = (("gradient", Value(gradient.result)),)
    if inputs.at is None:
        given.take(("symbolic", ANSWER), hessian.result, after=("gradient",))
        return Solved((gradient, hessian), Value(hessian.result), intermediates)
    symbolic = given.take("symbolic", hessian.result, after=("gradient",),
                          read=lambda value: expressions(value, (size, size)))
    value = evaluate_at(symbolic, inputs.wrt, inputs.at, "hessian")
    answer = value_or_undefined(value.result, "H", inputs.at)
    if isinstance(answer, Value):
        given.take(ANSWER, answer.value, after=("symbolic",))
    return Solved((gradient, hessian, value), answer,
                  intermediates + (("symbolic", Value(symbolic)),))
