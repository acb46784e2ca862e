"""A loaded problem set: problems, their parts, and each part's validated inputs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Grading:
    """How a part's answers are judged: tolerance, exactness, partial and carried credit."""

    tolerance: Any = None  # relative, a Rational; None: the checker's default
    sigfigs: int | None = None
    exact: bool = False
    partial: bool = False  # credit per correct matrix entry
    ecf: bool = False  # error carried forward from the student's own earlier values
    credit: tuple[tuple[str, Any], ...] = ()  # diagnosis code → fraction of the points


@dataclass(frozen=True)
class Part:
    """One answerable part: its kind, its validated inputs, and how to show numbers."""

    id: str
    kind: str
    inputs: Any
    statement: str | None
    points: Any
    line: int
    decimal: bool
    source: dict[str, str]
    grading: Grading = Grading()
    digits: int | None = None  # significant figures of decimals shown; None: exact values
    title: str | None = None  # plain text printed after the part's label

    def key(self, problem: Problem) -> str:
        return f"{problem.id}.{self.id}"


@dataclass(frozen=True)
class Problem:
    """A problem: a title, a statement, shared ``given`` values and parts."""

    id: str
    title: str | None
    statement: str | None
    given: dict[str, Any]
    parts: tuple[Part, ...]
    line: int


@dataclass(frozen=True)
class ProblemSet:
    """A whole spec file."""

    title: str
    problems: tuple[Problem, ...]
    file: str
    stem: str
    variant: str | None = None  # the student (or version) whose variant this is
