"""The Jacobian matrix Jᵢⱼ = ∂fᵢ/∂xⱼ of a vector function (numerator layout)."""

from __future__ import annotations

from dataclasses import dataclass

import sympy

from solver.answers import Value
from solver.exact import tidy
from solver.kinds.base import Field, Kind, Without
from solver.kinds.derivative import read_constants
from solver.spec.reader import PartReader, variables
from solver.steps import Solved
from solver.steps.calculus import JacobianMatrix, JacobianShape


@dataclass(frozen=True)
class VectorFunction:
    """f = (f₁, …, fₘ) of the variables x₁, …, xₙ."""

    f: tuple[sympy.Expr, ...]
    wrt: tuple[sympy.Symbol, ...]
    constants: tuple[sympy.Symbol, ...] = ()


def read(r: PartReader) -> VectorFunction:
    wrt = r.names("wrt")
    constants = read_constants(r, wrt)
    symbols = variables(wrt + constants)
    f = r.expression_list("f", symbols)
    return VectorFunction(f, tuple(symbols[name] for name in wrt),
                          tuple(symbols[name] for name in constants))


def solve(inputs: VectorFunction) -> Solved:
    m, n = len(inputs.f), len(inputs.wrt)
    shape = JacobianShape(functions=inputs.f, variables=inputs.wrt, m=m, n=n)
    matrix = sympy.ImmutableMatrix([[tidy(sympy.diff(fi, x)) for x in inputs.wrt]
                                    for fi in inputs.f])
    jacobian = JacobianMatrix(functions=inputs.f, variables=inputs.wrt, result=matrix)
    return Solved((shape, jacobian), Value(matrix),
                  (("rows", Value(sympy.Integer(m))), ("cols", Value(sympy.Integer(n)))))


KIND = Kind(
    name="jacobian",
    summary="The m×n Jacobian matrix of f: ℝⁿ → ℝᵐ, one row per component fᵢ and one column "
            "per variable xⱼ.",
    fields=(
        Field("f", "the components as a list, e.g. [2 x1^2 + 3 x2 + 5, sin(x3) e^x1]"),
        Field("wrt", "the variables in order, e.g. [x1, x2, x3]"),
        Field("constants", "names that stand for symbolic constants, e.g. [a, b]",
              required=False),
    ),
    hint='a matrix [[a, b, c], [d, e, f]] (rows: functions, columns: variables)',
    mistakes=Without("TODO"),
    carries=Without("TODO"),
    doc=__doc__,
    read=read,
    solve=solve,
    example="{id: a, kind: jacobian, f: [2 x1^2 + 3 x2 + 5, sin(x3) e^x1], "
            "wrt: [x1, x2, x3]}",
)
