"""Hints, "did you mean ...?", for a name that is neither declared nor a constant.

``sinx`` with ``x`` declared reads as ``sin(x)``, ``xy`` as ``x*y``, ``xcos`` as
``x cos(...)``, ``sinx`` with nothing declared still as ``sin(x)``, and a near miss such
as ``thta`` as ``theta``; the rules are tried in that order.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

from .functions import FUNCTIONS
from .grammar import VARIADIC_FUNCTIONS

MAX_HINT_NAME = 64
_SHORT_ARGUMENT = re.compile(r"[A-Za-z0-9_]{1,3}")


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
