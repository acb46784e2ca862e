"""LaTeX tokens: commands (a backslash and its letters, or one other character), runs of
spaces and single characters; a forbidden character or brackets nested deeper than
:data:`solver.input_limits.MAX_DEPTH` are refused with their offset."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import NamedTuple

from solver.expr import ExprError
from solver.input_limits import MAX_DEPTH


class LatexError(ExprError):
    """The LaTeX cannot be translated; ``pos`` is an offset in the LaTeX text."""


class Token(NamedTuple):
    kind: str  # "command", "char" or "space"
    value: str  # command name without the backslash, the character, or " "
    pos: int

    def is_char(self, *chars: str) -> bool:
        return self.kind == "char" and self.value in chars

    def is_command(self, *names: str) -> bool:
        return self.kind == "command" and self.value in names

    @property
    def source(self) -> str:
        return "\\" + self.value if self.kind == "command" else self.value


_TOKEN = re.compile(r"\\(?:[A-Za-z]+|.)|(?P<space>[ \t\n\r]+)|.", re.DOTALL)


def tokenize(text: str) -> list[Token]:
    """Commands (a backslash and its letters, or one other character), runs of spaces and
    single characters."""
    tokens: list[Token] = []
    append = tokens.append
    for match in _TOKEN.finditer(text):
        found, pos = match.group(), match.start()
        if match.lastgroup == "space":
            append(Token("space", " ", pos))
        elif len(found) > 1:
            append(Token("command", found[1:], pos))
        elif found == "\\":
            raise LatexError("a lone '\\' ends the answer", text=text, pos=pos)
        else:
            if found in _PLAIN_CHARACTERS:
                append(Token("char", found, pos))
                continue
            if found in "%#" or not (found.isascii() and found.isprintable()):
                _check_character(text, pos)
            append(Token("char", found, pos))
    return tokens


# printable ASCII but % and #: a character token needing no further check
_PLAIN_CHARACTERS = frozenset(chr(code) for code in range(32, 127)) - {"%", "#"}


def _check_character(text: str, pos: int) -> None:
    char = text[pos]
    if char in "%#":
        raise LatexError(f"'{char}' is not supported in an answer", text=text, pos=pos)
    category = unicodedata.category(char)
    if category in ("Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn"):
        raise LatexError(
            f"the character U+{ord(char):04X} is not allowed", text=text, pos=pos
        )


_OPENING = {("char", "{"), ("char", "("), ("char", "["), ("command", "begin"),
            ("command", "{")}
_CLOSING = {("char", "}"), ("char", ")"), ("char", "]"), ("command", "end"),
            ("command", "}")}


def check_depth(text: str, tokens: list[Token]) -> None:
    depth = 0
    for token in tokens:
        if token.kind == "space":
            continue
        kind = (token.kind, token.value)
        if kind in _OPENING:
            depth += 1
            if depth > MAX_DEPTH:
                raise LatexError(
                    f"brackets are nested more than {MAX_DEPTH} deep", text=text, pos=token.pos
                )
        elif kind in _CLOSING:
            depth = max(depth - 1, 0)


@dataclass(frozen=True, slots=True)
class Delimiter:
    """A bracket found at a token, sizing commands such as ``\\left`` included."""

    kind: str  # "open", "close", "bar", "bar-open", "bar-close"
    text: str  # what it becomes in plain text
    end: int  # index of the token after it
    pos: int
