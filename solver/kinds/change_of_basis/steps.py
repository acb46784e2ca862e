"""The steps of a change of basis: B⁻¹ (worked by the inverse kind), the transition matrix
T = B⁻¹C, the map's matrix B⁻¹AB, and the coordinates B⁻¹v with their checks."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from solver.steps.base import Step


@dataclass(frozen=True, kw_only=True)
class BasisInverse(Step):
    """The columns of B are the basis vectors; x = B[x]_B, so [x]_B = B⁻¹x. ``worked``:
    B⁻¹ worked as the inverse kind works it (its steps read ``inverses``, its inputs)."""

    inverses: Any  # the inverse kind's inputs for B
    worked: tuple[Step, ...]
    result: Any  # B⁻¹

    @property
    def children(self) -> tuple[Step, ...]:
        return self.worked


@dataclass(frozen=True, kw_only=True)
class BasisDependent(Step):
    """n vectors are a basis of an n-dimensional space iff they are linearly independent,
    iff B is invertible. ``column`` (from 0): the first vector without a pivot, a
    combination of the ones before it; ``worked``: the inverse kind's steps showing it."""

    field: str  # to | from
    inverses: Any
    worked: tuple[Step, ...]
    column: int

    @property
    def children(self) -> tuple[Step, ...]:
        return self.worked


@dataclass(frozen=True, kw_only=True)
class TransitionMatrix(Step):
    """x = C[x]_C and [x]_B = B⁻¹x give [x]_B = B⁻¹C[x]_C: T = B⁻¹C (B⁻¹ when C is the
    standard basis); B T = C checks it. ``reversed``: a changed rule worked C⁻¹B."""

    B: Any
    C: Any  # None: the standard basis
    inverse: Any  # B⁻¹ (C⁻¹ when reversed)
    result: Any
    check: Any  # B T
    expected: Any  # C (I for the standard basis)
    reversed: bool = False


@dataclass(frozen=True, kw_only=True)
class MapInNewBasis(Step):
    """[Ax]_B = B⁻¹A x = B⁻¹AB [x]_B, so the map's matrix in the basis B is Ã = B⁻¹AB,
    worked as B⁻¹(AB); similar matrices share trace, determinant and eigenvalues.
    ``reversed``: a changed rule worked B A B⁻¹."""

    A: Any
    B: Any
    inverse: Any
    inner: Any  # AB (A B⁻¹ when reversed)
    result: Any
    trace: Any
    det: Any
    reversed: bool = False


@dataclass(frozen=True, kw_only=True)
class BasisCoordinates(Step):
    """[v]_B = B⁻¹v, the coefficients of v in the basis; B[v]_B = v checks them.
    ``by_B``: a changed rule multiplied by B."""

    index: int  # from 1
    vector: Any
    inverse: Any
    result: Any
    check: Any
    by_B: bool = False
