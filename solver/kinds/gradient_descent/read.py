"""Reading a gradient-descent part: f in the wrt variables, a start with one entry per
variable, η > 0 and the number of steps."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sympy

from solver.plural import plural
from solver.render.printing import plain
from solver.spec.reader import PartReader, variables
from solver.spec.yamlsource import YScalar

MAX_STEPS = 100


@dataclass(frozen=True)
class GradientDescentInputs:
    f: Any
    wrt: tuple[str, ...]
    start: sympy.ImmutableMatrix
    learning_rate: Any
    steps: int

    @property
    def variables(self) -> tuple[sympy.Symbol, ...]:
        return tuple(variables(self.wrt).values())

    @property
    def theta0(self):
        """The start as the answer shows it: a number for one variable, else a column."""
        return self.start[0] if len(self.wrt) == 1 else self.start


def read(r: PartReader) -> GradientDescentInputs:
    names = r.names("wrt")
    f = r.expression("f", variables(names))
    if not isinstance(f, sympy.Expr):
        raise r.error("f", "expected a scalar expression, found a matrix")
    node = r.get("start")
    if isinstance(node, YScalar) and not (
            node.text in r.given and isinstance(r.given_value(node.text), sympy.MatrixBase)):
        start = sympy.ImmutableMatrix([r.number_node("start", node)])
    else:
        start = r.matrix_node("start", node, vector=True)
    if start.rows != len(names):
        raise r.error("start", f"has {plural(start.rows, 'entry', 'entries')}, "
                               f"expected one per variable in 'wrt' ({len(names)}: "
                               f"{', '.join(names)})")
    eta = r.number("learning_rate")
    if sympy.sympify(eta).is_positive is not True:
        raise r.error("learning_rate", f"must be a positive number, found {plain(eta)}")
    steps = r.integer("steps", default=1, minimum=1, maximum=MAX_STEPS)
    return GradientDescentInputs(f, names, start, eta, steps)
