"""The entries of a matrix a student wrote, as syntax trees of rational functions.

An entry is read as the reader reads it (a number it reads alone, else the syntax tree of
its text after the reader's own ``prepare``; a text as a whole is first tested, in the
reader's order, for every other form it could take) and is taken only when its tree is
built from the problem's symbols and short integers with ``+``, ``−``, ``×``, ``/`` and
powers by small integers, within size guards chosen well inside the identity test's and
the reader's own: then SymPy's form of it is a rational function with a degree bound and
a size no larger than the tree's, and the reader finds it defined wherever the tree is.
Such an entry is compared with a rational function as ``identity`` compares two (its
value modulo the prime at the same seeded points), and with a constant exactly; anything
else raises ``Outside``.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from typing import Any

import sympy

from solver.check import identity
from solver.check.read.brackets import (
    find_relations,
    is_conditional,
    read_interval,
    strip_span,
    tuples_to_vectors,
)
from solver.check.read.lists import list_shape
from solver.check.read.numbers import DECIMAL_POINT, SCIENTIFIC, plain_number
from solver.check.read.prepare import prepare
from solver.check.read.reader import INFINITY_WORD, Reader
from solver.check.read.words import check_no_equation, lhs_end, special_status
from solver.expr import parse, to_sympy
from solver.expr.matrices import ANSWER_RULES
from solver.expr.nodes import (
    Add,
    Div,
    MatrixLiteral,
    Mul,
    Name,
    Neg,
    Node,
    Number,
    Pow,
    Sub,
)

PRIME = identity.PRIME
MAX_NODES = 600  # SymPy's form of such a tree stays well inside identity.MAX_NODES
MAX_DEGREE = 10_000  # SymPy's form never has a larger degree bound than the tree
MAX_POWER = 64
MAX_LITERAL_BITS = 2_000  # every constant met stays far below the reader's size limit
MAX_INTEGER = 10**15


class Outside(Exception):
    """The answer or entry is outside what is read here."""


@dataclass(frozen=True)
class Entry:
    """One entry: its syntax tree and the names it uses, or its value when it is a number
    the reader reads alone (``tree`` None) or a tree without names."""

    tree: Node | None
    used: frozenset[str]
    constant: Fraction | None

    def value(self, names: Mapping[str, Any]):
        """The entry as the reader reads it into SymPy."""
        if self.tree is None:
            return sympy.Rational(self.constant.numerator, self.constant.denominator)
        return to_sympy(self.tree, names)


def written_entries(raw: Any, names: Mapping[str, Any]) -> tuple[tuple[int, int], list]:
    """The shape the reader gives a list, or a text it reads as a matrix literal, and its
    entries row by row (``Entry``)."""
    if isinstance(raw, str):
        shape, trees = _literal(raw, names)
        return shape, [_entry(tree, names) for tree in trees]
    if not isinstance(raw, list | tuple):
        raise Outside(type(raw).__name__)
    table = list_shape(raw)
    cells = list(raw) if table is None else [cell for row in table for cell in row]
    shape = (len(raw), 1) if table is None else (len(table), len(table[0]))
    return shape, [_entry(_tree(cell, names), names) for cell in cells]


def _entry(tree: Node | Fraction, names: Mapping[str, Any]) -> Entry:
    if isinstance(tree, Fraction):
        return Entry(None, frozenset(), tree)
    used = frozenset(_checked(tree, names))
    return Entry(tree, used, None if used else _exact(tree))


def compare_entry(expected, entry: Entry, names: Mapping[str, Any], seed: int
                  ) -> bool | None:
    """Whether an entry equals an expected rational function (or constant) as the full
    path's comparison of the two finds: exactly for two constants, else by the identity
    test; None when the test found no point where both are defined. Outside when the
    expected entry is not a rational function or is a constant beside a tree with names."""
    by_name = _symbols_by_name(expected)
    if by_name is None:
        raise Outside("not a rational function, or two symbols of one name")
    if not by_name:
        if entry.constant is None:
            raise Outside("a constant beside a tree with names")
        return expected == sympy.Rational(entry.constant.numerator,
                                          entry.constant.denominator)
    union = dict(by_name)  # the student's symbols are read as the answer's of one name
    for name in entry.used:
        symbol = by_name.get(names[name].name, names[name])
        if union.setdefault(symbol.name, symbol) != symbol:
            raise Outside(name)
    ordered = tuple(sorted(union.values(), key=lambda s: (s.name, s.sort_key())))
    position = {s.name: i for i, s in enumerate(ordered)}
    index = {name: position[names[name].name] for name in entry.used}
    return _identical(expected, entry, ordered, index, seed)


@lru_cache(maxsize=8192)
def _symbols_by_name(expected) -> dict[str, sympy.Symbol] | None:
    """The symbols of an expected rational function by name (none for a constant); None
    when it is not a rational function or two of its symbols share a name."""
    if identity.degree_bound(expected) is None:
        return None
    by_name = {s.name: s for s in expected.free_symbols}
    return by_name if len(by_name) == len(expected.free_symbols) else None


def _identical(expected, entry: Entry, symbols: tuple, index: Mapping[str, int],
               seed: int) -> bool | None:
    """``identity.identical`` with the entry evaluated on its syntax tree (a name's value
    is the coordinate ``index`` gives it)."""
    left = identity.compiled(expected, symbols)
    rng = random.Random(seed)
    agreed = 0
    for _ in range(4 * identity.POINTS):
        point = tuple(rng.randrange(PRIME) for _ in symbols)
        try:
            value = _constant_residue(entry.constant) if entry.tree is None \
                else _residue(entry.tree, point, index)
            if left(point) != value:
                return False
        except ZeroDivisionError:
            continue
        agreed += 1
        if agreed == identity.POINTS:
            return True
    return None


def _constant_residue(value: Fraction) -> int:
    return value.numerator % PRIME * identity.inverse(value.denominator % PRIME) % PRIME


def _literal(raw: str, names: Mapping[str, Any]) -> tuple[tuple[int, int], list[Node]]:
    """The shape and entries (syntax trees, row by row) of a text the reader reads as a
    matrix literal: the reader's own tests, in its order, find no other form in it."""
    if DECIMAL_POINT.search(raw):
        raise Outside("a decimal")
    reader = Reader(names, (), None)
    text = prepare(raw, reader.symbols)
    plain = text.plain
    start, end = strip_span(plain, 0, len(plain))
    if start == end or special_status(plain[start:end], None) is not None:
        raise Outside("an empty or special answer")
    integers, reals, cut = reader.clauses(text, start, end)
    if integers or reals or cut != end or lhs_end(plain, start, end) != start:
        raise Outside("a clause or an equation")
    check_no_equation(text, start, end)
    if not is_conditional(plain, start, end) and find_relations(plain, start, end):
        raise Outside("a relation")
    interval = read_interval(plain, start, end)
    if interval is not None and (interval.mixed or INFINITY_WORD.search(plain, start, end)):
        raise Outside("a range")
    if reader.is_point_set(plain, start, end, integers):
        raise Outside("a point set")
    source = tuples_to_vectors(plain[start:end])
    tree = parse(source) if not SCIENTIFIC.fullmatch(source) else None
    if not isinstance(tree, MatrixLiteral):
        raise Outside("not a matrix literal")
    rows, cols = tree.shape
    if rows > ANSWER_RULES.max_side or cols > ANSWER_RULES.max_side:
        raise Outside("too many rows or columns")
    return (rows, cols), [entry for row in tree.rows for entry in row]


