"""``hwsolver grade --cluster``: the one-machine promises on a real Dask cluster.

A scheduler and two single-threaded workers run as separate processes on 127.0.0.1 (the
workers preload ``cluster_sabotage``: HANG hangs a check, DIE kills the grading process,
SLOW takes a quarter of a second). One row per submission and the same outputs as
``--jobs 1``; the per-answer and per-submission limits inside the workers; a driver killed
with ``kill -9`` and resumed; a worker killed mid-task.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_grade_run import RIGHT, SPEC, _class, _rows, _tree, _yaml

from solver.cli import cli
from solver.grade.pool import Limits
from solver.grade.run import Options, grade_folder

HERE = Path(__file__).resolve().parent


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _dask(*args: str, log: Path) -> subprocess.Popen:
    with log.open("wb") as sink:
        return subprocess.Popen([sys.executable, "-m", "dask", *args], stdout=sink,
                                stderr=subprocess.STDOUT, cwd=HERE, start_new_session=True)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """The scheduler's address; two workers (each under a nanny that restarts it)."""
    pytest.importorskip("distributed")
    from distributed import Client

    logs = tmp_path_factory.mktemp("cluster")
    address = f"tcp://127.0.0.1:{_free_port()}"
    processes = [_dask("scheduler", "--host", "127.0.0.1", "--port", address.rsplit(":", 1)[1],
                       "--no-dashboard", log=logs / "scheduler.log")]
    try:
        for number in range(2):
            processes.append(_dask("worker", address, "--nthreads", "1", "--nworkers", "1",
                                   "--host", "127.0.0.1", "--no-dashboard", "--preload",
                                   str(HERE / "cluster_sabotage.py"),
                                   log=logs / f"worker-{number}.log"))
        with Client(address, timeout="60s") as client:
            client.wait_for_workers(2, timeout=120)
        yield address
    finally:
        for process in reversed(processes):
            try:
                os.killpg(process.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        for process in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def _grade(submissions: Path, out: Path, **options):
    options.setdefault("limits", Limits(5, 30))
    return grade_folder(SPEC, submissions, out, Options(**options))


def _class_of_40(folder: Path) -> Path:
    submissions = _class(folder, 36)
    (submissions / "alice.yaml").write_text(_yaml(RIGHT))
    (submissions / "Alice.yaml").write_text(_yaml({"calc.a": "0"}))
    (submissions / "bad.yaml").write_bytes(b"\xff")
    (submissions / "sub").mkdir()
    (submissions / "sub" / "deep.yaml").write_text(_yaml({**RIGHT, "calc.b": "x^3"}))
    (submissions / "linked.yaml").symlink_to(submissions / "s00.yaml")
    return submissions


def _cli(submissions: Path, out: Path, *extra: str, **popen) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "solver", "grade", str(SPEC),
                             str(submissions), "-o", str(out), *extra],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, **popen)


