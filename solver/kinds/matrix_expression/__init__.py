"""Matrix expressions such as ``a^T b``, ``P Q``, ``P^-1 a``: value, or undefined with why.

Every operation on the way is a step; a product of matrices whose inner sizes differ,
a sum of different shapes or the inverse of a singular matrix ends the evaluation with
an 'undefined' answer stating the shapes (or the determinant) and the reason.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy

from solver import elimination
from solver.answers import Undefined, Value
from solver.expr import nodes as ast
from solver.kinds.base import Field, Kind, Without
from solver.kinds.matrix_expression.mistakes import mistakes_of
from solver.numbers import exact
from solver.plural import plural
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

MAX_POWER = 20


@dataclass(frozen=True)
class MatrixExpression:
    expr: ast.Node
    values: dict[str, object]


class _Undefined(Exception):
    def __init__(self, step: OperationUndefined):
        super().__init__(step.reason)
        self.step = step


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
    try:
        value = _evaluate(problem.expr, problem.values, steps)
    except _Undefined as undefined:
        steps.append(undefined.step)
        return Solved(tuple(steps), Undefined(undefined.step.reason))
    if _is_matrix(value) and value.shape == (1, 1):
        steps.append(ScalarOne(operand=Operand(problem.expr, value), result=value[0, 0]))
        value = value[0, 0]
    return Solved(tuple(steps), Value(value))


def _is_matrix(value) -> bool:
    return isinstance(value, sympy.MatrixBase)


def _shape(value) -> str:
    return f"{value.rows}×{value.cols}" if _is_matrix(value) else "scalar"


def _evaluate(node: ast.Node, values: dict, steps: list[Step]):
    match node:
        case ast.Number(text=text):
            return exact(text)
        case ast.Name(id=name):
            return values[name]
        case ast.MatrixLiteral(rows=rows):
            return sympy.ImmutableMatrix([[_scalar(_evaluate(e, values, steps), e, "an entry")
                                           for e in row] for row in rows])
        case ast.Neg(operand=operand):
            return -_evaluate(operand, values, steps)
        case ast.Add(left=left, right=right) | ast.Sub(left=left, right=right):
            sign = 1 if isinstance(node, ast.Add) else -1
            return _sum(node, left, right, sign, values, steps)
        case ast.Mul(left=left, right=right):
            return _product(node, left, right, values, steps)
        case ast.Div(left=left, right=right):
            denominator = _scalar(_evaluate(right, values, steps), right, "a divisor")
            if denominator == 0:
                raise _Undefined(OperationUndefined(operation="division", operands=(),
                                                    reason="division by zero"))
            return _evaluate(left, values, steps) / denominator
        case ast.Transpose(operand=operand):
            value = _evaluate(operand, values, steps)
            if not _is_matrix(value):
                return value
            result = value.T
            steps.append(TransposeOf(operand=Operand(operand, value), result=result))
            return result
        case ast.Pow(base=base, exponent=exponent):
            return _power(node, base, exponent, values, steps)
        case ast.Call(func=func, args=args) if len(args) == 1:
            return _call(func, args[0], values, steps)
    raise _Undefined(OperationUndefined(operation="expression", operands=(),
                                        reason="this operation is not defined for matrices"))


def _scalar(value, node, what: str):
    if _is_matrix(value):
        if value.shape == (1, 1):
            return value[0, 0]
        raise _Undefined(OperationUndefined(
            operation=what, operands=(Operand(node, value),),
            reason=f"{what} must be a number, but this is a {_shape(value)} matrix"))
    return value


def _sum(node, left, right, sign, values, steps):
    a, b = _evaluate(left, values, steps), _evaluate(right, values, steps)
    if not _is_matrix(a) and not _is_matrix(b):
        return a + sign * b
    if not (_is_matrix(a) and _is_matrix(b)) or a.shape != b.shape:
        operation = "sum" if sign > 0 else "difference"
        raise _Undefined(OperationUndefined(
            operation=operation, operands=(Operand(left, a), Operand(right, b)),
            reason=f"the {operation} of a {_shape(a)} and a {_shape(b)} is not defined: "
                   "the shapes must be equal"))
    result = a + sign * b
    steps.append(MatrixSum(left=Operand(left, a), right=Operand(right, b), sign=sign,
                           result=result))
    return result


def _product(node, left, right, values, steps):
    a, b = _evaluate(left, values, steps), _evaluate(right, values, steps)
    if not _is_matrix(a) or not _is_matrix(b):
        if not _is_matrix(a) and not _is_matrix(b):
            return a * b
        scalar, matrix = (Operand(left, a), Operand(right, b)) if not _is_matrix(a) else \
            (Operand(right, b), Operand(left, a))
        result = scalar.value * matrix.value
        steps.append(ScalarMultiple(scalar=scalar, matrix=matrix, result=result))
        return result
    if a.cols != b.rows:
        if a.shape == (1, 1) or b.shape == (1, 1):
            scalar, matrix = (Operand(left, a), Operand(right, b)) if a.shape == (1, 1) else \
                (Operand(right, b), Operand(left, a))
            result = scalar.value[0, 0] * matrix.value
            steps.append(ScalarMultiple(scalar=scalar, matrix=matrix, result=result))
            return result
        raise _Undefined(OperationUndefined(
            operation="product", operands=(Operand(left, a), Operand(right, b)),
            reason=f"a {_shape(a)} matrix times a {_shape(b)} matrix is not defined: the left "
                   f"factor has {plural(a.cols, 'column')} but the right factor has "
                   f"{plural(b.rows, 'row')}"))
    terms = tuple(tuple(tuple((a[i, k], b[k, j]) for k in range(a.cols))
                        for j in range(b.cols)) for i in range(a.rows))
    result = sympy.ImmutableMatrix(a * b)
    steps.append(MatrixProduct(left=Operand(left, a), right=Operand(right, b), terms=terms,
                               result=result))
    return result


def _power(node, base, exponent, values, steps):
    a = _evaluate(base, values, steps)
    n = _scalar(_evaluate(exponent, values, steps), exponent, "an exponent")
    if not _is_matrix(a):
        return a**n
    if not a.is_square:
        raise _Undefined(OperationUndefined(
            operation="power", operands=(Operand(base, a),),
            reason=f"powers are defined only for square matrices; this one is {_shape(a)}"))
    if not (n.is_integer and abs(n) <= MAX_POWER):
        raise _Undefined(OperationUndefined(
            operation="power", operands=(Operand(base, a),),
            reason=f"a matrix power needs a whole exponent between -{MAX_POWER} and "
                   f"{MAX_POWER}"))
    if n < 0:
        a = _inverse(base, a, steps)
        n = -n
    if n == 1:
        return a
    result = sympy.ImmutableMatrix(a**n)
    steps.append(MatrixPower(base=Operand(base, a), exponent=n, result=result))
    return result


def _inverse(node, a, steps):
    determinant = a.det()
    if determinant == 0:
        raise _Undefined(OperationUndefined(
            operation="inverse", operands=(Operand(node, a),),
            reason="the matrix is singular (its determinant is 0), so it has no inverse"))
    result = sympy.ImmutableMatrix(a.inv())
    steps.append(InverseOf(operand=Operand(node, a), determinant=determinant, result=result))
    return result


def _call(func, arg, values, steps):
    a = _evaluate(arg, values, steps)
    if func == "transpose":
        return _evaluate(ast.Transpose(arg, arg.pos), values, steps)
    if not _is_matrix(a):
        raise _Undefined(OperationUndefined(
            operation=func, operands=(Operand(arg, a),),
            reason=f"{func}( ) takes a matrix, but its argument is a number"))
    if func in ("det", "trace") and not a.is_square:
        raise _Undefined(OperationUndefined(
            operation=func, operands=(Operand(arg, a),),
            reason=f"{func}( ) is defined only for square matrices; this one is {_shape(a)}"))
    if func == "det":
        result = a.det()
        steps.append(DeterminantOf(operand=Operand(arg, a), result=result))
    elif func == "trace":
        result = a.trace()
        steps.append(TraceOf(operand=Operand(arg, a), result=result))
    elif func == "rank":
        echelon = elimination.forward(a)
        result = sympy.Integer(len(echelon.pivots))
        steps.append(RankOf(operand=Operand(arg, a), echelon=echelon.matrix, result=result))
    elif func == "norm":
        result = sympy.sqrt(sum(entry**2 for entry in a))
    else:
        raise _Undefined(OperationUndefined(operation=func, operands=(Operand(arg, a),),
                                            reason=f"{func}( ) does not apply to a matrix"))
    return result


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
