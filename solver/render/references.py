"""Refer back instead of deriving again: a later part of a set whose step repeats an earlier
part's derivation (the same kind of step on the same function and variables, hence the same
result) quotes that result from the earlier part.

Only the documents change; a part's answer and named intermediates stay as solved.
"""

from __future__ import annotations

from dataclasses import replace

from solver.steps import Step
from solver.steps.reference import FromEarlierPart


def refer_back(solved_set):
    """``solved_set`` with every repeated top-level step of a quotable kind (one with a
    ``result_symbol``) replaced by a ``FromEarlierPart`` naming the first part that derived it."""
    seen: list[tuple[Step, int, int]] = []
    problems = []
    for p, problem in enumerate(solved_set.problems):
        parts = []
        for q, entry in enumerate(problem.parts):
            steps = tuple(_quoted(step, seen) or step for step in entry.solved.steps)
            for step in entry.solved.steps:
                if step.result_symbol is not None and _quoted(step, seen) is None:
                    seen.append((step, p, q))
            if any(isinstance(step, FromEarlierPart) for step in steps):
                entry = replace(entry, solved=replace(entry.solved, steps=steps))
            parts.append(entry)
        problems.append(replace(problem, parts=tuple(parts)))
    return replace(solved_set, problems=tuple(problems))


def _quoted(step: Step, seen: list[tuple[Step, int, int]]) -> FromEarlierPart | None:
    if step.result_symbol is None:
        return None
    for earlier, p, q in seen:
        if type(earlier) is type(step) and earlier == step:
            return FromEarlierPart(earlier=earlier, problem=p, part=q)
    return None
