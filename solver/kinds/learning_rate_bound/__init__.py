"""The learning rates for which gradient descent on a quadratic f converges from every start.

For a quadratic f the Hessian H = ∇²f is constant and the error of gradient descent evolves
as eₖ₊₁ = (I − ηH) eₖ, which shrinks from every start exactly when |1 − ηλ| < 1 for every
eigenvalue λ of H: with every eigenvalue positive, 0 < η < 2/λ_max. The eigenvalues are the
exact real roots of det(H − λI). There is no bound when f is not quadratic (its Hessian
depends on the variables), when the eigenvalues have no exact closed form, or when an
eigenvalue is negative or zero (f unbounded below, or the minimiser not unique). The named
values are ``hessian`` and ``lambda_max``.
"""

from __future__ import annotations

from solver.kinds.base import Field, Kind
from solver.kinds.learning_rate_bound.mistakes import mistakes
from solver.kinds.learning_rate_bound.read import LearningRateBoundInputs, read
from solver.kinds.learning_rate_bound.solve import solve

KIND = Kind(
    name="learning_rate_bound",
    summary="The learning rates η for which gradient descent on a quadratic f converges from "
            "every start: 0 < η < 2/λ_max(H).",
    fields=(
        Field("f", "the function, an expression in the wrt variables (quadratic for a bound)"),
        Field("wrt", "the variable names (a list, or one name)"),
    ),
    hint="an interval such as 0 < eta < 1/2, or 'no bound'",
    mistakes=mistakes,
    carries="λ_max from the student's Hessian, 0 < η < 2/λ_max from their λ_max",
    doc=__doc__,
    read=read,
    solve=solve,
    example="""{id: a, kind: learning_rate_bound, f: "5*x^2 + 4*x*y + 2*y^2", wrt: [x, y]}""",
)

__all__ = ["KIND", "LearningRateBoundInputs", "read", "solve"]
