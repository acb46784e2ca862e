"""What a kind of part is: its fields, how to read them, how to solve them, an example."""

from __future__ import annotations

from collections.abc import Callable
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
class Kind:
    """A kind of part: ``read`` validates a part's fields into inputs, ``solve`` solves them."""

    name: str
    summary: str
    fields: tuple[Field, ...]
    read: Callable[[PartReader], Any]
    solve: Callable[[Any], Solved]
    example: str

    @property
    def field_names(self) -> tuple[str, ...]:
        return tuple(field.name for field in self.fields)
