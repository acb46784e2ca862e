"""Groups and brackets: TeX groups, ``\\left( .. \\right)`` and sized brackets, ``|x|``.

A TeX group is a pair of parentheses; a bracket around a matrix is the matrix's own
(``\\left| .. \\right|`` around it is its determinant); ``|x|`` is ``abs(x)``.
"""

from __future__ import annotations

from solver.check.latex.pieces import Out, Piece, is_operand_end, strip_spaces, word_piece
from solver.check.latex.tables import (
    BAR_DELIMITERS,
    CLOSE_DELIMITERS,
    OPEN_DELIMITERS,
    SIZES,
)
from solver.check.latex.tokens import Delimiter, Token

# (token kind, value) → (delimiter kind, its text; None: the token's own)
_SIMPLE = {
    ("char", "("): ("open", None), ("char", "["): ("open", None),
    ("char", ")"): ("close", None), ("char", "]"): ("close", None),
    ("char", "|"): ("bar", "|"), ("command", "vert"): ("bar", "|"),
    ("command", "mid"): ("bar", "|"), ("command", "lvert"): ("bar-open", "|"),
    ("command", "rvert"): ("bar-close", "|"), ("command", "{"): ("open", "{"),
    ("command", "lbrace"): ("open", "{"), ("command", "}"): ("close", "}"),
    ("command", "rbrace"): ("close", "}"),
}


_UNKNOWN = object()


