"""Printing exact values: LaTeX for documents, plain math (the input syntax) for JSON.

The plain form reads back through :mod:`solver.expr`: a ``Piecewise`` whose last
condition is ``True`` prints as ``(5 if z1 > 0 else 0)`` (otherwise as
``piecewise(value, condition, ...)``), a two-sided condition as ``0 < x <= 1`` and
``Heaviside(x, 0)`` as ``step(x)``.

In decimal mode (the inputs were written as decimals) a rational with a terminating
decimal expansion is printed as that exact decimal; other rationals stay fractions,
and a lone non-terminating number is shown rounded after ≈ in LaTeX.

Given ``digits``, a Float (a value carried at high precision, such as a sigmoid of
decimal inputs) is printed as a plain decimal rounded to that many significant figures,
trailing zeros kept (−0.200000 is not the exact −0.2); without it a Float prints as SymPy
writes it.
"""

from __future__ import annotations

import mpmath
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


def float_text(value: sympy.Float, digits: int) -> str:
    """A Float rounded to ``digits`` significant figures in fixed notation, every figure
    written (0.751365070, −0.200000, 0.00000123457, 123457000)."""
    text = mpmath.nstr(mpmath.mpf(value._mpf_), digits, strip_zeros=False,
                       min_fixed=-mpmath.inf, max_fixed=mpmath.inf)
    return text.removesuffix(".")


class _Latex(LatexPrinter):
    """SymPy's LaTeX with ``^\\top`` for transposes, as the handouts write them; Floats
    rounded to ``digits`` significant figures when given."""

    def __init__(self, settings=None, digits: int | None = None):
        super().__init__(settings)
        self.digits = digits

    def _print_Float(self, expr):
        if self.digits is None:
            return super()._print_Float(expr)
        return float_text(expr, self.digits)

    def _print_Transpose(self, expr):
        base = self.parenthesize(expr.arg, PRECEDENCE["Pow"])
        return f"{base}^{{\\top}}"

    def _print_Inverse(self, expr):
        """X^{-1}, and (Xᵀ)⁻¹ as X^{-\top}."""
        if isinstance(expr.arg, sympy.Transpose):
            return f"{self.parenthesize(expr.arg.arg, PRECEDENCE['Pow'])}^{{-\\top}}"
        return f"{self.parenthesize(expr.arg, PRECEDENCE['Pow'])}^{{-1}}"

    def _print_Identity(self, expr):
        return "I"

    def _print_MatMul(self, expr):
        """A fraction before matrices without brackets: ½ w, −⅓ Aᵀb."""
        coefficient, matrices = expr.as_coeff_matrices()
        if not (coefficient.is_Rational and not coefficient.is_Integer and matrices):
            return super()._print_MatMul(expr)
        rest = self._print(sympy.MatMul(*matrices)) if len(matrices) > 1 \
            else self.parenthesize(matrices[0], PRECEDENCE["Mul"])
        sign = "- " if coefficient < 0 else ""
        return f"{sign}{self._print(abs(coefficient))} {rest}"

    def _print_Add(self, expr, order=None):
        """A sum of matrices reads with its positive terms first (2(y' − y), not
        2(−y + y')) and a multiple of I last (A + 4I); scalar sums keep SymPy's order."""
        if not isinstance(expr, sympy.MatAdd):
            return super()._print_Add(expr, order)
        terms = sorted(self._as_ordered_terms(expr, order=order),
                       key=lambda term: term.has(sympy.Identity))
        positive = [term for term in terms if not term.could_extract_minus_sign()]
        if not positive or not terms[0].could_extract_minus_sign():
            return super()._print_Add(sympy.MatAdd(*terms), order="none")
        negative = [term for term in terms if term.could_extract_minus_sign()]
        return super()._print_Add(sympy.MatAdd(*positive, *negative), order="none")

    def _print_Symbol(self, expr, style="plain"):
        """A name with primes (y', h'_1) as y^{\\prime}, h^{\\prime}_{1}, so that a power
        of it is a single superscript."""
        if "'" not in expr.name:
            return super()._print_Symbol(expr, style)
        head, _, tail = expr.name.partition("'")
        primes = 1 + len(tail) - len(tail.lstrip("'"))
        text = self._deal_with_super_sub(head + tail.lstrip("'"), style)
        base, sub, rest = text.partition("_{")
        mark = "^{" + "\\prime" * primes + "}"
        return base + mark + (sub + rest if sub else "")


class _DecimalLatex(_Latex):
    def _print_Rational(self, expr):
        text = terminating_decimal(expr)
        return text if text is not None else super()._print_Rational(expr)


_RISING = {"<": "<", "<=": "<=", ">": "<", ">=": "<="}


def _rising(relation) -> tuple | None:
    """An inequality as (smaller, "<" or "<=", larger), or None for other conditions."""
    if not isinstance(relation, sympy.core.relational.Relational):
        return None
    op = relation.rel_op
    if op not in _RISING:
        return None
    if op.startswith("<"):
        return relation.lhs, op, relation.rhs
    return relation.rhs, _RISING[op], relation.lhs


