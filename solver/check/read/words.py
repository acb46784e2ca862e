"""The words around an answer's value: special answers, parameter clauses, a left-hand side.

``no solution`` → ``no_solution``, ``dne`` → ``undefined``, ``none`` / ``∅`` / ``{}``
by the expected form; a trailing ``for integer k`` / ``t ∈ ℝ`` clause names integer or
real parameters; a leading ``x =``, ``theta^* =``, ``f'(x) =`` or ``(x1, x2) =`` is
dropped; any other ``=`` makes the text an equation, which is refused.
"""

from __future__ import annotations

import re

from solver.check.read.text import Text
from solver.expr import function_names
from solver.expr.characters import INFINITY

CONSTANTS = frozenset({"e", "pi"})
NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*")

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
SPECIAL_WORDS = frozenset(word for phrase in _SPECIALS for word in NAME.findall(phrase))
EMPTY_MEANING = {"points": "none", "range": "no_bound"}

# --- clauses and left-hand sides ------------------------------------------------------

CLAUSE_WINDOW = 80
_NAMES = r"[A-Za-z][A-Za-z0-9]*(?:\s*,\s*[A-Za-z][A-Za-z0-9]*)*"
_LEAD = (
    r"(?:[,;]\s*|(?<![A-Za-z0-9_]))\(?\s*(?:(?i:for|where|with)\s+)?"
    r"(?:(?i:all|any|every|each|some)\s+)?"
)
_TAIL = r"\s*\)?\s*\.?\s*$"
INTEGER_CLAUSES = tuple(
    re.compile(_LEAD + body + _TAIL)
    for body in (
        r"(?i:integers?|int)\s+(?P<names>" + _NAMES + r")",
        r"(?P<names>" + _NAMES + r")\s+(?:in|∈)\s+(?:Z|(?i:integers))",
        r"(?P<names>" + _NAMES + r")\s+(?i:is|are)\s+(?:(?i:an?)\s+)?(?i:integers?)",
        r"(?P<names>" + _NAMES + r")\s+(?i:integers?)",
    )
)
REAL_CLAUSES = tuple(
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


def special_status(text: str, expect: str | None) -> str | None:
    phrase = " ".join(text.lower().split()).strip(" .,;:!?\"'`$")
    status = _SPECIALS.get(phrase)
    if status == _EMPTY:
        return EMPTY_MEANING.get(expect or "", "no_solution")
    return status


def may_hold_clause(tail: str) -> bool:
    """Whether a clause pattern can match in ``tail``: each needs ``int`` or ``real`` (in
    any case), ``Z``, ``R`` or ``∈``, so an ASCII tail without any of them holds none."""
    if not tail.isascii():
        return True
    lower = tail.lower()
    return "int" in lower or "real" in lower or "Z" in tail or "R" in tail


def clause_match(pattern: re.Pattern[str], tail: str) -> re.Match[str] | None:
    """The first match of a clause pattern whose names are not constants or functions."""
    pos = 0
    while (match := pattern.search(tail, pos)) is not None:
        found = {name.strip() for name in match.group("names").split(",")}
        if not found & (CONSTANTS | function_names() | {INFINITY}):
            return match
        pos = match.start() + 1
    return None


def name_offsets(match: re.Match[str]) -> list[int]:
    start = match.start("names")
    return [start + found.start() for found in NAME.finditer(match.group("names"))]


def lhs_end(plain: str, start: int, end: int) -> int:
    match = _LHS.match(plain, start, end)
    return match.end() if match is not None else start


def check_no_equation(text: Text, start: int, end: int) -> None:
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
