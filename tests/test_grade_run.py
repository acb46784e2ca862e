"""``hwsolver grade`` end to end: the promises of the batch grader, each a test.

One row per submission whatever it holds; others' rows unchanged by a bad one; hard
limits; journaled results surviving kill -9; nothing written into the submissions;
byte-identical outputs across runs and hash seeds; only changed files regraded;
two students with one id both kept and flagged.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

import solver.check.checker as checker_module
from solver.cli import cli
from solver.grade.pool import Limits
from solver.grade.run import GradeError, Options, grade_folder

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "tests" / "fixtures" / "grade" / "spec.yaml"
RIGHT = {"calc.a": "2x cos(x^2)", "calc.b": "3x^2", "lin.c": [["2", "1"], ["4", "3"]],
         "lin.d": "no solution"}
OUTPUTS = ("grades.csv", "canvas.csv", "moodle.csv", "results.json", "report.md")


def _yaml(answers: dict, student: str | None = None) -> str:
    lines = [f"student: '{student}'"] if student else []
    lines.append("answers:")
    for key, value in answers.items():
        if isinstance(value, list):
            value = json.dumps(value)
        else:
            value = "'" + str(value).replace("'", "''") + "'"
        lines.append(f"  {key}: {value}")
    return "\n".join(lines) + "\n"


def _class(folder: Path, size: int = 6) -> Path:
    """A small class: right answers, typical mistakes, LaTeX, partial answers."""
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(size):
        answers = dict(RIGHT)
        if i % 3 == 1:
            answers["calc.a"] = "2 cos(x^2)"  # dropped inner derivative... of a sort
            answers["lin.c"] = [["3", "4"], ["1", "2"]]
        if i % 3 == 2:
            answers.pop("lin.d")
        (folder / f"s{i:02d}.yaml").write_text(_yaml(answers))
    (folder / "tex-student.tex").write_text(
        "\\documentclass{article}\\usepackage{hwanswers}\\begin{document}\n"
        "\\student{texie}\n\\answer{calc.a}{2x\\cos(x^2)}\n\\answer{calc.b}{3x^{2}}\n"
        "\\answer{lin.c}{\\begin{bmatrix} 2 & 1 \\\\ 4 & 3 \\end{bmatrix}}\n"
        "\\end{document}\n")
    return folder


def _grade(submissions: Path, out: Path, **options) -> object:
    options.setdefault("jobs", 2)
    options.setdefault("limits", Limits(5, 30))
    return grade_folder(SPEC, submissions, out, Options(**options))


def _rows(out: Path) -> dict[str, list[str]]:
    rows = list(csv.reader(io.StringIO((out / "grades.csv").read_text())))
    return {row[1]: row for row in rows[1:]}


def _tree(folder: Path, skip=("manifest.json",)) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name not in skip and ".hwsolver" not in p.parts}


# --- the outputs -----------------------------------------------------------------------

def test_a_class_is_graded_into_every_output(tmp_path):
    submissions = _class(tmp_path / "in")
    summary = _grade(submissions, tmp_path / "out")
    out = tmp_path / "out"
    for name in (*OUTPUTS, "manifest.json"):
        assert (out / name).is_file(), name
    rows = _rows(out)
    assert len(rows) == 7 and summary.submissions == 7 and summary.graded == 7
    assert rows["s00.yaml"][2:5] == ["graded", "5", "5"]
    assert rows["s01.yaml"][3] == "2"  # calc.a (2 points) and lin.c wrong
    assert rows["tex-student.tex"][0] == "texie" and rows["tex-student.tex"][3] == "4"
    results = json.loads((out / "results.json").read_text())
    assert [k["key"] for k in results["keys"]] == ["calc.a", "calc.b", "lin.c", "lin.d"]
    wrong = next(v for v in results["submissions"][1]["verdicts"] if v["key"] == "lin.c")
    assert wrong["status"] == "incorrect" and wrong["answer"] == [["3", "4"], ["1", "2"]]
    feedback = (out / "feedback" / "s01.md").read_text()
    assert "Where it went wrong" in feedback and "The worked solution of part lin.c" in feedback
    assert "Step 1." in feedback
    assert summary.exit_code == 0


def test_canvas_and_moodle_files_carry_the_totals(tmp_path):
    _grade(_class(tmp_path / "in", 2), tmp_path / "out")
    canvas = list(csv.reader(io.StringIO((tmp_path / "out" / "canvas.csv").read_text())))
    assert canvas[0][:5] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
    assert canvas[1][0] == "Points Possible" and canvas[1][5] == "5"
    assert ["s00", "", "", "s00", "", "5"] in canvas
    moodle = list(csv.reader(io.StringIO((tmp_path / "out" / "moodle.csv").read_text())))
    assert moodle[0] == ["Username", "Grading fixture", "Feedback"]
    assert moodle[1][:2] == ["s00", "5"]


# --- one row per submission, whatever it holds -------------------------------------------

HOSTILE = {
    "empty.yaml": (b"", "file_error", "the file is empty"),
    "latin1.yaml": ("answers:\n  calc.a: 'caf\xe9'\n".encode("latin-1"), "file_error",
                    "not valid UTF-8"),
    "dupkeys.yaml": (b"answers:\n  calc.a: 1\n  calc.a: 2\n", "file_error", "duplicate key"),
    "bomb.yaml": (b"a: &a [x, x]\nb: &b [*a, *a]\nc: &c [*b, *b]\nanswers: *c\n",
                  "file_error", "anchor"),
    "tagged.yaml": (b"answers: !!python/object/apply:os.system ['echo hi']\n", "file_error",
                    "tag"),
    "inject.yaml": (_yaml({"calc.a": "__import__('os').system('touch /tmp/pwned')",
                           "calc.b": "().__class__.__bases__[0]",
                           "lin.c": "9^9^9^9", "lin.d": "(" * 10000 + "x" + ")" * 10000
                           }).encode(), "graded", None),
    "notes.txt": (b"hello", None, None),
    "unclosed.tex": (b"\\answer{calc.a}{2x", "file_error", "is not closed"),
}


def test_every_submission_gets_exactly_one_row(tmp_path):
    submissions = _class(tmp_path / "in", 2)
    for name, (data, _, _) in HOSTILE.items():
        (submissions / name).write_bytes(data)
    (submissions / "big.yaml").write_bytes(b"answers:\n  calc.a: '" + b"x" * 2_100_000 + b"'\n")
    summary = _grade(submissions, tmp_path / "out")
    rows = _rows(tmp_path / "out")
    expected_files = {"s00.yaml", "s01.yaml", "tex-student.tex", "big.yaml",
                      *(name for name, (_, status, _) in HOSTILE.items() if status)}
    assert set(rows) == expected_files
    results = json.loads((tmp_path / "out" / "results.json").read_text())
    by_file = {s["file"]: s for s in results["submissions"]}
    for name, (_, status, message) in HOSTILE.items():
        if status is None:
            continue
        assert by_file[name]["status"] == status, name
        if message:
            assert message in by_file[name]["error"], (name, by_file[name]["error"])
    assert by_file["big.yaml"]["status"] == "file_error"
    assert {v["status"] for v in by_file["inject.yaml"]["verdicts"]} == {"invalid"}
    assert not Path("/tmp/pwned").exists()
    assert {"file": "notes.txt", "reason": "not an answer file (.yaml, .yml, .json or .tex)"} \
        in results["skipped"]
    assert summary.exit_code == 1 and summary.file_errors == 7 and summary.reused == 0


def test_a_bad_submission_leaves_the_others_rows_byte_identical(tmp_path):
    clean = _class(tmp_path / "clean")
    _grade(clean, tmp_path / "out-clean")
    dirty = tmp_path / "dirty"
    shutil.copytree(clean, dirty)
    for name, (data, _, _) in HOSTILE.items():
        (dirty / name).write_bytes(data)
    _grade(dirty, tmp_path / "out-dirty")
    clean_lines = (tmp_path / "out-clean" / "grades.csv").read_bytes().splitlines()
    dirty_lines = set((tmp_path / "out-dirty" / "grades.csv").read_bytes().splitlines())
    assert all(line in dirty_lines for line in clean_lines)
    clean_results = json.loads((tmp_path / "out-clean" / "results.json").read_text())
    dirty_results = {s["file"]: s for s in json.loads(
        (tmp_path / "out-dirty" / "results.json").read_text())["submissions"]}
    for submission in clean_results["submissions"]:
        assert dirty_results[submission["file"]] == submission
        name = submission["student"]
        assert (tmp_path / "out-clean" / "feedback" / f"{name}.md").read_bytes() == \
            (tmp_path / "out-dirty" / "feedback" / f"{name}.md").read_bytes()


def test_formula_cells_are_made_inert(tmp_path):
    submissions = tmp_path / "in"
    submissions.mkdir()
    (submissions / "a.yaml").write_text(_yaml(RIGHT, student="=HYPERLINK(\"http://x\",\"y\")"))
    (submissions / "@b.yaml").write_text(_yaml(RIGHT))
    (submissions / "-c.yaml").write_text(_yaml(RIGHT, student="+1+1"))
    _grade(submissions, tmp_path / "out")
    for name in ("grades.csv", "canvas.csv", "moodle.csv"):
        for row in csv.reader(io.StringIO((tmp_path / "out" / name).read_text())):
            for cell in row:
                assert not cell.startswith(("=", "+", "-", "@")), (name, cell)
    assert "'=HYPERLINK" in (tmp_path / "out" / "grades.csv").read_text()


# --- bounded time -------------------------------------------------------------------------

def test_hanging_and_crashing_checks_are_bounded_and_named(tmp_path, monkeypatch):
    """The workers are forked from this process, so a patched checker runs in them."""
    real = checker_module.check_answer

    def sabotaged(expected, raw, run=None, line=None):
        if raw == "HANG":
            time.sleep(120)
        if raw == "DIE":
            os._exit(7)
        return real(expected, raw, run, line)

    monkeypatch.setattr(checker_module, "check_answer", sabotaged)
    submissions = _class(tmp_path / "in", 3)
    (submissions / "hang.yaml").write_text(_yaml({**RIGHT, "calc.b": "HANG"}))
    (submissions / "die.yaml").write_text(_yaml({**RIGHT, "calc.b": "DIE"}))
    (submissions / "slow.yaml").write_text(_yaml({k: "HANG" for k in RIGHT}))
    start = time.monotonic()
    summary = _grade(submissions, tmp_path / "out", limits=Limits(0.5, 1.2))
    assert time.monotonic() - start < 30
    results = {s["file"]: s for s in json.loads(
        (tmp_path / "out" / "results.json").read_text())["submissions"]}
    hang = {v["key"]: v for v in results["hang.yaml"]["verdicts"]}
    assert results["hang.yaml"]["status"] == "graded"
    assert hang["calc.b"]["status"] == "undetermined"
    assert "0.5 s limit per answer" in hang["calc.b"]["reason"]
    assert hang["calc.a"]["status"] == "correct"
    assert results["die.yaml"]["status"] == "crashed"
    assert "exit code 7" in results["die.yaml"]["error"]
    assert results["slow.yaml"]["status"] == "timeout"
    assert all(results[f"s0{i}.yaml"]["status"] == "graded" for i in range(3))
    assert summary.crashed == 1 and summary.timeouts == 1 and summary.exit_code == 1


# --- journal, interruption, resume ---------------------------------------------------------

def _cli_grade(submissions: Path, out: Path, *extra: str, seed: str = "0", **popen):
    env = {**os.environ, "PYTHONHASHSEED": seed}
    return subprocess.Popen([sys.executable, "-m", "solver", "grade", str(SPEC),
                             str(submissions), "-o", str(out), "--jobs", "2", *extra],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **popen)


@pytest.mark.parametrize("kill_after", [0, 3, 12, 15])  # 15: all journaled, writing outputs
def test_resume_after_kill_9_equals_an_uninterrupted_run(tmp_path, kill_after):
    submissions = _class(tmp_path / "in", 14)
    reference = _cli_grade(submissions, tmp_path / "ref")
    reference.communicate(timeout=300)
    process = _cli_grade(submissions, tmp_path / "out", start_new_session=True)
    journal = tmp_path / "out" / ".hwsolver" / "journal.jsonl"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        if journal.exists() and journal.read_bytes().count(b"\n") >= kill_after:
            break
        time.sleep(0.01)
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:  # it had already finished
        pass
    process.wait()
    with journal.open("ab") as handle:  # as if the kill cut a line in half
        handle.write(b'{"file": "s00.yaml", "sha')
    resumed = _cli_grade(submissions, tmp_path / "out", "--resume")
    out, err = resumed.communicate(timeout=300)
    assert resumed.returncode == 0, err.decode()
    assert _tree(tmp_path / "out") == _tree(tmp_path / "ref")


def test_resume_of_a_run_killed_before_it_wrote_anything_starts_it(tmp_path):
    submissions = _class(tmp_path / "in", 1)
    assert _grade(submissions, tmp_path / "out", resume=True).graded == 2


def test_the_output_folder_must_be_usable(tmp_path):
    submissions = _class(tmp_path / "in", 1)
    with pytest.raises(GradeError, match="inside the submissions folder"):
        _grade(submissions, submissions / "graded")
    occupied = tmp_path / "occupied"
    occupied.mkdir()
    (occupied / "thesis.tex").write_text("precious")
    with pytest.raises(GradeError, match="not empty"):
        _grade(submissions, occupied)
    assert (occupied / "thesis.tex").read_text() == "precious"


def test_nothing_is_written_into_the_submissions_folder(tmp_path):
    submissions = _class(tmp_path / "in", 3)
    (submissions / "bad.yaml").write_bytes(b"\xff")
    before = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in submissions.rglob("*")}
    _grade(submissions, tmp_path / "out", pdf=False)
    after = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in submissions.rglob("*")}
    assert before == after


def test_a_rerun_regrades_only_what_changed(tmp_path):
    submissions = _class(tmp_path / "in", 4)
    _grade(submissions, tmp_path / "out")
    first = _tree(tmp_path / "out")
    again = _grade(submissions, tmp_path / "out")
    assert again.reused == 5 and _tree(tmp_path / "out") == first
    (submissions / "s01.yaml").write_text(_yaml(RIGHT))
    (submissions / "s03.yaml").unlink()
    changed = _grade(submissions, tmp_path / "out")
    assert changed.reused == 3 and changed.submissions == 4
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert manifest["graded_now"] == 1
    assert _rows(tmp_path / "out")["s01.yaml"][3] == "5"
    assert not (tmp_path / "out" / "feedback" / "s03.md").exists()


# --- determinism --------------------------------------------------------------------------

def test_outputs_are_byte_identical_across_runs_and_hash_seeds(tmp_path):
    submissions = _class(tmp_path / "in", 5)
    (submissions / "alice.yaml").write_text(_yaml({"calc.a": "2 x cos(x**2)"}))
    first = _cli_grade(submissions, tmp_path / "a", seed="1")
    second = _cli_grade(submissions, tmp_path / "b", "--jobs", "1", seed="4242")
    for process in (first, second):
        _, err = process.communicate(timeout=300)
        assert process.returncode == 0, err.decode()
    assert _tree(tmp_path / "a") == _tree(tmp_path / "b")


# --- two students, one id -----------------------------------------------------------------

def test_two_students_with_one_id_are_both_kept_and_flagged(tmp_path):
    submissions = _class(tmp_path / "in", 1)
    (submissions / "alice.yaml").write_text(_yaml(RIGHT))
    (submissions / "Alice.yaml").write_text(_yaml({"calc.a": "0"}))
    (submissions / "bob.yaml").write_text(_yaml(RIGHT, student="s00"))
    summary = _grade(submissions, tmp_path / "out")
    rows = _rows(tmp_path / "out")
    assert rows["alice.yaml"][3] == "5" and rows["Alice.yaml"][3] == "0"
    for file in ("alice.yaml", "Alice.yaml", "bob.yaml", "s00.yaml"):
        assert "duplicate-student" in rows[file][-2], file
    feedback = sorted(p.name for p in (tmp_path / "out" / "feedback").iterdir())
    alices = [name.casefold() for name in feedback if name.lower().startswith("alice")]
    assert len(set(alices)) == 2  # distinct even on a file system that ignores case
    assert len([name for name in feedback if name.startswith("s00")]) == 2
    assert summary.exit_code == 1


# --- the command line ------------------------------------------------------------------------

def test_cli_exit_codes_and_summary_line(tmp_path):
    submissions = _class(tmp_path / "in", 2)
    runner = CliRunner()
    result = runner.invoke(cli, ["grade", str(SPEC), str(submissions), "-o",
                                 str(tmp_path / "out"), "--jobs", "1"])
    assert result.exit_code == 0, result.output
    assert "graded 3 of 3 submissions, 0 need review" in result.output
    (submissions / "broken.json").write_text("{")
    result = runner.invoke(cli, ["grade", str(SPEC), str(submissions), "-o",
                                 str(tmp_path / "out"), "--jobs", "1"])
    assert result.exit_code == 1 and "1 needs review" in result.output
    bad_spec = tmp_path / "bad.yaml"
    bad_spec.write_text("title: x\nproblems: 3\n")
    result = runner.invoke(cli, ["grade", str(bad_spec), str(submissions), "-o",
                                 str(tmp_path / "other")])
    assert result.exit_code == 2 and "bad.yaml" in result.output
    result = runner.invoke(cli, ["grade", str(SPEC), str(submissions), "-o",
                                 str(submissions / "out")])
    assert result.exit_code == 2 and "inside the submissions folder" in result.output


@pytest.mark.tex
def test_feedback_pdfs_and_report_pdf_compile(tmp_path):
    submissions = _class(tmp_path / "in", 2)
    summary = _grade(submissions, tmp_path / "out", pdf=True)
    assert not summary.warnings
    for name in ("s00", "s01", "texie"):
        assert (tmp_path / "out" / "feedback" / f"{name}.pdf").read_bytes().startswith(b"%PDF")
    assert (tmp_path / "out" / "report.pdf").read_bytes().startswith(b"%PDF")


def test_template_latex_writes_a_sheet_and_its_style_that_check_reads(tmp_path):
    runner = CliRunner()
    sheet = tmp_path / "sheet.tex"
    result = runner.invoke(cli, ["template", str(SPEC), "--latex", "-o", str(sheet)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "hwanswers.sty").is_file()
    sheet.write_text(sheet.read_text().replace(r"\answer{calc.b}{}", r"\answer{calc.b}{3x^2}"))
    result = runner.invoke(cli, ["check", str(SPEC), str(sheet)])
    assert result.exit_code == 0, result.output
    assert "calc.b  correct" in result.output and "total: 1 / 5" in result.output
    result = runner.invoke(cli, ["check", str(SPEC), str(tmp_path / "missing.tex")])
    assert result.exit_code == 2 and "missing.tex" in result.output


def test_grade_one_is_the_pure_function_the_pool_runs(tmp_path):
    from solver.grade.work import grade_one

    submissions = _class(tmp_path / "in", 2)
    _grade(submissions, tmp_path / "out")
    results = json.loads((tmp_path / "out" / "results.json").read_text())["submissions"]
    spec_text = SPEC.read_text()
    for submission in results:
        alone = grade_one(spec_text, str(SPEC), submission["file"],
                          (submissions / submission["file"]).read_bytes())
        assert {**alone, "max_score": submission["max_score"]} == submission
    hang = grade_one(spec_text, str(SPEC), "x.yaml", b"answers: {calc.a: '1'}", seconds=0.0)
    assert hang["status"] == "timeout"


def test_the_drivers_peak_memory_is_its_own_when_a_large_process_started_it():
    """``ru_maxrss`` is kept across ``exec``: a run started by a process holding 600 MB
    must not report 600 MB as its own peak."""
    held = b"x" * (600 * 1024 * 1024)  # resident in this process while the run starts
    done = subprocess.run(
        [sys.executable, "-c", "import resource\nfrom solver.grade.run import _resources\n"
         "print(_resources()['peak_memory_mb']['driver'],"
         " resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)"],
        capture_output=True, text=True, check=True)
    own, inherited = map(int, done.stdout.split())
    del held
    assert inherited >= 600 > 300 > own
