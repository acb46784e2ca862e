"""Ranges of a variable, a < x < b: both ends compared as numbers, open ends as open.

An unbounded end must be unbounded in both; a finite end is compared like any value
(``compare_values``, decimals by the policy); an end that is included in one and excluded
in the other is wrong. The range is as strong as the weaker of its ends.
"""

from __future__ import annotations

import unicodedata

import sympy

from solver import answers as A
from solver.check.compare.decimals import has_decimals
from solver.check.compare.matrices import compare_values
from solver.check.compare.policy import Comparison, Policy, weakest
from solver.check.compare.shown import show
from solver.check.values import Range


def compare_ranges(expected: A.Interval, student: Range, policy: Policy) -> Comparison:
    """Both ends compared as numbers; an open end is not a closed one."""
    name = expected.variable
    if student.variable and _variable_name(student.variable) != _variable_name(name):
        return Comparison(False, "structure", f"the range is for {name}, not "
                          f"{student.variable}")
    decimals = has_decimals(student.text)
    problems: list[tuple[str, str]] = []  # (what is wrong, the strategy that found it)
    decided = []
    opens = _expected_open(expected)
    for end, want, got, want_open, got_open in (
            ("lower", expected.lower, student.lower, opens[0], student.lower_open),
            ("upper", expected.upper, student.upper, opens[1], student.upper_open)):
        if _unbounded(want) and _unbounded(got):
            continue
        if _unbounded(want):
            problems.append((f"the {end} end is unbounded, got {show(got)}", "structure"))
            continue
        if _unbounded(got):
            problems.append((f"the {end} end {show(want)} is missing", "structure"))
            continue
        verdict = compare_values(want, got, policy, decimals)
        decided.append(verdict.decided_by)
        if verdict.equal is not True:
            if verdict.equal is None:
                return Comparison(None, verdict.decided_by, f"the {end} end: {verdict.reason}")
            problems.append((f"the {end} end should be {show(want)}, got "
                             f"{show(got, decimals)}", verdict.decided_by))
            continue
        if want_open != got_open:
            sign = "<" if want_open else "≤"
            wrong = "≤" if want_open else "<"
            pair = (f"{name} {sign} {show(want)}, not {name} {wrong} {show(want)}"
                    if end == "upper" else
                    f"{show(want)} {sign} {name}, not {show(want)} {wrong} {name}")
            problems.append((f"the {end} end {show(want)} should be "
                             f"{'excluded' if want_open else 'included'} ({pair})", "structure"))
    if problems:
        return Comparison(False, problems[0][1], "; ".join(text for text, _ in problems))
    return Comparison(True, weakest(decided), "the same range")


def _variable_name(name: str | None) -> str | None:
    """Greek letters by name: η → eta."""
    if not name:
        return name
    out = []
    for ch in name:
        if ord(ch) > 127 and unicodedata.name(ch, "").startswith("GREEK SMALL LETTER "):
            out.append(unicodedata.name(ch).removeprefix("GREEK SMALL LETTER ").lower())
        else:
            out.append(ch)
    return "".join(out)


def _expected_open(expected: A.Interval) -> tuple[bool, bool]:
    closed = getattr(expected, "closed", False)
    if isinstance(closed, tuple):
        return (not closed[0], not closed[1])
    return (not closed, not closed)


def _unbounded(value) -> bool:
    return value is None or value in (sympy.oo, -sympy.oo)
