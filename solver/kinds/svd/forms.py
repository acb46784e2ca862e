"""Entries as a worked SVD shows them: exact ones short, numeric ones as computed, and the
entries of a check settled to the fractions they equal."""

from __future__ import annotations

import sympy

from solver.exact import sign_of
from solver.kinds.eigen.numeric import DIGITS

ROUNDING = sympy.Float(10) ** -(DIGITS - 10)  # numeric entries closer than this are equal
SETTLED_DIGITS = 50  # an exact check's entry equal to a fraction to these digits is it


def settled(entry):
    """An entry of a check (UᵀU, UΣVᵀ) that equals a fraction of small denominator to
    ``SETTLED_DIGITS`` digits (numeric ones: to their working precision) as that fraction;
    others as ``tidy`` leaves them. Simplifying products of nested radicals exactly can take
    seconds where the check needs none."""
    if entry.is_Rational:
        return entry
    value = sympy.N(entry, SETTLED_DIGITS + 20)
    if value.is_Float:
        nearest = sympy.Rational(str(value)).limit_denominator(10 ** 6)
        bound = ROUNDING if entry.has(sympy.Float) else sympy.Float(10) ** -SETTLED_DIGITS
        if abs(value - nearest) < bound:
            return nearest
    return tidy(entry)


def tidy(entry):
    """An entry as it is shown: numeric ones as they are, exact ones with square roots
    denested and denominators rationalised; an entry with a nested root as ±√(its square)
    when that is shorter (the square of a column entry lies in the field of the
    eigenvalues, one root deep)."""
    if entry.has(sympy.Float):
        return sympy.expand(entry)
    if entry.is_Rational:
        return entry
    candidates = [sympy.radsimp(sympy.sqrtdenest(sympy.expand(entry)))]
    if any(power.exp == sympy.S.Half and not power.base.is_Rational
           for power in candidates[0].atoms(sympy.Pow)):
        square = sympy.factor_terms(sympy.radsimp(sympy.expand(entry ** 2)))
        candidates.append(sign_of(entry) * sympy.sqrtdenest(sympy.sqrt(square)))
    return min(candidates, key=sympy.count_ops)