def _tree(cell: Any, names: Mapping[str, Any]) -> Node | Fraction:
    """An entry as the reader reads it: a number it reads alone, else the syntax tree of
    its prepared text."""
    if isinstance(cell, bool) or not isinstance(cell, int | str):
        raise Outside(type(cell).__name__)
    if isinstance(cell, int):
        if abs(cell) >= MAX_INTEGER:
            raise Outside("a long integer")
        return Fraction(cell)
    if "." in cell:
        raise Outside("a decimal")
    number = plain_number(cell)
    if number is not None:
        return Fraction(int(number.p), int(number.q))
    text = prepare(cell, names)
    start, end = strip_span(text.plain, 0, len(text.plain))
    source = text.plain[start:end]
    if start == end or SCIENTIFIC.fullmatch(source.strip()):
        raise Outside("an empty entry or a number in scientific notation")
    return parse(source)


def _checked(tree: Node, names: Mapping[str, Any]) -> set[str]:
    """The names a tree uses, when it is within what is decided here (else _Outside)."""
    used: set[str] = set()
    nodes = 0

    def sizes(node: Node) -> tuple[int, int]:
        """(degree bound, bits bound of the constants) of a node."""
        nonlocal nodes
        nodes += 1
        if nodes > MAX_NODES:
            raise Outside("too many nodes")
        if isinstance(node, Number):
            if not node.text.isdigit() or len(node.text) > 15:
                raise Outside("a number that is not a short integer")
            return 0, int(node.text).bit_length() + 1
        if isinstance(node, Name):
            value = names.get(node.id)
            if not isinstance(value, sympy.Symbol):
                raise Outside(node.id)
            used.add(node.id)
            return 1, 0
        if isinstance(node, Neg):
            return sizes(node.operand)
        if isinstance(node, Add | Sub | Mul | Div):
            if isinstance(node, Mul) and node.op == "@":
                raise Outside("a matrix product")
            (left, left_bits), (right, right_bits) = sizes(node.left), sizes(node.right)
            degree = max(left, right) if isinstance(node, Add | Sub) else left + right
            return degree, left_bits + right_bits + 1
        if isinstance(node, Pow):
            power = _exponent(node.exponent)
            degree, bits = sizes(node.base)
            return degree * abs(power), bits * abs(power)
        raise Outside(type(node).__name__)

    degree, bits = sizes(tree)
    if degree > MAX_DEGREE or bits > MAX_LITERAL_BITS:
        raise Outside("too large")
    return used


