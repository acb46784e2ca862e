"""Chords at t = ½, found exactly: for a point p and a direction d, the points a = p − hd
and b = p + hd (h = 1, ½, ¼, … while both stay in the domain) and the comparison of
f((a + b)/2) = f(p) with the chord's midpoint (f(a) + f(b))/2."""

from __future__ import annotations

import sympy

from solver.exact import is_zero, sign_of
from solver.kinds.convexity.read import Bounds
from solver.kinds.convexity.steps import ChordComparison

HALVINGS = 12
SHORT = 30  # operations: longer values are shown as computed


def chord(f, box: tuple[Bounds, ...], pair, relation: str) -> ChordComparison | None:
    """The first chord along ``pair`` = (p, d) whose midpoint lies ``relation`` ("above",
    "below", "on") the graph's value there; None when none of the tried lengths shows it."""
    if pair is None:
        return None
    point, direction = pair
    xs = tuple(b.variable for b in box)
    h = sympy.Integer(1)
    for _ in range(HALVINGS):
        a = tuple(p - h * d for p, d in zip(point, direction, strict=True))
        b = tuple(p + h * d for p, d in zip(point, direction, strict=True))
        h /= 2
        if not all(bounds.contains(v) for q in (a, b)
                   for bounds, v in zip(box, q, strict=True)):
            continue
        values = [_value(f, xs, q) for q in (a, b, point)]
        if not all(value.is_finite and value.is_real is not False for value in values):
            continue
        fa, fb, fm = values
        mean = (fa + fb) / 2
        gap = fm - mean
        found = "on" if is_zero(gap) else ("above" if sign_of(gap) > 0 else "below")
        if found == relation:
            return ChordComparison(variables=xs, a=a, b=b, midpoint=tuple(point), fa=fa,
                                   fb=fb, fm=fm, chord=_short(mean),
                                   relation=found)
    return None


def _value(f, xs, point):
    return _short(f.xreplace(dict(zip(xs, point, strict=True))))


def _short(value):
    """A value as shown: rationals as they are, a short expression simplified."""
    if value.is_Rational or sympy.count_ops(value) > SHORT:
        return value
    return sympy.simplify(value)
