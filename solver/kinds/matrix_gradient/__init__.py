"""The gradient ∂f/∂X of a scalar function of matrices and vectors (``v^T A v``,
``norm(A v)^2``, ``trace(A X B)``), entry by entry on symbolic entries of the given shapes,
with a closed form such as 2 A v vᵀ when one is found.

Denominator layout: the gradient has the shape of X, entry (i, j) being ∂f/∂Xᵢⱼ.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy

from solver.answers import Named, Value
from solver.exact import tidy
from solver.expr import nodes as ast
from solver.kinds.base import Field, Kind, Without
from solver.numbers import exact, symbol
from solver.plural import plural
from solver.spec.reader import NAME, PartReader, did_you_mean
from solver.spec.yamlsource import YMap, YScalar, YSeq, node_kind
from solver.steps import Solved
from solver.steps.affine_parts import affine_parts
from solver.steps.matrix_calculus import (
    ClosedFormMatch,
    EntrywiseFunction,
    EntrywiseGradient,
    GradientLayout,
    closed_form_search,
    index_partial,
)

MAX_SIDE = 6
MAX_SHOWN_TERMS = 24
MAX_SHOWN_OPERATIONS = 200
LINE_WIDTH = 110
MAX_TIDY_OPERATIONS = 80
CONSTANTS = {"e": sympy.E, "pi": sympy.pi}


@dataclass(frozen=True)
class MatrixFunction:
    """f(X, …) of matrices and vectors with the given shapes; ``constants`` are numbers
    from the problem's ``given`` that f names."""

    f: ast.Node
    wrt: str
    shapes: tuple[tuple[str, int, int], ...]
    constants: tuple[tuple[str, sympy.Expr], ...] = ()


class ShapeProblem(Exception):
    """An operation of f that is not defined for the shapes of its operands."""


# -- reading ------------------------------------------------------------------------------


def read(r: PartReader) -> MatrixFunction:
    node = r.get("f")
    if not (isinstance(node, YScalar) and node.type == "str"):
        raise r.error("f", f"expected a scalar expression of matrices and vectors such as "
                           f"'v^T A v', found {node_kind(node)}")
    tree = r.parse_text("f", node)
    wrt = r.names("wrt")
    if len(wrt) != 1:
        raise r.error("wrt", f"expected one matrix or vector name, found {len(wrt)}")
    (wrt,) = wrt
    shapes = _read_shapes(r)
    used = names_in_order(tree)
    constants = {}
    for name in used:
        if name in shapes or name in CONSTANTS:
            continue
        if name in r.given and not isinstance(r.given[name].value, sympy.MatrixBase):
            constants[name] = r.given[name].value
            r.decimal |= r.given[name].decimal
            continue
        hint = "write trace( ) for the trace" if name == "tr" else \
            did_you_mean(name, [n for n in shapes if n not in used])
        raise r.error("shapes", f"no shape for '{name}', which f uses: add {name}: "
                                f"[rows, cols]", hint)
    if wrt not in used:
        raise r.error("wrt", f"'{wrt}' does not appear in f", did_you_mean(wrt, used))
    if wrt not in shapes:
        raise r.error("wrt", f"'{wrt}' is a number from 'given'; the variable must be a "
                             "matrix or vector of 'shapes'")
    shape_node = r.get("shapes")
    for name in shapes:
        if name not in used:
            raise r.error("shapes", f"'{name}' does not appear in f",
                          did_you_mean(name, used), line=shape_node.key_lines[name])
    inputs = MatrixFunction(tree, wrt, tuple((name, *shape) for name, shape in shapes.items()),
                            tuple(constants.items()))
    try:
        value = evaluate(tree, _values(inputs))
    except ShapeProblem as problem:
        raise r.error("f", f"{node.text!r}: {problem}") from None
    if isinstance(value, sympy.MatrixBase):
        raise r.error("f", f"f must be a scalar (1×1), but {node.text!r} is a "
                           f"{value.rows}×{value.cols} matrix")
    return inputs


