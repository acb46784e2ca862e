"""The kind of answer before its value: a special outcome (no solution, undefined, no
bound, no points) against a value or another outcome; a family, a range or a point set
against the wrong kind of answer.

``by_structure`` decides when the kinds differ (or when both are the same special
outcome), and returns None when the values must be compared. A single vector given where
there are infinitely many solutions is told whether it is one of them.
"""

from __future__ import annotations

from solver import answers as A
from solver.check.compare.families import minus, show_family
from solver.check.compare.policy import Comparison
from solver.check.compare.shown import show, show_vector
from solver.check.compare.spans import in_span, is_vector_like, vector
from solver.check.values import Family, Points, Range, Says, Written

STATUS_WORDS = {
    "value": "a value", "undefined": "undefined", "no_solution": "no solution",
    "no_bound": "no admissible bound", "none": "no points", "infinitely_many":
    "infinitely many solutions", "interval": "a range", "points": "a set of points",
    "family": "a family of solutions", "range": "a range",
}
_SPECIAL = ("undefined", "no_solution", "no_bound", "none")
# the kinds of student answer compared with each kind of expected answer
_COMPATIBLE = {
    "value": ("value", "family"),
    "infinitely_many": ("family", "value"),
    "interval": ("range",),
    "points": ("points", "none", "value"),
}


def _status(answer) -> str:
    if isinstance(answer, A.PointSet):
        return "points" if answer.points else "none"
    if isinstance(answer, Says):
        return answer.status
    if isinstance(answer, Written):
        return "value"
    if isinstance(answer, Family):
        return "family"
    if isinstance(answer, Range):
        return "range"
    if isinstance(answer, Points):
        return "points" if answer.points else "none"
    return answer.status


def by_structure(expected, student) -> Comparison | None:
    """Decide when the kinds of answer differ; None when the values must be compared."""
    want, got = _status(expected), _status(student)
    if isinstance(expected, A.PointSet) and not expected.points and _unsolved(expected):
        return Comparison(None, "structure", f"the engine has no answer: {expected.reason}")
    if want in _SPECIAL:
        if want == got:
            return Comparison(True, "structure", f"both say {STATUS_WORDS[want]}")
        why = f": {expected.reason}" if getattr(expected, "reason", "") else ""
        return Comparison(False, "structure",
                          f"expected {STATUS_WORDS[want]}{why}; got {_word(got)}")
    if isinstance(student, Says):
        if want == got == "infinitely_many":
            return Comparison(False, "structure", "there are infinitely many solutions, but "
                              "give the family, e.g. x = p + t v")
        return Comparison(False, "structure",
                          f"expected {STATUS_WORDS[want]}, got {_word(got)}")
    if got not in _COMPATIBLE.get(want, ()):
        return Comparison(False, "structure",
                          f"expected {STATUS_WORDS[want]}, got {_word(got)}")
    if want == "value" and got == "family" and student.directions:
        return Comparison(False, "structure", "the solution is unique: "
                          f"{show(expected.value)}; a family with parameters was given")
    if want == "infinitely_many" and got == "value":
        return _one_solution_of_many(expected, student)
    return None


def _word(status: str) -> str:
    return STATUS_WORDS.get(status, repr(status))


def _unsolved(points: A.PointSet) -> bool:
    return points.unsolved


def _one_solution_of_many(expected: A.InfinitelyMany, student: Written) -> Comparison:
    particular = vector(expected.particular)
    given = vector(student.value) if is_vector_like(student.value) else None
    general = show_family(expected)
    if given is None or len(given) != len(particular):
        return Comparison(False, "structure", f"there are infinitely many solutions: {general}")
    solves = in_span([vector(b) for b in expected.basis], minus(given, particular))
    if solves:
        return Comparison(False, "structure", f"{show_vector(given)} is one solution, but "
                          f"there are infinitely many: {general}")
    return Comparison(False, "structure", f"{show_vector(given)} is not a solution; there "
                      f"are infinitely many: {general}")
