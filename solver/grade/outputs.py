"""Every output of a grading run, from its gathered results: results.json, grades.csv,
the Canvas and Moodle import files, feedback/ and the class report.

``write_outputs`` is the one way they are written, whoever gathered the results (this
machine's worker pool or a cluster). Results are gathered as they come (``Gathered``):
each is counted for the class report and kept only as a one-line summary; the whole
result is read back (from the journal) one submission at a time while the files are
written, in file order, so memory does not grow with the class (by consecutive parts in
several processes when the run has them: ``solver.grade.row_files``). Submissions that
share a student id are flagged or one is marked as counting (``solver.grade.rows``); each
file is written atomically. The outputs depend only on the results, the spec and, with
``duplicates`` ``later``, on the files' modification times.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from solver.grade import gradebook, journal
from solver.grade.background import Background, BackgroundFailed
from solver.grade.discover import Skipped
from solver.grade.feedback_files import (  # noqa: F401 - part of this module's API
    STAGED,
    STATE,
    FeedbackWriter,
    feedback_for,
    feedback_names,
    stage_feedback,
    staged_path,
    write_staged,
    write_staged_pieces,
)
from solver.grade.report_process import report_process
from solver.grade.row_files import Rows, write_rows
from solver.grade.rows import (  # noqa: F401 - part of this module's API
    BEST,
    DUPLICATE,
    FLAG,
    LATER,
    document_head,
    final_row,
    graded_row,
    shared_ids,
    summary_of,
)
from solver.grade.tally import ClassTally
from solver.grade.work import Grader


@dataclass(frozen=True)
class Settings:
    """How the outputs are written: which of one student's submissions counts
    (``duplicates``: LATER, BEST or FLAG), feedback PDFs and their TeX engine, and how many
    PDFs compile at once."""

    duplicates: str = FLAG
    pdf: bool = False
    engine: str | None = None
    jobs: int = 1


@dataclass(frozen=True)
class Written:
    """What results.json says in sum, and what went wrong without stopping the run."""

    statuses: Counter
    needs_review: int
    warnings: tuple[str, ...]

    @property
    def submissions(self) -> int:
        return sum(self.statuses.values())


class Gathered:
    """A run's results as they come, one per submission: each counted for the class
    report and kept as a summary; ``load(file)`` gives the whole result back, and
    ``written(file)`` its row's text and lines as journaled (``Journal.written``)."""

    def __init__(self, grader: Grader, spec: Path, skipped: tuple[Skipped, ...],
                 load: Callable[[str], dict],
                 written: Callable[[str], tuple[bytes, dict] | None] = lambda _file: None):
        self.grader, self.spec, self.skipped = grader, Path(spec), skipped
        self.load, self.written = load, written
        self.head = document_head(grader, self.spec, skipped)
        self.tally = ClassTally(self.head)
        self.summaries: dict[str, dict] = {}

    def add(self, result: dict) -> None:
        """Take one submission's result (the first for a file stands)."""
        if result["file"] in self.summaries:
            return
        self.summaries[result["file"]] = summary_of(result)
        self.tally.add(graded_row(result, self.head["max_score"]))


def write_outputs(out: Path, gathered: Gathered, settings: Settings = Settings(),
                  modified: dict[str, int] | None = None,
                  staged: frozenset[str] = frozenset(),
                  report: Background | None = None,
                  meanwhile: Callable[[], None] = lambda: None) -> Written:
    """Write every output into ``out`` from the gathered results (in file order).
    ``modified`` gives each file's modification time (ns) for ``duplicates`` ``later``;
    ``staged`` names the files whose feedback ``stage_feedback`` rendered in this run;
    ``meanwhile()`` runs once they are written, while the class report is compiled.
    Raises journal.OutputError when ``out`` does not take them."""
    out = Path(out)
    summaries = [gathered.summaries[file] for file in sorted(gathered.summaries)]
    shared = shared_ids(summaries, settings.duplicates, modified)
    duplicated = {(file, gathered.summaries[file]["student"])
                  for file, change in shared.items() if change.flagged}
    report = report or report_process()
    try:
        report.start(gathered.tally.statistics(duplicated), out, True, settings.engine)
        max_score = gathered.head["max_score"]

        def row_of(file: str) -> dict:
            return final_row(gathered.load(file), max_score, shared.get(file))

        def journaled(file: str) -> tuple[bytes, dict] | None:
            return None if file in shared else gathered.written(file)

        feedback = FeedbackWriter(out, gathered.grader, summaries, staged, settings.pdf,
                                  settings.engine, settings.jobs)
        lms = write_rows(out, gathered.head, summaries, Rows(row_of, journaled), feedback,
                         settings.jobs)
        _write_lms(out, gathered, lms)
        warnings = list(feedback.finish(row_of))
        meanwhile()
        try:
            report.result()  # raises OutputError if the report could not be written
        except BackgroundFailed as problem:
            warnings.append(f"class report: {problem}")
    finally:
        report.kill()
    statuses = Counter(summary["status"] for summary in summaries)
    review = sum(1 for s in summaries if s["flagged"] or s["file"] in shared
                 and shared[s["file"]].flagged)
    return Written(statuses, review, tuple(warnings))


def _write_lms(out: Path, gathered: Gathered, lms: list[dict]) -> None:
    title = gathered.grader.solved.title
    rows = {"max_score": gathered.head["max_score"], "submissions": lms}
    journal.write_atomic(out / "canvas.csv", gradebook.canvas_csv(rows, title), durable=True)
    journal.write_atomic(out / "moodle.csv", gradebook.moodle_csv(rows, title), durable=True)
