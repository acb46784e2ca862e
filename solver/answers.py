"""Final answers: a value, several named values, or an outcome with its reason.

"Could not" is data: an undefined product, an inconsistent system or a missing
learning-rate bound is an answer that says why, not an exception.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Value:
    """A scalar expression, a vector or a matrix (SymPy, exact)."""

    value: Any
    status = "value"


@dataclass(frozen=True)
class Named:
    """Several results with names, e.g. ∂f/∂x1 and ∂f/∂x2, or W1, b1, W2, b2."""

    items: tuple[tuple[str, Answer], ...]
    status = "named"

    def __getitem__(self, name: str) -> Answer:
        return dict(self.items)[name]


@dataclass(frozen=True)
class Undefined:
    """The quantity does not exist, e.g. the product of a 2×1 and a 2×1 matrix."""

    reason: str
    status = "undefined"


@dataclass(frozen=True)
class NoSolution:
    """An inconsistent system: the contradiction ``0 = c`` with c ≠ 0."""

    reason: str
    status = "no_solution"


@dataclass(frozen=True)
class InfinitelyMany:
    """x = particular + Σ tᵢ basisᵢ for free parameters tᵢ (the null space of A)."""

    particular: Any
    basis: tuple[Any, ...]
    parameters: tuple[Any, ...]
    reason: str
    status = "infinitely_many"


@dataclass(frozen=True)
class Interval:
    """lower < variable < upper (open ends unless closed is set)."""

    variable: str
    lower: Any
    upper: Any
    status = "interval"


@dataclass(frozen=True)
class NoBound:
    """No admissible range exists; the reason says why."""

    reason: str
    status = "no_bound"


@dataclass(frozen=True)
class Point:
    """A critical point (coordinates may hold an integer parameter k) and its type."""

    coordinates: tuple[Any, ...]
    classification: str
    parameter: Any = None


@dataclass(frozen=True)
class PointSet:
    """Every critical point of a function, families included; empty when there are none."""

    variables: tuple[str, ...]
    points: tuple[Point, ...]
    reason: str = ""
    status = "points"


Answer = Value | Named | Undefined | NoSolution | InfinitelyMany | Interval | NoBound | PointSet
