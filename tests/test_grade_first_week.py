"""``hwsolver grade`` as a new instructor first meets it: run from the folder that holds the
spec and the submissions, stopped by a scheduler, writing into a folder that cannot take
it, importing its gradebook files, and following the README's own examples."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from solver.cli import cli

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "tests" / "fixtures" / "grade" / "spec.yaml"
# calc.a (2 points), calc.b, lin.c and lin.d (1 point each): right by construction, since
# d/dx sin(x^2) = 2x cos(x^2), d/dx x^3 = 3x^2, [[1,2],[3,4]] [[0,1],[1,0]] = [[2,1],[4,3]],
# and 3x + 6y = 1, 2x + 4y = 2 contradict each other (2/3 of the first is 2x + 4y = 2/3).
RIGHT = ("answers:\n  calc.a: '2x cos(x^2)'\n  calc.b: '3x^2'\n"
         "  lin.c: [[2, 1], [4, 3]]\n  lin.d: 'no solution'\n")
ONLY_CALC_A = "answers:\n  calc.a: '2x cos(x^2)'\n  calc.b: '3x'\n"
EXPECTED_TOTALS = {"ada.yaml": "5", "bob.yaml": "2"}


def _course(base: Path) -> Path:
    """week4.yaml, submissions/ (ada right, bob right on calc.a only), elsewhere/, and a
    link to the whole folder."""
    base.mkdir(parents=True, exist_ok=True)
    (base / "week4.yaml").write_bytes(SPEC.read_bytes())
    (base / "submissions").mkdir()
    (base / "submissions" / "ada.yaml").write_text(RIGHT)
    (base / "submissions" / "bob.yaml").write_text(ONLY_CALC_A)
    (base / "elsewhere").mkdir()
    (base.parent / "course-link").symlink_to(base, target_is_directory=True)
    return base


def _totals(grades_csv: Path) -> dict[str, str]:
    rows = list(csv.reader(io.StringIO(grades_csv.read_text())))
    header = rows[0]
    return {row[header.index("file")]: row[header.index("total")] for row in rows[1:]}


# (working directory, SPEC, SUBMISSIONS, OUT, where OUT ends up), relative to the course
PATH_FORMS = [
    (".", "week4.yaml", "submissions/", "graded", "graded"),
    (".", "week4.yaml", "submissions", "graded", "graded"),
    (".", "./week4.yaml", "./submissions/", "./graded/", "graded"),
    ("submissions", "../week4.yaml", ".", "../graded", "graded"),
    ("elsewhere", "../week4.yaml", "../submissions", "../x", "x"),
    ("elsewhere", "../week4.yaml", "../submissions", ".", "elsewhere"),
    ("..", "course/week4.yaml", "course-link/submissions", "course-link/graded", "graded"),
    ("../course-link", "week4.yaml", "submissions", "graded", "graded"),
    ("../course-link/submissions", "../week4.yaml", ".", "../graded", "graded"),
    (None, "week4.yaml", "submissions", "graded", "graded"),  # all absolute
]


@pytest.mark.parametrize(("cwd", "spec", "submissions", "out", "lands"), PATH_FORMS)
def test_every_path_form_a_shell_user_types_grades_the_class(tmp_path, monkeypatch, cwd, spec,
                                                             submissions, out, lands):
    course = _course(tmp_path / "course")
    if cwd is None:
        monkeypatch.chdir(tmp_path)
        spec, submissions, out = (str(course / p) for p in (spec, submissions, out))
    else:
        monkeypatch.chdir(course / cwd)
    result = CliRunner().invoke(cli, ["grade", spec, submissions, "-o", out, "--jobs", "1"])
    assert result.exit_code == 0, result.output
    assert _totals(course / lands / "grades.csv") == EXPECTED_TOTALS
    assert '"state": "finished"' in (course / lands / "manifest.json").read_text()


@pytest.mark.parametrize(("cwd", "arguments"), [
    (".", ["week4.yaml", "submissions/", "-o", "graded"]),  # the README's command
    ("submissions", ["../week4.yaml", ".", "-o", "../graded"]),
])
def test_the_readme_command_from_the_course_folder_as_a_real_process(tmp_path, cwd,
                                                                     arguments):
    course = _course(tmp_path / "course")
    process = subprocess.run([sys.executable, "-m", "solver", "grade", *arguments,
                              "--jobs", "1"], cwd=course / cwd, capture_output=True,
                             text=True, timeout=300)
    assert process.returncode == 0, process.stderr
    assert "internal error" not in process.stderr
    assert _totals(course / "graded" / "grades.csv") == EXPECTED_TOTALS
