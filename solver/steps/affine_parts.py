"""The affine parts of a function of matrices: its largest sums and differences of matrix
terms (y − Wh − c, Ax − b), written as matrix expressions with their entries.

Gradients of squared norms of such residuals are products with the residual itself
(∇_W ‖Wh + c − y‖² = 2(Wh + c − y)hᵀ), so the closed-form catalogue uses them as factors.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy

from solver.expr import nodes as ast
from solver.expr.matrices import ScaledIdentity
from solver.numbers import exact

MAX_AFFINE_PARTS = 3


@dataclass(frozen=True)
class AffinePart:
    """r = Σ ±Tₖ, a sum of at least two matrix terms of f; ``negated`` is −r written with
    its positive terms first (y − Wh − c gives Wh + c − y); ``value`` holds r's entries."""

    expression: sympy.MatrixExpr
    negated: sympy.MatrixExpr
    value: sympy.ImmutableMatrix


class _NotAffine(Exception):
    pass


def affine_parts(tree: ast.Node, shapes: dict[str, tuple[int, int]],
                 entries: dict[str, sympy.ImmutableMatrix]) -> tuple[AffinePart, ...]:
    """The largest sums and differences of matrices (not 1×1) in f, each once up to sign,
    in reading order."""
    found: list[AffinePart] = []

    def visit(node: ast.Node) -> None:
        if isinstance(node, (ast.Add, ast.Sub)):
            part = _part(node, shapes, entries)
            if part is not None:
                if not any(part.value in (seen.value, -seen.value) for seen in found):
                    found.append(part)
                return
        for child in _children(node):
            visit(child)

    visit(tree)
    return tuple(found[:MAX_AFFINE_PARTS])


def _children(node: ast.Node) -> tuple[ast.Node, ...]:
    match node:
        case ast.Neg(operand=operand) | ast.Transpose(operand=operand):
            return (operand,)
        case ast.Add(left=left, right=right) | ast.Sub(left=left, right=right) | \
                ast.Mul(left=left, right=right) | ast.Div(left=left, right=right):
            return (left, right)
        case ast.Pow(base=base, exponent=exponent):
            return (base, exponent)
        case ast.Call(args=args):
            return tuple(args)
    return ()


def _part(node, shapes, entries) -> AffinePart | None:
    try:
        terms = _sized(_signed_terms(node, 1, shapes, entries))
        value = _total(terms)
    except _NotAffine:
        return None
    if value.shape == (1, 1) or all(entry == 0 for entry in value):
        return None
    return AffinePart(expression=_written(terms, 1), negated=_written(terms, -1), value=value)


def _written(terms, sign) -> sympy.MatrixExpr:
    """Σ sign·±Tₖ with the positive terms first, each group in reading order."""
    signed = [(sign * s, expr) for s, (_, expr) in terms]
    ordered = [expr for s, expr in signed if s > 0] + [-expr for s, expr in signed if s < 0]
    return sympy.MatAdd(*ordered)


def _signed_terms(node, sign, shapes, entries):
    """[(±1, (value, expression))] for the summands of a sum or difference."""
    match node:
        case ast.Add(left=left, right=right):
            return (_signed_terms(left, sign, shapes, entries)
                    + _signed_terms(right, sign, shapes, entries))
        case ast.Sub(left=left, right=right):
            return (_signed_terms(left, sign, shapes, entries)
                    + _signed_terms(right, -sign, shapes, entries))
        case ast.Neg(operand=operand):
            return _signed_terms(operand, -sign, shapes, entries)
    value, expression = _term(node, shapes, entries)
    if not isinstance(value, sympy.MatrixBase | ScaledIdentity):
        raise _NotAffine
    return [(sign, (value, expression))]


def _term(node, shapes, entries):
    """(entries, matrix expression) of a product of matrices, transposes, numbers, the
    numbers f names and the identity I."""
    match node:
        case ast.Number(text=text):
            number = exact(text)
            return number, number
        case ast.Name(id=name) if name in entries and name not in shapes:
            return entries[name], entries[name]
        case ast.Name(id="I") if "I" not in shapes:
            return ScaledIdentity(sympy.Integer(1)), None
        case ast.Pow(base=base, exponent=exponent):
            (a, _), (n, _) = _term(base, shapes, entries), _term(exponent, shapes, entries)
            if isinstance(a, sympy.MatrixBase | ScaledIdentity) or isinstance(n, sympy.MatrixBase):
                raise _NotAffine
            return a ** n, a ** n
        case ast.Name(id=name) if name in shapes and shapes[name] != (1, 1):
            return entries[name], sympy.MatrixSymbol(name, *shapes[name])
        case ast.Transpose(operand=operand) | ast.Call(func="transpose", args=(operand,)):
            value, expression = _term(operand, shapes, entries)
            if not isinstance(value, sympy.MatrixBase):
                raise _NotAffine
            return sympy.ImmutableMatrix(value.T), expression.T
        case ast.Mul(left=left, right=right):
            (a, x), (b, y) = _term(left, shapes, entries), _term(right, shapes, entries)
            if isinstance(a, ScaledIdentity) or isinstance(b, ScaledIdentity):
                (c, _), (other, _) = ((a, x), (b, y)) if isinstance(a, ScaledIdentity) \
                    else ((b, y), (a, x))
                if isinstance(other, sympy.MatrixBase | ScaledIdentity):
                    raise _NotAffine
                return ScaledIdentity(c.scale * other), None
            if isinstance(a, sympy.MatrixBase) and isinstance(b, sympy.MatrixBase):
                if a.cols != b.rows:
                    raise _NotAffine
                return sympy.ImmutableMatrix(a * b), sympy.MatMul(x, y)
            if not isinstance(a, sympy.MatrixBase) and not isinstance(b, sympy.MatrixBase):
                return a * b, a * b
            return sympy.ImmutableMatrix(a * b), sympy.MatMul(x, y)
        case ast.Add() | ast.Sub() | ast.Neg():
            terms = _sized(_signed_terms(node, 1, shapes, entries))
            return _total(terms), _written(terms, 1)
    raise _NotAffine


def _sized(terms):
    """The terms with each c·I given the size of the others (square), as c·Iₙ."""
    sizes = {term[1][0].shape for term in terms if not isinstance(term[1][0], ScaledIdentity)}
    if not sizes:
        raise _NotAffine
    (shape,) = sizes if len(sizes) == 1 else (None,)
    if any(isinstance(term[1][0], ScaledIdentity) for term in terms) and (
            shape is None or shape[0] != shape[1]):
        raise _NotAffine
    return [(sign, (value.sized(shape[0]),
                    _scaled_identity(value.scale, shape[0])))
            if isinstance(value, ScaledIdentity) else (sign, (value, expression))
            for sign, (value, expression) in terms]


def _scaled_identity(scale, n: int):
    identity = sympy.Identity(n)
    return identity if scale == 1 else sympy.MatMul(scale, identity)


def _total(terms) -> sympy.ImmutableMatrix:
    """The entries of Σ ±Tₖ (the terms must share one shape)."""
    shape = terms[0][1][0].shape
    if any(term[1][0].shape != shape for term in terms):
        raise _NotAffine
    return sympy.ImmutableMatrix(sum((sign * term[0] for sign, term in terms),
                                     sympy.zeros(*shape)))
