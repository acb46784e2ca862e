"""The keys a student may answer in a solved set, with the engine's answer and points."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sympy

from solver import answers as A
from solver.memo import PerObject
from solver.solving import SolvedPart, SolvedSet


@dataclass(frozen=True)
class Expected:
    """One gradable key: the engine's answer for it and what it is worth."""

    key: str
    entry: SolvedPart
    name: str | None
    answer: A.Answer
    points: Any
    graded: bool = True  # False for intermediate values: checked, worth no points


def expected_keys(solved: SolvedSet) -> list[Expected]:
    """Every key a student may answer, in document order: finals first, then intermediates
    (worked out once per solved set)."""
    return list(_keys_of(solved))


def _expected_keys(solved: SolvedSet) -> tuple[Expected, ...]:
    keys: list[Expected] = []
    for problem in solved.problems:
        for entry in problem.parts:
            answer, points = entry.solved.answer, entry.part.points
            if isinstance(answer, A.Named):
                share = sympy.Rational(points) / len(answer.items)
                keys.extend(Expected(f"{entry.key}.{name}", entry, name, item, share)
                            for name, item in answer.items)
            else:
                keys.append(Expected(entry.key, entry, None, answer, sympy.Rational(points)))
            final_names = {name for name, _ in answer.items} if isinstance(answer, A.Named) \
                else set()
            keys.extend(Expected(f"{entry.key}.{name}", entry, name, item, sympy.Integer(0),
                                 graded=False)
                        for name, item in entry.solved.intermediates if name not in final_names)
    return tuple(keys)


_keys_of = PerObject(_expected_keys)


def unsolved_key(solved: SolvedSet) -> str | None:
    """Why a solved set cannot be graded: the first graded key the solver has no answer
    for (past the solve limit, say); None when every graded key has one."""
    for expected in expected_keys(solved):
        if expected.graded and isinstance(expected.answer, A.Unsolved):
            return f"part '{expected.entry.key}' {expected.answer.reason}"
    return None

