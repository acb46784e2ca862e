"""The command line as users run it: through CliRunner and as a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from solver.cli import cli

ROOT = Path(__file__).resolve().parent.parent
WEEK4 = str(ROOT / "problems" / "in5400-week04-dense-networks.yaml")
BAD = """\
problems:
  - id: p
    parts:
      - {id: a, kind: derivativ, f: x, wrt: x}
"""


def run(*args):
    return CliRunner().invoke(cli, list(args))


@pytest.mark.parametrize("command", ["solve", "validate", "kinds", "template", "check"])
def test_every_command_has_help_with_an_example(command):
    result = run(command, "--help")
    assert result.exit_code == 0
    assert "Example:" in result.output


def test_top_level_help_has_an_example():
    assert "Example:" in run("--help").output


def test_validate_good_and_bad(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(BAD)
    good = run("validate", WEEK4)
    assert good.exit_code == 0 and "ok:" in good.output
    result = run("validate", WEEK4, str(bad))
    assert result.exit_code == 2
    assert "bad.yaml:4" in result.output and "did you mean 'derivative'" in result.output
    assert "Traceback" not in result.output


def test_solve_json_to_stdout_has_the_documented_schema():
    result = run("solve", WEEK4, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data) == {"title", "problems"}
    parts = {p["id"]: p for p in data["problems"][0]["parts"]}
    assert parts["a"]["answer"] == "8"
    assert parts["c"]["answer"] == [["18", "30"], ["12", "20"]]
    assert parts["d"]["answer"]["status"] == "no_solution"
    assert parts["bonus"]["answer"]["status"] == "infinitely_many"
    assert parts["bonus-as-printed"]["answer"]["status"] == "undefined"


@pytest.mark.parametrize("fmt, suffix, marker", [("tex", ".tex", r"\begin{document}"),
                                                 ("md", ".md", "# IN5400"),
                                                 ("json", ".json", '"problems"')])
def test_solve_writes_one_file_per_set(tmp_path, fmt, suffix, marker):
    result = run("solve", WEEK4, "-o", str(tmp_path), "--format", fmt)
    assert result.exit_code == 0, result.output
    written = tmp_path / f"in5400-week04-dense-networks{suffix}"
    assert marker in written.read_text()


def test_answers_only_leaves_out_the_steps(tmp_path):
    run("solve", WEEK4, "-o", str(tmp_path), "--format", "tex", "--answers-only")
    key = (tmp_path / "in5400-week04-dense-networks-key.tex").read_text()
    assert "answer key" in key and "Step 1" not in key and r"\boxed" in key


def test_bad_spec_does_not_stop_the_good_ones(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(BAD)
    result = run("solve", str(bad), WEEK4, "-o", str(tmp_path), "--format", "md")
    assert result.exit_code == 2
    assert (tmp_path / "in5400-week04-dense-networks.md").exists()


def test_kinds_lists_every_kind_with_an_example():
    from solver.kinds import KINDS

    output = run("kinds").output
    for name in KINDS:
        assert name in output
    assert run("kinds", "eigenn").exit_code == 2


def test_as_a_subprocess_help_does_not_import_sympy():
    result = subprocess.run([sys.executable, "-X", "importtime", "-m", "solver", "--help"],
                            capture_output=True, text=True)
    assert result.returncode == 0 and "Usage: " in result.stdout
    imported = {line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines()}
    assert "solver.cli" in imported and "sympy" not in imported, "sympy imported"


SYMPY_CACHE = """
import solver.cli, sympy.core.cache
print(sympy.core.cache.SYMPY_CACHE_SIZE)
"""


@pytest.mark.parametrize("given, size", [(None, "10000"), ("500", "500")])
def test_sympy_loads_with_hwsolvers_cache_size_unless_the_user_set_one(given, size):
    """SymPy keeps 1,000 results per cached function by default; hwsolver asks for more
    before SymPy loads, and keeps a size the user set."""
    environment = {k: v for k, v in os.environ.items() if k != "SYMPY_CACHE_SIZE"}
    if given is not None:
        environment["SYMPY_CACHE_SIZE"] = given
    result = subprocess.run([sys.executable, "-c", SYMPY_CACHE], capture_output=True,
                            text=True, env=environment, check=True)
    assert result.stdout.strip() == size


LEAVING = """
import atexit, sys
from solver.cli import main
marker = sys.argv.pop()
atexit.register(lambda: open(marker, "w").write("ran"))
sys.argv[0] = "hwsolver"
main()
"""


@pytest.mark.parametrize("arguments, code", [(["kinds"], 0), (["kinds", "eigenn"], 2),
                                             (["validate", "missing.yaml"], 2)])
def test_as_a_subprocess_exit_handlers_run_and_the_exit_code_is_kept(tmp_path, arguments,
                                                                       code):
    marker = tmp_path / "ran"
    result = subprocess.run([sys.executable, "-c", LEAVING, *arguments, str(marker)],
                            capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == code, result.stderr
    assert marker.read_text() == "ran"
    if code == 0:  # the whole of a long output is flushed
        from solver.kinds import KINDS

        assert all(f"{name}\n" in result.stdout for name in KINDS)


def test_python_dash_m_runs_validate():
    result = subprocess.run([sys.executable, "-m", "solver", "validate", WEEK4],
                            capture_output=True, text=True)
    assert result.returncode == 0 and "ok:" in result.stdout


def test_missing_file_is_exit_2_without_traceback():
    result = subprocess.run([sys.executable, "-m", "solver", "validate", "nope.yaml"],
                            capture_output=True, text=True)
    assert result.returncode == 2
    assert "no such file" in result.stderr and "Traceback" not in result.stderr


ANSWERS = """\
student: ada
answers:
  linear-algebra.a: 8
  linear-algebra.c: [[18, 12], [30, 20]]
  chain-rule.a: 2x cos(x^2)
