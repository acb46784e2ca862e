"""Ranges: ``0 < eta < 1/6``, ``eta <= 1/6``, ``eta in (0, 1/6]``, ``eta > 0 and eta < 1/6``.

A side linear in one variable is solved for it (``-x > -1`` is ``x < 1``, ``0 < 6 eta < 1``
is ``0 < eta < 1/6``; dividing by a negative slope turns the inequalities round).
An infinite end (``infinity``, ``-infinity``) is an open, missing end.
"""

from __future__ import annotations

import re
from typing import Any

import sympy

from solver.check.read.brackets import Interval, find_relations, read_interval, strip_span
from solver.check.read.text import Refused, Text
from solver.check.read.words import CONSTANTS, NAME
from solver.check.values import Range
from solver.expr import function_names
from solver.expr.characters import INFINITY


class RangeReading:
    """The reader's part for ranges; scalars are read by the reader's ``scalar``."""

    def relation(self, text: Text, start: int, end: int,
                 relations: list[tuple[int, str]]) -> Range:
        plain = text.plain
        operators = [operator for _, operator in relations]
        if "in" in operators:
            if len(relations) != 1:
                raise text.refuse("write a range as 'eta in (a, b)' or 'a < eta < b'",
                                  relations[0][0])
            pos = relations[0][0]
            variable = self.range_variable(text, start, pos)
            if variable is None:
                raise text.refuse("the left of 'in' must be the variable", start)
            left, right = strip_span(plain, pos + 2, end)
            interval = read_interval(plain, left, right)
            if interval is None:
                raise text.refuse("expected an interval such as (0, 1/6] after 'in'", left)
            return self.range(text, variable, interval)
        if len(relations) > 2:
            raise text.refuse("a range has at most two inequalities", relations[2][0])
        bounds = []
        previous = start
        for pos, operator in relations:
            bounds.append((previous, pos))
            previous = pos + len(operator)
        bounds.append((previous, end))
        for left, right in bounds:
            if strip_span(plain, left, right)[0] == strip_span(plain, left, right)[1]:
                raise text.refuse("an inequality is missing a side", left)
        upward = [operator.startswith("<") for operator in operators]
        if len(relations) == 2:
            if upward[0] != upward[1]:
                raise text.refuse("both inequalities must point the same way",
                                  relations[1][0], hint="write a < eta < b")
            variable = self.range_variable(text, *bounds[1])
            if variable is None and (linear := self.linear_range(text, bounds, operators)):
                return linear
            if variable is None:
                raise text.refuse("the middle of 'a < eta < b' must be the variable",
                                  strip_span(plain, *bounds[1])[0])
            first_open = not operators[0].endswith("=")
            second_open = not operators[1].endswith("=")
            low, high = (bounds[0], bounds[2]) if upward[0] else (bounds[2], bounds[0])
            low_open, high_open = (
                (first_open, second_open) if upward[0] else (second_open, first_open)
            )
            return self.range_of(text, variable, low, high, low_open, high_open)
        left_variable = self.range_variable(text, *bounds[0])
        right_variable = self.range_variable(text, *bounds[1])
        strict = not operators[0].endswith("=")
        if left_variable is not None:
            if upward[0]:
                return self.range_of(text, left_variable, None, bounds[1], True, strict)
            return self.range_of(text, left_variable, bounds[1], None, strict, True)
        if right_variable is not None:
            if upward[0]:
                return self.range_of(text, right_variable, bounds[0], None, strict, True)
            return self.range_of(text, right_variable, None, bounds[0], True, strict)
        linear = self.linear_range(text, bounds, operators)
        if linear is not None:
            return linear
        raise text.refuse("one side of the inequality must be the variable", start,
                          hint="write e.g. 0 < eta < 1/6")

    def conjunction(self, text: Text, start: int, end: int,
                    connectives: list[re.Match[str]]) -> Range | None:
        """``eta > 0 and eta < 1/6``: two one-sided ranges of one variable, one giving the
        lower end and one the upper, are the range between them; None for anything else."""
        if len(connectives) != 1:
            return None
        cut = connectives[0]
        pieces = []
        for left, right in ((start, cut.start()), (cut.end(), end)):
            left, right = strip_span(text.plain, left, right)
            relations = find_relations(text.plain, left, right)
            if left == right or len(relations) != 1 or relations[0][1] == "in":
                return None
            try:
                pieces.append(self.relation(text, left, right, relations))
            except Refused:
                return None
        first, second = pieces
        if first.lower is None:
            first, second = second, first
        if first.variable != second.variable or first.lower is None or (
            first.upper is not None or second.upper is None or second.lower is not None
        ):
            return None
        return Range(first.variable, first.lower, second.upper, first.lower_open,
                     second.upper_open, text.raw.strip())

    def linear(self, text: Text, start: int, end: int) -> tuple[sympy.Symbol, Any, Any] | None:
        """(v, a, b) when ``plain[start:end]`` is a v + b for one variable v of the problem
        and a number a ≠ 0 of known sign (``-x``, ``2 eta - 1``); None otherwise."""
        try:
            value = self.scalar(text, start, end, self.symbols)
        except Refused:
            return None
        free = getattr(value, "free_symbols", set())
        if not isinstance(value, sympy.Expr) or len(free) != 1:
            return None
        (variable,) = free
        slope = value.diff(variable)
        if slope.free_symbols or not (slope.is_positive or slope.is_negative):
            return None
        intercept = sympy.expand(value - slope * variable)
        if variable in intercept.free_symbols:
            return None
        return variable, slope, intercept

    def linear_range(self, text: Text, bounds: list[tuple[int, int]],
                     operators: list[str]) -> Range | None:
        """A range whose variable is written inside a linear side: ``-x > -1`` is x < 1,
        ``0 < 2 eta < 1/3`` is 0 < eta < 1/6 (dividing by a negative a turns the
        inequalities round). None when no side is linear in one variable."""
        upward = operators[0].startswith("<")
        opens = [not operator.endswith("=") for operator in operators]
        if len(operators) == 2:
            middle = self.linear(text, *bounds[1])
            if middle is None:
                return None
            variable, slope, intercept = middle
            low, high = (bounds[0], bounds[2]) if upward else (bounds[2], bounds[0])
            low_open, high_open = (opens[0], opens[1]) if upward else (opens[1], opens[0])
            ends = [(self.solved_end(text, span, variable, slope, intercept), is_open)
                    for span, is_open in ((low, low_open), (high, high_open))]
            if slope.is_negative:
                ends.reverse()
            (lower, lower_open), (upper, upper_open) = ends
            return Range(variable.name, lower, upper, lower_open, upper_open,
                         text.raw.strip())
        for side, other, below in ((bounds[0], bounds[1], upward),
                                   (bounds[1], bounds[0], not upward)):
            found = self.linear(text, *side)
            if found is None:
                continue
            variable, slope, intercept = found
            end = self.solved_end(text, other, variable, slope, intercept)
            if slope.is_negative:
                below = not below
            if below:
                return Range(variable.name, None, end, True, opens[0], text.raw.strip())
            return Range(variable.name, end, None, opens[0], True, text.raw.strip())
        return None

    def solved_end(self, text: Text, span: tuple[int, int], variable: sympy.Symbol,
                   slope: Any, intercept: Any) -> Any:
        """The end c of ``a v + b < c`` as an end of v: (c - b)/a."""
        start, end = strip_span(text.plain, *span)
        value = self.scalar(text, start, end, self.symbols)
        if variable in getattr(value, "free_symbols", ()):
            raise text.refuse(f"both sides depend on {variable.name}", start,
                              hint="write the variable on one side only")
        return sympy.expand((value - intercept) / slope)

    def range_variable(self, text: Text, start: int, end: int) -> str | None:
        start, end = strip_span(text.plain, start, end)
        word = text.plain[start:end]
        if not NAME.fullmatch(word) or word in CONSTANTS or word == INFINITY:
            return None
        if word in function_names():
            return None
        return word

    def range(self, text: Text, variable: str | None, interval: Interval) -> Range:
        return self.range_of(text, variable, interval.lower, interval.upper,
                             interval.lower_open, interval.upper_open)

    def range_of(self, text: Text, variable: str | None, lower: tuple[int, int] | None,
                 upper: tuple[int, int] | None, lower_open: bool, upper_open: bool) -> Range:
        low = None if lower is None else self.bound(text, *lower, "lower", variable)
        high = None if upper is None else self.bound(text, *upper, "upper", variable)
        if low is None:
            lower_open = True
        if high is None:
            upper_open = True
        return Range(variable, low, high, lower_open, upper_open, text.raw.strip())

    def bound(self, text: Text, start: int, end: int, side: str, variable: str | None) -> Any:
        start, end = strip_span(text.plain, start, end)
        if start == end:
            raise text.refuse(f"the {side} end is missing", start)
        word = text.plain[start:end].replace(" ", "")
        if word in (INFINITY, "+" + INFINITY, "-" + INFINITY):
            negative = word.startswith("-")
            if negative != (side == "lower"):
                shown = "-∞" if negative else "∞"
                raise text.refuse(f"{shown} cannot be the {side} end", start)
            return None
        value = self.scalar(text, start, end, self.symbols)
        if variable is not None and variable in self.symbols and (
            self.symbols[variable] in getattr(value, "free_symbols", ())
        ):
            raise text.refuse(f"the {side} end depends on {variable}", start)
        return value
