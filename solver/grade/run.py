"""``hwsolver grade``: a folder of submissions to a gradebook, feedback and a class report.

1. Solve the spec once; find the submissions (sorted; junk and symbolic links skipped).
2. Reuse every journaled result whose file and spec are unchanged; grade the rest in
   worker processes with hard limits, journaling each result as it comes.
3. From all results, in file order, write every output atomically: results.json,
   grades.csv, Canvas and Moodle CSVs, feedback/ and the class report. Outputs depend
   only on the spec and the submissions' bytes (with ``--duplicates later``, also on their
   modification times); timings live in manifest.json alone.

Kept whole (about 520 lines): the three stages share the run's state, interruption and
resumption, and read best in order.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from solver.check.latexsheet import MAX_SOURCE_BYTES, load_submission
from solver.errors import HwsolverError, RenderError, SpecErrors
from solver.grade import gradebook, journal, pool
from solver.grade.discover import find_submissions, output_inside
from solver.grade.feedback import Feedback
from solver.grade.lock import Busy, OutputLock
from solver.grade.specs import RosterError, spec_varies, specs_from_file
from solver.grade.work import (
    CRASHED,
    FILE_ERROR,
    GRADED,
    TIMEOUT,
    Grader,
    failed,
    grade_submission,
    grader_from_text,
    spec_digest,
)
from solver.lifetime import die_with_parent, sigterm_as_interrupt
from solver.plural import plural
from solver.spec.load import read_spec_text

STATE = ".hwsolver"
DUPLICATE = "duplicate-student"
LATER, BEST, FLAG = "later", "best", "flag"
DUPLICATE_RULES = {LATER: "later", BEST: "higher score"}  # FLAG names no winner


class GradeError(HwsolverError):
    """The folders are not usable as given: unusable as named, taken by another run, or
    the output folder does not take what is written (read-only, full)."""


@dataclass(frozen=True)
class Options:
    jobs: int = max(1, os.cpu_count() or 1)
    resume: bool = False
    pdf: bool = False
    engine: str | None = None
    limits: pool.Limits = field(default_factory=pool.Limits)
    duplicates: str = FLAG  # one student id, several submissions: LATER, BEST or FLAG
    solve_limit: float | None = None  # seconds per part when the spec is solved
    roster: Path | None = None  # the class's roster CSV: who is on it, whose variants exist


@dataclass(frozen=True)
class Summary:
    submissions: int
    graded: int
    needs_review: int
    file_errors: int
    timeouts: int
    crashed: int
    reused: int
    skipped: int
    seconds: float
    warnings: tuple[str, ...] = ()

    @property
    def exit_code(self) -> int:
        return 1 if self.needs_review else 0

    def line(self) -> str:
        parts = [f"graded {self.graded} of {plural(self.submissions, 'submission')}",
                 f"{plural(self.needs_review, 'needs', 'need')} review"]
        parts += [text for n, text in ((self.file_errors, plural(self.file_errors, "file error")),
                                       (self.timeouts, f"{self.timeouts} timed out"),
                                       (self.crashed, f"{self.crashed} crashed")) if n]
        if self.reused:
            parts.append(f"{self.reused} unchanged, reused")
        if self.skipped:
            parts.append(f"{plural(self.skipped, 'file')} skipped")
        return ", ".join(parts) + f" in {self.seconds:.1f} s"


Progress = Callable[[int], None]


def grade_folder(spec: Path, submissions: Path, out: Path, options: Options = Options(),
                 progress: Callable[[int], Progress] | None = None) -> Summary:
    """Grade every submission in ``submissions`` against ``spec`` into ``out``.

    Both folders may be given relative to the working directory, in any form a shell user
    types (``.``, ``./subs/``, ``../out``, through symbolic links): they are made absolute,
    with links resolved, once, here.

    ``progress(total)`` is called once with the number of submissions to grade and returns
    a function called with 1 after each one. Raises SpecErrors for a bad spec and
    GradeError for unusable folders.
    """
    started, clock = time.time(), time.monotonic()
    submissions, out = Path(submissions).resolve(), Path(out).resolve()
    _check_folders(submissions, out)
    spec_text = read_spec_text(spec)
    if options.roster is None and not spec_varies(Path(spec), spec_text):
        grader = grader_from_text(spec_text, str(spec), options.solve_limit)
        found = find_submissions(submissions)
    else:
        found = find_submissions(submissions)
        grader = _grader_by_student(Path(spec), spec_text, found, options)
    _refuse_unsolved(grader, spec)
    try:
        with OutputLock(out, out / STATE), sigterm_as_interrupt():
            journal.remove_temporaries(out)  # left by a run killed while it wrote
            try:
                return _grade(grader, spec, found, out, options, progress, started, clock)
            except KeyboardInterrupt:  # Ctrl-C or SIGTERM: workers gone, results journaled
                _stopped(out, started, "interrupted")
                raise
            except journal.OutputError as error:
                _stopped(out, started, "failed", str(error))
                raise
            finally:
                journal.remove_temporaries(out)
    except Busy as error:
        raise GradeError(str(error)) from None
    except journal.OutputError as error:
        raise GradeError(_output_trouble(out, error)) from None


def _output_trouble(out: Path, error: journal.OutputError) -> str:
    """One line: the output folder, the cause, and the file that failed."""
    where = error.path.relative_to(out).as_posix() if error.path.is_relative_to(out) \
        else str(error.path)
    return f"{out}: the output folder does not take what is written ({error.cause}: {where})"


def _grade(grader: Grader, spec: Path, found, out: Path, options: Options, progress,
           started: float, clock: float) -> Summary:
    log = journal.Journal(out / STATE, grader.spec_sha256)
    _write_manifest(out, {"state": "running", "started": _stamp(started)})

    results: dict[str, dict] = {}
    tasks: list[tuple[pool.Task, str]] = []
    reused = 0
    for candidate in found.found:
        file = candidate.file
        data, problem = _read_submission(candidate.path)
        digest = journal.content_digest(data if problem is None else problem.encode())
        known = log.reusable(file, digest)
        if known is not None:
            results[file], reused = known, reused + 1
        elif problem is not None:
            results[file] = failed(file, Path(file).stem, FILE_ERROR, f"{file}: {problem}")
            log.record(file, digest, results[file])
        else:
            tasks.append((pool.Task(file, data), digest))
    digests = {task.file: digest for task, digest in tasks}
    tick = progress(len(tasks)) if progress else (lambda _n: None)

    def work(task: pool.Task, before, given_up) -> dict:
        return grade_submission(grader, task.file, task.data, before, given_up)

    if tasks:
        grader.warm()  # workers are forked from here: they inherit the typical mistakes
    try:
        for outcome in pool.run_tasks([task for task, _ in tasks], work, options.jobs,
                                      options.limits):
            file = outcome.task.file
            result = outcome.result if outcome.kind == pool.DONE else failed(
                file, Path(file).stem, TIMEOUT if outcome.kind == pool.TIMEOUT else CRASHED,
                outcome.message)
            results[file] = result
            log.record(file, digests[file], result)
            tick(1)
    finally:
        log.close()

    ordered = [results[file] for file in sorted(results)]
    document = _results(grader, spec, ordered, found.skipped, options.duplicates,
                        _modified(found) if options.duplicates == LATER else None)
    warnings = _write_outputs(out, grader, document, options)
    log.compact(sorted(results))
    summary = _summary(document, reused, len(found.skipped), time.monotonic() - clock,
                       warnings)
    _write_manifest(out, {"state": "finished", "started": _stamp(started),
                          "finished": _stamp(time.time()), "seconds": round(summary.seconds, 3),
                          "graded_now": len(tasks), "reused": reused,
                          "jobs": options.jobs, "summary": summary.line()})
    return summary


def _grader_by_student(spec: Path, spec_text: str, found, options: Options) -> Grader:
    """A grader that grades each submission against its student's own solved set: every
    submitter's variant is solved here, once, before any worker is forked."""
    try:
        specs = specs_from_file(spec, options.solve_limit, options.roster, spec_text)
        specs.prepare(_students(found))
    except SpecErrors:
        raise
    except RosterError as error:
        raise GradeError(str(error)) from None
    except HwsolverError as error:  # a variant that cannot be drawn, say
        raise GradeError(f"{spec}: {error}") from None
    identity = (spec_text + "\0" + specs.identity()).encode("utf-8")
    return Grader(specs.reference, spec_digest(identity), specs=specs)


