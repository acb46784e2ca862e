"""The steps of a diagonalisation: the multiplicities, the verdict, P and D with the check
AP = PD, and for a symmetric A an orthonormal basis of each eigenspace."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from solver.steps.base import Step


@dataclass(frozen=True, kw_only=True)
class EigenMultiplicityTable(Step):
    """Each eigenvalue λ with its algebraic multiplicity (as a root of p(λ)) and its
    geometric multiplicity dim ker(A − λI), the number of basis eigenvectors; always
    1 ≤ geometric ≤ algebraic."""

    rows: tuple[tuple[Any, int, int], ...]  # (λ, algebraic, geometric)


@dataclass(frozen=True, kw_only=True)
class DiagonalisabilityVerdict(Step):
    """A is diagonalisable over a field iff every eigenvalue lies in the field and every
    geometric multiplicity equals the algebraic one (the eigenvectors then form a basis).
    ``defective``: the eigenvalues whose geometric multiplicity is smaller; ``non_real``:
    a real field and some eigenvalue not real."""

    field: str
    defective: tuple[Any, ...]
    non_real: bool
    size: int

    @property
    def diagonalisable(self) -> bool:
        return not self.defective and not self.non_real


@dataclass(frozen=True, kw_only=True)
class OrthonormalEigenspace(Step):
    """For a symmetric A, eigenvectors of distinct eigenvalues are orthogonal; Gram–Schmidt
    within each eigenspace (``process``) makes its basis orthonormal."""

    value: Any
    basis: tuple[Any, ...]
    process: tuple[Step, ...]
    result: tuple[Any, ...]


@dataclass(frozen=True, kw_only=True)
class DiagonalisationCheck(Step):
    """P has the eigenvectors as columns and D the eigenvalues in the same order, so
    AP = PD column by column (Avᵢ = λᵢvᵢ); P is invertible (det P ≠ 0), so A = PDP⁻¹. For an
    orthogonal P (``orthogonal``), PᵀP = I and A = PDPᵀ."""

    matrix: Any
    P: Any
    D: Any
    AP: Any
    PD: Any
    det_P: Any
    orthogonal: bool
    PtP: Any = None
    PDPt: Any = None


@dataclass(frozen=True, kw_only=True)
class NoOrthogonalP(Step):
    """An orthogonal P was asked for, but A is not symmetric: PDPᵀ is symmetric for every
    orthogonal P and diagonal D, so no orthogonal P diagonalises A."""

    matrix: Any
