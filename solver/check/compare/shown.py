"""Values as verdicts show them: plain math with a true minus sign (−) and π."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

import sympy

from solver.render.printing import plain

SHORT_TEXT = 24  # longest exact expression shown beside a decimal answer
_PI = re.compile(r"\bpi\b")


def is_boolean(value) -> bool:
    """Whether value is a truth value (Python's or SymPy's)."""
    return isinstance(value, (bool, sympy.logic.boolalg.BooleanAtom))


def show(value, decimal: bool = False) -> str:
    """Plain-math text with a true minus sign and π."""
    if isinstance(value, sympy.MatrixBase):
        if value.cols == 1:
            return show_vector(list(value), decimal)
        return "[" + ", ".join("[" + ", ".join(show(v, decimal) for v in row) + "]"
                               for row in value.tolist()) + "]"
    if is_boolean(value):
        return str(bool(value)).lower()
    if isinstance(value, sympy.Basic):  # immutable: an expected value is printed once
        return _shown(value, decimal)
    return _shown.__wrapped__(value, decimal)


@lru_cache(maxsize=8192)
def _shown(value, decimal: bool) -> str:
    text = plain(value, decimal)
    return _PI.sub("π", text).replace("-", "−")


def show_vector(values: Sequence, decimal: bool = False) -> str:
    """(a, b, c)."""
    return "(" + ", ".join(show(v, decimal) for v in values) + ")"


def fmt(value: float, digits: int) -> str:
    """A float with ``digits`` significant digits: 0.73, −1.46, 1e−6."""
    if abs(value) < 1e15 and value == int(value):
        return str(int(value)).replace("-", "−")
    text = f"{value:.{digits}g}"
    if "e" in text:
        mantissa, exponent = text.split("e")
        text = f"{mantissa}e{int(exponent)}"
    return text.replace("-", "−")


def approximately(value, number, digits: int) -> str:
    """``sqrt(2) ≈ 1.41421``; a long exact form is left out: ``≈ 1.41421``."""
    exact = show(value)
    decimal = fmt(float(number), digits)
    return f"{exact} ≈ {decimal}" if len(exact) <= SHORT_TEXT else f"≈ {decimal}"
