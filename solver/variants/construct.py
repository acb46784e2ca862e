"""Matrices built to have a property, so that no draw has to be rejected for it.

- ``unimodular(n)``: L U with L unit lower and U unit upper triangular (entries −1, 0, 1
  below/above the diagonal), rows permuted with random signs: det = ±1, so the inverse is
  an integer matrix too (its adjugate over ±1).
- ``with_eigenvalues(λ)``: A = P D P⁻¹ with P unimodular: A has the eigenvalues λ (A and D
  are similar), the columns of P as eigenvectors, and integer entries when the λ are.
- ``of_rank(m, n, r)``: B C with B (m×r) and Cᵀ (n×r) of full column rank r (an r×r lower
  triangular block with a non-zero diagonal, the other rows small integers, the rows
  shuffled): rank(BC) = r exactly, since B is injective and C is onto.
- ``householder_orthogonal(n)``: S H, S a signed permutation and H = I − 2vvᵀ/(vᵀv) the
  reflection in the plane orthogonal to a small integer v (HᵀH = I): rational entries
  whose denominators divide vᵀv.
"""

from __future__ import annotations

import sympy

from solver.variants.seeds import Stream

Matrix = sympy.ImmutableMatrix


def signed_permutation(n: int, stream: Stream) -> Matrix:
    """A permutation matrix with random signs: orthogonal, entries 0 and ±1."""
    order = stream.shuffled(range(n))
    rows = [[0] * n for _ in range(n)]
    for row, column in enumerate(order):
        rows[row][column] = stream.pick((-1, 1))
    return Matrix(rows)


def unimodular(n: int, stream: Stream) -> Matrix:
    """A random n×n integer matrix of determinant ±1 (small entries)."""
    lower = [[1 if i == j else stream.between(-1, 1) if i > j else 0 for j in range(n)]
             for i in range(n)]
    upper = [[1 if i == j else stream.between(-1, 1) if i < j else 0 for j in range(n)]
             for i in range(n)]
    return signed_permutation(n, stream) * Matrix(lower) * Matrix(upper)


def with_eigenvalues(values, stream: Stream, attempts: int = 20) -> Matrix:
    """P D P⁻¹ for a unimodular P; not diagonal unless all the values are equal."""
    n = len(values)
    diagonal = Matrix.diag(*values)
    matrix = diagonal
    for _ in range(attempts):
        basis = unimodular(n, stream)
        matrix = Matrix(basis * diagonal * basis.inv())
        if len(set(values)) == 1 or not matrix.is_diagonal():
            return matrix
    return matrix


def full_column_rank(m: int, r: int, stream: Stream) -> Matrix:
    """An m×r integer matrix of rank r: a lower triangular r×r block with diagonal entries
    ±1, ±2, the other m − r rows entries −2 … 2, the rows in a random order."""
    block = [[stream.pick((-2, -1, 1, 2)) if i == j else stream.between(-2, 2) if i > j else 0
              for j in range(r)] for i in range(r)]
    rest = [[stream.between(-2, 2) for _ in range(r)] for _ in range(m - r)]
    return Matrix(stream.shuffled(block + rest))


def of_rank(m: int, n: int, r: int, stream: Stream) -> Matrix:
    """An m×n integer matrix of rank exactly r."""
    if r == 0:
        return Matrix.zeros(m, n)
    left = full_column_rank(m, r, stream)
    right = full_column_rank(n, r, stream).T
    return Matrix(left * right)


def householder_orthogonal(n: int, stream: Stream) -> Matrix:
    """S (I − 2vvᵀ/(vᵀv)) for a signed permutation S and a small integer v that is not a
    multiple of a unit vector (so the reflection is not itself a signed permutation)."""
    if n == 1:
        return signed_permutation(1, stream)
    while True:
        v = Matrix([stream.between(-2, 2) for _ in range(n)])
        if sum(1 for entry in v if entry != 0) >= 2:
            break
    reflection = Matrix.eye(n) - 2 * v * v.T / (v.T * v)[0, 0]
    return Matrix(signed_permutation(n, stream) * reflection)
