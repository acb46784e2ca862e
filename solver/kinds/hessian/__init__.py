"""The Hessian matrix Hᵢⱼ = ∂²f/∂xᵢ∂xⱼ of a scalar function, optionally at a point."""

from __future__ import annotations

from solver.answers import Value
from solver.kinds.base import Kind, Without
from solver.kinds.gradient import (
    SCALAR_FUNCTION_FIELDS,
    ScalarFunction,
    read,
    value_or_undefined,
)
from solver.steps import Solved
from solver.steps.calculus import evaluate_at, gradient_vector, hessian_matrix


def solve(inputs: ScalarFunction) -> Solved:
    gradient = gradient_vector(inputs.f, inputs.wrt)
    hessian = hessian_matrix(inputs.f, gradient)
    intermediates = (("gradient", Value(gradient.result)),)
    if inputs.at is None:
        return Solved((gradient, hessian), Value(hessian.result), intermediates)
    value = evaluate_at(hessian.result, inputs.wrt, inputs.at, "hessian")
    return Solved((gradient, hessian, value), value_or_undefined(value.result, "H", inputs.at),
                  intermediates + (("symbolic", Value(hessian.result)),))


KIND = Kind(
    name="hessian",
    summary="The Hessian matrix of second partial derivatives of a scalar function, "
            "symbolic or at a point.",
    fields=SCALAR_FUNCTION_FIELDS,
    hint='a matrix [[a, b], [c, d]]',
    mistakes=Without("TODO"),
    carries=Without("TODO"),
    doc=__doc__,
    read=read,
    solve=solve,
    example="{id: a, kind: hessian, f: sin(x1) + 2 x2^2, wrt: [x1, x2], at: [0, 1]}",
)
