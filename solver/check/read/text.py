"""An answer text after translation, and the refusals that point into what was written.

Every reader of an answer raises :class:`Refused` carrying the ``Invalid`` answer; the
offset of a refusal is mapped back through the text's translation to the raw answer.
"""

from __future__ import annotations

from dataclasses import dataclass

from solver.check.translation import Translation
from solver.check.values import Invalid
from solver.expr import ExprError, UnknownName

FUNCTION_HINT = ("write the value itself; the functions are sin, cos, tan, sec, exp, log, "
                 "ln, sqrt, abs, max, min, relu, ...")


class Refused(Exception):
    """Carries the Invalid answer out of the reader."""

    def __init__(self, invalid: Invalid) -> None:
        super().__init__(invalid.message)
        self.invalid = invalid


def refuse(message: str, position: int | None = None, hint: str | None = None) -> Refused:
    return Refused(Invalid(message, position, hint))


def called(plain: str, pos: int, name: str) -> bool:
    """Whether the name at ``pos`` is written right before a bracket, as a function is."""
    return plain[pos + len(name):pos + len(name) + 1] in ("(", "[") and (
        plain[pos:pos + len(name)] == name
    )


@dataclass
class Text:
    """An answer text after translation; positions are mapped back to the raw text."""

    raw: str
    translation: Translation

    @property
    def plain(self) -> str:
        return self.translation.text

    def refuse(self, message: str, pos: int | None, hint: str | None = None) -> Refused:
        position = None if pos is None else self.translation.source(pos)
        return Refused(Invalid(message, position, hint))

    def error(self, error: ExprError, offset: int) -> Refused:
        pos = offset + error.pos
        if isinstance(error, UnknownName) and error.hint is None and called(
            self.plain, pos, error.name
        ):
            return self.refuse(f"unknown function {error.name}", pos, FUNCTION_HINT)
        return self.refuse(error.message, pos, error.hint)
