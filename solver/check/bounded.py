"""Checking one student's answers under the grader's hard limit per answer.

``hwsolver check`` runs the grader's own mechanism (:mod:`solver.grade.pool`) with one
worker and one task: the worker, forked warm from this process, marks each answer as it
starts; one that takes longer than the limit is killed (with whatever it forked) and the
answers are checked again in a fresh worker, that answer given up as ``undetermined``
with the reason. So every way of checking has the same limit, enforced the same way,
even when the work is deep in C code where no signal handler runs.
"""

from __future__ import annotations

import math

from solver.check.answerfile import AnswerFile
from solver.check.checker import CheckRun, Report, check_file, expected_keys
from solver.errors import HwsolverError
from solver.grade.pool import DONE, Limits, Task, run_tasks
from solver.solving import SolvedSet

ANSWER_SECONDS = Limits.answer_seconds  # the grader's default


class CheckFailed(HwsolverError):
    """The checking worker died or failed (not an answer past its limit: that is a
    verdict)."""


def check_with_limit(solved: SolvedSet, answers: AnswerFile,
                     answer_seconds: float = ANSWER_SECONDS,
                     only_answered: bool = False) -> Report:
    """``check_file(solved, answers, only_answered)``, each answer given at most
    ``answer_seconds`` (past it: ``undetermined``, and the other answers are still
    checked)."""
    run = CheckRun()
    for expected in expected_keys(solved):  # typical mistakes worked out once, before forking
        if expected.key in answers.entries:
            run.of(expected.entry)

    def work(_task, before, given_up) -> Report:
        return check_file(solved, answers, only_answered, run=run, before=before,
                          given_up=given_up)

    limits = Limits(answer_seconds=answer_seconds, submission_seconds=math.inf)
    for outcome in run_tasks([Task(answers.file, b"")], work, jobs=1, limits=limits):
        if outcome.kind != DONE:
            raise CheckFailed(outcome.message)
        return outcome.result
    raise CheckFailed("the checking worker gave no answer")