"""


def test_check_an_answer_file_as_text_and_json(tmp_path):
    sheet = tmp_path / "ada.yaml"
    sheet.write_text(ANSWERS)
    text = run("check", WEEK4, str(sheet))
    assert text.exit_code == 0, text.output
    assert "transpose" in text.output and "total:" in text.output
    data = json.loads(run("check", WEEK4, str(sheet), "--format", "json").output)
    assert set(data) >= {"student", "score", "max_score", "parts"}
    assert data["student"] == "ada" and data["score"] == 2
    part = next(p for p in data["parts"] if p["key"] == "linear-algebra.c")
    assert set(part) >= {"key", "status", "score", "points", "reason", "diagnosis",
                         "decided_by"}
    assert (part["status"], part["diagnosis"]) == ("incorrect", "transposed")


def test_check_one_answer_with_key():
    result = run("check", WEEK4, "--key", "chain-rule.a", "cos(x^2)")
    assert result.exit_code == 0
    assert "inner derivative" in result.output and "missing" not in result.output


@pytest.mark.parametrize("content, words", [
    ("answers: [1, 2]\n", ["ada.yaml:1", "answers"]),
    ("answers:\n  a.b: 1\n  a.b: 2\n", ["ada.yaml:3", "duplicate key"]),
    ("answers: !!python/object/apply:os.system ['ls']\n", ["tags"]),
    ("studnt: x\nanswers: {}\n", ["unknown field 'studnt'", "did you mean 'student'"]),
])
def test_bad_answer_files_exit_2_with_file_and_line(tmp_path, content, words):
    sheet = tmp_path / "ada.yaml"
    sheet.write_text(content)
    result = run("check", WEEK4, str(sheet))
    assert result.exit_code == 2
    for word in words:
        assert word in result.output


def test_template_lists_every_graded_key_and_reads_back(tmp_path):
    target = tmp_path / "blank.yaml"
    assert run("template", WEEK4, "-o", str(target)).exit_code == 0
    text = target.read_text()
    assert "linear-algebra.d: ''" in text and "chain-rule.c.x1: ''" in text
    result = run("check", WEEK4, str(target), "--format", "json")
    assert result.exit_code == 0
    assert {p["status"] for p in json.loads(result.output)["parts"]} == {"missing"}
