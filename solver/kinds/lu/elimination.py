"""Gaussian elimination that keeps its multipliers: A = LU, or PA = LU with partial pivoting.

Column by column, ℓᵢₖ = aᵢₖ / aₖₖ for each row i below the pivot and Rᵢ ← Rᵢ − ℓᵢₖ Rₖ.
The multipliers fill L below its unit diagonal and the final matrix is U: row i of U is
row i of A minus Σⱼ<ᵢ ℓᵢⱼ (row j of U), which is A = LU read row by row. Partial pivoting
first swaps up the row with the largest |aᵢₖ| at or below the diagonal (the first of
equals); the swap is recorded in the row order behind P and applied to the multipliers
already in L as well, so that PA = LU. Given multipliers (a student's L) are used instead
of computed ones, without pivoting: U from those multipliers.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy

from solver.exact import is_zero, sign_of, tidy_exact
from solver.kinds.lu.rules import Rules
from solver.kinds.lu.steps import LuEliminationColumn, LuZeroPivot

Matrix = sympy.ImmutableMatrix


@dataclass(frozen=True)
class Factored:
    """The worked columns, the row order (row i of PA is row ``order[i]`` of A), L and U;
    or the zero pivot that stopped the elimination (then L and U are None)."""

    columns: tuple[LuEliminationColumn, ...]
    order: tuple[int, ...]
    L: Matrix | None
    U: Matrix | None
    zero_pivot: LuZeroPivot | None = None

    @property
    def P(self) -> Matrix:
        n = len(self.order)
        return Matrix(n, n, lambda i, j: 1 if self.order[i] == j else 0)


def eliminate(A: Matrix, pivoting: str, rules: Rules, multipliers: Matrix | None = None
              ) -> Factored:
    """A factored column by column under ``rules``; ``multipliers`` (ℓᵢⱼ below the
    diagonal) replace the computed ones when given."""
    n = A.rows
    rows = [list(A.row(i)) for i in range(n)]
    order = list(range(n))
    ell = [[sympy.S.Zero] * n for _ in range(n)]
    columns = []
    for k in range(n - 1):
        before = Matrix(rows)
        swap_row = swapped = lower = None
        if pivoting == "partial":
            r = _largest(rows, k) if rules.largest_pivot else _first_nonzero(rows, k)
            if r != k:
                rows[k], rows[r] = rows[r], rows[k]
                order[k], order[r] = order[r], order[k]
                if rules.swap_multipliers:
                    ell[k][:k], ell[r][:k] = ell[r][:k], ell[k][:k]
                swap_row, swapped = r, Matrix(rows)
                lower = _lower(ell, n) if k else None
        pivot = rows[k][k]
        below = tuple((i, rows[i][k]) for i in range(k + 1, n) if not _zero(rows[i][k]))
        if multipliers is None and _zero(pivot) and below:
            stop = LuZeroPivot(column=k, matrix=Matrix(rows), below=below)
            return Factored(tuple(columns), tuple(order), None, None, stop)
        worked = []
        for i in range(k + 1, n):
            entry = rows[i][k]
            if multipliers is not None:
                factor = multipliers[i, k]
            else:
                factor = sympy.S.Zero if _zero(entry) else entry / pivot
            factor = tidy_exact(factor)
            if factor != 0:
                rows[i] = [tidy_exact(a - factor * b) for a, b in zip(rows[i], rows[k],
                                                                         strict=True)]
            ell[i][k] = factor
            worked.append((i, entry, factor))
        columns.append(LuEliminationColumn(
            column=k, pivoting=pivoting, before=before, swap_row=swap_row, swapped=swapped,
            lower=lower, pivot=pivot, multipliers=tuple(worked), result=Matrix(rows)))
    U = Matrix(rows)
    return Factored(tuple(columns), tuple(order), _factor_l(ell, U, rules), U)


def _largest(rows, k: int) -> int:
    """The row at or below k with the largest |aᵢₖ| (the first of equals)."""
    best = k
    for i in range(k + 1, len(rows)):
        if sign_of(abs(rows[i][k]) - abs(rows[best][k])) > 0:
            best = i
    return best


def _first_nonzero(rows, k: int) -> int:
    """The first row at or below k with aᵢₖ ≠ 0 (k when there is none)."""
    return next((i for i in range(k, len(rows)) if not _zero(rows[i][k])), k)


def _lower(ell, n: int) -> Matrix:
    """The multipliers found so far, strictly below the diagonal."""
    return Matrix(n, n, lambda i, j: ell[i][j] if j < i else 0)


def _factor_l(ell, U: Matrix, rules: Rules) -> Matrix:
    """L: ``stored_sign`` · ℓᵢⱼ below the diagonal, the diagonal the rules put there."""
    diagonal = {"ones": lambda k: 1, "zeros": lambda k: 0, "pivots": lambda k: U[k, k]}
    return Matrix(U.rows, U.rows, lambda i, j: rules.stored_sign * ell[i][j] if j < i
                  else diagonal[rules.diagonal](i) if i == j else 0)


def _zero(entry) -> bool:
    return is_zero(entry) is True
