"""Solving Ax = b by Gauss–Jordan elimination of the augmented matrix [A | b]: a row 0 = c
with c ≠ 0 means no solution; a pivot in every column the unique solution; otherwise the
general solution x = x_p + Σ tᵢnᵢ with one parameter per free column."""

from __future__ import annotations

import sympy

from solver import elimination
from solver.answers import InfinitelyMany, NoSolution, Undefined, Value
from solver.kinds.linear_system.read import LinearSystem
from solver.plural import plural
from solver.steps import Solved
from solver.steps.linalg import (
    Augmented,
    Contradiction,
    Elimination,
    ParametricSolution,
    SolutionSpace,
    SubstitutionCheck,
    SystemShapeMismatch,
    UniqueSolution,
)


def solve(system: LinearSystem) -> Solved:
    A, b, names = system.A, system.b, system.names
    M, B = names.matrix, names.vector  # as the problem writes them
    if A.rows != b.rows:
        reason = (f"{M} is {A.rows}×{A.cols} but {B} has {plural(b.rows, 'entry', 'entries')}: "
                  f"{M}x has {A.rows}, "
                  f"so {M}x = {B} cannot hold")
        step = SystemShapeMismatch(matrix_shape=A.shape, vector_shape=b.shape, names=names)
        return Solved((step,), Undefined(reason))
    augmented = A.row_join(b)
    determinant = A.det() if A.is_square else None
    setup = Augmented(matrix=A, vector=b, result=augmented, determinant=determinant,
                      names=names)
    echelon = elimination.forward(augmented, columns=A.cols)
    for row in range(len(echelon.pivots), A.rows):
        rhs = echelon.matrix[row, A.cols]
        if rhs != 0:
            steps = (setup, _elimination(augmented, echelon), Contradiction(row=row, rhs=rhs))
            reason = f"row {row + 1} reduces to 0 = {rhs}, which is impossible"
            return Solved(steps, NoSolution(reason))
    reduced = elimination.reduce(echelon)
    particular = _particular(reduced, A.cols)
    if len(reduced.pivots) == A.cols:
        check = SubstitutionCheck(matrix=A, solution=particular, product=A * particular, vector=b,
                                  names=names)
        steps = (setup, _elimination(augmented, reduced), UniqueSolution(solution=particular),
                 check)
        return Solved(steps, Value(particular))
    free = tuple(col for col in range(A.cols) if col not in reduced.pivots)
    basis = tuple(_null_vector(reduced, A.cols, col) for col in free)
    parameters = tuple(sympy.Symbol(f"t{i + 1}", real=True) for i in range(len(free)))
    if len(free) == 1:
        parameters = (sympy.Symbol("t", real=True),)
    general = particular + sum((t * v for t, v in zip(parameters, basis, strict=True)),
                               sympy.zeros(A.cols, 1))
    check = SubstitutionCheck(matrix=A, solution=sympy.ImmutableMatrix(general),
                              product=sympy.ImmutableMatrix((A * general).expand()), vector=b,
                              names=names)
    parametric = ParametricSolution(free=free, particular=particular, basis=basis,
                                    parameters=parameters, names=names)
    steps = (setup, _elimination(augmented, reduced), parametric, check)
    reason = (f"rank {M} = {len(reduced.pivots)} < {A.cols} unknowns and the system is consistent; "
              f"{plural(len(free), 'free parameter')}")
    named: tuple = ()
    if all(entry == 0 for entry in b):  # homogeneous: the solutions are a subspace
        steps += (SolutionSpace(dimension=len(free), unknowns=A.cols, basis=basis, names=names),)
        named = (("dimension", Value(sympy.Integer(len(free)))),
                 ("basis", Value(sympy.ImmutableMatrix.hstack(*basis), "span")))
    return Solved(steps, InfinitelyMany(particular, basis, parameters, reason), named)


def _elimination(start, echelon) -> Elimination:
    return Elimination(start=start, operations=echelon.operations, result=echelon.matrix,
                       pivots=echelon.pivots)


def _particular(reduced, unknowns: int) -> sympy.ImmutableMatrix:
    """Free variables set to 0; each pivot variable equals its row's right-hand side."""
    x = sympy.zeros(unknowns, 1)
    for row, col in enumerate(reduced.pivots):
        x[col] = reduced.matrix[row, unknowns]
    return sympy.ImmutableMatrix(x)


def _null_vector(reduced, unknowns: int, free_col: int) -> sympy.ImmutableMatrix:
    """The null-space vector with x_free = 1, other free variables 0."""
    v = sympy.zeros(unknowns, 1)
    v[free_col] = 1
    for row, col in enumerate(reduced.pivots):
        v[col] = -reduced.matrix[row, free_col]
    return sympy.ImmutableMatrix(v)