def _students(found) -> list[str]:
    """The student each readable submission names (its file's stem when it names none)."""
    students = []
    for candidate in found.found:
        data, problem = _read_submission(candidate.path)
        try:
            students.append(load_submission(Path(candidate.file), data).student
                            if problem is None else Path(candidate.file).stem)
        except SpecErrors:
            students.append(Path(candidate.file).stem)
    return students


def _refuse_unsolved(grader: Grader, spec: Path) -> None:
    """A graded key the engine has no answer for cannot be graded: stop before any work."""
    unsolved = grader.unsolved()
    if unsolved is not None:
        raise GradeError(f"{spec}: {unsolved}; nothing was graded")


def _check_folders(submissions: Path, out: Path) -> None:
    if not submissions.is_dir():
        raise GradeError(f"{submissions}: not a folder of submissions")
    if output_inside(submissions, out):
        raise GradeError(f"{out}: the output folder may not be inside the submissions folder "
                         f"{submissions} (nothing is ever written there)")
    if out.exists() and not out.is_dir():
        raise GradeError(f"{out}: exists and is not a folder")
    has_state = (out / STATE).is_dir()
    if out.is_dir() and any(out.iterdir()) and not has_state:
        raise GradeError(f"{out}: the folder is not empty and holds no earlier grading run; "
                         "choose a new or empty output folder")


