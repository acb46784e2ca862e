"""``hwsolver grade`` as a new instructor first meets it: run from the folder that holds the
spec and the submissions, stopped by a scheduler, writing into a folder that cannot take
it, importing its gradebook files, and following the README's own examples."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import types
import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner

from solver.cli import cli
from solver.grade.discover import SAME_NAME, find_submissions

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


# --- stopped by a scheduler, or killed: no worker survives the run ----------------------------

# ``hwsolver grade`` whose checker spins at full speed on the answer '3 x^2' while
# SPIN_MARKERS names a folder (it leaves its pid there first); without it, a normal run.
SPINNING_GRADE = """
import os, sys
import solver.check.checker as checker
real = checker.check_answer
def check_answer(expected, raw, *args, **kwargs):
    markers = os.environ.get("SPIN_MARKERS")
    if markers and raw == "3 x^2":
        open(os.path.join(markers, str(os.getpid())), "w").close()
        while True:
            pass
    return real(expected, raw, *args, **kwargs)
checker.check_answer = check_answer
from solver.cli import main
sys.argv[0] = "hwsolver"
main()
"""


def _spinning_class(folder: Path) -> Path:
    folder.mkdir(parents=True)
    for name in ("a-spins", "b-spins"):
        (folder / f"{name}.yaml").write_text(RIGHT.replace("'3x^2'", "'3 x^2'"))
    (folder / "c.yaml").write_text(RIGHT)
    (folder / "d.yaml").write_text(ONLY_CALC_A)
    return folder


def _grade_process(submissions: Path, out: Path, *extra: str, markers: Path | None = None):
    env = {k: v for k, v in os.environ.items() if k != "SPIN_MARKERS"}
    if markers is not None:
        env["SPIN_MARKERS"] = str(markers)
    return subprocess.Popen([sys.executable, "-c", SPINNING_GRADE, "grade", str(SPEC),
                             str(submissions), "-o", str(out), "--jobs", "2",
                             "--answer-limit", "300", "--submission-limit", "600", *extra],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True)


def _alive(pid: int) -> bool:
    """Whether ``pid`` is a process that still runs (a zombie has stopped running)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state not in ("Z", "X")


def _gone_within(pids: list[int], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not any(_alive(pid) for pid in pids):
            return True
        time.sleep(0.05)
    return False


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name != "manifest.json" and ".hwsolver" not in p.parts}


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
@pytest.mark.parametrize("signal_name", ["SIGTERM", "SIGKILL"])
def test_no_worker_outlives_a_stopped_or_killed_run_and_resume_finishes_it(tmp_path,
                                                                           signal_name):
    submissions = _spinning_class(tmp_path / "in")
    reference = _grade_process(submissions, tmp_path / "ref")
    _, err = reference.communicate(timeout=300)
    assert reference.returncode == 0, err.decode()
    markers = tmp_path / "markers"
    markers.mkdir()
    process = _grade_process(submissions, tmp_path / "out", markers=markers)
    workers: list[int] = []
    try:
        deadline = time.monotonic() + 120
        while len(workers) < 2 and time.monotonic() < deadline and process.poll() is None:
            workers = [int(p.name) for p in markers.iterdir()]
            time.sleep(0.05)
        assert len(workers) == 2 and process.pid not in workers
        os.kill(process.pid, getattr(signal, signal_name))  # the parent alone, as timeout does
        assert _gone_within(workers, 2.5), [w for w in workers if _alive(w)]
        _, err = process.communicate(timeout=30)
        if signal_name == "SIGTERM":
            assert process.returncode == 128 + signal.SIGTERM
            assert "--resume" in err.decode() and "Traceback" not in err.decode()
        else:
            assert process.returncode == -signal.SIGKILL
    finally:
        for pid in [process.pid, *workers]:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        process.wait()
    resumed = _grade_process(submissions, tmp_path / "out", "--resume")
    _, err = resumed.communicate(timeout=300)
    assert resumed.returncode == 0, err.decode()
    assert _tree(tmp_path / "out") == _tree(tmp_path / "ref")


def test_without_the_kernel_s_help_an_orphan_notices_within_a_second(tmp_path):
    """The portable way, alone: a child that only watches its parent's pid."""
    program = (
        "import os, sys, time\n"
        "from solver.lifetime import watch_parent\n"
        "parent = os.getpid()\n"
        "pid = os.fork()\n"
        "if pid == 0:\n"
        "    os.setpgrp()\n"
        "    watch_parent(parent, 0.2)\n"
        "    while True:\n"
        "        pass\n"
        "print(pid, flush=True)\n"
        "time.sleep(120)\n")
    process = subprocess.Popen([sys.executable, "-c", program], stdout=subprocess.PIPE,
                               text=True)
    child = int(process.stdout.readline())
    try:
        assert _alive(child)
        time.sleep(0.5)
        assert _alive(child)  # it runs while its parent does
        process.kill()
        process.wait()
        assert _gone_within([child], 2.0)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.kill(child, signal.SIGKILL)


