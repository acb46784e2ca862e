"""What a cluster's worker runs: batches of submissions, graded by a grader it builds once.

The driver ships the spec once (``SpecCopy``: its text, its file's name, the solve limit,
the digest the driver computed and, for a set that does not vary, what the driver worked
out: the solved problems and every part's typical mistakes). Each
worker process builds its grader from it the first time it is asked and keeps it by
digest; a worker whose own digest differs (another hwsolver version or other code)
refuses, so a class is never graded by two different graders. Each batch is graded in a
child forked from the warm grader, kept between batches, with the run's limits
(``solver.grade.forked``); each result comes back pickled by the child, as the driver
takes it, and is passed on by the worker as it is.
"""

from __future__ import annotations

import pickle
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from solver.errors import HwsolverError
from solver.grade.feedback_files import feedback_pieces
from solver.grade.forked import ForkedGrader
from solver.grade.packed import Packed, Shape, packed, shape_of
from solver.grade.pool import DONE, TIMEOUT, Limits, Outcome, Task
from solver.grade.ready import grader_from_bundle
from solver.grade.work import CRASHED as CRASHED_STATUS
from solver.grade.work import TIMEOUT as TIMEOUT_STATUS
from solver.grade.work import (
    Grader,
    failed,
    grade_submission,
    grader_by_student,
    grader_from_text,
    spec_digest,
)

KEPT = 4  # graders a worker keeps (one per spec it has graded lately)


class DifferentGrader(HwsolverError):
    """A worker's hwsolver (version or code) is not the driver's."""


@dataclass(frozen=True)
class SpecCopy:
    """The spec as the driver read it, and the digest its grader has there. With
    ``by_student`` (a spec that varies, or a roster), each submission is graded against its
    student's own solved set: every one of ``students``' variants is solved, with the
    roster's bytes when there is one. ``prepared`` is the driver's grader as
    ``solver.grade.ready.bundle`` packs it (the worker then solves nothing it can take)."""

    text: str
    file: str
    solve_limit: float | None
    digest: str
    by_student: bool = False
    students: tuple[str, ...] = ()
    roster: bytes | None = None
    prepared: bytes | None = None


_graders: dict[str, Grader] = {}
_building = threading.Lock()
_children = threading.local()


def worker_grader(spec: SpecCopy) -> Grader:
    """This process's grader of ``spec``, built and warmed the first time."""
    with _building:
        grader = _graders.get(spec.digest)
        if grader is None:
            if not spec.by_student:
                _same_grader(spec_digest(spec.text.encode("utf-8")), spec)
            grader = _built(spec)
            _same_grader(grader.spec_sha256, spec)
            grader.warm()
            while len(_graders) >= KEPT:
                _graders.pop(next(iter(_graders)))
            _graders[spec.digest] = grader
        return grader


def _same_grader(digest: str, spec: SpecCopy) -> None:
    if digest != spec.digest:
        raise DifferentGrader("this worker's hwsolver differs from the driver's (version or "
                              "code): install the same hwsolver on every machine of the "
                              "cluster")


def _built(spec: SpecCopy) -> Grader:
    if not spec.by_student:
        if spec.prepared is not None:
            return grader_from_bundle(spec.text, spec.file, spec.solve_limit, spec.prepared)
        return grader_from_text(spec.text, spec.file, spec.solve_limit)
    with tempfile.TemporaryDirectory(prefix="hwsolver-roster-") as folder:
        roster = None
        if spec.roster is not None:
            roster = Path(folder) / "roster.csv"
            roster.write_bytes(spec.roster)
        return grader_by_student(Path(spec.file), spec.text, spec.solve_limit, roster,
                                 spec.students)


def grade_batch(spec: SpecCopy, batch: list[tuple[str, bytes]],
                limits: Limits) -> list[bytes]:
    """The results of a batch of (file, bytes), in order, graded within ``limits``, each
    a pickled ``Packed`` (``unpacked`` reads it)."""
    tasks = [Task(file, data) for file, data in batch]
    shape = shape_of(worker_grader(spec))
    return [outcome.result if outcome.kind == DONE else _pickled(result_of(outcome, shape))
            for outcome in _forked(spec).run(tasks, limits)]


def unpacked(data: bytes) -> Packed:
    """A result as ``grade_batch`` sent it."""
    return pickle.loads(data)  # noqa: S301 - made by this run's workers, as Dask's own are


def _pickled(result: Packed) -> bytes:
    return pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)


def _forked(spec: SpecCopy) -> ForkedGrader:
    """This thread's grading child for ``spec``, forked from the warm grader and kept
    between batches (what it works out on one batch speeds up the next)."""
    kept = getattr(_children, "kept", None)
    if kept is None or kept[0] != spec.digest:
        if kept is not None:
            kept[1].close()
        grader = worker_grader(spec)

        def work(task: Task, before, given_up) -> bytes:
            result = grade_submission(grader, task.file, task.data, before, given_up)
            before("")  # rendering the feedback is no answer's time
            return _pickled(packed(result, shape_of(grader),
                                   feedback_pieces(grader, result, "markdown")))

        _children.kept = (spec.digest, ForkedGrader(work))
    return _children.kept[1]


def result_of(outcome: Outcome, shape: Shape) -> Packed:
    """A submission's result: the grader's, or a row saying it timed out or crashed."""
    if outcome.kind == DONE:
        return outcome.result
    file = outcome.task.file
    status = TIMEOUT_STATUS if outcome.kind == TIMEOUT else CRASHED_STATUS
    return packed(failed(file, PurePosixPath(file).stem, status, outcome.message), shape)