def _read_submission(path: Path) -> tuple[bytes, str | None]:
    """The file's bytes, never following a symbolic link, never more than the size limit."""
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | getattr(os, "O_NONBLOCK", 0))
    except OSError as error:
        return b"", f"could not be read ({error.strerror})"
    with os.fdopen(descriptor, "rb") as handle:
        data = handle.read(MAX_SOURCE_BYTES + 1)
    if len(data) > MAX_SOURCE_BYTES:
        return b"", f"the file is larger than {MAX_SOURCE_BYTES:,} bytes"
    return data, None


def _results(grader: Grader, spec: Path, submissions: list[dict], skipped,
             duplicates: str = FLAG, modified: dict[str, int] | None = None) -> dict:
    """results.json: the set, its keys, every submission, skipped files. Submissions that
    share a student id (case aside) are flagged (``flag``), or the later (``modified``,
    then file order) or the higher scoring one is marked ``counts``, the others not."""
    max_score = grader.max_score()
    owners: dict[str, list[dict]] = {}
    for submission in submissions:
        owners.setdefault(submission["student"].casefold(), []).append(submission)
    counted = {login: _counted(group, duplicates, modified or {})
               for login, group in owners.items() if len(group) > 1}
    rows = []
    for submission in submissions:
        row = {**submission, "max_score": max_score, "flags": list(submission["flags"])}
        login = submission["student"].casefold()
        others = [s["file"] for s in owners[login] if s["file"] != row["file"]]
        if others:
            note = "the same student id as " + ", ".join(others)
            winner = counted[login]
            if winner is None:
                row["flags"].append(DUPLICATE)
            else:
                row["counts"] = winner == row["file"]
                which = "this one" if row["counts"] else winner
                note += f"; {which} counts (the {DUPLICATE_RULES[duplicates]})"
            row["notes"] = [*row["notes"], note]
        rows.append(row)
    document = {"spec": {"file": spec.name, "title": grader.solved.title,
                         "sha256": grader.spec_sha256},
                "keys": grader.keys(), "max_score": max_score, "submissions": rows,
                "skipped": [{"file": s.file, "reason": s.reason} for s in skipped]}
    specs = grader.specs
    if specs is not None and specs.roster is not None:
        document["roster"] = {"students": len(specs.roster)}
    if specs is not None and specs.varies:
        document["variants"] = {"compared": list(specs.compared),
                                "not_compared": specs.not_compared,
                                "requirements": {problem: list(texts) for problem, texts
                                                 in specs.requirements.items()}}
    return document


