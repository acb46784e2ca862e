"""What a student's answer is, once parsed: exact values and the special forms.

The parser never evaluates text: these hold SymPy objects built by constructors.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Written:
    """A scalar, vector or matrix the student wrote; ``decimals`` records decimal notation."""

    value: Any
    text: str
    decimals: bool = False
    # significant digits of a lone decimal number; of a vector or matrix, a tuple of each
    # entry's (row by row, None where an entry is not a decimal number)
    significant: int | tuple[int | None, ...] | None = None


@dataclass(frozen=True)
class Says:
    """A special answer in words: no_solution, undefined, no_bound, none (no points)."""

    status: str
    text: str


@dataclass(frozen=True)
class Family:
    """x = particular + Σ tⱼ directionⱼ for free parameters tⱼ."""

    particular: Any
    directions: tuple[Any, ...]
    parameters: tuple[Any, ...]
    text: str


@dataclass(frozen=True)
class Range:
    """lower < variable < upper (open or closed ends; None for an unbounded end)."""

    variable: str | None
    lower: Any
    upper: Any
    lower_open: bool
    upper_open: bool
    text: str


@dataclass(frozen=True)
class Points:
    """A set of points; coordinates may hold integer parameters (k) for families."""

    points: tuple[tuple[Any, ...], ...]
    parameters: tuple[Any, ...]
    text: str


@dataclass(frozen=True)
class Chosen:
    """One of the words an answer in words may be (``strictly convex``), as written."""

    word: str
    text: str
    status = "word"


StudentValue = Written | Says | Family | Range | Points | Chosen


@dataclass(frozen=True)
class Invalid:
    """An answer that could not be read, with where and why."""

    message: str
    position: int | None = None
    hint: str | None = None
