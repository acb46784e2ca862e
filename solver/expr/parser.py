"""Parser for the plain-math expression language.

``parse(text)`` returns a tree of :mod:`solver.expr.nodes`. The grammar lives
in ``grammar.lark`` (loaded by :mod:`solver.expr.grammar`) and is parsed by lark's
LALR parser, which builds the nodes as it goes (:mod:`solver.expr.node_builder`);
the raw text is checked first (:mod:`solver.expr.text_checks`) and a text that does
not parse gets a readable message (:mod:`solver.expr.syntax_errors`). Most texts never
reach lark: a hand-written parser (:mod:`solver.expr.pratt`) builds the same tree for the
common part of the language, and leaves the rest to lark. Nothing is ever
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

from functools import lru_cache

from lark.exceptions import LarkError, UnexpectedInput

from .characters import PARSER_REPLACEMENTS
from .errors import ExprSyntaxError, ExprTooLarge
from .grammar import lark_parser, lark_parser_with
from .node_builder import TreeError, node_of
from .nodes import Node
from .pratt import quick_tree
from .syntax_errors import syntax_error
from .text_checks import check_characters, check_length, check_nesting, check_numbers

_CHARACTER_REPLACEMENTS = str.maketrans(PARSER_REPLACEMENTS)


def parse(text: str) -> Node:
    """Parse ``text`` into a syntax tree; raise an ``ExprError`` subclass if it is not valid.

    Trees are immutable, so the same text (a class's many identical answers) is parsed once.
    """
    if not isinstance(text, str):
        raise TypeError(f"expected str, got {type(text).__name__}")
    return _parse(text)


@lru_cache(maxsize=8192)
def _parse(text: str) -> Node:
    return _checked_tree(text)


def parse_with(text: str, functions: frozenset[str]) -> Node:
    """``parse`` with ``functions`` as further call keywords (a call tree such as
    ``matrix(2, 2, integers(-6, 6))``); the same checks, nodes and errors, nothing evaluated."""
    if not isinstance(text, str):
        raise TypeError(f"expected str, got {type(text).__name__}")
    return _parse_with(text, frozenset(functions))


@lru_cache(maxsize=1024)
def _parse_with(text: str, functions: frozenset[str]) -> Node:
    return _checked_tree(text, lark_parser_with(functions))


def _checked_tree(text: str, parser=None) -> Node:
    """The checks every text passes (length, characters, nesting, numbers), then its tree
    by ``parser`` (the language's own when None)."""
    check_length(text)
    check_characters(text)
    normalized = text.translate(_CHARACTER_REPLACEMENTS)
    if not normalized.strip(" \t"):
        raise ExprSyntaxError("empty expression", text=text, pos=0)
    check_nesting(text)
    check_numbers(text)
    return _build_tree(text, normalized, parser)


QUICK = True  # the hand-written parser first, lark for what it leaves


def _build_tree(text: str, normalized: str, parser=None) -> Node:
    if QUICK and parser is None:  # further call keywords are lark's alone
        tree = quick_tree(normalized)
        if tree is not None:
            return tree
    try:
        return node_of((parser or lark_parser()).parse(normalized))
    except UnexpectedInput as err:
        raise syntax_error(text, normalized, err) from None
    except TreeError as err:
        raise ExprSyntaxError(err.message, text=text, pos=err.pos, hint=err.hint) from None
    except LarkError as err:
        raise ExprSyntaxError(f"cannot parse the expression ({err})", text=text) from None
    except RecursionError:
        raise ExprTooLarge("expression is nested too deeply", text=text) from None
