"""The per-part solve limit of every command that solves, and numeric eigenpairs.

A part past ``--solve-limit`` is an ``unsolved`` answer and the other parts still solve;
``grade`` refuses to start when a graded key has no answer. The slow part here is real: a
polynomial system whose critical points take about ten seconds to find, given 2 s (a
limit well above what the fast parts need even on a loaded machine, so only the slow one
is cut).
Numeric eigenpairs are checked against numpy (A v ≈ λ v), never against our own output.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pytest
import sympy
from click.testing import CliRunner

from solver.answers import Unsolved
from solver.cli import cli
from solver.render.document import render
from solver.solve_limits import solve_within
from solver.solving import solve_part, solve_set
from solver.spec.load import load_text

ROOT = Path(__file__).resolve().parent.parent
SLOW = ("x^7 y^5 - 7 x^4 + 3 y^6 x - 11 x y + y^2 x^3 + x^2 y^7 + x^6")
SPEC = f"""title: Limits
problems:
  - id: p
    parts:
      - {{id: fast, kind: derivative, f: sin(x^2), wrt: x}}
      - {{id: slow, kind: critical_points, f: '{SLOW}', wrt: [x, y]}}
      - {{id: after, kind: eigen, matrix: [[5, 2], [2, 2]]}}
  - id: q
    parts:
      - {{id: a, kind: matrix_expression, expr: A B, }}
    given: {{A: [[1, 2], [3, 4]], B: [[0, 1], [1, 0]]}}
