"""A hand-written precedence-climbing parser for the common part of the language.

``quick_tree(text)`` reads sums, products (``*``, ``/``, ``@`` and juxtaposition), signs,
powers (``^``, ``**``, signed exponents), the postfixes ``!``, ``^T``, ``²``, ``³``,
numbers, names, function calls, parentheses and bracket lists exactly as the grammar in
``grammar.lark`` does, and builds the very nodes lark's ``NodeBuilder`` builds (same
positions). It gives up (returns None) on everything else: a condition, a conditional, a
piecewise value, an indicator, a character it does not know, and any text that is not
valid; lark then parses the text, and it alone words syntax errors. Lark is the reference:
a test parses every expression of the test suite both ways and compares the trees.
"""

from __future__ import annotations

import re

from .characters import PARSER_SUPERSCRIPTS
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
)

_TOKEN = re.compile(
    r"(?P<space>[ \t]+)"
    r"|(?P<transpose>\^T(?![A-Za-z0-9_]))"
    r"|(?P<pow>\*\*|\^)"
    r"|(?P<name>[A-Za-z][A-Za-z0-9_']*)"
    r"|(?P<number>[0-9]+(?:\.[0-9]*)?|\.[0-9]+)"
    r"|(?P<op>[-+*/@!(),\[\]²³])"
)
# words of the grammar that are not names and that this parser leaves to lark
_OTHER_KEYWORDS = frozenset({"if", "else", "True", "true", "and", "or", "not",
                             "piecewise", "Piecewise"})
_END = ("end", "", -1)

# what a part of the parse is, besides its node (see ``NodeBuilder``): a parenthesised or
# unary-plus operand starts before its node; a flat bracket list may become a matrix row
_PLAIN, _SPANNED, _COLUMN = 0, 1, 2


class _GiveUp(Exception):
    """The text is outside what this parser reads: lark parses it."""


def quick_tree(text: str) -> Node | None:
    """The syntax tree of ``text`` (normalised as the parser does), or None to leave it to
    lark."""
    try:
        tokens = _tokens(text)
        parser = _Parser(tokens)
        node, _start, _kind = parser.sum()
        if parser.peek()[0] != "end":
            return None
        return node
    except (_GiveUp, RecursionError):
        return None


def _tokens(text: str) -> list[tuple[str, str, int]]:
    """(type, text, position) of each token; a keyword other than a function name, or an
    unknown character, gives up."""
    found = []
    functions = function_names()
    pos, length = 0, len(text)
    match = _TOKEN.match
    while pos < length:
        token = match(text, pos)
        if token is None:
            raise _GiveUp
        kind, value = token.lastgroup, token.group()
        if kind == "name":
            if value in _OTHER_KEYWORDS:
                raise _GiveUp
            if value in functions:
                kind = "function"
        elif kind == "op":
            kind = value
        if kind != "space":
            found.append((kind, value, pos))
        pos = token.end()
    found.append(_END)
    return found


class _Parser:
    """Each rule returns (node, start, kind): ``start`` is where the part's text begins."""

    def __init__(self, tokens: list[tuple[str, str, int]]):
        self.tokens = tokens
        self.at = 0

    def peek(self) -> tuple[str, str, int]:
        return self.tokens[self.at]

    def take(self, kind: str) -> tuple[str, str, int]:
        token = self.tokens[self.at]
        if token[0] != kind:
            raise _GiveUp
        self.at += 1
        return token

    def sum(self):
        left = self.product()
        while self.peek()[0] in ("+", "-"):
            kind = self.tokens[self.at][0]
            self.at += 1
            right = self.product()
            build = Add if kind == "+" else Sub
            left = (build(left[0], right[0], left[1]), left[1], _PLAIN)
        return left

    def product(self):
        left = self.signed()
        while True:
            kind = self.peek()[0]
            if kind in ("*", "@", "/"):
                self.at += 1
                right = self.signed()
                if kind == "/":
                    node = Div(left[0], right[0], left[1])
                else:
                    node = Mul(left[0], right[0], kind, left[1])
            elif kind in ("name", "function", "(", "["):
                right = self.power(self.primary)
                if right[2] == _SPANNED and left[2] == _PLAIN and _is_one(left[0]):
                    raise _GiveUp  # 1(...) is an indicator: lark words the error
                node = Mul(left[0], right[0], "implicit", left[1])
            else:
                return left
            left = (node, left[1], _PLAIN)

    def signed(self):
        kind, _, pos = self.peek()
        if kind == "-":
            self.at += 1
            operand = self.signed()
            return Neg(operand[0], pos), pos, _PLAIN
        if kind == "+":
            self.at += 1
            operand = self.signed()
            return operand[0], pos, _SPANNED
        return self.power(self.atom)

    def power(self, first):
        base = self.postfix(first())
        if self.peek()[0] != "pow":
            return base
        self.at += 1
        exponent = self.exponent()
        return Pow(base[0], exponent[0], base[1]), base[1], _PLAIN

    def exponent(self):
        kind, _, pos = self.peek()
        if kind == "-":
            self.at += 1
            operand = self.exponent()
            return Neg(operand[0], pos), pos, _PLAIN
        if kind == "+":
            self.at += 1
            operand = self.exponent()
            return operand[0], pos, _SPANNED
        return self.power(self.atom)

    def postfix(self, part):
        while True:
            kind, value, pos = self.peek()
            if kind == "!":
                part = (Factorial(part[0], part[1]), part[1], _PLAIN)
            elif kind == "transpose":
                part = (Transpose(part[0], part[1]), part[1], _PLAIN)
            elif kind in ("²", "³"):
                exponent = Number(PARSER_SUPERSCRIPTS[value], pos)
                part = (Pow(part[0], exponent, part[1]), part[1], _PLAIN)
            else:
                return part
            self.at += 1

    def atom(self):
        kind, value, pos = self.peek()
        if kind == "number":
            self.at += 1
            return Number(value, pos), pos, _PLAIN
        return self.primary()

    def primary(self):
        kind, value, pos = self.peek()
        self.at += 1
        if kind == "name":
            return Name(value, pos), pos, _PLAIN
        if kind == "function":
            self.take("(")
            args = [self.sum()[0]]
            while self.peek()[0] == ",":
                self.at += 1
                args.append(self.sum()[0])
            self.take(")")
            return Call(value, tuple(args), pos), pos, _PLAIN
        if kind == "(":
            inner = self.sum()
            self.take(")")
            return inner[0], pos, _SPANNED
        if kind == "[":
            return self.brackets(pos)
        raise _GiveUp

    def brackets(self, pos: int):
        """``[a, b]`` a column (that may still become a row), ``[[a, b], [c, d]]`` rows."""
        entries = [self.sum()]
        while self.peek()[0] == ",":
            self.at += 1
            entries.append(self.sum())
        self.take("]")
        if not any(kind == _COLUMN or (kind == _PLAIN and isinstance(node, MatrixLiteral))
                   for node, _, kind in entries):
            column = MatrixLiteral(tuple((node,) for node, _, _ in entries), pos)
            return column, pos, _COLUMN
        if any(kind != _COLUMN for _, _, kind in entries):
            raise _GiveUp  # a nested or mixed literal: lark words the error
        rows = tuple(tuple(cell for (cell,) in node.rows) for node, _, _ in entries)
        if any(len(row) != len(rows[0]) for row in rows):
            raise _GiveUp
        return MatrixLiteral(rows, pos), pos, _PLAIN


def _is_one(node: Node) -> bool:
    return isinstance(node, Number) and node.text == "1"
