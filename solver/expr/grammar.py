"""The lark grammar of the expression language (``grammar.lark``), loaded once.

``lark_parser()`` is lark's LALR parser with :class:`~solver.expr.node_builder.NodeBuilder`
as its transformer, so parsing yields nodes directly. ``function_names()`` reads the
function keywords off the grammar: a name followed by ``(`` is a call only when it is one
of them; those of ``VARIADIC_FUNCTIONS`` take two or more arguments.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from lark import Lark

from solver.cache_folder import private_folder

from .node_builder import NodeBuilder

_FUNCTION_RULES = frozenset({"function_name", "piecewise_name"})
VARIADIC_FUNCTIONS = frozenset({"max", "min", "Max", "Min"})  # two or more arguments


CACHE_FOLDER = "grammar"  # in the user's cache folder (``solver.cache_folder``)


@lru_cache(maxsize=1)
def lark_parser() -> Lark:
    """The parser; lark's analysis of the grammar is kept in the user's cache folder (lark
    checks it against the grammar and its own version, and builds afresh where it is
    missing, stale or cannot be written): 0.1 s off each process."""
    grammar = resources.files(__package__).joinpath("grammar.lark").read_text(encoding="utf-8")
    folder = private_folder(CACHE_FOLDER)
    return Lark(grammar, parser="lalr", lexer="basic", transformer=NodeBuilder(),
                cache=str(folder / "expressions.lark.cache") if folder else False)


@lru_cache(maxsize=4)
def lark_parser_with(functions: frozenset[str]) -> Lark:
    """The same grammar with ``functions`` as further function keywords: a name among them
    followed by ``(`` is a call (``integers(-6, 6)``), and never a name of its own."""
    grammar = resources.files(__package__).joinpath("grammar.lark").read_text(encoding="utf-8")
    head = '!function_name: "sin"'
    if head not in grammar or not all(name.isidentifier() for name in functions):
        raise ValueError("cannot add function keywords to the grammar")
    words = " | ".join(f'"{name}"' for name in sorted(functions))
    return Lark(grammar.replace(head, f'!function_name: {words} | "sin"', 1), parser="lalr",
                lexer="basic", transformer=NodeBuilder())


@lru_cache(maxsize=1)
def function_names() -> frozenset[str]:
    """The function keywords of the grammar (a name followed by ``(`` is a call).

    The other keywords (``if``, ``else``, ``True``) are not function names.
    """
    parser = lark_parser()
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