def _read_shapes(r: PartReader) -> dict[str, tuple[int, int]]:
    node = r.get("shapes")
    if not isinstance(node, YMap):
        raise r.error("shapes", f"expected a mapping of name: [rows, cols], found "
                                f"{node_kind(node)}")
    shapes = {}
    for name, value in node.items.items():
        line = node.key_lines[name]
        if not NAME.fullmatch(name) or name in CONSTANTS:
            raise r.error("shapes", f"'{name}' cannot be used as a name", line=line)
        if not (isinstance(value, YSeq) and len(value.items) == 2 and all(
                isinstance(item, YScalar) and item.type == "int" for item in value.items)):
            raise r.error("shapes", f"the shape of '{name}' must be [rows, cols], e.g. [3, 2] "
                                    f"(a vector is [n, 1])", line=line)
        rows, cols = (int(item.text) for item in value.items)
        if not (1 <= rows <= MAX_SIDE and 1 <= cols <= MAX_SIDE):
            raise r.error("shapes", f"the shape of '{name}' must have sides between 1 and "
                                    f"{MAX_SIDE}, found [{rows}, {cols}]", line=line)
        shapes[name] = (rows, cols)
    if not shapes:
        raise r.error("shapes", "expected at least one name: [rows, cols]")
    return shapes


def names_in_order(tree: ast.Node) -> tuple[str, ...]:
    """The names of f in reading order, each once."""
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id not in found:
            found.append(node.id)
    return tuple(found)


# -- evaluation over symbolic entries -----------------------------------------------------


def entry_matrix(name: str, rows: int, cols: int) -> sympy.ImmutableMatrix:
    """The matrix of real entry symbols A_11 … (v_1 … for a vector, the name for 1×1)."""
    if (rows, cols) == (1, 1):
        return sympy.ImmutableMatrix([[symbol(name)]])
    if cols == 1:
        return sympy.ImmutableMatrix([[symbol(f"{name}_{i + 1}")] for i in range(rows)])
    if rows == 1:
        return sympy.ImmutableMatrix([[symbol(f"{name}_{j + 1}") for j in range(cols)]])
    return sympy.ImmutableMatrix([[symbol(f"{name}_{i + 1}{j + 1}") for j in range(cols)]
                                  for i in range(rows)])


def _values(inputs: MatrixFunction) -> dict:
    values: dict = {name: entry_matrix(name, rows, cols) for name, rows, cols in inputs.shapes}
    values.update(inputs.constants)
    return values


def _shape(value) -> str:
    return f"{value.rows}×{value.cols} matrix" if isinstance(value, sympy.MatrixBase) \
        else "scalar"


def _collapse(value):
    if isinstance(value, sympy.MatrixBase) and value.shape == (1, 1):
        return value[0, 0]
    return value


def evaluate(node: ast.Node, values: dict):
    """The value of f's syntax tree over the symbolic matrices: a scalar or a matrix
    (1×1 results are scalars). Undefined operations raise ShapeProblem."""
    match node:
        case ast.Number(text=text):
            return exact(text)
        case ast.Name(id=name):
            return values[name] if name in values else CONSTANTS[name]
        case ast.MatrixLiteral(rows=rows):
            cells = [[evaluate(entry, values) for entry in row] for row in rows]
            if any(isinstance(cell, sympy.MatrixBase) for row in cells for cell in row):
                raise ShapeProblem("the entries of a matrix literal must be scalars")
            return _collapse(sympy.ImmutableMatrix(cells))
        case ast.Neg(operand=operand):
            return -evaluate(operand, values)
        case ast.Add(left=left, right=right) | ast.Sub(left=left, right=right):
            a, b = evaluate(left, values), evaluate(right, values)
            if isinstance(a, sympy.MatrixBase) != isinstance(b, sympy.MatrixBase) or (
                    isinstance(a, sympy.MatrixBase) and a.shape != b.shape):
                word = "sum" if isinstance(node, ast.Add) else "difference"
                raise ShapeProblem(f"the {word} {text(node)} of a {_shape(a)} and a "
                                   f"{_shape(b)} is not defined: the shapes must be equal")
            return a + b if isinstance(node, ast.Add) else a - b
        case ast.Mul(left=left, right=right):
            return _product(node, evaluate(left, values), evaluate(right, values))
        case ast.Div(left=left, right=right):
            denominator = evaluate(right, values)
            if isinstance(denominator, sympy.MatrixBase):
                raise ShapeProblem(f"the divisor {text(right)} is a {_shape(denominator)}, "
                                   "not a scalar")
            if denominator == 0:
                raise ShapeProblem(f"{text(node)} divides by zero")
            return evaluate(left, values) / denominator
        case ast.Transpose(operand=operand):
            value = evaluate(operand, values)
            return value.T if isinstance(value, sympy.MatrixBase) else value
        case ast.Pow(base=base, exponent=exponent):
            return _power(node, base, exponent, values)
        case ast.Call(func=func, args=args):
            return _call(node, func, args, values)
    raise ShapeProblem(f"{text(node)} is not an operation on matrices that can be "
                       "differentiated")


