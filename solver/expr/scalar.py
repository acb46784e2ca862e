"""Conversion of a syntax tree to a SymPy scalar expression.

``to_sympy(node, symbols)`` builds SymPy objects only through constructors
(``Add``, ``Mul``, ``Pow``, ``Integer``, ``Rational``, ``Piecewise`` and the functions of
the :data:`~solver.expr.functions.FUNCTIONS` whitelist); text is never evaluated.

* Numbers are exact: ``0.2`` becomes ``Rational(1, 5)`` via ``Fraction``.
* Names are looked up in ``symbols``; if absent, ``pi`` and ``e`` are the
  constants (so ``e^x`` is ``exp(x)``); anything else is ``UnknownName``
  with a hint from :func:`~solver.expr.suggestions.suggest`.
* Calls are those of :mod:`solver.expr.functions`, each with its number of arguments.
* A ``Cases`` node is a SymPy ``Piecewise`` (:mod:`solver.expr.piecewise`); a comparison
  anywhere but in its conditions is an ``ExprSyntaxError``.
* Matrix-only constructs (``^T``, ``@``, matrix literals, ``det``, ``trace``,
  ``rank``, ``norm``, ``transpose``) raise ``NotAScalar``.
* Size gates raise ``ExprTooLarge`` before SymPy does expensive exact
  arithmetic: a rational exponent beyond ``MAX_EXPONENT`` in absolute value;
  a factorial of an integer beyond ``MAX_FACTORIAL``; any exact number
  larger than ``MAX_NUMBER_BITS`` (powers are estimated before they are
  computed, so ``9^9^9^9`` is refused at once); a number larger than
  ``MAX_ARGUMENT_BITS`` given to a function or raised to a fractional power
  (SymPy factors or primality-tests such numbers); nesting deep enough to
  exhaust the recursion limit.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from fractions import Fraction

import sympy

from solver.input_limits import MAX_DIGITS

from .errors import ExprSyntaxError, ExprTooLarge, NotAScalar, UnknownName
from .functions import (
    CONSTANTS,
    EXTREMES,
    FUNCTIONS,
    MATRIX_FUNCTIONS,
    MAX_ARGUMENTS,
    TWO_ARGUMENT_FUNCTIONS,
    extreme,
)
from .grammar import VARIADIC_FUNCTIONS
from .nodes import (
    Add,
    Call,
    Cases,
    Compare,
    Div,
    Factorial,
    MatrixLiteral,
    Mul,
    Name,
    Neg,
    Node,
    Number,
    Pow,
    Sub,
    Transpose,
)
from .piecewise import piecewise
from .suggestions import suggest

MAX_EXPONENT = 1000
MAX_FACTORIAL = 1000
MAX_NUMBER_BITS = 10_000  # about 3000 digits; 1000! has 2568
MAX_ARGUMENT_BITS = 1_700  # about 500 digits

_NUMBER_TEXT = re.compile(r"[0-9]+(?:\.[0-9]*)?|\.[0-9]+")


def to_sympy(node: Node, symbols: Mapping[str, sympy.Basic], *, text: str = "") -> sympy.Expr:
    """Convert ``node`` to a SymPy expression; ``text`` is only used in error reports."""
    converter = _Converter(symbols, text)
    try:
        return converter.convert(node)
    except RecursionError:
        raise ExprTooLarge("expression is nested too deeply", text=text, pos=node.pos) from None


class _Converter:
    def __init__(self, symbols: Mapping[str, sympy.Basic], text: str) -> None:
        self._symbols = symbols
        self._text = text

    def convert(self, node: Node) -> sympy.Expr:
        value = self._convert(node)
        if value.is_Rational and _bits(value) > MAX_NUMBER_BITS:
            raise self._too_large(f"the result is {_describe_number(value)}", node)
        return value

    def _convert(self, node: Node) -> sympy.Expr:
        match node:
            case Number():
                return self._number(node)
            case Name():
                return self._name(node)
            case Add() | Sub():
                return self._sum(node)
            case Mul() | Div():
                return self._product(node)
            case Neg():
                return self._negation(node)
            case Pow():
                return self._power(node)
            case Factorial():
                return self._factorial(node)
            case Call():
                return self._call(node)
            case Cases():
                return piecewise(node, self.convert, self._text)
            case Compare():
                raise ExprSyntaxError(
                    "a comparison is not a value; it is allowed only as a condition",
                    text=self._text,
                    pos=node.pos,
                    hint="write 5 if z1 > 0 else 0",
                )
            case Transpose():
                raise self._not_a_scalar("'^T' transposes a matrix", node)
            case MatrixLiteral():
                raise self._not_a_scalar("a matrix literal", node)
        raise TypeError(f"not an expression node: {node!r}")

    # --- leaves -------------------------------------------------------------

    def _number(self, node: Number) -> sympy.Expr:
        if not _NUMBER_TEXT.fullmatch(node.text):
            raise ExprSyntaxError(f"malformed number '{node.text}'", text=self._text, pos=node.pos)
        digits = sum(char.isdigit() for char in node.text)
        if digits > MAX_DIGITS:
            raise ExprTooLarge(
                f"number has {digits} digits; the limit is {MAX_DIGITS}",
                text=self._text,
                pos=node.pos,
            )
        if node.text.isdigit():  # an integer: the Integer Rational(n, 1) is
            return sympy.Integer(int(node.text))
        value = Fraction(node.text)
        return sympy.Rational(value.numerator, value.denominator)

    def _name(self, node: Name, argument: str | None = None) -> sympy.Expr:
        if node.id in self._symbols:
            value = self._symbols[node.id]
            if getattr(value, "is_Matrix", False):
                raise self._not_a_scalar(f"'{node.id}' is a matrix", node)
            return value
        if node.id in CONSTANTS:
            return CONSTANTS[node.id]
        known = set(self._symbols) | set(CONSTANTS)
        raise UnknownName(
            node.id,
            text=self._text,
            pos=node.pos,
            hint=suggest(node.id, known, argument=argument),
        )

    # --- operators ----------------------------------------------------------

    def _sum(self, node: Add | Sub) -> sympy.Expr:
        """Flatten the left-leaning chain ``a + b - c`` without recursing along it."""
        signed_terms: list[tuple[Node, bool]] = []
        while isinstance(node, Add | Sub):
            signed_terms.append((node.right, isinstance(node, Sub)))
            node = node.left
        signed_terms.append((node, False))
        terms = []
        for term, negated in reversed(signed_terms):
            value = self.convert(term)
            terms.append(_negate(value) if negated else value)
        return sympy.Add(*terms)

    def _product(self, node: Mul | Div) -> sympy.Expr:
        """Flatten ``a * b / c d`` along its left spine; ``@`` is matrix-only."""
        chain: list[tuple[Node, str]] = []
        while isinstance(node, Mul | Div):
            if isinstance(node, Mul) and node.op == "@":
                raise self._not_a_scalar("'@' multiplies matrices", node)
            chain.append((node.right, "/" if isinstance(node, Div) else node.op))
            node = node.left
        chain.append((node, "*"))
        chain.reverse()
        factors = []
        for index, (factor, op) in enumerate(chain):
            value = self._factor(factor, _juxtaposed_argument(chain, index))
            factors.append(sympy.Pow(value, -1) if op == "/" else value)
        return sympy.Mul(*factors)

    def _factor(self, node: Node, argument: str | None) -> sympy.Expr:
        if isinstance(node, Name):
            return self._name(node, argument)
        return self.convert(node)

    def _negation(self, node: Neg) -> sympy.Expr:
        negations = 0
        inner: Node = node
        while isinstance(inner, Neg):
            negations += 1
            inner = inner.operand
        value = self.convert(inner)
        return _negate(value) if negations % 2 else value

    def _power(self, node: Pow) -> sympy.Expr:
        base = self.convert(node.base)
        exponent = self.convert(node.exponent)
        self._check_power_size(base, exponent, node)
        return sympy.Pow(base, exponent)

    def _check_power_size(self, base: sympy.Expr, exponent: sympy.Expr, node: Pow) -> None:
        """Refuse powers whose exact evaluation would be huge or slow."""
        if not exponent.is_Rational:
            return
        if abs(exponent) > MAX_EXPONENT:
            raise self._too_large(
                f"exponent {_describe_number(exponent)} is beyond the limit of {MAX_EXPONENT}",
                node.exponent,
            )
        if not base.is_Rational:
            return
        bits = _bits(base) * abs(exponent.p)
        if exponent.is_Integer and bits > MAX_NUMBER_BITS:
            raise self._too_large(f"the power would have about {_digits(bits)} digits", node)
        if not exponent.is_Integer and bits > MAX_ARGUMENT_BITS:
            raise self._too_large(
                f"the power {exponent} of {_describe_number(base)} is too costly to "
                "evaluate exactly",
                node,
            )

    def _factorial(self, node: Factorial) -> sympy.Expr:
        operand = self.convert(node.operand)
        if operand.is_Integer and operand > MAX_FACTORIAL:
            raise self._too_large(
                f"factorial of {_describe_number(operand)} is beyond the limit of {MAX_FACTORIAL}!",
                node,
            )
        return sympy.factorial(operand)

    def _call(self, node: Call) -> sympy.Expr:
        if node.func in MATRIX_FUNCTIONS:
            raise self._not_a_scalar(f"{node.func}() works on matrices", node)
        function = FUNCTIONS.get(node.func)
        if function is None:
            raise ExprSyntaxError(f"unknown function '{node.func}'", text=self._text, pos=node.pos)
        self._check_arity(node)
        values = [self.convert(arg) for arg in node.args]
        for value, arg in zip(values, node.args, strict=True):
            if value.is_Rational and _bits(value) > MAX_ARGUMENT_BITS:
                raise self._too_large(
                    f"{node.func}() of {_describe_number(value)} cannot be evaluated exactly", arg
                )
        if node.func in EXTREMES:
            return self._extreme(node, values)
        return function(*values)

    def _check_arity(self, node: Call) -> None:
        if node.func in VARIADIC_FUNCTIONS:
            if 2 <= len(node.args) <= MAX_ARGUMENTS:
                return
            expected = f"2 to {MAX_ARGUMENTS} arguments"
            hint = None
            if len(node.args) == 1:
                hint = f"did you mean {node.func}(0, {_argument_text(node.args[0])})?"
            raise ExprSyntaxError(
                f"{node.func}() takes {expected}, got {len(node.args)}",
                text=self._text, pos=node.pos, hint=hint,
            )
        most = 2 if node.func in TWO_ARGUMENT_FUNCTIONS else 1
        if not 1 <= len(node.args) <= most:
            expected = "1 or 2 arguments" if most == 2 else "1 argument"
            raise ExprSyntaxError(
                f"{node.func}() takes {expected}, got {len(node.args)}",
                text=self._text,
                pos=node.pos,
            )

    def _extreme(self, node: Call, values: list[sympy.Expr]) -> sympy.Expr:
        """max, min or relu of real values; a value known not to be real is an error."""
        for value, arg in zip(values, node.args, strict=True):
            if value.is_extended_real is False:
                raise self._not_comparable(arg)
        kind, with_zero = EXTREMES[node.func]
        if with_zero:
            values = [sympy.Integer(0), *values]
        try:
            return extreme(kind, values)
        except (TypeError, ValueError):
            raise self._not_comparable(node) from None

    def _not_comparable(self, node: Node) -> ExprSyntaxError:
        return ExprSyntaxError("only real numbers can be compared", text=self._text,
                               pos=node.pos)

    def _too_large(self, message: str, node: Node) -> ExprTooLarge:
        return ExprTooLarge(message, text=self._text, pos=node.pos)

    def _not_a_scalar(self, what: str, node: Node) -> NotAScalar:
        return NotAScalar(
            f"{what}; a scalar is needed here",
            text=self._text,
            pos=node.pos,
        )


def _bits(value: sympy.Rational) -> int:
    return max(value.p.bit_length(), value.q.bit_length())


def _digits(bits: int) -> int:
    return int(bits * 0.30103) + 1


def _describe_number(value: sympy.Rational) -> str:
    if _bits(value) <= 64:
        return str(value)
    return f"a number with about {_digits(_bits(value))} digits"


def _argument_text(node: Node) -> str:
    """The text of a name or number argument, for hints; ``x`` for anything else."""
    if isinstance(node, Name):
        return node.id
    if isinstance(node, Number):
        return node.text
    return "x"


def _negate(value: sympy.Expr) -> sympy.Expr:
    """−1 · value, as ``Mul`` makes it; a rational or a symbol negated directly (the same
    ``Rational``, the same ``Mul`` of −1 and the symbol)."""
    if value.is_Rational or value.is_Symbol:
        return -value
    return sympy.Mul(sympy.Integer(-1), value)


def _juxtaposed_argument(chain: list[tuple[Node, str]], index: int) -> str | None:
    """Text of the factor written right after ``chain[index]`` without an operator."""
    if index + 1 >= len(chain) or chain[index + 1][1] != "implicit":
        return None
    following = chain[index + 1][0]
    if isinstance(following, Name):
        return following.id
    if isinstance(following, Number):
        return following.text
    return "..."
