"""The minimiser of L(θ) = ½ θᵀQθ − bᵀθ: Q symmetric and positive definite (leading minors),
then Qθ = b solved for θ* and L(θ*) = −½ bᵀθ*; otherwise why L has no unique minimiser."""

from __future__ import annotations

import sympy

from solver.answers import Undefined, Value
from solver.exact import tidy_exact
from solver.kinds.quadratic_minimizer.read import QuadraticMinimizerInputs
from solver.render.printing import plain
from solver.steps import Solved
from solver.steps.optimization import (
    LAMBDA,
    LeadingMinorsTest,
    MinimiserSolve,
    QuadraticFormSymmetry,
    QuadraticMinimumValue,
    QuadraticSpectrum,
    StationaryCondition,
    characteristic,
    exact_real_roots,
    leading_minors,
    sign_counts,
    symmetry_check,
)

MAX_SHOWN_INVERSE = 3
MAX_EXACT_EIGENVALUES = 3


def not_symmetric_reason(step: QuadraticFormSymmetry) -> str:
    return ("Q is not symmetric (it differs from its transpose); the quadratic form only sees "
            "the symmetric part (Q + Q transposed)/2, so restate L with that matrix")


def solve(inputs: QuadraticMinimizerInputs) -> Solved:
    Q, b = inputs.Q, inputs.b
    symmetry = symmetry_check(Q)
    steps: list = [symmetry]
    if not symmetry.symmetric:
        return Solved(tuple(steps), Undefined(not_symmetric_reason(symmetry)))
    minors = leading_minors(Q)
    steps.append(minors)
    if not minors.positive_definite:
        spectrum = quadratic_spectrum(Q, b)
        steps.append(spectrum)
        return Solved(tuple(steps), Undefined(_reason(minors, spectrum)))

    steps.append(StationaryCondition(Q=Q, b=b))
    determinant = Q.det(method="bareiss")
    if Q.rows <= MAX_SHOWN_INVERSE:
        adjugate = Q.adjugate()
        inverse = sympy.ImmutableMatrix(adjugate / determinant)
        solution = sympy.ImmutableMatrix(inverse * b)
    else:
        adjugate = inverse = None
        solution = sympy.ImmutableMatrix(Q.LUsolve(b))
    solution = solution.applyfunc(tidy_exact)
    steps.append(MinimiserSolve(Q=Q, b=b, determinant=determinant, adjugate=adjugate,
                                inverse=inverse.applyfunc(tidy_exact) if inverse is not None
                                else None, solution=solution))
    product = tidy_exact((b.T * solution)[0])
    value = tidy_exact(-product / 2)
    steps.append(QuadraticMinimumValue(b=b, theta=solution, product=product, value=value))
    return Solved(tuple(steps), Value(solution), (("minimum", Value(value)),))


def quadratic_spectrum(Q, b) -> QuadraticSpectrum:
    """Eigenvalue signs of a symmetric Q (exact roots for n ≤ 3) and whether b ∈ range(Q)."""
    poly = characteristic(Q)
    negative, zero, positive = sign_counts(poly)
    eigenvalues = ()
    if Q.rows <= MAX_EXACT_EIGENVALUES:
        eigenvalues = exact_real_roots(poly) or ()
    in_range = Q.rank() == Q.row_join(b).rank()
    if negative:
        case = "negative"
    elif in_range:
        case = "singular_flat"
    else:
        case = "singular_unbounded"
    return QuadraticSpectrum(matrix=Q, variable=LAMBDA, polynomial=poly.as_expr(),
                             eigenvalues=eigenvalues, negative=negative, zero=zero,
                             positive=positive, b_in_range=in_range, case=case)


def minor_reason(minors: LeadingMinorsTest) -> str:
    k = minors.failing
    return (f"Q is not positive definite: its leading principal minor of order {k} is "
            f"{plain(minors.minors[k - 1])}, not positive")


def _reason(minors: LeadingMinorsTest, spectrum: QuadraticSpectrum) -> str:
    head = minor_reason(minors)
    if spectrum.case == "negative":
        return f"{head}; Q has a negative eigenvalue, so L is unbounded below and has no minimiser"
    if spectrum.case == "singular_unbounded":
        return (f"{head}; Q is positive semidefinite but singular and b is not in its column "
                f"space, so L is unbounded below and has no minimiser")
    dimension = spectrum.zero
    return (f"{head}; Q is positive semidefinite but singular (eigenvalue 0) and b is in its "
            f"column space, so L has no unique minimiser: every solution of Qθ = b minimises "
            f"L, an affine set of dimension {dimension}")
