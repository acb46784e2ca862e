"""What the one- and several-variable Taylor polynomials share: a derivative's value at the
point, and a term coefficient · (x − a)^α with its sign for printing."""

from __future__ import annotations

import sympy

from solver.exact import is_zero, known_sign, tidy
from solver.kinds.taylor.steps import TaylorTerm

_NOT_FINITE = (sympy.nan, sympy.zoo, sympy.oo, -sympy.oo)


def exact_value(value) -> sympy.Expr:
    """A number with rationalised roots and common factors taken out (e(sin 1 + cos 1), not
    a rewriting by ``simplify``; 0 when it is 0), an expression tidied; settled."""
    value = sympy.sympify(value)
    if not value.is_number:
        return settled(tidy(value))
    if value.is_Rational:
        return value
    if is_zero(value):
        return sympy.S.Zero
    return settled(sympy.factor_terms(sympy.radsimp(value)))


def settled(expr: sympy.Expr) -> sympy.Expr:
    """expr rebuilt node by node, as unpickling rebuilds it (a part finished in a forked
    child comes back pickled): a kept product 2·(2 + e²) is multiplied out to 4 + 2e² here,
    so that the steps read the same however the part was solved."""
    if not expr.args:
        return expr
    return expr.func(*(settled(arg) for arg in expr.args))


def value_at(expr, variables, point) -> sympy.Expr | None:
    """expr with xᵢ = aᵢ, or None when it has no finite real value there."""
    value = sympy.sympify(expr).subs(dict(zip(variables, point, strict=True)))
    if value.has(*_NOT_FINITE) or value.is_real is False:
        return None
    return exact_value(value)


def term(order: int, value, divisor: int, factor, multiplicity: int = 1) -> TaylorTerm:
    """The term multiplicity · value / divisor · factor (``factor`` is (x − a)^α)."""
    coefficient = exact_value(multiplicity * sympy.sympify(value) / divisor)
    negative = _negative(coefficient)
    size = -coefficient if negative else coefficient
    value_size = -value if negative else value
    return TaylorTerm(order=order, value=value, divisor=divisor, coefficient=coefficient,
                      factor=factor, size=size, product=size * factor, negative=negative,
                      value_size=value_size, multiplicity=multiplicity)


def _negative(coefficient) -> bool:
    if coefficient.is_number:
        return known_sign(coefficient) == -1
    return coefficient.could_extract_minus_sign()


def polynomial(terms) -> sympy.Expr:
    """The sum of the terms."""
    return sympy.Add(*(t.coefficient * t.factor for t in terms))
