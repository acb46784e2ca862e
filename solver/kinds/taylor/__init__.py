"""The Taylor polynomial of order n of f about a point a, as a course works it.

One variable (order up to 10): the derivatives f, f′, …, f⁽ⁿ⁾, each differentiated from
the one before and evaluated at a, then Tₙ(x) = Σₖ₌₀ⁿ f⁽ᵏ⁾(a)/k! · (x − a)ᵏ term by term.
Several variables (order up to 4): f(a), the gradient ∇f(a), the Hessian H(a) and, beyond
order 2, every partial derivative D^αf(a) with |α| = k, then
Tₙ(x) = f(a) + ∇f(a)ᵀ(x − a) + ½ (x − a)ᵀH(a)(x − a) + Σₖ₌₃ⁿ Σ_|α|=k D^αf(a)/α! (x − a)^α,
written out as Σᵢ ∂ᵢf(a)(xᵢ − aᵢ) + ½ [Σᵢ Hᵢᵢ(a)(xᵢ − aᵢ)² + 2 Σᵢ<ⱼ Hᵢⱼ(a)(xᵢ − aᵢ)(xⱼ − aⱼ)]
+ … (a term of order k is 1/k! times k!/α! D^αf(a)(x − a)^α). Values are exact. A
derivative with no finite value at a (√x at 0) makes the polynomial undefined, saying which.

The answer is the polynomial. The named values: for one variable the derivatives ``f1``, …,
``fn`` (functions of x) and their values at the point ``d0`` (f(a)), ``d1``, …, ``dn``; for
several ``value`` (f(a)), ``gradient`` (∇f(a)), ``hessian`` (H(a)) and, beyond order 2, each
D^αf(a) by the variables it differentiates by: ``f_xxy`` (``f_x1_x1_x2`` for longer names).
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
            "Σ f⁽ᵏ⁾(a)/k! (x − a)ᵏ term by term; for several variables f(a), ∇f(a), the "
            "Hessian quadratic form and, beyond order 2, D^αf(a)/α! (x − a)^α.",
    fields=(
        Field("f", "the function, e.g. exp(x) sin(x) or x^2 y + exp(x y)"),
        Field("wrt", "the variable, or the variables in order, e.g. x or [x, y]"),
        Field("at", "the point a: a number for one variable, else one number per variable, "
                    "e.g. [1, 2], or a name from 'given'"),
        Field("order", "the degree n of the polynomial: up to 10 for one variable, up to 4 "
                       "for several"),
        Field("constants", "names that stand for symbolic constants, e.g. [k]",
              required=False),
    ),
    hint="a polynomial in powers of (x − a), e.g. 1 + 2(x - 1) + (x - 1)^2",
    mistakes=mistakes,
    carries="one variable: each derivative f1, f2, … from the student's previous one, its "
            "value dk at the point from their fk, Tₙ from their d0, d1, …; several variables: "
            "Tₙ from their value, gradient, hessian and higher partials (f_xxy, …)",
    doc=__doc__,
    read=read,
    solve=solve,
    example="{id: a, kind: taylor, f: exp(x) sin(x), wrt: x, at: 0, order: 3}",
)

__all__ = ["KIND", "TEXTBOOK", "Rules", "TaylorInputs", "read", "solve"]
