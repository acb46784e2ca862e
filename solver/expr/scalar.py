"""Conversion of a syntax tree to a SymPy scalar expression.

``to_sympy(node, symbols)`` builds SymPy objects only through constructors
(``Add``, ``Mul``, ``Pow``, ``Integer``, ``Rational`` and the functions of
the ``FUNCTIONS`` whitelist); text is never evaluated.

* Numbers are exact: ``0.2`` becomes ``Rational(1, 5)`` via ``Fraction``.
* Names are looked up in ``symbols``; if absent, ``pi`` and ``e`` are the
  constants (so ``e^x`` is ``exp(x)``); anything else is ``UnknownName``
  with a hint from :func:`suggest`.
* ``log(x, b)`` is the logarithm of ``x`` to base ``b``; ``ln`` is ``log``.
* ``step(x)``, ``heaviside(x)`` and ``Heaviside(x)`` are ``Heaviside(x, 0)``: 1 for
  x > 0 and 0 for x ≤ 0, the convention the engine uses for the ReLU family's derivative
  at 0 (the comparison of answers does not depend on the value at 0, see
  :mod:`solver.check.compare`).
* ``max(a, b, ...)`` and ``min(...)`` (also ``Max``, ``Min`` as SymPy prints them) take
  2 to ``MAX_ARGUMENTS`` real arguments and are SymPy's ``Max`` and ``Min``, simplified
  only where it is cheap (:func:`extreme`); ``relu(x)`` (``ReLU``, ``Relu``) is
  ``Max(0, x)``, the engine's own ReLU.
* A ``Cases`` node (``5 if z1 > 0 else 0``, ``piecewise(5, z1 > 0, 0)``, an indicator
  ``[z1 > 0]``) is a SymPy ``Piecewise``: the first piece whose condition holds;
  "otherwise" is ``True``, so the indicator is ``Piecewise((1, z1 > 0), (0, True))``, the
  engine's ReLU derivative. A condition is a chain of at most ``MAX_CHAIN`` comparisons
  (``0 < x <= 1`` is ``And``), or conditions joined by ``and``, ``or`` and ``not``
  (``And``, ``Or``, ``Not``) with at most ``MAX_COMPARISONS`` comparisons in all;
  comparing a value that is not real is an error; a comparison anywhere else is an
  ``ExprSyntaxError``. At most ``MAX_CASES`` pieces.
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

import difflib
import re
from collections.abc import Callable, Iterable, Mapping
from fractions import Fraction
from types import MappingProxyType

import sympy

from solver.input_limits import MAX_DIGITS

from .errors import ExprSyntaxError, ExprTooLarge, NotAScalar, UnknownName
from .nodes import (
    Add,
    Call,
    Cases,
    Compare,
    Connective,
    Div,
    Factorial,
    MatrixLiteral,
    Mul,
    Name,
    Neg,
    Node,
    Not,
    Number,
    Pow,
    Sub,
    Transpose,
)
from .parser import VARIADIC_FUNCTIONS


def step(x: sympy.Expr) -> sympy.Expr:
    """The unit step with step(0) = 0."""
    return sympy.Heaviside(x, 0)


def relu(x: sympy.Expr) -> sympy.Expr:
    """The rectified linear unit max(0, x)."""
    return sympy.Max(sympy.Integer(0), x)


def extreme(kind: type[sympy.Max] | type[sympy.Min], values: Iterable[sympy.Expr]
            ) -> sympy.Expr:
    """``Max(*values)`` or ``Min(*values)``, simplified only where it is cheap: nested ones
    of the same kind flattened, repeated values dropped, the numbers compared with each
    other. SymPy's own simplification compares every two symbolic arguments under the
    assumptions, which costs milliseconds per call; the value is the same."""
    flat: list[sympy.Expr] = []
    for value in values:
        flat.extend(value.args if isinstance(value, kind) else (value,))
    unique = list(dict.fromkeys(flat))
    numbers = [value for value in unique if value.is_number]
    others = [value for value in unique if not value.is_number]
    if len(numbers) > 1:
        best = kind(*numbers)
        numbers = list(best.args) if isinstance(best, kind) else [best]
    arguments = numbers + others
    if len(arguments) == 1:
        return arguments[0]
    return kind(*arguments, evaluate=False)


FUNCTIONS: Mapping[str, Callable[..., sympy.Expr]] = MappingProxyType(
    {
        "sin": sympy.sin,
        "cos": sympy.cos,
        "tan": sympy.tan,
        "asin": sympy.asin,
        "acos": sympy.acos,
        "atan": sympy.atan,
        "arcsin": sympy.asin,
        "arccos": sympy.acos,
        "arctan": sympy.atan,
        "sinh": sympy.sinh,
        "cosh": sympy.cosh,
        "tanh": sympy.tanh,
        "exp": sympy.exp,
        "log": sympy.log,
        "ln": sympy.log,
        "sqrt": sympy.sqrt,
        "abs": sympy.Abs,
        "step": step,
        "heaviside": step,
        "Heaviside": step,
        "max": sympy.Max,
        "min": sympy.Min,
        "Max": sympy.Max,
        "Min": sympy.Min,
        "relu": relu,
        "ReLU": relu,
        "Relu": relu,
    }
)
TWO_ARGUMENT_FUNCTIONS = frozenset({"log"})
EXTREMES: Mapping[str, tuple[type[sympy.Max] | type[sympy.Min], bool]] = MappingProxyType(
    {  # name → (Max or Min, whether 0 is one more argument)
        "max": (sympy.Max, False),
        "min": (sympy.Min, False),
        "Max": (sympy.Max, False),
        "Min": (sympy.Min, False),
        "relu": (sympy.Max, True),
        "ReLU": (sympy.Max, True),
        "Relu": (sympy.Max, True),
    }
)
MATRIX_FUNCTIONS = frozenset({"det", "trace", "rank", "norm", "transpose"})
CONSTANTS: Mapping[str, sympy.Expr] = MappingProxyType({"pi": sympy.pi, "e": sympy.E})

MAX_EXPONENT = 1000
MAX_FACTORIAL = 1000
MAX_NUMBER_BITS = 10_000  # about 3000 digits; 1000! has 2568
MAX_ARGUMENT_BITS = 1_700  # about 500 digits
MAX_HINT_NAME = 64
MAX_CASES = 16
MAX_CHAIN = 2
MAX_COMPARISONS = 8
MAX_ARGUMENTS = 16
RELATIONS: Mapping[str, Callable[..., sympy.Basic]] = MappingProxyType(
    {
        "<": sympy.StrictLessThan,
        "<=": sympy.LessThan,
        ">": sympy.StrictGreaterThan,
        ">=": sympy.GreaterThan,
    }
)

_NUMBER_TEXT = re.compile(r"[0-9]+(?:\.[0-9]*)?|\.[0-9]+")
_SHORT_ARGUMENT = re.compile(r"[A-Za-z0-9_]{1,3}")


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
                return self._cases(node)
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

    def _cases(self, node: Cases) -> sympy.Expr:
        if len(node.pieces) > MAX_CASES:
            raise self._too_large(
                f"a piecewise value has {len(node.pieces)} cases; the limit is {MAX_CASES}", node
            )
        pieces = []
        for value, condition in node.pieces:
            result = self.convert(value)
            holds = sympy.true if condition is None else self._condition(condition)
            pieces.append((result, holds))
        return sympy.Piecewise(*pieces)

    def _condition(self, node: Node) -> sympy.Basic:
        """A condition: comparisons joined by and, or and not."""
        comparisons = _comparisons(node)
        if len(comparisons) > MAX_COMPARISONS:
            raise self._too_large(
                f"a condition has {len(comparisons)} comparisons; the limit is "
                f"{MAX_COMPARISONS}", node
            )
        return self._logic(node)

    def _logic(self, node: Node) -> sympy.Basic:
        negated = False
        while isinstance(node, Not):
            negated = not negated
            node = node.operand
        if isinstance(node, Connective):
            combine = sympy.And if node.op == "and" else sympy.Or
            value = combine(*(self._logic(operand) for operand in node.operands))
        elif isinstance(node, Compare):
            value = self._comparison(node)
        else:
            raise ExprSyntaxError("a condition must be a comparison", text=self._text,
                                  pos=node.pos, hint="write 5 if z1 > 0 else 0")
        return sympy.Not(value) if negated else value

    def _comparison(self, node: Compare) -> sympy.Basic:
        if len(node.ops) > MAX_CHAIN:
            raise self._too_large(
                f"a condition chains {len(node.ops)} comparisons; the limit is {MAX_CHAIN}", node
            )
        values = [self.convert(operand) for operand in node.operands]
        relations = []
        for index, op in enumerate(node.ops):
            try:
                relations.append(RELATIONS[op](values[index], values[index + 1]))
            except TypeError:
                raise ExprSyntaxError(
                    "only real numbers can be compared", text=self._text,
                    pos=node.operands[index].pos,
                ) from None
        return sympy.And(*relations)

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


def _comparisons(condition: Node) -> list[Compare]:
    """The comparisons of a condition, through its and, or and not (not inside values)."""
    found: list[Compare] = []
    stack = [condition]
    while stack:
        node = stack.pop()
        if isinstance(node, Compare):
            found.append(node)
        elif isinstance(node, Connective | Not):
            stack.extend(node.children())
    return found


def _argument_text(node: Node) -> str:
    """The text of a name or number argument, for hints; ``x`` for anything else."""
    if isinstance(node, Name):
        return node.id
    if isinstance(node, Number):
        return node.text
    return "x"


def _negate(value: sympy.Expr) -> sympy.Expr:
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


# --- hints for unknown names --------------------------------------------------


def suggest(name: str, known_names: Iterable[str], *, argument: str | None = None) -> str | None:
    """A "did you mean ...?" hint for an unknown ``name``, or None.

    ``known_names`` are the declared symbols (and constants); ``argument`` is
    the text of a factor written right after the name, if any. Names longer
    than ``MAX_HINT_NAME`` get no hint.
    """
    if len(name) > MAX_HINT_NAME:
        return None
    known = frozenset(known_names)
    for rule in (
        _function_then_symbols,
        _symbols_only,
        _symbols_then_function,
        _function_then_short_text,
        _close_match,
    ):
        hint = rule(name, known, argument)
        if hint is not None:
            return hint
    return None


def _functions_longest_first() -> list[str]:
    return sorted(FUNCTIONS, key=len, reverse=True)


def _function_then_symbols(name: str, known: frozenset[str], argument: str | None) -> str | None:
    """``sinx`` with ``x`` known: did you mean sin(x)?"""
    for function in _functions_longest_first():
        if name.startswith(function):
            parts = split_into_names(name[len(function) :], known)
            if parts:
                return f"did you mean {_call_text(function, parts)}?"
    return None


def _symbols_only(name: str, known: frozenset[str], argument: str | None) -> str | None:
    """``xy`` with ``x`` and ``y`` known: did you mean x*y?"""
    parts = split_into_names(name, known)
    if parts and len(parts) > 1:
        return f"did you mean {'*'.join(parts)}?"
    return None


def _symbols_then_function(name: str, known: frozenset[str], argument: str | None) -> str | None:
    """``xcos`` with ``x`` known: did you mean x cos(...)?"""
    functions = _functions_longest_first()
    for cut in range(1, len(name)):
        parts = split_into_names(name[:cut], known)
        if not parts:
            continue
        rest = name[cut:]
        for function in functions:
            if not rest.startswith(function):
                continue
            tail = rest[len(function) :]
            tail_parts = split_into_names(tail, known) if tail else []
            if tail_parts is None:
                continue
            inner = tail_parts if tail_parts else [argument or "..."]
            return f"did you mean {'*'.join(parts)} {_call_text(function, inner)}?"
    return None


def _function_then_short_text(name: str, known: frozenset[str], argument: str | None) -> str | None:
    """``sinx`` with nothing declared: did you mean sin(x)?"""
    for function in _functions_longest_first():
        rest = name[len(function) :]
        if name.startswith(function) and _SHORT_ARGUMENT.fullmatch(rest):
            return f"did you mean {_call_text(function, [rest])}?"
    return None


def _call_text(function: str, parts: list[str]) -> str:
    """``sin(x*y)``; ``max(x, y)`` and ``max(0, x)`` for the functions of two or more
    arguments."""
    if function not in VARIADIC_FUNCTIONS:
        return f"{function}({'*'.join(parts)})"
    arguments = parts if len(parts) > 1 else ["0", *parts]
    return f"{function}({', '.join(arguments)})"


def _close_match(name: str, known: frozenset[str], argument: str | None) -> str | None:
    """``thta`` with ``theta`` known: did you mean theta?"""
    candidates = sorted(known | set(FUNCTIONS))
    matches = difflib.get_close_matches(name, candidates, n=1, cutoff=0.6)
    if not matches:
        return None
    match = matches[0]
    return f"did you mean {match}(...)?" if match in FUNCTIONS else f"did you mean {match}?"


def split_into_names(text: str, known: frozenset[str]) -> list[str] | None:
    """Split ``text`` into the fewest known names (``"x1x2"`` → ``["x1", "x2"]``), or None."""
    if not text:
        return None
    lengths = sorted({len(name) for name in known if name}, reverse=True)
    size = len(text)
    # fewest[i]: (number of parts, end of first part) for the best split of text[i:]
    fewest: list[tuple[int, int] | None] = [None] * (size + 1)
    fewest[size] = (0, size)
    for start in range(size - 1, -1, -1):
        for length in lengths:
            end = start + length
            if end > size or fewest[end] is None or text[start:end] not in known:
                continue
            count = fewest[end][0] + 1
            if fewest[start] is None or count < fewest[start][0]:
                fewest[start] = (count, end)
    if fewest[0] is None:
        return None
    parts = []
    start = 0
    while start < size:
        end = fewest[start][1]
        parts.append(text[start:end])
        start = end
    return parts
