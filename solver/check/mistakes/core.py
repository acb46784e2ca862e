"""The mistake record, the collector of mistaken answers, and how answers are compared.

Two values are the same when they agree exactly (structurally, or as numbers), or, for
expressions with symbols, when they agree at a few probe points (each symbol's value fixed
by its name); a small difference that the probes cannot evaluate is settled by
``simplify``.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass

import sympy

from solver.answers import Answer, Interval, Named, PointSet, Value

SIMPLIFY_OPERATIONS = 40
DIGITS = 20
PROBES = 3
TOLERANCE = sympy.Float("1e-12")


@dataclass(frozen=True)
class Mistake:
    """A typical mistake: its code, the feedback in words, and the answer it produces.

    For a Named answer ``name`` says which named result the mistaken value is for; None
    means the whole answer.
    """

    code: str
    message: str
    answer: Answer
    name: str | None = None


class Candidates:
    """Mistaken answers in the order they are found, keeping only those that differ from
    the expected answer (its named item when a name is given) and from every earlier
    candidate for the same name; a candidate must have the expected answer's type (a
    mistake that leaves an undefined result behind is not a value to compare with)."""

    def __init__(self, expected: Answer):
        self.expected = expected
        self.items = dict(expected.items) if isinstance(expected, Named) else {}
        self.found: list[Mistake] = []
        self.memo: dict = {}

    def add(self, code: str, message: str, answer: Answer | None, name: str | None = None):
        if answer is None:
            return
        if name is not None:
            if name not in self.items:
                return
            target = self.items[name]
        else:
            target = self.expected
        if type(answer) is not type(target) or same(answer, target, self.memo):
            return
        if any(m.name == name and same(m.answer, answer, self.memo) for m in self.found):
            return
        self.found.append(Mistake(code, message, answer, name))

    def add_items(self, code: str, message: str, items):
        """One candidate per named item that the mistake changes."""
        for name, answer in items:
            self.add(code, message, answer, name)

    def result(self) -> tuple[Mistake, ...]:
        return tuple(self.found)


# -- comparison -----------------------------------------------------------------------------


def same(a: Answer, b: Answer, memo: dict | None = None) -> bool:
    """True when two answers say the same; ``memo`` keeps probe values between calls."""
    memo = {} if memo is None else memo
    if type(a) is not type(b):
        return False
    if isinstance(a, Value):
        return same_value(a.value, b.value, memo)
    if isinstance(a, Named):
        names_a, names_b = [n for n, _ in a.items], [n for n, _ in b.items]
        return names_a == names_b and all(
            same(x, y, memo) for (_, x), (_, y) in zip(a.items, b.items, strict=True))
    if isinstance(a, Interval):
        return a.variable == b.variable and same_value(a.lower, b.lower, memo) \
            and same_value(a.upper, b.upper, memo)
    if isinstance(a, PointSet):
        return a.variables == b.variables and len(a.points) == len(b.points) and all(
            p.classification == q.classification and p.parameter == q.parameter
            and len(p.coordinates) == len(q.coordinates)
            and all(same_value(x, y, memo) for x, y in zip(p.coordinates, q.coordinates,
                                                           strict=True))
            for p, q in zip(a.points, b.points, strict=True))
    return a == b


def _collapse(value):
    if isinstance(value, sympy.MatrixBase) and value.shape == (1, 1):
        return value[0, 0]
    return value


def same_value(a, b, memo: dict | None = None) -> bool:
    """True when two scalars, vectors or matrices are equal (a 1×1 matrix is its entry)."""
    memo = {} if memo is None else memo
    a, b = _collapse(a), _collapse(b)
    a_matrix, b_matrix = isinstance(a, sympy.MatrixBase), isinstance(b, sympy.MatrixBase)
    if a_matrix or b_matrix:
        return a_matrix and b_matrix and a.shape == b.shape and all(
            same_scalar(x, y, memo) for x, y in zip(a, b, strict=True))
    if isinstance(a, sympy.MatrixExpr) or isinstance(b, sympy.MatrixExpr):
        return a == b
    return same_scalar(a, b, memo)


def same_scalar(a, b, memo: dict | None = None) -> bool:
    """Exactly equal, or equal at every probe point where both have a real value."""
    if a is None or b is None:
        return a is b
    a, b = sympy.sympify(a), sympy.sympify(b)
    if a == b:
        return True
    if not (isinstance(a, sympy.Expr) and isinstance(b, sympy.Expr)):
        return False
    if a.is_Rational and b.is_Rational:
        return False
    memo = {} if memo is None else memo
    verdict = None
    for probe in range(PROBES if a.free_symbols | b.free_symbols else 1):
        x, y = _number(a, probe, memo), _number(b, probe, memo)
        if x is None or y is None:
            continue
        if abs(x - y) > max(abs(x), abs(y), 1) * TOLERANCE:
            return False
        verdict = True
    if verdict is not None:
        return verdict
    difference = a - b
    if sympy.count_ops(difference) <= SIMPLIFY_OPERATIONS:
        return sympy.simplify(difference) == 0
    return False


def _probe_value(name: str, probe: int) -> sympy.Float:
    """The value of a symbol at a probe point, fixed by its name: in (0.1, 0.9), then in
    (−2, 2), then in (0.5, 3)."""
    u = (zlib.crc32(f"{probe}:{name}".encode()) % 10007 + 0.5) / 10007
    low, width = ((0.1, 0.8), (-2.0, 4.0), (0.5, 2.5))[probe]
    return sympy.Float(low + width * u, DIGITS)


def _number(expr, probe: int, memo: dict):
    """expr at the probe point as a real number, or None where it has no finite real value."""
    key = (expr, probe)
    if key in memo:
        return memo[key]
    point = {s: _probe_value(s.name, probe) for s in expr.free_symbols
             if isinstance(s, sympy.Symbol)}
    value = None
    try:
        number = (expr.xreplace(point) if point else expr).evalf(DIGITS)
        if (number.is_Float or number.is_Rational) and number.is_finite:
            value = number
    except (TypeError, ValueError, ZeroDivisionError, AttributeError):
        pass
    memo[key] = value
    return value
