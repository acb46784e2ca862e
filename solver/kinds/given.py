"""Named values supplied to a solve: error carried forward by re-solving.

A kind's ``solve(inputs, given)`` passes every named intermediate value it computes through
``given.take(name, value, after=names)``, where ``names`` are the named values it was
computed from. With a student's earlier values supplied, the student's value stands in for
the engine's wherever the student gave one, and ``given`` keeps each value as computed
from the values before it together with the names of the student's values it rests on. A
later value therefore rests on the nearest earlier values the student gave, and on the
engine's numbers where they gave none; it never rests on the student's own value of it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

import sympy

Matrix = sympy.ImmutableMatrix
_NOT_FINITE = (sympy.nan, sympy.zoo, sympy.oo, -sympy.oo)

ANSWER = "answer"
"""The name a kind takes a part's single answer under (no key of a part uses it)."""

_UNREADABLE = "\0unreadable"
"""What a value rests on when it was computed from a student's value that cannot stand in
for the engine's (no key of a part has this name)."""


class NotCarried(Exception):
    """A student's value cannot stand in for the engine's (the wrong shape, not a number,
    outside the domain): nothing follows from it."""


class Given:
    """The student's values by name, and what the solve computed under each name."""

    def __init__(self, values: Mapping[str, object] | None = None):
        self.values = dict(values or {})
        self._computed: dict[str, tuple[object, tuple[str, ...]]] = {}
        self._sources: dict[str, tuple[str, ...]] = {}

    def __bool__(self) -> bool:
        return bool(self.values)

    def take(self, name: str | tuple[str, ...], computed, after: Iterable[str] = (),
             read: Callable[[object], object] | None = None):
        """The student's value of ``name`` (read through ``read``) where given, else
        ``computed``. ``name`` may list other names the student may give the value under
        (the first is its own); ``after`` names the values ``computed`` was worked out from.
        A student's value ``read`` cannot take (NotCarried) gives way to ``computed``, and
        nothing that rests on it is carried."""
        if not self.values:
            return computed
        names = (name,) if isinstance(name, str) else tuple(name)
        rests_on = tuple(dict.fromkeys(source for earlier in after
                                       for source in self._sources.get(earlier, ())))
        for alias in names:
            self._computed[alias] = (computed, rests_on)
        supplied = next((alias for alias in names if alias in self.values), None)
        if supplied is None:
            for alias in names:
                self._sources[alias] = rests_on
            return computed
        try:
            value = self.values[supplied] if read is None else read(self.values[supplied])
        except NotCarried:  # nothing rests on it; the values that do not still follow
            for alias in names:
                self._sources[alias] = (_UNREADABLE,)
            return computed
        for alias in names:
            self._sources[alias] = (supplied,)
        return value

    def carried(self, name: str) -> tuple[object, tuple[str, ...]] | None:
        """(``name`` as computed from the values before it, the student's values it rests
        on), or None when it rests on none of them or the solve never reached it."""
        found = self._computed.get(name)
        if found is None or not found[1] or _UNREADABLE in found[1]:
            return None
        return found


NOTHING = Given()
"""No values supplied: ``take`` returns the engine's own values."""


# -- reading a student's value as the solve computes with it -------------------------------


def numbers(value, shape: tuple[int, int] | None = None) -> Matrix:
    """A scalar or matrix of finite real numbers as a matrix (a scalar as 1×1), of
    ``shape`` when given."""
    if isinstance(value, sympy.Expr):
        value = Matrix([[value]])
    if not isinstance(value, sympy.MatrixBase) or not all(is_number(e) for e in value):
        raise NotCarried
    if shape is not None and value.shape != shape:
        raise NotCarried
    return Matrix(value)


def is_number(entry) -> bool:
    """A finite real number."""
    return isinstance(entry, sympy.Expr) and bool(entry.is_number) \
        and not entry.has(*_NOT_FINITE) and entry.is_real is not False


def number(value):
    """A finite real number (a 1×1 matrix as its entry)."""
    return numbers(value, (1, 1))[0, 0]


def expressions(value, shape: tuple[int, int]) -> Matrix:
    """A matrix of finite expressions of the given shape (a scalar for 1×1)."""
    if isinstance(value, sympy.Expr):
        value = Matrix([[value]])
    if not isinstance(value, sympy.MatrixBase) or value.shape != shape \
            or not all(isinstance(e, sympy.Expr) and not e.has(*_NOT_FINITE) for e in value):
        raise NotCarried
    return Matrix(value)


def expression(value) -> sympy.Expr:
    """A scalar expression (a 1×1 matrix as its entry)."""
    return expressions(value, (1, 1))[0, 0]
