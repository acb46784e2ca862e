"""Solving a loaded problem set: every part by its kind's ``solve``, under an optional time
limit, kept with the part and its answer key for the renderer, the checker and the grader."""

from __future__ import annotations

from dataclasses import dataclass

from solver.kinds import KINDS
from solver.solve_limits import solve_within
from solver.spec.model import Part, Problem, ProblemSet
from solver.steps import Solved


@dataclass(frozen=True)
class SolvedPart:
    part: Part
    solved: Solved
    key: str


@dataclass(frozen=True)
class SolvedProblem:
    id: str
    title: str | None
    statement: str | None
    parts: tuple[SolvedPart, ...]


@dataclass(frozen=True)
class SolvedSet:
    title: str
    stem: str
    file: str
    problems: tuple[SolvedProblem, ...]


def solve_part(part: Part) -> Solved:
    return KINDS[part.kind].solve(part.inputs)


def solve_set(problem_set: ProblemSet, limit: float | None = None) -> SolvedSet:
    """Solve every part of a loaded set; with ``limit``, a part that takes longer than
    ``limit`` seconds is an ``Unsolved`` answer (see ``solver.solve_limits``)."""
    return SolvedSet(problem_set.title, problem_set.stem, problem_set.file,
                     tuple(solve_problem(problem, limit) for problem in problem_set.problems))


def solve_problem(problem: Problem, limit: float | None = None) -> SolvedProblem:
    """Solve every part of one problem (``limit`` as in ``solve_set``)."""
    parts = tuple(SolvedPart(part, solve_within(solve_part, part, limit), part.key(problem))
                  for part in problem.parts)
    return SolvedProblem(problem.id, problem.title, problem.statement, parts)
