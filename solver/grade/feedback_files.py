"""Per-student feedback files: rendered where each submission was graded (a worker) into
the run's staging folder, or here; named after the student; Markdown always, PDF on
request.

A feedback file is moved from staging when its row is as graded (its student id shared
with no other submission); otherwise it is rendered from the row results.json has.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from solver.errors import RenderError
from solver.grade import journal
from solver.grade.feedback import Feedback
from solver.grade.rows import graded_row
from solver.grade.work import Grader
from solver.memo import PerObject

STATE = ".hwsolver"  # the run's own folder inside the output folder
STAGED = "feedback-staged"  # inside STATE: feedback rendered where it was graded
FEEDBACK_SUFFIX = {"markdown": "md", "latex": "tex"}
feedback_for = PerObject(Feedback)  # one per solved set and process: parts rendered once


def stage_feedback(out: Path, grader: Grader, result: dict, pdf: bool = False) -> None:
    """Render a result's feedback where it was graded (a worker), into the run's staging
    folder. ``write_outputs`` moves it into feedback/ when the row is as graded (its
    student id shared with no other submission) and renders it itself otherwise. A file
    that cannot be written here is left to ``write_outputs``, which says why."""
    for fmt in ("markdown", "latex") if pdf else ("markdown",):
        if not write_staged(out, result["file"], fmt, feedback_as_graded(grader, result, fmt)):
            return


def feedback_as_graded(grader: Grader, result: dict, fmt: str) -> str:
    """A result's feedback in ``fmt`` from its row as graded (no other row looked at)."""
    row = graded_row(result, grader.max_score())
    return feedback_for(_solved_for(grader, row)).render(row, fmt)


def feedback_pieces(grader: Grader, result: dict, fmt: str) -> list[str]:
    """``feedback_as_graded`` cut at its worked solutions (``Feedback.render_pieces``),
    which the run has already: what a cluster's worker sends."""
    row = graded_row(result, grader.max_score())
    return feedback_for(_solved_for(grader, row)).render_pieces(row, fmt)


def write_staged(out: Path, file: str, fmt: str, text: str) -> bool:
    """Put feedback rendered elsewhere in the staging folder; False if it cannot be.

    Written in place rather than renamed into place: the folder is emptied at the start
    of every run, and a staged file is only used for a submission whose result came back,
    which is after its file was written whole."""
    return _staged_as(staged_path(out, file, fmt), text.encode("utf-8"))


def write_staged_pieces(out: Path, grader: Grader, result: dict,
                        pieces: list[str]) -> bool:
    """Put Markdown feedback that came as ``feedback_pieces`` (from a cluster's worker) in
    the staging folder, whole: ``result`` (its ``view`` will do) says which set's worked
    solutions go in. False if it cannot be written, or names a part the set has not (it
    is then rendered here with the other outputs)."""
    try:
        whole = feedback_for(_solved_for(grader, result)).joined(pieces, "markdown")
    except KeyError:
        return False
    return _staged_as(staged_path(out, result["file"], "markdown"), whole.encode("utf-8"))


def _staged_as(target: Path, data: bytes) -> bool:
    try:
        try:
            target.write_bytes(data)
        except FileNotFoundError:  # the first file of the run
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
    except OSError:
        journal.remove_quietly(target)
        return False
    return True


def staged_path(out: Path, file: str, fmt: str) -> Path:
    """Where ``stage_feedback`` puts one submission's feedback in one format."""
    name = journal.content_digest(file.encode())[:32]
    return out / STATE / STAGED / f"{name}.{FEEDBACK_SUFFIX[fmt]}"


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


def _feedback_text(out: Path, grader: Grader, row: dict, fmt: str, as_graded: bool) -> str:
    """A row's feedback in one format: (``as_graded``) the staged file's text when there
    is one, else rendered now."""
    staged = staged_path(out, row["file"], fmt) if as_graded else None
    if staged is not None and staged.is_file():
        with journal.writing(staged):
            return staged.read_text(encoding="utf-8")
    return _rendered(grader, row, fmt)


