"""The shortcuts of checking change no verdict.

Every answer of the throughput benchmark's answer set (each key of problems/: right answers
in plain math, in LaTeX, rearranged and as decimals, and wrong ones) is checked with every
shortcut off and with every shortcut on; each verdict must be the same in every field:
status, score, points, reason, diagnosis and the strategy that decided.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

import solver.check.latex as latex_module
import solver.expr.parser as parser_module
from solver.check import checker, fast
from solver.check.checker import CheckRun, check_answer

BENCHMARK = Path(__file__).resolve().parent.parent / "benchmarks" / "check_throughput.py"
# each shortcut has a switch, True when it is on
SHORTCUTS = ((parser_module, "QUICK"), (latex_module, "QUICK"), (fast, "ON"))


def _benchmark():
    spec = importlib.util.spec_from_file_location("check_throughput", BENCHMARK)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def answers() -> list[tuple]:
    items = _benchmark().build(0)
    return list({(e.key, repr(r)): (e, r) for e, r in items}.values())


def _verdicts(answers, found: CheckRun, on: bool) -> list:
    for module, switch in SHORTCUTS:
        setattr(module, switch, on)
    checker._read.cache_clear()
    parser_module._parse.cache_clear()
    run = found.fresh()
    try:
        return [check_answer(expected, raw, run) for expected, raw in answers]
    finally:
        for module, switch in SHORTCUTS:
            setattr(module, switch, True)
        checker._read.cache_clear()
        parser_module._parse.cache_clear()


def test_shortcuts_change_no_verdict(answers):
    mistakes = CheckRun()
    for expected, _ in answers:
        mistakes.of(expected.entry)
    slow = _verdicts(answers, mistakes, on=False)
    fast = _verdicts(answers, mistakes, on=True)
    assert len(answers) > 1000
    changed = [(raw, before, after) for (_, raw), before, after
               in zip(answers, slow, fast, strict=True) if before != after]
    assert not changed, changed[:5]
