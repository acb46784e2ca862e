"""Rational functions with rational coefficients, decided exactly before any sampling.

Two answers built only from symbols, rational numbers, +, × and integer powers are equal
when their difference is the zero rational function. Evaluating both modulo the prime
p = 2^61 − 1 at a point where no denominator vanishes is a ring homomorphism, so:

- values that differ at one such point prove the answers differ (whatever the scale of
  their terms: a constant term off by 1 under terms of size 10^13 is seen);
- values equal at ``POINTS`` seeded random points leave a nonzero difference of degree
  d undetected with probability at most (d/p)^POINTS (Schwartz–Zippel), below 10^-24 for
  the degrees admitted here.

Size guards keep hostile input bounded: at most ``MAX_NODES`` nodes and a degree bound
(sum over products, maximum over sums, times |n| for a power) of at most ``MAX_DEGREE``;
larger answers are left to sampling. Exact values at simple points (``exact_value``)
give the counterexample a student reads.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from fractions import Fraction
from functools import lru_cache

import sympy

PRIME = 2**61 - 1
POINTS = 2
MAX_NODES = 4000
MAX_DEGREE = 10**6


class _NotRational(Exception):
    """A node outside +, ×, integer powers, symbols and rational numbers."""


@lru_cache(maxsize=4096)
def degree_bound(expr) -> int | None:
    """An upper bound on the total degree of numerator and denominator of expr, or None
    when expr is not a rational function with rational coefficients or is too large."""
    nodes = 0

    def bound(node) -> int:
        nonlocal nodes
        nodes += 1
        if nodes > MAX_NODES:
            raise _NotRational("too many nodes")
        if node.is_Symbol:
            return 1
        if node.is_Rational:
            return 0
        if node.is_Add or node.is_Mul:
            parts = [bound(arg) for arg in node.args]
            return max(parts) if node.is_Add else sum(parts)
        if node.is_Pow and node.exp.is_Integer:
            return bound(node.base) * abs(int(node.exp))
        raise _NotRational(type(node).__name__)

    if not isinstance(expr, sympy.Expr):
        return None
    try:
        found = bound(expr)
    except (_NotRational, RecursionError):
        return None
    return found if found <= MAX_DEGREE else None


def _modular(expr, index: dict) -> Callable[[tuple], int]:
    """expr as a closure over a point of residues mod PRIME; raises ZeroDivisionError
    where a denominator vanishes mod PRIME."""
    if expr.is_Symbol:
        i = index[expr]
        return lambda point: point[i]
    if expr.is_Rational:
        value = int(expr.p) % PRIME * inverse(int(expr.q) % PRIME) % PRIME
        return lambda point: value
    parts = [_modular(arg, index) for arg in expr.args]
    if expr.is_Add:
        return lambda point: sum(part(point) for part in parts) % PRIME
    if expr.is_Mul:
        def product(point):
            value = 1
            for part in parts:
                value = value * part(point) % PRIME
            return value
        return product
    base, n = parts[0], int(expr.exp)
    if n >= 0:
        return lambda point: pow(base(point), n, PRIME)
    return lambda point: inverse(pow(base(point), -n, PRIME))


def inverse(value: int) -> int:
    """1/value modulo PRIME; ZeroDivisionError for 0."""
    if value == 0:
        raise ZeroDivisionError("a denominator vanishes modulo the prime")
    return pow(value, PRIME - 2, PRIME)


@lru_cache(maxsize=4096)
def compiled(expr, symbols: tuple) -> Callable[[tuple], int]:
    """expr as a function of a point of residues mod PRIME (symbols in this order)."""
    return _modular(expr, {s: i for i, s in enumerate(symbols)})


def applies(expected, student) -> bool:
    """Whether both sides are rational functions with rational coefficients, small enough."""
    return degree_bound(expected) is not None and degree_bound(student) is not None


def identical(expected, student, symbols: tuple, seed: int) -> bool | None:
    """True when the two rational functions are equal (see the module docstring), False
    when they differ, None when no point avoided the denominators' zeros."""
    left, right = compiled(expected, symbols), compiled(student, symbols)
    rng = random.Random(seed)
    agreed = 0
    for _ in range(4 * POINTS):
        point = tuple(rng.randrange(PRIME) for _ in symbols)
        try:
            if left(point) != right(point):
                return False
        except ZeroDivisionError:
            continue
        agreed += 1
        if agreed == POINTS:
            return True
    return None


def exact_value(expr, symbols: tuple, point: tuple[int, ...]) -> Fraction | None:
    """expr at an integer point, exactly; None where a denominator vanishes."""
    values = dict(zip(symbols, point, strict=True))

    def value(node) -> Fraction:
        if node.is_Symbol:
            return Fraction(values[node])
        if node.is_Rational:
            return Fraction(int(node.p), int(node.q))
        parts = [value(arg) for arg in node.args]
        if node.is_Add:
            return sum(parts, Fraction(0))
        if node.is_Mul:
            result = Fraction(1)
            for part in parts:
                result *= part
            return result
        return parts[0] ** int(node.exp)

    try:
        return value(expr)
    except ZeroDivisionError:
        return None
