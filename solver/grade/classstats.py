"""Statistics of a graded batch: counts by status, per-key success and difficulty,
diagnoses, scores and the submissions a person should look at; and how their numbers are
written.

Everything is computed from results.json (as a dict). Lists are ordered by count
(descending) then by name, submissions by file, so the same results give the same
statistics on every run. Text that students control (file names, names, reasons) is
turned into single lines here (``one_line``).
"""

from __future__ import annotations

from solver.grade.statsmodel import (  # noqa: F401 - part of this module's API
    STATUSES,
    ClassStatistics,
    CopiedAnswer,
    DiagnosisCount,
    KeyStatistics,
    KeyUnderRequirement,
    NeedsPerson,
    ScoreSummary,
    StatusCount,
    VariantSummary,
    one_line,
)
from solver.grade.tally import ClassTally


def class_statistics(results: dict) -> ClassStatistics:
    """Counts, per-key success and difficulty, diagnoses, scores and the needs-a-person list
    of results.json (as a dict); ``solver.grade.tally`` gathers them."""
    tally = ClassTally(results)
    for submission in results.get("submissions", []):
        tally.add(submission)
    return tally.statistics()


def number(value: float | int | None) -> str:
    """A score or point value: whole numbers without decimals, others to two places."""
    if value is None:
        return "n/a"
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.2f}".rstrip("0").rstrip(".")


def percent(value: float | None) -> str:
    return "n/a" if value is None else f"{value * 100:.0f}%"


def share(part: int, whole: int) -> str:
    """``part`` of ``whole`` and its percentage: "3 of 12 (25%)", "0 of 0 (n/a)"."""
    return f"{part} of {whole} ({percent(part / whole if whole else None)})"


def ratio(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}"
