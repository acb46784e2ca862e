"""Syntax tree of the plain-math expression language.

Every node is a small frozen dataclass carrying ``pos``: the 0-based offset of
the node's first character in the parsed text (for a parenthesised operand
that is the opening parenthesis).

Node kinds::

    Number(text)                  digits with an optional decimal point, kept as text
    Name(id)                      a variable or constant name
    Call(func, args)              a known function applied to arguments
    Neg(operand)                  unary minus
    Add(left, right)  Sub(left, right)
    Mul(left, right, op)          op is "*", "@" (matrix product) or "implicit"
    Div(left, right)
    Pow(base, exponent)           ``^`` and ``**``; ``P^-1`` is Pow(P, Neg(1))
    Transpose(operand)            postfix ``^T``
    Factorial(operand)            postfix ``!``
    MatrixLiteral(rows)           ``[1, 2]`` is a column, ``[[1, 2], [3, 4]]`` rows
    Compare(operands, ops)        ``a < b``, ``a <= b < c``: a condition, never a value
    Connective(op, operands)      ``c and d and e``, ``c or d``: conditions joined by one
                                  connective ("and" or "or")
    Not(operand)                  ``not c``: a condition
    Cases(pieces)                 ``a if c else b`` and ``piecewise(a, c, b)``: pairs
                                  (value, condition), condition None for "otherwise";
                                  an indicator ``[c]``, ``1(c)``, ``𝟙(c)`` is
                                  ``Cases(((1, c), (0, None)))``

``walk`` and ``names`` are iterative, so very deep trees are safe to inspect.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

MUL_OPS = frozenset({"*", "@", "implicit"})
RELATIONS = frozenset({"<", "<=", ">", ">="})
CONNECTIVES = frozenset({"and", "or"})


class Node:
    """Base class of all syntax-tree nodes."""

    __slots__ = ()
    pos: int

    def children(self) -> tuple[Node, ...]:
        """The direct sub-nodes, left to right."""
        return ()


@dataclass(frozen=True, slots=True)
class Number(Node):
    text: str
    pos: int


@dataclass(frozen=True, slots=True)
class Name(Node):
    id: str
    pos: int


@dataclass(frozen=True, slots=True)
class Call(Node):
    func: str
    args: tuple[Node, ...]
    pos: int

    def children(self) -> tuple[Node, ...]:
        return self.args


@dataclass(frozen=True, slots=True)
class Neg(Node):
    operand: Node
    pos: int

    def children(self) -> tuple[Node, ...]:
        return (self.operand,)


@dataclass(frozen=True, slots=True)
class Add(Node):
    left: Node
    right: Node
    pos: int

    def children(self) -> tuple[Node, ...]:
        return (self.left, self.right)


@dataclass(frozen=True, slots=True)
class Sub(Node):
    left: Node
    right: Node
    pos: int

    def children(self) -> tuple[Node, ...]:
        return (self.left, self.right)


@dataclass(frozen=True, slots=True)
class Mul(Node):
    left: Node
    right: Node
    op: str
    pos: int

    def __post_init__(self) -> None:
        if self.op not in MUL_OPS:
            raise ValueError(f"Mul.op must be one of {sorted(MUL_OPS)}, not {self.op!r}")

    def children(self) -> tuple[Node, ...]:
        return (self.left, self.right)


@dataclass(frozen=True, slots=True)
class Div(Node):
    left: Node
    right: Node
    pos: int

    def children(self) -> tuple[Node, ...]:
        return (self.left, self.right)


@dataclass(frozen=True, slots=True)
class Pow(Node):
    base: Node
    exponent: Node
    pos: int

    def children(self) -> tuple[Node, ...]:
        return (self.base, self.exponent)


@dataclass(frozen=True, slots=True)
class Transpose(Node):
    operand: Node
    pos: int

    def children(self) -> tuple[Node, ...]:
        return (self.operand,)


@dataclass(frozen=True, slots=True)
class Factorial(Node):
    operand: Node
    pos: int

    def children(self) -> tuple[Node, ...]:
        return (self.operand,)


@dataclass(frozen=True, slots=True)
class MatrixLiteral(Node):
    rows: tuple[tuple[Node, ...], ...]
    pos: int

    def children(self) -> tuple[Node, ...]:
        return tuple(entry for row in self.rows for entry in row)

    @property
    def shape(self) -> tuple[int, int]:
        """(number of rows, number of columns)."""
        return len(self.rows), len(self.rows[0])


@dataclass(frozen=True, slots=True)
class Compare(Node):
    operands: tuple[Node, ...]
    ops: tuple[str, ...]
    pos: int

    def __post_init__(self) -> None:
        if len(self.operands) != len(self.ops) + 1 or not self.ops:
            raise ValueError("Compare needs n + 1 operands for n >= 1 relations")
        if not set(self.ops) <= RELATIONS:
            raise ValueError(f"Compare.ops must be among {sorted(RELATIONS)}, not {self.ops!r}")

    def children(self) -> tuple[Node, ...]:
        return self.operands


@dataclass(frozen=True, slots=True)
class Connective(Node):
    """Conditions joined by "and" (all hold) or "or" (at least one holds)."""

    op: str
    operands: tuple[Node, ...]
    pos: int

    def __post_init__(self) -> None:
        if self.op not in CONNECTIVES:
            raise ValueError(f"Connective.op must be one of {sorted(CONNECTIVES)}, not {self.op!r}")
        if len(self.operands) < 2:
            raise ValueError("Connective needs at least two operands")

    def children(self) -> tuple[Node, ...]:
        return self.operands


@dataclass(frozen=True, slots=True)
class Not(Node):
    """The condition that holds where ``operand`` does not."""

    operand: Node
    pos: int

    def children(self) -> tuple[Node, ...]:
        return (self.operand,)


@dataclass(frozen=True, slots=True)
class Cases(Node):
    """The value of the first piece whose condition holds; a None condition always holds."""

    pieces: tuple[tuple[Node, Node | None], ...]
    pos: int

    def children(self) -> tuple[Node, ...]:
        return tuple(
            node for piece in self.pieces for node in piece if node is not None
        )


def walk(node: Node) -> Iterator[Node]:
    """Yield ``node`` and every node below it, parents before children."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(reversed(current.children()))


def names(node: Node) -> frozenset[str]:
    """All ``Name`` ids used in the tree (function names of calls excluded)."""
    return frozenset(n.id for n in walk(node) if isinstance(n, Name))