class _Plain(StrPrinter):
    """The spec's own plain-math syntax: ``^`` for powers, ``e``, ``abs``, ``log``."""

    def __init__(self, decimal: bool = False, digits: int | None = None):
        super().__init__({"order": "none"})
        self.decimal = decimal
        self.digits = digits

    def _print_Float(self, expr):
        if self.digits is None:
            return super()._print_Float(expr)
        return float_text(expr, self.digits)

    def _print_Pow(self, expr, rational=False):
        text = super()._print_Pow(expr, rational)
        return text.replace("**", "^")

    def _print_Exp1(self, expr):
        return "e"

    def _print_ImaginaryUnit(self, expr):
        return "i"

    def _print_Transpose(self, expr):
        return f"{self.parenthesize(expr.arg, PRECEDENCE['Pow'])}^T"

    def _print_Inverse(self, expr):
        if isinstance(expr.arg, sympy.Transpose):
            return f"{self.parenthesize(expr.arg.arg, PRECEDENCE['Pow'])}^-T"
        return f"{self.parenthesize(expr.arg, PRECEDENCE['Pow'])}^-1"

    def _print_Identity(self, expr):
        return "I"

    def _print_Abs(self, expr):
        return f"abs({self._print(expr.args[0])})"

    def _print_Heaviside(self, expr):
        if len(expr.args) == 2 and expr.args[1] == 0:
            return f"step({self._print(expr.args[0])})"
        return super()._print_Heaviside(expr)

    def _print_Piecewise(self, expr):
        pieces = [(self._print(value), condition) for value, condition in expr.args]
        if pieces[-1][1] == sympy.true:
            *conditional, (last, _) = pieces
            chain = " else ".join(f"{value} if {self._condition(condition)}"
                                  for value, condition in conditional)
            return f"({chain} else {last})" if chain else last
        flat = ", ".join(f"{value}, {self._condition(condition)}" for value, condition in pieces)
        return f"piecewise({flat})"

    def _condition(self, condition) -> str:
        """``x > 0``; an ``And`` of two inequalities that chain as ``0 < x <= 1``."""
        if isinstance(condition, sympy.And) and len(condition.args) == 2:
            first, second = (_rising(arg) for arg in condition.args)
            if first is not None and second is not None:
                if first[2] != second[0]:
                    first, second = second, first
                if first[2] == second[0]:
                    terms = (first[0], first[2], second[2])
                    a, b, c = (self._print(term) for term in terms)
                    return f"{a} {first[1]} {b} {second[1]} {c}"
        if condition == sympy.true:
            return "True"
        return self._print(condition)

    def _print_And(self, expr):
        return self._connected(expr, "and")

    def _print_Or(self, expr):
        return self._connected(expr, "or")

    def _print_Not(self, expr):
        return f"not ({self._print(expr.args[0])})"

    def _connected(self, expr, word: str) -> str:
        """``a > 0 and (b > 0 or c > 0)``: the answer syntax (``|`` would read as abs)."""
        parts = [self._print(arg) for arg in expr.args]
        return f" {word} ".join(f"({part})" if isinstance(arg, sympy.And | sympy.Or) else part
                                for part, arg in zip(parts, expr.args, strict=True))

    def _print_Rational(self, expr):
        if self.decimal:
            text = terminating_decimal(expr)
            if text is not None:
                return text
        return super()._print_Rational(expr)


def irrational_number(value) -> bool:
    """True for an exact real number that is not rational (√2, 1/(1 + e^{−1})): no Floats,
    no symbols."""
    return isinstance(value, sympy.Expr) and not value.is_Rational and value.is_number \
        and not value.has(sympy.Float) and value.is_comparable is True


def latex(value, decimal: bool = False, digits: int | None = None,
          approx: bool = False) -> str:
    """LaTeX of a SymPy value; matrices in round brackets like the handouts; Floats at
    ``digits`` significant figures when given. ``approx``: an exact irrational number keeps
    its closed form with its decimal after ≈ (σ(1) = 1/(1 + e^{−1}) ≈ 0.731059)."""
    settings = {"mat_delim": "(", "mat_str": "matrix", "inv_trig_style": "full"}
    if approx and not decimal and irrational_number(value):
        figures = digits or SIGNIFICANT
        rounded = float_text(sympy.Float(value.evalf(figures + 10), figures + 10), figures)
        return f"{_Latex(settings).doprint(value)} \\approx {rounded}"
    if decimal and isinstance(value, sympy.Expr) and value.is_number and value.is_rational \
            is False:
        return f"{LatexPrinter(settings).doprint(value)} \\approx " \
               f"{sympy.latex(value.evalf(SIGNIFICANT))}"
    if decimal and isinstance(value, sympy.Rational) and terminating_decimal(value) is None:
        return f"{LatexPrinter(settings).doprint(value)} \\approx " \
               f"{sympy.latex(value.evalf(SIGNIFICANT))}"
    printer = _DecimalLatex(settings, digits) if decimal else _Latex(settings, digits)
    return printer.doprint(value)


def plain(value, decimal: bool = False, digits: int | None = None):
    """Plain-math text of a value; vectors and matrices as nested lists of rows; Floats at
    ``digits`` significant figures when given."""
    if isinstance(value, sympy.MatrixBase):
        return [[plain(entry, decimal, digits) for entry in row] for row in value.tolist()]
    text = _Plain(decimal, digits).doprint(value)
    return text.replace("**", "^")


def plain_text(value, decimal: bool = False) -> str:
    """Plain math on one line: ``3/4``, a column vector as its entries ``[-3, -2]``, a
    matrix as its rows ``[[0, 2], [0, 3]]``."""
    shown = plain(value, decimal)
    if not isinstance(shown, list):
        return str(shown)
    rows = [", ".join(str(entry) for entry in row) for row in shown]
    if shown and all(len(row) == 1 for row in shown):
        return "[" + ", ".join(rows) + "]"
    return "[" + ", ".join(f"[{row}]" for row in rows) + "]"
