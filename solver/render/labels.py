"""LaTeX for syntax trees as the problem wrote them (``a^T b`` → ``a^\\top b``), not evaluated."""

from __future__ import annotations

from solver.expr import nodes as ast
from solver.numbers import symbol
from solver.render import printing

_PRECEDENCE = {ast.Add: 1, ast.Sub: 1, ast.Mul: 2, ast.Div: 2, ast.Neg: 3, ast.Pow: 4}


def label(node: ast.Node) -> str:
    match node:
        case ast.Number(text=text):
            return text
        case ast.Name(id=name):
            return name_label(name)
        case ast.Add(left=left, right=right):
            return f"{label(left)} + {_wrap(right, 1, strict=True)}"
        case ast.Sub(left=left, right=right):
            return f"{label(left)} - {_wrap(right, 1, strict=True)}"
        case ast.Mul(left=left, right=right, op=op):
            joiner = " \\cdot " if op == "*" else " "
            return f"{_wrap(left, 2)}{joiner}{_wrap(right, 2, strict=True)}"
        case ast.Div(left=left, right=right):
            return f"\\frac{{{label(left)}}}{{{label(right)}}}"
        case ast.Neg(operand=operand):
            return f"-{_wrap(operand, 3)}"
        case ast.Pow(base=base, exponent=exponent):
            return f"{_wrap(base, 5)}^{{{label(exponent)}}}"
        case ast.Transpose(operand=operand):
            return f"{_wrap(operand, 5)}^\\top"
        case ast.Factorial(operand=operand):
            return f"{_wrap(operand, 5)}!"
        case ast.Call(func="norm", args=[operand]):
            return f"\\left\\lVert {label(operand)} \\right\\rVert"
        case ast.Call(func=func, args=args):
            return f"\\operatorname{{{func}}}\\left({', '.join(label(a) for a in args)}\\right)"
        case ast.MatrixLiteral(rows=rows):
            body = " \\\\ ".join(" & ".join(label(e) for e in row) for row in rows)
            return f"\\begin{{pmatrix}} {body} \\end{{pmatrix}}"
    return "?"


def name_label(name: str) -> str:
    """LaTeX of a variable name as SymPy writes it (x1 → x_{1}, theta → \\theta)."""
    return printing.latex(symbol(name))


def _wrap(node: ast.Node, level: int, strict: bool = False) -> str:
    own = _PRECEDENCE.get(type(node), 6)
    if own < level or (strict and own == level and not isinstance(node, ast.Mul)):
        return f"\\left({label(node)}\\right)"
    return label(node)


def grouped_label(node: ast.Node) -> str:
    """The label, in parentheses unless the node is a single name, number or call."""
    if isinstance(node, ast.Name | ast.Number | ast.Call | ast.MatrixLiteral):
        return label(node)
    return f"\\left({label(node)}\\right)"
