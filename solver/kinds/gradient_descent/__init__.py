"""Gradient descent: θₖ₊₁ = θₖ − η ∇f(θₖ), iterated exactly from a given start.

Each iteration evaluates the gradient ∇f and the loss f at θₖ, scales the gradient by η
and steps against it. The iteration stops with an 'undefined' answer where f or ∇f has no
finite real value (the subexpression that leaves its domain is named), or where the exact
entries grow beyond ``MAX_DIGITS`` digits. The answer is θₖ for the part's k = ``steps``; the
named values are ``theta0`` … ``thetak``, ``grad0`` … and ``loss0`` … ``lossk``.

The learning rate may be a symbol the part declares (``constants: [alpha]``,
``learning_rate: alpha``, taken > 0): the iterates are then expressions in it, expanded and
factored. ``ask`` adds questions about it, each a named answer beside ``thetak``:
``reaches_minimiser``, the η with θ₁ = θ* (θ₀ − θ* = η∇f(θ₀), solved for η; θ* the only
local minimum of f), and ``converges``, 0 < η < 2/λ_max for a quadratic f
½xᵀAx − bᵀx + c (|1 − ηλᵢ| < 1 for every eigenvalue λᵢ of A = H), or why the eigenvalues
do not decide it for any other f (named values ``hessian`` and ``lambda_max``).
"""

from __future__ import annotations

from solver.kinds.base import Field, Kind
from solver.kinds.gradient_descent.mistakes import mistakes
from solver.kinds.gradient_descent.read import GradientDescentInputs, read
from solver.kinds.gradient_descent.solve import solve

KIND = Kind(
    name="gradient_descent",
    summary="Iterate θ ← θ − η∇f(θ) exactly from a start point; shows ∇f, each gradient, "
            "update and loss.",
    fields=(
        Field("f", "the function to minimise, an expression in the wrt variables"),
        Field("wrt", "the variable names (a list, or one name)"),
        Field("start", "the start point θ⁰: a list of numbers, one per variable, or the name "
                       "of a given vector"),
        Field("learning_rate", "the step length η > 0, or the name of a declared constant "
                               "(e.g. alpha, with constants: [alpha])"),
        Field("steps", "the number of iterations (default 1, at most 100)", required=False),
        Field("constants", "the name of a symbolic learning rate, e.g. [alpha]",
              required=False),
        Field("ask", "questions about a symbolic learning rate: reaches_minimiser (which "
                     "one step lands on the minimiser), converges (which converge)",
              required=False),
    ),
    hint='a number or a vector [a, b], in a symbolic learning rate if there is one; a '
         'value or a range 0 < alpha < 1/3 of the rate when asked',
    mistakes=mistakes,
    carries="θₖ from the student's nearest earlier iterate θⱼ: the remaining k − j steps "
            "taken from it",
    doc=__doc__,
    read=read,
    solve=solve,
    example="""{id: a, kind: gradient_descent, f: "2*(theta1 - 2)^2 + theta2",
 wrt: [theta1, theta2], start: [1, 3], learning_rate: 2}""",
)

__all__ = ["KIND", "GradientDescentInputs", "read", "solve"]
