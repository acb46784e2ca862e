"""Every output of a grading run, from its gathered results: results.json, grades.csv,
the Canvas and Moodle import files, feedback/ and the class report.

``write_outputs`` is the one way they are written, whoever gathered the results (this
machine's worker pool or a cluster): the results are put in file order, submissions that
share a student id are flagged or one is marked as counting, and each file is written
atomically. The outputs depend only on the results, the spec and, with ``duplicates``
``later``, on the files' modification times.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from solver.errors import RenderError
from solver.grade import gradebook, journal
from solver.grade.background import Background, BackgroundFailed
from solver.grade.discover import Skipped
from solver.grade.feedback import Feedback
from solver.grade.work import Grader

STATE = ".hwsolver"  # the run's own folder inside the output folder
STAGED = "feedback-staged"  # inside STATE: feedback rendered where it was graded
FEEDBACK_SUFFIX = {"markdown": "md", "latex": "tex"}
DUPLICATE = "duplicate-student"
LATER, BEST, FLAG = "later", "best", "flag"
DUPLICATE_RULES = {LATER: "later", BEST: "higher score"}  # FLAG names no winner


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
    """results.json's content as written, and what went wrong without stopping the run."""

    document: dict
    warnings: tuple[str, ...]


def write_outputs(out: Path, grader: Grader, spec: Path, results: Iterable[dict],
                  skipped: Iterable[Skipped] = (), settings: Settings = Settings(),
                  modified: dict[str, int] | None = None,
                  staged: frozenset[str] = frozenset()) -> Written:
    """Write every output into ``out`` from one result per submission (any order; the
    outputs are in file order). ``modified`` gives each file's modification time (ns) for
    ``duplicates`` ``later``; ``staged`` names the files whose feedback ``stage_feedback``
    rendered in this run. Raises journal.OutputError when ``out`` does not take them."""
    ordered = sorted(results, key=lambda result: result["file"])
    document = results_document(grader, Path(spec), ordered, tuple(skipped),
                                settings.duplicates, modified)
    return Written(document, _write_files(Path(out), grader, document, settings, staged))


def stage_feedback(out: Path, grader: Grader, result: dict, pdf: bool = False) -> None:
    """Render a result's feedback where it was graded (a worker), into the run's staging
    folder. ``write_outputs`` moves it into feedback/ when the row is as graded (its
    student id shared with no other submission) and renders it itself otherwise. A file
    that cannot be written here is left to ``write_outputs``, which says why."""
    row = graded_row(result, grader.max_score())
    feedback = feedback_for(_solved_for(grader, row))
    for fmt in ("markdown", "latex") if pdf else ("markdown",):
        target = staged_path(out, result["file"], fmt)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            journal.write_atomic(target, feedback.render(row, fmt))
        except (OSError, journal.OutputError):
            journal.remove_quietly(target)
            return


def staged_path(out: Path, file: str, fmt: str) -> Path:
    """Where ``stage_feedback`` puts one submission's feedback in one format."""
    name = journal.content_digest(file.encode())[:32]
    return out / STATE / STAGED / f"{name}.{FEEDBACK_SUFFIX[fmt]}"


def graded_row(submission: dict, max_score) -> dict:
    """A submission's row of results.json before any other submission is looked at."""
    return {**submission, "max_score": max_score, "flags": list(submission["flags"])}


def results_document(grader: Grader, spec: Path, submissions: list[dict], skipped,
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
        row = graded_row(submission, max_score)
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


def _write_files(out: Path, grader: Grader, document: dict, settings: Settings,
                 staged: frozenset[str]) -> tuple:
    from solver.grade.classreport import write_report

    title = grader.solved.title
    report = Background(write_report, document, out, True, settings.engine)
    try:
        journal.write_atomic(out / "results.json", gradebook.results_json(document),
                             durable=True)
        journal.write_atomic(out / "grades.csv", gradebook.grades_csv(document), durable=True)
        journal.write_atomic(out / "canvas.csv", gradebook.canvas_csv(document, title),
                             durable=True)
        journal.write_atomic(out / "moodle.csv", gradebook.moodle_csv(document, title),
                             durable=True)
        warnings = list(_write_feedback(out, grader, document, settings, staged))
        try:
            report.result()  # raises OutputError if the report could not be written
        except BackgroundFailed as problem:
            warnings.append(f"class report: {problem}")
    finally:
        report.kill()
    return tuple(warnings)


def _feedback_text(out: Path, grader: Grader, row: dict, fmt: str, as_graded: bool,
                   read: bool = False) -> str | None:
    """A row's feedback in one format: rendered now, or (``as_graded``) the staged file's
    text when ``read``, else None (the staged file is there to be moved)."""
    staged = staged_path(out, row["file"], fmt) if as_graded else None
    if staged is not None and staged.is_file():
        if not read:
            return None
        with journal.writing(staged):
            return staged.read_text(encoding="utf-8")
    return feedback_for(_solved_for(grader, row)).render(row, fmt)


_FEEDBACKS: dict[int, tuple[object, Feedback]] = {}  # by id of a solved set, kept alive
_MAX_FEEDBACKS = 4096


def feedback_for(solved) -> Feedback:
    """One Feedback per solved set and process (each part's worked solution rendered once)."""
    if id(solved) not in _FEEDBACKS or _FEEDBACKS[id(solved)][0] is not solved:
        if len(_FEEDBACKS) >= _MAX_FEEDBACKS:
            _FEEDBACKS.clear()
        _FEEDBACKS[id(solved)] = (solved, Feedback(solved))
    return _FEEDBACKS[id(solved)][1]


def _solved_for(grader: Grader, row: dict):
    """The solved set a row was graded against: the student's own variant, or the set."""
    if grader.specs is not None and "variant" in row:
        return grader.specs.for_student(row["variant"]["student"])
    return grader.solved


def _write_feedback(out: Path, grader: Grader, document: dict, settings: Settings,
                    staged: frozenset[str]):
    from solver.render.pdf import available_engine, compile_pdf

    folder = out / "feedback"
    with journal.writing(folder):
        folder.mkdir(parents=True, exist_ok=True)
    names = feedback_names(document["submissions"])
    logins = Counter(row["student"].casefold() for row in document["submissions"])
    wanted = set()
    sources: list[tuple[str, Path]] = []
    for submission in document["submissions"]:
        name = names[submission["file"]]
        as_graded = submission["file"] in staged and logins[submission["student"].casefold()] == 1
        text = _feedback_text(out, grader, submission, "markdown", as_graded)
        if text is None:
            with journal.writing(folder / f"{name}.md"):
                os.replace(staged_path(out, submission["file"], "markdown"),
                           folder / f"{name}.md")
        else:
            journal.write_atomic(folder / f"{name}.md", text)
        wanted.add(f"{name}.md")
        if settings.pdf:
            source = _feedback_text(out, grader, submission, "latex", as_graded, read=True)
            sources.append((source, folder / f"{name}.pdf"))
            wanted.add(f"{name}.pdf")
    for stale in folder.iterdir():
        if stale.name not in wanted and stale.suffix in (".md", ".pdf"):
            with journal.writing(stale):
                stale.unlink()
    if not sources:
        return
    engine = available_engine(settings.engine)
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

    with ThreadPoolExecutor(max_workers=max(1, settings.jobs)) as executor:
        for problem in executor.map(lambda pair: compile_one(*pair), sources):
            if problem:
                yield problem
