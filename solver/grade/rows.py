"""results.json's rows: a result as graded, the fields that head the file, and what one
student id shared by several submissions adds to their rows.

Submissions that share a student id (case aside) are flagged (``flag``), or the later
(``modified``, then file order) or the higher scoring one is marked ``counts`` and the
others not; each says which others share its id. Only a one-line summary of each result
(file, student, status, score) is needed to decide it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from solver.grade.discover import Skipped
from solver.grade.work import Grader

DUPLICATE = "duplicate-student"
LATER, BEST, FLAG = "later", "best", "flag"
DUPLICATE_RULES = {LATER: "later", BEST: "higher score"}  # FLAG names no winner


@dataclass(frozen=True)
class Shared:
    """What sharing a student id adds to one row: a flag, whether it counts, a note."""

    flagged: bool
    counts: bool | None
    note: str


def graded_row(submission: dict, max_score) -> dict:
    """A submission's row of results.json before any other submission is looked at."""
    return {**submission, "max_score": max_score, "flags": list(submission["flags"])}


def summary_of(result: dict) -> dict:
    """The little of a result that decides between submissions sharing a student id."""
    return {"file": result["file"], "student": result["student"],
            "status": result["status"], "score": result["score"],
            "flagged": bool(result["flags"])}


def final_row(result: dict, max_score, shared: Shared | None) -> dict:
    """A submission's row as results.json has it."""
    row = graded_row(result, max_score)
    if shared is not None:
        if shared.flagged:
            row["flags"].append(DUPLICATE)
        if shared.counts is not None:
            row["counts"] = shared.counts
        row["notes"] = [*row["notes"], shared.note]
    return row


def shared_ids(summaries: list[dict], duplicates: str,
               modified: dict[str, int] | None) -> dict[str, Shared]:
    """For each file whose student id another file has too, what its row gains
    (``summaries`` in file order)."""
    owners: dict[str, list[dict]] = {}
    for summary in summaries:
        owners.setdefault(summary["student"].casefold(), []).append(summary)
    shared = {}
    for group in owners.values():
        if len(group) < 2:
            continue
        winner = _counted(group, duplicates, modified or {})
        for summary in group:
            others = [s["file"] for s in group if s["file"] != summary["file"]]
            note = "the same student id as " + ", ".join(others)
            if winner is None:
                shared[summary["file"]] = Shared(True, None, note)
                continue
            counts = winner == summary["file"]
            which = "this one" if counts else winner
            shared[summary["file"]] = Shared(
                False, counts, f"{note}; {which} counts (the {DUPLICATE_RULES[duplicates]})")
    return shared


def _counted(group: list[dict], duplicates: str, modified: dict[str, int]) -> str | None:
    """The file that counts among one student's submissions (None: a person decides)."""
    if duplicates == LATER:
        return max(group, key=lambda s: (modified.get(s["file"], 0), s["file"]))["file"]
    if duplicates == BEST:
        return max(group, key=lambda s: (s["score"] is not None, s["score"] or 0,
                                         s["file"]))["file"]
    return None


def document_head(grader: Grader, spec: Path, skipped: tuple[Skipped, ...]) -> dict:
    """results.json's fields but the submissions: the set, its keys, skipped files, and
    the roster and variants when there are."""
    head = {"spec": {"file": spec.name, "title": grader.solved.title,
                     "sha256": grader.spec_sha256},
            "keys": grader.keys(), "max_score": grader.max_score(),
            "skipped": [{"file": s.file, "reason": s.reason} for s in skipped]}
    specs = grader.specs
    if specs is not None and specs.roster is not None:
        head["roster"] = {"students": len(specs.roster)}
    if specs is not None and specs.varies:
        head["variants"] = {"compared": list(specs.compared),
                            "not_compared": specs.not_compared,
                            "requirements": {problem: list(texts) for problem, texts
                                             in specs.requirements.items()}}
    return head
