"""Drawing a problem's variant: by construction first, by rejection second, with a cap.

The generators build what they can (a matrix of a given rank, of given eigenvalues), so
most requirements hold on the first draw. Draw k (k = 0, 1, …) is made from the stream of
(set seed, student, problem, k), every varied name in the order written; the first draw
that meets every requirement is the student's variant. After ``MAX_DRAWS`` draws without
one, ``VariantImpossible`` names the problem, each requirement that failed and in how many
draws, and the number of draws tried. Drawing also stops after ``MAX_SECONDS`` (a part
slow to solve for a property): that only ever turns a variant into the error, on a slow
machine, never into a different variant.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from solver.errors import Location, SpecError
from solver.plural import plural
from solver.variants.plan import ProblemPlan
from solver.variants.seeds import Stream

MAX_DRAWS = 200
MAX_SECONDS = 300.0


@dataclass
class Judgement:
    """What one draw failed: (requirement, reason) pairs, and requirements not tried."""

    failed: list[tuple[str, str]] = field(default_factory=list)
    untried: list[str] = field(default_factory=list)

    @property
    def met(self) -> bool:
        return not self.failed


class VariantImpossible(SpecError):
    """No draw within the cap met a problem's requirements (exit 2)."""

    def __init__(self, plan: ProblemPlan, student: str, draws: int,
                 failures: dict[str, tuple[int, str]], untried: dict[str, int],
                 timed_out: bool = False):
        self.problem = plan.id
        self.student = student
        self.draws = draws
        self.failures = failures
        lines = [f"'{text}' failed in {count} of {draws}" + (f" ({reason})" if reason else "")
                 for text, (count, reason) in failures.items()]
        lines += [f"'{text}' was not reached in {count} of {draws} (an earlier requirement "
                  f"failed)" for text, count in untried.items() if count]
        limit = f" (the limit of {MAX_SECONDS:g} s)" if timed_out else ""
        message = (f"no variant for '{student}' meets the requirements in "
                   f"{plural(draws, 'draw')}{limit}: " + "; ".join(lines))
        super().__init__(Location(plan.file, plan.line, plan.where), message,
                         "widen the generators' ranges, build the property in (rank(m, n, r), "
                         "with_eigenvalues([…])), or relax the requirements")


def draw_values(plan: ProblemPlan, seed: str, student: str,
                judge: Callable[[dict[str, Any]], Judgement]) -> tuple[dict[str, Any], int]:
    """The first draw ``judge`` accepts and its number (1 for the first draw)."""
    failures: dict[str, tuple[int, str]] = {}
    untried: dict[str, int] = {}
    started = time.monotonic()
    for number in range(MAX_DRAWS):
        if number and time.monotonic() - started > MAX_SECONDS:
            raise VariantImpossible(plan, student, number, failures, untried, timed_out=True)
        stream = Stream(seed, student, plan.id, number)
        values = {varied.name: varied.generator.draw(stream) for varied in plan.varied}
        judgement = judge(values)
        if judgement.met:
            return values, number + 1
        for text, reason in judgement.failed:
            count, last = failures.get(text, (0, ""))
            failures[text] = (count + 1, reason or last)
        for text in judgement.untried:
            untried[text] = untried.get(text, 0) + 1
    raise VariantImpossible(plan, student, MAX_DRAWS, failures, untried)
