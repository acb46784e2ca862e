"""Environments: matrices (``pmatrix``, ``bmatrix``, ``array``, ``vmatrix`` → ``det``)
and piecewise values (``cases``, ``dcases``, ``\\left\\{ \\begin{array} .. \\right.``)."""

from __future__ import annotations

from solver.check.latex.pieces import (
    Out,
    Piece,
    drop_letters,
    pieces_text,
    strip_punctuation,
    strip_spaces,
    word_piece,
)
from solver.check.latex.tables import CASES, CONDITION_WORDS, MATRICES, OTHERWISE
from solver.check.latex.tokens import Delimiter, Token
from solver.plural import plural


class EnvironmentTranslation:
    """The translator's part for environments."""

    def environment(self, token: Token) -> Out:
        begin = self.index - 1
        name = self.environment_name(token)
        if name in CASES:
            return self.cases(token, self.rows(token, name))
        if name not in MATRICES:
            raise self.error(f"the environment '{name}' is not supported", token.pos,
                             hint="use pmatrix or bmatrix for matrices, cases for a "
                                  "piecewise value")
        if name == "array":
            self.array_columns(token)
        rows = self.matrix_rows(token, name)
        pieces: Out = [Piece("[", token.pos)]
        for number, row in enumerate(rows):
            if number:
                pieces.append(Piece(", ", token.pos))
            pieces.append(Piece("[", token.pos))
            for column, cell in enumerate(row):
                if column:
                    pieces.append(Piece(", ", token.pos))
                pieces.extend(cell)
            pieces.append(Piece("]", token.pos))
        pieces.append(Piece("]", token.pos))
        if MATRICES[name] == "det":
            return [word_piece("det", token.pos), Piece("(", token.pos), *pieces,
                    Piece(")", token.pos, "glue", "sep")]
        self.matrices[begin] = self.index
        return pieces

    def array_columns(self, begin: Token) -> None:
        """Skip the column specification {ll} of \\begin{array}."""
        self.skip_spaces()
        spec = self.peek()
        if spec is None or not spec.is_char("{"):
            raise self.error("\\begin{array} needs a column specification", begin.pos)
        while (inner := self.next()) is not None and not inner.is_char("}"):
            if inner.kind == "command":
                raise self.error("unexpected command in the column specification",
                                 inner.pos)

    # --- piecewise values -------------------------------------------------------------

    def array_follows(self) -> bool:
        """Whether \\begin{array} comes next (spaces skipped), as in \\left\\{\\begin{array}."""
        offset = 0
        while (token := self.peek(offset)) is not None and token.kind == "space":
            offset += 1
        if token is None or not token.is_command("begin"):
            return False
        letters = []
        offset += 1
        while (token := self.peek(offset)) is not None and token.kind == "space":
            offset += 1
        if token is None or not token.is_char("{"):
            return False
        while (token := self.peek(offset + 1)) is not None and token.kind == "char" and (
            token.value.isalpha()
        ):
            letters.append(token.value)
            offset += 1
        return "".join(letters) == "array"

    def cases_array(self, opener: Delimiter, by_left: bool) -> Out | None:
        """\\left\\{ \\begin{array}{ll} value & condition \\\\ ... \\end{array} \\right.

        None (nothing read) when a closing brace follows: a set, not a piecewise value.
        """
        start = self.index
        self.skip_spaces()
        begin = self.next()
        name = self.environment_name(begin)
        self.array_columns(begin)
        rows = self.rows(begin, name)
        after = self.index
        self.skip_spaces()
        closer = self.delimiter_at(self.index)
        if closer is not None and closer.kind == "close" and closer.text == "":
            self.index = closer.end
        elif closer is not None and closer.kind == "close" or by_left:
            self.index = start
            return None
        else:
            self.index = after
        return self.cases(begin, rows)

    def cases(self, begin: Token, rows: list[list[Out]]) -> Out:
        """Rows ``value & condition`` → ``piecewise(value, condition, ..., value otherwise)``.

        A condition may start with "if", "for" or "when" and end with punctuation; the
        words otherwise, else, elsewhere or True (or no condition) mark the last case.
        """
        parts: list[tuple[Out, Out | None]] = []
        for row in rows:
            if len(row) > 2:
                raise self.error("a case is a value and a condition", row[2][0].pos,
                                 hint="write value & condition \\\\ value & \\text{otherwise}")
            if parts and parts[-1][1] is None:
                raise self.error("the case without a condition must be the last",
                                 row[0][0].pos)
            value = strip_punctuation(row[0])
            if not value:
                raise self.error("a case needs a value", row[0][0].pos)
            parts.append((value, self.condition(row[1]) if len(row) == 2 else None))
        if all(condition is None for _, condition in parts):
            raise self.error("cases without a condition are not supported", begin.pos,
                             hint="write value & condition \\\\ value & \\text{otherwise}")
        pieces: Out = [word_piece("piecewise", begin.pos), Piece("(", begin.pos)]
        for number, (value, condition) in enumerate(parts):
            if number:
                pieces.append(Piece(", ", begin.pos))
            pieces.extend(value)
            if condition is not None:
                pieces.extend([Piece(", ", begin.pos), *condition])
        pieces.append(Piece(")", begin.pos, "glue", "sep"))
        return pieces

    def condition(self, cell: Out) -> Out | None:
        """The condition of a case without its leading word; None for "otherwise"."""
        cell = strip_punctuation(cell)
        text = pieces_text(cell)
        for word in CONDITION_WORDS:
            if text.startswith(word) and not text[len(word):len(word) + 1].isalnum():
                cell = strip_punctuation(drop_letters(cell, len(word)))
                break
        if not cell or pieces_text(cell).lower().rstrip(".,;").strip() in OTHERWISE:
            return None
        return cell

    def environment_name(self, token: Token) -> str:
        self.skip_spaces()
        opening = self.peek()
        if opening is None or not opening.is_char("{"):
            raise self.error(f"\\{token.value} needs {{name}}", token.pos)
        self.index += 1
        letters = []
        while (inner := self.peek()) is not None and inner.kind == "char" and (
            inner.value.isalpha() or inner.value == "*"
        ):
            letters.append(inner.value)
            self.index += 1
        self.expect_char("}", opening.pos, f"\\{token.value}{{")
        return "".join(letters)

    def rows(self, begin: Token, name: str) -> list[list[Out]]:
        """The cells of an environment up to its \\end, row by row (rows may differ in width)."""
        def ends_cell(index: int, _out: Out) -> bool:
            token = self.tokens[index]
            return token.is_char("&") or token.is_command("\\", "end", "cr")

        entry = "case" if name in CASES else "matrix"
        rows: list[list[Out]] = [[]]
        while True:
            cell = strip_spaces(self.sequence(ends_cell))
            token = self.peek()
            if token is None:
                raise self.error(f"\\begin{{{name}}} has no \\end{{{name}}}", begin.pos)
            if not cell and not (token.is_command("end") and not rows[-1]):
                raise self.error(f"empty {entry} entry", token.pos)
            if cell:
                rows[-1].append(cell)
            self.index += 1
            if token.is_char("&"):
                continue
            if token.is_command("\\", "cr"):
                rows.append([])
                continue
            closing = self.environment_name(token)
            if closing != name:
                raise self.error(f"\\begin{{{name}}} is closed by \\end{{{closing}}}",
                                 token.pos)
            break
        if not rows[-1]:
            rows.pop()
        if not rows:
            raise self.error(f"empty {'cases' if name in CASES else 'matrix'}", begin.pos)
        return rows

    def matrix_rows(self, begin: Token, name: str) -> list[list[Out]]:
        rows = self.rows(begin, name)
        width = len(rows[0])
        for number, row in enumerate(rows, start=1):
            if len(row) != width:
                raise self.error(
                    f"row {number} of the matrix has {plural(len(row), 'entry', 'entries')} "
                    f"but row 1 has {width}",
                    row[0][0].pos,
                    hint="every row of a matrix needs the same number of entries",
                )
        return rows
