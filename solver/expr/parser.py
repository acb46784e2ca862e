"""Parser for the plain-math expression language.

``parse(text)`` returns a tree of :mod:`solver.expr.nodes`. The grammar lives
in ``grammar.lark`` and is parsed by lark's LALR parser; nothing is ever
evaluated as Python. In short::

    sum       := product (("+" | "-") product)*
    product   := signed (("*" | "/" | "@") signed | juxtaposed)*
    signed    := ("-" | "+")* power
    power     := postfix [("^" | "**") exponent]       right-associative
    exponent  := ("-" | "+")* power
    postfix   := primary ("!" | "^T" | "²" | "³")*
    primary   := NUMBER | NAME | FUNCTION "(" expr ("," expr)* ")" | cases
               | "(" expr ")" | "[" expr ("," expr)* "]" | indicator
    expr      := sum ["if" condition "else" expr]           right-associative
    condition := disjunction | "True"
    disjunction := conjunction (("or" | "∨") conjunction)*
    conjunction := negation (("and" | "&" | "∧") negation)*
    negation  := ("not" | "¬")* clause
    clause    := sum (("<" | "<=" | ">" | ">=") sum)+ | "(" disjunction ")"
    cases     := ("piecewise" | "Piecewise") "(" value "," condition ("," value "," condition)*
                     ["," value] ")"
               | ("piecewise" | "Piecewise") "(" "(" value "," condition ")"
                     ("," "(" value "," condition ")")* ")"
    indicator := "[" disjunction "]" | "𝟙" ("(" disjunction ")" | "[" disjunction "]")
               | product "(" disjunction ")"          the product ending in the factor 1

A conditional ``5 if z1 > 0 else 0`` and a ``piecewise(...)`` call become a
``Cases`` node; nested conditionals ``a if c else b if d else e`` are one
``Cases`` with three pieces. Comparisons (``Compare``) appear only as
conditions; ``True`` is the condition that always holds. ``and`` binds tighter
than ``or``, ``not`` tighter than both; ``a and b and c`` is one ``Connective``.

An indicator is 1 where its condition holds and 0 elsewhere: the Iverson
bracket ``[z1 > 0]`` (a bracket holding a comparison, never a vector),
``𝟙(z1 > 0)``, ``𝟙[z1 > 0]`` and ``1(z1 > 0)``; each becomes
``Cases(((1, condition), (0, None)))``. A bare factor 1 before a parenthesis
is the indicator notation, so ``1(z1)`` without a comparison is refused with
a hint; ``-1(x + 1)``, ``2(x)``, ``(1)(x)`` and ``P^-1(b)`` stay products.

Implicit multiplication (juxtaposition: ``2x``, ``(x+1)(x-1)``, ``a^T b``)
has the same precedence as ``*`` and ``/`` and is left-associative, so
``1/2x`` means ``(1/2)·x``. A juxtaposed factor never starts with a sign
(``a -b`` is a subtraction) nor with a number (``x 2`` and ``1 000`` are
refused rather than guessed).

Power binds tighter than unary minus (``-x^2`` is ``-(x^2)``) and its
exponent may carry a sign (``x^-1``, ``2^-x^2`` is ``2^(-(x^2))``).
``^T`` not followed by a name character is the transpose marker.

Names are ``[A-Za-z][A-Za-z0-9_']*`` with maximal munch: ``sinx`` and ``xy``
are single names, and a prime belongs to its name (``y'``, ``h'_1``). A name
followed by ``(`` is a call only when it is one of the grammar's function
keywords (``max``, ``min`` and their SymPy spellings ``Max``, ``Min`` take two
or more arguments); otherwise it is a juxtaposition. The function names, ``if``,
``else``, ``True``, ``and``, ``or`` and ``not`` are keywords, never names.

``[1, 2]`` is a column vector; ``[[1, 2], [3, 4]]`` is a matrix given by
rows, and ragged rows are a syntax error.

Before lark sees the text it is checked and normalised: at most
``MAX_LENGTH`` characters, bracket nesting at most ``MAX_DEPTH``, numbers
of at most ``MAX_DIGITS`` digits, no control or bidirectional-override
characters; ``−`` becomes ``-``, ``·``/``×`` become ``*``, ``÷`` becomes
``/`` and no-break or thin spaces become spaces (one character for one, so
offsets are unchanged).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from lark import Lark, Token, Transformer, v_args
from lark.exceptions import LarkError, UnexpectedCharacters, UnexpectedInput, UnexpectedToken

from solver.input_limits import MAX_DEPTH, MAX_DIGITS, MAX_LENGTH

from .characters import PARSER_REPLACEMENTS, PARSER_SUPERSCRIPTS
from .errors import ExprError, ExprSyntaxError, ExprTooLarge
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

_CHARACTER_REPLACEMENTS = str.maketrans(PARSER_REPLACEMENTS)
_BIDI_CONTROLS = frozenset(range(0x202A, 0x202F)) | frozenset(range(0x2066, 0x206A))
_NUMBER_OR_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_']*|(?P<number>[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")

_OPENERS = {"(": ")", "[": "]"}
_CLOSERS = {")": "(", "]": "["}
_BINARY_OPERATORS = frozenset({"+", "-", "*", "/", "@", "^", "**"})
_CHARACTER_HINTS = {
    "_": "names start with a letter",
    ".": "write a decimal number with digits, e.g. 0.5",
    "=": "enter an expression, not an equation",
    "'": "quotes are not part of the language",
    '"': "quotes are not part of the language",
    "{": "use ( ) for grouping and [ ] for matrices",
    "}": "use ( ) for grouping and [ ] for matrices",
    ";": "separate arguments and entries with ','",
}


@lru_cache(maxsize=1)
def _lark() -> Lark:
    grammar = resources.files(__package__).joinpath("grammar.lark").read_text(encoding="utf-8")
    return Lark(grammar, parser="lalr", lexer="basic", transformer=_NodeBuilder())


_FUNCTION_RULES = frozenset({"function_name", "piecewise_name"})
VARIADIC_FUNCTIONS = frozenset({"max", "min", "Max", "Min"})  # two or more arguments


@lru_cache(maxsize=1)
def function_names() -> frozenset[str]:
    """The function keywords of the grammar (a name followed by ``(`` is a call).

    The other keywords (``if``, ``else``, ``True``) are not function names.
    """
    parser = _lark()
    words = {
        terminal.name: terminal.pattern.value
        for terminal in parser.terminals
        if terminal.pattern.type == "str" and terminal.pattern.value.isalpha()
    }
    return frozenset(
        words[symbol.name]
        for rule in parser.rules
        if rule.origin.name in _FUNCTION_RULES
        for symbol in rule.expansion
        if symbol.name in words
    )


def parse(text: str) -> Node:
    """Parse ``text`` into a syntax tree; raise an ``ExprError`` subclass if it is not valid.

    Trees are immutable, so the same text (a class's many identical answers) is parsed once.
    """
    if not isinstance(text, str):
        raise TypeError(f"expected str, got {type(text).__name__}")
    return _parse(text)


@lru_cache(maxsize=8192)
def _parse(text: str) -> Node:
    _check_length(text)
    _check_characters(text)
    normalized = text.translate(_CHARACTER_REPLACEMENTS)
    if not normalized.strip(" \t"):
        raise ExprSyntaxError("empty expression", text=text, pos=0)
    _check_nesting(text)
    _check_numbers(text)
    return _build_tree(text, normalized)


# --- gates applied to the raw text ------------------------------------------


def _check_length(text: str) -> None:
    if len(text) > MAX_LENGTH:
        raise ExprTooLarge(
            f"expression is {len(text)} characters long; the limit is {MAX_LENGTH}",
            text=text,
            pos=MAX_LENGTH,
        )


def forbidden_character(text: str, allowed: str = "\t") -> tuple[int, str] | None:
    """(position, description) of the first control, bidirectional-override, invisible or
    unassigned character that is not in ``allowed``; None when there is none."""
    for pos, char in enumerate(text):
        if char in allowed:
            continue
        code = ord(char)
        category = unicodedata.category(char)
        if code in _BIDI_CONTROLS:
            return pos, f"bidirectional override character U+{code:04X}"
        if category == "Cc":
            return pos, f"control character U+{code:04X}"
        if category in ("Cf", "Zl", "Zp", "Cs", "Co", "Cn"):
            return pos, f"invisible or unassigned character U+{code:04X}"
    return None


def _check_characters(text: str) -> None:
    if text.replace("\t", " ").isprintable():
        return
    found = forbidden_character(text)
    if found is not None:
        pos, kind = found
        raise ExprSyntaxError(f"{kind} is not allowed", text=text, pos=pos)


def _check_nesting(text: str) -> None:
    depth = 0
    for pos, char in enumerate(text):
        if char in _OPENERS:
            depth += 1
            if depth > MAX_DEPTH:
                raise ExprTooLarge(
                    f"brackets are nested more than {MAX_DEPTH} deep", text=text, pos=pos
                )
        elif char in _CLOSERS:
            depth = max(depth - 1, 0)


def _check_numbers(text: str) -> None:
    for match in _NUMBER_OR_NAME.finditer(text):
        number = match.group("number")
        if number is None:
            continue
        digits = sum(char.isdigit() for char in number)
        if digits > MAX_DIGITS:
            raise ExprTooLarge(
                f"number has {digits} digits; the limit is {MAX_DIGITS}",
                text=text,
                pos=match.start(),
            )


# --- lark tree to nodes -----------------------------------------------------


def _build_tree(text: str, normalized: str) -> Node:
    try:
        return _node(_lark().parse(normalized))
    except UnexpectedInput as err:
        raise _syntax_error(text, normalized, err) from None
    except _TreeError as err:
        raise ExprSyntaxError(err.message, text=text, pos=err.pos, hint=err.hint) from None
    except LarkError as err:
        raise ExprSyntaxError(f"cannot parse the expression ({err})", text=text) from None
    except RecursionError:
        raise ExprTooLarge("expression is nested too deeply", text=text) from None


class _TreeError(Exception):
    """A malformed matrix literal or a misplaced condition, found while building; turned
    into ExprSyntaxError."""

    def __init__(self, message: str, pos: int, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.pos = pos
        self.hint = hint


@dataclass(frozen=True, slots=True)
class _Spanned:
    """A node whose text starts before the node itself: ``(x+1)`` or ``+x``."""

    node: Node
    start: int


@dataclass(frozen=True, slots=True)
class _Column:
    """A flat bracket list ``[a, b]``; it may still become a row of a matrix."""

    node: MatrixLiteral


@dataclass(frozen=True, slots=True)
class _Always:
    """The condition ``True`` of a piecewise value."""


_ALWAYS = _Always()

_Part = Node | _Spanned | _Column


def _node(part: _Part) -> Node:
    return part.node if isinstance(part, (_Spanned, _Column)) else part


def _start(part: _Part) -> int:
    if isinstance(part, _Spanned):
        return part.start
    return _node(part).pos


@v_args(inline=True)
class _NodeBuilder(Transformer):
    """Builds ``nodes`` while lark parses (no intermediate parse tree).

    It keeps no state, so the one parser can be shared. Parenthesised and
    unary-plus operands travel as ``_Spanned`` so a node's ``pos`` is the
    first character of its text; flat bracket lists travel as ``_Column`` so
    ``[[1, 2], [3, 4]]`` can tell its rows from parenthesised entries.
    """

    def number(self, token: Token) -> Node:
        return Number(str(token), token.start_pos)

    def name(self, token: Token) -> Node:
        return Name(str(token), token.start_pos)

    def add(self, left: _Part, right: _Part) -> Node:
        return Add(_node(left), _node(right), _start(left))

    def sub(self, left: _Part, right: _Part) -> Node:
        return Sub(_node(left), _node(right), _start(left))

    def mul(self, left: _Part, right: _Part) -> Node:
        return Mul(_node(left), _node(right), "*", _start(left))

    def matmul(self, left: _Part, right: _Part) -> Node:
        return Mul(_node(left), _node(right), "@", _start(left))

    def implicit_mul(self, left: _Part, right: _Part) -> Node:
        if isinstance(right, _Spanned) and _is_one(left):
            raise _TreeError(
                "1(...) is the indicator of a condition: it needs a comparison inside",
                left.pos,
                hint=_INDICATOR_EXAMPLE + ", or 1*(...) for a product",
            )
        return Mul(_node(left), _node(right), "implicit", _start(left))

    def juxtaposed_condition(self, factors: _Part, parenthesis: Token, condition: _Part) -> Node:
        return _times_indicator(factors, _node(condition), parenthesis.start_pos)

    def div(self, left: _Part, right: _Part) -> Node:
        return Div(_node(left), _node(right), _start(left))

    def neg(self, sign: Token, operand: _Part) -> Node:
        return Neg(_node(operand), sign.start_pos)

    def plus(self, sign: Token, operand: _Part) -> _Spanned:
        return _Spanned(_node(operand), sign.start_pos)

    def group(self, parenthesis: Token, inner: _Part) -> _Spanned:
        return _Spanned(_node(inner), parenthesis.start_pos)

    def pow(self, base: _Part, _operator: Token, exponent: _Part) -> Node:
        return Pow(_node(base), _node(exponent), _start(base))

    def superscript(self, base: _Part, token: Token) -> Node:
        exponent = Number(PARSER_SUPERSCRIPTS[str(token)], token.start_pos)
        return Pow(_node(base), exponent, _start(base))

    def transpose(self, operand: _Part, _marker: Token) -> Node:
        return Transpose(_node(operand), _start(operand))

    def factorial(self, operand: _Part) -> Node:
        return Factorial(_node(operand), _start(operand))

    def function_name(self, token: Token) -> Token:
        return token

    def call(self, function: Token, *args: _Part) -> Node:
        return Call(str(function), tuple(_node(arg) for arg in args), function.start_pos)

    def comparison(self, *parts: _Part | Token) -> Node:
        operands = tuple(_node(part) for part in parts[0::2])
        ops = tuple(str(token) for token in parts[1::2])
        return Compare(operands, ops, _start(parts[0]))

    def always(self) -> _Always:
        return _ALWAYS

    def parenthesised(self, parenthesis: Token, inner: _Part) -> _Spanned:
        return _Spanned(_node(inner), parenthesis.start_pos)

    def any_of(self, left: _Part, right: _Part) -> Node:
        return _connect("or", left, right)

    def all_of(self, left: _Part, right: _Part) -> Node:
        return _connect("and", left, right)

    def negation(self, word: Token, operand: _Part) -> Node:
        return Not(_node(operand), word.start_pos)

    def indicator(self, bracket: Token, condition: _Part) -> Node:
        return _indicator(_node(condition), bracket.start_pos)

    def indicator_call(self, sign: Token, _bracket: Token, condition: _Part) -> Node:
        return _indicator(_node(condition), sign.start_pos)

    def conditional(self, value: _Part, condition: _Part | _Always, otherwise: _Part) -> Node:
        rest = _node(otherwise)
        later = rest.pieces if isinstance(rest, Cases) else ((rest, None),)
        return Cases(((_node(value), _condition(condition)), *later), _start(value))

    def piecewise_name(self, token: Token) -> Token:
        return token

    def flat_cases(self, name: Token, *parts: _Part | _Always | None) -> Node:
        *paired, otherwise = parts
        pieces = [
            (_node(value), _condition(condition))
            for value, condition in zip(paired[0::2], paired[1::2], strict=True)
        ]
        if otherwise is not None:
            pieces.append((_node(otherwise), None))
        return Cases(tuple(pieces), name.start_pos)

    def case(self, value: _Part, condition: _Part | _Always) -> tuple[Node, Node | None]:
        return _node(value), _condition(condition)

    def paired_cases(self, name: Token, *pieces: tuple[Node, Node | None]) -> Node:
        return Cases(tuple(pieces), name.start_pos)

    def matrix(self, bracket: Token, *entries: _Part) -> _Part:
        if not any(isinstance(entry, (_Column, MatrixLiteral)) for entry in entries):
            rows = tuple((_node(entry),) for entry in entries)
            return _Column(MatrixLiteral(rows, bracket.start_pos))
        return MatrixLiteral(_rows(entries), bracket.start_pos)


def _condition(part: _Part | _Always) -> Node | None:
    return None if isinstance(part, _Always) else _node(part)


def _connect(op: str, left: _Part, right: _Part) -> Connective:
    """``a and b``; ``(a and b) and c`` is one Connective with three operands."""
    first = _node(left)
    operands = first.operands if isinstance(first, Connective) and first.op == op else (first,)
    return Connective(op, (*operands, _node(right)), _start(left))


def _indicator(condition: Node, pos: int) -> Cases:
    """1 where ``condition`` holds, 0 elsewhere."""
    return Cases(((Number("1", pos), condition), (Number("0", pos), None)), pos)


def _is_one(part: _Part) -> bool:
    return isinstance(part, Number) and part.text == "1"


_INDICATOR_EXAMPLE = "write 1(z1 > 0) or [z1 > 0] for 1 where z1 > 0 and 0 elsewhere"


def _times_indicator(factors: _Part, condition: Node, pos: int) -> Node:
    """``1(c)``, ``5*1(c)``, ``-1(c)``: the last factor, 1, becomes the indicator of c."""
    if isinstance(factors, _Spanned):
        raise _misplaced_condition(pos)
    spine: list[Node] = []
    node = factors
    while isinstance(node, Mul | Div | Neg):
        spine.append(node)
        node = node.operand if isinstance(node, Neg) else node.right
    if not _is_one(node):
        raise _misplaced_condition(pos)
    result: Node = _indicator(condition, node.pos)
    for parent in reversed(spine):
        if isinstance(parent, Neg):
            result = Neg(result, parent.pos)
        elif isinstance(parent, Mul):
            result = Mul(parent.left, result, parent.op, parent.pos)
        else:
            result = Div(parent.left, result, parent.pos)
    return result


def _misplaced_condition(pos: int) -> _TreeError:
    return _TreeError("a comparison is allowed only as a condition", pos,
                      hint=f"{_INDICATOR_EXAMPLE}, or 5 if z1 > 0 else 0")


def _entries(count: int) -> str:
    return "1 entry" if count == 1 else f"{count} entries"


def _rows(entries: tuple[_Part, ...]) -> tuple[tuple[Node, ...], ...]:
    """Rows of ``[[..], [..]]``: every entry must be a flat, bare bracket list."""
    for entry in entries:
        if isinstance(entry, MatrixLiteral):
            raise _TreeError("matrix literals nest at most two levels deep", entry.pos)
        if not isinstance(entry, _Column):
            raise _TreeError(
                "a matrix mixes rows [..] and single entries",
                _start(entry),
                hint="write every row in brackets: [[1, 2], [3, 4]]",
            )
    rows = tuple(tuple(cell for (cell,) in entry.node.rows) for entry in entries)
    width = len(rows[0])
    for number, (row, entry) in enumerate(zip(rows, entries, strict=True), start=1):
        if len(row) != width:
            raise _TreeError(
                f"row {number} has {_entries(len(row))} but row 1 has {_entries(width)}",
                entry.node.pos,
                hint="every row of a matrix needs the same number of entries",
            )
    return rows


# --- readable syntax errors -------------------------------------------------


def _syntax_error(text: str, normalized: str, err: UnexpectedInput) -> ExprError:
    if isinstance(err, UnexpectedCharacters):
        return _unexpected_character(text, err.pos_in_stream)
    if isinstance(err, UnexpectedToken):
        return _unexpected_token(text, normalized, err.token)
    pos = getattr(err, "pos_in_stream", None) or 0
    return ExprSyntaxError("invalid expression", text=text, pos=pos)


def _unexpected_character(text: str, pos: int) -> ExprSyntaxError:
    char = text[pos]
    shown = f"'{char}'" if char.isprintable() and not char.isspace() else f"U+{ord(char):04X}"
    return ExprSyntaxError(
        f"unexpected character {shown}", text=text, pos=pos, hint=_CHARACTER_HINTS.get(char)
    )


def _unexpected_token(text: str, normalized: str, token: Token) -> ExprSyntaxError:
    at_end = token.type == "$END"
    pos = len(normalized.rstrip(" \t")) if at_end else token.start_pos
    before = _tokens(normalized[:pos])
    previous = before[-1] if before else None
    following = [] if at_end else _tokens(normalized[pos : pos + _LOOKAHEAD])
    if previous is not None and _is_function_keyword(previous):
        return _function_without_parentheses(text, previous, following)
    open_bracket = _innermost_open_bracket(before)
    described = (
        _describe_indicator(token, before, following, open_bracket)
        or _describe_conditional(token, before, open_bracket, at_end)
        or _describe_glued_call(token, previous, following)
        or _describe_unexpected(token, previous, open_bracket, at_end)
    )
    message, hint = described
    return ExprSyntaxError(message, text=text, pos=pos, hint=hint)


_LOOKAHEAD = 40  # characters after an error read to word a hint
_CONDITIONAL_EXAMPLE = "write 5 if z1 > 0 else 0"
_CONDITION_HINT = "write 5 if z1 > 0 else 0, or [z1 > 0] for 1 where z1 > 0 and 0 elsewhere"
_INDICATOR_SIGN_EXAMPLE = "write 𝟙(z1 > 0)"
_CONNECTIVE_WORDS = frozenset({"and", "or", "not", "&", "∧", "∨", "¬"})


def _describe_indicator(
    token: Token, before: list[Token], following: list[Token], open_bracket: Token | None
) -> tuple[str, str | None] | None:
    """Messages for ``𝟙`` without a bracketed condition, ``x 1(z1 > 0)`` and
    ``[z1 > 0, ...]``."""
    if before and before[-1].type == "INDICATOR":
        return "'𝟙' must be followed by '(' or '['", _INDICATOR_SIGN_EXAMPLE
    if token.type == "NUMBER" and str(token) == "1" and len(following) > 1 \
            and str(following[1]) == "(":
        return "unexpected number '1'", "write '*' before the indicator 1(...), or use [z1 > 0]"
    if open_bracket is None:
        return None
    index = next(i for i, item in enumerate(before) if item is open_bracket)
    if str(token) in _CLOSERS and index > 0 and before[index - 1].type == "INDICATOR":
        return "the indicator 𝟙(...) needs a comparison inside", _INDICATOR_SIGN_EXAMPLE
    if str(token) != "," or not any(item.type == "RELATION" for item in before[index + 1 :]):
        return None
    if str(open_bracket) == "[":
        return (
            "a bracket holding a comparison is an indicator: it holds one condition",
            "write [z1 > 0 and z2 > 0] for both, or [[z1 > 0], [z2 > 0]] for a vector of "
            "indicators",
        )
    if index > 0 and (before[index - 1].type == "INDICATOR" or str(before[index - 1]) == "1"):
        return (
            "an indicator holds one condition",
            f"join the conditions with 'and': {before[index - 1]}(z1 > 0 and z2 > 0)",
        )
    return None


def _describe_conditional(
    token: Token, before: list[Token], open_bracket: Token | None, at_end: bool
) -> tuple[str, str | None] | None:
    """Messages for a misplaced comparison, an unfinished ``if`` or a short ``piecewise(``."""
    previous = str(before[-1]) if before else None
    if previous == "if" or previous in _CONNECTIVE_WORDS:
        return f"expected a condition after '{previous}'", _CONDITIONAL_EXAMPLE
    if token.type == "RELATION":
        return (
            f"unexpected '{token}': a comparison is allowed only as a condition",
            _CONDITION_HINT,
        )
    words = [str(item) for item in before]
    if str(token) == "else" and words.count("if") > words.count("else"):
        return "the condition after 'if' needs a comparison", _CONDITIONAL_EXAMPLE
    if (at_end or str(token) in (",", ")", "]")) and words.count("if") > words.count("else"):
        return "expected 'else' after the condition", _CONDITIONAL_EXAMPLE
    if open_bracket is not None and str(token) == ")":
        index = next(i for i, item in enumerate(before) if item is open_bracket)
        if index > 0 and str(before[index - 1]) in ("piecewise", "Piecewise"):
            return (
                "piecewise() takes values and conditions",
                "write piecewise(5, z1 > 0, 0): a value, its condition, ..., the value "
                "otherwise",
            )
    return None


def _describe_glued_call(
    token: Token, previous: Token | None, following: list[Token]
) -> tuple[str, str | None] | None:
    """``max0,z``: a function name glued to its first argument, then a comma."""
    if str(token) != "," or previous is None or previous.type != "NAME":
        return None
    word = str(previous)
    for name in sorted(VARIADIC_FUNCTIONS, key=len, reverse=True):
        if word.startswith(name) and len(word) > len(name):
            second = _argument_text(following[1:2], "x")
            return "unexpected ','", f"did you mean {name}({word[len(name):]}, {second})?"
    return None


def _argument_text(tokens: list[Token], default: str) -> str:
    """The text of the first token when it is a name or a number, else ``default``."""
    if tokens and tokens[0].type in ("NAME", "NUMBER"):
        return str(tokens[0])
    return default


def _describe_unexpected(
    token: Token, previous: Token | None, open_bracket: Token | None, at_end: bool
) -> tuple[str, str | None]:
    value = str(token)
    if previous is not None and str(previous) in _OPENERS and value == _OPENERS[str(previous)]:
        return f"empty brackets '{previous}{value}'", "write an expression inside them"
    if previous is not None and (str(previous) in _BINARY_OPERATORS or str(previous) == ","):
        return f"expected an expression after '{previous}'", None
    if previous is not None and str(previous) in _OPENERS:
        return f"expected an expression after '{previous}'", None
    if at_end:
        hint = None
        if open_bracket is not None:
            hint = f"the '{open_bracket}' at col {open_bracket.start_pos + 1} is never closed"
        return "unexpected end of input", hint
    if value in _CLOSERS:
        return _describe_closer(value, open_bracket)
    if token.type == "NUMBER":
        return f"unexpected number '{value}'", "write an operator such as '*' before it"
    if token.type == "NAME":
        return f"unexpected name '{value}'", None
    if value == ",":
        return "unexpected ','", "',' separates function arguments and matrix entries"
    return f"unexpected '{value}'", None


def _describe_closer(value: str, open_bracket: Token | None) -> tuple[str, str | None]:
    if open_bracket is None:
        return f"unmatched '{value}'", "there is no opening bracket for it"
    expected = _OPENERS[str(open_bracket)]
    return (
        f"unexpected '{value}'",
        f"the '{open_bracket}' at col {open_bracket.start_pos + 1} is closed by '{expected}'",
    )


def _function_without_parentheses(
    text: str, function: Token, following: list[Token]
) -> ExprSyntaxError:
    name = str(function)
    argument = _argument_text(following, "x")
    hint = f"write {name}({argument})"
    if name in VARIADIC_FUNCTIONS:
        comma = len(following) > 2 and str(following[1]) == ","
        second = _argument_text(following[2:3], "") if comma else ""
        hint = f"write {name}({argument}, {second})" if second else f"write {name}(0, {argument})"
    if following and str(following[0]) in ("^", "**"):
        hint = f"write {name}(x)^2 for a power of {name}"
    return ExprSyntaxError(
        f"function '{name}' must be followed by '('", text=text, pos=function.start_pos, hint=hint
    )


def _tokens(text: str) -> list[Token]:
    try:
        return list(_lark().lex(text))
    except LarkError:
        return []


def _is_function_keyword(token: Token) -> bool:
    return token.type != "NAME" and str(token) in function_names()


def _innermost_open_bracket(tokens: list[Token]) -> Token | None:
    stack: list[Token] = []
    for token in tokens:
        value = str(token)
        if value in _OPENERS:
            stack.append(token)
        elif value in _CLOSERS and stack:
            stack.pop()
    return stack[-1] if stack else None
