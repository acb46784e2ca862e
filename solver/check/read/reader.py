"""The reader of one answer: dispatch on the raw value and on the form of the text.

See :mod:`solver.check.read` for the forms in the order they are tried; each form is read
by its own part (:mod:`.lists`, :mod:`.ranges`, :mod:`.points`, :mod:`.expressions`).
Scalars go through :func:`solver.expr.parse` and :func:`solver.expr.to_sympy`; a value
that is not a finite number is refused here.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from typing import Any

import sympy

from solver.check.read.brackets import (
    bracket_depths,
    find_relations,
    is_conditional,
    read_interval,
    strip_span,
)
from solver.check.read.expressions import ExpressionReading
from solver.check.read.lists import ListReading
from solver.check.read.numbers import SCIENTIFIC, plain_number, significant
from solver.check.read.points import PointReading
from solver.check.read.prepare import prepare
from solver.check.read.ranges import RangeReading
from solver.check.read.text import Text, refuse
from solver.check.read.words import (
    CLAUSE_WINDOW,
    INTEGER_CLAUSES,
    REAL_CLAUSES,
    check_no_equation,
    clause_match,
    lhs_end,
    may_hold_clause,
    name_offsets,
    special_status,
)
from solver.check.values import Says, StudentValue, Written
from solver.expr import Div, ExprError, Name, Neg, Node, Pow, parse, to_sympy, walk
from solver.expr.characters import INFINITY
from solver.input_limits import MAX_DIGITS
from solver.numbers import exact, symbol

_TOP_CONNECTIVE = re.compile(r"\b(?:and|or|not)\b|[&∧∨¬]")
_AND = frozenset({"and", "&", "∧"})
INFINITY_WORD = re.compile(r"(?<![A-Za-z0-9_])infinity(?![A-Za-z0-9_])")


class Reader(ListReading, RangeReading, PointReading, ExpressionReading):
    def __init__(
        self, variables: Mapping[str, sympy.Symbol], extra_names: Iterable[str], expect: str | None
    ) -> None:
        self.symbols: dict[str, sympy.Basic] = dict(variables)
        for name in extra_names:
            self.symbols.setdefault(name, symbol(name))
        self.expect = expect

    # --- dispatch on the type of the raw value -------------------------------------------

    def answer(self, raw: Any) -> StudentValue:
        if raw is None:
            raise refuse("the answer is empty")
        if isinstance(raw, bool):
            raise refuse("true/false is not an answer here")
        if isinstance(raw, int):
            value, text, _ = self.integer(raw)
            return Written(value, text)
        if isinstance(raw, float):
            if not math.isfinite(raw):
                raise refuse(f"{raw} is not a number that can be checked")
            return self.text(repr(raw))
        if isinstance(raw, str):
            number = plain_number(raw) if self.expect not in ("points", "range") else None
            if number is not None:
                stripped = raw.strip()
                return Written(number, stripped, "." in stripped, significant(stripped))
            return self.text(raw)
        if isinstance(raw, list | tuple):
            return self.listed(raw)
        raise refuse(f"cannot read an answer of type {type(raw).__name__}")

    def integer(self, raw: int) -> tuple[sympy.Integer, str, bool]:
        if raw.bit_length() > MAX_DIGITS * 4:
            raise refuse(f"the number has more than {MAX_DIGITS} digits")
        text = str(raw)
        if len(text.lstrip("-")) > MAX_DIGITS:
            raise refuse(f"the number has {len(text.lstrip('-'))} digits; the limit is "
                          f"{MAX_DIGITS}")
        return sympy.Integer(raw), text, False

    def text(self, raw: str) -> StudentValue:
        text = prepare(raw, self.symbols)
        plain = text.plain
        start, end = strip_span(plain, 0, len(plain))
        if start == end:
            raise refuse("the answer is empty")
        status = special_status(plain[start:end], self.expect)
        if status is not None:
            return Says(status, raw.strip())
        integers, reals, end = self.clauses(text, start, end)
        start = lhs_end(plain, start, end)
        start, end = strip_span(plain, start, end)
        if start == end:
            raise text.refuse("the answer is missing after '='", start)
        check_no_equation(text, start, end)
        relations = [] if is_conditional(plain, start, end) else find_relations(plain, start, end)
        if relations:
            depths = bracket_depths(plain, start, end)
            connectives = [match for match in _TOP_CONNECTIVE.finditer(plain, start, end)
                           if depths[match.start() - start] == 0]
            if connectives and all(match.group() in _AND for match in connectives) and (
                conjunction := self.conjunction(text, start, end, connectives)
            ):
                return conjunction
            if connectives:
                raise text.refuse(
                    f"a condition with '{connectives[0].group()}' is not an answer here",
                    connectives[0].start(), "write a range as 0 < eta < 1/6, or an indicator "
                    "as [z1 > 0 and z2 > 0]")
            return self.relation(text, start, end, relations)
        interval = read_interval(plain, start, end)
        if interval is not None and (
            interval.mixed
            or INFINITY_WORD.search(plain, start, end)
            or self.expect == "range"
        ):
            return self.range(text, None, interval)
        if self.is_point_set(plain, start, end, integers):
            return self.points(text, start, end, integers)
        return self.expression(text, start, end, reals)

    def clauses(self, text: Text, start: int, end: int) -> tuple[list[str], list[str], int]:
        """Set aside a trailing "for integer k" / "t ∈ ℝ" clause: (integers, reals, new end)."""
        window = max(start, end - CLAUSE_WINDOW)
        tail = text.plain[window:end]
        if not may_hold_clause(tail):
            return [], [], end
        for patterns, kind in ((INTEGER_CLAUSES, "integer"), (REAL_CLAUSES, "real")):
            for pattern in patterns:
                match = clause_match(pattern, tail)
                if match is None or window + match.start() == start:
                    continue
                found = [name.strip() for name in match.group("names").split(",")]
                for offset, name in zip(name_offsets(match), found, strict=True):
                    if name in self.symbols:
                        raise text.refuse(
                            f"'{name}' is a variable of the problem; it cannot be a parameter",
                            window + offset,
                            hint="use another letter for the parameter",
                        )
                cut = window + match.start()
                while cut > start and text.plain[cut - 1] in " ,;":
                    cut -= 1
                if kind == "integer":
                    return found, [], cut
                return [], found, cut
        return [], [], end

    # --- scalars ------------------------------------------------------------------------

    def scalar(self, text: Text, start: int, end: int, names: Mapping[str, sympy.Basic]
               ) -> Any:
        """The scalar written in ``plain[start:end]``."""
        source = text.plain[start:end]
        if SCIENTIFIC.fullmatch(source.strip()):
            try:
                return exact(source)
            except ValueError:
                raise text.refuse("the number is too long", start) from None
        tree = self.parse(text, start, end)
        if INFINITY in source:  # a name of the tree is a word of its text
            self.check_infinity(text, tree, start)
        try:
            value = to_sympy(tree, names, text=source)
        except ExprError as error:
            raise text.error(error, start) from None
        self.check_defined(text, tree, source, start, names, (value,))
        return value

    def check_defined(self, text: Text, tree: Node, source: str, offset: int,
                      names: Mapping[str, sympy.Basic], values: Iterable[Any]) -> None:
        """Refuse a value that is not a finite number: ``1/0``, ``0/0``, ``x/0`` and ``0^-1``
        are a division by zero (pointing at the zero), others (``log(0)``) undefined."""
        if not any(_undefined(value) for value in values):
            return
        for node in walk(tree):
            zero = None
            if isinstance(node, Div):
                zero = node.right
            elif isinstance(node, Pow) and isinstance(node.exponent, Neg):
                zero = node.base
            if zero is not None and _is_zero(zero, names, source):
                raise text.refuse("division by zero", offset + zero.pos,
                                  hint="an answer must be a finite number")
        raise text.refuse("the answer is not a finite number", offset,
                          hint="write 'undefined' if that is the answer")

    def parse(self, text: Text, start: int, end: int, source: str | None = None) -> Node:
        try:
            return parse(text.plain[start:end] if source is None else source)
        except ExprError as error:
            raise text.error(error, start) from None

    def check_infinity(self, text: Text, tree: Node, offset: int) -> None:
        if INFINITY in self.symbols:
            return
        for node in walk(tree):
            if isinstance(node, Name) and node.id == INFINITY:
                raise text.refuse("∞ can only be an end of an interval", offset + node.pos,
                                  hint="write a range such as 0 < eta < infinity")


_UNDEFINED = frozenset({sympy.zoo, sympy.nan, sympy.oo, -sympy.oo})


def _undefined(value: Any) -> bool:
    """Whether a SymPy value (a matrix's entries too) holds ∞, −∞, zoo or nan among its
    atoms (the nodes without arguments); False for anything else."""
    if isinstance(value, sympy.MatrixBase):
        stack = list(value)
    else:
        stack = [value] if isinstance(value, sympy.Basic) else []
    while stack:
        node = stack.pop()
        arguments = node.args
        if arguments:
            stack.extend(arguments)
        elif node in _UNDEFINED:
            return True
    return False


def _is_zero(node: Node, names: Mapping[str, sympy.Basic], source: str) -> bool:
    try:
        return to_sympy(node, names, text=source).is_zero is True
    except ExprError:
        return False
