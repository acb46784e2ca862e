"""Authored answers: anything the other kinds do not cover, answered by the instructor.

The answer is written in the same syntax a student uses (an expression, a number, a
matrix, 'no solution', an interval, a set of points) and read by the same reader, so it
is checked with the same machinery as every other part. A set ``{0, 1, 2}`` is compared
as a set (any order, repeats irrelevant); a range keeps its closed ends (``x <= 2``,
``[0, 1)``); the names in ``variables`` may appear in a student's answer even when the
answer itself does not contain them (``cos(x)^2 + sin(x)^2`` for ``1``).
"""

from __future__ import annotations

from solver.kinds.base import Field, Kind, Without
from solver.kinds.expression.read import Authored, read
from solver.kinds.expression.solve import AuthoredSolution, solve

KIND = Kind(
    name="expression",
    summary="An answer the instructor writes (expression, number, matrix, interval, set, "
            "'no solution'), checked like every other part.",
    fields=(Field("answer", "the answer in the plain-math syntax or LaTeX, e.g. 2x cos(x^2)"),
            Field("variables", "names in the answer, as a list or with assumptions "
                               "{x: real, sigma: positive}", required=False),
            Field("solution", "the worked solution text to print", required=False)),
    hint='as the statement asks',
    mistakes=Without("the answer is the instructor's own, not computed: there is no "
                     "working to redo with a typical mistake"),
    carries=Without("no chain: the instructor writes the answer; nothing in it is computed "
                    "from an earlier value"),
    doc=__doc__,
    read=read,
    solve=solve,
    example="{id: a, kind: expression, answer: 2x cos(x^2), variables: [x]}",
)

__all__ = ["KIND", "Authored", "AuthoredSolution", "read", "solve"]
