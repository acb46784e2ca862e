"""Piecewise values as SymPy ``Piecewise``, their conditions as SymPy booleans.

A ``Cases`` node (``5 if z1 > 0 else 0``, ``piecewise(5, z1 > 0, 0)``, an indicator
``[z1 > 0]``) is the value of the first piece whose condition holds; "otherwise" is
``True``, so the indicator is ``Piecewise((1, z1 > 0), (0, True))``. A condition is a chain
of at most ``MAX_CHAIN`` comparisons (``0 < x <= 1`` is ``And``), or conditions joined by
``and``, ``or`` and ``not`` (``And``, ``Or``, ``Not``) with at most ``MAX_COMPARISONS``
comparisons in all; comparing a value that is not real is an error. At most ``MAX_CASES``
pieces.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType

import sympy

from .errors import ExprSyntaxError, ExprTooLarge
from .nodes import Cases, Compare, Connective, Node, Not

MAX_CASES = 16
MAX_CHAIN = 2
MAX_COMPARISONS = 8
RELATIONS: Mapping[str, Callable[..., sympy.Basic]] = MappingProxyType(
    {
        "<": sympy.StrictLessThan,
        "<=": sympy.LessThan,
        ">": sympy.StrictGreaterThan,
        ">=": sympy.GreaterThan,
    }
)

Convert = Callable[[Node], sympy.Expr]


def piecewise(node: Cases, convert: Convert, text: str) -> sympy.Expr:
    """``node`` as a ``Piecewise``; ``convert`` turns its values (and compared values) into
    SymPy, ``text`` is only used in error reports."""
    if len(node.pieces) > MAX_CASES:
        raise ExprTooLarge(
            f"a piecewise value has {len(node.pieces)} cases; the limit is {MAX_CASES}",
            text=text, pos=node.pos,
        )
    pieces = []
    for value, condition in node.pieces:
        result = convert(value)
        holds = sympy.true if condition is None else _condition(condition, convert, text)
        pieces.append((result, holds))
    return sympy.Piecewise(*pieces)


def _condition(node: Node, convert: Convert, text: str) -> sympy.Basic:
    """A condition: comparisons joined by and, or and not."""
    comparisons = _comparisons(node)
    if len(comparisons) > MAX_COMPARISONS:
        raise ExprTooLarge(
            f"a condition has {len(comparisons)} comparisons; the limit is "
            f"{MAX_COMPARISONS}", text=text, pos=node.pos,
        )
    return _logic(node, convert, text)


def _logic(node: Node, convert: Convert, text: str) -> sympy.Basic:
    negated = False
    while isinstance(node, Not):
        negated = not negated
        node = node.operand
    if isinstance(node, Connective):
        combine = sympy.And if node.op == "and" else sympy.Or
        value = combine(*(_logic(operand, convert, text) for operand in node.operands))
    elif isinstance(node, Compare):
        value = _comparison(node, convert, text)
    else:
        raise ExprSyntaxError("a condition must be a comparison", text=text,
                              pos=node.pos, hint="write 5 if z1 > 0 else 0")
    return sympy.Not(value) if negated else value


def _comparison(node: Compare, convert: Convert, text: str) -> sympy.Basic:
    if len(node.ops) > MAX_CHAIN:
        raise ExprTooLarge(
            f"a condition chains {len(node.ops)} comparisons; the limit is {MAX_CHAIN}",
            text=text, pos=node.pos,
        )
    values = [convert(operand) for operand in node.operands]
    relations = []
    for index, op in enumerate(node.ops):
        try:
            relations.append(RELATIONS[op](values[index], values[index + 1]))
        except TypeError:
            raise ExprSyntaxError(
                "only real numbers can be compared", text=text,
                pos=node.operands[index].pos,
            ) from None
    return sympy.And(*relations)


def _comparisons(condition: Node) -> list[Compare]:
    """The comparisons of a condition, through its and, or and not (not inside values)."""
    found: list[Compare] = []
    stack = [condition]
    while stack:
        node = stack.pop()
        if isinstance(node, Compare):
            found.append(node)
        elif isinstance(node, Connective | Not):
            stack.extend(node.children())
    return found
