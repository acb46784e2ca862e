"""The orthogonal projection of x onto U under ⟨u, v⟩ = uᵀMv, worked under ``rules`` (the
textbook's unless a typical mistake changes one): M checked, a basis B of U, the normal
equations BᵀMB λ = BᵀMx (on a line λ = ⟨x, b⟩/⟨b, b⟩), p = Bλ, x − p ⟂ U, ‖x − p‖_M, and P
when asked."""

from __future__ import annotations

import sympy

from solver.answers import Named, Undefined, Value
from solver.elimination import forward, reduce
from solver.exact import tidy_exact
from solver.kinds.given import NOTHING, Given, NotCarried, number, numbers
from solver.kinds.projection.read import ProjectionInputs
from solver.kinds.projection.rules import TEXTBOOK, Rules
from solver.kinds.projection.spanning import basis_of
from solver.kinds.projection.steps import (
    ProjectionCoefficients,
    ProjectionCombination,
    ProjectionDistance,
    ProjectionMatrix,
    ProjectionNormalEquations,
    ProjectionOntoLine,
    ProjectionResidual,
)
from solver.steps import Solved
from solver.steps.inner_product import InnerProductCheck, inner_product_check
from solver.steps.linalg import Elimination

Matrix = sympy.ImmutableMatrix


def solve(inputs: ProjectionInputs, given: Given = NOTHING, rules: Rules = TEXTBOOK) -> Solved:
    """p and what follows from it; ``given`` may supply BᵀMB (``gram``), BᵀMx (``rhs``), λ,
    p, the residual, the distance and P, each carried to the values after it."""
    x, M, inner = inputs.point, inputs.gram, inputs.inner
    steps: list = []
    if inner is not None:
        check = inner_product_check(inner)
        steps.append(check)
        if not check.inner_product:
            return Solved(tuple(steps), Undefined(not_inner_product_reason(check)))
    reduction = basis_of(inputs.vectors)
    if len(inputs.vectors) > 1:
        steps.append(reduction)
    B = reduction.basis
    rank, size = B.cols, x.rows
    gram = given.take("gram", _tidy(B.T * M * B), read=lambda v: numbers(v, (rank, rank)))
    rhs = given.take("rhs", _tidy(B.T * M * x), read=lambda v: numbers(v, (rank, 1)))
    used = _used(gram, rules)

    def vector(value):
        return numbers(value, (size, 1))

    if rank == 1:
        divisor = used[0, 0]
        if divisor == 0:  # only a student's ⟨b, b⟩ can vanish: b ≠ 0
            raise NotCarried
        coefficient = given.take("lambda", tidy_exact(rhs[0, 0] / divisor),
                                 after=("gram", "rhs"), read=number)
        p = given.take("p", _tidy(coefficient * B), after=("lambda",), read=vector)
        steps.append(ProjectionOntoLine(vector=B, point=x, inner=inner, xb=rhs[0, 0],
                                    bb=gram[0, 0], divisor=divisor, coefficient=coefficient,
                                    result=p))
        shown = coefficient
    else:
        steps.append(ProjectionNormalEquations(basis=B, point=x, inner=inner, gram=gram, rhs=rhs,
                                     used=used))
        elimination, solution = _solved(used, rhs)
        coefficients = given.take("lambda", solution, after=("gram", "rhs"),
                                  read=lambda v: numbers(v, (rank, 1)))
        steps.append(ProjectionCoefficients(elimination=elimination, coefficients=coefficients))
        p = given.take("p", _tidy(B * coefficients), after=("lambda",), read=vector)
        steps.append(ProjectionCombination(basis=B, coefficients=coefficients, result=p))
        shown = coefficients
    residual = given.take("residual", _tidy(rules.residual_sign * (x - p)), after=("p",),
                          read=vector)
    steps.append(ProjectionResidual(point=x, projection=p, sign=rules.residual_sign,
                                    residual=residual, basis=B, inner=inner,
                                    check=_tidy(B.T * M * residual)))
    squared = tidy_exact((residual.T * M * residual)[0, 0])
    distance = given.take("distance", tidy_exact(sympy.sqrt(squared)), after=("residual",),
                          read=number)
    steps.append(ProjectionDistance(residual=residual, inner=inner, squared=squared,
                                    result=distance))
    items = [("lambda", Value(shown)), ("p", Value(p)), ("residual", Value(residual)),
             ("distance", Value(distance))]
    if inputs.matrix:
        inverse = _tidy(used.inv())
        P = given.take("P", _tidy(B * inverse * B.T * M), after=("gram",),
                       read=lambda v: numbers(v, (size, size)))
        denominator = _common_denominator(P)
        steps.append(ProjectionMatrix(basis=B, inner=inner, inverse=inverse, result=P,
                                      image=_tidy(P * x), denominator=denominator,
                                      scaled=Matrix(P * denominator)))
        items.append(("P", Value(P)))
    intermediates = (("rank", Value(sympy.Integer(rank))), ("gram", Value(gram)),
                     ("rhs", Value(rhs)))
    return Solved(tuple(steps), Named(tuple(items)), intermediates)


def not_inner_product_reason(check: InnerProductCheck) -> str:
    """Why uᵀMv is not an inner product."""
    if not check.symmetric:
        return ("M is not symmetric (it differs from its transpose), so it does not define an "
                "inner product: the product of u with v would differ from that of v with u.")
    k = check.failing
    return (f"M is not positive definite (its leading principal minor of order {k} is "
            f"{check.minors[k - 1]}, not positive), so it does not define an inner product: "
            f"some non-zero vector would have a squared length of zero or less.")


def _used(gram: Matrix, rules: Rules) -> Matrix:
    """The matrix the normal equations are solved with under ``rules``."""
    if rules.gram == "diagonal":
        return Matrix.diag(*(gram[i, i] for i in range(gram.rows)))
    if rules.gram == "identity":
        return Matrix.eye(gram.rows)
    return gram


def _solved(matrix: Matrix, rhs: Matrix) -> tuple[Elimination, Matrix]:
    """Gauss–Jordan on [matrix | rhs]; the unique solution (NotCarried when a student's
    matrix is singular)."""
    start = Matrix.hstack(matrix, rhs)
    echelon = reduce(forward(start, matrix.cols))
    if len(echelon.pivots) != matrix.cols:
        raise NotCarried
    solution = _tidy(echelon.matrix[:, matrix.cols])
    return (Elimination(start=start, operations=echelon.operations, result=echelon.matrix,
                        pivots=echelon.pivots), solution)


def _common_denominator(matrix: Matrix):
    """The least common denominator of rational entries (1 when any entry is irrational)."""
    if not all(entry.is_Rational for entry in matrix):
        return sympy.S.One
    return sympy.Integer(sympy.ilcm(1, *(entry.q for entry in matrix)))


def _tidy(matrix) -> Matrix:
    return Matrix(matrix).applyfunc(tidy_exact)
