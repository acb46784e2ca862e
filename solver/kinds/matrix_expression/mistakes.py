"""Typical mistakes in a matrix expression, each re-solved through the kind's own solve on
the changed expression: a product's factors swapped, a matrix product taken entry by entry
(the Hadamard product); and the value transposed or with its sign flipped."""

from __future__ import annotations

import dataclasses
from dataclasses import replace

import sympy

from solver.answers import Value
from solver.expr import nodes as ast
from solver.expr.printers import plain_text as text
from solver.kinds.changes import negated
from solver.kinds.matrix_expression.solve import solve

Matrix = sympy.ImmutableMatrix
HADAMARD = "hadamard product"


def mistakes(inputs, solved, found) -> None:
    """Each product with its factors swapped (BA for AB), each product of two matrices of
    one shape taken entry by entry (the Hadamard product), the value transposed, and its
    sign flipped."""
    if not isinstance(solved.answer, Value):
        return
    value = solved.answer.value
    products = [node for node in ast.walk(inputs.expr) if isinstance(node, ast.Mul)]
    for node in products:
        swapped = ast.Mul(node.right, node.left, node.op, node.pos)
        answer = solve(replace(inputs, expr=_rebuild(inputs.expr, node, swapped))).answer
        if isinstance(answer, Value):
            found.add("wrong_order", f"you multiplied in the wrong order: this is "
                                     f"{text(swapped)}, not {text(node)}", answer)
    for node in products:
        left = solve(replace(inputs, expr=node.left)).answer
        right = solve(replace(inputs, expr=node.right)).answer
        if not (isinstance(left, Value) and isinstance(right, Value)):
            continue
        a, b = left.value, right.value
        if not (_is_matrix(a) and _is_matrix(b) and a.shape == b.shape):
            continue
        values = {**inputs.values, HADAMARD: Matrix(a.multiply_elementwise(b))}
        tree = _rebuild(inputs.expr, node, ast.Name(HADAMARD, node.pos))
        answer = solve(replace(inputs, expr=tree, values=values)).answer
        if isinstance(answer, Value):
            found.add("elementwise_product",
                      f"you multiplied entry by entry (the Hadamard product); {text(node)} is "
                      f"a matrix product: entry (i, j) is row i of {text(node.left)} times "
                      f"column j of {text(node.right)}", answer)
    if _is_matrix(value):
        found.add("transposed", "your matrix is the transpose of the expected one",
                  Value(Matrix(value.T)))
    found.add("sign_error", "your answer has the wrong sign", Value(negated(value)))



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
