"""What the search for the solutions of ∇f = 0 carries along: its partial solutions
(branches), what it learns besides them, and the one way it gives up (``Unsolved``)."""

from __future__ import annotations

from dataclasses import dataclass

import sympy

from solver.polynomial_system import RealSolutions

PARAMETER_NAMES = ("k", "m", "n", "j", "l")


class Unsolved(Exception):
    """The system (or one equation of it) is beyond the exact methods used here."""

    def __init__(self, detail: str):
        super().__init__(detail)
        self.detail = detail


@dataclass(frozen=True)
class Branch:
    """A partial solution: values found so far (possibly in terms of later unknowns) and
    the integer parameters its families introduced."""

    values: dict
    parameters: tuple[sympy.Symbol, ...]
    approximate: bool = False


@dataclass
class Search:
    """What the search learns besides the branches: the eliminations it did numerically
    and why the list may be incomplete."""

    used: set[str]
    eliminations: list[RealSolutions]
    gaps: list[str]


def fresh_parameter(used: set[str]) -> sympy.Symbol:
    """An integer parameter k, m, n, … whose name is not ``used``."""
    for name in PARAMETER_NAMES + tuple(f"k{i}" for i in range(1, 50)):
        if name not in used:
            return sympy.Symbol(name, integer=True)
    raise Unsolved("too many integer parameters")


def is_real(value) -> bool:
    """Whether a value is real (an imaginary part below 1e-40 at 50 digits counts as 0)."""
    if value.is_real is not None:
        return bool(value.is_real)
    imaginary = sympy.im(value).evalf(50)
    if imaginary.is_number and abs(imaginary) < sympy.Float("1e-40"):
        return True
    raise Unsolved(f"cannot tell whether {value} is real")

