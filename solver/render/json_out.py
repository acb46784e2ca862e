"""The JSON form of solutions: answers in the plain-math syntax, outcomes with a status.

Schema::

    {"title": str, "problems": [{"id": str, "parts": [{"id", "kind", "points", "answer",
                                                      "values"}]}]}

An answer is a string (scalar), a list of rows (vector or matrix), an object of named
answers, or an object with "status" for the special outcomes (see README). ``values``
holds the part's named intermediate values, ``{name: value}`` in the same forms: the
intermediate keys a student may answer (``problem.part.name``), as the checker names them.
"""

from __future__ import annotations

from typing import Any

import sympy

from solver import answers as A
from solver.check.checker import expected_keys
from solver.render.printing import plain
from solver.solving import SolvedPart, SolvedSet


def answer_json(answer: A.Answer, decimal: bool = False, digits: int | None = None) -> Any:
    """The JSON form of an answer; Floats at ``digits`` significant figures when given."""
    match answer:
        case A.Value(value=value) if isinstance(value, sympy.logic.boolalg.BooleanAtom):
            return bool(value)
        case A.Value(value=value):
            return plain(value, decimal, digits)
        case A.Word(word=word):
            return word
        case A.Named(items=items):
            return {name: answer_json(item, decimal, digits) for name, item in items}
        case (A.Undefined(reason=reason) | A.NoSolution(reason=reason) | A.NoBound(reason=reason)
              | A.Unsolved(reason=reason)):
            return {"status": answer.status, "reason": reason}
        case A.InfinitelyMany():
            return {"status": answer.status, "reason": answer.reason,
                    "particular": plain(answer.particular, decimal),
                    "basis": [plain(v, decimal) for v in answer.basis],
                    "parameters": [str(t) for t in answer.parameters]}
        case A.Interval():
            lower, upper = (plain(end, decimal) if bounded else None
                            for end, bounded in zip((answer.lower, answer.upper),
                                                    answer.ends_bounded, strict=True))
            return {"status": answer.status, "variable": answer.variable, "lower": lower,
                    "upper": upper, "open": not any(answer.ends_closed),
                    "closed": list(answer.ends_closed)}
        case A.PointSet():
            return {"status": answer.status, "variables": list(answer.variables),
                    "reason": answer.reason, "complete": answer.complete,
                    "points": [_point_json(point, decimal) for point in answer.points]}
    raise TypeError(f"no JSON form for {type(answer).__name__}")


def _point_json(point: A.Point, decimal: bool) -> dict:
    """A point; an approximate one also carries its coordinates as shown (6 figures)."""
    found = {"coordinates": [plain(c, decimal) for c in point.coordinates],
             "classification": point.classification,
             "parameter": None if point.parameter is None else str(point.parameter),
             "approximate": point.approximate}
    if point.approximate:
        found["shown"] = [plain(c, decimal) for c in point.shown]
    return found


def solved_json(solved: SolvedSet) -> dict:
    values = _intermediate_values(solved)
    return {
        "title": solved.title,
        "problems": [
            {"id": problem.id, "parts": [
                {"id": entry.part.id, "kind": entry.part.kind,
                 "points": plain(entry.part.points),
                 "answer": part_answer_json(entry, entry.solved.answer),
                 "values": {name: part_answer_json(entry, value)
                            for name, value in values.get(entry.key, ())}}
                for entry in problem.parts]}
            for problem in solved.problems],
    }


def part_answer_json(entry: SolvedPart, answer: A.Answer) -> Any:
    """One result of a part, final or intermediate, in the part's number format."""
    return answer_json(answer, entry.part.decimal, entry.part.digits)


def _intermediate_values(solved: SolvedSet) -> dict[str, list[tuple[str, A.Answer]]]:
    """Each part's intermediate values by part key, named as the checker's ungraded keys."""
    found: dict[str, list[tuple[str, A.Answer]]] = {}
    for expected in expected_keys(solved):
        if not expected.graded:
            found.setdefault(expected.entry.key, []).append((expected.name, expected.answer))
    return found
