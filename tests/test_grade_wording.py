"""Counts in words for 0, 1 and 2: the plural helper, the grade summary line, the class
report's rates (each says what it is over), gradient-descent stops and validate."""

from __future__ import annotations

import pytest
import sympy
from click.testing import CliRunner

from solver.cli import cli
from solver.grade.classreport import render_report
from solver.grade.classstats import class_statistics
from solver.grade.run import Summary
from solver.kinds.gradient_descent import GradientDescentInputs, solve
from solver.numbers import symbol
from solver.plural import noun, plural
from solver.render.environment import environment
from solver.steps.optimization import DescentTooLarge


@pytest.mark.parametrize(("count", "file", "entry", "verb"), [
    (0, "0 files", "0 entries", "need"),
    (1, "1 file", "1 entry", "needs"),
    (2, "2 files", "2 entries", "need"),
])
def test_plural_agrees_with_the_count(count, file, entry, verb):
    assert plural(count, "file") == file
    assert plural(count, "entry", "entries") == entry
    assert noun(count, "needs", "need") == verb


# --- hwsolver grade's summary line ------------------------------------------------------

@pytest.mark.parametrize(("count", "line"), [
    (0, "graded 0 of 0 submissions, 0 need review in 1.0 s"),
    (1, "graded 1 of 1 submission, 1 needs review, 1 file error, 1 timed out, 1 crashed, "
        "1 unchanged, reused, 1 file skipped in 1.0 s"),
    (2, "graded 2 of 2 submissions, 2 need review, 2 file errors, 2 timed out, 2 crashed, "
        "2 unchanged, reused, 2 files skipped in 1.0 s"),
])
def test_summary_line_counts(count, line):
    summary = Summary(submissions=count, graded=count, needs_review=count, file_errors=count,
                      timeouts=count, crashed=count, reused=count, skipped=count, seconds=1.0)
    assert summary.line() == line


# --- the class report ---------------------------------------------------------------------

def _results(graded: int, failed: int, skipped: int, answered: int, correct: int) -> dict:
    """``graded`` submissions of which the first ``answered`` answer k.a, the first
    ``correct`` rightly; ``failed`` that could not be graded; ``skipped`` skipped files."""
    def verdict(index: int) -> dict:
        status = ("correct" if index < correct else "incorrect" if index < answered
                  else "missing")
        return {"key": "k.a", "status": status, "score": int(status == "correct"),
                "points": 1, "reason": "", "diagnosis": None}

    submissions = [{"file": f"g{i:02d}.yaml", "student": f"g{i}", "status": "graded",
                    "score": int(i < correct), "max_score": 1, "flags": [], "error": None,
                    "verdicts": [verdict(i)], "notes": []} for i in range(graded)]
    submissions += [{"file": f"f{i:02d}.yaml", "student": f"f{i}", "status": "file_error",
                     "score": None, "max_score": 1, "flags": ["file-error"], "error": "bad",
                     "verdicts": [], "notes": []} for i in range(failed)]
    return {"spec": {"file": "s.yaml", "title": "Counts", "sha256": ""},
            "keys": [{"key": "k.a", "points": 1}], "max_score": 1, "submissions": submissions,
            "skipped": [{"file": f"junk{i}", "reason": "metadata"} for i in range(skipped)]}


@pytest.mark.parametrize(("numbers", "row", "over"), [
    ((12, 0, 0, 3, 3), "| k.a | 1 | 3 of 12 | 3 of 3 (100%) | 3 of 12 (25%) |",
     "Each key over the 12 graded submissions: "),
    ((0, 1, 0, 0, 0), "| k.a | 1 | 0 of 0 | 0 of 0 (n/a) | 0 of 0 (n/a) |",
     "Each key over the 0 graded submissions (1 submission could not be graded): "),
    ((1, 2, 1, 1, 1), "| k.a | 1 | 1 of 1 | 1 of 1 (100%) | 1 of 1 (100%) |",
     "Each key over the 1 graded submission (2 submissions could not be graded): "),
    ((2, 0, 2, 1, 0), "| k.a | 1 | 1 of 2 | 0 of 1 (0%) | 0 of 2 (0%) |",
     "Each key over the 2 graded submissions: "),
])
def test_report_rates_say_what_they_are_over(numbers, row, over):
    stats = class_statistics(_results(*numbers))
    markdown = render_report(stats, "markdown")
    assert "| Key | Points | Answered | Correct of answered | Correct of graded |" in markdown
    assert row in markdown
    assert over in markdown
    assert "correct of answered is over those answers; correct of graded is over all" \
        in markdown
    latex = render_report(stats, "latex")
    cells = row.strip("| ").replace("%", r"\%").split(" | ")
    assert " & ".join(["{k.a}", *cells[1:]]) in latex  # the key is student-proof prose
    assert over in latex


@pytest.mark.parametrize(("skipped", "words"), [
    (0, "file error 0, timeout 0, crashed 0)."),
    (1, "; 1 file skipped."),
    (2, "; 2 files skipped."),
])
def test_report_counts_skipped_files(skipped, words):
    stats = class_statistics(_results(1, 0, skipped, 1, 1))
    assert words in render_report(stats, "markdown")
    assert words in render_report(stats, "latex")


# --- gradient descent and validate -----------------------------------------------------------

@pytest.mark.parametrize(("f", "start", "eta", "words"), [
    ("x**30", sympy.Rational(10, 11), sympy.Rational(1, 7), "ask for at most 1 step"),
    ("x**9", sympy.Rational(3, 7), sympy.Rational(1, 13), "ask for at most 2 steps"),
])
def test_descent_that_outgrows_exact_numbers_asks_for_fewer_steps(f, start, eta, words):
    x = symbol("x")
    solved = solve(GradientDescentInputs(sympy.sympify(f, locals={"x": x}), ("x",),
                                         sympy.ImmutableMatrix([start]), eta, 100))
    stop = solved.steps[-1]
    assert isinstance(stop, DescentTooLarge)
    assert solved.answer.reason.endswith(words)
    step = environment().get_template("steps/DescentTooLarge.jinja")
    assert step.render(step=stop, format="markdown").strip().endswith(words + ".")


@pytest.mark.parametrize(("parts", "words"), [
    (1, "(1 problem, 1 part)"),
    (2, "(1 problem, 2 parts)"),
])
def test_validate_counts_problems_and_parts(tmp_path, parts, words):
    lines = ["title: Counts", "problems:", "  - id: p", "    parts:"]
    lines += [f"      - {{id: {chr(97 + i)}, kind: derivative, f: x^{i + 2}, wrt: x}}"
              for i in range(parts)]
    spec = tmp_path / "counts.yaml"
    spec.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", str(spec)])
    assert result.exit_code == 0, result.output
    assert words in result.output
