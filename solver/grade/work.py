"""Grading one submission: a pure function of the solved set and the file's bytes.

Nothing here depends on the order submissions come in or on which process grades them:
sampling seeds come from each answer's text, so the result is the same on any worker,
on any machine, in any run.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path, PurePosixPath

from solver.check.answerfile import AnswerFile
from solver.check.checker import (
    CheckRun,
    Report,
    Verdict,
    check_file,
    exact_sum,
    expected_keys,
    unsolved_key,
)
from solver.check.latexsheet import load_submission
from solver.check.report import json_number
from solver.errors import SpecErrors
from solver.grade.copies import OtherVariants, with_variant
from solver.grade.specs import SpecsByStudent, spec_varies, specs_from_file
from solver.solve_limits import SOLVE_LIMIT
from solver.solving import SolvedSet, solve_set
from solver.spec.load import load_text
from solver.time_limits import OK, run_with_time_limit
from solver.time_limits import TIMEOUT as TIMEOUT_STATUS

GRADED, FILE_ERROR, TIMEOUT, CRASHED = "graded", "file_error", "timeout", "crashed"
SPEC_UNSOLVED = "spec_unsolved"  # a graded part of the spec has no answer: nothing graded
STATUSES = (GRADED, FILE_ERROR, TIMEOUT, CRASHED, SPEC_UNSOLVED)


@dataclass
class Grader:
    """What a process needs to grade submissions of one set: the solved set, its digest,
    and one checking run (typical mistakes and verdicts worked out once per process).
    With ``specs`` (a spec that varies, or a roster), each submission is graded against
    its student's own solved set and ``solved`` stands for them all (keys, points)."""

    solved: SolvedSet
    spec_sha256: str
    run: CheckRun = field(default_factory=CheckRun)
    specs: SpecsByStudent | None = None
    _others: OtherVariants | None = field(default=None, repr=False)

    def others(self) -> OtherVariants:
        if self._others is None:
            assert self.specs is not None
            self._others = OtherVariants(self.specs)
        return self._others

    def keys(self) -> list[dict]:
        return [{"key": e.key, "points": json_number(e.points)}
                for e in expected_keys(self.solved) if e.graded]

    def warm(self) -> None:
        """Work out every part's typical-mistake answers now (once, before forking), and
        let the forked workers pass on the verdicts of the set's parts to each other."""
        entries = {id(e.entry): e.entry for e in expected_keys(self.solved)}.values()
        for entry in entries:
            self.run.of(entry)
        if self.specs is None:
            self.run.share(entries)

    def learned(self) -> list:
        """Verdicts worked out in this process since last asked (see ``CheckRun.share``)."""
        return self.run.learned()

    def learn(self, items: list) -> None:
        self.run.learn(items)

    def max_score(self):
        return json_number(exact_sum(e.points for e in expected_keys(self.solved)
                                     if e.graded))

    def unsolved(self) -> str | None:
        """Why the set cannot be graded: the first graded key the solver has no answer for
        (past the solve limit, say); None when every graded key has one."""
        return unsolved_key(self.solved) if self.specs is None else self.specs.unsolved()


def spec_digest(spec_bytes: bytes) -> str:
    """The spec's identity for reusing results and for checking that every machine of a
    cluster grades alike: its bytes, the grader's version and a digest of its code."""
    from importlib.metadata import version

    return hashlib.sha256(version("hwsolver").encode() + b"\0" + code_digest().encode()
                          + b"\0" + spec_bytes).hexdigest()


@lru_cache(maxsize=1)
def code_digest() -> str:
    """SHA-256 of the grader's code and templates: each file's path and bytes, sorted."""
    from solver.render.environment import templates_dir

    package = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for root in (package, templates_dir()):
        for path in sorted(root.rglob("*")):
            if path.is_file() and path.suffix in (".py", ".jinja", ".sty", ".tex", ".lark",
                                                  ".yaml", ".json"):
                digest.update(path.relative_to(root).as_posix().encode() + b"\0")
                digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def grader_from_text(spec_text: str, spec_file: str, solve_limit: float | None = None) -> Grader:
    """Load and solve a spec, each part within ``solve_limit`` seconds (raises SpecErrors
    for a bad one)."""
    return Grader(solve_set(load_text(spec_text, spec_file), solve_limit),
                  spec_digest(spec_text.encode("utf-8")))


def grader_by_student(spec_file: Path, spec_text: str, solve_limit: float | None,
                      roster: Path | None, students: Sequence[str]) -> Grader:
    """A grader that grades each submission against its student's own solved set, every
    one of ``students``' variants solved now (raises SpecErrors, RosterError, or another
    HwsolverError for a variant that cannot be drawn)."""
    specs = specs_from_file(spec_file, solve_limit, roster, spec_text)
    specs.prepare(students)
    identity = (spec_text + "\0" + specs.identity()).encode("utf-8")
    return Grader(specs.reference, spec_digest(identity), specs=specs)


