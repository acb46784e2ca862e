"""Reading a Taylor part: f, its variables, the point a (one number per variable) and the
order n of the polynomial."""

from __future__ import annotations

from dataclasses import dataclass

import sympy

from solver.kinds.derivative.read import read_constants
from solver.kinds.gradient.read import read_point
from solver.spec.reader import PartReader, variables
from solver.spec.yamlsource import YScalar

MAX_ORDER = 10  # one variable: n + 1 derivatives, each shown
MAX_SEVERAL_ORDER = 4  # several variables: every partial derivative up to order 4


@dataclass(frozen=True)
class TaylorInputs:
    """f(x₁, …, xₘ), the point a, the order n, and optional symbolic constants in f."""

    f: sympy.Expr
    wrt: tuple[sympy.Symbol, ...]
    at: tuple[sympy.Expr, ...]
    order: int
    constants: tuple[sympy.Symbol, ...] = ()

    @property
    def several(self) -> bool:
        return len(self.wrt) > 1


def read(r: PartReader) -> TaylorInputs:
    wrt = r.names("wrt")
    constants = read_constants(r, wrt)
    symbols = variables(wrt + constants)
    f = r.expression("f", symbols)
    at = _read_at(r, wrt)
    if not r.has("order"):
        raise r.error(None, "missing field 'order'", "the degree n of the Taylor polynomial, "
                                                     "e.g. order: 2")
    most = MAX_SEVERAL_ORDER if len(wrt) > 1 else MAX_ORDER
    order = r.integer("order", default=0, minimum=0, maximum=most)
    return TaylorInputs(f, tuple(symbols[name] for name in wrt), at, order,
                        tuple(symbols[name] for name in constants))


def _read_at(r: PartReader, wrt: tuple[str, ...]) -> tuple[sympy.Expr, ...]:
    """One number for one variable (``at: 0`` or ``at: [0]``), else one per variable."""
    if not r.has("at"):
        raise r.error(None, "missing field 'at'", "the point a the polynomial is expanded "
                                                  "about, e.g. at: 0")
    node = r.get("at")
    if isinstance(node, YScalar) and not (
            node.text in r.given and isinstance(r.given_value(node.text), sympy.MatrixBase)):
        if len(wrt) > 1:
            raise r.error("at", f"expected a point with one number per variable "
                                f"{', '.join(wrt)}, found one number", "e.g. at: [1, 2]")
        return (r.number("at"),)
    return read_point(r, "at", wrt)
