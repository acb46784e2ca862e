"""The sign of an expression on the interior of a box domain, proven or refuted exactly.

A proof substitutes for each bounded variable a positive symbol t that sweeps its interval
(x = a + t for x > a, x = b − t for x < b, x = a + (b − a)t/(1 + t) for a < x < b) and
asks SymPy's assumptions about the factored result; an expression in one variable is also
solved as an inequality on its interval. A refutation is a rational point of the box where
the value is exactly of the other sign."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import sympy

from solver.exact import sign_of
from solver.kinds.convexity.read import Bounds

PROOFS = ("positive", "nonnegative", "zero", "nonpositive", "negative")
_OFFSETS = (1, sympy.Rational(1, 2), 2, sympy.Rational(1, 4), 3, 5)
_FREE = (0, 1, -1, 2, -2, sympy.Rational(1, 2), -sympy.Rational(1, 2), 3, -3)
_FRACTIONS = (sympy.Rational(1, 2), sympy.Rational(1, 4), sympy.Rational(3, 4),
              sympy.Rational(1, 8), sympy.Rational(7, 8))
MAX_POINTS = 400


@dataclass(frozen=True)
class Sign:
    """``proven``: one of ``PROOFS`` or None; ``negative_at`` / ``positive_at``: a point of
    the box (one value per variable) where the value is < 0 / > 0, when one was found."""

    proven: str | None
    negative_at: tuple | None = None
    positive_at: tuple | None = None

    @property
    def at_least_zero(self) -> bool:
        return self.proven in ("positive", "nonnegative", "zero")

    @property
    def at_most_zero(self) -> bool:
        return self.proven in ("negative", "nonpositive", "zero")

    def flipped(self) -> Sign:
        """The sign of the negated expression."""
        swap = dict(zip(PROOFS, reversed(PROOFS), strict=True))
        return Sign(swap.get(self.proven), self.positive_at, self.negative_at)


def sign_on(expr, box: tuple[Bounds, ...]) -> Sign:
    """What is known of the sign of ``expr`` on the interior of ``box``."""
    expr = sympy.sympify(expr)
    proven = _proof(expr, box)
    negative = positive = None
    if proven not in ("positive", "negative", "zero"):
        for point in sample_points(box):
            value = sign_of(expr.xreplace(dict(zip((b.variable for b in box), point,
                                                   strict=True))))
            if value < 0 and negative is None:
                negative = point
            if value > 0 and positive is None:
                positive = point
            if negative is not None and positive is not None:
                break
    if proven == "nonnegative" and positive is None and _is_zero(expr):
        proven = "zero"
    return Sign(proven, negative, positive)


def _proof(expr, box) -> str | None:
    if _is_zero(expr):
        return "zero"
    swept = _swept(expr, box)
    for candidate in (swept, sympy.factor(swept)):
        found = _assumed(candidate)
        if found is not None:
            return found
    free = [b for b in box if expr.has(b.variable)]
    if len(free) == 1:
        return _one_variable(expr, free[0])
    return None


def _assumed(expr) -> str | None:
    if expr.is_positive:
        return "positive"
    if expr.is_negative:
        return "negative"
    if expr.is_nonnegative:
        return "nonnegative"
    if expr.is_nonpositive:
        return "nonpositive"
    return None


def _one_variable(expr, bounds: Bounds) -> str | None:
    """The sign from the solution sets of expr < 0 and expr > 0 on the open interval."""
    interval = sympy.Interval.open(bounds.lower, bounds.upper)
    try:
        below = sympy.solveset(expr < 0, bounds.variable, interval)
        above = sympy.solveset(expr > 0, bounds.variable, interval)
    except (NotImplementedError, ValueError, TypeError):
        return None
    if isinstance(below, sympy.ConditionSet) or isinstance(above, sympy.ConditionSet):
        return None
    if below.is_empty and above.is_empty:
        return "zero"
    if below.is_empty:
        return "positive" if (interval - above).is_empty else "nonnegative"
    if above.is_empty:
        return "negative" if (interval - below).is_empty else "nonpositive"
    return None


def _swept(expr, box):
    """``expr`` with each bounded variable written through a positive symbol."""
    replacements = {}
    for index, b in enumerate(box):
        t = sympy.Symbol(f"t{index}", positive=True)
        low, high = b.lower.is_finite, b.upper.is_finite
        if low and high:
            replacements[b.variable] = b.lower + (b.upper - b.lower) * t / (1 + t)
        elif low:
            replacements[b.variable] = b.lower + t
        elif high:
            replacements[b.variable] = b.upper - t
    return sympy.cancel(expr.xreplace(replacements)) if replacements else expr


def _is_zero(expr) -> bool:
    if expr.is_zero:
        return True
    try:
        return sympy.simplify(expr) == 0
    except (TypeError, ValueError, NotImplementedError):
        return False


def sample_points(box: tuple[Bounds, ...]):
    """Rational points of the box's interior, simplest first."""
    choices = [_candidates(b)[: 9 if len(box) <= 2 else 5] for b in box]
    for count, point in enumerate(itertools.product(*choices)):
        if count >= MAX_POINTS:
            return
        yield tuple(sympy.Rational(v) for v in point)


def _candidates(b: Bounds) -> tuple:
    low, high = b.lower.is_finite, b.upper.is_finite
    if low and high:
        inside = (b.lower + (b.upper - b.lower) * s for s in _FRACTIONS)
        rational = (v if v.is_Rational else sympy.Rational(round(float(v) * 64), 64)
                    for v in inside)
        return tuple(v for v in rational if b.contains(v))
    if low:
        base = b.lower if b.lower.is_Rational else sympy.floor(b.lower) + 1
        return tuple(base + o for o in _OFFSETS)
    if high:
        base = b.upper if b.upper.is_Rational else sympy.ceiling(b.upper) - 1
        return tuple(base - o for o in _OFFSETS)
    return _FREE

