"""A matrix of rational functions written out, found equal without SymPy.

Against an answer that is a matrix (more than one entry) of rational functions with
rational coefficients, take a student's list of rows (or flat list, a column), or a text
the reader reads as a matrix literal (``[[2/y, -2x/y^2], ...]``, a LaTeX matrix), whose
every entry is built from the problem's symbols and integers with ``+``, ``−``, ``×``,
``/`` and small integer powers. The full path reads each entry into SymPy and finds it
identical or equal as a rational function (``identity``): "all n entries agree (exact)".
Here each entry is read by the reader's own ``prepare`` and ``parse`` (a text as a whole,
after the reader's own tests, in its order, that it is no special answer, relation, range,
point set or family), and its syntax tree is evaluated modulo the identity test's prime
at the test's seeded points against the expected entry's cached modular evaluator; an
entry and an expected entry without symbols are compared exactly.

Only agreement is decided here. Anything else — an entry that differs or cannot be told,
a decimal, a constant or function, a name that is not one of the problem's symbols, a
power that is not a small integer, an entry past the size guards (chosen well inside the
identity test's and the reader's own) — is left to the full path, which words it.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from fractions import Fraction
from functools import lru_cache
from typing import Any

import sympy

from solver import answers as A
from solver.check import identity
from solver.check.compare.matrices import entry_verdicts
from solver.check.compare.policy import Comparison, Policy
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
from solver.check.read.text import Refused
from solver.check.read.words import check_no_equation, lhs_end, special_status
from solver.expr import ExprError, parse
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

_AGREE = Comparison(True, "exact", "equal")


class _Outside(Exception):
    """The entry is outside what is decided here."""


def rational_matrix_agreement(answer: A.Answer, raw: Any, names: Mapping[str, Any],
                              policy: Policy) -> Comparison | None:
    """The full path's comparison when ``raw`` (a list) agrees with a matrix of rational
    functions entry by entry (see the module docstring); None for any other answer."""
    if not isinstance(raw, list | tuple | str) or policy.sigfigs is not None or policy.prove:
        return None
    if not isinstance(answer, A.Value) or answer.match != "equal":
        return None
    try:
        expected = _expected(answer.value)
    except TypeError:  # a mutable matrix
        return None
    if expected is None:
        return None
    rows, cols, entries = expected
    try:
        shape, cells = _cells(raw) if not isinstance(raw, str) else _literal(raw, names)
        if rows == 1 and cols > 1 and shape == (cols, 1):
            shape = (1, cols)  # a column written for a row vector: its transpose
        if shape != (rows, cols):
            return None
        verdicts = {}
        for index, (want, cell) in enumerate(zip(entries, cells, strict=True)):
            if not _agrees(want, cell, names, policy.seed):
                return None
            verdicts[index // cols, index % cols] = _AGREE
    except (_Outside, Refused, ExprError, RecursionError, ZeroDivisionError):
        return None
    return entry_verdicts(verdicts, cols, policy)


@lru_cache(maxsize=1024)
def _expected(value) -> tuple[int, int, tuple] | None:
    """(rows, columns, entries) of a matrix of rational functions with more than one entry,
    each entry with its symbols by name (None for a constant) and its value when constant;
    None for any other value."""
    if not isinstance(value, sympy.MatrixBase) or value.rows * value.cols < 2:
        return None
    entries = []
    for entry in value:
        if identity.degree_bound(entry) is None:
            return None
        symbols = entry.free_symbols
        if not symbols:
            if not entry.is_Rational:
                return None
            entries.append((entry, None, Fraction(int(entry.p), int(entry.q))))
            continue
        by_name = {s.name: s for s in symbols}
        if len(by_name) != len(symbols):
            return None
        entries.append((entry, by_name, None))
    return value.rows, value.cols, tuple(entries)


def _cells(raw: list | tuple) -> tuple[tuple[int, int], list]:
    """The shape the reader gives a list and its entries row by row."""
    table = list_shape(raw)
    if table is None:
        return (len(raw), 1), list(raw)
    return (len(table), len(table[0])), [cell for row in table for cell in row]


def _literal(raw: str, names: Mapping[str, Any]) -> tuple[tuple[int, int], list]:
    """The shape and entries (syntax trees, row by row) of a text the reader reads as a
    matrix literal: the reader's own tests, in its order, find no other form in it."""
    if DECIMAL_POINT.search(raw):
        raise _Outside("a decimal")
    reader = Reader(names, (), None)
    text = prepare(raw, reader.symbols)
    plain = text.plain
    start, end = strip_span(plain, 0, len(plain))
    if start == end or special_status(plain[start:end], None) is not None:
        raise _Outside("an empty or special answer")
    integers, reals, cut = reader.clauses(text, start, end)
    if integers or reals or cut != end or lhs_end(plain, start, end) != start:
        raise _Outside("a clause or an equation")
    check_no_equation(text, start, end)
    if not is_conditional(plain, start, end) and find_relations(plain, start, end):
        raise _Outside("a relation")
    interval = read_interval(plain, start, end)
    if interval is not None and (interval.mixed or INFINITY_WORD.search(plain, start, end)):
        raise _Outside("a range")
    if reader.is_point_set(plain, start, end, integers):
        raise _Outside("a point set")
    source = tuples_to_vectors(plain[start:end])
    tree = parse(source) if not SCIENTIFIC.fullmatch(source) else None
    if not isinstance(tree, MatrixLiteral):
        raise _Outside("not a matrix literal")
    rows, cols = tree.shape
    if rows > ANSWER_RULES.max_side or cols > ANSWER_RULES.max_side:
        raise _Outside("too many rows or columns")
    return (rows, cols), [entry for row in tree.rows for entry in row]


