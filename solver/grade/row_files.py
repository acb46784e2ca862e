"""results.json and grades.csv, row by row in file order, with each row's feedback file.

Each row is read back from the journal and written to both files, and its feedback moved
into feedback/ (or rendered, when it is not as graded). A row that no other row changes
is copied as the journal has it, with the grades.csv line its worker made; the others
are decoded, changed and encoded again. With more than one process at
hand and enough rows, the rows are cut into consecutive parts: the first is written
here, each other in a forked process into a part file of its own, and the parts are
then joined in order. The files are the same bytes whichever way they were written.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from solver.grade import gradebook, journal
from solver.grade.background import Background, BackgroundFailed
from solver.grade.feedback_files import STATE, FeedbackWriter

ROWS_PER_PROCESS = 5000  # fewer rows than this per process are written by one
PARTS = "rows-parts"  # inside STATE: the part files of the other processes


@dataclass(frozen=True)
class Rows:
    """Where the rows come from: ``final(file)``, a row decoded, with what other rows
    sharing its student id add to it; ``journaled(file)``, its JSON text and ``lines``
    (``Packed``) as journaled, or None when it is not results.json's row as it is."""

    final: Callable[[str], dict]
    journaled: Callable[[str], tuple[bytes, dict[str, str]] | None] = lambda _file: None


@dataclass(frozen=True)
class Part:
    """What a forked process's rows give besides its part files: what the Canvas and
    Moodle files need of each row, and what its feedback writer wrote."""

    lms: list[dict]
    feedback: tuple[set[str], list[str]]


def write_rows(out: Path, head: dict, summaries: list[dict], rows: Rows,
               feedback: FeedbackWriter, processes: int = 1) -> list[dict]:
    """Write results.json and grades.csv of ``head`` and the rows of ``summaries`` (in
    order; ``rows`` gives each) and each row's feedback; returns what the Canvas and
    Moodle files need of each row."""
    keys = [entry["key"] for entry in head["keys"]]
    count = max(1, min(processes, len(summaries) // ROWS_PER_PROCESS))
    size = -(-len(summaries) // count) if summaries else 0
    chunks = [summaries[start:start + size] for start in range(0, len(summaries), size)] \
        if summaries else [[]]
    folder = out / STATE / PARTS
    document = gradebook.ResultsJson(head)
    others = [Background(_part_files, folder, index, document, chunk, keys, rows, feedback,
                         size * index, name="hwsolver-rows")
              for index, chunk in enumerate(chunks[1:], start=1)]
    lms: list[dict] = []
    try:
        with journal.atomic_file(out / "results.json", durable=True) as results, \
                journal.atomic_file(out / "grades.csv", durable=True) as grades:
            results.write(document.start().encode("utf-8"))
            grades.write(gradebook.grades_header(keys).encode("utf-8"))
            lms.extend(_write_part(document, chunks[0], keys, rows, feedback, results, grades))
            for index, other in enumerate(others, start=1):
                try:
                    part = other.result()
                except BackgroundFailed:  # its process failed: its rows are written here
                    document.continuing(size * index)
                    lms.extend(_write_part(document, chunks[index], keys, rows, feedback,
                                           results, grades))
                    continue
                for suffix, handle in (("json", results), ("csv", grades)):
                    with open(_part_path(folder, index, suffix), "rb") as written:
                        shutil.copyfileobj(written, handle)
                lms.extend(part.lms)
                feedback.take(*part.feedback)
            document.continuing(len(summaries))
            results.write(document.end().encode("utf-8"))
    finally:
        for other in others:
            other.kill()
        shutil.rmtree(folder, ignore_errors=True)
    return lms


def _part_files(folder: Path, index: int, document: gradebook.ResultsJson,
                chunk: list[dict], keys: list[str], rows: Rows, feedback: FeedbackWriter,
                before: int) -> Part:
    """In a forked process: the rows of ``chunk`` (which has ``before`` rows before it)
    into this part's own files."""
    document.continuing(before)
    folder.mkdir(parents=True, exist_ok=True)
    feedback.forget()
    with journal.atomic_file(_part_path(folder, index, "json")) as results, \
            journal.atomic_file(_part_path(folder, index, "csv")) as grades:
        lms = _write_part(document, chunk, keys, rows, feedback, results, grades)
    return Part(lms, feedback.written())


def _write_part(document: gradebook.ResultsJson, chunk: list[dict], keys: list[str],
                rows: Rows, feedback: FeedbackWriter, results, grades) -> list[dict]:
    """Write the rows of ``chunk``; what the Canvas and Moodle files need of each."""
    lms = []
    for summary in chunk:
        journaled = rows.journaled(summary["file"])
        if journaled is None:
            row = rows.final(summary["file"])
            results.write(document.row(row).encode("utf-8"))
            grades.write(gradebook.grades_row(row, keys).encode("utf-8"))
            lms.append(_lms(row, gradebook.moodle_summary(row)))
        else:
            text, lines = journaled
            results.write(document.row_text(text))
            grades.write(lines["grades"].encode("utf-8"))
            lms.append(_lms(summary, lines["moodle"]))
        feedback.write(summary["file"], rows.final)
    return lms


def _lms(row: dict, moodle: str) -> dict:
    """What the Canvas and Moodle files need of a row (or of its summary)."""
    return {"student": row["student"], "score": row["score"], "status": row["status"],
            **({"counts": row["counts"]} if "counts" in row else {}),
            gradebook.SUMMARY: moodle}


def _part_path(folder: Path, index: int, suffix: str) -> Path:
    return folder / f"part-{index}.{suffix}"
