"""Checking under the grader's per-answer limit: a hang is undetermined, a death an error."""

from __future__ import annotations

import os
import time

import pytest

import solver.check.checker as checker
from solver.check.answerfile import AnswerEntry, AnswerFile
from solver.check.bounded import CheckFailed, check_with_limit
from solver.solving import solve_set
from solver.spec.load import load_text

SPEC = """\
title: Three derivatives
problems:
  - id: d
    parts:
      - {id: a, kind: derivative, f: x^2, wrt: x}
      - {id: b, kind: derivative, f: x^3, wrt: x}
      - {id: c, kind: derivative, f: x^4, wrt: x}
"""


@pytest.fixture(scope="module")
def solved():
    return solve_set(load_text(SPEC, "three.yaml"))


def _sheet(**answers) -> AnswerFile:
    return AnswerFile("ada", "ada.yaml", {f"d.{key}": AnswerEntry(f"d.{key}", text, line)
                                          for line, (key, text) in enumerate(answers.items())})


def _hanging_on(monkeypatch, text: str, then) -> None:
    """Checking the answer ``text`` calls ``then`` (in the worker) instead of finishing."""
    real = checker._check_answer

    def check(expected, raw, found, line=None):
        if raw == text:
            then()
        return real(expected, raw, found, line)

    monkeypatch.setattr(checker, "_check_answer", check)


def test_an_answer_past_the_limit_is_undetermined_and_the_rest_is_checked(solved, monkeypatch):
    _hanging_on(monkeypatch, "3x^2", lambda: time.sleep(60))
    started = time.monotonic()
    report = check_with_limit(solved, _sheet(a="2x", b="3x^2", c="4x^3"), answer_seconds=0.5)
    assert time.monotonic() - started < 10
    status = {verdict.key: verdict.status for verdict in report.verdicts}
    assert status == {"d.a": "correct", "d.b": "undetermined", "d.c": "correct"}
    reason = next(v.reason for v in report.verdicts if v.key == "d.b")
    assert "longer than the 0.5 s limit per answer" in reason


def test_a_worker_that_dies_is_an_error_not_a_verdict(solved, monkeypatch):
    _hanging_on(monkeypatch, "3x^2", lambda: os._exit(3))
    with pytest.raises(CheckFailed, match="died"):
        check_with_limit(solved, _sheet(b="3x^2"), answer_seconds=5)
