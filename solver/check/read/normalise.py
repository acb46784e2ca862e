"""Plain-text normalisation: what students type → the expression syntax.

The characters of :mod:`solver.expr.characters` (``−`` ``·`` ``≤`` ``∈``, Greek letters as
words, superscripts as powers, ``ᵀ``); ``∞``, ``oo``, ``inf`` → ``infinity``;
``sin^2(x)`` → ``(sin(x))^2`` and ``sin^-1(x)`` → ``arcsin(x)``; ``sin x``, ``cos 2x`` →
``sin(x)``, ``cos(2x)``; ``sec(x)`` → ``(1/cos(x))``; ``√x`` → ``sqrt(x)``; ``|x|`` →
``abs(x)``; ``(a, b)'`` → ``(a, b)^T``, and ``X'`` → ``X^T`` for a matrix ``X`` of the
problem; ``H(x)`` → ``heaviside(x)`` unless ``H`` is a name
of the problem. Every character of the result keeps the offset it comes from.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

from solver.check.latex.tables import INVERSE_TRIG, RECIPROCALS
from solver.check.read.brackets import CLOSERS, OPENERS
from solver.check.read.text import Refused
from solver.check.translation import Translation
from solver.expr import function_names
from solver.expr.characters import (
    ANSWER_REPLACEMENTS,
    INFINITY,
    ROOT_SIGN,
    SUPERSCRIPTS,
    TRANSPOSE_SIGN,
    WORD_CHARACTERS,
)

STEP_NAME = "H"  # H(x) is the unit step unless H is a name of the problem
_ASCII_SPACES = str.maketrans("\t\n\r", "   ")
_INFINITY_NAMES = frozenset({"oo", "inf", "infty", "Infinity", "infinity", "Inf"})
# the tokens that may be longer than one character; any other character is one of its own
_LONG_TOKENS = (r"(?P<name>[A-Za-z][A-Za-z0-9_]*)|(?P<number>[0-9]+(?:\.[0-9]*)?|\.[0-9]+)"
                r"|(?P<space>\s+)|(?P<power>\*\*)")
_PLAIN_TOKEN = re.compile(_LONG_TOKENS + r"|(?P<other>.)", re.DOTALL)
_LONG_TOKEN = re.compile(_LONG_TOKENS)  # the same tokens at the same places, the rest skipped
_SEVERAL_ARGUMENTS = frozenset({"max", "min", "Max", "Min", "piecewise", "Piecewise"})
_KEYWORDS = frozenset({"and", "or", "not", "if", "else", "in", "for", "True", "true"})
# what the rules below may rewrite: these characters, and names besides the functions
_MARKS = frozenset(OPENERS + CLOSERS + ",'|" + ROOT_SIGN)
_REWRITTEN_MARKS = ("|", "'", ROOT_SIGN)  # brackets and commas alone are kept as they are
_RENAMED = _INFINITY_NAMES | frozenset(RECIPROCALS) | {STEP_NAME}
_ENDS_ARGUMENT = frozenset({"+", "-", "*", "/", ")", "]", "}", ",", ";", "=", "<", ">", "|"})


class _Builder:
    def __init__(self) -> None:
        self.chars: list[str] = []
        self.origins: list[int] = []

    def emit(self, text: str, origin: int) -> None:
        if len(text) == 1:
            self.chars.append(text)
            self.origins.append(origin)
        else:
            self.chars.extend(text)
            self.origins.extend([origin] * len(text))

    def last(self) -> str:
        for char in reversed(self.chars):
            if not char.isspace():
                return char
        return ""

    def ends_alnum(self) -> bool:
        return bool(self.chars) and (self.chars[-1].isalnum() or self.chars[-1] == "_")

    def translation(self, source_length: int) -> Translation:
        return Translation("".join(self.chars), (*self.origins, source_length))


Refuse = Callable[[str, int, str | None], Refused]


def normalise(text: str, symbols: Mapping[str, Any], refuse: Refuse) -> Translation:
    """Plain-text forms students type → the expression syntax (see the module docstring)."""
    if text.isascii():  # only tabs and line breaks to replace, one for one
        return _normalise_tokens(text.translate(_ASCII_SPACES), symbols, refuse)
    first = _normalise_characters(text)
    second = _normalise_tokens(first.text, symbols,
                               lambda message, pos, hint=None: refuse(message, first.source(pos),
                                                                      hint))
    return first.then(second)


def _unchanged(text: str, functions: frozenset[str]) -> Translation | None:
    """The translation ``_rewritten`` gives a text none of its rules rewrite (no ``|``,
    ``'`` or ``√``, no name it renames, every function name followed at once by ``(``),
    worked out without building its tokens; None for any other text."""
    if any(mark in text for mark in _REWRITTEN_MARKS):
        return None
    origins = list(range(len(text) + 1))
    for match in _LONG_TOKEN.finditer(text):
        start, end = match.span()
        if match.lastgroup == "name":
            name = match.group()
            if name in _RENAMED or name in functions and text[end:end + 1] != "(":
                return None
        if end - start > 1:
            origins[start + 1:end] = [start] * (end - start - 1)
    return Translation(text, tuple(origins))


def _normalise_characters(text: str) -> Translation:
    out = _Builder()
    pos = 0
    size = len(text)
    while pos < size:
        char = text[pos]
        if char in ANSWER_REPLACEMENTS:
            out.emit(ANSWER_REPLACEMENTS[char], pos)
        elif char in WORD_CHARACTERS:
            if out.ends_alnum():
                out.emit(" ", pos)
            out.emit(WORD_CHARACTERS[char], pos)
            following = text[pos + 1] if pos + 1 < size else ""
            if following.isalpha() or following in WORD_CHARACTERS:
                out.emit(" ", pos)
        elif char in SUPERSCRIPTS:
            end = pos
            while end < size and text[end] in SUPERSCRIPTS:
                end += 1
            out.emit("^(" + "".join(SUPERSCRIPTS[c] for c in text[pos:end]) + ")", pos)
            pos = end
            continue
        elif char == TRANSPOSE_SIGN:
            out.emit("^T", pos)
            following = text[pos + 1] if pos + 1 < size else ""
            if following.isalnum():
                out.emit(" ", pos)
        else:
            out.emit(char, pos)
        pos += 1
    return out.translation(size)


class _PlainToken(NamedTuple):
    kind: str
    text: str
    pos: int


def _plain_tokens(text: str) -> list[_PlainToken]:
    return [
        _PlainToken(match.lastgroup or "other", match.group(), match.start())
        for match in _PLAIN_TOKEN.finditer(text)
    ]


def _normalise_tokens(text: str, symbols: Mapping[str, Any], refuse: Refuse) -> Translation:
    functions = function_names()
    unchanged = _unchanged(text, functions)
    return _rewritten(text, symbols, refuse, functions) if unchanged is None else unchanged


def _rewritten(text: str, symbols: Mapping[str, Any], refuse: Refuse,
               functions: frozenset[str]) -> Translation:
    tokens = _plain_tokens(text)
    out = _Builder()
    stack: list[tuple[str, str, int]] = []  # (opening, text to add at its closing, position)
    commas: list[bool] = []  # for each open bracket: whether it holds a ',' of its own
    tuple_closed = -2  # index of the last ')' or ']' closing a bracket with a ','
    pending = ""
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.text not in _MARKS if token.kind != "name" else (
                token.text not in _RENAMED and token.text not in functions):
            out.emit(token.text, token.pos)  # a token that stands for itself
            index += 1
            continue
        if token.kind == "name" and token.text in _INFINITY_NAMES and token.text not in symbols:
            out.emit(INFINITY, token.pos)
        elif token.kind == "name" and (token.text in functions or (
                token.text in RECIPROCALS and token.text not in symbols)):
            name = token.text
            head, close = (name, "") if name in functions else ("(1/" + RECIPROCALS[name], ")")
            power = _function_power(tokens, index)
            argument = _spaced_argument(tokens, index, functions) if power is None else None
            if argument is not None:  # sin x, cos 2x, sec y
                first, last = argument
                out.emit(head + "(", token.pos)
                for item in tokens[first:last]:
                    out.emit(item.text, item.pos)
                out.emit(")" + close, tokens[last - 1].pos)
                index = last
                continue
            if power is None:
                if close and _next_text(tokens, index) != "(":
                    raise refuse(f"function '{name}' must be followed by '('", token.pos,
                                 f"write {name}(x)")
                out.emit(head, token.pos)
                pending = close
            else:
                exponent, opening = power
                if exponent in ("-1", "(-1)") and name in INVERSE_TRIG:
                    out.emit(INVERSE_TRIG[name], token.pos)
                elif exponent in ("-1", "(-1)") and name in RECIPROCALS:
                    raise refuse(f"{name}^-1 is not supported", token.pos,
                                 f"write arc{RECIPROCALS[name]}(1/x) for the inverse, or "
                                 f"1/{name}(x)")
                else:
                    out.emit("(" + head, token.pos)
                    pending = close + ")^" + exponent
                index = opening
                continue
        elif token.kind == "name" and token.text == STEP_NAME and STEP_NAME not in symbols \
                and _next_text(tokens, index) == "(":
            out.emit("heaviside", token.pos)
        elif token.text == ROOT_SIGN:
            out.emit("sqrt", token.pos)
            following = index + 1
            while following < len(tokens) and tokens[following].kind == "space":
                following += 1
            argument = tokens[following] if following < len(tokens) else None
            if argument is not None and argument.text == "(":
                index = following
                continue
            if argument is None or argument.kind not in ("name", "number"):
                raise refuse("√ needs an argument", token.pos, "write √(x) or sqrt(x)")
            out.emit("(" + argument.text + ")", argument.pos)
            index = following + 1
            continue
        elif token.text in OPENERS:
            stack.append((token.text, pending, token.pos))
            commas.append(False)
            pending = ""
            out.emit(token.text, token.pos)
        elif token.text in CLOSERS:
            if stack and stack[-1][0] == "|":
                raise refuse("'|' is never closed", stack[-1][2],
                             f"close the absolute value before '{token.text}'")
            out.emit(token.text, token.pos)
            if stack:
                out.emit(stack.pop()[1], token.pos)
                if commas.pop():
                    tuple_closed = index
        elif token.text == "," and commas and stack[-1][0] != "|":
            commas[-1] = True
            out.emit(token.text, token.pos)
        elif token.text == "'" and (tuple_closed == index - 1 or _after_matrix(tokens, index,
                                                                            symbols)):
            following = tokens[index + 1].kind if index + 1 < len(tokens) else ""
            spaced = " " if following in ("name", "number") else ""  # X'X: X^T X, not X^TX
            out.emit("^T" + spaced, token.pos)  # (a, b)', [a, b]' and X' are transposes
        elif token.text == "|":
            last = out.last()
            operand = last.isalnum() or (last != "" and last in ")]}!'")
            if stack and stack[-1][0] == "|" and operand:
                out.emit(")" + stack.pop()[1], token.pos)
            elif _follows_function(tokens, index, functions):
                stack.append(("|", ")", token.pos))
                out.emit("(abs(", token.pos)
            else:
                stack.append(("|", "", token.pos))
                out.emit(" abs(" if out.ends_alnum() else "abs(", token.pos)
        else:
            out.emit(token.text, token.pos)
        index += 1
    for opening, _, pos in stack:
        if opening == "|":
            raise refuse("'|' is never closed", pos, "an absolute value is written |x|")
    return out.translation(len(text))


def _after_matrix(tokens: list[_PlainToken], index: int, symbols: Mapping[str, Any]) -> bool:
    """Whether the token before ``index`` is the name of one of the problem's matrices,
    and no name of the problem goes on with the prime (y'_1 where y' is a target)."""
    before = tokens[index - 1] if index else None
    if before is None or before.kind != "name" \
            or not getattr(symbols.get(before.text), "is_Matrix", False):
        return False
    primed = before.text + "'"
    return not any(name.startswith(primed) for name in symbols)


def _spaced_argument(tokens: list[_PlainToken], index: int, functions: frozenset[str]
                     ) -> tuple[int, int] | None:
    """For ``sin x``, ``cos 2x``: the token span of the argument written after a space, a
    name or a number (then a name) that the text closes right after (an operator, a
    bracket, another function or the end follows). None when there is none: ``sin x y``,
    ``sin x^2`` and ``sin x (x + 1)`` stay unread, as ``sinx`` does."""
    if tokens[index].text in _SEVERAL_ARGUMENTS or index + 1 >= len(tokens) or (
        tokens[index + 1].kind != "space"
    ):
        return None
    first = index + 1
    while first < len(tokens) and tokens[first].kind == "space":
        first += 1
    last = first
    if last < len(tokens) and tokens[last].kind == "number":
        last += 1
    if last < len(tokens) and tokens[last].kind == "name":
        last += 1
    names = [token.text for token in tokens[first:last] if token.kind == "name"]
    if last == first or any(name in functions or name in _KEYWORDS for name in names):
        return None
    following = _next_text(tokens, last - 1)
    if following and following not in _ENDS_ARGUMENT and following not in functions:
        return None
    return first, last


def _next_text(tokens: list[_PlainToken], index: int) -> str:
    """The text of the first token after ``index`` that is not a space."""
    position = index + 1
    while position < len(tokens) and tokens[position].kind == "space":
        position += 1
    return tokens[position].text if position < len(tokens) else ""


def _follows_function(tokens: list[_PlainToken], index: int, functions: frozenset[str]) -> bool:
    """Whether the token before ``index`` (spaces skipped) is a function name: ``ln|x|``."""
    position = index - 1
    while position >= 0 and tokens[position].kind == "space":
        position -= 1
    return position >= 0 and tokens[position].kind == "name" and (
        tokens[position].text in functions
    )


def _function_power(tokens: list[_PlainToken], index: int) -> tuple[str, int] | None:
    """For ``sin^2(x)``: the exponent text and the index of the '(' of the argument."""

    def skip(position: int) -> int:
        while position < len(tokens) and tokens[position].kind == "space":
            position += 1
        return position

    position = skip(index + 1)
    if position >= len(tokens) or tokens[position].text not in ("^", "**"):
        return None
    position = skip(position + 1)
    if position >= len(tokens):
        return None
    token = tokens[position]
    if token.kind == "number":
        exponent = token.text
        position += 1
    elif token.text in "-+" and position + 1 < len(tokens) and (
        tokens[position + 1].kind == "number"
    ):
        exponent = "(" + token.text + tokens[position + 1].text + ")"
        position += 2
        if exponent == "(-1)":
            exponent = "-1"
    elif token.text == "(":
        depth = 0
        parts = []
        while position < len(tokens):
            current = tokens[position]
            parts.append(current.text)
            if current.text == "(":
                depth += 1
            elif current.text == ")":
                depth -= 1
                if depth == 0:
                    break
            position += 1
        else:
            return None
        exponent = "".join(parts).replace(" ", "")
        position += 1
    else:
        return None
    position = skip(position)
    if position >= len(tokens) or tokens[position].text != "(":
        return None
    return exponent, position
