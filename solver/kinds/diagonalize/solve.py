"""Diagonalisation A = PDP⁻¹ from the eigen kind's eigenvalues and eigenspaces: the
multiplicities, the verdict over the field, P and D with AP = PD, and for a symmetric A an
orthogonal P from Gram–Schmidt within each eigenspace.

P is answered as its columns cut into one block per eigenvalue (the geometric
multiplicities, in D's order): any basis of each eigenspace, in D's order, is a right P;
orthonormal bases when an orthogonal P is asked for."""

from __future__ import annotations

from collections import Counter

import sympy

from solver.answers import Named, Undefined, Value
from solver.exact import tidy_exact
from solver.kinds.diagonalize.read import DiagonalizeInputs
from solver.kinds.diagonalize.rules import TEXTBOOK, Rules
from solver.kinds.diagonalize.steps import (
    DiagonalisabilityVerdict,
    DiagonalisationCheck,
    EigenMultiplicityTable,
    NoOrthogonalP,
    OrthonormalEigenspace,
)
from solver.kinds.eigen import EigenProblem
from solver.kinds.eigen import solve as eigen_solve
from solver.kinds.eigen.roots import eigenvalue_order
from solver.kinds.given import NOTHING, Given, NotCarried, expressions
from solver.kinds.gram_schmidt import GramSchmidtInputs
from solver.kinds.gram_schmidt import solve as gram_schmidt
from solver.render.printing import plain
from solver.steps import Solved

Matrix = sympy.ImmutableMatrix


def solve(inputs: DiagonalizeInputs, given: Given = NOTHING, rules: Rules = TEXTBOOK) -> Solved:
    """P and D with A = PDP⁻¹, or Undefined with the reason; ``given`` may supply the list of
    eigenvalues with multiplicity (``eigenvalues``), from which D follows, and P and D."""
    A = inputs.matrix
    size = A.rows
    eigen = eigen_solve(EigenProblem(A))
    spaces = _eigenspaces(eigen)
    algebraic = Counter(dict(eigen.intermediates)["eigenvalues"].value)
    rows = tuple((value, algebraic[value], len(basis)) for value, basis in spaces)
    table = EigenMultiplicityTable(rows=rows)
    verdict = DiagonalisabilityVerdict(
        field=inputs.field, size=size,
        defective=tuple(value for value, alg, geo in rows if geo < alg),
        non_real=inputs.field == "real" and any(not _real(value) for value, _ in spaces))
    steps = [*eigen.steps, table, verdict]
    intermediates = eigen.intermediates
    if not verdict.diagonalisable:
        return Solved(tuple(steps), Undefined(_reason(verdict, rows, spaces)), intermediates)

    symmetric = A == A.T and all(entry.is_real for entry in A)
    if inputs.orthogonal and not symmetric:
        steps.append(NoOrthogonalP(matrix=A))
        return Solved(tuple(steps), Undefined(NO_ORTHOGONAL_P), intermediates)
    if symmetric:
        orthonormal = tuple(_orthonormal(value, basis) for value, basis in spaces)
        steps.extend(orthonormal)
        columns = [v for space in orthonormal for v in space.result]
    else:
        columns = [v for _, basis in spaces for v in basis]
    values = given.take("eigenvalues", Matrix([value for value, basis in spaces
                                               for _ in basis]),
                        read=lambda value: _eigenvalues(value, size))
    ordered = sorted(values, key=eigenvalue_order, reverse=True)
    P = Matrix.hstack(*columns).applyfunc(tidy_exact)
    D = Matrix(sympy.diag(*ordered))
    steps.append(_check(A, P, D, symmetric))
    blocks = tuple(len(basis) for _, basis in spaces)
    P, blocks = _as_given(P, blocks, rules)
    P = given.take("P", P, read=lambda value: expressions(value, (size, size)))
    if rules.reversed_order == "D":
        D = Matrix(sympy.diag(*reversed(ordered)))
    D = given.take("D", D, after=("eigenvalues",),
                   read=lambda value: expressions(value, (size, size)))
    eigenbasis = Value(P, "columns", blocks=blocks, orthonormal=inputs.orthogonal)
    return Solved(tuple(steps), Named((("P", eigenbasis), ("D", Value(D)))), intermediates)