@lru_cache(maxsize=4)
def _cached_grader(spec_text: str, spec_file: str, solve_limit: float | None) -> Grader:
    """A spec that varies grades each student against their own variant (loaded from
    ``spec_file``); with no class to compare with, nothing is diagnosed as copied."""
    if spec_varies(Path(spec_file), spec_text):
        specs = specs_from_file(Path(spec_file), solve_limit, text=spec_text)
        return Grader(specs.reference, spec_digest(spec_text.encode("utf-8")), specs=specs)
    return grader_from_text(spec_text, spec_file, solve_limit)


def grade_one(spec_text: str, spec_file: str, file: str, data: bytes,
              seconds: float = 120.0, solve_limit: float | None = SOLVE_LIMIT) -> dict:
    """The whole job as one pure function of plain values, for a distributed engine: each
    process solves the spec once, each part within ``solve_limit`` seconds (a graded part
    past it makes every submission ``spec_unsolved``, graded by nothing); each submission
    is graded in a forked child that is killed past ``seconds`` (``timeout``) or that dies
    (``crashed``), so the limits hold on any engine."""
    grader = _cached_grader(spec_text, spec_file, solve_limit)
    stem = PurePosixPath(file).stem
    unsolved = grader.unsolved()
    if unsolved is not None:
        return failed(file, stem, SPEC_UNSOLVED,
                      f"{spec_file}: {unsolved}; the submission was not graded")
    status, value = run_with_time_limit(grade_submission, (grader, file, data), seconds)
    if status == OK:
        return value
    if status == TIMEOUT_STATUS:
        return failed(file, stem, TIMEOUT,
                      f"grading took longer than the {seconds:g} s limit per submission")
    return failed(file, stem, CRASHED, f"grading failed: {value}")


def grade_submission(grader: Grader, file: str, data: bytes,
                     before: Callable[[str], None] | None = None,
                     given_up: Mapping[str, str] | None = None) -> dict:
    """The result of one submission (``file`` is its path relative to the submissions
    folder): its verdicts, or a file error saying what is wrong with the file and where."""
    try:
        answers = load_submission(Path(file), data)
    except SpecErrors as errors:
        return failed(file, PurePosixPath(file).stem, FILE_ERROR,
                      "; ".join(str(e) for e in errors.errors))
    if grader.specs is not None:
        return _graded_own_variant(grader, file, answers, before, given_up)
    report = check_file(grader.solved, answers, run=grader.run, before=before,
                        given_up=given_up)
    return graded(file, report, {key: entry.raw for key, entry in answers.entries.items()})


def _graded_own_variant(grader: Grader, file: str, answers: AnswerFile,
                        before: Callable[[str], None] | None,
                        given_up: Mapping[str, str] | None) -> dict:
    """Checked against the student's own variant; a wrong answer right for another
    student's variant is diagnosed as copied."""
    specs = grader.specs
    assert specs is not None
    own = specs.variant_id(answers.student)
    report = check_file(specs.for_student(own), answers, run=grader.run, before=before,
                        given_up=given_up)
    copied: dict = {}
    if specs.varies:
        report, copied = grader.others().mark(report, answers, own, before, given_up)
    result = graded(file, report, {key: entry.raw for key, entry in answers.entries.items()})
    return with_variant(result, specs, answers.student, copied)


def graded(file: str, report: Report, raw: Mapping[str, object]) -> dict:
    verdicts = [_verdict(v, raw.get(v.key)) for v in report.verdicts]
    flags = ["undetermined"] if any(v.status == "undetermined" for v in report.verdicts) else []
    return {"file": file, "student": report.student, "status": GRADED,
            "score": json_number(report.score), "max_score": json_number(report.max_score),
            "flags": flags, "error": None, "verdicts": verdicts, "notes": list(report.notes)}


def failed(file: str, student: str, status: str, error: str) -> dict:
    """A submission that could not be graded: one row all the same, flagged for a person."""
    return {"file": file, "student": student, "status": status, "score": None,
            "max_score": None, "flags": [status.replace("_", "-")], "error": error,
            "verdicts": [], "notes": []}


def _verdict(verdict: Verdict, answer) -> dict:
    return {"key": verdict.key, "answer": answer, "status": verdict.status,
            "score": json_number(verdict.score), "points": json_number(verdict.points),
            "reason": verdict.reason, "diagnosis": verdict.diagnosis,
            "decided_by": verdict.decided_by, "line": verdict.line}
