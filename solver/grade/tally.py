"""The class statistics gathered one submission at a time, in any order, as results come:
what the class report needs is known the moment the last result is in, and no
submission's verdicts are kept.

Counts are counters; a key's mean fraction of its points is summed exactly (whole
points counted, other fractions as exact rationals), so the mean is the correctly
rounded one whatever the order, as ``math.fsum`` gives; the lists of submissions are put
in file order at the end.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from fractions import Fraction

from solver.grade.statsmodel import (
    STATUSES,
    ClassStatistics,
    CopiedAnswer,
    DiagnosisCount,
    KeyStatistics,
    KeyUnderRequirement,
    NeedsPerson,
    StatusCount,
    VariantSummary,
    one_line,
)

DUPLICATE = "duplicate-student"


@dataclass
class _Key:
    points: int | float
    answered: int = 0
    correct: int = 0
    whole: int = 0  # fractions of exactly 1
    partial: Fraction = Fraction(0)
    diagnoses: dict[str, Counter] = field(default_factory=dict)


@dataclass(frozen=True)
class _Person:
    """What a submission gives a person to look at, but for a duplicate id."""

    student: str
    status: str
    error: str
    undetermined: tuple[str, ...]
    flagged_undetermined: bool
    not_on_roster: bool
    copied: tuple[str, ...]
    duplicate: bool

    def why(self, duplicate: bool) -> str:
        reasons: list[str] = []
        if self.status != "graded":
            label = self.status.replace("_", " ")
            reasons.append(f"{label}: {self.error}" if self.error else label)
        if self.undetermined:
            reasons.append("undetermined: " + ", ".join(self.undetermined))
        elif self.flagged_undetermined:
            reasons.append("undetermined")
        if duplicate or self.duplicate:
            reasons.append("another submission has the same student name")
        if self.not_on_roster:
            reasons.append("not on the roster: graded against the variant of its id")
        if self.copied:
            reasons.append("right for another student's variant: " + ", ".join(self.copied))
        return "; ".join(reasons)


class ClassTally:
    """Statistics of a class of results.json's shape, one submission row at a time."""

    def __init__(self, results: dict):
        """``results``: results.json's fields but the submissions (spec, keys, max_score,
        skipped, variants)."""
        self._meta = results
        self._keys = {str(k["key"]): _Key(k["points"]) for k in results.get("keys", [])}
        variants = results.get("variants")
        required = variants.get("requirements") if isinstance(variants, dict) else None
        self._required = required if isinstance(required, dict) else None
        self._required_correct: Counter = Counter()
        self._drawn = 0
        self._statuses: Counter = Counter()
        self._graded = 0
        self._diagnoses: dict[str, Counter] = {}
        self._scores: list[float] = []
        self._people: dict[tuple[str, str], _Person] = {}
        self._copies: list[tuple[tuple[str, str], CopiedAnswer]] = []
        self._variant_students: set[str] = set()

    def add(self, row: dict) -> None:
        """Count one submission's row (as in results.json)."""
        status = str(row.get("status"))
        self._statuses[status] += 1
        order = (str(row.get("file", "")), str(row.get("student", "")))
        verdicts = row.get("verdicts", [])
        graded = status == "graded"
        by_key: dict[str, dict] = {}  # each key's first verdict
        undetermined, copied = [], []
        for verdict in verdicts:  # one pass: a row has a verdict per key
            if verdict.get("status") == "undetermined":
                undetermined.append(verdict)
            if verdict.get("copied_from"):
                copied.append(verdict)
            if graded:
                by_key.setdefault(verdict.get("key"), verdict)
                if verdict.get("diagnosis"):
                    _count_diagnosis(self._diagnoses, verdict)
        person = _person(row, status, undetermined, copied)
        if person is not None:
            self._people[order] = person
        for verdict in copied:
            self._copies.append((order, CopiedAnswer(
                one_line(row.get("file")), one_line(row.get("student")),
                one_line(verdict.get("key")),
                ", ".join(one_line(o) for o in verdict["copied_from"]))))
        if isinstance(row.get("variant"), dict):
            self._variant_students.add(str(row["variant"].get("student")))
        if not graded:
            return
        self._graded += 1
        self._scores.append(float(row.get("score") or 0))
        for key, tally in self._keys.items():
            verdict = by_key.get(key)
            if verdict is not None:
                _count_key(tally, verdict)
        if self._required is not None and isinstance(row.get("variant"), dict):
            self._drawn += 1
            for key, verdict in by_key.items():
                if verdict.get("status") == "correct":
                    self._required_correct[key] += 1

    def statistics(self, duplicated: set[tuple[str, str]] = frozenset()) -> ClassStatistics:
        """The statistics of every submission added; ``duplicated`` names (file, student)
        rows flagged since for sharing a student id with another."""
        spec = self._meta.get("spec") or {}
        people = dict(self._people)
        for order in duplicated:
            people.setdefault(order, _Person(one_line(order[1]), "graded", "", (), False,
                                             False, (), False))
        needs = []
        for order in sorted(people):
            why = people[order].why(order in duplicated)
            if why:
                needs.append(NeedsPerson(one_line(order[0]), people[order].student, why))
        order_of = (*STATUSES, *sorted(s for s in self._statuses if s not in STATUSES))
        return ClassStatistics(
            title=one_line(spec.get("title") or spec.get("file") or "Class report"),
            spec_file=one_line(spec.get("file", "")),
            submissions=sum(self._statuses.values()),
            statuses=tuple(StatusCount(status, self._statuses[status]) for status in order_of),
            skipped=len(self._meta.get("skipped", [])),
            max_score=self._meta.get("max_score", 0),
            keys=tuple(self._key_statistics(key) for key in self._keys),
            diagnoses=_ranked(self._diagnoses),
            scores=tuple(sorted(self._scores)),
            needs_person=tuple(needs),
            copies=tuple(copy for _order, copy in sorted(self._copies, key=lambda c: c[0])),
            variants=self._variant_summary(),
            required=self._under_requirements())

    def _key_statistics(self, key: str) -> KeyStatistics:
        tally = self._keys[key]
        if not self._graded:
            return KeyStatistics(key, tally.points, 0, 0, None, None, None, ())
        mean = float(tally.whole + tally.partial) / self._graded
        return KeyStatistics(key, tally.points, tally.answered, tally.correct,
                             tally.correct / self._graded, mean, 1 - mean,
                             _ranked(tally.diagnoses))

    def _variant_summary(self) -> VariantSummary | None:
        variants = self._meta.get("variants")
        if not isinstance(variants, dict):
            return None
        return VariantSummary(len(self._variant_students), len(variants.get("compared") or ()),
                              int(variants.get("not_compared") or 0))

    def _under_requirements(self) -> tuple[KeyUnderRequirement, ...]:
        """Each key of a problem with requirements, once per requirement (in the spec's
        order): correct of the submissions graded against a variant."""
        if self._required is None:
            return ()
        rows = []
        for key in self._keys:
            for problem, texts in self._required.items():
                if key.startswith(f"{problem}."):
                    rows.extend(KeyUnderRequirement(one_line(key), one_line(text),
                                                    self._required_correct[key], self._drawn)
                                for text in texts)
        return tuple(rows)


