"""The distributed path ``grade_one`` solves the spec within a per-part solve limit.

A spec with a genuinely slow graded part (critical points of a degree-12 polynomial
system, about ten seconds of work) given a 2 s limit gives every submission a clear
``spec_unsolved`` row naming the part, within seconds, instead of solving for minutes;
the same spec without the slow part grades as usual.
"""

from __future__ import annotations

import inspect
import time

from solver.grade.work import SPEC_UNSOLVED, grade_one
from solver.solve_limits import SOLVE_LIMIT

SLOW = "x^7 y^5 - 7 x^4 + 3 y^6 x - 11 x y + y^2 x^3 + x^2 y^7 + x^6"
SPEC = f"""title: Limits
problems:
  - id: p
    parts:
      - {{id: fast, kind: derivative, f: sin(x^2), wrt: x}}
      - {{id: slow, kind: critical_points, f: '{SLOW}', wrt: [x, y]}}
"""
ANSWERS = b"student: ada\nanswers:\n  p.fast: 2x cos(x^2)\n"


def test_a_graded_part_past_the_solve_limit_is_a_clear_row_for_each_submission():
    started = time.monotonic()
    rows = [grade_one(SPEC, "limits.yaml", f"{name}.yaml", ANSWERS, solve_limit=2)
            for name in ("ada", "bo")]
    assert time.monotonic() - started < 8
    for row, name in zip(rows, ("ada", "bo"), strict=True):
        assert row["status"] == SPEC_UNSOLVED and row["score"] is None
        assert row["file"] == f"{name}.yaml" and row["flags"] == ["spec-unsolved"]
        assert row["error"] == ("limits.yaml: part 'p.slow' could not be solved within the "
                                "solve limit of 2 s per part; the submission was not graded")


def test_a_spec_within_the_limit_is_graded():
    fast_only = SPEC.split("      - {id: slow")[0]
    row = grade_one(fast_only, "fast.yaml", "ada.yaml", ANSWERS, solve_limit=2)
    assert row["status"] == "graded" and row["score"] == row["max_score"] == 1


def test_the_default_solve_limit_is_the_command_line_default():
    assert inspect.signature(grade_one).parameters["solve_limit"].default == SOLVE_LIMIT == 60