def _wait_for_lines(journal: Path, lines: int, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        if journal.exists() and journal.read_bytes().count(b"\n") >= lines:
            return
        time.sleep(0.01)


# --- without Dask ---------------------------------------------------------------------------

def test_without_dask_the_cluster_option_says_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed fails
    submissions = _class(tmp_path / "in", 1)
    result = CliRunner().invoke(cli, ["grade", str(SPEC), str(submissions), "-o",
                                      str(tmp_path / "out"), "--cluster", "local:1"])
    assert result.exit_code == 2
    assert "pip install 'hwsolver[dask]'" in result.output


def test_a_cluster_address_that_names_none_is_refused(tmp_path):
    submissions = _class(tmp_path / "in", 1)
    result = CliRunner().invoke(cli, ["grade", str(SPEC), str(submissions), "-o",
                                      str(tmp_path / "out"), "--cluster", "my-laptop"])
    assert result.exit_code == 2 and "tcp://host:8786" in result.output
    assert not (tmp_path / "out").exists()


def test_help_does_not_import_dask():
    code = ("import sys\nfrom solver.cli import cli\n"
            "try:\n    cli(['grade', '--help'])\nexcept SystemExit:\n    pass\n"
            "print([m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed')])")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip().splitlines()[-1] == "[]"
    assert "--cluster" in done.stdout


def test_a_worker_whose_hwsolver_differs_refuses_to_grade():
    from solver.grade.batches import DifferentGrader, SpecCopy, grade_batch

    other = SpecCopy(SPEC.read_text(), str(SPEC), None, "0" * 64)
    with pytest.raises(DifferentGrader, match="same hwsolver on every machine"):
        grade_batch(other, [("a.yaml", b"answers: {}")], Limits(5, 30))


def test_a_class_is_cut_into_batches_that_every_worker_shares():
    from solver.grade.cluster import BATCHES_PER_WORKER, MAX_BATCH, batch_size

    assert batch_size(40, 2) == 3  # 14 batches: both workers busy to the end
    assert batch_size(10_000, 2) == MAX_BATCH
    assert batch_size(1, 8) == 1 and batch_size(5, 0) == 1
    for submissions in (17, 999, 1600, 4000):
        size = batch_size(submissions, 2)
        assert -(-submissions // size) >= BATCHES_PER_WORKER  # at least half of 8 each


# --- on a real cluster ------------------------------------------------------------------------

@pytest.mark.cluster
def test_a_class_graded_on_the_cluster_equals_jobs_1(tmp_path, cluster):
    submissions = _class_of_40(tmp_path / "in")
    alone = _grade(submissions, tmp_path / "alone", jobs=1)
    spread = _grade(submissions, tmp_path / "spread", cluster=cluster, batch=7)
    assert spread.submissions == alone.submissions == 41
    assert len(_rows(tmp_path / "spread")) == 41
    assert _tree(tmp_path / "spread") == _tree(tmp_path / "alone")
    again = _grade(submissions, tmp_path / "spread", cluster=cluster)
    assert again.reused == 41 and _tree(tmp_path / "spread") == _tree(tmp_path / "alone")


@pytest.mark.cluster
def test_a_local_cluster_started_by_the_command_grades_as_one_machine(tmp_path):
    """``--cluster local:2``: started before the set is solved, its two workers forked
    from one server process, each given the set as the driver worked it out."""
    pytest.importorskip("distributed")
    submissions = _class_of_40(tmp_path / "in")
    _grade(submissions, tmp_path / "alone", jobs=1)
    command = _cli(submissions, tmp_path / "spread", "--cluster", "local:2")
    _, errors = command.communicate(timeout=300)
    assert command.returncode in (0, 1) and b"Traceback" not in errors
    assert _tree(tmp_path / "spread") == _tree(tmp_path / "alone")
    manifest = json.loads((tmp_path / "spread" / "manifest.json").read_text())
    assert manifest["state"] == "finished" and manifest["cluster"] == "local:2"


@pytest.mark.cluster
def test_the_limits_hold_inside_the_workers(tmp_path, cluster):
    submissions = _class(tmp_path / "in", 3)
    (submissions / "hang.yaml").write_text(_yaml({**RIGHT, "calc.b": "HANG"}))
    (submissions / "die.yaml").write_text(_yaml({**RIGHT, "calc.b": "DIE"}))
    (submissions / "slow.yaml").write_text(_yaml({k: "HANG" for k in RIGHT}))
    start = time.monotonic()
    summary = _grade(submissions, tmp_path / "out", cluster=cluster, batch=3,
                     limits=Limits(0.5, 1.2))
    assert time.monotonic() - start < 60
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
    assert summary.crashed == 1 and summary.timeouts == 1 and len(results) == 7


@pytest.mark.cluster
def test_a_killed_driver_resumes_to_the_outputs_of_one_machine(tmp_path, cluster):
    submissions = _class(tmp_path / "in", 24)
    for number in range(8):
        (submissions / f"slow{number}.yaml").write_text(_yaml({**RIGHT, "calc.b": "SLOW"}))
    reference = _cli(submissions, tmp_path / "ref", "--jobs", "1")
    reference.communicate(timeout=300)
    driver = _cli(submissions, tmp_path / "out", "--cluster", cluster, "--batch-size", "3",
                  start_new_session=True)
    journal = tmp_path / "out" / ".hwsolver" / "journal.jsonl"
    _wait_for_lines(journal, 6, driver)
    try:
        os.killpg(driver.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    driver.communicate()
    graded_before = journal.read_bytes().count(b"\n")
    assert graded_before < 33, "the driver finished before it was killed"
    resumed = _cli(submissions, tmp_path / "out", "--cluster", cluster, "--resume")
    _, err = resumed.communicate(timeout=300)
    assert resumed.returncode == 0, err.decode()
    assert _tree(tmp_path / "out") == _tree(tmp_path / "ref")


@pytest.mark.cluster
def test_a_worker_killed_mid_task_is_retried_and_each_submission_has_one_row(tmp_path,
                                                                              cluster):
    from distributed import Client

    submissions = _class(tmp_path / "in", 6)
    for number in range(16):
        (submissions / f"slow{number:02d}.yaml").write_text(
            _yaml({**RIGHT, "calc.b": "SLOW"}))
    _grade(submissions, tmp_path / "ref", jobs=1)
    driver = _cli(submissions, tmp_path / "out", "--cluster", cluster, "--batch-size", "2")
    _wait_for_lines(tmp_path / "out" / ".hwsolver" / "journal.jsonl", 2, driver)
    with Client(cluster, timeout="30s") as client:
        busy = [worker for worker, keys in client.processing().items() if keys]
        pids = client.run(os.getpid, workers=busy[:1])
    assert pids, "no worker was busy"
    os.kill(next(iter(pids.values())), signal.SIGKILL)
    _, err = driver.communicate(timeout=300)
    assert driver.returncode == 0, err.decode()
    rows = _rows(tmp_path / "out")
    assert len(rows) == 23
    assert _tree(tmp_path / "out") == _tree(tmp_path / "ref")
    with Client(cluster, timeout="30s") as client:  # the nanny has a worker up again
        client.wait_for_workers(2, timeout=120)


@pytest.mark.cluster
def test_variants_and_a_roster_are_graded_on_the_cluster_as_on_one_machine(tmp_path, cluster):
    from test_grade_variants import SPEC as VARYING
    from test_grade_variants import _roster, _write_class

    submissions = _write_class(tmp_path / "in")
    roster = _roster(tmp_path / "roster.csv")
    for name, options in (("alone", {"jobs": 1}), ("spread", {"cluster": cluster, "batch": 5})):
        grade_folder(VARYING, submissions, tmp_path / name,
                     Options(limits=Limits(10, 60), roster=roster, **options))
    assert _tree(tmp_path / "spread") == _tree(tmp_path / "alone")
    results = json.loads((tmp_path / "spread" / "results.json").read_text())
    flags = {row["file"]: row["flags"] for row in results["submissions"]}
    assert "copied-from-another-variant" in flags["s07.yaml"]
    assert "not-on-roster" in flags["late.yaml"]


@pytest.mark.cluster
def test_a_roster_without_variants_is_graded_on_the_cluster_as_on_one_machine(tmp_path,
                                                                               cluster):
    submissions = _class(tmp_path / "in", 4)
    roster = tmp_path / "roster.csv"
    roster.write_text("id,name\ns00,Ada\ns01,Bob\n")
    _grade(submissions, tmp_path / "alone", jobs=1, roster=roster)
    _grade(submissions, tmp_path / "spread", cluster=cluster, batch=2, roster=roster)
    assert _tree(tmp_path / "spread") == _tree(tmp_path / "alone")
    assert "not-on-roster" in _rows(tmp_path / "spread")["s02.yaml"][-2]
