"""Numbers written alone: a lone integer, decimal or fraction read without the parser, and
the significant digits of a lone decimal (``0.131`` → 3, ``1.50e-3`` → 3)."""

from __future__ import annotations

import re
from fractions import Fraction

import sympy

from solver.input_limits import MAX_DIGITS

SCIENTIFIC = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)[eE][+-]?\d+")
_DECIMAL = re.compile(r"[+-]?(?P<whole>\d*)\.?(?P<fraction>\d*)(?:[eE][+-]?\d+)?")
DECIMAL_POINT = re.compile(r"\d\.|\.\d")
_PLAIN_NUMBER = re.compile(r"(?P<sign>[-+]?)(?P<top>\d+(?:\.\d+)?)(?:/(?P<bottom>[1-9]\d*))?")


def plain_number(raw: str) -> sympy.Rational | None:
    """A lone integer, decimal or fraction (``-3``, ``0.131``, ``3/4``) as an exact rational,
    read without the parser (most answers are numbers); None for anything else."""
    match = _PLAIN_NUMBER.fullmatch(raw.strip())
    if match is None:
        return None
    top, bottom = match.group("top"), match.group("bottom") or "1"
    if sum(char.isdigit() for char in top) > MAX_DIGITS or len(bottom) > MAX_DIGITS:
        return None  # the parser refuses it with the reason
    value = Fraction(top) / int(bottom)
    sign = -1 if match.group("sign") == "-" else 1
    return sympy.Rational(sign * value.numerator, value.denominator)


def significant(text: str) -> int | None:
    """Significant digits of a lone decimal number such as 0.131 or 1.50e-3."""
    text = text.strip()
    match = _DECIMAL.fullmatch(text)
    if match is None or not ("." in text or "e" in text.lower()):
        return None
    digits = (match.group("whole") + match.group("fraction")).lstrip("0")
    if not (match.group("whole") or match.group("fraction")):
        return None
    return len(digits) if digits else 1
