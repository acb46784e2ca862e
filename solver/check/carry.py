"""Error carried forward: a later result recomputed from the student's own earlier values.

When a part sets ``ecf: true`` and a student's earlier value is wrong, a later answer that
follows correctly from it earns its credit. Nothing here knows a kind's math: the part is
solved again by its kind's own ``solve`` with the student's named values supplied
(``solver.kinds.given``). Every value of the re-solve is the student's own where they gave
it, else worked out from the values before it, so a later value rests on the nearest
earlier values the student gave (on the engine's numbers where they gave none); a value of
the wrong shape, or one that is not a number where the kind needs a number, carries
nothing. Which values follow from which is each kind's ``carries`` facet
(``hwsolver kinds <kind>``).

``CarryForward.carried`` gives the value in the form the engine shows it and the names of
the student's values it was computed from.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Mapping

import sympy

from solver.kinds import KINDS
from solver.kinds.base import Without
from solver.kinds.given import ANSWER, Given, NotCarried

RECENT = 64  # re-solves a checking run keeps


class CarryForward:
    """Error carried forward by re-solving, each re-solve kept for the checking run that
    owns this object (a class's repeated answers re-solve once). Once ``share`` is called,
    the re-solves worked out here are passed on (``learned``) to other processes, which
    keep them (``learn``) as if worked out there: a re-solve depends only on the kind, its
    inputs and the student's values, which its key holds."""

    def __init__(self):
        self._recent: OrderedDict = OrderedDict()
        self._learned: list | None = None  # None: not shared

    def carried(self, kind: str, inputs, name: str | None, earlier: Mapping[str, object]):
        """(the value ``name`` takes when computed from the student's ``earlier`` values,
        the names of the values it was computed from), or None when the kind carries
        nothing or the value rests on none of them. ``name`` is None for a part's single
        answer."""
        record = KINDS[kind]
        target = ANSWER if name is None else name
        if isinstance(record.carries, Without) or not any(other != target
                                                          for other in earlier):
            return None
        given = self._solved(record, inputs, earlier)
        return None if given is None else given.carried(target)

    def _solved(self, record, inputs, earlier: Mapping[str, object]) -> Given | None:
        key = (record.name, inputs, tuple(sorted((name, _hashable(value))
                                                 for name, value in earlier.items())))
        try:
            hash(key)
        except TypeError:  # inputs that hold a mapping are solved afresh
            return _solve_given(record, inputs, earlier)
        if key in self._recent:
            self._recent.move_to_end(key)
            return self._recent[key]
        given = _solve_given(record, inputs, earlier)
        self._keep(key, given)
        if self._learned is not None:
            self._learned.append((key, given))
        return given

    def _keep(self, key: tuple, given: Given | None) -> None:
        self._recent[key] = given
        while len(self._recent) > RECENT:
            self._recent.popitem(last=False)

    def share(self) -> None:
        """From now on, remember each re-solve worked out here to pass on."""
        self._learned = []

    def learned(self) -> list[tuple[tuple, Given | None]]:
        """The re-solves worked out here since the last call (none unless shared)."""
        if self._learned is None:
            return []
        learned, self._learned = self._learned, []
        return learned

    def learn(self, key: tuple, given: Given | None) -> None:
        """Keep a re-solve worked out in another process."""
        if key not in self._recent:
            self._keep(key, given)


def _solve_given(record, inputs, earlier: Mapping[str, object]) -> Given | None:
    """The part solved with the student's values supplied; None when the kind's arithmetic
    fails on them (a division by zero, a value outside the domain)."""
    given = Given(earlier)
    try:
        record.solve(inputs, given)
    except (NotCarried, ArithmeticError, ValueError, TypeError):
        return None
    return given


def _hashable(value):
    return sympy.ImmutableMatrix(value) if isinstance(value, sympy.MatrixBase) else value
