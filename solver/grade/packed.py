"""A submission's result as a worker sends it back to the run: already as results.json,
grades.csv and the journal have it, with the little of it the run counts.

A whole result (every verdict with its reason and feedback) is some 20 kB of JSON. The
run journals it, counts it for the class report and the choice between one student's
submissions, and at the end writes its row to results.json and grades.csv. The worker
that made it sends its row as results.json has it (``text``, which is also what the
journal keeps), its grades.csv line and Moodle summary (``lines``), and a ``view`` of
the fields the counts read. The run decodes and encodes none of it: a row that no other
row changes (no other submission shares its student id) goes into results.json as it
came. That work is done where the result is made, in the workers, and the run's own
cores stay free for the class report.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from solver.grade import gradebook
from solver.grade.rows import graded_row
from solver.grade.work import Grader
from solver.memo import PerObject

# what the class tally and the summary read of a result (solver.grade.tally, rows)
RESULT_FIELDS = ("file", "student", "status", "score", "flags", "error", "variant")
VERDICT_FIELDS = ("key", "status", "score", "diagnosis", "copied_from")


@dataclass(frozen=True)
class Shape:
    """What every row of a run shares: the graded keys (grades.csv's columns, in order)
    and the maximum score."""

    keys: tuple[str, ...]
    max_score: Any


@dataclass(frozen=True)
class Packed:
    """A result's row as JSON text (``gradebook.json_text``), its grades.csv line and
    Moodle summary, its ``view``, and on a cluster its Markdown feedback as graded, as
    ``feedback_pieces`` (the worked solutions left out)."""

    file: str
    text: str
    lines: dict[str, str]
    view: dict
    feedback: list[str] | None = None


def _shape(grader: Grader) -> Shape:
    return Shape(tuple(entry["key"] for entry in grader.keys()), grader.max_score())


shape_of = PerObject(_shape)  # a grader's Shape, worked out once


def packed(result: dict, shape: Shape, feedback: list[str] | None = None) -> Packed:
    """A result with its row (``graded_row``) in the forms the run writes."""
    row = graded_row(result, shape.max_score)
    lines = {"grades": gradebook.grades_row(row, list(shape.keys)),
             "moodle": gradebook.moodle_summary(row)}
    return Packed(row["file"], gradebook.json_text(row), lines, view_of(row), feedback)


def view_of(result: dict) -> dict:
    """The fields of ``result`` that counting it reads: the submission's own, and each
    verdict's key, status, score, diagnosis (with its reason) and where it was copied
    from."""
    view = {name: result[name] for name in RESULT_FIELDS if name in result}
    view["verdicts"] = [_verdict_view(verdict) for verdict in result.get("verdicts", ())]
    return view


def _verdict_view(verdict: dict) -> dict:
    view = {name: verdict[name] for name in VERDICT_FIELDS if name in verdict}
    if verdict.get("diagnosis"):
        view["reason"] = verdict.get("reason")
    return view
