"""Generators: what a varied name is drawn from, as small frozen records.

Each has ``shape`` (None for a number, (m, n) for a matrix; a vector is n×1), ``decimal``
(its values are shown as decimals) and ``draw(stream)``, which returns an exact SymPy
value (an Integer, a Rational, an ImmutableMatrix). Every choice comes from the draw's
``Stream`` (``solver.variants.seeds``), so a draw is the same wherever it is made.
Structured matrices are built by ``solver.variants.construct``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sympy

from solver.variants import construct
from solver.variants.seeds import Stream

Matrix = sympy.ImmutableMatrix


@dataclass(frozen=True)
class Constant:
    """A value written out: a number or a list."""

    value: Any
    decimal: bool = False

    @property
    def shape(self) -> tuple[int, int] | None:
        return self.value.shape if isinstance(self.value, sympy.MatrixBase) else None

    def can_be_nonzero(self) -> bool:
        return self.shape is None and self.value != 0

    def draw(self, stream: Stream) -> Any:
        return self.value


@dataclass(frozen=True)
class Integers:
    """A whole number from ``low`` to ``high``, each equally likely (0 never if nonzero)."""

    low: int
    high: int
    nonzero: bool = False
    decimal = False
    shape = None

    def can_be_nonzero(self) -> bool:
        return (self.low, self.high) != (0, 0)

    def draw(self, stream: Stream) -> sympy.Integer:
        if self.nonzero and self.low <= 0 <= self.high:
            value = stream.between(self.low, self.high - 1)
            return sympy.Integer(value + 1 if value >= 0 else value)
        return sympy.Integer(stream.between(self.low, self.high))


@dataclass(frozen=True)
class Decimals:
    """k / 10^places for a whole k with low ≤ k / 10^places ≤ high (0 never if nonzero)."""

    low: sympy.Rational
    high: sympy.Rational
    places: int
    nonzero: bool = False
    decimal = True
    shape = None

    @property
    def steps(self) -> tuple[int, int]:
        scale = 10 ** self.places
        return int(sympy.ceiling(self.low * scale)), int(sympy.floor(self.high * scale))

    def can_be_nonzero(self) -> bool:
        return self.steps != (0, 0)

    def draw(self, stream: Stream) -> sympy.Rational:
        integer = Integers(*self.steps, nonzero=self.nonzero).draw(stream)
        return sympy.Rational(integer, 10 ** self.places)


@dataclass(frozen=True)
class Choice:
    """One of the options, each equally likely."""

    options: tuple[Any, ...]

    @property
    def shape(self) -> tuple[int, int] | None:
        return self.options[0].shape

    @property
    def decimal(self) -> bool:
        return any(option.decimal for option in self.options)

    def can_be_nonzero(self) -> bool:
        return any(option.can_be_nonzero() for option in self.options)

    def draw(self, stream: Stream) -> Any:
        return stream.pick(self.options).draw(stream)


@dataclass(frozen=True)
class Entries:
    """An m×n matrix (a vector: n×1) whose entries are drawn one by one, row by row; with
    ``nonzero`` a draw that is all zeros is drawn again."""

    rows: int
    columns: int
    entry: Any
    nonzero: bool = False

    @property
    def shape(self) -> tuple[int, int]:
        return (self.rows, self.columns)

    @property
    def decimal(self) -> bool:
        return self.entry.decimal

    def draw(self, stream: Stream) -> Matrix:
        while True:
            matrix = Matrix(self.rows, self.columns,
                            [self.entry.draw(stream) for _ in range(self.rows * self.columns)])
            if not (self.nonzero and matrix.is_zero_matrix):
                return matrix


@dataclass(frozen=True)
class Literal:
    """A list written out whose entries may be generators: ``[integers(1, 3), 0]``."""

    cells: tuple[tuple[Any, ...], ...]

    @property
    def shape(self) -> tuple[int, int]:
        return (len(self.cells), len(self.cells[0]))

    @property
    def decimal(self) -> bool:
        return any(cell.decimal for row in self.cells for cell in row)

    def draw(self, stream: Stream) -> Matrix:
        return Matrix([[cell.draw(stream) for cell in row] for row in self.cells])


@dataclass(frozen=True)
class Symmetric:
    """An n×n symmetric matrix: the entries on and above the diagonal drawn, row by row."""

    size: int
    entry: Any

    @property
    def shape(self) -> tuple[int, int]:
        return (self.size, self.size)

    @property
    def decimal(self) -> bool:
        return self.entry.decimal

    def draw(self, stream: Stream) -> Matrix:
        upper = {(i, j): self.entry.draw(stream)
                 for i in range(self.size) for j in range(i, self.size)}
        return Matrix(self.size, self.size, lambda i, j: upper[min(i, j), max(i, j)])


@dataclass(frozen=True)
class WithEigenvalues:
    """P D P⁻¹ with P integer of determinant ±1 and D the drawn eigenvalues."""

    eigenvalues: tuple[Any, ...]

    @property
    def shape(self) -> tuple[int, int]:
        return (len(self.eigenvalues), len(self.eigenvalues))

    @property
    def decimal(self) -> bool:
        return any(value.decimal for value in self.eigenvalues)

    def draw(self, stream: Stream) -> Matrix:
        values = [value.draw(stream) for value in self.eigenvalues]
        return construct.with_eigenvalues(values, stream)


@dataclass(frozen=True)
class OfRank:
    """An m×n integer matrix of rank exactly r."""

    rows: int
    columns: int
    rank: int
    decimal = False

    @property
    def shape(self) -> tuple[int, int]:
        return (self.rows, self.columns)

    def draw(self, stream: Stream) -> Matrix:
        return construct.of_rank(self.rows, self.columns, self.rank, stream)


@dataclass(frozen=True)
class Orthogonal:
    """An n×n orthogonal matrix: rational (signed permutation times a Householder
    reflection) or, with ``permutation``, a signed permutation matrix."""

    size: int
    permutation: bool = False
    decimal = False

    @property
    def shape(self) -> tuple[int, int]:
        return (self.size, self.size)

    def draw(self, stream: Stream) -> Matrix:
        if self.permutation:
            return construct.signed_permutation(self.size, stream)
        return construct.householder_orthogonal(self.size, stream)


Generator = (Constant | Integers | Decimals | Choice | Entries | Literal | Symmetric
             | WithEigenvalues | OfRank | Orthogonal)
