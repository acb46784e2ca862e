"""Typed errors of the library; the command line turns them into words and exit codes."""

from __future__ import annotations

from dataclasses import dataclass

from solver.plural import plural


class HwsolverError(Exception):
    """Base class of every error hwsolver reports to a user."""


@dataclass(frozen=True)
class Location:
    """Where in a spec file something stands: file, line (1-based) and the problem/part path."""

    file: str
    line: int | None = None
    where: str = ""

    def __str__(self) -> str:
        place = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{place}: {self.where}" if self.where else place


class SpecError(HwsolverError):
    """A problem set that cannot be loaded: bad YAML, unknown field, wrong type, bad shape."""

    def __init__(self, location: Location, message: str, hint: str | None = None):
        super().__init__(message)
        self.location = location
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        text = f"{self.location}: {self.message}"
        return f"{text} ({self.hint})" if self.hint else text


class SpecErrors(HwsolverError):
    """Several spec errors found in one pass, one per problem or part."""

    def __init__(self, errors: list[SpecError]):
        super().__init__(plural(len(errors), "error"))
        self.errors = errors

    def __str__(self) -> str:
        return "\n".join(str(error) for error in self.errors)


class RenderError(HwsolverError):
    """A document could not be produced (TeX failed, engine missing)."""

    def __init__(self, message: str, log_excerpt: str = ""):
        super().__init__(message)
        self.message = message
        self.log_excerpt = log_excerpt

    def __str__(self) -> str:
        return f"{self.message}\n{self.log_excerpt}" if self.log_excerpt else self.message
