"""The steps of a worked subspace: the matrix whose space is asked for, its reduced row
echelon form with the pivots named, the basis read off it, the orthogonal complement and the
membership tests."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from solver.steps.base import Step
from solver.steps.linalg import RowOperation


@dataclass(frozen=True, kw_only=True)
class SpaceSetup(Step):
    """What the space is: C(A) = {Ax} is spanned by the columns of A, N(A) = {x : Ax = 0},
    R(A) = C(Aᵀ) is spanned by the rows, N(Aᵀ) = {y : Aᵀy = 0}. A spanning set v₁, …, vₖ is
    the column space of A = (v₁ ⋯ vₖ). ``reduced`` is the matrix that is row reduced (Aᵀ for
    the left null space)."""

    space: str
    matrix: Any
    name: str
    spanning: bool
    reduced: Any
    ambient: int


@dataclass(frozen=True, kw_only=True)
class SpaceReduction(Step):
    """Row operations bring the matrix to reduced row echelon form R; they keep the null
    space and the row space, and the dependencies among the columns."""

    start: Any
    operations: tuple[RowOperation, ...]
    result: Any
    pivots: tuple[int, ...]

    @property
    def free(self) -> tuple[int, ...]:
        return tuple(col for col in range(self.start.cols) if col not in self.pivots)


@dataclass(frozen=True, kw_only=True)
class SpaceBasis(Step):
    """The basis read off R: for C(A) the pivot columns of the original A (row operations
    change the columns, not their dependencies); for N(A) one vector per free variable
    (that variable 1, the other free ones 0, the pivot variables from the rows of R); for
    R(A) the non-zero rows of R; for N(Aᵀ) the null space of Aᵀ. dim = the number of
    basis vectors; rank + nullity = the number of columns."""

    space: str
    name: str
    source: Any  # the matrix the vectors are read from (A, R, or Aᵀ's R)
    chosen: tuple[int, ...]  # the pivot columns, the free columns, or the rows taken
    basis: tuple[Any, ...]
    rank: Any
    dimension: Any
    columns: int  # of the reduced matrix: rank + nullity
    rule: str  # the rule the vectors were read off with (a mistake changes it)


@dataclass(frozen=True, kw_only=True)
class ComplementOf(Step):
    """The orthogonal complement V⊥ = {x : bᵢ · x = 0 for every basis vector bᵢ of V} is
    the null space of the matrix M whose rows are the basis vectors;
    dim V + dim V⊥ = n."""

    rows: Any
    worked: tuple[Step, ...]
    basis: tuple[Any, ...]
    dimension: Any
    space_dimension: Any
    ambient: int


@dataclass(frozen=True, kw_only=True)
class MembershipTest(Step):
    """v lies in V = span{b₁, …, b_d} iff B c = v is consistent (B = (b₁ ⋯ b_d)); its
    solution c is the coordinate vector of v in that basis."""

    index: int
    vector: Any
    worked: tuple[Step, ...]
    coordinates: Any  # None when v is not in V
    zero_space: bool = False
