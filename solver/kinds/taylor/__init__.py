"""The Taylor polynomial of order n of f about a point a, as a course works it.

One variable: the derivatives f, f′, …, f⁽ⁿ⁾, each differentiated from the one before and
evaluated at a, then Tₙ(x) = Σₖ₌₀ⁿ f⁽ᵏ⁾(a)/k! · (x − a)ᵏ term by term. Several variables
(order up to 2): f(a), the gradient ∇f(a) and the Hessian H(a), then
T₂(x) = f(a) + ∇f(a)ᵀ(x − a) + ½ (x − a)ᵀH(a)(x − a), written out as
Σᵢ ∂ᵢf(a)(xᵢ − aᵢ) + ½ Σᵢ Hᵢᵢ(a)(xᵢ − aᵢ)² + Σᵢ<ⱼ Hᵢⱼ(a)(xᵢ − aᵢ)(xⱼ − aⱼ) (T₁ stops
after the gradient). Values are exact. A derivative with no finite value at a (√x at 0)
makes the polynomial undefined, saying which.

The answer is the polynomial. The named values are the derivatives at the point: ``d0``
(f(a)), ``d1``, …, ``dn`` for one variable; ``value`` (f(a)), ``gradient`` and ``hessian``
for several.
"""

from __future__ import annotations

from solver.kinds.base import Field, Kind
from solver.kinds.taylor.mistakes import mistakes
from solver.kinds.taylor.read import TaylorInputs, read
from solver.kinds.taylor.rules import TEXTBOOK, Rules
from solver.kinds.taylor.solve import solve

KIND = Kind(
    name="taylor",
    summary="The Taylor polynomial Tₙ of f about a: the derivatives at a, then "
            "Σ f⁽ᵏ⁾(a)/k! (x − a)ᵏ term by term; for several variables f(a), ∇f(a) and the "
            "Hessian quadratic form (order ≤ 2).",
    fields=(
        Field("f", "the function, e.g. exp(x) sin(x) or x^2 y + exp(x y)"),
        Field("wrt", "the variable, or the variables in order, e.g. x or [x, y]"),
        Field("at", "the point a: a number for one variable, else one number per variable, "
                    "e.g. [1, 2], or a name from 'given'"),
        Field("order", "the degree n of the polynomial: up to 10 for one variable, up to 2 "
                       "for several"),
        Field("constants", "names that stand for symbolic constants, e.g. [k]",
              required=False),
    ),
    hint="a polynomial in powers of (x − a), e.g. 1 + 2(x - 1) + (x - 1)^2",
    mistakes=mistakes,
    carries="Tₙ from the student's derivatives at the point (d0, d1, …; for several "
            "variables value, gradient and hessian)",
    doc=__doc__,
    read=read,
    solve=solve,
    example="{id: a, kind: taylor, f: exp(x) sin(x), wrt: x, at: 0, order: 3}",
)

__all__ = ["KIND", "TEXTBOOK", "Rules", "TaylorInputs", "read", "solve"]