# --- an output folder that does not take what is written -------------------------------------

def _can_mount() -> bool:
    if shutil.which("unshare") is None or os.geteuid() != 0:
        return False
    probe = subprocess.run(["unshare", "-m", "--propagation", "private", "sh", "-c",
                            "mount -t tmpfs tmpfs /mnt"], capture_output=True)
    return probe.returncode == 0


MOUNTS = pytest.mark.skipif(not _can_mount(),
                            reason="needs root and a private mount namespace (unshare -m)")

# Run in a mount namespace of its own (gone with it): mount a tmpfs on $1 with the options
# $2, run the grade command that follows, then report what it left in the folder.
IN_A_MOUNT = """
folder=$1; options=$2; shift 2
mkdir -p "$folder" && mount -t tmpfs -o "$options" tmpfs "$folder" || exit 99
"$@"
echo "EXIT $?"
find "$folder" -name '.*tmp*' | sed 's/^/TEMPORARY /'
cat "$folder/graded/manifest.json" 2>/dev/null | grep '"state"' | sed 's/^/MANIFEST /'
"""


def _grade_in_a_mount(tmp_path: Path, options: str) -> tuple[int, str, str]:
    course = _course(tmp_path / "course")
    for i in range(6):
        (course / "submissions" / f"s{i}.yaml").write_text(RIGHT)
    out = course / "mounted" / "graded"
    process = subprocess.run(
        ["unshare", "-m", "--propagation", "private", "sh", "-c", IN_A_MOUNT, "sh",
         str(out.parent), options, sys.executable, "-m", "solver", "grade", "week4.yaml",
         "submissions", "-o", str(out.relative_to(course)), "--jobs", "1"],
        cwd=course, capture_output=True, text=True, timeout=300)
    lines = process.stdout.splitlines()
    code = int(next(line for line in lines if line.startswith("EXIT "))[5:])
    return code, process.stdout, process.stderr


@MOUNTS
def test_a_read_only_output_folder_is_an_input_error_in_one_line(tmp_path):
    code, stdout, stderr = _grade_in_a_mount(tmp_path, "ro")
    assert code == 2
    assert stderr.strip().count("\n") == 0, stderr
    assert "mounted/graded" in stderr and "Read-only file system" in stderr
    assert "internal error" not in stderr and "TEMPORARY" not in stdout


@MOUNTS
@pytest.mark.parametrize("size", ["4k", "8k", "16k", "32k", "48k", "64k", "96k"])
def test_a_full_output_folder_is_an_input_error_leaving_no_temporary_file(tmp_path, size):
    """The sizes fill the folder at different steps: the lock, the manifest, the journal,
    the gradebook files, the feedback, the class report."""
    code, stdout, stderr = _grade_in_a_mount(tmp_path, f"size={size}")
    assert code == 2, (stdout, stderr)
    assert stderr.strip().count("\n") == 0, stderr
    assert "mounted/graded" in stderr and "No space left on device" in stderr
    assert "internal error" not in stderr and "TEMPORARY" not in stdout
    assert "running" not in stdout  # the manifest says the run failed, or is not there


def test_an_output_folder_under_a_file_is_an_input_error(tmp_path, monkeypatch):
    """Works for any user: the folder cannot be made (ENOTDIR)."""
    course = _course(tmp_path / "course")
    (course / "a-file").write_text("not a folder")
    monkeypatch.chdir(course)
    result = CliRunner().invoke(cli, ["grade", "week4.yaml", "submissions", "-o",
                                      "a-file/graded", "--jobs", "1"])
    assert result.exit_code == 2, result.output
    assert "a-file/graded" in result.output and "Not a directory" in result.output
    assert "internal error" not in result.output


def test_two_runs_into_one_folder_the_second_refuses_naming_the_first(tmp_path, monkeypatch):
    submissions = _spinning_class(tmp_path / "in")
    markers = tmp_path / "markers"
    markers.mkdir()
    first = _grade_process(submissions, tmp_path / "out", markers=markers)
    try:
        deadline = time.monotonic() + 120
        while not any(markers.iterdir()) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert any(markers.iterdir())
        result = CliRunner().invoke(cli, ["grade", str(SPEC), str(submissions), "-o",
                                          str(tmp_path / "out"), "--jobs", "1"])
        assert result.exit_code == 2, result.output
        assert f"pid {first.pid}" in result.output and str(tmp_path / "out") in result.output
    finally:
        first.send_signal(signal.SIGTERM)
        first.communicate(timeout=60)
    assert first.returncode == 128 + signal.SIGTERM


