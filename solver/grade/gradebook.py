"""The gradebook: grades.csv, Canvas and Moodle import files, and results.json.

Every cell that comes from a student's text (names, files, messages) is made inert for
spreadsheets: a cell that would start with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return (read as a formula by Excel, LibreOffice and Google Sheets) gets a leading ``'``,
and line breaks become spaces. Numbers are written as plain decimals.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "|", "%")


def safe_cell(value) -> str:
    """A cell no spreadsheet will run as a formula."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return number(value)
    text = str(value).replace("\r", " ").replace("\n", " ")
    return "'" + text if text.startswith(FORMULA_STARTS) else text


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
        writer.writerow([safe_cell(cell) for cell in row])
    return buffer.getvalue()


def grades_csv(results: dict) -> str:
    """One row per submission: student, file, status, total, maximum, a column per key,
    then what needs a person and the error, if any."""
    keys = [k["key"] for k in results["keys"]]
    rows: list[list] = [["student", "file", "status", "total", "maximum", *keys,
                         "needs_review", "error"]]
    for submission in results["submissions"]:
        scores = {v["key"]: v["score"] for v in submission["verdicts"]}
        rows.append([submission["student"], submission["file"], submission["status"],
                     submission["score"], submission["max_score"],
                     *[scores.get(key) for key in keys],
                     "; ".join(submission["flags"]), submission["error"]])
    return _csv(rows)


def canvas_csv(results: dict, assignment: str) -> str:
    """Canvas gradebook import: Student, ID, SIS User ID, SIS Login ID, Section, then the
    assignment's column, with a 'Points Possible' row. Students are matched by login id;
    submissions that were not graded are left blank (Canvas keeps what it has)."""
    rows: list[list] = [["Student", "ID", "SIS User ID", "SIS Login ID", "Section", assignment],
                        ["Points Possible", "", "", "", "", results["max_score"]]]
    for submission in results["submissions"]:
        rows.append([submission["student"], "", "", submission["student"], "",
                     submission["score"]])
    return _csv(rows)


def moodle_csv(results: dict, assignment: str) -> str:
    """Moodle 'Import grades from CSV': a username column to map to the user, the grade
    and a feedback column."""
    rows: list[list] = [["Username", assignment, "Feedback"]]
    for submission in results["submissions"]:
        rows.append([submission["student"], submission["score"], _summary(submission)])
    return _csv(rows)


def _summary(submission: dict) -> str:
    if submission["status"] != "graded":
        return f"not graded ({submission['status'].replace('_', ' ')}); see your instructor"
    counts: dict[str, int] = {}
    for verdict in submission["verdicts"]:
        if verdict["points"]:
            counts[verdict["status"]] = counts.get(verdict["status"], 0) + 1
    return ", ".join(f"{count} {status}" for status, count in sorted(counts.items()))


def results_json(results: dict) -> str:
    """Sorted keys; one submission per line (quick to write and to diff)."""
    def dump(value) -> str:
        return json.dumps(value, sort_keys=True, ensure_ascii=False)

    fields = [f"  {dump(name)}: {dump(value)}" for name, value in sorted(results.items())
              if name != "submissions"]
    rows = ",\n".join(f"    {dump(row)}" for row in results["submissions"])
    fields.append(f'  "submissions": [\n{rows}\n  ]' if rows else '  "submissions": []')
    return "{\n" + ",\n".join(sorted(fields)) + "\n}\n"
