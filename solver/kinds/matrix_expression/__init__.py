"""Matrix expressions such as ``a^T b``, ``P Q``, ``P^-1 a``: value, or undefined with why.

Every operation on the way is a step; a product of matrices whose inner sizes differ,
a sum of different shapes or the inverse of a singular matrix ends the evaluation with
an 'undefined' answer stating the shapes (or the determinant) and the reason.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy

from solver.answers import Undefined, Value
from solver.expr import nodes as ast
from solver.expr.matrices import EXPRESSION_RULES, MatrixEvaluator, MatrixUndefined, Part
from solver.kinds.base import Field, Kind, Without
from solver.kinds.matrix_expression.mistakes import mistakes_of
from solver.spec.reader import PartReader, did_you_mean
from solver.steps import Solved, Step
from solver.steps.linalg import (
    DeterminantOf,
    InverseOf,
    MatrixPower,
    MatrixProduct,
    MatrixSum,
    Operand,
    OperationUndefined,
    RankOf,
    ScalarMultiple,
    ScalarOne,
    TraceOf,
    TransposeOf,
)

_STEPS = {"sum": MatrixSum, "product": MatrixProduct, "scalar_multiple": ScalarMultiple,
          "transpose": TransposeOf, "power": MatrixPower, "inverse": InverseOf,
          "determinant": DeterminantOf, "trace": TraceOf, "rank": RankOf}


@dataclass(frozen=True)
class MatrixExpression:
    expr: ast.Node
    values: dict[str, object]


def read(r: PartReader) -> MatrixExpression:
    node = r.get("expr")
    if not hasattr(node, "text"):
        raise r.error("expr", "expected a matrix expression such as 'P Q' or 'a^T b'")
    tree = r.parse_text("expr", node)
    values = {}
    for name in sorted(ast.names(tree)):
        if name not in r.given:
            raise r.error("expr", f"'{name}' is not defined in 'given'",
                          hint=did_you_mean(name, r.given))
        values[name] = r.given_value(name)
        r.decimal |= r.given[name].decimal
    return MatrixExpression(tree, values)


def solve(problem: MatrixExpression) -> Solved:
    steps: list[Step] = []

    def record(name: str, **fields) -> None:
        steps.append(_STEPS[name](**{key: Operand(value.node, value.value)
                                     if isinstance(value, Part) else value
                                     for key, value in fields.items()}))

    evaluator = MatrixEvaluator(problem.values, EXPRESSION_RULES, record=record)
    try:
        value = evaluator.value(problem.expr)
    except MatrixUndefined as undefined:
        steps.append(OperationUndefined(
            operation=undefined.operation,
            operands=tuple(Operand(part.node, part.value) for part in undefined.operands),
            reason=undefined.reason))
        return Solved(tuple(steps), Undefined(undefined.reason))
    if isinstance(value, sympy.MatrixBase) and value.shape == (1, 1):
        steps.append(ScalarOne(operand=Operand(problem.expr, value), result=value[0, 0]))
        value = value[0, 0]
    return Solved(tuple(steps), Value(value))


KIND = Kind(
    name="matrix_expression",
    summary="Evaluate an expression of given vectors and matrices (products, sums, ^T, ^-1, "
            "det, trace, rank); undefined products are answered with the shapes and why.",
    fields=(Field("expr", "e.g. 'a^T b', 'P Q', 'P^-1 a', 'det(P)'; names come from 'given'"),),
    hint="a number, vector [a, b] or matrix [[a, b], [c, d]], or 'undefined'",
    mistakes=mistakes_of(solve),
    carries=Without("no chain: the value is the expression evaluated on the given matrices, "
                    "with no earlier value a student gives"),
    doc=__doc__,
    read=read,
    solve=solve,
    example="{id: c, kind: matrix_expression, expr: P Q}   # with given P, Q",
)