def test_a_lock_left_by_a_dead_run_does_not_block(tmp_path):
    course = _course(tmp_path / "course")
    state = course / "graded" / ".hwsolver"
    state.mkdir(parents=True)
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    (state / "lock").write_text(f"{dead.pid}\n")
    result = CliRunner().invoke(cli, ["grade", str(course / "week4.yaml"),
                                      str(course / "submissions"), "-o",
                                      str(course / "graded"), "--jobs", "1"])
    assert result.exit_code == 0, result.output
    assert _totals(course / "graded" / "grades.csv") == EXPECTED_TOTALS


# --- gradebook files an LMS imports -----------------------------------------------------------

def _csv_rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))


def _grade_cli(tmp_path: Path, submissions: Path, *extra: str):
    result = CliRunner().invoke(cli, ["grade", str(SPEC), str(submissions), "-o",
                                      str(tmp_path / "out"), "--jobs", "1", *extra])
    assert result.exit_code in (0, 1), result.output
    return result


def _two_submissions_of_one_student(folder: Path) -> Path:
    """alice.yaml all right (5 points) written first, Alice.yaml all wrong (0) written an
    hour later, and bob.yaml that says it is s00's, next to s00.yaml (2 points)."""
    folder.mkdir()
    (folder / "alice.yaml").write_text(RIGHT)
    (folder / "Alice.yaml").write_text("answers:\n  calc.a: '0'\n")
    (folder / "s00.yaml").write_text(ONLY_CALC_A)
    (folder / "bob.yaml").write_text("student: s00\n" + RIGHT)
    now = time.time()
    os.utime(folder / "alice.yaml", (now - 3600, now - 3600))
    os.utime(folder / "Alice.yaml", (now, now))
    os.utime(folder / "s00.yaml", (now - 60, now - 60))
    os.utime(folder / "bob.yaml", (now - 120, now - 120))
    return folder


# --duplicates: (alice's grade, s00's grade) in the import files, '' for a person to decide
DUPLICATE_RULES = [
    ([], ("", "")),                          # flag, the default
    (["--duplicates", "flag"], ("", "")),
    (["--duplicates", "later"], ("0", "2")),  # Alice.yaml, s00.yaml: modified last
    (["--duplicates", "best"], ("5", "5")),   # alice.yaml, bob.yaml: the higher score
]


@pytest.mark.parametrize(("option", "grades"), DUPLICATE_RULES)
def test_the_import_files_have_one_row_per_login(tmp_path, option, grades):
    result = _grade_cli(tmp_path, _two_submissions_of_one_student(tmp_path / "in"), *option)
    canvas = _csv_rows(tmp_path / "out" / "canvas.csv")[2:]
    logins = [row[3].casefold() for row in canvas]
    assert sorted(logins) == ["alice", "s00"]
    assert (dict(zip(logins, (row[5] for row in canvas), strict=True))
            == {"alice": grades[0], "s00": grades[1]})
    moodle = _csv_rows(tmp_path / "out" / "moodle.csv")[1:]
    assert sorted(row[0].casefold() for row in moodle) == ["alice", "s00"]
    assert {row[0].casefold(): row[1] for row in moodle} == {"alice": grades[0],
                                                             "s00": grades[1]}
    graded = {row[1]: row for row in _csv_rows(tmp_path / "out" / "grades.csv")[1:]}
    assert sorted(graded) == ["Alice.yaml", "alice.yaml", "bob.yaml", "s00.yaml"]
    flagged = {file for file, row in graded.items() if "duplicate-student" in row[-2]}
    if grades == ("", ""):
        assert flagged == set(graded) and result.exit_code == 1
    else:
        assert flagged == set() and result.exit_code == 0


def test_a_file_name_holding_a_newline_is_not_another_file(tmp_path):
    submissions = tmp_path / "in"
    submissions.mkdir()
    (submissions / "a\nb.yaml").write_text(RIGHT)
    (submissions / "a b.yaml").write_text(ONLY_CALC_A)
    (submissions / "back\\slash.yaml").write_text(RIGHT)
    _grade_cli(tmp_path, submissions)
    rows = _csv_rows(tmp_path / "out" / "grades.csv")[1:]
    files = [row[1] for row in rows]
    assert len(set(files)) == len(files) == 3
    assert {row[1]: row[3] for row in rows} == {"a\\nb.yaml": "5", "a b.yaml": "2",
                                                "back\\\\slash.yaml": "5"}


