"""Reading a matrix expression: its tree, and the value of every name it uses from 'given'."""

from __future__ import annotations

from dataclasses import dataclass

from solver.expr import nodes as ast
from solver.spec.reader import PartReader, did_you_mean


@dataclass(frozen=True)
class MatrixExpression:
    expr: ast.Node
    values: dict[str, object]


def read(r: PartReader) -> MatrixExpression:
    node = r.get("expr")
    if not hasattr(node, "text"):
        raise r.error("expr", "expected a matrix expression such as 'P Q' or 'a^T b'")
    tree = r.parse_text("expr", node)
    values = {}
    for name in sorted(ast.names(tree)):
        if name not in r.given:
            raise r.error("expr", f"'{name}' is not defined in 'given'",
                          hint=did_you_mean(name, r.given))
        values[name] = r.given_value(name)
        r.decimal |= r.given[name].decimal
    return MatrixExpression(tree, values)
