"""Typical mistakes in a convexity test, each re-solved through the kind's own solve: with
the Hessian the mistake uses in place of the true one (f' for f'', the diagonal of H), or
with one rule changed (Δ₁ alone; "strictly" only for H ≻ 0 everywhere)."""

from __future__ import annotations

import sympy

from solver.answers import Word
from solver.kinds.convexity.rules import Rules
from solver.kinds.convexity.solve import solve
from solver.kinds.given import Given


def mistakes(inputs, solved, found) -> None:
    """The verdict from the sign of f' instead of f''; from the diagonal of H alone (all
    hᵢᵢ ≥ 0 taken for convex); from the first leading minor alone; and "convex, not
    strictly" for a Hessian singular at isolated points only (x⁴ is strictly convex)."""
    if not isinstance(solved.answer, Word):
        return
    xs = inputs.wrt
    hessian = dict(solved.intermediates)["hessian"].value
    found.add("strict_needs_definite",
              "H positive definite everywhere is sufficient for strict convexity, not "
              "necessary: a Hessian singular only at isolated points (x⁴: f''(0) = 0) still "
              "gives strict convexity, since every chord lies strictly above the graph",
              solve(inputs, rules=Rules(strict_needs_definite=True)).answer)
    if len(xs) == 1:
        found.add("sign_of_first_derivative",
                  "you judged convexity by the sign of f' (where f increases); convexity is "
                  "the sign of f'' on the domain",
                  solve(inputs, Given({"hessian": sympy.diff(inputs.f, xs[0])})).answer)
    else:
        diagonal = sympy.ImmutableMatrix(sympy.diag(*hessian.diagonal()))
        found.add("hessian_diagonal_only",
                  "you read only the diagonal of the Hessian; hᵢᵢ ≥ 0 does not make H "
                  "positive semidefinite: the off-diagonal entries count (use the minors or "
                  "the eigenvalues)",
                  solve(inputs, Given({"hessian": diagonal})).answer)
        found.add("first_minor_only",
                  "you checked only the first leading minor Δ₁ = h₁₁; Sylvester's criterion "
                  "needs every leading minor Δ₁, …, Δₙ (and every principal minor for "
                  "semidefiniteness)",
                  solve(inputs, rules=Rules(first_minor_only=True)).answer)
