"""The minimiser of L(θ) = ½ θᵀQθ − bᵀθ: θ* = Q⁻¹b when Q is symmetric positive definite.

Q must be symmetric (the quadratic form only sees its symmetric part) and positive definite,
checked by its leading principal minors; then ∇L = Qθ − b = 0 has the one solution θ* (by the
adjugate for n ≤ 3, elimination beyond) and L(θ*) = −½ bᵀθ*. Otherwise the eigenvalue signs
of Q and whether b lies in its column space say why there is no unique minimiser. The named
value is ``minimum``, L(θ*).
"""

from __future__ import annotations

from solver.kinds.base import Field, Kind, Without
from solver.kinds.quadratic_minimizer.mistakes import mistakes
from solver.kinds.quadratic_minimizer.read import (
    QuadraticMinimizerInputs,
    read,
    read_matrix_q,
    read_vector,
)
from solver.kinds.quadratic_minimizer.solve import minor_reason, not_symmetric_reason, solve

KIND = Kind(
    name="quadratic_minimizer",
    summary="Minimise L(θ) = ½θᵀQθ − bᵀθ: check Q is symmetric positive definite (leading "
            "minors), solve Qθ = b, give θ* and L(θ*).",
    fields=(
        Field("Q", "the symmetric matrix of the quadratic term (a list of rows, or a given "
                   "name)"),
        Field("b", "the vector of the linear term, one entry per row of Q"),
    ),
    hint="a vector [a, b], or 'undefined'",
    mistakes=mistakes,
    carries=Without("no chain: θ*, the one graded answer, is computed from Q and b alone"),
    doc=__doc__,
    read=read,
    solve=solve,
    example="""{id: a, kind: quadratic_minimizer, Q: [[2, 1], [1, 2]], b: [1, 1]}""",
)

__all__ = ["KIND", "QuadraticMinimizerInputs", "minor_reason", "not_symmetric_reason", "read",
           "read_matrix_q", "read_vector", "solve"]
