"""The step-tree base: small frozen records, one template each, that store their results.

A solver turns a part's inputs into ``Solved(steps, answer, intermediates)``. Templates
render the steps without calling SymPy; the checker reads ``answer`` and the named
``intermediates`` straight off the tree.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, fields
from typing import ClassVar

from solver.answers import Answer


@dataclass(frozen=True, kw_only=True)
class Step:
    """A rule applied to an input; each subclass states its rule in its docstring.

    A step whose ``result`` a later part may quote names it in ``result_symbol`` (LaTeX,
    e.g. ``\\nabla f``); see ``solver.render.references``.
    """

    result_symbol: ClassVar[str | None] = None

    @property
    def template(self) -> str:
        return type(self).__name__

    @property
    def children(self) -> tuple[Step, ...]:
        found: list[Step] = []
        for item in fields(self):
            value = getattr(self, item.name)
            if isinstance(value, Step):
                found.append(value)
            elif isinstance(value, tuple):
                found.extend(entry for entry in value if isinstance(entry, Step))
        return tuple(found)

    def walk(self) -> Iterator[Step]:
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True)
class Solved:
    """A solved part: the steps in reading order, the final answer, named intermediate values."""

    steps: tuple[Step, ...]
    answer: Answer
    intermediates: tuple[tuple[str, Answer], ...] = ()

    def walk(self) -> Iterator[Step]:
        for step in self.steps:
            yield from step.walk()
