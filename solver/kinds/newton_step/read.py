"""Reading an iterative optimiser's objective: f in the wrt variables and a start with one
entry per variable; a Newton part adds the number of steps."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sympy

from solver.kinds.gradient_descent.read import read_function_and_start
from solver.render.printing import SIGNIFICANT
from solver.spec.reader import PartReader, variables

MAX_STEPS = 20


@dataclass(frozen=True)
class Objective:
    """f(θ) with θ = (wrt…) and the start θ⁽⁰⁾ as a column."""

    f: Any
    wrt: tuple[str, ...]
    start: sympy.ImmutableMatrix

    @property
    def variables(self) -> tuple[sympy.Symbol, ...]:
        return tuple(variables(self.wrt).values())

    @property
    def one(self) -> bool:
        return len(self.wrt) == 1

    @property
    def theta0(self):
        """The start as the answer shows it: a number for one variable, else a column."""
        return self.start[0] if self.one else self.start


@dataclass(frozen=True)
class NewtonInputs(Objective):
    steps: int = 1


def read_objective(r: PartReader) -> Objective:
    """f, wrt and start; decimals are shown with the part's ``digits`` (6 by default)."""
    names, f, start = read_function_and_start(r)
    if r.digits is None:
        r.digits = SIGNIFICANT
    return Objective(f, names, start)


def read(r: PartReader) -> NewtonInputs:
    objective = read_objective(r)
    steps = r.integer("steps", default=1, minimum=1, maximum=MAX_STEPS)
    return NewtonInputs(objective.f, objective.wrt, objective.start, steps)
