"""Errors raised while reading or converting an expression.

Every failure of :func:`solver.expr.parse` or :func:`solver.expr.to_sympy`
is an :class:`ExprError` carrying the text, a 0-based position, a message
and an optional hint; ``describe()`` renders them as one line::

    col 5: unexpected ')' — did you mean sin(x)?
"""

from __future__ import annotations


class ExprError(Exception):
    """Base class: something is wrong with an expression at ``pos``."""

    def __init__(
        self,
        message: str,
        *,
        text: str = "",
        pos: int = 0,
        hint: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.text = text
        self.pos = pos
        self.hint = hint

    @property
    def column(self) -> int:
        """1-based column of ``pos``, as shown to people."""
        return self.pos + 1

    def describe(self) -> str:
        """One line: ``col N: message — hint``."""
        line = f"col {self.column}: {self.message}"
        if self.hint:
            line += f" — {self.hint}"
        return line

    def __str__(self) -> str:
        return self.describe()

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.message!r}, pos={self.pos}, hint={self.hint!r})"


class ExprSyntaxError(ExprError):
    """The text is not a well-formed expression."""


class UnknownName(ExprError):
    """A name is neither a declared symbol nor a known constant."""

    def __init__(
        self,
        name: str,
        *,
        text: str = "",
        pos: int = 0,
        hint: str | None = None,
    ) -> None:
        super().__init__(f"unknown name '{name}'", text=text, pos=pos, hint=hint)
        self.name = name


class ExprTooLarge(ExprError):
    """The expression, or a number it would produce, exceeds a size limit."""


class NotAScalar(ExprError):
    """A matrix-only construct was used where a scalar is needed."""
