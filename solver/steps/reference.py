"""A step that quotes a result an earlier part of the set already derived."""

from __future__ import annotations

from dataclasses import dataclass

from solver.steps.base import Step


@dataclass(frozen=True, kw_only=True)
class FromEarlierPart(Step):
    """A result an earlier part derived, quoted from it: the same derivation gives the same
    result. ``problem`` and ``part`` index the earlier part in the set."""

    earlier: Step
    problem: int
    part: int

    @property
    def children(self) -> tuple[Step, ...]:
        return ()
