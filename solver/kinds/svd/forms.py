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
    """An entry as it is shown: numeric ones as they are, exact ones expanded with
    denominators rationalised; with a nested root, ±√(its square) when the square is one
    root deep (``_term``), else each term in its shortest form, or that with its common
    factors taken out, whichever reads best."""
    if entry.has(sympy.Float):
        return sympy.N(entry, DIGITS)
    if entry.is_Rational:
        return entry
    expanded = sympy.expand(entry)
    if not _nested(expanded):
        return _rationalised(expanded)
    whole = _term(entry)
    if whole is not entry:
        return whole
    terms = expanded.args if expanded.is_Add else (expanded,)
    termwise = _rationalised(sympy.Add(*(_term(term) for term in terms)))
    if not _nested(termwise):
        return termwise
    candidates = [termwise, sympy.factor_terms(termwise), _term(termwise)]
    return min(candidates, key=_readability)


def _term(term):
    """A product of roots (or a sum of them sharing one nested root): with a nested root,
    ±√(its square), denested where it can be, when the square is one root deep (else the
    term itself, unchanged). The square of such a product is the
    product of the radicands, one root deep (in the field of the eigenvalues), so
    denesting it is quick where denesting the product itself is not."""
    if not _nested(term):
        return _rationalised(term)
    square = sympy.radsimp(sympy.expand(term ** 2))
    if _nested(square):
        return term
    root = sympy.sqrtdenest(sympy.sqrt(sympy.factor_terms(square)))
    if not _nested(root):
        root = sympy.expand(root)  # a product of denested sums, multiplied out
    return sign_of(term) * root


def _rationalised(value):
    """The denominators rationalised (skipped when they are rational already: radsimp is
    not cheap on sums of roots)."""
    terms = value.args if value.is_Add else (value,)
    if all(term.as_numer_denom()[1].is_Rational for term in terms):
        return value
    return sympy.radsimp(value)


def _nested(value) -> bool:
    return any(power.exp.is_Rational and not power.exp.is_Integer and not power.base.is_Rational
               for power in value.atoms(sympy.Pow))


def _readability(value) -> tuple:
    """Denested first, then the fewest operations."""
    return (_nested(value), sympy.count_ops(value))
