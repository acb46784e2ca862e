"""Mistakes in matrix expressions, linear systems and eigenvalues."""

from __future__ import annotations

import dataclasses
from dataclasses import replace

import sympy

from solver.answers import Value
from solver.check.mistakes.core import Candidates
from solver.expr import nodes as ast
from solver.expr.printers import plain_text as text
from solver.kinds import linear_system as linear_system_kind
from solver.kinds import matrix_expression as expression_kind
from solver.kinds.changes import negated

Matrix = sympy.ImmutableMatrix
HADAMARD = "hadamard product"


def _rebuild(node, target, new):
    """The syntax tree with the node ``target`` (by identity) replaced by ``new``."""
    if node is target:
        return new
    if isinstance(node, tuple):
        return tuple(_rebuild(item, target, new) for item in node)
    if not isinstance(node, ast.Node):
        return node
    changes = {field.name: _rebuild(getattr(node, field.name), target, new)
               for field in dataclasses.fields(node)
               if isinstance(getattr(node, field.name), ast.Node | tuple)}
    return replace(node, **changes) if changes else node


def _is_matrix(value) -> bool:
    return isinstance(value, sympy.MatrixBase)


def matrix_expression(inputs, solved, found: Candidates):
    if not isinstance(solved.answer, Value):
        return
    value = solved.answer.value
    products = [node for node in ast.walk(inputs.expr) if isinstance(node, ast.Mul)]
    for node in products:
        swapped = ast.Mul(node.right, node.left, node.op, node.pos)
        answer = expression_kind.solve(
            replace(inputs, expr=_rebuild(inputs.expr, node, swapped))).answer
        if isinstance(answer, Value):
            found.add("wrong_order", f"you multiplied in the wrong order: this is "
                                     f"{text(swapped)}, not {text(node)}", answer)
    for node in products:
        left = expression_kind.solve(replace(inputs, expr=node.left)).answer
        right = expression_kind.solve(replace(inputs, expr=node.right)).answer
        if not (isinstance(left, Value) and isinstance(right, Value)):
            continue
        a, b = left.value, right.value
        if not (_is_matrix(a) and _is_matrix(b) and a.shape == b.shape):
            continue
        values = {**inputs.values, HADAMARD: Matrix(a.multiply_elementwise(b))}
        tree = _rebuild(inputs.expr, node, ast.Name(HADAMARD, node.pos))
        answer = expression_kind.solve(replace(inputs, expr=tree, values=values)).answer
        if isinstance(answer, Value):
            found.add("elementwise_product",
                      f"you multiplied entry by entry (the Hadamard product); {text(node)} is "
                      f"a matrix product: entry (i, j) is row i of {text(node.left)} times "
                      f"column j of {text(node.right)}", answer)
    if _is_matrix(value):
        found.add("transposed", "your matrix is the transpose of the expected one",
                  Value(Matrix(value.T)))
    found.add("sign_error", "your answer has the wrong sign", Value(negated(value)))


def linear_system(inputs, solved, found: Candidates):
    if not isinstance(solved.answer, Value):
        return
    A = inputs.A
    if A.is_square and A != A.T:
        answer = linear_system_kind.solve(replace(inputs, A=Matrix(A.T))).answer
        if isinstance(answer, Value):
            found.add("transposed",
                      "your x solves Aᵀx = b: you used the columns of A as its rows (row i of "
                      "A holds the coefficients of equation i)", answer)
    found.add("sign_error", "your solution has the wrong sign",
              Value(negated(solved.answer.value)))


def eigen(inputs, solved, found: Candidates):
    for name, item in solved.answer.items:
        if name.startswith("lambda"):
            found.add("sign_error",
                      "your eigenvalue has the wrong sign (it is an eigenvalue of −A): the "
                      "eigenvalues are the roots of det(A − λI) = 0",
                      Value(negated(item.value)), name)


KINDS = {
    "matrix_expression": matrix_expression,
    "linear_system": linear_system,
    "eigen": eigen,
}
