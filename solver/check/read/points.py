"""Point sets: ``{(pi/2, 0)}``, ``(pi/2 + k pi, 0)``, ``{(a, b), (c, d)}``.

``k``, ``m`` and ``n`` (unless they are names of the problem) and the names of an
integer clause are integer symbols; the integer symbols a point set uses are its
parameters.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import sympy

from solver.check.read.brackets import (
    bracketed_span,
    closing_bracket,
    split_top,
    strip_span,
    tuple_span,
)
from solver.check.read.text import Text
from solver.check.read.words import EMPTY_MEANING, NAME
from solver.check.values import Points, Says, StudentValue

INTEGER_PARAMETERS = ("k", "m", "n")


class PointReading:
    """The reader's part for point sets; coordinates are read by the reader's ``scalar``."""

    def point_names(self, integers: Iterable[str] = ()) -> dict[str, sympy.Basic]:
        names = dict(self.symbols)
        if self.expect == "points":
            for name in INTEGER_PARAMETERS:
                names.setdefault(name, sympy.Symbol(name, integer=True))
        for name in integers:
            names[name] = sympy.Symbol(name, integer=True)
        return names

    def is_point_set(self, plain: str, start: int, end: int, integers: list[str]) -> bool:
        if self.expect == "points" or plain[start] == "{":
            return True
        if self.expect is not None or plain[start] not in "([":  # no tuple comes first
            return False
        pieces = split_top(plain, start, end)
        if not all(tuple_span(plain, *piece) is not None for piece in pieces):
            return False
        if len(pieces) > 1 or integers:
            return True
        words = {match.group() for match in NAME.finditer(plain, start, end)}
        return any(name in words and name not in self.symbols for name in INTEGER_PARAMETERS)

    def points(self, text: Text, start: int, end: int, integers: list[str]) -> StudentValue:
        plain = text.plain
        if plain[start] == "{":
            closing = closing_bracket(plain, start, end)
            if closing != end - 1 or plain[closing] != "}":
                raise text.refuse("the set '{' is not closed at the end of the answer", start)
            start, end = strip_span(plain, start + 1, end - 1)
            if start == end:
                return Says(EMPTY_MEANING.get(self.expect or "", "none"), text.raw.strip())
        names = self.point_names(integers)
        for name in INTEGER_PARAMETERS:
            if name not in self.symbols:
                names.setdefault(name, sympy.Symbol(name, integer=True))
        points = []
        for piece in split_top(plain, start, end):
            inner = tuple_span(plain, *piece)
            if inner is None:
                inner = bracketed_span(plain, *piece) or piece
                coordinates = [inner]
            else:
                coordinates = split_top(plain, *inner)
            values = []
            for coordinate in coordinates:
                left, right = strip_span(plain, *coordinate)
                if left == right:
                    raise text.refuse("a coordinate is missing", left)
                values.append(self.scalar(text, left, right, names))
            points.append((tuple(values), piece[0]))
        size = len(points[0][0])
        for values, pos in points:
            if len(values) != size:
                raise text.refuse(
                    f"this point has {len(values)} coordinates but the first has {size}", pos
                )
        return self.point_set([values for values, _ in points], text.raw.strip())

    def point_set(self, points: list[tuple[Any, ...]], text: str) -> Points:
        used: set[sympy.Symbol] = set()
        for point in points:
            for value in point:
                used |= {s for s in getattr(value, "free_symbols", ()) if s.is_integer}
        parameters = tuple(sorted(used, key=lambda s: s.name))
        return Points(tuple(tuple(point) for point in points), parameters, text)
