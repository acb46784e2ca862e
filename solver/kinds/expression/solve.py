"""An authored answer's solution: the instructor's worked text and the answer it ends with."""

from __future__ import annotations

from dataclasses import dataclass

from solver import answers as A
from solver.kinds.expression.read import Authored
from solver.steps import Solved, Step


@dataclass(frozen=True, kw_only=True)
class AuthoredSolution(Step):
    """The instructor's worked solution, as written, and the answer it ends with."""

    solution: str | None
    answer: A.Answer


def solve(authored: Authored) -> Solved:
    step = AuthoredSolution(solution=authored.solution, answer=authored.answer)
    return Solved((step,), authored.answer)
