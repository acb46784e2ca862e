"""``hwsolver grade``: a folder of submissions to a gradebook, feedback and a class report.

1. Solve the spec once; find the submissions (sorted; junk and symbolic links skipped).
2. Reuse every journaled result whose file and spec are unchanged; grade the rest in
   worker processes with hard limits, journaling each result as it comes.
3. From all results, in file order, write every output atomically: results.json,
   grades.csv, Canvas and Moodle CSVs, feedback/ and the class report. Outputs depend
   only on the spec and the submissions' bytes (with ``--duplicates later``, also on their
   modification times); timings live in manifest.json alone.

The outputs are written by ``solver.grade.outputs.write_outputs``, the same function a
run on a cluster uses.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from solver.check.latexsheet import MAX_SOURCE_BYTES, load_submission
from solver.errors import HwsolverError, SpecErrors
from solver.grade import journal, pool
from solver.grade.background import Background
from solver.grade.batches import DifferentGrader, SpecCopy, result_of
from solver.grade.cluster import ClusterError
from solver.grade.discover import find_submissions, output_inside
from solver.grade.lock import Busy, OutputLock
from solver.grade.outputs import (  # noqa: F401 - feedback_names: part of this module's API
    FLAG,
    LATER,
    STAGED,
    STATE,
    Gathered,
    Settings,
    Written,
    feedback_names,
    report_process,
    stage_feedback,
    write_outputs,
    write_staged_pieces,
)
from solver.grade.packed import Packed, packed, shape_of
from solver.grade.ready import bundle, prepared_grader, ready
from solver.grade.specs import RosterError, spec_varies
from solver.grade.work import (
    CRASHED,
    FILE_ERROR,
    GRADED,
    TIMEOUT,
    Grader,
    failed,
    grade_submission,
    grader_by_student,
)
from solver.lifetime import sigterm_as_interrupt
from solver.plural import plural
from solver.spec.load import read_spec_text


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
    cluster: str | None = None  # a Dask scheduler's address, or local:N
    batch: int | None = None  # submissions per task sent to a cluster (None: by size)


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


def settings(options: Options) -> Settings:
    """How the outputs of a run with these options are written."""
    return Settings(options.duplicates, options.pdf, options.engine, options.jobs)


def grade_folder(spec: Path, submissions: Path, out: Path, options: Options = Options(),
                 progress: Callable[[int], Progress] | None = None,
                 report: Background | None = None) -> Summary:
    """Grade every submission in ``submissions`` against ``spec`` into ``out``.

    Both folders may be given relative to the working directory, in any form a shell user
    types (``.``, ``./subs/``, ``../out``, through symbolic links): they are made absolute,
    with links resolved, once, here.

    ``progress(total)`` is called once with the number of submissions to grade and returns
    a function called with 1 after each one. ``report`` is the class report's process
    when the caller started it ahead (``report_process``); it is started here otherwise.
    Raises SpecErrors for a bad spec and GradeError for unusable folders.
    """
    started, clock = time.time(), time.monotonic()
    submissions, out = Path(submissions).resolve(), Path(out).resolve()
    _check_folders(submissions, out)
    if options.cluster is not None:
        _check_cluster(options)
    spec_text = read_spec_text(spec)
    if options.roster is None and not spec_varies(Path(spec), spec_text):
        grader = prepared_grader(spec_text, str(spec), options.solve_limit, options.jobs,
                                 _formats(options))
        found = find_submissions(submissions)
        copy = SpecCopy(spec_text, str(spec), options.solve_limit, grader.spec_sha256)
    else:
        found = find_submissions(submissions)
        students = tuple(_students(found))
        grader = _grader_by_student(Path(spec), spec_text, students, options)
        copy = SpecCopy(spec_text, str(spec), options.solve_limit, grader.spec_sha256,
                        by_student=True, students=students,
                        roster=_roster_bytes(options.roster) if options.cluster else None)
    _refuse_unsolved(grader, spec)
    try:
        with OutputLock(out, out / STATE), sigterm_as_interrupt():
            journal.remove_temporaries(out)  # left by a run killed while it wrote
            try:
                return _grade(grader, spec, copy, found, out, options, progress,
                              started, clock, report)
            except KeyboardInterrupt:  # Ctrl-C or SIGTERM: workers gone, results journaled
                _stopped(out, started, "interrupted")
                raise
            except journal.OutputError as error:
                _stopped(out, started, "failed", str(error))
                raise
            except (ClusterError, DifferentGrader) as error:  # results so far journaled
                _stopped(out, started, "failed", str(error))
                raise GradeError(str(error)) from None
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


def _grade(grader: Grader, spec: Path, copy: SpecCopy, found, out: Path, options: Options,
           progress, started: float, clock: float, report: Background | None) -> Summary:
    log = journal.Journal(out / STATE, grader.spec_sha256)
    _write_manifest(out, {"state": "running", "started": _stamp(started)})

    results = Gathered(grader, spec, tuple(found.skipped), log.load, log.written)
    tasks: list[tuple[pool.Task, str]] = []
    reused = 0
    for candidate in found.found:
        file = candidate.file
        data, problem = _read_submission(candidate.path)
        digest = journal.content_digest(data if problem is None else problem.encode())
        known = log.reusable(file, digest)
        if known is not None:
            results.add(known)
            reused += 1
        elif problem is not None:
            result = failed(file, Path(file).stem, FILE_ERROR, f"{file}: {problem}")
            log.record(file, digest, packed(result, shape_of(grader)))
            results.add(result)
        else:
            tasks.append((pool.Task(file, b""), digest))  # read again when it is sent
    digests = {task.file: digest for task, digest in tasks}
    paths = {candidate.file: candidate.path for candidate in found.found}
    tick = progress(len(tasks)) if progress else (lambda _n: None)
    staged: set[str] = set()
    _clear_staged(out)
    report = report or report_process()  # prepared while the submissions are graded

    try:
        for result in _graded(grader, copy, [task for task, _ in tasks], options, out, staged,
                              lambda task: _with_data(task, paths[task.file], digests)):
            if result.file not in digests:  # a batch graded twice: its first result stands
                continue
            log.record(result.file, digests.pop(result.file), result)
            results.add(result.view)
            tick(1)
    except BaseException:
        report.kill()
        raise
    finally:
        log.close()

    def tidy() -> None:  # what the outputs no longer need, while the report compiles
        _clear_staged(out)
        log.compact(sorted(results.summaries))

    try:
        written = write_outputs(out, results, settings(options),
                                _modified(found) if options.duplicates == LATER else None,
                                frozenset(staged), report, tidy)
    finally:
        log.close()
    summary = _summary(written, reused, len(found.skipped), time.monotonic() - clock)
    _write_manifest(out, {"state": "finished", "started": _stamp(started),
                          "finished": _stamp(time.time()), "seconds": round(summary.seconds, 3),
                          "graded_now": len(tasks), "reused": reused,
                          **({"cluster": options.cluster} if options.cluster
                             else {"jobs": options.jobs}), "summary": summary.line(),
                          **_resources()})
    return summary


def _graded(grader: Grader, copy: SpecCopy, tasks: list[pool.Task], options: Options,
            out: Path, staged: set[str],
            prepare: Callable[[pool.Task], pool.Task]) -> Iterator[Packed]:
    """One result per task, as each comes: from this machine's workers, or the cluster's.
    Both render each result's feedback where it is graded (a cluster's workers without
    the worked solutions, put in here); the files staged are added to ``staged``."""
    if not tasks:
        return
    shape = shape_of(grader)
    if options.cluster is not None:
        from solver.grade.cluster import connected, grade_on_cluster

        if not copy.by_student:  # worked out here once, for every worker to take
            ready(grader, _formats(options), options.jobs)
            copy = replace(copy, prepared=bundle(grader))
        with connected(options.cluster) as client:
            for result in grade_on_cluster(client, copy, tasks, options.limits, shape,
                                           options.batch, prepare):
                if result.feedback is not None and write_staged_pieces(
                        out, grader, result.view, result.feedback):
                    staged.add(result.file)
                yield result
        return

    def work(task: pool.Task, before, given_up) -> Packed:
        result = grade_submission(grader, task.file, task.data, before, given_up)
        before("")  # rendering the feedback is no answer's time
        stage_feedback(out, grader, result, options.pdf)
        return packed(result, shape)

    # workers are forked from here: they inherit the typical mistakes, worked solutions
    ready(grader, _formats(options), options.jobs)
    for outcome in pool.run_tasks(tasks, work, options.jobs, options.limits, grader, prepare):
        if outcome.kind == pool.DONE:
            staged.add(outcome.task.file)
        yield result_of(outcome, shape)


def _formats(options: Options) -> tuple[str, ...]:
    """The formats of the worked solutions the feedback takes: a cluster's workers render
    no worked solutions and no PDFs (the driver puts them in)."""
    return ("markdown", "latex") if options.pdf and options.cluster is None else ("markdown",)


def _grader_by_student(spec: Path, spec_text: str, students: tuple[str, ...],
                       options: Options) -> Grader:
    """A grader that grades each submission against its student's own solved set: every
    submitter's variant is solved here, once, before any worker is forked."""
    try:
        return grader_by_student(spec, spec_text, options.solve_limit, options.roster,
                                 students)
    except SpecErrors:
        raise
    except RosterError as error:
        raise GradeError(str(error)) from None
    except HwsolverError as error:  # a variant that cannot be drawn, say
        raise GradeError(f"{spec}: {error}") from None


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