def _agrees(want: tuple, cell: Any, names: Mapping[str, Any], seed: int) -> bool:
    """Whether an entry as the reader reads it equals the expected entry, as the full
    path's comparison finds it (exactly for constants, else by the identity test)."""
    entry, by_name, constant = want
    tree = cell if isinstance(cell, Node) else _tree(cell, names)
    if isinstance(tree, Fraction):
        return constant is not None and tree == constant
    used = _checked(tree, names)
    if not used:  # a constant: compared exactly, as two numbers are
        return constant is not None and _exact(tree) == constant
    if constant is not None:
        return False
    symbols = dict(by_name)  # the student's symbols are read as the answer's of one name
    for name in used:
        symbol = by_name.get(names[name].name, names[name])
        if symbols.setdefault(symbol.name, symbol) != symbol:
            raise _Outside(name)
    ordered = tuple(sorted(symbols.values(), key=lambda s: (s.name, s.sort_key())))
    position = {s.name: i for i, s in enumerate(ordered)}
    index = {name: position[names[name].name] for name in used}
    return _identical(entry, tree, ordered, index, seed)


def _tree(cell: Any, names: Mapping[str, Any]) -> Node | Fraction:
    """An entry as the reader reads it: a number it reads alone, else the syntax tree of
    its prepared text."""
    if isinstance(cell, bool) or not isinstance(cell, int | str):
        raise _Outside(type(cell).__name__)
    if isinstance(cell, int):
        if abs(cell) >= MAX_INTEGER:
            raise _Outside("a long integer")
        return Fraction(cell)
    if "." in cell:
        raise _Outside("a decimal")
    number = plain_number(cell)
    if number is not None:
        return Fraction(int(number.p), int(number.q))
    text = prepare(cell, names)
    start, end = strip_span(text.plain, 0, len(text.plain))
    source = text.plain[start:end]
    if start == end or SCIENTIFIC.fullmatch(source.strip()):
        raise _Outside("an empty entry or a number in scientific notation")
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
            raise _Outside("too many nodes")
        if isinstance(node, Number):
            if not node.text.isdigit() or len(node.text) > 15:
                raise _Outside("a number that is not a short integer")
            return 0, int(node.text).bit_length() + 1
        if isinstance(node, Name):
            value = names.get(node.id)
            if not isinstance(value, sympy.Symbol):
                raise _Outside(node.id)
            used.add(node.id)
            return 1, 0
        if isinstance(node, Neg):
            return sizes(node.operand)
        if isinstance(node, Add | Sub | Mul | Div):
            if isinstance(node, Mul) and node.op == "@":
                raise _Outside("a matrix product")
            (left, left_bits), (right, right_bits) = sizes(node.left), sizes(node.right)
            degree = max(left, right) if isinstance(node, Add | Sub) else left + right
            return degree, left_bits + right_bits + 1
        if isinstance(node, Pow):
            power = _exponent(node.exponent)
            degree, bits = sizes(node.base)
            return degree * abs(power), bits * abs(power)
        raise _Outside(type(node).__name__)

    degree, bits = sizes(tree)
    if degree > MAX_DEGREE or bits > MAX_LITERAL_BITS:
        raise _Outside("too large")
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
        raise _Outside("an exponent that is not a small integer")
    return sign * int(node.text)


def _identical(entry, tree: Node, symbols: tuple, index: Mapping[str, int],
               seed: int) -> bool:
    """``identity.identical`` with the student's side evaluated on its syntax tree (a
    name's value is the coordinate ``index`` gives it)."""
    left = identity.compiled(entry, symbols)
    rng = random.Random(seed)
    agreed = 0
    for _ in range(4 * identity.POINTS):
        point = tuple(rng.randrange(PRIME) for _ in symbols)
        try:
            if left(point) != _residue(tree, point, index):
                return False
        except ZeroDivisionError:
            continue
        agreed += 1
        if agreed == identity.POINTS:
            return True
    return False


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
