"""Reading a student's answer into a :mod:`solver.check.values` value.

``read_answer(raw, variables, extra_names=(), expect=None)`` takes what an
answer file holds for one part — a string (plain math or LaTeX), an int, a
decimal number given as its source text, or a nested list — and returns a
``Written``, ``Says``, ``Family``, ``Range`` or ``Points``, or an
``Invalid`` with a message, the offset in the text and a hint. Nothing
raises except programming errors; nothing is evaluated as Python: scalars go
through :func:`solver.expr.parse` and :func:`solver.expr.to_sympy`, vectors
and matrices are built entry by entry with SymPy constructors.

Text is LaTeX when it holds a backslash, ``$``, ``^{`` or a subscript such as
``x_1``; it is then
translated by :mod:`solver.check.latex`. Plain text is normalised first:
``−`` ``·`` ``×`` ``÷`` ``≤`` ``≥`` ``∈`` ``ℤ`` ``ℝ``, Greek letters
(``η`` → ``eta``; ``θ1`` → ``theta1``), ``π``, ``∞`` (and the words ``oo``,
``inf``, ``infty``) → ``infinity``, superscripts (``x²``, ``x⁻¹``, ``Aᵀ``),
``√x`` and ``√(x)`` → ``sqrt(x)``, ``|x|`` → ``abs(x)``, ``sin^2(x)`` →
``(sin(x))^2`` and ``sin^-1(x)`` → ``arcsin(x)``; ``sin x``, ``cos 2x`` (a function, a
space, then a name or a number and a name, closed by an operator, a bracket, another
function or the end) → ``sin(x)``, ``cos(2x)``; ``sec(x)`` ``csc(x)`` ``cot(x)`` →
``(1/cos(x))`` ``(1/sin(x))`` ``(1/tan(x))``; ``(a, b)'`` → ``(a, b)^T``; ``H(x)`` is the
unit step ``heaviside(x)`` unless ``H`` is a name of the problem.

Piecewise values: ``5 step(z1)`` (also ``heaviside``, ``Heaviside``, ``H``),
``5 if z1 > 0 else 0``, ``piecewise(5, z1 > 0, 0)``,
``Piecewise((5, z1 > 0), (0, True))`` as SymPy prints it, and LaTeX
``\\begin{cases} 5 & z_1 > 0 \\\\ 0 & \\text{otherwise} \\end{cases}``. A text
with ``if`` outside brackets is a value, never a range.

What the text is read as, in this order:

1. a special answer in words, case and surrounding punctuation ignored:
   ``no solution`` ``inconsistent`` → ``no_solution``; ``undefined``
   ``does not exist`` ``dne`` → ``undefined``; ``no bound`` ``no learning
   rate`` ``diverges for every eta`` → ``no_bound``; ``no critical points``
   → ``none``; ``infinitely many (solutions)`` → ``infinitely_many`` (a family
   without the family). ``none``, ``∅`` and ``{}`` mean ``none`` when a point set is
   expected, ``no_bound`` when a range is, else ``no_solution``;
2. a trailing clause ``for integer k`` / ``k ∈ ℤ`` / ``where k is an
   integer`` (integer parameters) or ``t ∈ ℝ`` / ``for any real t`` is set
   aside, then a leading ``x =``, ``theta^* =``, ``f'(x) =`` or ``(x1, x2) =``
   is dropped;
3. a relation — ``0 < eta < 1/6``, ``eta <= 1/6``, ``eta > 0``,
   ``eta in (0, 1/6]``, a side linear in the variable (``-x > -1`` is ``x < 1``,
   ``0 < 6 eta < 1``) and two inequalities joined by ``and`` (``eta > 0 and
   eta < 1/6``) — is a ``Range``; so is an interval ``(0, 1/6]`` when
   its brackets differ, an end is infinite or ``expect == "range"``;
4. a point set — ``{(pi/2, 0)}``, ``(pi/2 + k pi, 0)``,
   ``{(a, b), (c, d)}`` — is ``Points`` when ``expect == "points"``, when it
   is in braces, or (with no expectation) when it lists several tuples or
   uses an integer parameter. ``k``, ``m`` and ``n`` (unless declared) and
   the names of an integer clause are integer symbols;
5. anything else is an expression: a parenthesised tuple ``(1, 2)`` is the
   column vector ``[1, 2]``, and so are ``(1, 2)^T`` and ``[1, 2]^T`` (a list written in
   a line and transposed, as the LaTeX row ``\\begin{bmatrix} 1 & 2 \\end{bmatrix}^\\top``;
   inside a product of matrices, ``[1, 2]^T [3, 4]``, ^T transposes the column); a
   sum of vectors some of which are multiplied by one undeclared parameter each
   (``[1, 0] + t [-2, 1]``, ``(1/3, 0) + t(-2, 1) + s(0, 1)``) is a ``Family``;
   otherwise the value
   is ``Written``, scalar or ``ImmutableMatrix``, with ``decimals`` set when
   the text has a decimal point and ``significant`` the number of significant
   digits of a lone decimal number (``0.131`` → 3). Scientific notation
   (``1.3e-4``) is read only as a lone number: inside an expression ``e`` is
   the constant, so ``2e-1`` is 2e − 1.

Lists: a flat list is a column vector and a list of lists a matrix by rows
(with ``expect == "points"``, each row is a point); every entry is read as a
scalar on its own. Size gates come before any algebra: 2,000 characters,
lists nested at most two deep (a list nested deeper than three is refused on
sight), at most 50 rows and 50 columns, and the expression parser's own gates
for every scalar.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import sympy

from solver.check.latex import (
    INDICATOR_SIGN,
    RECIPROCALS,
    LatexError,
    Translation,
    translate_latex,
)
from solver.check.values import Family, Invalid, Points, Range, Says, StudentValue, Written
from solver.expr import Add as AddNode
from solver.expr import (
    Call,
    Div,
    ExprError,
    ExprSyntaxError,
    Factorial,
    MatrixLiteral,
    Mul,
    Name,
    Neg,
    Node,
    NotAScalar,
    Pow,
    Transpose,
    UnknownName,
    function_names,
    parse,
    to_sympy,
    walk,
)
from solver.expr import Sub as SubNode
from solver.expr.nodes import Cases, Compare
from solver.expr.parser import forbidden_character
from solver.expr.scalar import MATRIX_FUNCTIONS, suggest
from solver.numbers import exact, symbol
from solver.plural import plural

MAX_LENGTH = 2000
MAX_LIST_DEPTH = 3
MAX_SIDE = 50
MAX_DIGITS = 50
MAX_DET_SIDE = 5
MAX_PRODUCT_COST = 30_000
INTEGER_PARAMETERS = ("k", "m", "n")
EXPECTATIONS = frozenset({"points", "range", "family", "vector"})
CONSTANTS = frozenset({"e", "pi"})
INFINITY = "infinity"

_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
_PARAMETER = re.compile(
    r"[A-Za-z][0-9]*|alpha|beta|gamma|delta|lambda|mu|nu|tau|sigma|rho|xi|zeta|kappa|omega"
)
_SCIENTIFIC = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)[eE][+-]?\d+")
_DECIMAL = re.compile(r"[+-]?(?P<whole>\d*)\.?(?P<fraction>\d*)(?:[eE][+-]?\d+)?")
_DECIMAL_POINT = re.compile(r"\d\.|\.\d")
_TOP_CONNECTIVE = re.compile(r"\b(?:and|or|not)\b|[&∧∨¬]")
_AND = frozenset({"and", "&", "∧"})
_PLAIN_NUMBER = re.compile(r"(?P<sign>[-+]?)(?P<top>\d+(?:\.\d+)?)(?:/(?P<bottom>[1-9]\d*))?")
_INFINITY_WORD = re.compile(r"(?<![A-Za-z0-9_])infinity(?![A-Za-z0-9_])")
_SUBSCRIPT = re.compile(r"[A-Za-z]_(?:[A-Za-z0-9]|\{)")
_IN_WORD = re.compile(r"(?<![A-Za-z0-9_])in(?![A-Za-z0-9_])")
_IF_WORD = re.compile(r"(?<![A-Za-z0-9_])if(?![A-Za-z0-9_])")
_PIECEWISE = frozenset({"piecewise", "Piecewise"})
STEP_NAME = "H"  # H(x) is the unit step unless H is a name of the problem
FUNCTION_HINT = ("write the value itself; the functions are sin, cos, tan, sec, exp, log, "
                 "ln, sqrt, abs, max, min, relu, ...")

# --- special answers ------------------------------------------------------------------

_EMPTY = "empty"  # none / ∅ / {}: its meaning depends on the expected form
_SPECIAL_PHRASES = {
    "no_solution": (
        "no solution", "no solutions", "inconsistent", "the system is inconsistent",
        "system is inconsistent", "no solution exists", "there is no solution",
        "there are no solutions",
    ),
    "undefined": (
        "undefined", "not defined", "does not exist", "doesn't exist", "dne", "is undefined",
        "it is undefined", "it does not exist", "the product is undefined", "invalid",
        "the stack is invalid", "invalid stack",
    ),
    "no_bound": (
        "no bound", "no learning rate", "diverges for every eta", "diverges for all eta",
        "diverges for any eta", "no valid learning rate", "no such learning rate",
        "no learning rate works", "no eta works", "there is no bound",
    ),
    "none": (
        "no critical points", "no critical point", "no stationary points",
        "there are no critical points", "no points",
    ),
    "infinitely_many": (
        "infinitely many", "infinitely many solutions", "infinite solutions",
        "infinitely many solution", "there are infinitely many solutions",
        "there are infinitely many", "an infinite number of solutions", "many solutions",
    ),
    _EMPTY: ("none", "∅", "{}", "empty set", "the empty set"),
}
_SPECIALS = {phrase: status for status, phrases in _SPECIAL_PHRASES.items() for phrase in phrases}
_EMPTY_MEANING = {"points": "none", "range": "no_bound"}

# --- clauses and left-hand sides ------------------------------------------------------

_CLAUSE_WINDOW = 80
_NAMES = r"[A-Za-z][A-Za-z0-9]*(?:\s*,\s*[A-Za-z][A-Za-z0-9]*)*"
_LEAD = (
    r"(?:[,;]\s*|(?<![A-Za-z0-9_]))\(?\s*(?:(?i:for|where|with)\s+)?"
    r"(?:(?i:all|any|every|each|some)\s+)?"
)
_TAIL = r"\s*\)?\s*\.?\s*$"
_INTEGER_CLAUSES = tuple(
    re.compile(_LEAD + body + _TAIL)
    for body in (
        r"(?i:integers?|int)\s+(?P<names>" + _NAMES + r")",
        r"(?P<names>" + _NAMES + r")\s+(?:in|∈)\s+(?:Z|(?i:integers))",
        r"(?P<names>" + _NAMES + r")\s+(?i:is|are)\s+(?:(?i:an?)\s+)?(?i:integers?)",
        r"(?P<names>" + _NAMES + r")\s+(?i:integers?)",
    )
)
_REAL_CLAUSES = tuple(
    re.compile(_LEAD + body + _TAIL)
    for body in (
        r"(?i:real)\s+(?P<names>" + _NAMES + r")",
        r"(?P<names>" + _NAMES + r")\s+(?:in|∈)\s+(?:R|(?i:reals))",
        r"(?P<names>" + _NAMES + r")\s+(?i:is|are)\s+(?i:real)",
        r"(?P<names>" + _NAMES + r")\s+(?i:real)",
    )
)
_LHS_NAME = r"[A-Za-z][A-Za-z0-9_]*"
_LHS_NAMES = _LHS_NAME + r"(?:\s*,\s*" + _LHS_NAME + r")*"
_LHS = re.compile(
    r"\s*(?:" + _LHS_NAME + r"(?:\s*\^\s*(?:\*|\(\s*\*\s*\)))?\**'*"
    r"(?:\s*\(\s*" + _LHS_NAMES + r"\s*\))?"
    r"|\(\s*" + _LHS_NAMES + r"\s*\)"
    r"|\[\s*" + _LHS_NAMES + r"\s*\])"
    r"\s*=(?![=<>])"
)

# --- plain-text normalisation ---------------------------------------------------------

_CHARACTERS = {
    "−": "-", "–": "-", "—": "-", "‐": "-", "‑": "-",
    "·": "*", "⋅": "*", "×": "*", "∙": "*", "∗": "*", "÷": "/",
    "≤": "<=", "⩽": "<=", "≥": ">=", "⩾": ">=", "∈": " in ",
    "ℤ": "Z", "ℝ": "R", "’": "'",
    "\u00a0": " ", "\u2009": " ", "\u202f": " ", "\t": " ", "\n": " ", "\r": " ",
}
_WORD_CHARACTERS = {
    "π": "pi", "∞": INFINITY, "α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta",
    "ε": "epsilon", "ϵ": "epsilon", "ζ": "zeta", "η": "eta", "θ": "theta", "ϑ": "theta",
    "ι": "iota", "κ": "kappa", "λ": "lambda", "μ": "mu", "ν": "nu", "ξ": "xi", "ρ": "rho",
    "σ": "sigma", "τ": "tau", "υ": "upsilon", "φ": "phi", "ϕ": "phi", "χ": "chi",
    "ψ": "psi", "ω": "omega", "Δ": "Delta", "Σ": "Sigma", "Θ": "Theta", "Λ": "Lambda",
    "Φ": "Phi", "Ψ": "Psi", "Ω": "Omega", "Γ": "Gamma",
}
_SUPERSCRIPTS = {
    "⁰": "0", "¹": "1", "²": "2", "³": "3", "⁴": "4", "⁵": "5", "⁶": "6", "⁷": "7",
    "⁸": "8", "⁹": "9", "⁻": "-", "⁺": "+",
}
_ASCII_SPACES = str.maketrans("\t\n\r", "   ")
_INFINITY_NAMES = frozenset({"oo", "inf", "infty", "Infinity", "infinity", "Inf"})
_INVERSE_TRIG = {"sin": "arcsin", "cos": "arccos", "tan": "arctan"}
_PLAIN_TOKEN = re.compile(
    r"(?P<name>[A-Za-z][A-Za-z0-9_]*)|(?P<number>[0-9]+(?:\.[0-9]*)?|\.[0-9]+)"
    r"|(?P<space>\s+)|(?P<power>\*\*)|(?P<other>.)",
    re.DOTALL,
)
_OPENERS = "([{"
_CLOSERS = ")]}"
_SEVERAL_ARGUMENTS = frozenset({"max", "min", "Max", "Min", "piecewise", "Piecewise"})
_KEYWORDS = frozenset({"and", "or", "not", "if", "else", "in", "for", "True", "true"})
_ENDS_ARGUMENT = frozenset({"+", "-", "*", "/", ")", "]", "}", ",", ";", "=", "<", ">", "|"})


class _Refused(Exception):
    """Carries the Invalid answer out of the reader."""

    def __init__(self, invalid: Invalid) -> None:
        super().__init__(invalid.message)
        self.invalid = invalid


def read_answer(
    raw: Any,
    variables: Mapping[str, sympy.Symbol],
    *,
    extra_names: Iterable[str] = (),
    expect: str | None = None,
) -> StudentValue | Invalid:
    """Read one answer; ``expect`` ("points", "range", "family", "vector") settles ambiguity."""
    if expect is not None and expect not in EXPECTATIONS:
        raise ValueError(f"expect must be one of {sorted(EXPECTATIONS)} or None, not {expect!r}")
    reader = _Reader(variables, extra_names, expect)
    try:
        return reader.answer(raw)
    except _Refused as refusal:
        return refusal.invalid
    except RecursionError:
        return Invalid("the answer is nested too deeply")


def is_blank(raw: Any) -> bool:
    """Whether an answer was left blank: None, text of white space only, or lists (of
    lists) of such entries, as a template left untouched holds."""
    if raw is None:
        return True
    if isinstance(raw, str):
        return not raw.strip()
    if isinstance(raw, list | tuple):
        return all(is_blank(entry) for entry in raw)
    return False


def is_latex(text: str) -> bool:
    """Whether an answer text is read as LaTeX: a backslash, ``$``, ``^{`` or ``x_1``/``x_{``."""
    return "\\" in text or "$" in text or "^{" in text or bool(_SUBSCRIPT.search(text))


# --- the reader -----------------------------------------------------------------------


@dataclass
class _Text:
    """An answer text after translation; positions are mapped back to the raw text."""

    raw: str
    translation: Translation

    @property
    def plain(self) -> str:
        return self.translation.text

    def refuse(self, message: str, pos: int | None, hint: str | None = None) -> _Refused:
        position = None if pos is None else self.translation.source(pos)
        return _Refused(Invalid(message, position, hint))

    def error(self, error: ExprError, offset: int) -> _Refused:
        pos = offset + error.pos
        if isinstance(error, UnknownName) and error.hint is None and _called(
            self.plain, pos, error.name
        ):
            return self.refuse(f"unknown function {error.name}", pos, FUNCTION_HINT)
        return self.refuse(error.message, pos, error.hint)


class _Reader:
    def __init__(
        self, variables: Mapping[str, sympy.Symbol], extra_names: Iterable[str], expect: str | None
    ) -> None:
        self.symbols: dict[str, sympy.Basic] = dict(variables)
        for name in extra_names:
            self.symbols.setdefault(name, symbol(name))
        self.expect = expect

    # --- dispatch on the type of the raw value -------------------------------------------

    def answer(self, raw: Any) -> StudentValue:
        if raw is None:
            raise _refuse("the answer is empty")
        if isinstance(raw, bool):
            raise _refuse("true/false is not an answer here")
        if isinstance(raw, int):
            value, text, _ = self.integer(raw)
            return Written(value, text)
        if isinstance(raw, float):
            if not math.isfinite(raw):
                raise _refuse(f"{raw} is not a number that can be checked")
            return self.text(repr(raw))
        if isinstance(raw, str):
            number = _plain_number(raw) if self.expect not in ("points", "range") else None
            if number is not None:
                stripped = raw.strip()
                return Written(number, stripped, "." in stripped, _significant(stripped))
            return self.text(raw)
        if isinstance(raw, list | tuple):
            return self.listed(raw)
        raise _refuse(f"cannot read an answer of type {type(raw).__name__}")

    def integer(self, raw: int) -> tuple[sympy.Integer, str, bool]:
        if raw.bit_length() > MAX_DIGITS * 4:
            raise _refuse(f"the number has more than {MAX_DIGITS} digits")
        text = str(raw)
        if len(text.lstrip("-")) > MAX_DIGITS:
            raise _refuse(f"the number has {len(text.lstrip('-'))} digits; the limit is "
                          f"{MAX_DIGITS}")
        return sympy.Integer(raw), text, False

    # --- lists ----------------------------------------------------------------------

    def listed(self, raw: list | tuple) -> StudentValue:
        rows = _list_shape(raw)
        if rows is None:
            column = [self.entry(entry, f"entry {number}", self.point_names())
                      for number, entry in enumerate(raw, start=1)]
            text = "[" + ", ".join(text for _, text, _ in column) + "]"
            decimals = any(decimal for _, _, decimal in column)
            if self.expect == "points":
                return self.point_set([tuple(value for value, _, _ in column)], text)
            return Written(sympy.ImmutableMatrix([[value] for value, _, _ in column]), text,
                           decimals, tuple(_significant(text) for _, text, _ in column))
        table = [
            [self.entry(entry, f"row {row}, column {column}", self.point_names())
             for column, entry in enumerate(cells, start=1)]
            for row, cells in enumerate(rows, start=1)
        ]
        text = "[" + ", ".join(
            "[" + ", ".join(text for _, text, _ in row) + "]" for row in table
        ) + "]"
        decimals = any(decimal for row in table for _, _, decimal in row)
        if self.expect == "points":
            return self.point_set([tuple(value for value, _, _ in row) for row in table], text)
        return Written(
            sympy.ImmutableMatrix([[value for value, _, _ in row] for row in table]), text,
            decimals, tuple(_significant(text) for row in table for _, text, _ in row),
        )

    def entry(self, raw: Any, where: str, names: Mapping[str, sympy.Basic]
              ) -> tuple[Any, str, bool]:
        """One scalar entry of a list: its value, its text and whether it has decimals."""
        try:
            if raw is None or isinstance(raw, bool):
                raise _refuse("expected a number or an expression")
            if isinstance(raw, int):
                return self.integer(raw)
            if isinstance(raw, float):
                if not math.isfinite(raw):
                    raise _refuse(f"{raw} is not a number that can be checked")
                raw = repr(raw)
            if not isinstance(raw, str):
                raise _refuse("expected a number or an expression")
            number = _plain_number(raw)
            if number is not None:
                return number, raw.strip(), "." in raw
            text = self.prepare(raw)
            start, end = _strip(text.plain, 0, len(text.plain))
            if start == end:
                raise _refuse("the entry is empty")
            value = self.scalar(text, start, end, names)
            return value, raw.strip(), bool(_DECIMAL_POINT.search(raw))
        except _Refused as refusal:
            invalid = refusal.invalid
            where_col = where if invalid.position is None else (
                f"{where}, col {invalid.position + 1}"
            )
            raise _Refused(Invalid(f"{where_col}: {invalid.message}", None, invalid.hint)
                           ) from None

    # --- text -----------------------------------------------------------------------

    def prepare(self, raw: str) -> _Text:
        """Gates, compatibility forms (NFKC), LaTeX translation and plain-text normalisation."""
        if len(raw) > MAX_LENGTH:
            raise _refuse(
                f"the answer is {len(raw)} characters long; the limit is {MAX_LENGTH}",
                MAX_LENGTH,
            )
        _check_characters(raw)
        compatible = _compatibility_forms(raw)
        if compatible is None:
            source, staged = raw, _Text(raw, Translation.identity(raw))
        else:  # the gates again: every offset maps back to the raw text
            source, staged = compatible.text, _Text(raw, compatible)
            if len(source) > MAX_LENGTH:
                raise staged.refuse(f"the answer is {len(source)} characters long once "
                                    f"normalised; the limit is {MAX_LENGTH}", MAX_LENGTH)
            found = forbidden_character(source, allowed="\t\n\r")
            if found is not None:
                raise staged.refuse(f"{found[1]} is not allowed", found[0])
        if not is_latex(source):  # plain text: normalised offsets map straight to the raw text
            if compatible is None:
                return _Text(raw, _normalise(raw, self.symbols, staged.refuse))
            return _Text(raw, compatible.then(_normalise(source, self.symbols, staged.refuse)))
        try:
            translation = translate_latex(source)
        except LatexError as error:
            raise staged.refuse(error.message, error.pos, error.hint) from None
        if compatible is not None:
            translation = compatible.then(translation)
        staged = _Text(raw, translation)
        normalised = _normalise(translation.text, self.symbols, staged.refuse)
        return _Text(raw, translation.then(normalised))

    def text(self, raw: str) -> StudentValue:
        text = self.prepare(raw)
        plain = text.plain
        start, end = _strip(plain, 0, len(plain))
        if start == end:
            raise _refuse("the answer is empty")
        status = _special(plain[start:end], self.expect)
        if status is not None:
            return Says(status, raw.strip())
        integers, reals, end = self.clauses(text, start, end)
        start = _lhs_end(plain, start, end)
        start, end = _strip(plain, start, end)
        if start == end:
            raise text.refuse("the answer is missing after '='", start)
        _check_no_equation(text, start, end)
        relations = [] if _conditional(plain, start, end) else _relations(plain, start, end)
        if relations:
            depths = _depths(plain, start, end)
            connectives = [match for match in _TOP_CONNECTIVE.finditer(plain, start, end)
                           if depths[match.start() - start] == 0]
            if connectives and all(match.group() in _AND for match in connectives) and (
                conjunction := self.conjunction(text, start, end, connectives)
            ):
                return conjunction
            if connectives:
                raise text.refuse(
                    f"a condition with '{connectives[0].group()}' is not an answer here",
                    connectives[0].start(), "write a range as 0 < eta < 1/6, or an indicator "
                    "as [z1 > 0 and z2 > 0]")
            return self.relation(text, start, end, relations)
        interval = _interval(plain, start, end)
        if interval is not None and (
            interval.mixed
            or _INFINITY_WORD.search(plain, start, end)
            or self.expect == "range"
        ):
            return self.range(text, None, interval)
        if self.is_point_set(plain, start, end, integers):
            return self.points(text, start, end, integers)
        return self.expression(text, start, end, reals)

    def clauses(self, text: _Text, start: int, end: int) -> tuple[list[str], list[str], int]:
        """Set aside a trailing "for integer k" / "t ∈ ℝ" clause: (integers, reals, new end)."""
        window = max(start, end - _CLAUSE_WINDOW)
        tail = text.plain[window:end]
        for patterns, kind in ((_INTEGER_CLAUSES, "integer"), (_REAL_CLAUSES, "real")):
            for pattern in patterns:
                match = _clause(pattern, tail)
                if match is None or window + match.start() == start:
                    continue
                found = [name.strip() for name in match.group("names").split(",")]
                for offset, name in zip(_name_offsets(match), found, strict=True):
                    if name in self.symbols:
                        raise text.refuse(
                            f"'{name}' is a variable of the problem; it cannot be a parameter",
                            window + offset,
                            hint="use another letter for the parameter",
                        )
                cut = window + match.start()
                while cut > start and text.plain[cut - 1] in " ,;":
                    cut -= 1
                if kind == "integer":
                    return found, [], cut
                return [], found, cut
        return [], [], end

    # --- ranges ---------------------------------------------------------------------

    def relation(self, text: _Text, start: int, end: int,
                 relations: list[tuple[int, str]]) -> Range:
        plain = text.plain
        operators = [operator for _, operator in relations]
        if "in" in operators:
            if len(relations) != 1:
                raise text.refuse("write a range as 'eta in (a, b)' or 'a < eta < b'",
                                  relations[0][0])
            pos = relations[0][0]
            variable = self.range_variable(text, start, pos)
            if variable is None:
                raise text.refuse("the left of 'in' must be the variable", start)
            left, right = _strip(plain, pos + 2, end)
            interval = _interval(plain, left, right)
            if interval is None:
                raise text.refuse("expected an interval such as (0, 1/6] after 'in'", left)
            return self.range(text, variable, interval)
        if len(relations) > 2:
            raise text.refuse("a range has at most two inequalities", relations[2][0])
        bounds = []
        previous = start
        for pos, operator in relations:
            bounds.append((previous, pos))
            previous = pos + len(operator)
        bounds.append((previous, end))
        for left, right in bounds:
            if _strip(plain, left, right)[0] == _strip(plain, left, right)[1]:
                raise text.refuse("an inequality is missing a side", left)
        upward = [operator.startswith("<") for operator in operators]
        if len(relations) == 2:
            if upward[0] != upward[1]:
                raise text.refuse("both inequalities must point the same way",
                                  relations[1][0], hint="write a < eta < b")
            variable = self.range_variable(text, *bounds[1])
            if variable is None and (linear := self.linear_range(text, bounds, operators)):
                return linear
            if variable is None:
                raise text.refuse("the middle of 'a < eta < b' must be the variable",
                                  _strip(plain, *bounds[1])[0])
            first_open = not operators[0].endswith("=")
            second_open = not operators[1].endswith("=")
            low, high = (bounds[0], bounds[2]) if upward[0] else (bounds[2], bounds[0])
            low_open, high_open = (
                (first_open, second_open) if upward[0] else (second_open, first_open)
            )
            return self.range_of(text, variable, low, high, low_open, high_open)
        left_variable = self.range_variable(text, *bounds[0])
        right_variable = self.range_variable(text, *bounds[1])
        strict = not operators[0].endswith("=")
        if left_variable is not None:
            if upward[0]:
                return self.range_of(text, left_variable, None, bounds[1], True, strict)
            return self.range_of(text, left_variable, bounds[1], None, strict, True)
        if right_variable is not None:
            if upward[0]:
                return self.range_of(text, right_variable, bounds[0], None, strict, True)
            return self.range_of(text, right_variable, None, bounds[0], True, strict)
        linear = self.linear_range(text, bounds, operators)
        if linear is not None:
            return linear
        raise text.refuse("one side of the inequality must be the variable", start,
                          hint="write e.g. 0 < eta < 1/6")

    def conjunction(self, text: _Text, start: int, end: int,
                    connectives: list[re.Match[str]]) -> Range | None:
        """``eta > 0 and eta < 1/6``: two one-sided ranges of one variable, one giving the
        lower end and one the upper, are the range between them; None for anything else."""
        if len(connectives) != 1:
            return None
        cut = connectives[0]
        pieces = []
        for left, right in ((start, cut.start()), (cut.end(), end)):
            left, right = _strip(text.plain, left, right)
            relations = _relations(text.plain, left, right)
            if left == right or len(relations) != 1 or relations[0][1] == "in":
                return None
            try:
                pieces.append(self.relation(text, left, right, relations))
            except _Refused:
                return None
        first, second = pieces
        if first.lower is None:
            first, second = second, first
        if first.variable != second.variable or first.lower is None or (
            first.upper is not None or second.upper is None or second.lower is not None
        ):
            return None
        return Range(first.variable, first.lower, second.upper, first.lower_open,
                     second.upper_open, text.raw.strip())

    def linear(self, text: _Text, start: int, end: int) -> tuple[sympy.Symbol, Any, Any] | None:
        """(v, a, b) when ``plain[start:end]`` is a v + b for one variable v of the problem
        and a number a ≠ 0 of known sign (``-x``, ``2 eta - 1``); None otherwise."""
        try:
            value = self.scalar(text, start, end, self.symbols)
        except _Refused:
            return None
        free = getattr(value, "free_symbols", set())
        if not isinstance(value, sympy.Expr) or len(free) != 1:
            return None
        (variable,) = free
        slope = value.diff(variable)
        if slope.free_symbols or not (slope.is_positive or slope.is_negative):
            return None
        intercept = sympy.expand(value - slope * variable)
        if variable in intercept.free_symbols:
            return None
        return variable, slope, intercept

    def linear_range(self, text: _Text, bounds: list[tuple[int, int]],
                     operators: list[str]) -> Range | None:
        """A range whose variable is written inside a linear side: ``-x > -1`` is x < 1,
        ``0 < 2 eta < 1/3`` is 0 < eta < 1/6 (dividing by a negative a turns the
        inequalities round). None when no side is linear in one variable."""
        upward = operators[0].startswith("<")
        opens = [not operator.endswith("=") for operator in operators]
        if len(operators) == 2:
            middle = self.linear(text, *bounds[1])
            if middle is None:
                return None
            variable, slope, intercept = middle
            low, high = (bounds[0], bounds[2]) if upward else (bounds[2], bounds[0])
            low_open, high_open = (opens[0], opens[1]) if upward else (opens[1], opens[0])
            ends = [(self.solved_end(text, span, variable, slope, intercept), is_open)
                    for span, is_open in ((low, low_open), (high, high_open))]
            if slope.is_negative:
                ends.reverse()
            (lower, lower_open), (upper, upper_open) = ends
            return Range(variable.name, lower, upper, lower_open, upper_open,
                         text.raw.strip())
        for side, other, below in ((bounds[0], bounds[1], upward),
                                   (bounds[1], bounds[0], not upward)):
            found = self.linear(text, *side)
            if found is None:
                continue
            variable, slope, intercept = found
            end = self.solved_end(text, other, variable, slope, intercept)
            if slope.is_negative:
                below = not below
            if below:
                return Range(variable.name, None, end, True, opens[0], text.raw.strip())
            return Range(variable.name, end, None, opens[0], True, text.raw.strip())
        return None

    def solved_end(self, text: _Text, span: tuple[int, int], variable: sympy.Symbol,
                   slope: Any, intercept: Any) -> Any:
        """The end c of ``a v + b < c`` as an end of v: (c - b)/a."""
        start, end = _strip(text.plain, *span)
        value = self.scalar(text, start, end, self.symbols)
        if variable in getattr(value, "free_symbols", ()):
            raise text.refuse(f"both sides depend on {variable.name}", start,
                              hint="write the variable on one side only")
        return sympy.expand((value - intercept) / slope)

    def range_variable(self, text: _Text, start: int, end: int) -> str | None:
        start, end = _strip(text.plain, start, end)
        word = text.plain[start:end]
        if not _NAME.fullmatch(word) or word in CONSTANTS or word == INFINITY:
            return None
        if word in function_names():
            return None
        return word

    def range(self, text: _Text, variable: str | None, interval: _Interval) -> Range:
        return self.range_of(text, variable, interval.lower, interval.upper,
                             interval.lower_open, interval.upper_open)

    def range_of(self, text: _Text, variable: str | None, lower: tuple[int, int] | None,
                 upper: tuple[int, int] | None, lower_open: bool, upper_open: bool) -> Range:
        low = None if lower is None else self.bound(text, *lower, "lower", variable)
        high = None if upper is None else self.bound(text, *upper, "upper", variable)
        if low is None:
            lower_open = True
        if high is None:
            upper_open = True
        return Range(variable, low, high, lower_open, upper_open, text.raw.strip())

    def bound(self, text: _Text, start: int, end: int, side: str, variable: str | None) -> Any:
        start, end = _strip(text.plain, start, end)
        if start == end:
            raise text.refuse(f"the {side} end is missing", start)
        word = text.plain[start:end].replace(" ", "")
        if word in (INFINITY, "+" + INFINITY, "-" + INFINITY):
            negative = word.startswith("-")
            if negative != (side == "lower"):
                shown = "-∞" if negative else "∞"
                raise text.refuse(f"{shown} cannot be the {side} end", start)
            return None
        value = self.scalar(text, start, end, self.symbols)
        if variable is not None and variable in self.symbols and (
            self.symbols[variable] in getattr(value, "free_symbols", ())
        ):
            raise text.refuse(f"the {side} end depends on {variable}", start)
        return value

    # --- point sets ---------------------------------------------------------------------

    def point_names(self, integers: Iterable[str] = ()) -> dict[str, sympy.Basic]:
        names = dict(self.symbols)
        if self.expect == "points":
            for name in INTEGER_PARAMETERS:
                names.setdefault(name, sympy.Symbol(name, integer=True))
        for name in integers:
            names[name] = sympy.Symbol(name, integer=True)
        return names

    def is_point_set(self, plain: str, start: int, end: int, integers: list[str]) -> bool:
        if self.expect == "points" or plain[start] == "{":
            return True
        if self.expect is not None:
            return False
        pieces = _split_top(plain, start, end)
        if not all(_tuple_span(plain, *piece) is not None for piece in pieces):
            return False
        if len(pieces) > 1 or integers:
            return True
        words = {match.group() for match in _NAME.finditer(plain, start, end)}
        return any(name in words and name not in self.symbols for name in INTEGER_PARAMETERS)

    def points(self, text: _Text, start: int, end: int, integers: list[str]) -> StudentValue:
        plain = text.plain
        if plain[start] == "{":
            closing = _closing(plain, start, end)
            if closing != end - 1 or plain[closing] != "}":
                raise text.refuse("the set '{' is not closed at the end of the answer", start)
            start, end = _strip(plain, start + 1, end - 1)
            if start == end:
                return Says(_EMPTY_MEANING.get(self.expect or "", "none"), text.raw.strip())
        names = self.point_names(integers)
        for name in INTEGER_PARAMETERS:
            if name not in self.symbols:
                names.setdefault(name, sympy.Symbol(name, integer=True))
        points = []
        for piece in _split_top(plain, start, end):
            inner = _tuple_span(plain, *piece)
            if inner is None:
                inner = _bracketed_span(plain, *piece) or piece
                coordinates = [inner]
            else:
                coordinates = _split_top(plain, *inner)
            values = []
            for coordinate in coordinates:
                left, right = _strip(plain, *coordinate)
                if left == right:
                    raise text.refuse("a coordinate is missing", left)
                values.append(self.scalar(text, left, right, names))
            points.append((tuple(values), piece[0]))
        size = len(points[0][0])
        for values, pos in points:
            if len(values) != size:
                raise text.refuse(
                    f"this point has {len(values)} coordinates but the first has {size}", pos
                )
        return self.point_set([values for values, _ in points], text.raw.strip())

    def point_set(self, points: list[tuple[Any, ...]], text: str) -> Points:
        used: set[sympy.Symbol] = set()
        for point in points:
            for value in point:
                used |= {s for s in getattr(value, "free_symbols", ()) if s.is_integer}
        parameters = tuple(sorted(used, key=lambda s: s.name))
        return Points(tuple(tuple(point) for point in points), parameters, text)

    # --- expressions, vectors and families ----------------------------------------------

    def scalar(self, text: _Text, start: int, end: int, names: Mapping[str, sympy.Basic]
               ) -> Any:
        """The scalar written in ``plain[start:end]``."""
        source = text.plain[start:end]
        if _SCIENTIFIC.fullmatch(source.strip()):
            try:
                return exact(source)
            except ValueError:
                raise text.refuse("the number is too long", start) from None
        tree = self.parse(text, start, end)
        self.check_infinity(text, tree, start)
        try:
            value = to_sympy(tree, names, text=source)
        except ExprError as error:
            raise text.error(error, start) from None
        self.check_defined(text, tree, source, start, names, (value,))
        return value

    def check_defined(self, text: _Text, tree: Node, source: str, offset: int,
                      names: Mapping[str, sympy.Basic], values: Iterable[Any]) -> None:
        """Refuse a value that is not a finite number: ``1/0``, ``0/0``, ``x/0`` and ``0^-1``
        are a division by zero (pointing at the zero), others (``log(0)``) undefined."""
        if not any(_UNDEFINED & _atoms(value) for value in values):
            return
        for node in walk(tree):
            zero = None
            if isinstance(node, Div):
                zero = node.right
            elif isinstance(node, Pow) and isinstance(node.exponent, Neg):
                zero = node.base
            if zero is not None and _is_zero(zero, names, source):
                raise text.refuse("division by zero", offset + zero.pos,
                                  hint="an answer must be a finite number")
        raise text.refuse("the answer is not a finite number", offset,
                          hint="write 'undefined' if that is the answer")

    def parse(self, text: _Text, start: int, end: int, source: str | None = None) -> Node:
        try:
            return parse(text.plain[start:end] if source is None else source)
        except ExprError as error:
            raise text.error(error, start) from None

    def check_infinity(self, text: _Text, tree: Node, offset: int) -> None:
        if INFINITY in self.symbols:
            return
        for node in walk(tree):
            if isinstance(node, Name) and node.id == INFINITY:
                raise text.refuse("∞ can only be an end of an interval", offset + node.pos,
                                  hint="write a range such as 0 < eta < infinity")

    def expression(self, text: _Text, start: int, end: int, reals: list[str]) -> StudentValue:
        plain = text.plain
        source = _tuples_to_vectors(plain[start:end])
        if _SCIENTIFIC.fullmatch(source):
            value = self.scalar(text, start, end, self.symbols)
            return Written(value, text.raw.strip(), True, _significant(source))
        tree = self.parse(text, start, end, source)
        order = list(walk(tree))
        used = {node.id for node in order if isinstance(node, Name)}
        if INFINITY in used:
            self.check_infinity(text, tree, start)
        matrix_nodes = _matrix_nodes(order, self.symbols)
        unknown = used - set(self.symbols) - CONSTANTS
        in_sum = isinstance(tree, AddNode | SubNode)
        for node in order:
            if isinstance(node, Name) and node.id in unknown and _called(
                plain, start + node.pos, node.id
            ) and not self.scales_a_vector(node, source, reals, in_sum) and (
                suggest(node.id, set(self.symbols) | CONSTANTS) is None  # sinx(2): sin(x)?
            ):
                raise text.refuse(f"unknown function {node.id}", start + node.pos,
                                  FUNCTION_HINT)
        evaluator = _Evaluator(self.symbols, source, matrix_nodes)
        try:
            if id(tree) in matrix_nodes and unknown:
                family = self.family(text, tree, evaluator, unknown, set(reals), start)
                if family is not None:
                    self.check_defined(text, tree, source, start, self.symbols,
                                       (family.particular, *family.directions))
                    return family
            value = evaluator.value(tree)
        except ExprError as error:
            raise text.error(error, start) from None
        self.check_defined(text, tree, source, start, self.symbols, (value,))
        return Written(
            value,
            text.raw.strip(),
            bool(_DECIMAL_POINT.search(text.raw)),
            _significant(source),
        )

    def scales_a_vector(self, name: Name, source: str, reals: list[str], in_sum: bool) -> bool:
        """Whether an undeclared name written right before a bracket is a family's parameter
        times a vector (``t(-2, 1)``, ``[1, 0] + T[-2, 1]``: a parameter name, lower-case
        unless the answer is a sum, and a tuple), not a call of an unknown function
        (``N(pi, 100)``, ``foo(x)``)."""
        follows = name.pos + len(name.id)
        return self.expect in (None, "family") and source[follows:follows + 1] == "[" and (
            name.id in reals
            or (bool(_PARAMETER.fullmatch(name.id)) and (in_sum or name.id[0].islower()))
        )

    def family(self, text: _Text, tree: Node, evaluator: _Evaluator, unknown: set[str],
               reals: set[str], offset: int) -> Family | None:
        """particular + Σ t_j direction_j, or None when the sum has no parameter."""
        particular = None
        directions: dict[str, Any] = {}
        for term, negative in _signed_terms(tree):
            factors, sign = _factors(term)
            vectors = [node for node, inverted in factors if id(node) in evaluator.matrices]
            if len(vectors) != 1:
                return None
            parameters = [
                node for node, inverted in factors
                if isinstance(node, Name) and node.id in unknown and not inverted
                and (node.id in reals or _PARAMETER.fullmatch(node.id))
            ]
            if len(parameters) > 1:
                raise text.refuse("each direction is multiplied by one parameter",
                                  offset + parameters[1].pos)
            vector = evaluator.value(vectors[0])
            if not isinstance(vector, sympy.MatrixBase) or min(vector.shape) != 1:
                raise text.refuse("a solution family is a sum of vectors", offset + term.pos)
            coefficient = sympy.Integer(-1 if negative != sign else 1)
            for node, inverted in factors:
                if node is vectors[0] or (parameters and node is parameters[0]):
                    continue
                value = evaluator.value(node)
                if isinstance(value, sympy.MatrixBase):
                    return None
                coefficient = coefficient * (sympy.Pow(value, -1) if inverted else value)
            contribution = vector * coefficient
            shapes = [v.shape for v in (particular, *directions.values()) if v is not None]
            if shapes and shapes[0] != vector.shape:
                raise text.refuse(
                    f"a vector of shape {vector.shape[0]}×{vector.shape[1]} is added to one "
                    f"of shape {shapes[0][0]}×{shapes[0][1]}",
                    offset + term.pos,
                )
            if parameters:
                name = parameters[0].id
                directions[name] = directions.get(name, sympy.zeros(*vector.shape)) + contribution
            else:
                particular = contribution if particular is None else particular + contribution
        if not directions:
            return None
        first = next(iter(directions.values()))
        if particular is None:
            particular = sympy.zeros(*first.shape)
        return Family(
            sympy.ImmutableMatrix(particular),
            tuple(sympy.ImmutableMatrix(direction) for direction in directions.values()),
            tuple(symbol(name) for name in directions),
            text.raw.strip(),
        )


def _plain_number(raw: str) -> sympy.Rational | None:
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


_UNDEFINED = frozenset({sympy.zoo, sympy.nan, sympy.oo, -sympy.oo})


def _atoms(value: Any) -> set[Any]:
    """The atoms of a SymPy value (a matrix's entries' too); empty for anything else."""
    atoms = getattr(value, "atoms", None)
    return atoms() if atoms is not None else set()


def _is_zero(node: Node, names: Mapping[str, sympy.Basic], source: str) -> bool:
    try:
        return to_sympy(node, names, text=source).is_zero is True
    except ExprError:
        return False


def _called(plain: str, pos: int, name: str) -> bool:
    """Whether the name at ``pos`` is written right before a bracket, as a function is."""
    return plain[pos + len(name):pos + len(name) + 1] in ("(", "[") and (
        plain[pos:pos + len(name)] == name
    )


def _refuse(message: str, position: int | None = None, hint: str | None = None) -> _Refused:
    return _Refused(Invalid(message, position, hint))


# --- gates ----------------------------------------------------------------------------


def _check_characters(text: str) -> None:
    found = forbidden_character(text, allowed="\t\n\r")
    if found is not None:
        pos, kind = found
        raise _refuse(f"{kind} is not allowed", pos)


_OWN_CHARACTERS = frozenset(
    {*_CHARACTERS, *_WORD_CHARACTERS, *_SUPERSCRIPTS, "ᵀ", "√", INDICATOR_SIGN}
)


def _compatibility_forms(text: str) -> Translation | None:
    """Full-width and other compatibility characters in their NFKC form, character by
    character (``２ｘ`` → ``2x``, ``ｓｉｎ`` → ``sin``, ``𝑥`` → ``x``, ``x₁`` → ``x1``), with
    the offset each comes from; None when nothing changes. Characters the reader gives a
    meaning of its own keep it (``x²``, ``Aᵀ``, ``𝟙``), and other superscripts and
    vulgar fractions are left for the reader to refuse (NFKC would make ``xⁿ`` the name
    ``xn`` and ``3½`` the number 31⁄2)."""
    if text.isascii():
        return None
    chars: list[str] = []
    origins: list[int] = []
    for pos, char in enumerate(text):
        form = char
        if not char.isascii() and char not in _OWN_CHARACTERS and not (
            unicodedata.decomposition(char).startswith(("<super>", "<fraction>"))
        ):
            form = unicodedata.normalize("NFKC", char)
        chars.append(form)
        origins.extend([pos] * len(form))
    if "".join(chars) == text:
        return None
    return Translation("".join(chars), (*origins, len(text)))


def _list_shape(raw: list | tuple) -> list[list[Any]] | None:
    """The rows of a list of lists, or None for a flat list; refuses bad shapes at once."""
    if not raw:
        raise _refuse("an empty list is not an answer")
    if len(raw) > MAX_SIDE:
        raise _refuse(f"the list has {len(raw)} entries; the limit is {MAX_SIDE}")
    nested = [isinstance(entry, list | tuple) for entry in raw]
    if not any(nested):
        return None
    if not all(nested):
        raise _refuse("a matrix mixes rows [..] and single entries",
                      hint="write every row as a list: [[1, 2], [3, 4]]")
    for number, row in enumerate(raw, start=1):
        if len(row) > MAX_SIDE:
            raise _refuse(f"row {number} has {len(row)} entries; the limit is {MAX_SIDE}")
        if not row:
            raise _refuse(f"row {number} is empty")
    for number, row in enumerate(raw, start=1):
        if any(isinstance(entry, list | tuple) for entry in row):
            depth = 1 + _depth(row, MAX_LIST_DEPTH)
            message = (
                f"lists are nested more than {MAX_LIST_DEPTH} deep" if depth > MAX_LIST_DEPTH
                else "a matrix is a list of rows; its entries cannot be lists"
            )
            raise _refuse(f"row {number}: {message}")
    width = len(raw[0])
    for number, row in enumerate(raw, start=1):
        if len(row) != width:
            raise _refuse(f"row {number} has {plural(len(row), 'entry', 'entries')} but row 1 "
                          f"has {width}",
                          hint="every row of a matrix needs the same number of entries")
    return [list(row) for row in raw]


def _depth(value: Any, limit: int) -> int:
    """Nesting depth of lists in ``value``, counting no further than ``limit + 1``."""
    depth = 0
    level = [value]
    while level and depth <= limit:
        lists = [item for item in level if isinstance(item, list | tuple)]
        if not lists:
            break
        depth += 1
        level = [item for entry in lists for item in entry[: MAX_SIDE + 1]]
        level = level[: MAX_SIDE * MAX_SIDE]
    return depth


# --- text helpers ---------------------------------------------------------------------


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _special(text: str, expect: str | None) -> str | None:
    phrase = " ".join(text.lower().split()).strip(" .,;:!?\"'`$")
    status = _SPECIALS.get(phrase)
    if status == _EMPTY:
        return _EMPTY_MEANING.get(expect or "", "no_solution")
    return status


def _clause(pattern: re.Pattern[str], tail: str) -> re.Match[str] | None:
    """The first match of a clause pattern whose names are not constants or functions."""
    pos = 0
    while (match := pattern.search(tail, pos)) is not None:
        found = {name.strip() for name in match.group("names").split(",")}
        if not found & (CONSTANTS | function_names() | {INFINITY}):
            return match
        pos = match.start() + 1
    return None


def _name_offsets(match: re.Match[str]) -> list[int]:
    start = match.start("names")
    return [start + found.start() for found in _NAME.finditer(match.group("names"))]


def _lhs_end(plain: str, start: int, end: int) -> int:
    match = _LHS.match(plain, start, end)
    return match.end() if match is not None else start


def _check_no_equation(text: _Text, start: int, end: int) -> None:
    plain = text.plain
    for pos in range(start, end):
        if plain[pos] != "=":
            continue
        before = plain[pos - 1] if pos > start else ""
        after = plain[pos + 1] if pos + 1 < end else ""
        if before in "<>" and before or after in "<>=" and after:
            continue
        raise text.refuse("write only the answer, not an equation", pos,
                          hint="at most one 'name =' may come first")


def _depths(text: str, start: int, end: int) -> list[int]:
    """Bracket depth of each character of text[start:end] (brackets at their outer depth)."""
    depths = []
    depth = 0
    for pos in range(start, end):
        char = text[pos]
        if char in _CLOSERS:
            depth = max(depth - 1, 0)
        depths.append(depth)
        if char in _OPENERS:
            depth += 1
    return depths


def _split_top(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of text[start:end] between the commas outside brackets."""
    pieces = []
    left = start
    for offset, depth in enumerate(_depths(text, start, end)):
        pos = start + offset
        if depth == 0 and text[pos] == ",":
            pieces.append((left, pos))
            left = pos + 1
    pieces.append((left, end))
    return [_strip(text, *piece) for piece in pieces]


def _closing(text: str, opening: int, end: int) -> int | None:
    """Where the bracket opened at ``opening`` is closed (any closing bracket), or None."""
    depth = 0
    for pos in range(opening, end):
        if text[pos] in _OPENERS:
            depth += 1
        elif text[pos] in _CLOSERS:
            depth -= 1
            if depth == 0:
                return pos
    return None


def _bracketed_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    start, end = _strip(text, start, end)
    if start < end and text[start] in "([" and _closing(text, start, end) == end - 1:
        return start + 1, end - 1
    return None


def _tuple_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The inside of a bracketed tuple ``(a, b)`` / ``[a, b]`` filling the span, or None."""
    inner = _bracketed_span(text, start, end)
    if inner is None or len(_split_top(text, *inner)) < 2:
        return None
    return inner


@dataclass(frozen=True)
class _Interval:
    lower: tuple[int, int]
    upper: tuple[int, int]
    lower_open: bool
    upper_open: bool

    @property
    def mixed(self) -> bool:
        return self.lower_open != self.upper_open


def _interval(text: str, start: int, end: int) -> _Interval | None:
    start, end = _strip(text, start, end)
    if end - start < 2 or text[start] not in "([" or text[end - 1] not in ")]":
        return None
    if _closing(text, start, end) != end - 1:
        return None
    pieces = _split_top(text, start + 1, end - 1)
    if len(pieces) != 2:
        return None
    return _Interval(pieces[0], pieces[1], text[start] == "(", text[end - 1] == ")")


def _conditional(text: str, start: int, end: int) -> bool:
    """Whether ``if`` stands outside brackets: ``5 if z1 > 0 else 0`` is a value, not a range."""
    depths = _depths(text, start, end)
    return any(
        depths[match.start() - start] == 0 for match in _IF_WORD.finditer(text, start, end)
    )


def _relations(text: str, start: int, end: int) -> list[tuple[int, str]]:
    found = []
    depths = _depths(text, start, end)
    pos = start
    while pos < end:
        if depths[pos - start] == 0:
            pair = text[pos : pos + 2]
            if pair in ("<=", ">="):
                found.append((pos, pair))
                pos += 2
                continue
            if text[pos] in "<>":
                found.append((pos, text[pos]))
            elif _IN_WORD.match(text, pos, end):
                found.append((pos, "in"))
                pos += 2
                continue
        pos += 1
    return found


def _significant(text: str) -> int | None:
    """Significant digits of a lone decimal number such as 0.131 or 1.50e-3."""
    text = text.strip()
    match = _DECIMAL.fullmatch(text)
    if match is None or not ("." in text or "e" in text.lower()):
        return None
    digits = (match.group("whole") + match.group("fraction")).lstrip("0")
    if not (match.group("whole") or match.group("fraction")):
        return None
    return len(digits) if digits else 1


def _tuples_to_vectors(text: str) -> str:
    """``(a, b)`` → ``[a, b]`` unless the parentheses hold a function's arguments."""
    chars = list(text)
    stack: list[list[Any]] = []  # [position, function name or None, has a comma, bracket]
    functions = function_names()
    for pos, char in enumerate(text):
        if char in _OPENERS:
            call = None
            if char == "(":
                before = text[:pos].rstrip()
                match = re.search(r"[A-Za-z][A-Za-z0-9_]*$", before[-40:])
                if match is not None and match.group() in functions:
                    call = match.group()
                elif stack and stack[-1][1] in _PIECEWISE:
                    call = "case"  # (value, condition) of piecewise((5, x > 0), (0, True))
            stack.append([pos, call, False, char])
        elif char == "," and stack:
            stack[-1][2] = True
        elif char in _CLOSERS and stack:
            opening, call, comma, kind = stack.pop()
            if kind == "(" and char == ")" and comma and call is None:
                chars[opening] = "["
                chars[pos] = "]"
    return "".join(chars)


# --- plain-text normalisation ---------------------------------------------------------


class _Builder:
    def __init__(self) -> None:
        self.chars: list[str] = []
        self.origins: list[int] = []

    def emit(self, text: str, origin: int) -> None:
        self.chars.extend(text)
        self.origins.extend([origin] * len(text))

    def last(self) -> str:
        for char in reversed(self.chars):
            if not char.isspace():
                return char
        return ""

    def ends_alnum(self) -> bool:
        return bool(self.chars) and (self.chars[-1].isalnum() or self.chars[-1] == "_")

    def translation(self, source_length: int) -> Translation:
        return Translation("".join(self.chars), (*self.origins, source_length))


Refuse = Callable[[str, int, str | None], _Refused]


def _normalise(text: str, symbols: Mapping[str, Any], refuse: Refuse) -> Translation:
    """Plain-text forms students type → the expression syntax (see the module docstring)."""
    if text.isascii():  # only tabs and line breaks to replace, one for one
        return _normalise_tokens(text.translate(_ASCII_SPACES), symbols, refuse)
    first = _normalise_characters(text)
    second = _normalise_tokens(first.text, symbols,
                               lambda message, pos, hint=None: refuse(message, first.source(pos),
                                                                      hint))
    return first.then(second)


def _normalise_characters(text: str) -> Translation:
    out = _Builder()
    pos = 0
    size = len(text)
    while pos < size:
        char = text[pos]
        if char in _CHARACTERS:
            out.emit(_CHARACTERS[char], pos)
        elif char in _WORD_CHARACTERS:
            if out.ends_alnum():
                out.emit(" ", pos)
            out.emit(_WORD_CHARACTERS[char], pos)
            following = text[pos + 1] if pos + 1 < size else ""
            if following.isalpha() or following in _WORD_CHARACTERS:
                out.emit(" ", pos)
        elif char in _SUPERSCRIPTS:
            end = pos
            while end < size and text[end] in _SUPERSCRIPTS:
                end += 1
            out.emit("^(" + "".join(_SUPERSCRIPTS[c] for c in text[pos:end]) + ")", pos)
            pos = end
            continue
        elif char == "ᵀ":
            out.emit("^T", pos)
            following = text[pos + 1] if pos + 1 < size else ""
            if following.isalnum():
                out.emit(" ", pos)
        else:
            out.emit(char, pos)
        pos += 1
    return out.translation(size)


@dataclass(frozen=True)
class _PlainToken:
    kind: str
    text: str
    pos: int


def _plain_tokens(text: str) -> list[_PlainToken]:
    return [
        _PlainToken(match.lastgroup or "other", match.group(), match.start())
        for match in _PLAIN_TOKEN.finditer(text)
    ]


def _normalise_tokens(text: str, symbols: Mapping[str, Any], refuse: Refuse) -> Translation:
    tokens = _plain_tokens(text)
    functions = function_names()
    out = _Builder()
    stack: list[tuple[str, str, int]] = []  # (opening, text to add at its closing, position)
    commas: list[bool] = []  # for each open bracket: whether it holds a ',' of its own
    tuple_closed = -2  # index of the last ')' or ']' closing a bracket with a ','
    pending = ""
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.kind == "name" and token.text in _INFINITY_NAMES and token.text not in symbols:
            out.emit(INFINITY, token.pos)
        elif token.kind == "name" and (token.text in functions or (
                token.text in RECIPROCALS and token.text not in symbols)):
            name = token.text
            head, close = (name, "") if name in functions else ("(1/" + RECIPROCALS[name], ")")
            power = _function_power(tokens, index)
            argument = _spaced_argument(tokens, index, functions) if power is None else None
            if argument is not None:  # sin x, cos 2x, sec y
                first, last = argument
                out.emit(head + "(", token.pos)
                for item in tokens[first:last]:
                    out.emit(item.text, item.pos)
                out.emit(")" + close, tokens[last - 1].pos)
                index = last
                continue
            if power is None:
                if close and _next_text(tokens, index) != "(":
                    raise refuse(f"function '{name}' must be followed by '('", token.pos,
                                 f"write {name}(x)")
                out.emit(head, token.pos)
                pending = close
            else:
                exponent, opening = power
                if exponent in ("-1", "(-1)") and name in _INVERSE_TRIG:
                    out.emit(_INVERSE_TRIG[name], token.pos)
                elif exponent in ("-1", "(-1)") and name in RECIPROCALS:
                    raise refuse(f"{name}^-1 is not supported", token.pos,
                                 f"write arc{RECIPROCALS[name]}(1/x) for the inverse, or "
                                 f"1/{name}(x)")
                else:
                    out.emit("(" + head, token.pos)
                    pending = close + ")^" + exponent
                index = opening
                continue
        elif token.kind == "name" and token.text == STEP_NAME and STEP_NAME not in symbols \
                and _next_text(tokens, index) == "(":
            out.emit("heaviside", token.pos)
        elif token.text == "√":
            out.emit("sqrt", token.pos)
            following = index + 1
            while following < len(tokens) and tokens[following].kind == "space":
                following += 1
            argument = tokens[following] if following < len(tokens) else None
            if argument is not None and argument.text == "(":
                index = following
                continue
            if argument is None or argument.kind not in ("name", "number"):
                raise refuse("√ needs an argument", token.pos, "write √(x) or sqrt(x)")
            out.emit("(" + argument.text + ")", argument.pos)
            index = following + 1
            continue
        elif token.text in _OPENERS:
            stack.append((token.text, pending, token.pos))
            commas.append(False)
            pending = ""
            out.emit(token.text, token.pos)
        elif token.text in _CLOSERS:
            if stack and stack[-1][0] == "|":
                raise refuse("'|' is never closed", stack[-1][2],
                             f"close the absolute value before '{token.text}'")
            out.emit(token.text, token.pos)
            if stack:
                out.emit(stack.pop()[1], token.pos)
                if commas.pop():
                    tuple_closed = index
        elif token.text == "," and commas and stack[-1][0] != "|":
            commas[-1] = True
            out.emit(token.text, token.pos)
        elif token.text == "'" and tuple_closed == index - 1:
            out.emit("^T", token.pos)  # (a, b)' and [a, b]' are transposes, as in MATLAB
        elif token.text == "|":
            last = out.last()
            operand = last.isalnum() or (last != "" and last in ")]}!'")
            if stack and stack[-1][0] == "|" and operand:
                out.emit(")" + stack.pop()[1], token.pos)
            elif _follows_function(tokens, index, functions):
                stack.append(("|", ")", token.pos))
                out.emit("(abs(", token.pos)
            else:
                stack.append(("|", "", token.pos))
                out.emit(" abs(" if out.ends_alnum() else "abs(", token.pos)
        else:
            out.emit(token.text, token.pos)
        index += 1
    for opening, _, pos in stack:
        if opening == "|":
            raise refuse("'|' is never closed", pos, "an absolute value is written |x|")
    return out.translation(len(text))


def _spaced_argument(tokens: list[_PlainToken], index: int, functions: frozenset[str]
                     ) -> tuple[int, int] | None:
    """For ``sin x``, ``cos 2x``: the token span of the argument written after a space, a
    name or a number (then a name) that the text closes right after (an operator, a
    bracket, another function or the end follows). None when there is none: ``sin x y``,
    ``sin x^2`` and ``sin x (x + 1)`` stay unread, as ``sinx`` does."""
    if tokens[index].text in _SEVERAL_ARGUMENTS or index + 1 >= len(tokens) or (
        tokens[index + 1].kind != "space"
    ):
        return None
    first = index + 1
    while first < len(tokens) and tokens[first].kind == "space":
        first += 1
    last = first
    if last < len(tokens) and tokens[last].kind == "number":
        last += 1
    if last < len(tokens) and tokens[last].kind == "name":
        last += 1
    names = [token.text for token in tokens[first:last] if token.kind == "name"]
    if last == first or any(name in functions or name in _KEYWORDS for name in names):
        return None
    following = _next_text(tokens, last - 1)
    if following and following not in _ENDS_ARGUMENT and following not in functions:
        return None
    return first, last


def _next_text(tokens: list[_PlainToken], index: int) -> str:
    """The text of the first token after ``index`` that is not a space."""
    position = index + 1
    while position < len(tokens) and tokens[position].kind == "space":
        position += 1
    return tokens[position].text if position < len(tokens) else ""


def _follows_function(tokens: list[_PlainToken], index: int, functions: frozenset[str]) -> bool:
    """Whether the token before ``index`` (spaces skipped) is a function name: ``ln|x|``."""
    position = index - 1
    while position >= 0 and tokens[position].kind == "space":
        position -= 1
    return position >= 0 and tokens[position].kind == "name" and (
        tokens[position].text in functions
    )


def _function_power(tokens: list[_PlainToken], index: int) -> tuple[str, int] | None:
    """For ``sin^2(x)``: the exponent text and the index of the '(' of the argument."""

    def skip(position: int) -> int:
        while position < len(tokens) and tokens[position].kind == "space":
            position += 1
        return position

    position = skip(index + 1)
    if position >= len(tokens) or tokens[position].text not in ("^", "**"):
        return None
    position = skip(position + 1)
    if position >= len(tokens):
        return None
    token = tokens[position]
    if token.kind == "number":
        exponent = token.text
        position += 1
    elif token.text in "-+" and position + 1 < len(tokens) and (
        tokens[position + 1].kind == "number"
    ):
        exponent = "(" + token.text + tokens[position + 1].text + ")"
        position += 2
        if exponent == "(-1)":
            exponent = "-1"
    elif token.text == "(":
        depth = 0
        parts = []
        while position < len(tokens):
            current = tokens[position]
            parts.append(current.text)
            if current.text == "(":
                depth += 1
            elif current.text == ")":
                depth -= 1
                if depth == 0:
                    break
            position += 1
        else:
            return None
        exponent = "".join(parts).replace(" ", "")
        position += 1
    else:
        return None
    position = skip(position)
    if position >= len(tokens) or tokens[position].text != "(":
        return None
    return exponent, position


# --- evaluation of vectors and matrices -----------------------------------------------


def _matrix_nodes(order: list[Node], symbols: Mapping[str, Any]) -> set[int]:
    """ids of the nodes whose value involves a matrix (literal, ^T, a matrix function or a
    name standing for a matrix of entries); ``order`` lists a tree's nodes parents first."""
    found: set[int] = set()
    for node in reversed(order):
        if (
            isinstance(node, MatrixLiteral | Transpose)
            or (isinstance(node, Name) and isinstance(symbols.get(node.id), sympy.MatrixBase))
            or (isinstance(node, Call) and node.func in MATRIX_FUNCTIONS)
            or any(id(child) in found for child in node.children())
        ):
            found.add(id(node))
    return found


def _signed_terms(node: Node) -> list[tuple[Node, bool]]:
    """The terms of a sum with their signs (True: subtracted), left to right."""
    terms: list[tuple[Node, bool]] = []
    stack: list[tuple[Node, bool]] = [(node, False)]
    while stack:
        current, negative = stack.pop()
        if isinstance(current, AddNode | SubNode):
            stack.append((current.right, negative != isinstance(current, SubNode)))
            stack.append((current.left, negative))
        else:
            terms.append((current, negative))
    return terms


def _factors(node: Node) -> tuple[list[tuple[Node, bool]], bool]:
    """The factors of a product (True: divided by) and whether the product is negated."""
    factors: list[tuple[Node, bool]] = []
    negative = False
    stack: list[tuple[Node, bool]] = [(node, False)]
    while stack:
        current, inverted = stack.pop()
        if isinstance(current, Mul) and current.op != "@":
            stack.append((current.right, inverted))
            stack.append((current.left, inverted))
        elif isinstance(current, Div) and not inverted:
            stack.append((current.right, True))
            stack.append((current.left, False))
        elif isinstance(current, Neg):
            negative = not negative
            stack.append((current.operand, inverted))
        else:
            factors.append((current, inverted))
    return factors, negative


class _Evaluator:
    """Values of trees holding vectors and matrices; scalars go to ``to_sympy``."""

    def __init__(self, symbols: Mapping[str, Any], text: str, matrices: set[int]) -> None:
        self.symbols = symbols
        self.text = text
        self.matrices = matrices

    def fail(self, message: str, node: Node, hint: str | None = None) -> ExprError:
        return NotAScalar(message, text=self.text, pos=node.pos, hint=hint)

    def value(self, node: Node, in_product: bool = False) -> Any:
        """``in_product``: ``node`` is a factor of a product of two or more matrices."""
        if id(node) not in self.matrices:
            return to_sympy(node, self.symbols, text=self.text)
        match node:
            case Name():
                return self.symbols[node.id]
            case MatrixLiteral():
                return self.literal(node)
            case AddNode() | SubNode():
                return self.sum(node)
            case Neg():
                return -self.value(node.operand, in_product)
            case Mul() | Div():
                return self.product(node)
            case Transpose():
                if not in_product and _written_as_row(node.operand, self.text):
                    return self.literal(node.operand)  # (a, b)^T: the column (a, b) denotes
                value = self.value(node.operand)
                return value.T if isinstance(value, sympy.MatrixBase) else value
            case Call():
                return self.call(node)
            case Pow():
                raise self.fail("powers of matrices are not accepted in an answer", node,
                                hint="multiply the matrices out")
            case Factorial():
                raise self.fail("the factorial of a matrix is not defined", node)
            case Cases() | Compare():
                raise self.fail("the values and conditions of a piecewise value must be "
                                "numbers", node, hint="write the cases inside each entry")
        raise self.fail("this is not a value", node)

    def literal(self, node: MatrixLiteral) -> sympy.ImmutableMatrix:
        rows, columns = node.shape
        if rows > MAX_SIDE or columns > MAX_SIDE:
            raise ExprSyntaxError(
                f"the matrix is {rows}×{columns}; the limit is {MAX_SIDE}×{MAX_SIDE}",
                text=self.text, pos=node.pos,
            )
        values = []
        for row in node.rows:
            cells = []
            for entry in row:
                if id(entry) in self.matrices:
                    raise self.fail("a matrix entry must be a number or an expression", entry)
                cells.append(to_sympy(entry, self.symbols, text=self.text))
            values.append(cells)
        return sympy.ImmutableMatrix(values)

    def sum(self, node: Node) -> Any:
        total = None
        for term, negative in _signed_terms(node):
            value = self.value(term)
            if negative:
                value = -value
            if total is None:
                total = value
                continue
            total_matrix = isinstance(total, sympy.MatrixBase)
            if total_matrix != isinstance(value, sympy.MatrixBase):
                raise self.fail("a number and a matrix cannot be added", term)
            if total_matrix and total.shape != value.shape:
                raise self.fail(
                    f"a {_shape(value)} matrix cannot be added to a {_shape(total)} matrix", term
                )
            total = total + value
        return total

    def product(self, node: Node) -> Any:
        chain: list[tuple[Node, str]] = []
        current = node
        while isinstance(current, Mul | Div):
            chain.append((current.right, "/" if isinstance(current, Div) else current.op))
            current = current.left
        chain.append((current, "*"))
        chain.reverse()
        matrix_product = sum(id(factor) in self.matrices for factor, _ in chain) > 1
        result = None
        for factor, op in chain:
            value = self.value(factor, matrix_product)
            if result is None:
                result = value
                continue
            value_matrix = isinstance(value, sympy.MatrixBase)
            result_matrix = isinstance(result, sympy.MatrixBase)
            if op == "/":
                if value_matrix:
                    raise self.fail("cannot divide by a matrix", factor)
                result = result * sympy.Pow(value, -1)
            elif value_matrix and result_matrix:
                if result.shape[1] != value.shape[0]:
                    raise self.fail(
                        f"a {_shape(result)} and a {_shape(value)} matrix cannot be multiplied",
                        factor,
                    )
                if result.shape[0] * result.shape[1] * value.shape[1] > MAX_PRODUCT_COST:
                    raise self.fail("the matrix product is too large to check", factor)
                result = result * value
            elif op == "@":
                raise self.fail("'@' multiplies two matrices", factor)
            else:
                result = result * value
        return result

    def call(self, node: Call) -> Any:
        if node.func not in MATRIX_FUNCTIONS:
            raise self.fail(f"{node.func}() needs a number, not a matrix", node)
        if len(node.args) != 1:
            raise self.fail(f"{node.func}() takes 1 argument", node)
        value = self.value(node.args[0])
        if not isinstance(value, sympy.MatrixBase):
            raise self.fail(f"{node.func}() needs a matrix", node)
        if node.func == "transpose":
            return value.T
        if node.func in ("det", "trace"):
            if not value.is_square:
                raise self.fail(f"{node.func}() needs a square matrix, not {_shape(value)}",
                                node)
            if node.func == "trace":
                return value.trace()
            if value.shape[0] > MAX_DET_SIDE:
                raise self.fail(f"determinants larger than {MAX_DET_SIDE}×{MAX_DET_SIDE} are "
                                "not accepted in an answer", node)
            return value.det(method="berkowitz")
        raise self.fail(f"{node.func}() is not accepted in an answer; write its value", node)


def _written_as_row(node: Node, text: str) -> bool:
    """Whether ``node`` is a flat list ``[a, b]`` (or tuple ``(a, b)``) written in a line:
    transposed on its own, ``(a, b)^T`` is the column it denotes, as the transpose of the
    LaTeX row ``\\begin{bmatrix} a & b \\end{bmatrix}^\\top`` is."""
    if not isinstance(node, MatrixLiteral) or node.shape[1] != 1:
        return False
    return "[" not in text[node.pos + 1 : node.rows[0][0].pos]


def _shape(matrix: sympy.MatrixBase) -> str:
    return f"{matrix.shape[0]}×{matrix.shape[1]}"
