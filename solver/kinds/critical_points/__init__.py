"""Critical points: every real solution of ∇f = 0, periodic families included, each
classified by the second-derivative test.

The system is solved one equation at a time: factors that are never zero are dropped,
an equation in a single unknown goes to ``solveset`` over the reals (exact real roots for
a rational polynomial; ImageSets become families a + kp with an integer k, equally
spaced families are merged), a product splits into one branch per factor, an equation
linear in an unknown eliminates it, and what is left must be a polynomial system. One
with rational coefficients is reduced to one polynomial equation in one variable
(``solver.polynomial_system``), whose exactly counted real roots give every real
solution, in closed form when short and approximately otherwise; any other goes to
``solve``, and its list is said to be possibly incomplete (``PointSet.complete``).
Anything else is reported as not solved exactly, never as a silently partial list. Each
point is then classified (``solver.second_derivative``).

The named values are ``gradient`` (∇f) and, when points were found, ``hessian`` (H).
"""

from __future__ import annotations

from solver.kinds.base import Field, Kind, Without
from solver.kinds.critical_points.mistakes import mistakes
from solver.kinds.critical_points.read import CriticalInputs, read
from solver.kinds.critical_points.solve import NOT_SOLVED, solve

KIND = Kind(
    name="critical_points",
    summary="Every critical point of f (∇f = 0, periodic families with an integer k), each "
            "classified as minimum, maximum, saddle or degenerate by the Hessian.",
    fields=(
        Field("f", "the function, e.g. sin(x1) + 2 x2^2"),
        Field("wrt", "the variables in order, e.g. [x1, x2]"),
    ),
    hint="a set of points {(a, b), (c, d)}, families with k: (pi/2 + k pi, 0), "
         "or 'no critical points'",
    mistakes=mistakes,
    carries=Without("no chain: the points are solved from f's own ∇f = 0 and classified "
                    "by f's own Hessian; a student's ∇f or H does not determine their set of "
                    "points"),
    doc=__doc__,
    read=read,
    solve=solve,
    example="{id: a, kind: critical_points, f: sin(x1) + 2 x2^2, wrt: [x1, x2]}",
)

__all__ = ["KIND", "NOT_SOLVED", "CriticalInputs", "read", "solve"]
