"""Plain text whose only LaTeX is subscripts and short powers, translated in one pass.

Most answers read as LaTeX only because they write ``x_1`` or ``W_12``: printable ASCII
with no backslash, ``$``, braces, ``|``, ``&``, ``~``, ``%`` or ``#``. For such a text the
translator's rules come down to: every character stands for itself, a run of white space
is one space, ``_`` joins the letter or the digits after it to the name before it (the
spaces before it dropped: ``x_12`` is ``x12``), ``^`` takes one character as its power
(``x^2``; a sign first: ``x^-1`` is ``x^(-1)``; ``^T`` transposes), and a letter or digit
right after a subscript or a power is set apart by a space (``x_1y`` is ``x1 y``, ``x^23``
is ``x^2 3`` as in TeX). ``translation`` cuts such a text into the translator's pieces and
joins them as it does (``join_pieces``: a space before a letter or digit that follows a
subscript or a power and a letter, digit or ``_``; no second space in a row), piece by
piece as they are cut: the very same ``Translation``. Any text the
translator would refuse (an unmatched bracket, a subscript after no name or of no letter
or digit, a power of nothing, brackets nested too deep) or that falls outside the
characters above is left to it (None). A test compares the two on many texts.
"""

from __future__ import annotations

import re

from solver.check.translation import Translation
from solver.input_limits import MAX_DEPTH

_SUBSET = re.compile(r"[\x20-\x7e\t\n\r]*")
_OUTSIDE = frozenset("\\${}|&~%#")
_SPACES = " \t\n\r"
_OPEN, _CLOSE = "([", ")]"

Cut = tuple[str, int, bool]  # a piece's text, its source offset, whether a name ends there


class _Joined:
    """The characters and offsets ``join_pieces`` makes of the pieces added in turn (none
    of them asks for a space before it; ``ends`` is the translator's "sep" on the right)."""

    def __init__(self) -> None:
        self.chars: list[str] = []
        self.origins: list[int] = []
        self.ends = False

    def add(self, text: str, pos: int, ends: bool = False, attached: bool = False) -> None:
        chars = self.chars
        if self.ends and not attached and text[0].isalnum() and chars and (
                chars[-1].isalnum() or chars[-1] == "_"):
            chars.append(" ")
            self.origins.append(pos)
        if text == " " and chars and chars[-1] == " ":
            return
        chars.extend(text)
        self.origins.extend([pos] * len(text))
        self.ends = ends

    def drop_spaces(self) -> None:
        """Take back the spaces at the end (the pieces of a run of white space)."""
        while self.chars and self.chars[-1] == " ":
            self.chars.pop()
            self.origins.pop()


def translation(text: str) -> Translation | None:
    """The translation of ``text`` (see the module docstring), or None to leave it to the
    translator."""
    if not _SUBSET.fullmatch(text) or not _OUTSIDE.isdisjoint(text):
        return None
    out = _Joined()
    depth = 0
    pos, length = 0, len(text)
    while pos < length:
        char = text[pos]
        if char in _SPACES:
            out.add(" ", pos)
            pos = _after_spaces(text, pos)
            continue
        if char == "_":
            out.drop_spaces()
            if not out.chars or not (out.chars[-1].isalnum() or out.chars[-1] == "'"):
                return None
            found = _subscript(text, pos + 1)
            if found is None:
                return None
            out.add(found[0], pos, ends=True, attached=True)
            pos = found[1]
            continue
        if char == "^":
            found = _power(text, pos + 1)
            if found is None:
                return None
            argument, pos_after = found
            if len(argument) == 1 and argument[0][0] == "T":
                out.add("^T", pos, ends=True)
            else:
                out.add("^", pos)
                for piece in argument:
                    out.add(*piece)
            pos = pos_after
            continue
        if char in _OPEN:
            depth += 1
            if depth > MAX_DEPTH:
                return None
        elif char in _CLOSE:
            depth -= 1
            if depth < 0:
                return None
        out.add(char, pos)
        pos += 1
    if depth:
        return None
    joined = "".join(out.chars)
    stripped = joined.strip()
    start = len(joined) - len(joined.lstrip())
    origins = (*out.origins, length)
    return Translation(stripped, origins[start:start + len(stripped) + 1])


def _after_spaces(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in _SPACES:
        pos += 1
    return pos


def _subscript(text: str, pos: int) -> tuple[str, int] | None:
    """The subscript written from ``pos`` (after spaces): one letter, or a run of digits;
    with the offset after it. None when neither follows."""
    pos = _after_spaces(text, pos)
    if pos == len(text) or not text[pos].isalnum():
        return None
    if not text[pos].isdigit():
        return text[pos], pos + 1
    end = pos
    while end < len(text) and text[end].isdigit():
        end += 1
    return text[pos:end], end


def _power(text: str, pos: int) -> tuple[list[Cut], int] | None:
    """The pieces of a power's argument written from ``pos`` (after spaces): one letter,
    digit or ``.*'``, or a sign and such an argument in parentheses; with the offset after
    it. None for anything else."""
    pos = _after_spaces(text, pos)
    if pos == len(text):
        return None
    char = text[pos]
    if char in "-+":
        rest = _power(text, pos + 1)
        if rest is None:
            return None
        return [("(" + char, pos, False), *rest[0], (")", pos, False)], rest[1]
    if char.isalnum() or char in ".*'":
        return [(char, pos, True)], pos + 1
    return None