def _rendered(grader: Grader, row: dict, fmt: str) -> str:
    return feedback_for(_solved_for(grader, row)).render(row, fmt)


def _solved_for(grader: Grader, row: dict):
    """The solved set a row was graded against: the student's own variant, or the set."""
    if grader.specs is not None and "variant" in row:
        return grader.specs.for_student(row["variant"]["student"])
    return grader.solved


class FeedbackWriter:
    """feedback/: one Markdown file per row as the rows come (in file order), then, with
    ``pdf``, the PDFs, compiled ``jobs`` at a time (each recompiled only when its source
    changed)."""

    def __init__(self, out: Path, grader: Grader, summaries: list[dict],
                 staged: frozenset[str], pdf: bool = False, engine: str | None = None,
                 jobs: int = 1):
        self.out, self.grader, self.staged = out, grader, staged
        self.pdf, self.engine, self.jobs = pdf, engine, jobs
        self.folder = out / "feedback"
        with journal.writing(self.folder):
            self.folder.mkdir(parents=True, exist_ok=True)
        self.names = feedback_names(summaries)
        logins: dict[str, int] = {}
        for summary in summaries:
            login = summary["student"].casefold()
            logins[login] = logins.get(login, 0) + 1
        self._alone = {s["file"] for s in summaries if logins[s["student"].casefold()] == 1}
        self._wanted: set[str] = set()
        self._pdfs: list[str] = []

    def write(self, file: str, row_of: Callable[[str], dict]) -> None:
        """The Markdown feedback of one row (moved from staging when it is as graded,
        else rendered from ``row_of(file)``)."""
        name = self.names[file]
        target = self.folder / f"{name}.md"
        staged = staged_path(self.out, file, "markdown")
        if self._as_graded(file) and staged.is_file():
            with journal.writing(target):
                os.replace(staged, target)
        else:
            journal.write_atomic(target, _rendered(self.grader, row_of(file), "markdown"))
        self._wanted.add(target.name)
        if self.pdf:
            self._pdfs.append(file)
            self._wanted.add(f"{name}.pdf")

    def forget(self) -> None:
        """Start a new record of what is written (in a process that writes some rows)."""
        self._wanted, self._pdfs = set(), []

    def written(self) -> tuple[set[str], list[str]]:
        """The feedback files written (and the rows whose PDFs are to be made)."""
        return set(self._wanted), list(self._pdfs)

    def take(self, wanted: set[str], pdfs: list[str]) -> None:
        """Count feedback another process wrote (``written``) as written here."""
        self._wanted |= wanted
        self._pdfs.extend(pdfs)

    def _as_graded(self, file: str) -> bool:
        return file in self.staged and file in self._alone

    def finish(self, row_of):
        """Remove feedback of submissions gone; compile the PDFs (``row_of(file)`` gives a
        row again). Yields a warning for each PDF that could not be made."""
        for stale in self.folder.iterdir():
            if stale.name not in self._wanted and stale.suffix in (".md", ".pdf"):
                with journal.writing(stale):
                    stale.unlink()
        if not self._pdfs:
            return
        from solver.render.pdf import available_engine

        engine = available_engine(self.engine)
        if engine is None:
            yield "feedback PDFs: no TeX engine found; the Markdown feedback is written"
            return
        cache = self.out / STATE / "feedback-tex"
        with journal.writing(cache):
            cache.mkdir(parents=True, exist_ok=True)
        with ThreadPoolExecutor(max_workers=max(1, self.jobs)) as executor:
            pending = []
            for file in self._pdfs:
                row = row_of(file)
                source = _feedback_text(self.out, self.grader, row, "latex",
                                        self._as_graded(file))
                target = self.folder / f"{self.names[file]}.pdf"
                pending.append(executor.submit(_compile_one, source, target, cache, engine))
                while len(pending) > 2 * max(1, self.jobs):
                    yield from _problem(pending.pop(0))
            for future in pending:
                yield from _problem(future)


def _problem(future):
    problem = future.result()
    if problem:
        yield problem


def _compile_one(source: str, target: Path, cache: Path, engine: str) -> str | None:
    from solver.render.pdf import compile_pdf

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
