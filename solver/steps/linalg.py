"""Linear-algebra steps: matrix operations, elimination, eigen-decomposition.

Operands keep the syntax node they came from (``source``) so a template can name them
the way the problem wrote them (``a^T b``); values are exact ImmutableMatrix or SymPy
scalars.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from solver.steps.base import Step


@dataclass(frozen=True)
class Operand:
    """A value and the expression it came from."""

    source: Any
    value: Any


@dataclass(frozen=True, kw_only=True)
class MatrixProduct(Step):
    """(AB)ᵢⱼ = Σₖ Aᵢₖ Bₖⱼ for A m×n and B n×p; the result is m×p."""

    left: Operand
    right: Operand
    terms: tuple[tuple[tuple[tuple[Any, Any], ...], ...], ...]
    result: Any


@dataclass(frozen=True, kw_only=True)
class ScalarMultiple(Step):
    """(cA)ᵢⱼ = c Aᵢⱼ."""

    scalar: Operand
    matrix: Operand
    result: Any


@dataclass(frozen=True, kw_only=True)
class MatrixSum(Step):
    """(A ± B)ᵢⱼ = Aᵢⱼ ± Bᵢⱼ for matrices of the same shape."""

    left: Operand
    right: Operand
    sign: int
    result: Any


@dataclass(frozen=True, kw_only=True)
class TransposeOf(Step):
    """(Aᵀ)ᵢⱼ = Aⱼᵢ."""

    operand: Operand
    result: Any


@dataclass(frozen=True, kw_only=True)
class DeterminantOf(Step):
    """det A by cofactor expansion (2×2: ad − bc)."""

    operand: Operand
    result: Any


@dataclass(frozen=True, kw_only=True)
class InverseOf(Step):
    """A⁻¹ exists iff det A ≠ 0; then A A⁻¹ = I (2×2: adj A / det A)."""

    operand: Operand
    determinant: Any
    result: Any


@dataclass(frozen=True, kw_only=True)
class TraceOf(Step):
    """tr A = Σᵢ Aᵢᵢ."""

    operand: Operand
    result: Any


@dataclass(frozen=True, kw_only=True)
class RankOf(Step):
    """rank A = the number of pivots in the row echelon form of A."""

    operand: Operand
    echelon: Any
    result: Any


@dataclass(frozen=True, kw_only=True)
class MatrixPower(Step):
    """Aⁿ = A A ⋯ A (n factors) for square A."""

    base: Operand
    exponent: Any
    result: Any


@dataclass(frozen=True, kw_only=True)
class ScalarOne(Step):
    """A 1×1 matrix is identified with its single entry."""

    operand: Operand
    result: Any


@dataclass(frozen=True, kw_only=True)
class OperationUndefined(Step):
    """An operation whose operands do not fit: the answer is 'undefined' with this reason."""

    operation: str
    operands: tuple[Operand, ...]
    reason: str


@dataclass(frozen=True)
class SystemNames:
    """What the problem calls the coefficient matrix and the right-hand side of Ax = b."""

    matrix: str = "A"
    vector: str = "b"


@dataclass(frozen=True, kw_only=True)
class RowOperation(Step):
    """An elementary row operation; it does not change the solution set of [A | b]."""

    action: str  # swap | scale | add
    target: int
    source: int
    factor: Any
    result: Any


@dataclass(frozen=True, kw_only=True)
class Augmented(Step):
    """Ax = b is the augmented matrix [A | b], one row per equation."""

    matrix: Any
    vector: Any
    result: Any
    determinant: Any  # None when A is not square
    names: SystemNames = SystemNames()


@dataclass(frozen=True, kw_only=True)
class Elimination(Step):
    """Gauss–Jordan elimination: row operations bring [A | b] to reduced row echelon form.

    ``unknowns`` is the number of columns of A: the bar of [A | b] stands after them.
    """

    start: Any
    operations: tuple[RowOperation, ...]
    result: Any
    pivots: tuple[int, ...]

    @property
    def unknowns(self) -> int:
        return self.start.cols - 1


@dataclass(frozen=True, kw_only=True)
class Contradiction(Step):
    """A row 0 = c with c ≠ 0: no x satisfies the system."""

    row: int
    rhs: Any


@dataclass(frozen=True, kw_only=True)
class UniqueSolution(Step):
    """Every column is a pivot: xᵢ is read off the reduced rows."""

    solution: Any


@dataclass(frozen=True, kw_only=True)
class ParametricSolution(Step):
    """x = x_p + Σ tⱼ nⱼ: free variables become parameters; the nⱼ span the null space.

    rank A = the number of unknowns − the number of free variables.
    """

    free: tuple[int, ...]
    particular: Any
    basis: tuple[Any, ...]
    parameters: tuple[Any, ...]
    names: SystemNames = SystemNames()

    @property
    def rank(self) -> int:
        return self.particular.rows - len(self.free)


@dataclass(frozen=True, kw_only=True)
class ComplexEigenvalues(Step):
    """A real matrix whose characteristic polynomial has real coefficients: its non-real
    roots come in conjugate pairs λ = a ± bi, and their eigenvectors are conjugate too. No
    real direction belongs to them: on the real plane spanned by Re v and Im v, A acts as a
    rotation by the angle arg λ combined with a scaling by |λ| = √(a² + b²)."""

    pairs: tuple[tuple[Any, Any, Any], ...]  # (a + bi, modulus, angle) with b > 0


@dataclass(frozen=True, kw_only=True)
class SolutionSpace(Step):
    """With b = 0 the solutions are the null space of A, a subspace: its dimension is the
    number of free variables (rank–nullity: dim N(A) = n − rank A) and the vectors nⱼ of
    the parametric solution are a basis of it."""

    dimension: int
    unknowns: int
    basis: tuple[Any, ...]
    names: SystemNames = SystemNames()


@dataclass(frozen=True, kw_only=True)
class SubstitutionCheck(Step):
    """Substituting back: A x = b holds."""

    matrix: Any
    solution: Any
    product: Any
    vector: Any
    names: SystemNames = SystemNames()


@dataclass(frozen=True, kw_only=True)
class SystemShapeMismatch(Step):
    """Ax = b needs b to have one entry per row of A."""

    matrix_shape: tuple[int, int]
    vector_shape: tuple[int, int]
    names: SystemNames = SystemNames()


@dataclass(frozen=True, kw_only=True)
class CharacteristicPolynomial(Step):
    """p(λ) = det(A − λI); its roots are the eigenvalues."""

    matrix: Any
    variable: Any
    shifted: Any
    result: Any
    factored: Any


@dataclass(frozen=True, kw_only=True)
class EigenvalueRoots(Step):
    """The eigenvalues are the roots of p(λ), each with its algebraic multiplicity."""

    polynomial: Any
    roots: tuple[tuple[Any, int], ...]


@dataclass(frozen=True, kw_only=True)
class Eigenspace(Step):
    """The eigenvectors for λ are the non-zero solutions of (A − λI)v = 0."""

    value: Any
    shifted: Any
    basis: tuple[Any, ...]
