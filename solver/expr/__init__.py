"""Plain-math expression language: ``parse`` text into a syntax tree, then
``to_sympy`` it with declared symbols.

Importing this package (or ``solver.expr.parser``) does not import SymPy;
``to_sympy``, ``suggest`` and ``FUNCTIONS`` load ``solver.expr.scalar`` on
first use.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from .errors import ExprError, ExprSyntaxError, ExprTooLarge, NotAScalar, UnknownName
from .nodes import (
    Add,
    Call,
    Div,
    Factorial,
    MatrixLiteral,
    Mul,
    Name,
    Neg,
    Node,
    Number,
    Pow,
    Sub,
    Transpose,
    names,
    walk,
)
from .parser import function_names, parse

if TYPE_CHECKING:
    from .scalar import FUNCTIONS, suggest, to_sympy

_SCALAR_EXPORTS = frozenset({"FUNCTIONS", "suggest", "to_sympy"})

__all__ = [
    "FUNCTIONS",
    "Add",
    "Call",
    "Div",
    "ExprError",
    "ExprSyntaxError",
    "ExprTooLarge",
    "Factorial",
    "MatrixLiteral",
    "Mul",
    "Name",
    "Neg",
    "Node",
    "NotAScalar",
    "Number",
    "Pow",
    "Sub",
    "Transpose",
    "UnknownName",
    "function_names",
    "names",
    "parse",
    "suggest",
    "to_sympy",
    "walk",
]


def __getattr__(name: str) -> Any:
    if name in _SCALAR_EXPORTS:
        return getattr(import_module(".scalar", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
