"""Answers given as lists: a flat list is a column vector, a list of lists a matrix by rows.

With ``expect == "points"`` each row is a point. Every entry is read as a scalar on its
own; the shape is checked before any entry is read (at most ``MAX_SIDE`` rows and
columns, lists nested at most ``MAX_LIST_DEPTH`` deep).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import sympy

from solver.check.read.brackets import strip_span
from solver.check.read.numbers import DECIMAL_POINT, plain_number, significant
from solver.check.read.prepare import prepare
from solver.check.read.text import Refused, refuse
from solver.check.values import Invalid, StudentValue, Written
from solver.input_limits import MAX_LIST_DEPTH, MAX_SIDE
from solver.plural import plural


class ListReading:
    """The reader's part for lists; the scalars of the entries are read by the reader."""

    def listed(self, raw: list | tuple) -> StudentValue:
        rows = list_shape(raw)
        if rows is None:
            column = [self.entry(entry, f"entry {number}", self.point_names())
                      for number, entry in enumerate(raw, start=1)]
            text = "[" + ", ".join(text for _, text, _ in column) + "]"
            decimals = any(decimal for _, _, decimal in column)
            if self.expect == "points":
                return self.point_set([tuple(value for value, _, _ in column)], text)
            return Written(sympy.ImmutableMatrix(len(column), 1,
                                                 [value for value, _, _ in column]), text,
                           decimals, tuple(significant(text) for _, text, _ in column))
        table = [
            [self.entry(entry, f"row {row}, column {column}", self.point_names())
             for column, entry in enumerate(cells, start=1)]
            for row, cells in enumerate(rows, start=1)
        ]
        text = "[" + ", ".join(
            "[" + ", ".join(text for _, text, _ in row) + "]" for row in table
        ) + "]"
        decimals = any(decimal for row in table for _, _, decimal in row)
        if self.expect == "points":
            return self.point_set([tuple(value for value, _, _ in row) for row in table], text)
        return Written(
            sympy.ImmutableMatrix(len(table), len(table[0]),
                                  [value for row in table for value, _, _ in row]), text,
            decimals, tuple(significant(text) for row in table for _, text, _ in row),
        )

    def entry(self, raw: Any, where: str, names: Mapping[str, sympy.Basic]
              ) -> tuple[Any, str, bool]:
        """One scalar entry of a list: its value, its text and whether it has decimals."""
        try:
            if raw is None or isinstance(raw, bool):
                raise refuse("expected a number or an expression")
            if isinstance(raw, int):
                return self.integer(raw)
            if isinstance(raw, float):
                if not math.isfinite(raw):
                    raise refuse(f"{raw} is not a number that can be checked")
                raw = repr(raw)
            if not isinstance(raw, str):
                raise refuse("expected a number or an expression")
            number = plain_number(raw)
            if number is not None:
                return number, raw.strip(), "." in raw
            text = prepare(raw, self.symbols)
            start, end = strip_span(text.plain, 0, len(text.plain))
            if start == end:
                raise refuse("the entry is empty")
            value = self.scalar(text, start, end, names)
            return value, raw.strip(), bool(DECIMAL_POINT.search(raw))
        except Refused as refusal:
            invalid = refusal.invalid
            where_col = where if invalid.position is None else (
                f"{where}, col {invalid.position + 1}"
            )
            raise Refused(Invalid(f"{where_col}: {invalid.message}", None, invalid.hint)
                           ) from None


def list_shape(raw: list | tuple) -> list[list[Any]] | None:
    """The rows of a list of lists, or None for a flat list; refuses bad shapes at once."""
    if not raw:
        raise refuse("an empty list is not an answer")
    if len(raw) > MAX_SIDE:
        raise refuse(f"the list has {len(raw)} entries; the limit is {MAX_SIDE}")
    nested = [isinstance(entry, list | tuple) for entry in raw]
    if not any(nested):
        return None
    if not all(nested):
        raise refuse("a matrix mixes rows [..] and single entries",
                      hint="write every row as a list: [[1, 2], [3, 4]]")
    for number, row in enumerate(raw, start=1):
        if len(row) > MAX_SIDE:
            raise refuse(f"row {number} has {len(row)} entries; the limit is {MAX_SIDE}")
        if not row:
            raise refuse(f"row {number} is empty")
    for number, row in enumerate(raw, start=1):
        if any(isinstance(entry, list | tuple) for entry in row):
            depth = 1 + _depth(row, MAX_LIST_DEPTH)
            message = (
                f"lists are nested more than {MAX_LIST_DEPTH} deep" if depth > MAX_LIST_DEPTH
                else "a matrix is a list of rows; its entries cannot be lists"
            )
            raise refuse(f"row {number}: {message}")
    width = len(raw[0])
    for number, row in enumerate(raw, start=1):
        if len(row) != width:
            raise refuse(f"row {number} has {plural(len(row), 'entry', 'entries')} but row 1 "
                          f"has {width}",
                          hint="every row of a matrix needs the same number of entries")
    return [list(row) for row in raw]


def _depth(value: Any, limit: int) -> int:
    """Nesting depth of lists in ``value``, counting no further than ``limit + 1``."""
    depth = 0
    level = [value]
    while level and depth <= limit:
        lists = [item for item in level if isinstance(item, list | tuple)]
        if not lists:
            break
        depth += 1
        level = [item for entry in lists for item in entry[: MAX_SIDE + 1]]
        level = level[: MAX_SIDE * MAX_SIDE]
    return depth