def _counted(group: list[dict], duplicates: str, modified: dict[str, int]) -> str | None:
    """The file that counts among one student's submissions (None: a person decides)."""
    if duplicates == LATER:
        return max(group, key=lambda s: (modified.get(s["file"], 0), s["file"]))["file"]
    if duplicates == BEST:
        return max(group, key=lambda s: (s["score"] is not None, s["score"] or 0,
                                         s["file"]))["file"]
    return None


def _modified(found) -> dict[str, int]:
    """Each file's modification time (ns), as the LMS export or archive recorded it."""
    times = {}
    for candidate in found.found:
        try:
            times[candidate.file] = candidate.path.lstat().st_mtime_ns
        except OSError:
            times[candidate.file] = 0
    return times


def feedback_names(submissions: list[dict]) -> dict[str, str]:
    """A feedback file name per submission: the student's id made safe for a file system;
    students whose names collide (case and punctuation aside, as on macOS and Windows)
    get their file name added, and a short digest of it if that still collides."""
    safe = {s["file"]: _safe_name(s["student"]) or "student" for s in submissions}
    with_file = _disambiguated(
        safe, lambda file, name: f"{name}--{_safe_name(file.replace('/', '--'))}")
    return _disambiguated(
        with_file, lambda file, name: f"{name}-{journal.content_digest(file.encode())[:8]}")


def _disambiguated(names: dict[str, str], longer) -> dict[str, str]:
    counts: dict[str, int] = {}
    for name in names.values():
        counts[name.casefold()] = counts.get(name.casefold(), 0) + 1
    return {file: name if counts[name.casefold()] == 1 else longer(file, name)
            for file, name in names.items()}


def _safe_name(text: str) -> str:
    """ASCII letters, digits and - _ . only: other scripts and accents transliterated
    (Zoë 李雷 → Zoe_LiLei), anything else an underscore."""
    from anyascii import anyascii

    text = anyascii(text)
    kept = "".join(c if c.isascii() and (c.isalnum() or c in "-_.") else "_" for c in text)
    return kept.strip("._")[:80]


def _write_outputs(out: Path, grader: Grader, document: dict, options: Options) -> tuple:
    from solver.grade.classreport import write_report

    title = grader.solved.title
    report = _Background(write_report, document, out, True, options.engine)
    try:
        journal.write_atomic(out / "results.json", gradebook.results_json(document),
                             durable=True)
        journal.write_atomic(out / "grades.csv", gradebook.grades_csv(document), durable=True)
        journal.write_atomic(out / "canvas.csv", gradebook.canvas_csv(document, title),
                             durable=True)
        journal.write_atomic(out / "moodle.csv", gradebook.moodle_csv(document, title),
                             durable=True)
        warnings = list(_write_feedback(out, grader, document, options))
        problem = report.wait()  # raises OutputError if the report could not be written
    finally:
        report.kill()
    if problem:
        warnings.append(f"class report: {problem}")
    return tuple(warnings)


class _Background:
    """``function(*args)`` in a forked process (the class report's plots and PDF take a
    core of their own), which ends with the run however the run ends. Its failure is a
    warning, except a failure to write, which is the run's."""

    def __init__(self, function, *args):
        import multiprocessing

        context = multiprocessing.get_context("fork")
        self._receive, send = context.Pipe(duplex=False)
        parent = os.getpid()

        def child() -> None:
            die_with_parent(parent)
            signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides
            try:
                function(*args)
                send.send(None)
            except Exception as error:  # the child's edge: its failure is reported
                send.send(_background_problem(error))

        self._process = context.Process(target=child, name="hwsolver-report")
        self._process.start()
        send.close()

    def wait(self) -> str | None:
        """Wait for the function; the text of its error, if any."""
        try:
            problem = self._receive.recv()
        except EOFError:
            problem = "the report process died"
        self._process.join()
        if isinstance(problem, tuple):
            path, number, cause = problem
            raise journal.OutputError(Path(path), OSError(number, cause))
        return problem

    def kill(self) -> None:
        """Stop it now if it is still running (the run stopped early)."""
        if self._process.is_alive():
            self._process.kill()
        self._process.join()
        self._receive.close()


