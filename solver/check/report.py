"""A check report in words (a table and the total) and as JSON."""

from __future__ import annotations

import re
import shutil
import textwrap

import sympy

from solver.check.checker import Report
from solver.render.printing import plain

MIN_WIDTH = 50  # columns: narrower terminals get a 50-column table
MIN_FEEDBACK = 30  # keys wrap before the feedback column gets narrower than this
GAP = "  "


def _number(value) -> str:
    return plain(value, decimal=True) if not isinstance(value, int) else str(value)


def json_number(value) -> int | float:
    """Points as a JSON number: whole numbers stay integers, others round to 6 places."""
    if type(value) is int:
        return value
    if isinstance(value, sympy.Integer):
        return int(value)
    if isinstance(value, sympy.Rational):  # p/q: Python's division rounds as SymPy's float
        return round(int(value.p) / int(value.q), 6)
    value = sympy.Rational(value)
    return int(value) if value.q == 1 else round(float(value), 6)


def report_json(report: Report) -> dict:
    return {
        "student": report.student or None,
        "score": json_number(report.score),
        "max_score": json_number(report.max_score),
        "parts": [{"key": v.key, "status": v.status, "score": json_number(v.score),
                   "points": json_number(v.points), "reason": v.reason, "diagnosis": v.diagnosis,
                   "decided_by": v.decided_by} for v in report.verdicts],
        "notes": list(report.notes),
    }


def report_text(report: Report, width: int | None = None) -> str:
    """The verdicts as a table no wider than ``width`` columns (default: the terminal's,
    or ``COLUMNS``; at least ``MIN_WIDTH``): long keys and feedback wrap inside their
    cells; then the notes and the total."""
    width = max(shutil.get_terminal_size().columns if width is None else width, MIN_WIDTH)
    rows = [(v.key, v.status, f"{_number(v.score)}/{_number(v.points)}", v.reason)
            for v in report.verdicts]
    header = ("key", "verdict", "points", "feedback")
    verdict_width, points_width = (max(len(row[column]) for row in [header, *rows])
                                   for column in (1, 2))
    room = width - verdict_width - points_width - 3 * len(GAP)
    key_width = min(max(len(row[0]) for row in [header, *rows]),
                    max(room - MIN_FEEDBACK, room // 2))
    widths = (key_width, verdict_width, points_width, room - key_width)
    lines = _wrapped(f"{report.student} ({report.file})", width) + [""] if report.file else []
    for row in [header, *rows]:
        lines.extend(_table_row(row, widths))
    lines.append("")
    for note in report.notes:
        lines.extend(_wrapped(f"note: {note}", width, indent="  "))
    lines.append(f"total: {_number(report.score)} / {_number(report.max_score)}")
    return "\n".join(lines)


def _table_row(cells: tuple[str, str, str, str], widths: tuple[int, ...]) -> list[str]:
    """One row of the table, as many lines as its tallest cell needs."""
    key = _wrapped_key(cells[0], widths[0])
    verdict, points, feedback = (_wrapped(cell, width) for cell, width in
                                 zip(cells[1:], widths[1:], strict=True))
    height = max(len(key), len(verdict), len(points), len(feedback))
    key_width, verdict_width, points_width, _ = widths
    lines = []
    for index in range(height):
        lines.append(GAP.join((
            f"{_at(key, index):<{key_width}}", f"{_at(verdict, index):<{verdict_width}}",
            f"{_at(points, index):>{points_width}}", _at(feedback, index))).rstrip())
    return lines


def _wrapped(text: str, width: int, indent: str = "") -> list[str]:
    return textwrap.wrap(text, width, subsequent_indent=indent, break_long_words=True,
                         break_on_hyphens=True) or [""]


def _wrapped_key(key: str, width: int) -> list[str]:
    """A key broken after a '.' or '-' where it can be, else anywhere."""
    lines = [""]
    for piece in re.split(r"(?<=[.-])", key):
        if lines[-1] and len(lines[-1]) + len(piece) > width:
            lines.append("")
        lines[-1] += piece
    return [line[start:start + width] for line in lines
            for start in range(0, max(len(line), 1), width)]


def _at(lines: list[str], index: int) -> str:
    return lines[index] if index < len(lines) else ""
