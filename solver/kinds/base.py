"""What a kind of part is: one record holding every facet the engine, the checker, the
grader and ``hwsolver kinds`` use.

A kind is a package ``solver/kinds/<kind>/`` whose ``KIND`` is this record: how its fields
are read, ``solve``, its typical mistakes, the hint of its answer template, which of its
values a student's earlier value carries forward to, its example, and its documentation
(the package's docstring). A facet a kind does not have is ``Without(reason)``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from solver.spec.reader import PartReader
from solver.steps import Solved


@dataclass(frozen=True)
class Field:
    """A field of a kind, as ``hwsolver kinds`` documents it."""

    name: str
    description: str
    required: bool = True


@dataclass(frozen=True)
class Without:
    """A facet a kind does not have, and why."""

    reason: str


@dataclass(frozen=True)
class Kind:
    """A kind of part.

    - ``read`` validates a part's fields into inputs; ``solve(inputs, given)`` solves them,
      passing each named intermediate value through ``given`` (``solver.kinds.given``) so
      that a student's earlier values can stand in for the engine's;
    - ``mistakes(inputs, solved, found)`` adds the answers typical mistakes produce to the
      collector ``found`` (``found.add(code, message, answer, name=None)``), each by
      re-solving with changed inputs or one changed rule;
    - ``hint`` is the expected form the blank answer file shows (it never depends on the
      answer), and ``hints`` that of a named answer whose form differs (``hint_for``);
      ``carries`` says in words which values follow from a student's earlier ones;
    - ``answer_names(inputs)`` gives names a student may write in any answer of the part
      besides the answer's own symbols (a matrix gradient's matrices, as the matrices of
      entries it was solved with, and I);
    - ``doc`` is the documentation ``hwsolver kinds`` prints besides summary and fields.
    """

    name: str
    summary: str
    fields: tuple[Field, ...]
    read: Callable[[PartReader], Any]
    solve: Callable[..., Solved]
    example: str
    hint: str
    mistakes: Callable[[Any, Solved, Any], None] | Without
    carries: str | Without
    doc: str
    hints: tuple[tuple[str, str], ...] = ()  # (answer name, its hint)
    answer_names: Callable[[Any], Mapping[str, Any]] | None = None

    @property
    def field_names(self) -> tuple[str, ...]:
        return tuple(field.name for field in self.fields)

    def hint_for(self, name: str | None) -> str:
        """The hint of the answer named ``name`` (None: the part's one answer)."""
        return dict(self.hints).get(name or "", self.hint)
