"""Per-student feedback: each answer, its verdict and the diagnosis in words, and for
wrong answers the worked solution of the part where it went wrong (Markdown and LaTeX)."""

from __future__ import annotations

import itertools
import secrets

from solver.check.checker import expected_keys
from solver.grade.gradebook import number
from solver.render.environment import environment
from solver.solving import SolvedSet

WRONG = ("incorrect", "partial", "invalid")
FORMATS = {"markdown": ("markdown", "grade/feedback.md.jinja"),
           "latex": ("latex", "grade/feedback.tex.jinja")}


class Feedback:
    """Feedback documents of one solved set; each part's worked solution is rendered once."""

    def __init__(self, solved: SolvedSet):
        self.solved = solved
        keys = expected_keys(solved)
        self.part_of = {e.key: e.entry.key for e in keys}
        self.entries = {e.entry.key: e.entry for e in keys}
        self._worked: dict[tuple[str, str], str] = {}

    def render(self, submission: dict, fmt: str) -> str:
        return self._rendered(submission, fmt, lambda part: self.worked(part, fmt))

    def render_pieces(self, submission: dict, fmt: str) -> list[str]:
        """``render``'s text cut at each worked solution, which is left as its part's key:
        text, part, text, …, text. ``joined`` puts the worked solutions back. Where the
        worked solutions are known already (a cluster's driver), only this is sent."""
        mark = secrets.token_hex(16)  # never in a student's text: each cut is a worked one
        cuts = self._rendered(submission, fmt, lambda part: f"\0{mark}{part}\0").split(
            f"\0{mark}")
        pieces = cuts[:1]
        for cut in cuts[1:]:
            part, _, text = cut.partition("\0")
            pieces += (part, text)
        return pieces

    def joined(self, pieces: list[str], fmt: str) -> str:
        """The feedback ``render_pieces`` cut (KeyError for a part this set has not)."""
        return "".join(self.worked(piece, fmt) if odd else piece
                       for piece, odd in zip(pieces, itertools.cycle((False, True))))

    def _rendered(self, submission: dict, fmt: str, worked_text) -> str:
        folder, name = FORMATS[fmt]
        env = environment()
        macros = env.get_template(f"{folder}/macros.jinja").module
        verdicts = [self._view(v) for v in submission["verdicts"]]
        wrong = [v for v in verdicts if v["status"] in WRONG and v["points_value"]]
        worked = {v["part"]: worked_text(v["part"]) for v in wrong}
        return env.get_template(name).render(
            student=submission["student"], file=submission["file"], title=self.solved.title,
            status=submission["status"], error=submission["error"] or "",
            score=_points(submission["score"]), max_score=_points(submission["max_score"]),
            flags=submission["flags"], notes=submission["notes"], verdicts=verdicts,
            wrong=wrong, worked=worked, fmt=macros, format=fmt, decimal=False)

    def _view(self, verdict: dict) -> dict:
        return {**verdict, "part": self.part_of.get(verdict["key"], verdict["key"]),
                "score_text": _points(verdict["score"]),
                "points_text": _points(verdict["points"]),
                "points_value": verdict["points"], "answer": answer_text(verdict.get("answer"))}

    def knows(self, part_key: str, fmt: str) -> bool:
        """Whether the part's worked solution in ``fmt`` is rendered already."""
        return (part_key, fmt) in self._worked

    def know(self, part_key: str, fmt: str, text: str) -> None:
        """Take a part's worked solution rendered elsewhere (``worked`` gives it)."""
        self._worked[part_key, fmt] = text

    def worked(self, part_key: str, fmt: str) -> str:
        """The worked solution of one part, in ``fmt`` (rendered once)."""
        if (part_key, fmt) not in self._worked:
            env = environment()
            folder = FORMATS[fmt][0]
            entry = self.entries[part_key]
            self._worked[part_key, fmt] = env.get_template("part.jinja").render(
                entry=entry, fmt=env.get_template(f"{folder}/macros.jinja").module,
                format=fmt, decimal=entry.part.decimal, digits=entry.part.digits,
                answers_only=False)
        return self._worked[part_key, fmt]


def answer_text(raw) -> str:
    """An answer as the student gave it: text, or nested lists written out."""
    if raw is None:
        return ""
    if isinstance(raw, list):
        return "[" + ", ".join(answer_text(item) for item in raw) + "]"
    return str(raw)


def _points(value) -> str:
    return "" if value is None else number(value)
