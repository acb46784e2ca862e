"""Final answers: a value, several named values, or an outcome with its reason.

"Could not" is data: an undefined product, an inconsistent system or a missing
learning-rate bound is an answer that says why, not an exception.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

MATCHES = ("equal", "span", "columns", "multiset", "set")


@dataclass(frozen=True)
class Value:
    """A scalar expression, a vector, a matrix or a finite set (SymPy, exact).

    ``match`` says what a student's answer must agree with: ``equal`` the value itself;
    ``span`` the space the columns span (one column: any non-zero multiple of it; a zero
    vector never counts); ``multiset`` the entries of a vector in any order, each as often
    as it occurs; ``set`` the elements in any order, repeats irrelevant; ``columns`` a
    matrix of eigenvectors or singular vectors (P in A = PDP⁻¹, V in A = UΣVᵀ): its
    columns in order, cut into ``blocks`` of consecutive columns (one per eigenvalue, all
    columns one block each when empty), each block of the student's a basis of the same
    space as ours (one column: any non-zero multiple), and with ``orthonormal`` the
    student's columns orthonormal.
    """

    value: Any
    match: str = "equal"
    blocks: tuple[int, ...] = ()
    orthonormal: bool = False
    status = "value"

    def __post_init__(self):
        if self.match not in MATCHES:
            raise ValueError(f"unknown match {self.match!r}: expected one of {MATCHES}")
        if self.blocks and sum(self.blocks) != self.value.cols:
            raise ValueError(f"blocks {self.blocks} do not cover {self.value.cols} columns")


@dataclass(frozen=True)
class Named:
    """Several results with names, e.g. ∂f/∂x1 and ∂f/∂x2, or W1, b1, W2, b2.

    ``interchangeable`` holds groups of names that share an index the student cannot know,
    such as (lambda1, v1), (lambda2, v2): a student's group of answers stands for whichever
    group of ours it matches (one permutation of the groups for the whole part).
    """

    items: tuple[tuple[str, Answer], ...]
    interchangeable: tuple[tuple[str, ...], ...] = ()
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
    """lower < variable < upper: open ends unless ``closed`` is set (one flag for both
    ends, or a (lower, upper) pair); an end of None or ±oo is unbounded."""

    variable: str
    lower: Any
    upper: Any
    closed: bool | tuple[bool, bool] = False
    status = "interval"

    @property
    def ends_closed(self) -> tuple[bool, bool]:
        """Whether each end belongs to the range (never for an unbounded end)."""
        closed = self.closed if isinstance(self.closed, tuple) else (self.closed,) * 2
        return (bool(closed[0]) and _bounded(self.lower), bool(closed[1]) and _bounded(self.upper))

    @property
    def ends_bounded(self) -> tuple[bool, bool]:
        return (_bounded(self.lower), _bounded(self.upper))


def _bounded(end) -> bool:
    return end is not None and getattr(end, "is_infinite", False) is not True


@dataclass(frozen=True)
class Unsolved:
    """The engine gave up on the part: solving it outlasted the solve limit (or failed);
    the reason says which, and nothing about the value is claimed."""

    reason: str
    status = "unsolved"


@dataclass(frozen=True)
class NoBound:
    """No admissible range exists; the reason says why."""

    reason: str
    status = "no_bound"


APPROXIMATE_FIGURES = 6  # significant figures shown for an approximate point


@dataclass(frozen=True)
class Point:
    """A critical point (coordinates may hold an integer parameter k) and its type.

    An ``approximate`` point has no closed form: its coordinates are Floats carried at
    40 digits and shown at ``APPROXIMATE_FIGURES`` significant figures.
    """

    coordinates: tuple[Any, ...]
    classification: str
    parameter: Any = None
    approximate: bool = False

    @property
    def shown(self) -> tuple[Any, ...]:
        """The coordinates as printed: approximate ones rounded to 6 significant figures."""
        return approximately_shown(self.coordinates) if self.approximate else self.coordinates


def approximately_shown(values) -> tuple[Any, ...]:
    """Values rounded to the figures an approximate point is shown with (0 stays 0)."""
    import sympy

    return tuple(sympy.Integer(0) if sympy.sympify(v).is_zero
                 else sympy.Float(v, APPROXIMATE_FIGURES) for v in values)


@dataclass(frozen=True)
class PointSet:
    """Every critical point of a function, families included; empty when there are none.

    ``complete`` is False when the list could not be certified to hold every critical
    point; ``gradient`` then holds ∇f (in the variables named) so that a point the list
    lacks can still be tested. An empty list that is not complete is ``unsolved``.
    """

    variables: tuple[str, ...]
    points: tuple[Point, ...]
    reason: str = ""
    complete: bool = True
    gradient: tuple[Any, ...] = ()
    status = "points"

    @property
    def unsolved(self) -> bool:
        """The engine could not solve ∇f = 0: it found no point and cannot say there is
        none, so nothing about the points is claimed (the reason says why)."""
        return not self.points and not self.complete


@dataclass(frozen=True)
class Word:
    """A verdict in words, one of ``options`` ("strictly convex" among the words a convexity
    test ends in); a student's answer to it is read as words, not as math."""

    word: str
    options: tuple[str, ...]
    status = "word"


Answer = (Value | Word | Named | Undefined | NoSolution | InfinitelyMany | Interval | NoBound
          | PointSet | Unsolved)
