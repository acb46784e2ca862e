"""Printing exact values: LaTeX for documents, plain math (the input syntax) for JSON.

In decimal mode (the inputs were written as decimals) a rational with a terminating
decimal expansion is printed as that exact decimal; other rationals stay fractions,
and a lone non-terminating number is shown rounded after ≈ in LaTeX.
"""

from __future__ import annotations

import sympy
from sympy.printing.latex import LatexPrinter
from sympy.printing.precedence import PRECEDENCE
from sympy.printing.str import StrPrinter

SIGNIFICANT = 6


def terminating_decimal(value: sympy.Rational) -> str | None:
    """The exact decimal text of a rational whose denominator is 2^a 5^b, else None."""
    q = int(value.q)
    twos = fives = 0
    while q % 2 == 0:
        q //= 2
        twos += 1
    while q % 5 == 0:
        q //= 5
        fives += 1
    if q != 1:
        return None
    places = max(twos, fives)
    scaled = abs(int(value.p)) * 10**places // int(value.q)
    digits = str(scaled).rjust(places + 1, "0")
    text = digits[: len(digits) - places] + ("." + digits[-places:] if places else "")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return ("-" if value < 0 else "") + text


class _Latex(LatexPrinter):
    """SymPy's LaTeX with ``^\\top`` for transposes, as the handouts write them."""

    def _print_Transpose(self, expr):
        base = self.parenthesize(expr.arg, PRECEDENCE["Pow"])
        return f"{base}^{{\\top}}"


class _DecimalLatex(_Latex):
    def _print_Rational(self, expr):
        text = terminating_decimal(expr)
        return text if text is not None else super()._print_Rational(expr)


class _Plain(StrPrinter):
    """The spec's own plain-math syntax: ``^`` for powers, ``e``, ``abs``, ``log``."""

    def __init__(self, decimal: bool = False):
        super().__init__({"order": "none"})
        self.decimal = decimal

    def _print_Pow(self, expr, rational=False):
        text = super()._print_Pow(expr, rational)
        return text.replace("**", "^")

    def _print_Exp1(self, expr):
        return "e"

    def _print_Transpose(self, expr):
        return f"{self.parenthesize(expr.arg, PRECEDENCE['Pow'])}^T"

    def _print_Abs(self, expr):
        return f"abs({self._print(expr.args[0])})"

    def _print_Rational(self, expr):
        if self.decimal:
            text = terminating_decimal(expr)
            if text is not None:
                return text
        return super()._print_Rational(expr)


def latex(value, decimal: bool = False) -> str:
    """LaTeX of a SymPy value; matrices in round brackets like the handouts."""
    settings = {"mat_delim": "(", "mat_str": "matrix"}
    if decimal and isinstance(value, sympy.Expr) and value.is_number and value.is_rational \
            is False:
        return f"{LatexPrinter(settings).doprint(value)} \\approx " \
               f"{sympy.latex(value.evalf(SIGNIFICANT))}"
    if decimal and isinstance(value, sympy.Rational) and terminating_decimal(value) is None:
        return f"{LatexPrinter(settings).doprint(value)} \\approx " \
               f"{sympy.latex(value.evalf(SIGNIFICANT))}"
    printer = _DecimalLatex(settings) if decimal else _Latex(settings)
    return printer.doprint(value)


def plain(value, decimal: bool = False):
    """Plain-math text of a value; vectors and matrices as nested lists of rows."""
    if isinstance(value, sympy.MatrixBase):
        return [[plain(entry, decimal) for entry in row] for row in value.tolist()]
    text = _Plain(decimal).doprint(value)
    return text.replace("**", "^")
