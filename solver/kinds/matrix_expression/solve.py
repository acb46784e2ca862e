"""Evaluating a matrix expression operation by operation, each a step; the first undefined
operation ends it with an 'undefined' answer and its reason."""

from __future__ import annotations

import sympy

from solver.answers import Undefined, Value
from solver.expr.matrices import EXPRESSION_RULES, MatrixEvaluator, MatrixUndefined, Part
from solver.kinds.matrix_expression.read import MatrixExpression
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
