"""Reading a learning-rate part: f, a scalar expression in the wrt variables."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sympy

from solver.spec.reader import PartReader, variables


@dataclass(frozen=True)
class LearningRateBoundInputs:
    f: Any
    wrt: tuple[str, ...]

    @property
    def variables(self) -> tuple[sympy.Symbol, ...]:
        return tuple(variables(self.wrt).values())


def read(r: PartReader) -> LearningRateBoundInputs:
    names = r.names("wrt")
    f = r.expression("f", variables(names))
    if not isinstance(f, sympy.Expr):
        raise r.error("f", "expected a scalar expression, found a matrix")
    return LearningRateBoundInputs(f, names)