def test_a_file_name_that_is_not_utf8_is_graded_under_its_bytes_written_out(tmp_path):
    """A zip made on another system names a file in Latin-1: the file is graded, every
    output names it with the byte written as \\xe9, and a file already named so beside it
    keeps that name while the other is listed as skipped."""
    submissions = tmp_path / "in"
    submissions.mkdir()
    os.mkdir(os.fsencode(submissions / "caf") + b"\xe9")
    (Path(os.fsdecode(os.fsencode(submissions / "caf") + b"\xe9")) / "ana.yaml") \
        .write_text(RIGHT)
    Path(os.fsdecode(os.fsencode(submissions) + b"/ren\xe9.yaml")).write_text(ONLY_CALC_A)
    _grade_cli(tmp_path, submissions)
    rows = _csv_rows(tmp_path / "out" / "grades.csv")[1:]
    assert {row[1]: row[3] for row in rows} == {  # grades.csv doubles a backslash
        "caf\\\\xe9/ana.yaml": "5", "ren\\\\xe9.yaml": "2"}
    results = json.loads((tmp_path / "out" / "results.json").read_text(encoding="utf-8"))
    assert [row["file"] for row in results["submissions"]] == ["caf\\xe9/ana.yaml",
                                                               "ren\\xe9.yaml"]
    (submissions / "ren\\xe9.yaml").write_text(RIGHT)  # a name spelt with a backslash
    found = find_submissions(submissions)
    assert [item.file for item in found.found] == ["caf\\xe9/ana.yaml", "ren\\xe9.yaml"]
    assert found.found[1].path == submissions / "ren\\xe9.yaml"
    assert [(item.file, item.reason) for item in found.skipped] == [("ren\\xe9.yaml",
                                                                     SAME_NAME)]


@pytest.mark.parametrize("student", [
    "＝HYPERLINK(\"http://x\",\"y\")", "＋1+1", "﹣1", "－1", "＠SUM(A1)", "﹦1", "⁺1", "₌1",
    "=1", "\t=1", "\r=1", " ＝1",
])
def test_a_name_that_folds_to_a_formula_is_made_inert(tmp_path, student):
    submissions = tmp_path / "in"
    submissions.mkdir()
    (submissions / "x.yaml").write_text(f"student: {json.dumps(student)}\n" + RIGHT)
    _grade_cli(tmp_path, submissions)
    for name in ("grades.csv", "canvas.csv", "moodle.csv"):
        for row in _csv_rows(tmp_path / "out" / name):
            for cell in row:
                folded = unicodedata.normalize("NFKC", cell)
                assert cell.startswith("'") or not folded.lstrip(" ").startswith(
                    ("=", "+", "-", "@", "\t", "\r")), (name, cell)


# --- the README's distributed example ---------------------------------------------------------

class _LocalFuture:
    def __init__(self, value):
        self.value = value


class _LocalClient:
    """dask.distributed.Client as the README uses it, computing in this process."""

    def __init__(self, address: str):
        self.address = address

    def submit(self, function, *args, pure: bool = True):
        return _LocalFuture(function(*args))

    def gather(self, futures):
        return [future.value for future in futures]


def _readme_block(containing: str) -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = readme.split("```python\n")[1:]
    return next(block.split("```", 1)[0] for block in blocks if containing in block)


def test_the_readme_dask_example_runs_as_written(tmp_path, monkeypatch):
    code = _readme_block("dask.distributed")
    course = _course(tmp_path / "course")
    (course / "submissions" / ".DS_Store").write_bytes(b"\0")
    monkeypatch.chdir(course)
    distributed = types.ModuleType("dask.distributed")
    distributed.Client = _LocalClient
    monkeypatch.setitem(sys.modules, "dask", types.ModuleType("dask"))
    monkeypatch.setitem(sys.modules, "dask.distributed", distributed)
    namespace: dict = {}
    exec(compile(code, "README.md", "exec"), namespace)  # noqa: S102 - our own README
    results = namespace["results"]
    assert [(r["file"], r["status"], r["score"]) for r in results] == [
        ("ada.yaml", "graded", 5), ("bob.yaml", "graded", 2)]


@pytest.mark.parametrize(("student", "name"), [
    ("José", "Jose"),
    ("Zoë 李雷", "Zoe_LiLei"),
    ("Иван Петров", "Ivan_Petrov"),
    ("../../etc/passwd", "etc_passwd"),
    ("", "student"),
])
def test_feedback_file_names_transliterate_other_scripts(student, name):
    from solver.grade.run import feedback_names

    names = feedback_names([{"file": "a.yaml", "student": student}])
    assert names == {"a.yaml": name}