def _person(row: dict, status: str, undetermined: list, copied: list) -> _Person | None:
    """What a person should look at in this row, given its undetermined and copied
    verdicts (None: nothing, unless a duplicate)."""
    flags = row.get("flags") or []
    if status == "graded" and not flags and not undetermined and not copied:
        return None  # most rows: nothing to look at
    person = _Person(
        student=one_line(row.get("student")), status=status,
        error=one_line(row.get("error")) if status != "graded" else "",
        undetermined=tuple(one_line(v.get("key")) for v in undetermined),
        flagged_undetermined="undetermined" in flags and status == "graded",
        not_on_roster="not-on-roster" in flags,
        copied=tuple(one_line(v.get("key")) for v in copied),
        duplicate=DUPLICATE in flags)
    return person if person.why(False) or person.duplicate else None


def _count_key(tally: _Key, verdict: dict) -> None:
    status = verdict.get("status")
    tally.answered += status != "missing"
    tally.correct += status == "correct"
    if not tally.points:
        tally.whole += status == "correct"
    else:
        fraction = float(verdict.get("score") or 0) / float(tally.points)
        if fraction == 1.0:
            tally.whole += 1
        elif fraction:
            tally.partial += Fraction(fraction)
    if verdict.get("diagnosis"):
        _count_diagnosis(tally.diagnoses, verdict)


def _count_diagnosis(counts: dict[str, Counter], verdict: dict) -> None:
    """Count a diagnosed verdict under its code, by its reason."""
    counts.setdefault(one_line(verdict["diagnosis"]), Counter())[
        one_line(verdict.get("reason"))] += 1


def _ranked(counts: dict[str, Counter]) -> tuple[DiagnosisCount, ...]:
    """Diagnosis codes by count (then code), each with its most frequent reason."""
    ranked = sorted(((code, sum(counter.values()),
                      min(counter.items(), key=lambda item: (-item[1], item[0]))[0])
                     for code, counter in counts.items()), key=lambda row: (-row[1], row[0]))
    return tuple(DiagnosisCount(code, count, example) for code, count, example in ranked)
