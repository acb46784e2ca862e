"""The class statistics' records: counts by status, per-key success and difficulty,
diagnoses, scores, the submissions a person should look at; and ``one_line``, which
turns text that students control into a single line."""

from __future__ import annotations

import math
import re
import statistics
import unicodedata
from dataclasses import dataclass

STATUSES = ("graded", "file_error", "timeout", "crashed")

_WHITESPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class StatusCount:
    status: str
    count: int


@dataclass(frozen=True)
class DiagnosisCount:
    """A diagnosis code, how many verdicts carry it, and its most frequent reason."""

    code: str
    count: int
    example: str


@dataclass(frozen=True)
class KeyStatistics:
    """One graded key over the graded submissions: how many answered it, how many were
    correct (success rate: correct / graded), the mean fraction of its points and the
    difficulty 1 − that mean (rates are None when nothing was graded)."""

    key: str
    points: int | float
    answered: int
    correct: int
    success_rate: float | None
    mean_fraction: float | None
    difficulty: float | None
    diagnoses: tuple[DiagnosisCount, ...]

    @property
    def top_diagnosis(self) -> DiagnosisCount | None:
        return self.diagnoses[0] if self.diagnoses else None


@dataclass(frozen=True)
class ScoreSummary:
    count: int
    mean: float | None
    median: float | None
    minimum: float | None
    maximum: float | None


@dataclass(frozen=True)
class NeedsPerson:
    """A submission a person should look at, and why in one line."""

    file: str
    student: str
    why: str


@dataclass(frozen=True)
class CopiedAnswer:
    """An answer wrong for its student's variant but right for other students' variants."""

    file: str
    student: str
    key: str
    others: str


@dataclass(frozen=True)
class VariantSummary:
    """How many students' variants graded the class, and how many a wrong answer was
    compared with (the first ``compared`` by id, submitters first)."""

    students: int
    compared: int
    not_compared: int


@dataclass(frozen=True)
class KeyUnderRequirement:
    """One key's success over the submissions graded against a variant, with a property
    those variants were required to have (every variant of the key's problem has it):
    correct of graded."""

    key: str
    requirement: str
    correct: int
    graded: int


@dataclass(frozen=True)
class ClassStatistics:
    title: str
    spec_file: str
    submissions: int
    statuses: tuple[StatusCount, ...]
    skipped: int
    max_score: int | float
    keys: tuple[KeyStatistics, ...]
    diagnoses: tuple[DiagnosisCount, ...]
    scores: tuple[float, ...]
    needs_person: tuple[NeedsPerson, ...]
    copies: tuple[CopiedAnswer, ...] = ()
    variants: VariantSummary | None = None
    required: tuple[KeyUnderRequirement, ...] = ()

    @property
    def graded(self) -> int:
        return sum(entry.count for entry in self.statuses if entry.status == "graded")

    @property
    def score_summary(self) -> ScoreSummary:
        if not self.scores:
            return ScoreSummary(0, None, None, None, None)
        return ScoreSummary(len(self.scores), math.fsum(self.scores) / len(self.scores),
                            statistics.median(self.scores), min(self.scores), max(self.scores))


def one_line(value: object) -> str:
    """Text on one line: composed accents, whitespace runs as one space, no control characters."""
    text = "" if value is None else unicodedata.normalize("NFC", str(value))
    if text.isprintable() and "  " not in text:
        return text.strip()
    kept = "".join(char for char in text
                   if char.isspace() or unicodedata.category(char) != "Cc")
    return _WHITESPACE.sub(" ", kept).strip()
