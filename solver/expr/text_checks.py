"""Checks on the raw text of an expression, made before lark sees it.

At most ``MAX_LENGTH`` characters, bracket nesting at most ``MAX_DEPTH`` deep, numbers of
at most ``MAX_DIGITS`` digits, and no control, bidirectional-override, invisible or
unassigned character. Each failure is an ``ExprTooLarge`` or ``ExprSyntaxError`` pointing
at the offending character.
"""

from __future__ import annotations

import re
import unicodedata

from solver.input_limits import MAX_DEPTH, MAX_DIGITS, MAX_LENGTH

from .errors import ExprSyntaxError, ExprTooLarge

OPENERS = {"(": ")", "[": "]"}
CLOSERS = {")": "(", "]": "["}
_BIDI_CONTROLS = frozenset(range(0x202A, 0x202F)) | frozenset(range(0x2066, 0x206A))
_NUMBER_OR_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_']*|(?P<number>[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")


def check_length(text: str) -> None:
    if len(text) > MAX_LENGTH:
        raise ExprTooLarge(
            f"expression is {len(text)} characters long; the limit is {MAX_LENGTH}",
            text=text,
            pos=MAX_LENGTH,
        )


def forbidden_character(text: str, allowed: str = "\t") -> tuple[int, str] | None:
    """(position, description) of the first control, bidirectional-override, invisible or
    unassigned character that is not in ``allowed``; None when there is none.

    Every such character is of a category ``str.isprintable`` refuses (Cc, Cf, Zl, Zp, Cs,
    Co, Cn; the bidirectional overrides are Cf), so a text printable once the allowed
    characters are spaces has none."""
    spaced = text
    for char in allowed:
        spaced = spaced.replace(char, " ")
    if spaced.isprintable():
        return None
    for pos, char in enumerate(text):
        if char in allowed:
            continue
        code = ord(char)
        category = unicodedata.category(char)
        if code in _BIDI_CONTROLS:
            return pos, f"bidirectional override character U+{code:04X}"
        if category == "Cc":
            return pos, f"control character U+{code:04X}"
        if category in ("Cf", "Zl", "Zp", "Cs", "Co", "Cn"):
            return pos, f"invisible or unassigned character U+{code:04X}"
    return None


def check_characters(text: str) -> None:
    if text.replace("\t", " ").isprintable():
        return
    found = forbidden_character(text)
    if found is not None:
        pos, kind = found
        raise ExprSyntaxError(f"{kind} is not allowed", text=text, pos=pos)


def check_nesting(text: str) -> None:
    if text.count("(") + text.count("[") <= MAX_DEPTH:  # never deeper than the openers
        return
    depth = 0
    for pos, char in enumerate(text):
        if char in OPENERS:
            depth += 1
            if depth > MAX_DEPTH:
                raise ExprTooLarge(
                    f"brackets are nested more than {MAX_DEPTH} deep", text=text, pos=pos
                )
        elif char in CLOSERS:
            depth = max(depth - 1, 0)


_DIGITS = str.maketrans("", "", "0123456789")


def check_numbers(text: str) -> None:
    if len(text) - len(text.translate(_DIGITS)) <= MAX_DIGITS:  # no number holds more
        return
    for match in _NUMBER_OR_NAME.finditer(text):
        number = match.group("number")
        if number is None:
            continue
        digits = sum(char.isdigit() for char in number)
        if digits > MAX_DIGITS:
            raise ExprTooLarge(
                f"number has {digits} digits; the limit is {MAX_DIGITS}",
                text=text,
                pos=match.start(),
            )
