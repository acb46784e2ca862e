"""Brackets of a plain answer text: depths, top-level commas, intervals and relations.

Every function works on a span ``text[start:end]`` and returns offsets into ``text``, so
a refusal can point at the character it is about. ``(a, b)`` is read as an interval, a
tuple or a vector by the caller; here it is only found.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from solver.expr import function_names

OPENERS = "([{"
CLOSERS = ")]}"
_IN_WORD = re.compile(r"(?<![A-Za-z0-9_])in(?![A-Za-z0-9_])")
_IF_WORD = re.compile(r"(?<![A-Za-z0-9_])if(?![A-Za-z0-9_])")
_PIECEWISE = frozenset({"piecewise", "Piecewise"})


def strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def bracket_depths(text: str, start: int, end: int) -> list[int]:
    """Bracket depth of each character of text[start:end] (brackets at their outer depth)."""
    depths = []
    depth = 0
    for pos in range(start, end):
        char = text[pos]
        if char in CLOSERS:
            depth = max(depth - 1, 0)
        depths.append(depth)
        if char in OPENERS:
            depth += 1
    return depths


def split_top(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of text[start:end] between the commas outside brackets."""
    pieces = []
    left = start
    for offset, depth in enumerate(bracket_depths(text, start, end)):
        pos = start + offset
        if depth == 0 and text[pos] == ",":
            pieces.append((left, pos))
            left = pos + 1
    pieces.append((left, end))
    return [strip_span(text, *piece) for piece in pieces]


def closing_bracket(text: str, opening: int, end: int) -> int | None:
    """Where the bracket opened at ``opening`` is closed (any closing bracket), or None."""
    depth = 0
    for pos in range(opening, end):
        if text[pos] in OPENERS:
            depth += 1
        elif text[pos] in CLOSERS:
            depth -= 1
            if depth == 0:
                return pos
    return None


def bracketed_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    start, end = strip_span(text, start, end)
    if start < end and text[start] in "([" and closing_bracket(text, start, end) == end - 1:
        return start + 1, end - 1
    return None


def tuple_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The inside of a bracketed tuple ``(a, b)`` / ``[a, b]`` filling the span, or None."""
    inner = bracketed_span(text, start, end)
    if inner is None or len(split_top(text, *inner)) < 2:
        return None
    return inner


@dataclass(frozen=True)
class Interval:
    lower: tuple[int, int]
    upper: tuple[int, int]
    lower_open: bool
    upper_open: bool

    @property
    def mixed(self) -> bool:
        return self.lower_open != self.upper_open


def read_interval(text: str, start: int, end: int) -> Interval | None:
    start, end = strip_span(text, start, end)
    if end - start < 2 or text[start] not in "([" or text[end - 1] not in ")]":
        return None
    if closing_bracket(text, start, end) != end - 1:
        return None
    pieces = split_top(text, start + 1, end - 1)
    if len(pieces) != 2:
        return None
    return Interval(pieces[0], pieces[1], text[start] == "(", text[end - 1] == ")")


def is_conditional(text: str, start: int, end: int) -> bool:
    """Whether ``if`` stands outside brackets: ``5 if z1 > 0 else 0`` is a value, not a range."""
    if text.find("if", start, end) < 0:
        return False
    depths = bracket_depths(text, start, end)
    return any(
        depths[match.start() - start] == 0 for match in _IF_WORD.finditer(text, start, end)
    )


def find_relations(text: str, start: int, end: int) -> list[tuple[int, str]]:
    """The relations ``<``, ``>``, ``<=``, ``>=`` and ``in`` outside brackets, in order."""
    if text.find("<", start, end) < 0 and text.find(">", start, end) < 0 \
            and text.find("in", start, end) < 0:
        return []
    found = []
    depths = bracket_depths(text, start, end)
    pos = start
    while pos < end:
        if depths[pos - start] == 0:
            pair = text[pos : pos + 2]
            if pair in ("<=", ">="):
                found.append((pos, pair))
                pos += 2
                continue
            if text[pos] in "<>":
                found.append((pos, text[pos]))
            elif _IN_WORD.match(text, pos, end):
                found.append((pos, "in"))
                pos += 2
                continue
        pos += 1
    return found


def tuples_to_vectors(text: str) -> str:
    """``(a, b)`` → ``[a, b]`` unless the parentheses hold a function's arguments."""
    if "," not in text:  # only brackets holding a comma change
        return text
    chars = list(text)
    stack: list[list[Any]] = []  # [position, function name or None, has a comma, bracket]
    functions = function_names()
    for pos, char in enumerate(text):
        if char in OPENERS:
            call = None
            if char == "(":
                before = text[:pos].rstrip()
                match = re.search(r"[A-Za-z][A-Za-z0-9_]*$", before[-40:])
                if match is not None and match.group() in functions:
                    call = match.group()
                elif stack and stack[-1][1] in _PIECEWISE:
                    call = "case"  # (value, condition) of piecewise((5, x > 0), (0, True))
            stack.append([pos, call, False, char])
        elif char == "," and stack:
            stack[-1][2] = True
        elif char in CLOSERS and stack:
            opening, call, comma, kind = stack.pop()
            if kind == "(" and char == ")" and comma and call is None:
                chars[opening] = "["
                chars[pos] = "]"
    return "".join(chars)
