"""Values of expression trees holding vectors and matrices.

A sum needs equal shapes, a product ``A B`` needs as many columns of ``A`` as rows of ``B``
(at most ``MAX_PRODUCT_COST`` multiplications), ``^T`` transposes, ``det`` and ``trace``
need a square matrix (``det`` up to ``MAX_DET_SIDE``), a scalar times a matrix scales every
entry; subtrees without a matrix are scalars for :func:`solver.expr.to_sympy`. A flat list
written in a line and transposed on its own, ``(a, b)^T``, is the column it denotes.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import sympy

from solver.expr.errors import ExprError, ExprSyntaxError, NotAScalar
from solver.expr.nodes import (
    Add,
    Call,
    Cases,
    Compare,
    Div,
    Factorial,
    MatrixLiteral,
    Mul,
    Name,
    Neg,
    Node,
    Pow,
    Sub,
    Transpose,
)
from solver.expr.scalar import MATRIX_FUNCTIONS, to_sympy
from solver.input_limits import MAX_DET_SIDE, MAX_PRODUCT_COST, MAX_SIDE


def find_matrix_nodes(order: list[Node], symbols: Mapping[str, Any]) -> set[int]:
    """ids of the nodes whose value involves a matrix (literal, ^T, a matrix function or a
    name standing for a matrix of entries); ``order`` lists a tree's nodes parents first."""
    found: set[int] = set()
    for node in reversed(order):
        if (
            isinstance(node, MatrixLiteral | Transpose)
            or (isinstance(node, Name) and isinstance(symbols.get(node.id), sympy.MatrixBase))
            or (isinstance(node, Call) and node.func in MATRIX_FUNCTIONS)
            or any(id(child) in found for child in node.children())
        ):
            found.add(id(node))
    return found


def signed_terms(node: Node) -> list[tuple[Node, bool]]:
    """The terms of a sum with their signs (True: subtracted), left to right."""
    terms: list[tuple[Node, bool]] = []
    stack: list[tuple[Node, bool]] = [(node, False)]
    while stack:
        current, negative = stack.pop()
        if isinstance(current, Add | Sub):
            stack.append((current.right, negative != isinstance(current, Sub)))
            stack.append((current.left, negative))
        else:
            terms.append((current, negative))
    return terms


def product_factors(node: Node) -> tuple[list[tuple[Node, bool]], bool]:
    """The factors of a product (True: divided by) and whether the product is negated."""
    factors: list[tuple[Node, bool]] = []
    negative = False
    stack: list[tuple[Node, bool]] = [(node, False)]
    while stack:
        current, inverted = stack.pop()
        if isinstance(current, Mul) and current.op != "@":
            stack.append((current.right, inverted))
            stack.append((current.left, inverted))
        elif isinstance(current, Div) and not inverted:
            stack.append((current.right, True))
            stack.append((current.left, False))
        elif isinstance(current, Neg):
            negative = not negative
            stack.append((current.operand, inverted))
        else:
            factors.append((current, inverted))
    return factors, negative