def _eigenspaces(eigen: Solved) -> list[tuple]:
    """(λᵢ, the basis vectors of its eigenspace) in the eigen kind's order."""
    items = dict(eigen.answer.items)
    count = sum(1 for name in items if name.startswith("lambda"))
    spaces = []
    for i in range(1, count + 1):
        vectors = items[f"v{i}"].value
        spaces.append((items[f"lambda{i}"].value,
                       tuple(Matrix(vectors[:, j]) for j in range(vectors.cols))))
    return spaces


def _real(value) -> bool:
    return abs(sympy.im(value).evalf(30)) < sympy.Float("1e-25")


def _orthonormal(value, basis) -> OrthonormalEigenspace:
    """Gram–Schmidt on the basis of one eigenspace of a symmetric matrix."""
    worked = gram_schmidt(GramSchmidtInputs(tuple(basis)))
    result = tuple(item.value for _, item in worked.answer.items)
    return OrthonormalEigenspace(value=value, basis=tuple(basis), process=worked.steps,
                                 result=result)


def _check(A, P, D, orthogonal: bool) -> DiagonalisationCheck:
    def exact(matrix):
        return Matrix(matrix).applyfunc(lambda entry: tidy_exact(sympy.expand(entry)))

    if not orthogonal:
        return DiagonalisationCheck(matrix=A, P=P, D=D, AP=exact(A * P), PD=exact(P * D),
                                    det_P=tidy_exact(P.det()), orthogonal=False)
    return DiagonalisationCheck(matrix=A, P=P, D=D, AP=exact(A * P), PD=exact(P * D),
                                det_P=tidy_exact(P.det()), orthogonal=True,
                                PtP=exact(P.T * P), PDPt=exact(P * D * P.T))


def _as_given(P, blocks: tuple[int, ...], rules: Rules) -> tuple[Matrix, tuple[int, ...]]:
    """P as a student under ``rules`` writes it, and its blocks of columns (one per
    eigenvalue)."""
    if rules.reversed_order == "P":
        starts = [sum(blocks[:i]) for i in range(len(blocks))]
        P = Matrix.hstack(*[P[:, start:start + size]
                            for start, size in reversed(list(zip(starts, blocks, strict=True)))])
        blocks = tuple(reversed(blocks))
    if not rules.columns:
        P = P.T
    if rules.inverse:
        P = P.inv().applyfunc(tidy_exact)
    return Matrix(P), blocks


def _reason(verdict: DiagonalisabilityVerdict, rows, spaces) -> str:
    if verdict.defective:
        parts = [f"lambda = {plain(value)} has algebraic multiplicity {alg} but geometric "
                 f"multiplicity {geo} (only {geo} independent eigenvector"
                 f"{'s' if geo != 1 else ''})"
                 for value, alg, geo in rows if value in verdict.defective]
        return ("A is not diagonalisable (over R or C): the eigenvalue "
                + "; ".join(parts) + f", so there is no basis of {verdict.size} eigenvectors "
                "and no invertible P with A = PDP⁻¹")
    values = ", ".join(plain(value) for value, _ in spaces if not _real(value))
    return (f"A is not diagonalisable over R: its eigenvalues {values} are not real; it is "
            f"diagonalisable over C only (field: complex gives P and D)")


NO_ORTHOGONAL_P = ("A is not symmetric, so no orthogonal P diagonalises it (a real matrix is "
                   "orthogonally diagonalisable exactly when it is symmetric)")


def _eigenvalues(value, size: int) -> Matrix:
    """A student's list of eigenvalues with multiplicity: ``size`` numbers."""
    values = expressions(value, (size, 1))
    if not all(entry.is_number for entry in values):
        raise NotCarried
    return values
