"""H = the Jacobian of ∇f, Hᵢⱼ = ∂(∇f)ᵢ/∂xⱼ, and its value at the point when one is given."""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

from solver.answers import Value
from solver.kinds.given import ANSWER, NOTHING, Given, expressions
from solver.kinds.gradient.read import ScalarFunction
from solver.kinds.gradient.solve import gradient_of, value_or_undefined
from solver.steps import Solved
from solver.steps.calculus import GradientVector, HessianMatrix, evaluate_at, hessian_matrix


def solve(inputs: ScalarFunction, given: Given = NOTHING) -> Solved:
    """∇f, H and H(a); ``given`` may supply ∇f (``gradient``) and the symbolic H
    (``symbolic``)."""
    size = len(inputs.wrt)
    gradient = gradient_of(inputs.f, inputs.wrt)
    taken = given.take("gradient", gradient.result,
                       read=lambda value: expressions(value, (size, 1)))
    if taken is gradient.result:
        hessian = _hessian_of(inputs.f, gradient)
    else:
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


@lru_cache(maxsize=32)
def _hessian_of(f, gradient: GradientVector) -> HessianMatrix:
    """H from f's own ∇f (kept for the re-solves of a part with a student's values)."""
    return hessian_matrix(f, gradient)
