"""Exact arithmetic shared by the kinds, the steps and the checker: the sign of an exact
real number, whether an expression is zero, and the tidy forms results are given in.

A number is called positive or negative from a decimal value only when that value is far
from 0 at the precision used; only ``sign_of``, for a number neither shown non-zero nor
proven zero, falls back to its sign at 100 digits.
"""

from __future__ import annotations

import sympy

ZERO_DIGITS = 50  # digits a number is evaluated to before it is called non-zero
ZERO_BELOW = sympy.Float("1e-40")  # a value this small at ZERO_DIGITS may be 0
LAST_RESORT_DIGITS = 100
SIMPLIFY_OPERATIONS = 60  # simplify is tried on expressions with fewer operations


def is_zero(expr) -> bool | None:
    """Whether an expression is zero: assumptions, then 50 digits, then a bounded simplify;
    None when none of them decides."""
    expr = sympy.sympify(expr)
    if expr.is_zero is not None:
        return expr.is_zero
    if _clear_sign(expr) is not None:
        return False
    if sympy.count_ops(expr) < SIMPLIFY_OPERATIONS:
        return sympy.simplify(expr).is_zero
    return None


def known_sign(value) -> int | None:
    """The sign (−1, 0, 1) of a real expression when it can be decided: assumptions, then a
    50-digit value far from 0, then ``is_zero``; None otherwise (e.g. a value that depends
    on a symbol)."""
    value = sympy.sympify(value)
    if value.is_zero:
        return 0
    if value.is_positive:
        return 1
    if value.is_negative:
        return -1
    if not value.is_number:
        return None
    clear = _clear_sign(value)
    if clear is not None:
        return clear
    return 0 if is_zero(value) else None


def sign_of(value) -> int:
    """The sign (−1, 0, 1) of a real number: a rational or a Float read as it is, else a
    50-digit value far from 0, else ``known_sign``; a number neither shown non-zero nor
    zero is taken at 100 digits."""
    value = sympy.sympify(value)
    if value.is_Rational:
        return int(value.p > 0) - int(value.p < 0)
    if value.is_Float:
        return int(bool(value > 0)) - int(bool(value < 0))
    sign = _clear_sign(value)
    if sign is None:
        sign = known_sign(value)
    if sign is None:
        return 1 if value.evalf(LAST_RESORT_DIGITS) > 0 else -1
    return sign


def _clear_sign(value: sympy.Expr) -> int | None:
    """The sign of a number whose 50-digit value is far from 0; None for anything else."""
    if not value.is_number:
        return None
    approximate = value.evalf(ZERO_DIGITS)
    if approximate.is_Number and abs(approximate) > ZERO_BELOW:
        return 1 if approximate > 0 else -1
    return None


def tidy(expr: sympy.Expr) -> sympy.Expr:
    """A short equal form of a derivative, from a few cheap rewritings.

    Only bounded-time rewritings: common factors pulled out (taken when it saves an
    operation), one fraction (taken only when it saves three, so e^{-x}/(1 + e^{-x})²
    keeps its usual form). No general ``simplify``: it can be slow and trades familiar
    forms for exotic ones.
    """
    expr = sympy.sympify(expr)
    candidates = [(sympy.factor_terms(expr), 1)]
    if any(power.exp.is_negative for power in expr.atoms(sympy.Pow)):
        candidates.append((sympy.factor_terms(sympy.together(expr)), 3))
        if expr.is_rational_function():
            candidates.append((sympy.factor(expr), 3))
    best, size = expr, sympy.count_ops(expr)
    for candidate, saving in candidates:
        ops = sympy.count_ops(candidate)
        if ops <= size - saving:
            best, size = candidate, ops
    return best


def tidy_exact(value):
    """An exact number as it is shown: a rational as it is; anything else simplified, with
    rationalised denominators."""
    return value if value.is_Rational else sympy.radsimp(sympy.simplify(value))


def rationalised(value):
    """A rationalised denominator, 2/(2 + √2) → 2 − √2, without simplifying otherwise;
    rationals and roots of polynomials (CRootOf) are kept as they are."""
    return value if value.is_Rational or value.has(sympy.CRootOf) else sympy.radsimp(value)