def _product(node, a, b):
    a_matrix, b_matrix = isinstance(a, sympy.MatrixBase), isinstance(b, sympy.MatrixBase)
    if not (a_matrix and b_matrix):
        return a * b
    if a.cols != b.rows:
        raise ShapeProblem(
            f"the product {text(node)} of a {_shape(a)} and a {_shape(b)} is not defined: the "
            f"left factor has {plural(a.cols, 'column')} but the right factor has "
            f"{plural(b.rows, 'row')}")
    return _collapse(sympy.ImmutableMatrix(a * b))


def _power(node, base, exponent, values):
    n = evaluate(exponent, values)
    if isinstance(n, sympy.MatrixBase):
        raise ShapeProblem(f"the exponent in {text(node)} must be a scalar")
    if isinstance(base, ast.Call) and base.func == "norm" and len(base.args) == 1 \
            and n.is_integer and n.is_positive and n.is_even:
        return _squared_norm(evaluate(base.args[0], values)) ** (n // 2)
    a = evaluate(base, values)
    if not isinstance(a, sympy.MatrixBase):
        return a**n
    if not a.is_square:
        raise ShapeProblem(f"{text(node)}: powers are defined only for square matrices, and "
                           f"{text(base)} is a {_shape(a)}")
    if not (n.is_integer and 1 <= n <= 20):
        raise ShapeProblem(f"{text(node)}: a matrix power here needs a whole exponent "
                           "between 1 and 20")
    return sympy.ImmutableMatrix(a**int(n))


def _squared_norm(value):
    if isinstance(value, sympy.MatrixBase):
        return sympy.Add(*(entry**2 for entry in value))
    return value**2


def _call(node, func, args, values):
    from solver.expr import FUNCTIONS

    arguments = [evaluate(arg, values) for arg in args]
    if func in ("trace", "det", "norm", "transpose"):
        if len(arguments) != 1:
            raise ShapeProblem(f"{func}( ) takes one argument")
        (a,) = arguments
        if func == "transpose":
            return a.T if isinstance(a, sympy.MatrixBase) else a
        if func == "norm":
            return sympy.sqrt(_squared_norm(a))
        if not isinstance(a, sympy.MatrixBase):
            return a
        if not a.is_square:
            raise ShapeProblem(f"{func}( ) is defined only for square matrices, and "
                               f"{text(args[0])} is a {_shape(a)}")
        return a.trace() if func == "trace" else a.det()
    if func in FUNCTIONS:
        for arg, value in zip(args, arguments, strict=True):
            if isinstance(value, sympy.MatrixBase):
                raise ShapeProblem(f"{func}( ) takes a scalar, but {text(arg)} is a "
                                   f"{_shape(value)}")
        return FUNCTIONS[func](*arguments)
    raise ShapeProblem(f"{func}( ) cannot be differentiated entry by entry")


def text(node: ast.Node) -> str:
    """Plain text of a syntax tree, for messages."""
    match node:
        case ast.Number(text=value):
            return value
        case ast.Name(id=name):
            return name
        case ast.Neg(operand=operand):
            return f"-{_grouped(operand)}"
        case ast.Add(left=left, right=right):
            return f"{text(left)} + {text(right)}"
        case ast.Sub(left=left, right=right):
            return f"{text(left)} - {_grouped(right)}"
        case ast.Mul(left=left, right=right, op=op):
            joiner = " " if op == "implicit" else f" {op} "
            return f"{_grouped(left)}{joiner}{_grouped(right)}"
        case ast.Div(left=left, right=right):
            return f"{_grouped(left)}/{_grouped(right)}"
        case ast.Pow(base=base, exponent=exponent):
            return f"{_grouped(base, True)}^{_grouped(exponent, True)}"
        case ast.Transpose(operand=operand):
            return f"{_grouped(operand, True)}^T"
        case ast.Call(func=func, args=args):
            return f"{func}({', '.join(text(arg) for arg in args)})"
        case ast.Factorial(operand=operand):
            return f"{_grouped(operand, True)}!"
        case ast.MatrixLiteral(rows=rows):
            return "[" + ", ".join("[" + ", ".join(text(e) for e in row) + "]"
                                   for row in rows) + "]"
    return "?"


def _grouped(node: ast.Node, tight: bool = False) -> str:
    loose = (ast.Add, ast.Sub, ast.Neg) + ((ast.Mul, ast.Div) if tight else ())
    return f"({text(node)})" if isinstance(node, loose) else text(node)


# -- solving ------------------------------------------------------------------------------


def solve(inputs: MatrixFunction) -> Solved:
    shapes = {name: (rows, cols) for name, rows, cols in inputs.shapes}
    values = _values(inputs)
    entries = {name: values[name] for name in shapes}
    f = evaluate(inputs.f, values)
    polynomial = f.is_polynomial(*_symbols(entries))
    shown = len(sympy.Add.make_args(f)) <= MAX_SHOWN_TERMS \
        and sympy.count_ops(f) <= MAX_SHOWN_OPERATIONS
    expanded = sympy.expand(f) if polynomial and shown else None
    if expanded == f or (expanded is not None
                         and len(sympy.Add.make_args(expanded)) > MAX_SHOWN_TERMS):
        expanded = None
    scalar = EntrywiseFunction(
        function=inputs.f, matrices=tuple((name, entries[name]) for name, _, _ in inputs.shapes),
        result=f, lines=_lines(_ordered_terms(f)) if shown else (), expanded=expanded,
        expanded_lines=_lines(_ordered_terms(expanded)) if expanded is not None else (),
        shown=shown)
    variable = entries[inputs.wrt]
    gradient = sympy.ImmutableMatrix(variable.rows, variable.cols, [
        _tidy(sympy.diff(f, entry), polynomial) for entry in variable])
    steps = [scalar]
    generic = index_partial(inputs.f, shapes, dict(inputs.constants), inputs.wrt, entries,
                            gradient)
    if generic is not None:
        steps.append(generic)
    steps.append(EntrywiseGradient(variable=inputs.wrt, entries=tuple(
        tuple(row) for row in variable.tolist()), result=gradient))
    closed = closed_form_search(inputs.wrt, names_in_order(inputs.f), shapes, entries,
                                gradient, affine_parts(inputs.f, shapes, entries))
    steps.append(closed)
    rows, cols = shapes[inputs.wrt]
    steps.append(GradientLayout(variable=inputs.wrt, rows=rows, cols=cols))
    items = [("gradient", Value(gradient))]
    if isinstance(closed, ClosedFormMatch):
        items.append(("closed_form", Value(closed.expression)))
    intermediates = [("f_entries", Value(expanded if expanded is not None else f))]
    if generic is not None:
        intermediates.append(("partial", Value(generic.result)))
    return Solved(tuple(steps), Named(tuple(items)), tuple(intermediates))


def _ordered_terms(expr: sympy.Expr) -> tuple[sympy.Expr, ...]:
    return tuple(expr.as_ordered_terms()) if isinstance(expr, sympy.Add) else (expr,)


def _lines(terms) -> tuple[tuple[sympy.Expr, ...], ...]:
    """Summands grouped into lines of about LINE_WIDTH characters of plain text."""
    lines: list[list[sympy.Expr]] = []
    width = LINE_WIDTH
    for term in terms:
        size = len(str(term)) + 3
        if width + size > LINE_WIDTH:
            lines.append([])
            width = 0
        lines[-1].append(term)
        width += size
    return tuple(tuple(line) for line in lines)


def _symbols(entries) -> list[sympy.Symbol]:
    return sorted({s for matrix in entries.values() for s in matrix.free_symbols}, key=str)


def _tidy(expr: sympy.Expr, polynomial: bool) -> sympy.Expr:
    """A short form of a partial: common factors pulled out of it as it comes or of its
    expansion, whichever is shorter (a long partial is kept as it comes)."""
    if sympy.count_ops(expr) > MAX_TIDY_OPERATIONS:
        return expr
    if not polynomial:
        return tidy(expr)
    candidates = (sympy.factor_terms(expr), sympy.factor_terms(sympy.expand(expr)))
    return min(candidates, key=sympy.count_ops)


KIND = Kind(
    name="matrix_gradient",
    summary="The gradient ∂f/∂X of a scalar function of matrices and vectors (v^T A v, "
            "norm(A v)^2, trace(A X B)): entry by entry, and in closed form such as "
            "2 A v v^T (denominator layout: the gradient has the shape of X).",
    fields=(
        Field("f", "a scalar expression of matrices and vectors, e.g. 'v^T A v', "
                   "'norm(A v)^2', 'trace(A X B)'"),
        Field("wrt", "the matrix or vector to differentiate by, e.g. A"),
        Field("shapes", "the shape of every matrix and vector in f, e.g. {A: [3, 2], v: [2, 1]} "
                        "(a vector is [n, 1])"),
    ),
    hint='a matrix shaped like the variable, or a closed form such as 2 A v v^T',
    mistakes=Without("TODO"),
    carries=Without("TODO"),
    doc=__doc__,
    read=read,
    solve=solve,
    example="{id: a, kind: matrix_gradient, f: v^T A v, wrt: A, shapes: {A: [2, 2], "
            "v: [2, 1]}}",
)
