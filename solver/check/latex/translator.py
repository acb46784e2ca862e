"""The recursive-descent translator: token access, sequences, characters and scripts.

Groups and brackets (:mod:`.delimiters`), commands (:mod:`.commands`) and environments
(:mod:`.environments`) are the translator's other parts.
"""

from __future__ import annotations

from collections.abc import Callable

from solver.check.latex.commands import CommandTranslation
from solver.check.latex.delimiters import DelimiterTranslation
from solver.check.latex.environments import EnvironmentTranslation
from solver.check.latex.pieces import Out, Piece, pieces_text
from solver.check.latex.tokens import Delimiter, LatexError, Token

Stop = Callable[[int, Out], bool]


class Translator(DelimiterTranslation, CommandTranslation, EnvironmentTranslation):
    def __init__(self, text: str, tokens: list[Token]) -> None:
        self.text = text
        self.tokens = tokens
        self.index = 0
        self.matrices: dict[int, int] = {}  # \begin of a matrix → the token after its \end
        self.delimiters: dict[int, Delimiter | None] = {}  # a token's bracket, once found

    # --- token access ---------------------------------------------------------------

    def peek(self, offset: int = 0) -> Token | None:
        index = self.index + offset
        return self.tokens[index] if index < len(self.tokens) else None

    def next(self) -> Token:
        token = self.peek()
        if token is None:
            raise self.error("unexpected end of the answer", len(self.text))
        self.index += 1
        return token

    def skip_spaces(self) -> None:
        while (token := self.peek()) is not None and token.kind == "space":
            self.index += 1

    def error(self, message: str, pos: int, hint: str | None = None) -> LatexError:
        return LatexError(message, text=self.text, pos=pos, hint=hint)

    def expect_char(self, char: str, opened_at: int, what: str) -> Token:
        token = self.peek()
        if token is None or not token.is_char(char):
            pos = token.pos if token is not None else len(self.text)
            raise self.error(f"expected '{char}' to close {what}", pos,
                             hint=f"{what} starts at col {opened_at + 1}")
        self.index += 1
        return token

    # --- sequences ------------------------------------------------------------------

    def translate(self) -> Out:
        return self.sequence(lambda _index, _out: False)

    def sequence(self, stop: Stop) -> Out:
        out: Out = []
        while (token := self.peek()) is not None:
            if stop(self.index, out):
                break
            self.item(token, out)
        return out

    def item(self, token: Token, out: Out) -> None:
        delimiter = self.delimiter_at(self.index)
        if delimiter is not None:
            if delimiter.kind in ("open", "bar", "bar-open"):
                out.extend(self.group())
                return
            raise self.error(f"unmatched '{self.tokens[self.index].source}'", delimiter.pos)
        if token.kind == "space":
            self.index += 1
            out.append(Piece(" ", token.pos))
        elif token.kind == "command":
            self.index += 1
            self.command(token, out)
        else:
            self.character(token, out)

    def character(self, token: Token, out: Out) -> None:
        char = token.value
        if char == "{":
            out.extend(self.brace_group(parenthesised=True))
            return
        self.index += 1
        if char == "}":
            raise self.error("unmatched '}'", token.pos)
        if char == "^":
            out.extend(self.superscript(token))
        elif char == "_":
            self.subscript(token, out)
        elif char in "&~":
            out.append(Piece(" ", token.pos))
        elif char == "$":
            return
        else:
            out.append(Piece(char, token.pos))

    def superscript(self, caret: Token) -> Out:
        argument = self.argument(caret)
        if pieces_text(argument) in ("T", "(T)"):
            return [Piece("^T", caret.pos, "glue", "sep")]
        return [Piece("^", caret.pos), *argument]

    def subscript_text(self, underscore: Token) -> str:
        self.skip_spaces()
        token = self.peek()
        if token is not None and token.is_char("{"):
            self.index += 1
            parts = []
            while (inner := self.peek()) is not None and not inner.is_char("}"):
                if inner.kind == "char" and inner.value.isascii() and inner.value.isalnum():
                    parts.append(inner.value)
                elif inner.kind != "space":
                    raise self.error("a subscript may hold only letters and digits", inner.pos,
                                     hint="write x_{1} or x_1 for x1")
                self.index += 1
            self.expect_char("}", token.pos, "the subscript '{'")
            if not parts:
                raise self.error("empty subscript", underscore.pos)
            return "".join(parts)
        if token is not None and token.kind == "char" and token.value.isascii() and (
            token.value.isalnum()
        ):
            self.index += 1
            if not token.value.isdigit():
                return token.value
            digits = [token.value]  # W_11 is W11, as typed (TeX would read W_1 1)
            while (more := self.peek()) is not None and more.kind == "char" \
                    and more.value.isascii() and more.value.isdigit():
                digits.append(more.value)
                self.index += 1
            return "".join(digits)
        pos = token.pos if token is not None else len(self.text)
        raise self.error("a subscript may hold only letters and digits", pos,
                         hint="write x_{1} or x_1 for x1")

    def subscript(self, underscore: Token, out: Out) -> None:
        while out and out[-1].text == " ":
            out.pop()
        if not out or not out[-1].text or not (out[-1].text[-1].isalnum()
                                                or out[-1].text.endswith("'")):
            raise self.error("a subscript must follow a name", underscore.pos,
                             hint="write x_1 for the variable x1")
        out.append(Piece(self.subscript_text(underscore), underscore.pos, "attach", "sep"))
