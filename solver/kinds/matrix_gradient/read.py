"""Reading a matrix-gradient part: f as a syntax tree, the one variable, the shape of every
matrix and vector of f, and the numbers of ``given`` that f names; f must be a scalar for
those shapes."""

from __future__ import annotations

from dataclasses import dataclass

import sympy

from solver.expr import nodes as ast
from solver.kinds.matrix_gradient.evaluate import (
    CONSTANTS,
    IDENTITY,
    ShapeProblem,
    entry_values,
    evaluate,
    whole,
)
from solver.spec.reader import NAME, PartReader, did_you_mean
from solver.spec.yamlsource import YMap, YScalar, YSeq, node_kind

MAX_SIDE = 6


@dataclass(frozen=True)
class MatrixFunction:
    """f(X, …) of matrices and vectors with the given shapes; ``constants`` are numbers
    from the problem's ``given`` that f names."""

    f: ast.Node
    wrt: str
    shapes: tuple[tuple[str, int, int], ...]
    constants: tuple[tuple[str, sympy.Expr], ...] = ()
    symmetric: tuple[str, ...] = ()


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
        if name in shapes or name in CONSTANTS or name == IDENTITY:
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
    symmetric = r.names("symmetric") if r.has("symmetric") else ()
    for name in symmetric:
        if name not in shapes or shapes[name][0] != shapes[name][1]:
            raise r.error("symmetric", f"'{name}' is not a square matrix of 'shapes'")
        if name == wrt:
            raise r.error("symmetric", f"the variable '{wrt}' cannot be symmetric: its entries "
                                       "would not be independent")
    inputs = MatrixFunction(tree, wrt, tuple((name, *shape) for name, shape in shapes.items()),
                            tuple(constants.items()), tuple(symmetric))
    try:
        value = whole(evaluate(tree, entry_values(inputs)), tree)
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
