"""J = (∂fᵢ/∂xⱼ), m×n: one row per component, one column per variable."""

from __future__ import annotations

import sympy

from solver.answers import Value
from solver.exact import tidy
from solver.kinds.jacobian.read import VectorFunction
from solver.steps import Solved
from solver.steps.calculus import JacobianMatrix, JacobianShape


def solve(inputs: VectorFunction) -> Solved:
    m, n = len(inputs.f), len(inputs.wrt)
    shape = JacobianShape(functions=inputs.f, variables=inputs.wrt, m=m, n=n)
    matrix = sympy.ImmutableMatrix([[tidy(sympy.diff(fi, x)) for x in inputs.wrt]
                                    for fi in inputs.f])
    jacobian = JacobianMatrix(functions=inputs.f, variables=inputs.wrt, result=matrix)
    return Solved((shape, jacobian), Value(matrix),
                  (("rows", Value(sympy.Integer(m))), ("cols", Value(sympy.Integer(n)))))
