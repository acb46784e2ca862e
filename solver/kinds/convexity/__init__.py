"""Convexity of a twice-differentiable f on a convex domain, through its Hessian.

On an open convex set, f is convex iff its Hessian H = ∇²f is positive semidefinite at
every point (concave iff −H is), and strictly convex when H ≻ 0 everywhere; for one
variable the test is f'' ≥ 0. Positive definiteness is sufficient, not necessary: f is
strictly convex as long as it is convex and affine along no segment, so x⁴ (f'' = 12x²,
zero only at 0) is strictly convex. The test shown:

- a constant H (a quadratic f): its eigenvalues, the roots of det(H − λI) (or their signs
  by Descartes' rule when they are not readable), beside the leading principal minors;
- an H that depends on x: the leading principal minors Δₖ as inequalities on the domain
  (every Δₖ > 0: H ≻ 0), then every principal minor ≥ 0 (H ⪰ 0); f'' for one variable.
  A convex f is strictly convex when f'' ≢ 0 (one variable: f'' is analytic, so it
  vanishes at isolated points only), when f is a sum of strictly convex one-variable terms,
  or when H is singular at finitely many points; H singular everywhere makes f affine along
  a segment (shown by a chord on the graph).

The domain is a box, ``x > 0``, ``0 <= y <= 1``, on whose interior the signs are decided
exactly (positivity after substituting positive variables, or solving the inequality in
one variable). When f is neither convex nor concave, two chords at t = ½ show it:
f((a + b)/2) above (f(a) + f(b))/2 for one pair, below for another. The verdict is one of
``strictly convex``, ``convex``, ``strictly concave``, ``concave``, ``linear`` (affine: both
convex and concave) and ``neither``, written in words; a sign that is neither proven nor
refuted at a point is an undefined answer saying so. The named values are ``hessian`` (f''
for one variable), ``minors`` (the leading principal minors, for several variables) and
``eigenvalues`` (a constant H's, when readable).
"""

from __future__ import annotations

from solver.kinds.base import Field, Kind
from solver.kinds.convexity.mistakes import mistakes
from solver.kinds.convexity.read import ConvexityInputs, read
from solver.kinds.convexity.rules import TEXTBOOK, Rules
from solver.kinds.convexity.solve import solve

KIND = Kind(
    name="convexity",
    summary="Whether f is (strictly) convex, (strictly) concave, linear or neither on a "
            "domain: the Hessian, its definiteness there, chords as counterexamples.",
    fields=(
        Field("f", "the function, an expression in the wrt variables (twice differentiable)"),
        Field("wrt", "the variables in order, e.g. [x, y]"),
        Field("domain", "bounds on single variables, e.g. 'x > 0' or '0 <= x <= 1 and "
                        "y > 0' (or a list of them); default: all of ℝⁿ", required=False),
    ),
    hint="strictly convex, convex, strictly concave, concave, linear or neither",
    mistakes=mistakes,
    carries="the minors, the eigenvalues and the verdict from the student's Hessian (f'' "
            "for one variable)",
    doc=__doc__,
    read=read,
    solve=solve,
    example="""{id: a, kind: convexity, f: "x^2 / y", wrt: [x, y], domain: "y > 0"}""",
)

__all__ = ["KIND", "TEXTBOOK", "ConvexityInputs", "Rules", "read", "solve"]
