"""A submission's result as a worker sends it back to the run: already in the journal's
words, with the little of it the run counts.

A whole result (every verdict with its reason and feedback) is some 20 kB of JSON. The
run does two things with it: journal it, and count it for the class report and the
choice between one student's submissions. Sending it as its JSON text (the journal's
exact bytes for it) and a ``view`` of the fields those counts read spares the run
unpickling every verdict and encoding it again: that work is done where the result is
made, in the workers, and the run's own core stays free.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

# what the class tally and the summary read of a result (solver.grade.tally, rows)
RESULT_FIELDS = ("file", "student", "status", "score", "flags", "error", "variant")
VERDICT_FIELDS = ("key", "status", "score", "diagnosis", "copied_from")


@dataclass(frozen=True)
class Packed:
    """A result's JSON text (``encode``'s), its ``view``, and on a cluster its Markdown
    feedback as graded, as ``feedback_pieces`` (the worked solutions left out)."""

    file: str
    text: str
    view: dict
    feedback: list[str] | None = None


def encode(result: dict) -> str:
    """A result as the journal writes it (sorted keys, ASCII)."""
    return json.dumps(result, sort_keys=True, ensure_ascii=True)


def packed(result: dict, feedback: list[str] | None = None) -> Packed:
    return Packed(result["file"], encode(result), view_of(result), feedback)


def view_of(result: dict) -> dict:
    """The fields of ``result`` that counting it reads: the submission's own, and each
    verdict's key, status, score, diagnosis (with its reason) and where it was copied
    from."""
    view = {name: result[name] for name in RESULT_FIELDS if name in result}
    view["verdicts"] = [_verdict_view(verdict) for verdict in result.get("verdicts", ())]
    return view


def _verdict_view(verdict: dict) -> dict:
    view = {name: verdict[name] for name in VERDICT_FIELDS if name in verdict}
    if verdict.get("diagnosis"):
        view["reason"] = verdict.get("reason")
    return view