def _check_cluster(options: Options) -> None:
    """Refuse, before any work, an address that names no cluster or a machine without
    Dask; a local cluster's workers start getting ready while the spec is solved."""
    from solver.grade.cluster import check_address, get_ready

    try:
        check_address(options.cluster or "")
        get_ready(options.cluster or "")
    except ClusterError as error:
        raise GradeError(str(error)) from None


def _roster_bytes(roster: Path | None) -> bytes | None:
    """The roster as read here, for the cluster's workers (which cannot read it)."""
    if roster is None:
        return None
    try:
        return Path(roster).read_bytes()
    except OSError as error:
        raise GradeError(f"{roster}: {error.strerror}") from None


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


def _with_data(task: pool.Task, path: Path, digests: dict[str, str]) -> pool.Task:
    """The task with its file's bytes, read as a worker is about to grade it (so that no
    more than a few files are held at once). A file changed since it was first read is
    graded as it is now, and journaled under its new digest."""
    data, problem = _read_submission(path)
    if problem is None:
        digests[task.file] = journal.content_digest(data)
    return pool.Task(task.file, data)


def _clear_staged(out: Path) -> None:
    """Remove the feedback staged by an earlier or this run's workers."""
    import shutil

    folder = out / STATE / STAGED
    with journal.writing(folder):
        shutil.rmtree(folder, ignore_errors=True)


