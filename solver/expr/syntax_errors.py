"""Readable messages for text lark cannot parse.

``syntax_error(text, normalized, err)`` turns lark's ``UnexpectedInput`` into an
``ExprSyntaxError`` with the column of the fault and, where one helps, a hint: the
bracket left open, the operator missing before a number, ``sin x`` written without
parentheses, ``max0,z`` glued to its argument, a comparison outside a condition, an
``if`` without ``else``, an indicator holding two conditions. The text around the fault
is re-lexed to word the message; nothing is evaluated.
"""

from __future__ import annotations

from lark import Token
from lark.exceptions import LarkError, UnexpectedCharacters, UnexpectedInput, UnexpectedToken

from .errors import ExprError, ExprSyntaxError
from .grammar import VARIADIC_FUNCTIONS, function_names, lark_parser
from .text_checks import CLOSERS, OPENERS

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


def syntax_error(text: str, normalized: str, err: UnexpectedInput) -> ExprError:
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
    if str(token) in CLOSERS and index > 0 and before[index - 1].type == "INDICATOR":
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
    if previous is not None and str(previous) in OPENERS and value == OPENERS[str(previous)]:
        return f"empty brackets '{previous}{value}'", "write an expression inside them"
    if previous is not None and (str(previous) in _BINARY_OPERATORS or str(previous) == ","):
        return f"expected an expression after '{previous}'", None
    if previous is not None and str(previous) in OPENERS:
        return f"expected an expression after '{previous}'", None
    if at_end:
        hint = None
        if open_bracket is not None:
            hint = f"the '{open_bracket}' at col {open_bracket.start_pos + 1} is never closed"
        return "unexpected end of input", hint
    if value in CLOSERS:
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
    expected = OPENERS[str(open_bracket)]
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
        return list(lark_parser().lex(text))
    except LarkError:
        return []


def _is_function_keyword(token: Token) -> bool:
    return token.type != "NAME" and str(token) in function_names()


def _innermost_open_bracket(tokens: list[Token]) -> Token | None:
    stack: list[Token] = []
    for token in tokens:
        value = str(token)
        if value in OPENERS:
            stack.append(token)
        elif value in CLOSERS and stack:
            stack.pop()
    return stack[-1] if stack else None
