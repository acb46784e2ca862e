r"""The gradebook: grades.csv, Canvas and Moodle import files, and results.json.

Every cell that comes from a student's text (names, files, messages) is made inert for
spreadsheets: a cell that would start with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return (read as a formula by Excel, LibreOffice and Google Sheets), as written or once
compatibility characters are folded (NFKC: a full-width ``＝`` is ``=``) and leading spaces
dropped, gets a leading ``'``. Names (students and files) are written unambiguously: a
backslash is doubled and a control character is escaped (``\n``, ``\x07``), so
``a<newline>b.yaml`` never reads as ``a b.yaml``; in prose (messages) line breaks become
spaces. Numbers are plain decimals.

The import files have one row per login: when one student id has more than one
submission, the row is the one the run marked ``counts`` (the later or the higher), or,
when none is, a row with an empty grade cell (the LMS keeps what it has).
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from collections.abc import Sequence

SUMMARY = "moodle_summary"  # a row's Moodle feedback, worked out ahead (no verdicts kept)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "|", "%")
_ESCAPES = {"\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def safe_cell(value) -> str:
    """A cell no spreadsheet will run as a formula."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return number(value)
    text = str(value).replace("\r", " ").replace("\n", " ")
    return _inert(text)


def name_cell(value) -> str:
    r"""A student's or a file's name, unambiguous and inert: ``\\`` for a backslash,
    ``\n``, ``\t``, ``\x07``, ``\u2028`` for control characters and line separators."""
    if value is None:
        return ""
    escaped = "".join(_ESCAPES.get(c, _escape_control(c)) for c in str(value))
    return _inert(escaped)


def _escape_control(character: str) -> str:
    if unicodedata.category(character) not in ("Cc", "Zl", "Zp"):
        return character
    code = ord(character)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _inert(text: str) -> str:
    """``text``, with a leading ``'`` if it starts like a formula as written, or once folded
    (NFKC) and stripped of leading spaces, as some importers do."""
    looks_like = unicodedata.normalize("NFKC", text[:16]).lstrip(" ")
    return "'" + text if text.startswith(FORMULA_STARTS) or \
        looks_like.startswith(FORMULA_STARTS) else text


class Name(str):
    """A cell to be written with ``name_cell``."""


def number(value) -> str:
    """2 → '2', 1.5 → '1.5', 0.3333333 → '0.333333'."""
    if isinstance(value, int):
        return str(value)
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _csv(rows: Sequence[Sequence]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    for row in rows:
        writer.writerow([name_cell(cell) if isinstance(cell, Name) else safe_cell(cell)
                         for cell in row])
    return buffer.getvalue()


def grades_csv(results: dict) -> str:
    """One row per submission: student, file, status, total, maximum, a column per key,
    then what needs a person and the error, if any."""
    keys = [k["key"] for k in results["keys"]]
    return grades_header(keys) + "".join(grades_row(s, keys) for s in results["submissions"])


def grades_header(keys: list[str]) -> str:
    """grades.csv's first line."""
    return _csv([["student", "file", "status", "total", "maximum", *keys,
                  "needs_review", "error"]])


def grades_row(submission: dict, keys: list[str]) -> str:
    """One submission's line of grades.csv."""
    scores = {v["key"]: v["score"] for v in submission["verdicts"]}
    return _csv([[Name(submission["student"]), Name(submission["file"]),
                  submission["status"], submission["score"], submission["max_score"],
                  *[scores.get(key) for key in keys],
                  "; ".join(submission["flags"]), submission["error"]]])


def canvas_csv(results: dict, assignment: str) -> str:
    """Canvas gradebook import: Student, ID, SIS User ID, SIS Login ID, Section, then the
    assignment's column, with a 'Points Possible' row. Students are matched by login id,
    one row each; submissions that were not graded are left blank (Canvas keeps what it
    has)."""
    rows: list[list] = [["Student", "ID", "SIS User ID", "SIS Login ID", "Section", assignment],
                        ["Points Possible", "", "", "", "", results["max_score"]]]
    for submission, undecided in per_login(results["submissions"]):
        student = Name(submission["student"])
        rows.append([student, "", "", student, "", None if undecided else submission["score"]])
    return _csv(rows)


def moodle_csv(results: dict, assignment: str) -> str:
    """Moodle 'Import grades from CSV': a username column to map to the user, the grade
    and a feedback column; one row per username."""
    rows: list[list] = [["Username", assignment, "Feedback"]]
    for submission, undecided in per_login(results["submissions"]):
        if undecided:
            rows.append([Name(submission["student"]), None,
                         "more than one submission under this id; see your instructor"])
        else:
            rows.append([Name(submission["student"]), submission["score"],
                         submission.get(SUMMARY) if SUMMARY in submission
                         else moodle_summary(submission)])
    return _csv(rows)


def per_login(submissions: Sequence[dict]) -> list[tuple[dict, bool]]:
    """One (submission, undecided) per student id (case aside), in the order of their
    first file: the only submission, the one marked ``counts``, or, when several are and
    none counts, the first with ``undecided`` true."""
    groups: dict[str, list[dict]] = {}
    for submission in submissions:
        groups.setdefault(submission["student"].casefold(), []).append(submission)
    chosen = []
    for group in groups.values():
        counted = [s for s in group if s.get("counts")]
        if len(group) == 1 or counted:
            chosen.append(((counted or group)[0], False))
        else:
            chosen.append((group[0], True))
    return chosen


def moodle_summary(submission: dict) -> str:
    """Moodle's feedback cell: the verdicts counted by status, or why not graded."""
    if submission["status"] != "graded":
        return f"not graded ({submission['status'].replace('_', ' ')}); see your instructor"
    counts: dict[str, int] = {}
    for verdict in submission["verdicts"]:
        if verdict["points"]:
            counts[verdict["status"]] = counts.get(verdict["status"], 0) + 1
    return ", ".join(f"{count} {status}" for status, count in sorted(counts.items()))


def results_json(results: dict) -> str:
    """Sorted keys; one submission per line (quick to write and to diff)."""
    writer = ResultsJson({name: value for name, value in results.items()
                          if name != "submissions"})
    return writer.start() + "".join(writer.row(row) for row in results["submissions"]) \
        + writer.end()


class ResultsJson:
    """results.json in pieces: ``start()``, ``row(submission)`` for each in file order,
    then ``end()``; the same text as ``results_json`` of the whole document."""

    FIELD = '  "submissions": ['

    def __init__(self, head: dict):
        fields = sorted([*(f"  {json_text(name)}: {json_text(value)}"
                           for name, value in head.items()), self.FIELD])
        at = fields.index(self.FIELD)
        self._before, self._after = fields[:at], fields[at + 1:]
        self._rows = 0

    def start(self) -> str:
        return "{\n" + "".join(f"{field},\n" for field in self._before) + self.FIELD

    def row(self, submission: dict) -> str:
        return f"{self._before_row()}    {json_text(submission)}"

    def row_text(self, text: bytes) -> bytes:
        """``row`` of a submission given as its ``json_text``, in UTF-8."""
        return f"{self._before_row()}    ".encode() + text

    def _before_row(self) -> str:
        self._rows += 1
        return "\n" if self._rows == 1 else ",\n"

    def continuing(self, rows: int) -> None:
        """Carry on after ``rows`` rows written elsewhere."""
        self._rows = rows

    def end(self) -> str:
        return ("\n  ]" if self._rows else "]") \
            + "".join(f",\n{field}" for field in self._after) + "\n}\n"


def json_text(value) -> str:
    """JSON with sorted keys, characters beyond ASCII as they are."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False)
