"""Extrema of f under constraints by Lagrange multipliers (KKT for inequalities).

L = f − Σ λᵢ(gᵢ − cᵢ) for constraints gᵢ = cᵢ. Where the constraints' gradients are
independent, an extremum of f on the set is a stationary point of L: ∂L/∂xⱼ = 0 (∇f = Σ
λᵢ∇gᵢ) and gᵢ = cᵢ. The system is split into cases as a course does (ab = 0 ⇒ a = 0 or b =
0); in each case the multipliers, which enter linearly, are eliminated first (the minors
of [∇f | ∇g₁ … ∇gₖ] vanish: fₓg_y − f_y gₓ = 0 for one constraint in two variables), the
rest solved for every real solution by the critical-points search and the multipliers
recovered; for one constraint the points with ∇g = 0 are candidates too. An inequality g ≤
c (or ≥) gets μ with complementary slackness μ(g − c) = 0, split into μ = 0 (inactive, the
point must be feasible) or g = c (active); with L = f − μ(g − c) a maximum needs μ ≥ 0 on
g ≤ c (μ ≤ 0 on g ≥ c) and a minimum the opposite sign (KKT). f is evaluated at every
candidate; the largest value is the maximum and the smallest the minimum when they exist:
on a closed bounded set (an ellipse, a disc) by the extreme value theorem, on an affine
set by the leading part of f restricted to it, on a curve y = h(x) by the limits of f
along it, for a definite quadratic f by its growth; an extreme that does not exist (f
unbounded) is said so, and one not decided is given as the extreme candidate value, said
to be only a constrained-stationary value.

The answer holds ``max`` and ``argmax``, ``min`` and ``argmin`` (sets of points; an
extreme that does not exist is undefined, with the reason) and the multipliers ``lambda``
(``lambda1``, … for several; ``mu`` for inequalities; a set when the candidates have
different multipliers). The other named values are ``lagrangian`` (L), ``candidates``
(the set of candidate points) and ``f_values`` (f at them).
"""

from __future__ import annotations

from solver.kinds.base import Field, Kind
from solver.kinds.lagrange.mistakes import mistakes
from solver.kinds.lagrange.read import Constraint, LagrangeInputs, read
from solver.kinds.lagrange.rules import TEXTBOOK, Rules
from solver.kinds.lagrange.solve import solve

KIND = Kind(
    name="lagrange",
    summary="Extrema of f subject to constraints g = c (and g ≤ c by KKT) by Lagrange "
            "multipliers: L, the stationarity system by cases, f at every candidate, the "
            "extremes and where they are.",
    fields=(
        Field("f", "the function, e.g. x^2 + 2 y^2"),
        Field("wrt", "the variables in order, e.g. [x, y]"),
        Field("constraints", "a list of constraints as text, e.g. ['x^2 + y^2 = 1'], "
                             "inequalities with <= or >="),
        Field("goal", "max, min or both (default both)", required=False),
    ),
    hint="max = a number, argmax = a set of points {(a, b), …} (likewise min, argmin), "
         "or 'does not exist'",
    mistakes=mistakes,
    carries="the extremes and their points from the student's candidate points (a matrix "
            "with a point per row), an extreme's value from the student's points of it",
    doc=__doc__,
    read=read,
    solve=solve,
    example="{id: a, kind: lagrange, f: x^2 + 2 y^2, wrt: [x, y], "
            "constraints: ['x^2 + y^2 = 1']}",
)

__all__ = ["KIND", "TEXTBOOK", "Constraint", "LagrangeInputs", "Rules", "read", "solve"]