"""
LIMIT = "2"
REASON = "could not be solved within the solve limit of 2 s per part"


@pytest.fixture
def spec(tmp_path: Path) -> Path:
    path = tmp_path / "limits.yaml"
    path.write_text(SPEC, encoding="utf-8")
    return path


def _is_eigenpair(matrix, value, vector) -> bool:
    A, v = np.array(matrix, dtype=complex), np.array(vector, dtype=complex).ravel()
    return bool(np.linalg.norm(v) > 0 and np.allclose(A @ v, complex(value) * v, atol=1e-9))


def _number(text: str) -> complex:
    return complex(sympy.sympify(text.replace("^", "**")))


def _check_other_parts(parts: dict) -> None:
    x = sympy.Symbol("x")
    derivative = sympy.sympify(parts["fast"]["answer"].replace("^", "**"))
    assert sympy.simplify(derivative - sympy.diff(sympy.sin(x ** 2), x)) == 0
    pairs = parts["after"]["answer"]
    for i in (1, 2):
        vector = [_number(row[0]) for row in pairs[f"v{i}"]]
        assert _is_eigenpair([[5, 2], [2, 2]], _number(pairs[f"lambda{i}"]), vector)


# -- solve: the slow part is an outcome, the others solve ----------------------------------


def test_a_part_past_the_limit_is_unsolved_and_the_others_solve(spec):
    started = time.monotonic()
    result = CliRunner().invoke(cli, ["solve", str(spec), "--format", "json",
                                      "--solve-limit", LIMIT])
    assert result.exit_code == 0, result.output
    assert time.monotonic() - started < 7  # the slow part alone takes about 10 s
    document = json.loads(result.stdout)
    parts = {part["id"]: part for problem in document["problems"] for part in problem["parts"]}
    assert parts["slow"]["answer"] == {"status": "unsolved", "reason": REASON}
    _check_other_parts(parts)
    product = np.array([[1, 2], [3, 4]]) @ np.array([[0, 1], [1, 0]])
    assert [[int(entry) for entry in row] for row in parts["a"]["answer"]] == product.tolist()


def test_the_limit_holds_in_a_subprocess_and_every_format_says_why(spec, tmp_path):
    out = tmp_path / "out"
    for fmt in ("md", "tex"):
        started = time.monotonic()
        done = subprocess.run([sys.executable, "-m", "solver", "solve", str(spec), "-o",
                               str(out), "--format", fmt, "--solve-limit", LIMIT],
                              capture_output=True, text=True, cwd=ROOT, timeout=60)
        assert done.returncode == 0, done.stderr
        assert time.monotonic() - started < 8
        text = (out / f"limits.{fmt}").read_text(encoding="utf-8")
        assert REASON in text
        assert "2 x \\cos{\\left(x^{2} \\right)}" in text  # the part before still solved
        assert "\\lambda_{1}" in text  # and the one after


def test_template_and_check_take_the_limit(spec):
    runner = CliRunner()
    result = runner.invoke(cli, ["template", str(spec), "--solve-limit", LIMIT])
    assert result.exit_code == 0, result.output
    assert "p.slow:" in result.stdout and "p.fast:" in result.stdout
    result = runner.invoke(cli, ["check", str(spec), "--key", "p.slow", "(0, 0)",
                                 "--format", "json", "--solve-limit", LIMIT])
    assert result.exit_code == 0, result.output
    verdict = json.loads(result.stdout)["parts"][0]
    assert verdict["status"] == "undetermined" and REASON in verdict["reason"]
    result = runner.invoke(cli, ["check", str(spec), "--key", "p.fast", "2x cos(x^2)",
                                 "--format", "json", "--solve-limit", LIMIT])
    assert json.loads(result.stdout)["parts"][0]["status"] == "correct"


# -- grade: refuses before any work --------------------------------------------------------


def test_grade_refuses_when_a_graded_key_could_not_be_solved(spec, tmp_path):
    submissions, out = tmp_path / "subs", tmp_path / "graded"
    submissions.mkdir()
    (submissions / "ada.yaml").write_text("answers:\n  p.fast: 2x cos(x^2)\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["grade", str(spec), str(submissions), "-o", str(out),
                                      "--jobs", "1", "--solve-limit", LIMIT])
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "'p.slow'" in lines[0] and REASON in lines[0], lines
    assert not out.exists()


def test_grade_refuses_in_a_subprocess(spec, tmp_path):
    submissions = tmp_path / "subs"
    submissions.mkdir()
    done = subprocess.run([sys.executable, "-m", "solver", "grade", str(spec),
                           str(submissions), "-o", str(tmp_path / "graded"),
                           "--solve-limit", LIMIT],
                          capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert done.returncode == 2 and "'p.slow'" in done.stderr and "Traceback" not in done.stderr


# -- the mechanism -------------------------------------------------------------------------


def _parts():
    problem = load_text(SPEC, "limits.yaml").problems[0]
    return {part.id: part for part in problem.parts}


def test_without_a_limit_a_part_is_solved_in_process():
    solved = solve_within(solve_part, _parts()["fast"], None)
    assert not isinstance(solved.answer, Unsolved)


def test_off_the_main_thread_the_child_still_enforces_the_limit():
    found = {}

    def work():
        found["fast"] = solve_within(solve_part, _parts()["fast"], 10.0)
        found["slow"] = solve_within(solve_part, _parts()["slow"], 0.2)

    thread = threading.Thread(target=work)
    started = time.monotonic()
    thread.start()
    thread.join(30)
    assert time.monotonic() - started < 8
    assert isinstance(found["slow"].answer, Unsolved)
    assert not isinstance(found["fast"].answer, Unsolved)


# -- eigenvalues without a readable closed form --------------------------------------------


def _symmetric(seed: int, size: int = 6) -> list[list[int]]:
    upper = np.triu(np.random.default_rng(seed).integers(-5, 6, (size, size)))
    return (upper + np.triu(upper, 1).T).tolist()


def _irreducible(matrix) -> bool:
    polynomial = sympy.Matrix(matrix).charpoly(sympy.Symbol("t"))
    factors = sympy.factor_list(polynomial.as_expr())[1]
    return len(factors) == 1 and factors[0][1] == 1 and sympy.degree(factors[0][0]) >= 3


def _eigen_spec(matrix) -> str:
    return f"problems:\n  - id: e\n    parts:\n      - {{id: a, kind: eigen, matrix: {matrix}}}\n"


@pytest.mark.parametrize("matrix", [
    _symmetric(1),
    [[0, 0, 2], [1, 0, 0], [0, 1, 1]],  # one real and two complex eigenvalues
    [[1, 2, 0], [2, 0, 1], [0, 1, 3]],  # three real roots of an irreducible cubic
])
def test_eigenpairs_without_a_closed_form_are_numeric_and_true(matrix):
    assert _irreducible(matrix)
    started = time.monotonic()
    solved = solve_set(load_text(_eigen_spec(matrix), "e.yaml"), limit=60)
    assert time.monotonic() - started < 10
    answer = solved.problems[0].parts[0].solved.answer
    ours = [complex(answer[f"lambda{i}"].value) for i in range(1, len(matrix) + 1)]
    theirs = np.linalg.eig(np.array(matrix, dtype=float)).eigenvalues
    assert np.allclose(sorted(ours, key=lambda z: (z.real, z.imag)),
                       sorted(theirs, key=lambda z: (z.real, z.imag)), atol=1e-9)
    for i, value in enumerate(ours, start=1):
        vector = [complex(entry) for entry in answer[f"v{i}"].value]
        assert _is_eigenpair(matrix, value, vector)
    carried = sympy.Float(sympy.re(answer["lambda1"].value))
    assert carried._prec >= 100  # 30 digits and more are carried, about 3.3 bits a digit


def test_numeric_eigenpairs_are_shown_with_six_figures_and_a_note():
    matrix = _symmetric(1)
    solved = solve_set(load_text(_eigen_spec(matrix), "e.yaml"))
    text = render(solved, "markdown")
    assert "CRootOf" not in text and "computed numerically" in text
    largest = max(np.linalg.eigvalsh(np.array(matrix, dtype=float)))
    assert f"\\lambda_{{1}} &\\approx {float(f'{largest:.6g}'):g}" in text
    assert render(solved, "latex").count("\\approx") >= 2 * len(matrix)


def test_readable_roots_stay_exact():
    solved = solve_set(load_text(_eigen_spec([[2, 1, 0], [1, 2, 1], [0, 1, 2]]), "e.yaml"))
    answer = solved.problems[0].parts[0].solved.answer
    assert {answer[f"lambda{i}"].value for i in (1, 2, 3)} == \
        {2 + sympy.sqrt(2), sympy.Integer(2), 2 - sympy.sqrt(2)}
