"""Commands: symbols, words, fractions, roots, functions and their arguments, wrappers,
indicators and text."""

from __future__ import annotations

from solver.check.latex.pieces import Out, Piece, pieces_text, strip_spaces, unbraced, word_piece
from solver.check.latex.tables import (
    BOXES,
    FRACTIONS,
    FUNCTIONS,
    GREEK,
    IGNORED,
    INDICATORS,
    INVERSE_TRIG,
    MATH_WRAPPERS,
    RECIPROCALS,
    SPACES,
    SYMBOLS,
    TEXT_WRAPPERS,
    VARIADIC,
    WORDS,
)
from solver.check.latex.tokens import Token
from solver.expr.characters import INDICATOR_SIGN


class CommandTranslation:
    """The translator's part for commands."""

    def command(self, token: Token, out: Out) -> None:
        name = token.value
        if name in GREEK:
            out.append(word_piece(GREEK[name], token.pos))
        elif name in WORDS:
            out.append(word_piece(WORDS[name], token.pos))
        elif name in SYMBOLS:
            out.append(Piece(SYMBOLS[name], token.pos))
        elif name in SPACES:
            out.append(Piece(" ", token.pos))
        elif name in IGNORED:
            return
        elif name in FRACTIONS:
            numerator = self.argument(token, parenthesised=False)
            denominator = self.argument(token, parenthesised=False)
            out.extend([Piece("((", token.pos), *numerator, Piece(")/(", token.pos),
                        *denominator, Piece("))", token.pos)])
        elif name == "sqrt":
            out.extend(self.root(token))
        elif name in BOXES:
            out.extend(self.boxed(token))
        elif name in FUNCTIONS:
            out.extend(self.function(name, token))
        elif name in MATH_WRAPPERS:
            out.extend(self.wrapper(token))
        elif name in TEXT_WRAPPERS:
            word = self.plain_text(token)
            if word in FUNCTIONS:
                out.extend(self.function(word, token))
            else:
                out.append(word_piece(word, token.pos))
        elif name == "hat":
            word = pieces_text(self.argument(token, parenthesised=False))
            if not word.isalnum():
                raise self.error("\\hat applies to a name here", token.pos)
            out.append(word_piece(word + "hat", token.pos))
        elif name == "begin":
            out.extend(self.environment(token))
        elif name == "end":
            raise self.error("\\end without a matching \\begin", token.pos)
        elif name == "\\":
            raise self.error("'\\\\' starts a new row only inside a matrix", token.pos)
        else:
            raise self.error(f"\\{name} is not supported", token.pos,
                             hint=_command_hint(name))

    def boxed(self, token: Token) -> Out:
        """\\boxed{..} and \\fbox{..}: what the box holds; in parentheses unless the box is
        the whole answer (so a boxed range or ``x = ..`` reads as one)."""
        command = self.index - 1
        self.skip_spaces()
        opening = self.peek()
        if opening is None or not opening.is_char("{"):
            pos = opening.pos if opening is not None else len(self.text)
            raise self.error(f"\\{token.value} needs {{...}}", pos,
                             hint=f"write \\{token.value}{{answer}}")
        inner = self.brace_group(parenthesised=False)
        if not inner:
            raise self.error(f"\\{token.value} is empty", opening.pos)
        if self.nothing_around(command, self.index):
            return inner
        return [Piece("(", token.pos), *inner, Piece(")", token.pos)]

    def nothing_around(self, start: int, end: int) -> bool:
        """Whether only spaces, ``$`` and display commands stand outside tokens [start, end)."""
        return all(
            token.kind == "space" or token.is_char("$") or token.is_command(*IGNORED, *SPACES)
            for token in (*self.tokens[:start], *self.tokens[end:])
        )

    def root(self, token: Token) -> Out:
        self.skip_spaces()
        index: Out | None = None
        opening = self.peek()
        if opening is not None and opening.is_char("["):
            self.index += 1

            def closes(position: int, _out: Out) -> bool:
                return self.tokens[position].is_char("]")

            index = strip_spaces(self.sequence(closes))
            self.expect_char("]", opening.pos, "the root index '['")
            if not index:
                raise self.error("empty root index", opening.pos)
        radicand = self.argument(token, parenthesised=False)
        if index is None:
            return [Piece("sqrt(", token.pos, "sep"), *radicand, Piece(")", token.pos)]
        return [Piece("((", token.pos), *radicand, Piece(")^(1/(", token.pos), *index,
                Piece(")))", token.pos)]

    def function(self, name: str, token: Token) -> Out:
        base: str | None = None
        power: Out | None = None
        for _ in range(2):
            self.skip_spaces()
            following = self.peek()
            if following is None:
                break
            if following.is_char("_") and name == "log" and base is None:
                self.index += 1
                base = self.subscript_text(following)
            elif following.is_char("^") and power is None:
                self.index += 1
                power = self.argument(following)
                if pieces_text(power) in ("-1", "(-1)") and name in INVERSE_TRIG:
                    name, power = INVERSE_TRIG[name], None
                    break
                if pieces_text(power) in ("-1", "(-1)") and name in RECIPROCALS:
                    raise self.error(f"\\{name}^{{-1}} is not supported", following.pos,
                                     hint=f"write \\arc{RECIPROCALS[name]}(1/x) for the "
                                          f"inverse, or 1/\\{name} x")
            else:
                break
        argument = self.function_argument(name, token)
        if base is not None:
            argument = [*argument, Piece(", " + base, token.pos)]
        call = [word_piece(name, token.pos), Piece("(", token.pos), *argument,
                Piece(")", token.pos, "glue", "sep")]
        if name in RECIPROCALS:
            call = [Piece("(1/", token.pos), word_piece(RECIPROCALS[name], token.pos),
                    *call[1:], Piece(")", token.pos, "glue", "sep")]
        if power is None:
            return call
        return [Piece("(", token.pos), *call, Piece(")^", token.pos), *power]

    def function_argument(self, name: str, token: Token) -> Out:
        self.skip_spaces()
        delimiter = self.delimiter_at(self.index)
        if delimiter is not None and delimiter.kind in ("open", "bar", "bar-open"):
            if delimiter.text == "(" or delimiter.kind != "open" or (
                name in VARIADIC and delimiter.text in ("{", "[")
            ):
                group = self.group()
                if delimiter.kind == "open":
                    return group[1:-1]  # the parentheses of the call replace them
                return group
        argument = self.implicit_argument()
        if not argument:
            following = self.peek()
            pos = following.pos if following is not None else len(self.text)
            raise self.error(f"\\{name} needs an argument", pos,
                             hint=f"write \\{name}(x) or \\{name} x")
        return argument

    def implicit_argument(self) -> Out:
        """The factors right after a function written without parentheses."""
        out: Out = []
        while True:
            before_spaces = self.index
            self.skip_spaces()
            token = self.peek()
            if token is None:
                break
            factor: Out = []
            if token.kind == "char" and (token.value.isdigit() or token.value == "."):
                if out:
                    self.index = before_spaces
                    break
                while (digit := self.peek()) is not None and digit.kind == "char" and (
                    digit.value.isdigit() or digit.value == "."
                ):
                    factor.append(Piece(digit.value, digit.pos))
                    self.index += 1
            elif token.kind == "char" and token.value.isascii() and token.value.isalpha():
                while (letter := self.peek()) is not None and letter.kind == "char" and (
                    letter.value.isascii() and letter.value.isalnum()
                ):
                    factor.append(Piece(letter.value, letter.pos))
                    self.index += 1
            elif token.kind == "command" and (
                token.value in GREEK
                or token.value in FRACTIONS
                or token.value in ("sqrt", "begin", "hat")
                or (token.value in MATH_WRAPPERS and not self.wraps_function())
            ):
                self.index += 1
                self.command(token, factor)
            elif token.is_char("{"):
                factor = self.brace_group(parenthesised=True)
            else:
                self.index = before_spaces
                break
            following = self.peek()
            if following is not None and following.is_char("_"):
                self.index += 1
                self.subscript(following, factor)
                following = self.peek()
            if following is not None and following.is_char("^"):
                self.index += 1
                factor.extend(self.superscript(following))
            if out:
                out.append(Piece(" ", token.pos))
            out.extend(factor)
        return out

    def wraps_function(self) -> bool:
        """Whether the wrapper command at the current token holds a function name."""
        token = self.peek(1)
        if token is None or not token.is_char("{"):
            return False
        letters = []
        offset = 2
        while (inner := self.peek(offset)) is not None and inner.kind == "char" and (
            inner.value.isalpha()
        ):
            letters.append(inner.value)
            offset += 1
        closing = self.peek(offset)
        return closing is not None and closing.is_char("}") and "".join(letters) in FUNCTIONS

    def wrapper(self, token: Token) -> Out:
        """\\mathrm{..} and friends: the argument; a function name stays a function, an
        indicator symbol before a condition becomes the indicator."""
        argument = strip_spaces(self.argument(token, parenthesised=False))
        word = pieces_text(argument)
        if word in FUNCTIONS:
            return self.function(word, token)
        if word in INDICATORS.get(token.value, ()):
            indicator = self.indicator(token)
            if indicator is not None:
                return indicator
        if word.replace(" ", "").isalnum():
            return [word_piece(word.replace(" ", ""), token.pos)]
        if not argument:
            return []
        return [Piece("(", token.pos), *argument, Piece(")", token.pos)]

    def indicator(self, token: Token) -> Out | None:
        """The condition after an indicator symbol, in a bracket or a subscript, as
        𝟙(condition); None (nothing read) when neither follows."""
        start = self.index
        self.skip_spaces()
        following = self.peek()
        if following is not None and following.is_char("_"):
            self.index += 1
            condition = unbraced(strip_spaces(self.argument(following, parenthesised=False)))
        else:
            delimiter = self.delimiter_at(self.index)
            if delimiter is None or delimiter.kind != "open" or delimiter.text not in (
                "(", "[", "{"
            ):
                self.index = start
                return None
            condition = self.group()[1:-1]
        return [Piece(INDICATOR_SIGN, token.pos, "sep", "glue"), Piece("(", token.pos),
                *condition, Piece(")", token.pos)]

    def plain_text(self, token: Token) -> str:
        """The words inside \\text{..}: letters, digits, spaces and simple punctuation."""
        self.skip_spaces()
        opening = self.peek()
        if opening is None or not opening.is_char("{"):
            pos = opening.pos if opening is not None else len(self.text)
            raise self.error(f"\\{token.value} needs {{...}}", pos)
        self.index += 1
        parts = []
        while (inner := self.peek()) is not None and not inner.is_char("}"):
            if inner.kind == "command":
                raise self.error(f"\\{inner.value} is not supported inside \\{token.value}",
                                 inner.pos)
            if inner.is_char("{"):
                raise self.error(f"braces are not supported inside \\{token.value}", inner.pos)
            parts.append(inner.value)
            self.index += 1
        self.expect_char("}", opening.pos, f"\\{token.value}{{")
        return " ".join("".join(parts).split())


def _command_hint(name: str) -> str | None:
    if name in ("def", "input", "include", "newcommand", "renewcommand", "let", "write",
                "openout", "read", "catcode", "usepackage", "immediate", "csname"):
        return "macros and file commands are never run; write only the answer"
    if name == "pm":
        return "write each solution separately"
    if name in ("neq", "ne", "approx"):
        return "write the exact value"
    return None
