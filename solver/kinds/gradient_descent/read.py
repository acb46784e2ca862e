"""Reading a gradient-descent part: f in the wrt variables, a start with one entry per
variable, η > 0 (or a symbol the part declares in ``constants``), the number of steps and
what to ask about a symbolic η."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sympy

from solver.kinds.derivative.read import read_constants
from solver.plural import plural
from solver.render.printing import plain
from solver.spec.reader import PartReader, did_you_mean, variables
from solver.spec.yamlsource import YScalar, YSeq

MAX_STEPS = 100
ASKS = ("reaches_minimiser", "converges")


@dataclass(frozen=True)
class GradientDescentInputs:
    f: Any
    wrt: tuple[str, ...]
    start: sympy.ImmutableMatrix
    learning_rate: Any
    steps: int
    ask: tuple[str, ...] = ()

    @property
    def symbolic(self) -> bool:
        """Whether η is symbolic (a constant the part declares) rather than a number."""
        return bool(sympy.sympify(self.learning_rate).free_symbols)

    @property
    def variables(self) -> tuple[sympy.Symbol, ...]:
        return tuple(variables(self.wrt).values())

    @property
    def theta0(self):
        """The start as the answer shows it: a number for one variable, else a column."""
        return self.start[0] if len(self.wrt) == 1 else self.start


def read_function_and_start(r: PartReader) -> tuple[tuple[str, ...], sympy.Expr,
                                                     sympy.ImmutableMatrix]:
    """The variables ``wrt``, the scalar f in them and the ``start`` point (a number for one
    variable, a list or a given vector otherwise), one entry per variable."""
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
    return names, f, start


def read(r: PartReader) -> GradientDescentInputs:
    names, f, start = read_function_and_start(r)
    eta = _learning_rate(r, names)
    steps = r.integer("steps", default=1, minimum=1, maximum=MAX_STEPS)
    ask = _ask(r) if r.has("ask") else ()
    if ask and not isinstance(eta, sympy.Symbol):
        raise r.error("ask", "asks about the learning rate need a symbolic one",
                      "declare it, e.g. constants: [alpha], learning_rate: alpha")
    return GradientDescentInputs(f, names, start, eta, steps, ask)


def _learning_rate(r: PartReader, names: tuple[str, ...]):
    """A positive number, or one of the part's declared ``constants`` (a symbol η > 0)."""
    constants = read_constants(r, names)
    if constants:
        if len(constants) != 1:
            raise r.error("constants", "declare one constant, the learning rate's name, "
                                       f"found {len(constants)}")
        eta = r.expression("learning_rate", variables(constants))
        if eta != variables(constants)[constants[0]]:
            raise r.error("learning_rate", f"expected the declared constant "
                                           f"{constants[0]!r} or a number, found "
                                           f"{plain(eta)}")
        return eta
    eta = r.number("learning_rate")
    if sympy.sympify(eta).is_positive is not True:
        raise r.error("learning_rate", f"must be a positive number, found {plain(eta)}")
    return eta


def _ask(r: PartReader) -> tuple[str, ...]:
    node = r.get("ask")
    items = node.items if isinstance(node, YSeq) else (node,)
    asked = []
    for item in items:
        if not (isinstance(item, YScalar) and item.text in ASKS):
            text = item.text if isinstance(item, YScalar) else "a list"
            raise r.error("ask", f"unknown question {text!r}: expected one of "
                                 f"{', '.join(ASKS)}", did_you_mean(text, ASKS),
                          line=getattr(item, "line", None))
        if item.text not in asked:
            asked.append(item.text)
    return tuple(asked)
