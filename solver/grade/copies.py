"""Grading against each student's own variant, and answers that are right for another's.

A wrong answer that no typical mistake explains is compared, by the checker's own reading
and comparison, with the same key's answer in the other compared variants
(``SpecsByStudent.others``). Equal answers of several variants are compared once (they
are grouped per key, a group built the first time its key is asked for). An answer right
for another student's variant is diagnosed ``copied_from_another_variant`` when at least
``MIN_KEYS`` of the submission's wrong answers are right for that same student's variant;
its score stays as the checker gave it, and the submission is flagged for a person.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import replace

from solver.check.answerfile import AnswerFile
from solver.check.checker import Expected, Report, answer_matches, expected_keys
from solver.grade.specs import SpecsByStudent

COPIED = "copied_from_another_variant"
COPIED_FLAG = "copied-from-another-variant"
NOT_ON_ROSTER = "not-on-roster"
SHOWN_OWNERS = 3  # students named in one feedback line
MIN_KEYS = 2  # wrong answers right for one other student's variant that make a copy


class OtherVariants:
    """The compared variants' answers of each key, grouped by equal answers (per process)."""

    def __init__(self, specs: SpecsByStudent):
        self.specs = specs
        self._keys: dict[str, dict[str, Expected]] = {}
        self._groups: dict[str, list[tuple[Expected, tuple[str, ...]]]] = {}

    def groups(self, key: str) -> list[tuple[Expected, tuple[str, ...]]]:
        """Each distinct answer of ``key`` among the compared variants, with whose it is."""
        if key not in self._groups:
            grouped: dict[str, tuple[Expected, list[str]]] = {}
            for student in self.specs.compared:
                expected = self._expected(student).get(key)
                if expected is not None:
                    grouped.setdefault(repr(expected.answer), (expected, []))[1].append(student)
            self._groups[key] = [(expected, tuple(owners))
                                 for expected, owners in grouped.values()]
        return self._groups[key]

    def _expected(self, student: str) -> dict[str, Expected]:
        if student not in self._keys:
            self._keys[student] = {e.key: e for e in expected_keys(
                self.specs.for_student(student))}
        return self._keys[student]

    def owners(self, key: str, raw, own: str) -> tuple[str, ...]:
        """The other students whose variant ``raw`` is right for (none: not a copy)."""
        found: list[str] = []
        for expected, owners in self.groups(key):
            if own not in owners and answer_matches(expected, raw):
                found.extend(owners)
        return tuple(sorted(found))

    def mark(self, report: Report, answers: AnswerFile, own: str,
             before: Callable[[str], None] | None = None,
             given_up: Mapping[str, str] | None = None) -> tuple[Report, dict[str, tuple]]:
        """The report with copied answers diagnosed, and whose variant each one fits: an
        answer counts when at least ``MIN_KEYS`` wrong answers of the submission are right
        for one other student's variant (a single small number is right for some variant
        of a large class by chance)."""
        fits: dict[str, tuple[str, ...]] = {}
        for verdict in report.verdicts:
            entry = answers.entries.get(verdict.key)
            if verdict.status in ("incorrect", "partial") and verdict.diagnosis is None \
                    and entry is not None and verdict.key not in (given_up or {}):
                if before is not None:
                    before(verdict.key)
                owners = self.owners(verdict.key, entry.raw, own)
                if owners:
                    fits[verdict.key] = owners
        keys_of = Counter(owner for owners in fits.values() for owner in owners)
        copied = {key: kept for key, owners in fits.items()
                  if (kept := tuple(o for o in owners if keys_of[o] >= MIN_KEYS))}
        verdicts = tuple(replace(v, diagnosis=COPIED, reason=copied_reason(copied[v.key]))
                         if v.key in copied else v for v in report.verdicts)
        return replace(report, verdicts=verdicts), copied


def copied_reason(owners: tuple[str, ...]) -> str:
    """"right for another variant (student X's)", or for several "(students X's, Y's and
    2 more)"."""
    shown = [f"{owner}'s" for owner in owners[:SHOWN_OWNERS]]
    more = len(owners) - len(shown)
    if more:
        shown.append(f"{more} more")
    names = shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]
    student = "student" if len(owners) == 1 else "students"
    return f"this answer is right for another variant ({student} {names}), not for yours"


def with_variant(result: dict, specs: SpecsByStudent, student: str,
                 copied: Mapping[str, tuple[str, ...]]) -> dict:
    """A graded result with what the variants add: whose variant graded it, its values,
    whether the student is on the roster, the copied answers flagged."""
    own = specs.variant_id(student)
    flags, notes = list(result["flags"]), list(result["notes"])
    on_roster = specs.on_roster(student)
    extra: dict = {}
    if on_roster is not None:
        extra["on_roster"] = on_roster
        if not on_roster:
            flags.append(NOT_ON_ROSTER)
            notes.append(f"'{student}' is not on the roster: graded against the variant "
                         "of this id")
    if specs.varies:
        extra["variant"] = {"student": own, "values": specs.values(own)}
    if copied:
        flags.append(COPIED_FLAG)
    verdicts = [{**v, "copied_from": list(copied[v["key"]])} if v["key"] in copied else v
                for v in result["verdicts"]]
    return {**result, **extra, "flags": flags, "notes": notes, "verdicts": verdicts}
