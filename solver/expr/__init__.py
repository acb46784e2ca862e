"""Plain-math expression language: ``parse`` text into a syntax tree, then
``to_sympy`` it with declared symbols.

Importing this package (or ``solver.expr.parser``) does not import SymPy;
``to_sympy``, ``suggest`` and ``FUNCTIONS`` load their modules (``scalar``,
``suggestions``, ``functions``) on first use.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from .errors import ExprError, ExprSyntaxError, ExprTooLarge, NotAScalar, UnknownName
from .grammar import function_names
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
from .parser import parse, parse_with

if TYPE_CHECKING:
    from .functions import FUNCTIONS
    from .scalar import to_sympy
    from .suggestions import suggest

_SYMPY_EXPORTS = {"FUNCTIONS": ".functions", "suggest": ".suggestions", "to_sympy": ".scalar"}

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
    "parse_with",
    "suggest",
    "to_sympy",
    "walk",
]


def __getattr__(name: str) -> Any:
    if name in _SYMPY_EXPORTS:
        return getattr(import_module(_SYMPY_EXPORTS[name], __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