def _modified(found) -> dict[str, int]:
    """Each file's modification time (ns), as the LMS export or archive recorded it."""
    times = {}
    for candidate in found.found:
        try:
            times[candidate.file] = candidate.path.lstat().st_mtime_ns
        except OSError:
            times[candidate.file] = 0
    return times


def _summary(written: Written, reused: int, skipped: int, seconds: float) -> Summary:
    count = written.statuses
    return Summary(submissions=written.submissions, graded=count[GRADED],
                   needs_review=written.needs_review, file_errors=count[FILE_ERROR],
                   timeouts=count[TIMEOUT], crashed=count[CRASHED], reused=reused,
                   skipped=skipped, seconds=seconds, warnings=written.warnings)


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


def _resources() -> dict[str, dict]:
    """The most memory (resident, MB) this process and the largest of its finished
    children (workers, the report) have held, and the processor time each side used."""
    import resource

    driver, children = (resource.getrusage(who)
                        for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    return {"peak_memory_mb": {"driver": round(_own_peak_kb(driver.ru_maxrss) / 1024),
                               "largest_child": round(children.ru_maxrss / 1024)},
            "cpu_seconds": {"driver": round(driver.ru_utime + driver.ru_stime, 1),
                            "children": round(children.ru_utime + children.ru_stime, 1)}}


def _own_peak_kb(maxrss_kb: int) -> int:
    """This process's peak resident memory in kB: the kernel's high-water mark of its own
    memory (``VmHWM``), where there is one. ``ru_maxrss`` is kept across ``exec``, so a
    run started by a large process (a benchmark holding its class, an LMS) would report
    that process's peak as its own."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return maxrss_kb  # kB on Linux


def _stamp(seconds: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S%z", time.localtime(seconds))