def _background_problem(error: Exception) -> str | tuple:
    """A failure to write as (path, errno, cause); any other as a warning's text."""
    if isinstance(error, journal.OutputError):
        return (str(error.path), error.error.errno, error.error.strerror)
    if isinstance(error, OSError) and error.filename is not None:
        return (str(error.filename), error.errno, error.strerror)
    return str(error) if isinstance(error, RenderError) else f"{type(error).__name__}: {error}"


def _write_feedback(out: Path, grader: Grader, document: dict, options: Options):
    from solver.render.pdf import available_engine, compile_pdf

    folder = out / "feedback"
    with journal.writing(folder):
        folder.mkdir(parents=True, exist_ok=True)
    feedbacks: dict[int, Feedback] = {}
    names = feedback_names(document["submissions"])
    wanted = set()
    sources: list[tuple[str, Path]] = []
    for submission in document["submissions"]:
        name = names[submission["file"]]
        solved = grader.solved
        if grader.specs is not None and "variant" in submission:
            solved = grader.specs.for_student(submission["variant"]["student"])
        feedback = feedbacks.setdefault(id(solved), Feedback(solved))
        journal.write_atomic(folder / f"{name}.md", feedback.render(submission, "markdown"))
        wanted.add(f"{name}.md")
        if options.pdf:
            sources.append((feedback.render(submission, "latex"), folder / f"{name}.pdf"))
            wanted.add(f"{name}.pdf")
    for stale in folder.iterdir():
        if stale.name not in wanted and stale.suffix in (".md", ".pdf"):
            with journal.writing(stale):
                stale.unlink()
    if not sources:
        return
    engine = available_engine(options.engine)
    if engine is None:
        yield "feedback PDFs: no TeX engine found; the Markdown feedback is written"
        return
    cache = out / STATE / "feedback-tex"
    with journal.writing(cache):
        cache.mkdir(parents=True, exist_ok=True)

    def compile_one(source: str, target: Path) -> str | None:
        stamp = cache / f"{target.stem}.sha256"
        digest = journal.content_digest(source.encode())
        if target.exists() and stamp.exists() and stamp.read_text() == digest:
            return None
        temporary = journal.temporary_name(target)
        try:
            with journal.writing(target):
                compile_pdf(source, temporary, engine)
                os.replace(temporary, target)
        except RenderError as error:
            return f"{target.name}: {error}"
        finally:
            journal.remove_quietly(temporary)
        journal.write_atomic(stamp, digest)
        return None

    with ThreadPoolExecutor(max_workers=max(1, options.jobs)) as executor:
        for problem in executor.map(lambda pair: compile_one(*pair), sources):
            if problem:
                yield problem


def _summary(document: dict, reused: int, skipped: int, seconds: float, warnings) -> Summary:
    rows = document["submissions"]
    count = Counter(row["status"] for row in rows)
    return Summary(submissions=len(rows), graded=count[GRADED],
                   needs_review=sum(1 for row in rows if row["flags"]),
                   file_errors=count[FILE_ERROR], timeouts=count[TIMEOUT],
                   crashed=count[CRASHED], reused=reused, skipped=skipped, seconds=seconds,
                   warnings=tuple(warnings))


def _stopped(out: Path, started: float, state: str, reason: str | None = None) -> None:
    """Say in the manifest that the run stopped early, if the folder still takes it."""
    content = {"state": state, "started": _stamp(started), "stopped": _stamp(time.time())}
    if reason:
        content["reason"] = reason
    try:
        _write_manifest(out, content)
    except journal.OutputError:  # a full folder: better no manifest than one saying running
        journal.remove_quietly(out / "manifest.json")
        try:
            _write_manifest(out, content)
        except journal.OutputError:
            pass


def _write_manifest(out: Path, content: dict) -> None:
    content = {**content, "python": sys.version.split()[0]}
    journal.write_atomic(out / "manifest.json", json.dumps(content, indent=2) + "\n")


def _stamp(seconds: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S%z", time.localtime(seconds))