def _exact(node: Node) -> Fraction:
    """The value of a tree without names (within the size guards of ``_checked``)."""
    if isinstance(node, Number):
        return Fraction(int(node.text))
    if isinstance(node, Neg):
        return -_exact(node.operand)
    if isinstance(node, Pow):
        return _exact(node.base) ** _exponent(node.exponent)
    left, right = _exact(node.left), _exact(node.right)
    if isinstance(node, Add):
        return left + right
    if isinstance(node, Sub):
        return left - right
    return left * right if isinstance(node, Mul) else left / right


def _exponent(node: Node) -> int:
    """A power's exponent written as a small integer (``2``, ``-1``)."""
    sign = 1
    while isinstance(node, Neg):
        sign, node = -sign, node.operand
    if not isinstance(node, Number) or not node.text.isdigit() \
            or int(node.text) > MAX_POWER:
        raise Outside("an exponent that is not a small integer")
    return sign * int(node.text)


def _residue(node: Node, point: tuple, index: Mapping[str, int]) -> int:
    """The tree's value modulo PRIME at ``point``; ZeroDivisionError where a denominator
    vanishes."""
    if isinstance(node, Number):
        return int(node.text) % PRIME
    if isinstance(node, Name):
        return point[index[node.id]]
    if isinstance(node, Neg):
        return -_residue(node.operand, point, index) % PRIME
    if isinstance(node, Pow):
        power = _exponent(node.exponent)
        base = _residue(node.base, point, index)
        if power >= 0:
            return pow(base, power, PRIME)
        return identity.inverse(pow(base, -power, PRIME))
    left, right = _residue(node.left, point, index), _residue(node.right, point, index)
    if isinstance(node, Add):
        return (left + right) % PRIME
    if isinstance(node, Sub):
        return (left - right) % PRIME
    if isinstance(node, Mul):
        return left * right % PRIME
    return left * identity.inverse(right) % PRIME
