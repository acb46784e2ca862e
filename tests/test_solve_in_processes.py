"""Sets solved in several processes: the same files, the same messages, in the same order."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from solver.cli import cli
from solver.grade.background import in_processes

ROOT = Path(__file__).resolve().parent.parent
SPECS = sorted(str(p) for p in (ROOT / "problems").glob("*.yaml"))


def test_work_comes_back_in_order_whoever_did_it():
    items = list(range(23))
    assert in_processes(lambda n: (n, os.getpid()), items, 1)[5][0] == 5
    def square(n):
        time.sleep(0.02)  # long enough for every process to take some
        return n * n, os.getpid()

    done = in_processes(square, items, 3, cost=lambda n: n % 5)
    assert [square for square, _ in done] == [n * n for n in items]
    assert len({pid for _, pid in done}) > 1


def test_work_that_fails_elsewhere_fails_here_as_without_other_processes():
    def work(n):
        if n == 7:
            raise ValueError("seven")
        return n

    with pytest.raises(ValueError, match="seven"):
        in_processes(work, list(range(10)), 2)


@pytest.mark.parametrize("fmt", ["tex", "md", "json"])
def test_solve_in_two_processes_writes_what_one_does(tmp_path, fmt):
    runs = {}
    for jobs in ("1", "2"):
        out = tmp_path / jobs
        result = CliRunner().invoke(cli, ["solve", *SPECS, "-o", str(out), "--format", fmt,
                                          "-j", jobs])
        assert result.exit_code == 0, result.output
        runs[jobs] = ({p.name: p.read_bytes() for p in sorted(out.iterdir())},
                      result.output.replace(str(out), "OUT"))
    assert runs["1"] == runs["2"] and len(runs["1"][0]) == len(SPECS)


def test_json_on_stdout_in_two_processes_is_what_one_prints():
    command = [sys.executable, "-m", "solver", "solve", *SPECS[:3], "--format", "json", "-j"]
    printed = [subprocess.run([*command, jobs], capture_output=True, cwd=ROOT,
                              check=True).stdout for jobs in ("1", "2")]
    assert printed[0] == printed[1] and printed[0].startswith(b"[")
