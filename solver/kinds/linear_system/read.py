"""Reading a linear system Ax = b: A and b, each remembered under the name the problem
gives it (a name from 'given', else the field's own)."""

from __future__ import annotations

from dataclasses import dataclass

import sympy

from solver.spec.reader import PartReader
from solver.steps.linalg import SystemNames


@dataclass(frozen=True)
class LinearSystem:
    A: sympy.ImmutableMatrix
    b: sympy.ImmutableMatrix
    names: SystemNames = SystemNames()


def read(r: PartReader) -> LinearSystem:
    A, b = r.matrix("A"), r.matrix("b", vector=True)
    return LinearSystem(A, b, SystemNames(_given_name(r, "A"), _given_name(r, "b")))


def _given_name(r: PartReader, field: str) -> str:
    """The name of the given entry the field refers to; the field's own name for a value
    written inline."""
    source = r.source.get(field)
    return source if source in r.given else field