class MatrixEvaluator:
    """Values of trees holding vectors and matrices; scalars go to ``to_sympy``."""

    def __init__(self, symbols: Mapping[str, Any], text: str, matrices: set[int]) -> None:
        self.symbols = symbols
        self.text = text
        self.matrices = matrices

    def fail(self, message: str, node: Node, hint: str | None = None) -> ExprError:
        return NotAScalar(message, text=self.text, pos=node.pos, hint=hint)

    def value(self, node: Node, in_product: bool = False) -> Any:
        """``in_product``: ``node`` is a factor of a product of two or more matrices."""
        if id(node) not in self.matrices:
            return to_sympy(node, self.symbols, text=self.text)
        match node:
            case Name():
                return self.symbols[node.id]
            case MatrixLiteral():
                return self.literal(node)
            case Add() | Sub():
                return self.sum(node)
            case Neg():
                return -self.value(node.operand, in_product)
            case Mul() | Div():
                return self.product(node)
            case Transpose():
                if not in_product and _written_as_row(node.operand, self.text):
                    return self.literal(node.operand)  # (a, b)^T: the column (a, b) denotes
                value = self.value(node.operand)
                return value.T if isinstance(value, sympy.MatrixBase) else value
            case Call():
                return self.call(node)
            case Pow():
                raise self.fail("powers of matrices are not accepted in an answer", node,
                                hint="multiply the matrices out")
            case Factorial():
                raise self.fail("the factorial of a matrix is not defined", node)
            case Cases() | Compare():
                raise self.fail("the values and conditions of a piecewise value must be "
                                "numbers", node, hint="write the cases inside each entry")
        raise self.fail("this is not a value", node)

    def literal(self, node: MatrixLiteral) -> sympy.ImmutableMatrix:
        rows, columns = node.shape
        if rows > MAX_SIDE or columns > MAX_SIDE:
            raise ExprSyntaxError(
                f"the matrix is {rows}×{columns}; the limit is {MAX_SIDE}×{MAX_SIDE}",
                text=self.text, pos=node.pos,
            )
        values = []
        for row in node.rows:
            cells = []
            for entry in row:
                if id(entry) in self.matrices:
                    raise self.fail("a matrix entry must be a number or an expression", entry)
                cells.append(to_sympy(entry, self.symbols, text=self.text))
            values.append(cells)
        return sympy.ImmutableMatrix(values)

    def sum(self, node: Node) -> Any:
        total = None
        for term, negative in signed_terms(node):
            value = self.value(term)
            if negative:
                value = -value
            if total is None:
                total = value
                continue
            total_matrix = isinstance(total, sympy.MatrixBase)
            if total_matrix != isinstance(value, sympy.MatrixBase):
                raise self.fail("a number and a matrix cannot be added", term)
            if total_matrix and total.shape != value.shape:
                raise self.fail(
                    f"a {_shape(value)} matrix cannot be added to a {_shape(total)} matrix", term
                )
            total = total + value
        return total

    def product(self, node: Node) -> Any:
        chain: list[tuple[Node, str]] = []
        current = node
        while isinstance(current, Mul | Div):
            chain.append((current.right, "/" if isinstance(current, Div) else current.op))
            current = current.left
        chain.append((current, "*"))
        chain.reverse()
        matrix_product = sum(id(factor) in self.matrices for factor, _ in chain) > 1
        result = None
        for factor, op in chain:
            value = self.value(factor, matrix_product)
            if result is None:
                result = value
                continue
            value_matrix = isinstance(value, sympy.MatrixBase)
            result_matrix = isinstance(result, sympy.MatrixBase)
            if op == "/":
                if value_matrix:
                    raise self.fail("cannot divide by a matrix", factor)
                result = result * sympy.Pow(value, -1)
            elif value_matrix and result_matrix:
                if result.shape[1] != value.shape[0]:
                    raise self.fail(
                        f"a {_shape(result)} and a {_shape(value)} matrix cannot be multiplied",
                        factor,
                    )
                if result.shape[0] * result.shape[1] * value.shape[1] > MAX_PRODUCT_COST:
                    raise self.fail("the matrix product is too large to check", factor)
                result = result * value
            elif op == "@":
                raise self.fail("'@' multiplies two matrices", factor)
            else:
                result = result * value
        return result

    def call(self, node: Call) -> Any:
        if node.func not in MATRIX_FUNCTIONS:
            raise self.fail(f"{node.func}() needs a number, not a matrix", node)
        if len(node.args) != 1:
            raise self.fail(f"{node.func}() takes 1 argument", node)
        value = self.value(node.args[0])
        if not isinstance(value, sympy.MatrixBase):
            raise self.fail(f"{node.func}() needs a matrix", node)
        if node.func == "transpose":
            return value.T
        if node.func in ("det", "trace"):
            if not value.is_square:
                raise self.fail(f"{node.func}() needs a square matrix, not {_shape(value)}",
                                node)
            if node.func == "trace":
                return value.trace()
            if value.shape[0] > MAX_DET_SIDE:
                raise self.fail(f"determinants larger than {MAX_DET_SIDE}×{MAX_DET_SIDE} are "
                                "not accepted in an answer", node)
            return value.det(method="berkowitz")
        raise self.fail(f"{node.func}() is not accepted in an answer; write its value", node)


def _written_as_row(node: Node, text: str) -> bool:
    """Whether ``node`` is a flat list ``[a, b]`` (or tuple ``(a, b)``) written in a line:
    transposed on its own, ``(a, b)^T`` is the column it denotes, as the transpose of the
    LaTeX row ``\\begin{bmatrix} a & b \\end{bmatrix}^\\top`` is."""
    if not isinstance(node, MatrixLiteral) or node.shape[1] != 1:
        return False
    return "[" not in text[node.pos + 1 : node.rows[0][0].pos]


def _shape(matrix: sympy.MatrixBase) -> str:
    return f"{matrix.shape[0]}×{matrix.shape[1]}"