class DelimiterTranslation:
    """The translator's part for groups and brackets."""

    def delimiter_at(self, index: int) -> Delimiter | None:
        """The bracket starting at token ``index``, with sizing commands such as \\left
        (found once per token: the tokens never change)."""
        known = self.delimiters.get(index, _UNKNOWN)
        if known is _UNKNOWN:
            known = self.delimiters[index] = self._delimiter_at(index)
        return known

    def _delimiter_at(self, index: int) -> Delimiter | None:
        if index >= len(self.tokens):
            return None
        token = self.tokens[index]
        kind = token.kind
        if kind == "space":
            return None
        found = _SIMPLE.get((kind, token.value))
        if found is not None:
            return Delimiter(found[0], token.value if found[1] is None else found[1],
                             index + 1, token.pos)
        if kind != "command":
            return None
        name = token.value
        if name in ("left", "right") or (name[:-1] in SIZES and name[-1] in "lrm") or (
            name in SIZES
        ):
            return self.sized_delimiter(token, index)
        return None

    def sized_delimiter(self, token: Token, index: int) -> Delimiter:
        end = index + 1
        while end < len(self.tokens) and self.tokens[end].kind == "space":
            end += 1
        if end >= len(self.tokens):
            raise self.error(f"\\{token.value} needs a delimiter after it", token.pos)
        delim = self.tokens[end].source
        name = token.value
        side = {"left": "l", "right": "r"}.get(name, name[-1] if name not in SIZES else "")
        if delim in BAR_DELIMITERS:
            kind = {"l": "bar-open", "r": "bar-close"}.get(side, "bar")
            if delim == "\\lvert":
                kind = "bar-open"
            elif delim == "\\rvert":
                kind = "bar-close"
            return Delimiter(kind, "|", end + 1, token.pos)
        if side in ("l", "") and delim in OPEN_DELIMITERS and (side or delim != "."):
            return Delimiter("open", OPEN_DELIMITERS[delim], end + 1, token.pos)
        if side in ("r", "") and delim in CLOSE_DELIMITERS and (side or delim != "."):
            return Delimiter("close", CLOSE_DELIMITERS[delim], end + 1, token.pos)
        raise self.error(
            f"\\{name} cannot be followed by '{delim}'", self.tokens[end].pos,
            hint="use one of ( ) [ ] \\{ \\} | ."
        )

    def group(self) -> Out:
        """A bracketed group starting at the current token: ( ), [ ], \\{ \\} or | |."""
        opener = self.delimiter_at(self.index)
        assert opener is not None
        by_left = self.tokens[self.index].is_command("left")
        self.index = opener.end
        if opener.kind in ("bar", "bar-open"):
            return self.absolute_value(opener)
        if opener.text == "{" and self.array_follows():
            cases = self.cases_array(opener, by_left)
            if cases is not None:
                return cases

        def closes(index: int, _out: Out) -> bool:
            found = self.delimiter_at(index)
            return found is not None and found.kind in ("close", "bar-close")

        inner = self.sequence(closes)
        closer = self.delimiter_at(self.index)
        if closer is None or closer.kind != "close":
            pos = closer.pos if closer is not None else len(self.text)
            shown = opener.text or "\\left."
            raise self.error(f"'{shown}' is never closed", pos,
                             hint=f"it opens at col {opener.pos + 1}")
        if (opener.text == "{") != (closer.text == "}") and opener.text and closer.text:
            raise self.error(f"'{opener.text}' is closed by '{closer.text}'", closer.pos)
        only_matrix = opener.text == "[" and self.only_matrix(opener.end, self.index)
        self.index = closer.end
        if only_matrix:  # \left[\begin{array}{cc} .. \end{array}\right]: the matrix's own
            return strip_spaces(inner)
        return [Piece(opener.text, opener.pos), *inner, Piece(closer.text, closer.pos)]

    def only_matrix(self, start: int, end: int) -> bool:
        """Whether tokens [start, end) hold one matrix environment and spaces only."""
        while start < end and self.tokens[start].kind == "space":
            start += 1
        after = self.matrices.get(start)
        while after is not None and after < end and self.tokens[after].kind == "space":
            after += 1
        return after == end

    def absolute_value(self, opener: Delimiter) -> Out:
        def closes(index: int, out: Out) -> bool:
            found = self.delimiter_at(index)
            if found is None:
                return False
            if found.kind in ("close", "bar-close"):
                return True
            return found.kind == "bar" and is_operand_end(out)

        inner = self.sequence(closes)
        closer = self.delimiter_at(self.index)
        if closer is None or closer.kind not in ("bar", "bar-close"):
            pos = closer.pos if closer is not None else len(self.text)
            raise self.error("'|' is never closed", pos,
                             hint=f"the '|' at col {opener.pos + 1} opens an absolute value")
        if not strip_spaces(inner):
            raise self.error("empty absolute value '||'", opener.pos)
        only_matrix = self.only_matrix(opener.end, self.index)
        self.index = closer.end
        if only_matrix:  # |\begin{array} .. \end{array}|: the determinant
            return [word_piece("det", opener.pos), Piece("(", opener.pos), *strip_spaces(inner),
                    Piece(")", closer.pos, "glue", "sep")]
        return [Piece("abs(", opener.pos, "sep"), *inner, Piece(")", closer.pos)]

    def brace_group(self, parenthesised: bool) -> Out:
        """A TeX group {...}: its translation, in parentheses if asked and not empty."""
        opening = self.next()

        def closes(index: int, _out: Out) -> bool:
            return self.tokens[index].is_char("}")

        inner = self.sequence(closes)
        closing = self.expect_char("}", opening.pos, "the group '{'")
        inner = strip_spaces(inner)
        if not parenthesised or not inner:
            return inner
        return [Piece("(", opening.pos), *inner, Piece(")", closing.pos)]

    def argument(self, owner: Token, parenthesised: bool = True) -> Out:
        """One argument of a command or script: a {group} (in parentheses if asked) or one token."""
        self.skip_spaces()
        token = self.peek()
        if token is None or token.is_char("}", "&", ")", "]"):
            pos = token.pos if token is not None else len(self.text)
            raise self.error(f"'{owner.source}' needs an argument", pos)
        if token.is_char("{"):
            inner = self.brace_group(parenthesised)
            if not inner:
                raise self.error(f"'{owner.source}' has an empty argument", token.pos)
            return inner
        if token.is_char("-", "+"):
            self.index += 1
            rest = self.argument(owner)
            return [Piece("(" + token.value, token.pos), *rest, Piece(")", token.pos)]
        if token.kind == "command":
            self.index += 1
            out: Out = []
            self.command(token, out)
            return out
        if token.kind == "char" and (token.value.isalnum() or token.value in ".*'"):
            self.index += 1
            return [Piece(token.value, token.pos, "glue", "sep")]
        raise self.error(f"'{owner.source}' needs an argument", token.pos)
