"""A check report in words (a table and the total) and as JSON."""

from __future__ import annotations

import sympy

from solver.check.checker import Report
from solver.render.printing import plain


def _number(value) -> str:
    return plain(value, decimal=True) if not isinstance(value, int) else str(value)


def json_number(value) -> int | float:
    """Points as a JSON number: whole numbers stay integers, others round to 6 places."""
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


def report_text(report: Report) -> str:
    rows = [(v.key, v.status, f"{_number(v.score)}/{_number(v.points)}", v.reason)
            for v in report.verdicts]
    width = max([len(r[0]) for r in rows] + [3])
    lines = [f"{report.student} ({report.file})", ""] if report.file else []
    lines.append(f"{'key':<{width}}  {'verdict':<12}  {'points':>8}  feedback")
    for key, status, points, reason in rows:
        lines.append(f"{key:<{width}}  {status:<12}  {points:>8}  {reason}")
    lines.append("")
    lines.extend(f"note: {note}" for note in report.notes)
    lines.append(f"total: {_number(report.score)} / {_number(report.max_score)}")
    return "\n".join(lines)
