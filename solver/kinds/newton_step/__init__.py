"""Newton's method for minimising f: θ⁽ᵏ⁺¹⁾ = θ⁽ᵏ⁾ + d, where H(θ⁽ᵏ⁾) d = −∇f(θ⁽ᵏ⁾).

∇f and the Hessian H are worked out once, then at each iterate θ⁽ᵏ⁾ their values are
found and the linear system H d = −∇f is solved as a course shows it: d = −f′/f″ for one
variable, d = −H⁻¹∇f with H⁻¹ = (1/det H) [[d, −b], [−c, a]] for two, Gauss–Jordan
elimination of [H | −∇f] beyond. The step goes downhill when ∇fᵀd < 0 (so whenever H is
positive definite, since then ∇fᵀd = −∇fᵀH⁻¹∇f). A quadratic with positive definite H
is minimised in one step. The method stops with an answer saying where and why when H is
singular at an iterate (no unique d), when d is not a descent direction (∇fᵀd ≥ 0: H is
not positive definite there, its leading minors shown), or when f, ∇f or H is undefined
at an iterate; at a stationary point (∇f = 0) the iterates stay put. A table lists the
iterates with f at each.

Numbers are exact where readable (fractions of up to 6-digit numerators and denominators,
terminating decimals of up to 12 digits, short closed forms such as e^{−1}); anything
longer, as the fractions of later iterates soon are, is carried as a 40-digit decimal and
shown with the part's ``digits`` (6 by default). The answer is θ⁽ᵏ⁾ for k = ``steps``; the
named values are ``theta0`` …, ``grad0`` …, ``hessian0`` …, the directions ``d0`` … and
``loss0`` … (f at each iterate).
"""

from __future__ import annotations

from solver.kinds.base import Field, Kind
from solver.kinds.newton_step.mistakes import mistakes
from solver.kinds.newton_step.read import MAX_STEPS, NewtonInputs, read
from solver.kinds.newton_step.rules import TEXTBOOK, Rules
from solver.kinds.newton_step.solve import solve

OBJECTIVE_FIELDS = (
    Field("f", "the function to minimise, an expression in the wrt variables"),
    Field("wrt", "the variable names (a list, or one name)"),
    Field("start", "the start point θ⁽⁰⁾: a list of numbers, one per variable, or the name "
                   "of a given vector"),
)

KIND = Kind(
    name="newton_step",
    summary="Newton's method θ ← θ + d with H d = −∇f: ∇f and H at each iterate, the solve "
            "shown, the iterates with f; a singular H or a non-descent step said so.",
    fields=OBJECTIVE_FIELDS + (
        Field("steps", f"the number of Newton steps (default 1, at most {MAX_STEPS})",
              required=False),
    ),
    hint="a number or a vector [a, b]",
    mistakes=mistakes,
    carries="at each iterate d from the student's ∇f and H there, θ⁽ᵏ⁺¹⁾ = θ⁽ᵏ⁾ + d from "
            "their θ⁽ᵏ⁾ and d, and ∇f, H and every later iterate from their nearest earlier "
            "iterate",
    doc=__doc__,
    read=read,
    solve=solve,
    example="""{id: a, kind: newton_step, f: "x^2 + 2 y^2 + x y - x", wrt: [x, y], \
start: [1, 1]}""",
)

__all__ = ["KIND", "TEXTBOOK", "NewtonInputs", "Rules", "read", "solve"]
