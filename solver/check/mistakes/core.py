"""The mistake record, the collector of mistaken answers, and when two of them are the same.

Answers are compared by the checker's own ``compare`` under one fixed policy: there is no
second notion of equality.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy

from solver.answers import Answer, Interval, Named, PointSet, Value, Word
from solver.check.compare.matrices import compare_values
from solver.check.compare.policy import Policy
from solver.check.unordered import compare_unordered
from solver.check.values import Written


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

    def add(self, code: str, message: str, answer: Answer | None, name: str | None = None):
        if answer is None:
            return
        if name is not None:
            if name not in self.items:
                return
            target = self.items[name]
        else:
            target = self.expected
        if type(answer) is not type(target) or same(answer, target) \
                or _accepted(answer, target):
            return
        if any(m.name == name and same(m.answer, answer) for m in self.found):
            return
        self.found.append(Mistake(code, message, answer, name))

    def add_items(self, code: str, message: str, items):
        """One candidate per named item that the mistake changes."""
        for name, answer in items:
            self.add(code, message, answer, name)

    def result(self) -> tuple[Mistake, ...]:
        return tuple(self.found)


# -- comparison -----------------------------------------------------------------------------


def _accepted(answer: Answer, target: Answer) -> bool:
    """True when the checker would take ``answer`` as right for ``target`` answered up to
    order or scale (a span, a matrix of eigenvectors by its columns, a multiset, a set)."""
    if not (isinstance(target, Value) and target.match != "equal"
            and isinstance(answer, Value)):
        return False
    return compare_unordered(target, Written(answer.value, ""), SAME).equal is True


SAME = Policy(tolerance=sympy.Rational(1, 10**12), explain=False)
"""Two mistaken answers are the same under this fixed policy: exactly equal, equal at the
sampled points, or decimals equal to 12 significant figures."""


def same(a: Answer, b: Answer) -> bool:
    """True when two answers say the same (through ``compare`` with the policy ``SAME``)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, Value):
        return same_value(a.value, b.value)
    if isinstance(a, Word):
        return a.word == b.word
    if isinstance(a, Named):
        names_a, names_b = [n for n, _ in a.items], [n for n, _ in b.items]
        return names_a == names_b and all(
            same(x, y) for (_, x), (_, y) in zip(a.items, b.items, strict=True))
    if isinstance(a, Interval):
        return a.variable == b.variable and same_value(a.lower, b.lower) \
            and same_value(a.upper, b.upper)
    if isinstance(a, PointSet):
        return a.variables == b.variables and len(a.points) == len(b.points) and all(
            p.classification == q.classification and p.parameter == q.parameter
            and len(p.coordinates) == len(q.coordinates)
            and all(same_value(x, y) for x, y in zip(p.coordinates, q.coordinates,
                                                     strict=True))
            for p, q in zip(a.points, b.points, strict=True))
    return a == b


def same_value(a, b) -> bool:
    """True when two scalars, vectors or matrices are equal (a 1×1 matrix is its entry)."""
    if a is None or b is None:
        return a is b
    if a == b:
        return True
    if _rational(a) and _rational(b):  # exact numbers: equal only when identical
        return _entries(a) == _entries(b)
    decimals = any(isinstance(value, sympy.Basic) and value.has(sympy.Float) for value in (a, b))
    return compare_values(a, b, SAME, decimals=decimals).equal is True


def _entries(value) -> tuple:
    """A scalar or matrix as (shape, entries); a 1×1 matrix is its entry."""
    if isinstance(value, sympy.MatrixBase) and value.shape != (1, 1):
        return value.shape, tuple(value)
    return (1, 1), (value[0, 0] if isinstance(value, sympy.MatrixBase) else value,)


def _rational(value) -> bool:
    entries = value if isinstance(value, sympy.MatrixBase) else (value,)
    return all(isinstance(entry, sympy.Rational) for entry in entries)
