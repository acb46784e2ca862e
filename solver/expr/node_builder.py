"""Lark's parse of an expression turned into :mod:`solver.expr.nodes`, as it parses.

``NodeBuilder`` is the transformer lark runs during the LALR parse. It also gives the
notations their meaning: an indicator ``[c]``, ``𝟙(c)`` or ``1(c)`` is
``Cases(((1, c), (0, None)))``, a conditional ``a if c else b if d else e`` is one
``Cases`` of three pieces, ``a and b and c`` one ``Connective``, and ``[[1, 2], [3, 4]]``
a matrix by rows. A malformed matrix literal or a misplaced comparison is a ``TreeError``.
"""

from __future__ import annotations

from dataclasses import dataclass

from lark import Token, Transformer, v_args

from .characters import PARSER_SUPERSCRIPTS
from .nodes import (
    Add,
    Call,
    Cases,
    Compare,
    Connective,
    Div,
    Factorial,
    MatrixLiteral,
    Mul,
    Name,
    Neg,
    Node,
    Not,
    Number,
    Pow,
    Sub,
    Transpose,
)


class TreeError(Exception):
    """A malformed matrix literal or a misplaced condition, found while building; turned
    into ExprSyntaxError."""

    def __init__(self, message: str, pos: int, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.pos = pos
        self.hint = hint


@dataclass(frozen=True, slots=True)
class _Spanned:
    """A node whose text starts before the node itself: ``(x+1)`` or ``+x``."""

    node: Node
    start: int


@dataclass(frozen=True, slots=True)
class _Column:
    """A flat bracket list ``[a, b]``; it may still become a row of a matrix."""

    node: MatrixLiteral


@dataclass(frozen=True, slots=True)
class _Always:
    """The condition ``True`` of a piecewise value."""


_ALWAYS = _Always()

_Part = Node | _Spanned | _Column


def node_of(part: _Part) -> Node:
    """The node a part of the parse stands for."""
    return part.node if isinstance(part, (_Spanned, _Column)) else part


def _start(part: _Part) -> int:
    if isinstance(part, _Spanned):
        return part.start
    return node_of(part).pos


@v_args(inline=True)
class NodeBuilder(Transformer):
    """Builds ``nodes`` while lark parses (no intermediate parse tree).

    It keeps no state, so the one parser can be shared. Parenthesised and
    unary-plus operands travel as ``_Spanned`` so a node's ``pos`` is the
    first character of its text; flat bracket lists travel as ``_Column`` so
    ``[[1, 2], [3, 4]]`` can tell its rows from parenthesised entries.
    """

    def number(self, token: Token) -> Node:
        return Number(str(token), token.start_pos)

    def name(self, token: Token) -> Node:
        return Name(str(token), token.start_pos)

    def add(self, left: _Part, right: _Part) -> Node:
        return Add(node_of(left), node_of(right), _start(left))

    def sub(self, left: _Part, right: _Part) -> Node:
        return Sub(node_of(left), node_of(right), _start(left))

    def mul(self, left: _Part, right: _Part) -> Node:
        return Mul(node_of(left), node_of(right), "*", _start(left))

    def matmul(self, left: _Part, right: _Part) -> Node:
        return Mul(node_of(left), node_of(right), "@", _start(left))

    def implicit_mul(self, left: _Part, right: _Part) -> Node:
        if isinstance(right, _Spanned) and _is_one(left):
            raise TreeError(
                "1(...) is the indicator of a condition: it needs a comparison inside",
                left.pos,
                hint=_INDICATOR_EXAMPLE + ", or 1*(...) for a product",
            )
        return Mul(node_of(left), node_of(right), "implicit", _start(left))

    def juxtaposed_condition(self, factors: _Part, parenthesis: Token, condition: _Part) -> Node:
        return _times_indicator(factors, node_of(condition), parenthesis.start_pos)

    def div(self, left: _Part, right: _Part) -> Node:
        return Div(node_of(left), node_of(right), _start(left))

    def neg(self, sign: Token, operand: _Part) -> Node:
        return Neg(node_of(operand), sign.start_pos)

    def plus(self, sign: Token, operand: _Part) -> _Spanned:
        return _Spanned(node_of(operand), sign.start_pos)

    def group(self, parenthesis: Token, inner: _Part) -> _Spanned:
        return _Spanned(node_of(inner), parenthesis.start_pos)

    def pow(self, base: _Part, _operator: Token, exponent: _Part) -> Node:
        return Pow(node_of(base), node_of(exponent), _start(base))

    def superscript(self, base: _Part, token: Token) -> Node:
        exponent = Number(PARSER_SUPERSCRIPTS[str(token)], token.start_pos)
        return Pow(node_of(base), exponent, _start(base))

    def transpose(self, operand: _Part, _marker: Token) -> Node:
        return Transpose(node_of(operand), _start(operand))

    def factorial(self, operand: _Part) -> Node:
        return Factorial(node_of(operand), _start(operand))

    def function_name(self, token: Token) -> Token:
        return token

    def call(self, function: Token, *args: _Part) -> Node:
        return Call(str(function), tuple(node_of(arg) for arg in args), function.start_pos)

    def comparison(self, *parts: _Part | Token) -> Node:
        operands = tuple(node_of(part) for part in parts[0::2])
        ops = tuple(str(token) for token in parts[1::2])
        return Compare(operands, ops, _start(parts[0]))

    def always(self) -> _Always:
        return _ALWAYS

    def parenthesised(self, parenthesis: Token, inner: _Part) -> _Spanned:
        return _Spanned(node_of(inner), parenthesis.start_pos)

    def any_of(self, left: _Part, right: _Part) -> Node:
        return _connect("or", left, right)

    def all_of(self, left: _Part, right: _Part) -> Node:
        return _connect("and", left, right)

    def negation(self, word: Token, operand: _Part) -> Node:
        return Not(node_of(operand), word.start_pos)

    def indicator(self, bracket: Token, condition: _Part) -> Node:
        return _indicator(node_of(condition), bracket.start_pos)

    def indicator_call(self, sign: Token, _bracket: Token, condition: _Part) -> Node:
        return _indicator(node_of(condition), sign.start_pos)

    def conditional(self, value: _Part, condition: _Part | _Always, otherwise: _Part) -> Node:
        rest = node_of(otherwise)
        later = rest.pieces if isinstance(rest, Cases) else ((rest, None),)
        return Cases(((node_of(value), _condition(condition)), *later), _start(value))

    def piecewise_name(self, token: Token) -> Token:
        return token

    def flat_cases(self, name: Token, *parts: _Part | _Always | None) -> Node:
        *paired, otherwise = parts
        pieces = [
            (node_of(value), _condition(condition))
            for value, condition in zip(paired[0::2], paired[1::2], strict=True)
        ]
        if otherwise is not None:
            pieces.append((node_of(otherwise), None))
        return Cases(tuple(pieces), name.start_pos)

    def case(self, value: _Part, condition: _Part | _Always) -> tuple[Node, Node | None]:
        return node_of(value), _condition(condition)

    def paired_cases(self, name: Token, *pieces: tuple[Node, Node | None]) -> Node:
        return Cases(tuple(pieces), name.start_pos)

    def matrix(self, bracket: Token, *entries: _Part) -> _Part:
        if not any(isinstance(entry, (_Column, MatrixLiteral)) for entry in entries):
            rows = tuple((node_of(entry),) for entry in entries)
            return _Column(MatrixLiteral(rows, bracket.start_pos))
        return MatrixLiteral(_rows(entries), bracket.start_pos)


def _condition(part: _Part | _Always) -> Node | None:
    return None if isinstance(part, _Always) else node_of(part)


def _connect(op: str, left: _Part, right: _Part) -> Connective:
    """``a and b``; ``(a and b) and c`` is one Connective with three operands."""
    first = node_of(left)
    operands = first.operands if isinstance(first, Connective) and first.op == op else (first,)
    return Connective(op, (*operands, node_of(right)), _start(left))


def _indicator(condition: Node, pos: int) -> Cases:
    """1 where ``condition`` holds, 0 elsewhere."""
    return Cases(((Number("1", pos), condition), (Number("0", pos), None)), pos)


def _is_one(part: _Part) -> bool:
    return isinstance(part, Number) and part.text == "1"


_INDICATOR_EXAMPLE = "write 1(z1 > 0) or [z1 > 0] for 1 where z1 > 0 and 0 elsewhere"


def _times_indicator(factors: _Part, condition: Node, pos: int) -> Node:
    """``1(c)``, ``5*1(c)``, ``-1(c)``: the last factor, 1, becomes the indicator of c."""
    if isinstance(factors, _Spanned):
        raise _misplaced_condition(pos)
    spine: list[Node] = []
    node = factors
    while isinstance(node, Mul | Div | Neg):
        spine.append(node)
        node = node.operand if isinstance(node, Neg) else node.right
    if not _is_one(node):
        raise _misplaced_condition(pos)
    result: Node = _indicator(condition, node.pos)
    for parent in reversed(spine):
        if isinstance(parent, Neg):
            result = Neg(result, parent.pos)
        elif isinstance(parent, Mul):
            result = Mul(parent.left, result, parent.op, parent.pos)
        else:
            result = Div(parent.left, result, parent.pos)
    return result


def _misplaced_condition(pos: int) -> TreeError:
    return TreeError("a comparison is allowed only as a condition", pos,
                     hint=f"{_INDICATOR_EXAMPLE}, or 5 if z1 > 0 else 0")


def _entries(count: int) -> str:
    return "1 entry" if count == 1 else f"{count} entries"


def _rows(entries: tuple[_Part, ...]) -> tuple[tuple[Node, ...], ...]:
    """Rows of ``[[..], [..]]``: every entry must be a flat, bare bracket list."""
    for entry in entries:
        if isinstance(entry, MatrixLiteral):
            raise TreeError("matrix literals nest at most two levels deep", entry.pos)
        if not isinstance(entry, _Column):
            raise TreeError(
                "a matrix mixes rows [..] and single entries",
                _start(entry),
                hint="write every row in brackets: [[1, 2], [3, 4]]",
            )
    rows = tuple(tuple(cell for (cell,) in entry.node.rows) for entry in entries)
    width = len(rows[0])
    for number, (row, entry) in enumerate(zip(rows, entries, strict=True), start=1):
        if len(row) != width:
            raise TreeError(
                f"row {number} has {_entries(len(row))} but row 1 has {_entries(width)}",
                entry.node.pos,
                hint="every row of a matrix needs the same number of entries",
            )
    return rows

