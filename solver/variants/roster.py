"""A class roster: the CSV an LMS exports (Canvas, Moodle, Blackboard, a spreadsheet).

The first row is the header; headers are matched without regard to case, spaces,
underscores or a trailing colon. The id column is the first of ``ROSTER_IDS`` present
(``id``, ``student id``, ``id number``, ``sis user id``, ``username``, ``email``, …,
``student`` last); the name column the first of ``ROSTER_NAMES`` (``name``, ``student
name``, ``full name``), else a first and last name pair (``first name`` + ``last name``
or ``surname``), else ``student`` when it is not the id, else the id. Commas,
semicolons and tabs separate; a UTF-8 byte-order mark (Excel) is skipped; empty rows and
Canvas's "Points Possible" row are skipped. A roster without an id column, a row without
an id, or an id given twice is a ``RosterError`` naming the file and the line.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from solver.errors import HwsolverError
from solver.variants.catalog import ROSTER_IDS, ROSTER_NAMES, ROSTER_SPLIT_NAMES

MAX_ROSTER_BYTES = 10_000_000
SKIPPED_ROWS = ("points possible",)


class RosterError(HwsolverError):
    """A roster that cannot be read: ``file:line: what is wrong``."""


@dataclass(frozen=True)
class Student:
    """A student on the roster: the id their variant is drawn for, and their name."""

    id: str
    name: str


def _header(text: str) -> str:
    return re.sub(r"[\s_]+", " ", text.strip().lower()).rstrip(":").strip()


def read_roster(path: str | Path) -> tuple[Student, ...]:
    """The students of a roster CSV, in its order."""
    file = str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise RosterError(f"{file}: {error.strerror or error}") from None
    if len(data) > MAX_ROSTER_BYTES:
        raise RosterError(f"{file}: larger than {MAX_ROSTER_BYTES:,} bytes")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise RosterError(f"{file}:{line}: not UTF-8 (save the roster as CSV UTF-8)") from None
    return roster_from_text(text, file)


def roster_from_text(text: str, file: str = "roster.csv") -> tuple[Student, ...]:
    """The students of a roster's text (see the module's docstring)."""
    text = text.removeprefix("\ufeff")
    lines = text.splitlines()
    if not any(line.strip() for line in lines):
        raise RosterError(f"{file}:1: the roster is empty")
    first = next(line for line in lines if line.strip())
    delimiter = max(",;\t", key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        rows = [(reader.line_num, row) for row in reader]
    except csv.Error as error:
        raise RosterError(f"{file}:{reader.line_num}: {error}") from None
    rows = [(line, row) for line, row in rows if any(cell.strip() for cell in row)]
    header_line, header = rows[0]
    id_column, name_columns = _columns([_header(cell) for cell in header], file, header_line)
    students: list[Student] = []
    seen: dict[str, int] = {}
    for line, row in rows[1:]:
        cells = [cell.strip() for cell in row]
        if cells and _header(cells[0]) in SKIPPED_ROWS:
            continue
        student_id = cells[id_column] if id_column < len(cells) else ""
        if not student_id:
            raise RosterError(f"{file}:{line}: no {header[id_column].strip()!r} (the id column)")
        if student_id in seen:
            raise RosterError(f"{file}:{line}: the id {student_id!r} is also on line "
                              f"{seen[student_id]}")
        seen[student_id] = line
        name = " ".join(cells[column] for column in name_columns
                        if column < len(cells) and cells[column])
        students.append(Student(student_id, name or student_id))
    if not students:
        raise RosterError(f"{file}:{header_line}: the roster has a header but no students")
    return tuple(students)


def _columns(headers: list[str], file: str, line: int) -> tuple[int, tuple[int, ...]]:
    """The id column and the name column(s)."""
    id_column = next((headers.index(name) for name in ROSTER_IDS if name in headers), None)
    if id_column is None:
        raise RosterError(f"{file}:{line}: no id column among the headers "
                          f"({', '.join(headers)}); recognised: {', '.join(ROSTER_IDS)}")
    for name in ROSTER_NAMES:
        if name in headers:
            return id_column, (headers.index(name),)
    for first, last in ROSTER_SPLIT_NAMES:
        if first in headers and last in headers:
            return id_column, (headers.index(first), headers.index(last))
    if "student" in headers and headers.index("student") != id_column:
        return id_column, (headers.index("student"),)
    return id_column, ()
