"""Properties of a solved part that a variant may be required to have.

A property looks only at what every kind gives: the answer (its status, its numbers) and
the named values (the items of a named answer and the intermediate values, such as
``eigenvalues``, ``hessian``, ``z1``). No kind is named here. A part that could not be
solved has no property.

The numbers of an answer: a value's entries (a number is one entry); every item of a named
answer; the particular solution and the basis of a family; an interval's finite ends; the
coordinates of critical points. Answers such as 'no solution' have none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import sympy

from solver.answers import InfinitelyMany, Interval, Named, PointSet, Value
from solver.steps import Solved
from solver.variants.catalog import NAME_ALIASES

STATUSES = {
    "unique": ("value", "named"),
    "no_solution": ("no_solution",),
    "infinitely_many": ("infinitely_many",),
    "undefined": ("undefined",),
}


class PropertyError(Exception):
    """A property that names something the solved part does not have."""


def numbers(answer: Any) -> list:
    """Every number of an answer (see the module's docstring)."""
    if isinstance(answer, Value):
        return _entries(answer.value)
    if isinstance(answer, Named):
        return [number for _, item in answer.items for number in numbers(item)]
    if isinstance(answer, InfinitelyMany):
        return [number for value in (answer.particular, *answer.basis)
                for number in _entries(value)]
    if isinstance(answer, Interval):
        return [end for end in (answer.lower, answer.upper)
                if end is not None and getattr(end, "is_finite", True) is not False]
    if isinstance(answer, PointSet):
        return [number for point in answer.points for number in point.coordinates]
    return []


def _entries(value: Any) -> list:
    if isinstance(value, sympy.MatrixBase):
        return list(value)
    if isinstance(value, sympy.Set) and value.is_FiniteSet:
        return list(value.args)
    if isinstance(value, tuple | list):
        return [entry for item in value for entry in _entries(item)]
    return [value]


def named_values(solved: Solved) -> dict[str, Any]:
    """The part's values by name: a named answer's items (a single value is ``answer``),
    then the intermediate values."""
    values: dict[str, Any] = {}
    if isinstance(solved.answer, Named):
        values.update(solved.answer.items)
    elif isinstance(solved.answer, Value):
        values["answer"] = solved.answer
    for name, value in solved.intermediates:
        values.setdefault(name, value)
    return values


def _is_integer(number: Any) -> bool:
    return getattr(number, "is_integer", None) is True


def _is_rational(number: Any) -> bool:
    return getattr(number, "is_rational", None) is True


@dataclass(frozen=True)
class Status:
    """The answer's status is one of ``statuses`` (``defined``: anything but undefined)."""

    word: str

    def holds(self, solved: Solved) -> bool:
        if self.word == "defined":
            return solved.answer.status not in ("undefined", "unsolved")
        return solved.answer.status in STATUSES[self.word]


@dataclass(frozen=True)
class IntegerEntries:
    """Every number of the answer is whole (an answer without numbers has none)."""

    def holds(self, solved: Solved) -> bool:
        found = numbers(solved.answer)
        return bool(found) and all(_is_integer(number) for number in found)


@dataclass(frozen=True)
class Denominators:
    """Every number of the answer is a fraction with a denominator at most ``limit``."""

    limit: int

    def holds(self, solved: Solved) -> bool:
        found = numbers(solved.answer)
        return bool(found) and all(isinstance(number, sympy.Rational) and number.q <= self.limit
                                   for number in found)


@dataclass(frozen=True)
class NamedAre:
    """Every entry of the named value ``name`` is an integer (``what``: integers) or
    rational (``what``: rational)."""

    name: str
    what: str

    def holds(self, solved: Solved) -> bool:
        values = named_values(solved)
        if self.name not in values:
            if solved.answer.status == "unsolved":
                return False
            raise PropertyError(f"the part has no named value '{self.name}' (its named values: "
                                f"{', '.join(values) or 'none'})")
        found = numbers(values[self.name])
        test = _is_integer if self.what == "integers" else _is_rational
        return bool(found) and all(test(number) for number in found)


@dataclass(frozen=True)
class NoneZero:
    """No entry of a named value whose name starts with ``prefix`` is 0."""

    prefix: str

    def holds(self, solved: Solved) -> bool:
        values = named_values(solved)
        chosen = [value for name, value in values.items() if name.startswith(self.prefix)]
        if not chosen:
            if solved.answer.status == "unsolved":
                return False
            raise PropertyError(f"the part has no named value starting with '{self.prefix}' "
                                f"(its named values: {', '.join(values) or 'none'})")
        return all(sympy.sympify(number) != 0 for value in chosen for number in numbers(value))


Property = Status | IntegerEntries | Denominators | NamedAre | NoneZero

_NAME = r"[A-Za-z][A-Za-z0-9_'-]*"
_PHRASES = (
    (re.compile(r"is\s+(?:an?\s+)?(\w[\w ]*?)"), "status"),
    (re.compile(r"has\s+integer\s+entries"), "integer_entries"),
    (re.compile(r"has\s+denominators\s+at\s+most\s+(\d{1,6})"), "denominators"),
    (re.compile(rf"({_NAME})\s+(?:are|is)\s+(?:an?\s+)?(integers?|rational)"), "named"),
    (re.compile(rf"no\s+({_NAME})\s+is\s+0"), "none_zero"),
)


def read_property(phrase: str) -> Property | None:
    """The property a phrase states (the text after ``part d``), or None."""
    phrase = " ".join(phrase.split())
    for pattern, what in _PHRASES:
        match = pattern.fullmatch(phrase)
        if match is None:
            continue
        if what == "status":
            word = re.sub(r"[\s-]+", "_", match.group(1))
            return Status(word) if word in (*STATUSES, "defined") else None
        if what == "integer_entries":
            return IntegerEntries()
        if what == "denominators":
            return Denominators(int(match.group(1)))
        if what == "named":
            kind = "rational" if match.group(2) == "rational" else "integers"
            return NamedAre(match.group(1), kind)
        return NoneZero(NAME_ALIASES.get(match.group(1), match.group(1)))
    return None
