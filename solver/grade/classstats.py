"""Statistics of a graded batch: counts by status, per-key success and difficulty,
diagnoses, scores and the submissions a person should look at; and how their numbers are
written.

Everything is computed from results.json (as a dict). Lists are ordered by count
(descending) then by name, submissions by file, so the same results give the same
statistics on every run. Text that students control (file names, names, reasons) is
turned into single lines here (``one_line``).
"""

from __future__ import annotations

import math
import re
import statistics
import unicodedata
from collections import Counter
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


def class_statistics(results: dict) -> ClassStatistics:
    """Counts, per-key success and difficulty, diagnoses, scores and the needs-a-person list."""
    submissions = sorted(results.get("submissions", []),
                         key=lambda s: (str(s.get("file", "")), str(s.get("student", ""))))
    graded = [s for s in submissions if s.get("status") == "graded"]
    by_key = [_verdicts_by_key(s) for s in graded]
    spec = results.get("spec") or {}
    return ClassStatistics(
        title=one_line(spec.get("title") or spec.get("file") or "Class report"),
        spec_file=one_line(spec.get("file", "")),
        submissions=len(submissions),
        statuses=_status_counts(submissions),
        skipped=len(results.get("skipped", [])),
        max_score=results.get("max_score", 0),
        keys=tuple(_key_statistics(entry["key"], entry["points"], by_key)
                   for entry in results.get("keys", [])),
        diagnoses=_diagnoses(v for s in graded for v in s.get("verdicts", [])),
        scores=tuple(sorted(float(s.get("score") or 0) for s in graded)),
        needs_person=tuple(person for s in submissions if (person := _needs_person(s))),
        copies=tuple(_copies(submissions)),
        variants=_variant_summary(results, submissions),
        required=_keys_under_requirements(results, graded, by_key),
    )


def _keys_under_requirements(results: dict, graded: list[dict],
                             by_key: list[dict[str, dict]]) -> tuple[KeyUnderRequirement, ...]:
    """Each key of a problem with requirements, once per requirement (in the spec's order):
    correct of the submissions graded against a variant."""
    variants = results.get("variants")
    required = variants.get("requirements") if isinstance(variants, dict) else None
    if not isinstance(required, dict):
        return ()
    drawn = [verdicts for s, verdicts in zip(graded, by_key, strict=True)
             if isinstance(s.get("variant"), dict)]
    rows = []
    for entry in results.get("keys", []):
        key = str(entry["key"])
        for problem, texts in required.items():
            if not key.startswith(f"{problem}."):
                continue
            correct = sum(1 for verdicts in drawn
                          if (verdicts.get(key) or {}).get("status") == "correct")
            rows.extend(KeyUnderRequirement(one_line(key), one_line(text), correct, len(drawn))
                        for text in texts)
    return tuple(rows)


def _copies(submissions: list[dict]):
    for submission in submissions:
        for verdict in submission.get("verdicts", []):
            if verdict.get("copied_from"):
                yield CopiedAnswer(one_line(submission.get("file")),
                                   one_line(submission.get("student")),
                                   one_line(verdict.get("key")),
                                   ", ".join(one_line(o) for o in verdict["copied_from"]))


def _variant_summary(results: dict, submissions: list[dict]) -> VariantSummary | None:
    variants = results.get("variants")
    if not isinstance(variants, dict):
        return None
    students = {str(s["variant"].get("student")) for s in submissions
                if isinstance(s.get("variant"), dict)}
    return VariantSummary(len(students), len(variants.get("compared") or ()),
                          int(variants.get("not_compared") or 0))


def _status_counts(submissions: list[dict]) -> tuple[StatusCount, ...]:
    """Every known status (zero included), then any other status by name."""
    counts = Counter(str(s.get("status")) for s in submissions)
    order = (*STATUSES, *sorted(status for status in counts if status not in STATUSES))
    return tuple(StatusCount(status, counts[status]) for status in order)


def _key_statistics(key: str, points: int | float,
                    graded: list[dict[str, dict]]) -> KeyStatistics:
    """One key's figures from each graded submission's verdicts by key."""
    verdicts = [by_key.get(key) for by_key in graded]
    present = [v for v in verdicts if v is not None]
    answered = sum(1 for v in present if v.get("status") != "missing")
    correct = sum(1 for v in present if v.get("status") == "correct")
    if not graded:
        return KeyStatistics(key, points, 0, 0, None, None, None, ())
    fractions = [_fraction(v, points) if v is not None else 0.0 for v in verdicts]
    mean = math.fsum(fractions) / len(graded)
    return KeyStatistics(key, points, answered, correct, correct / len(graded), mean, 1 - mean,
                         _diagnoses(present))


def _verdicts_by_key(submission: dict) -> dict[str, dict]:
    """A submission's verdicts by key (the first, should a key come twice)."""
    by_key: dict[str, dict] = {}
    for verdict in submission.get("verdicts", []):
        by_key.setdefault(verdict.get("key"), verdict)
    return by_key


def _fraction(verdict: dict, points: int | float) -> float:
    if not points:
        return 1.0 if verdict.get("status") == "correct" else 0.0
    return float(verdict.get("score") or 0) / float(points)


def _diagnoses(verdicts) -> tuple[DiagnosisCount, ...]:
    """Diagnosis codes by count (then code), each with its most frequent reason."""
    reasons: dict[str, Counter] = {}
    for verdict in verdicts:
        code = verdict.get("diagnosis")
        if code:
            reasons.setdefault(one_line(code), Counter())[one_line(verdict.get("reason"))] += 1
    ranked = sorted(((code, sum(counter.values()), _most_common(counter))
                     for code, counter in reasons.items()), key=lambda row: (-row[1], row[0]))
    return tuple(DiagnosisCount(code, count, example) for code, count, example in ranked)


def _most_common(counter: Counter) -> str:
    return min(counter.items(), key=lambda item: (-item[1], item[0]))[0]


def _needs_person(submission: dict) -> NeedsPerson | None:
    status = str(submission.get("status"))
    flags = submission.get("flags") or []
    reasons: list[str] = []
    if status != "graded":
        error = one_line(submission.get("error"))
        label = status.replace("_", " ")
        reasons.append(f"{label}: {error}" if error else label)
    undetermined = [one_line(v.get("key")) for v in submission.get("verdicts", [])
                    if v.get("status") == "undetermined"]
    if undetermined:
        reasons.append("undetermined: " + ", ".join(undetermined))
    elif "undetermined" in flags and status == "graded":
        reasons.append("undetermined")
    if "duplicate-student" in flags:
        reasons.append("another submission has the same student name")
    if "not-on-roster" in flags:
        reasons.append("not on the roster: graded against the variant of its id")
    copied = [one_line(v.get("key")) for v in submission.get("verdicts", [])
              if v.get("copied_from")]
    if copied:
        reasons.append("right for another student's variant: " + ", ".join(copied))
    if not reasons:
        return None
    return NeedsPerson(one_line(submission.get("file")), one_line(submission.get("student")),
                       "; ".join(reasons))


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
