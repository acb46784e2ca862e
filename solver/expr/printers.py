"""Printers of the expression tree: plain text for messages, LaTeX for documents.

Both print a tree as the problem wrote it, nothing evaluated: ``plain_text`` in the input
syntax (``a^T b``, ``(A + B) x``), ``latex_label`` in LaTeX (``a^\\top b``,
``\\left(A + B\\right) x``), a sub-tree in parentheses where its operator binds more loosely
than the one around it.
"""

from __future__ import annotations

from collections.abc import Callable

from solver.expr import nodes as ast


def plain_text(node: ast.Node) -> str:
    """Plain text of a syntax tree, for messages: ``a^T b``, ``(A + B) x``, ``[[1, 2]]``."""
    match node:
        case ast.Number(text=value):
            return value
        case ast.Name(id=name):
            return name
        case ast.Neg(operand=operand):
            return f"-{_grouped_plain(operand)}"
        case ast.Add(left=left, right=right):
            return f"{plain_text(left)} + {plain_text(right)}"
        case ast.Sub(left=left, right=right):
            return f"{plain_text(left)} - {_grouped_plain(right)}"
        case ast.Mul(left=left, right=right, op=op):
            joiner = " " if op == "implicit" else f" {op} "
            return f"{_grouped_plain(left)}{joiner}{_grouped_plain(right)}"
        case ast.Div(left=left, right=right):
            return f"{_grouped_plain(left)}/{_grouped_plain(right)}"
        case ast.Pow(base=base, exponent=exponent):
            return f"{_grouped_plain(base, True)}^{_grouped_plain(exponent, True)}"
        case ast.Transpose(operand=operand):
            return f"{_grouped_plain(operand, True)}^T"
        case ast.Call(func=func, args=args):
            return f"{func}({', '.join(plain_text(arg) for arg in args)})"
        case ast.Factorial(operand=operand):
            return f"{_grouped_plain(operand, True)}!"
        case ast.MatrixLiteral(rows=rows):
            return "[" + ", ".join("[" + ", ".join(plain_text(e) for e in row) + "]"
                                   for row in rows) + "]"
    return "?"


def _grouped_plain(node: ast.Node, tight: bool = False) -> str:
    loose = (ast.Add, ast.Sub, ast.Neg) + ((ast.Mul, ast.Div) if tight else ())
    return f"({plain_text(node)})" if isinstance(node, loose) else plain_text(node)


_PRECEDENCE = {ast.Add: 1, ast.Sub: 1, ast.Mul: 2, ast.Div: 2, ast.Neg: 3, ast.Pow: 4}


def latex_label(node: ast.Node, symbol: Callable[[str], str]) -> str:
    """LaTeX of a tree as the problem wrote it; ``symbol`` gives the LaTeX of a name."""
    match node:
        case ast.Number(text=text):
            return text
        case ast.Name(id=name):
            return symbol(name)
        case ast.Add(left=left, right=right):
            return f"{latex_label(left, symbol)} + {_wrapped(right, symbol, 1, strict=True)}"
        case ast.Sub(left=left, right=right):
            return f"{latex_label(left, symbol)} - {_wrapped(right, symbol, 1, strict=True)}"
        case ast.Mul(left=left, right=right, op=op):
            joiner = " \\cdot " if op == "*" else " "
            right_text = _wrapped(right, symbol, 2, strict=True)
            return f"{_wrapped(left, symbol, 2)}{joiner}{right_text}"
        case ast.Div(left=left, right=right):
            return f"\\frac{{{latex_label(left, symbol)}}}{{{latex_label(right, symbol)}}}"
        case ast.Neg(operand=operand):
            return f"-{_wrapped(operand, symbol, 3)}"
        case ast.Pow(base=base, exponent=exponent):
            return f"{_wrapped(base, symbol, 5)}^{{{latex_label(exponent, symbol)}}}"
        case ast.Transpose(operand=operand):
            return f"{_wrapped(operand, symbol, 5)}^\\top"
        case ast.Factorial(operand=operand):
            return f"{_wrapped(operand, symbol, 5)}!"
        case ast.Call(func="norm", args=[operand]):
            return f"\\left\\lVert {latex_label(operand, symbol)} \\right\\rVert"
        case ast.Call(func=func, args=args):
            arguments = ", ".join(latex_label(a, symbol) for a in args)
            return f"\\operatorname{{{func}}}\\left({arguments}\\right)"
        case ast.MatrixLiteral(rows=rows):
            body = " \\\\ ".join(" & ".join(latex_label(e, symbol) for e in row) for row in rows)
            return f"\\begin{{pmatrix}} {body} \\end{{pmatrix}}"
    return "?"


def _wrapped(node: ast.Node, symbol: Callable[[str], str], level: int,
             strict: bool = False) -> str:
    own = _PRECEDENCE.get(type(node), 6)
    if own < level or (strict and own == level and not isinstance(node, ast.Mul)):
        return f"\\left({latex_label(node, symbol)}\\right)"
    return latex_label(node, symbol)


def grouped_latex_label(node: ast.Node, symbol: Callable[[str], str]) -> str:
    """The label, in parentheses unless the node is a single name, number or call."""
    if isinstance(node, ast.Name | ast.Number | ast.Call | ast.MatrixLiteral):
        return latex_label(node, symbol)
    return f"\\left({latex_label(node, symbol)}\\right)"
