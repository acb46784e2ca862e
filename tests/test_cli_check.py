"""``hwsolver check`` as a student runs it: answers on the command line, answer files,
the table on a terminal, and the time limit per answer."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from solver.cli import cli

# d/dx(-3x^2/2) = -3x and d/dx(-x^3/3) = -x^2, worked by hand.
SPEC = """\
title: Answers that begin with a minus sign
problems:
  - id: d
    parts:
      - {id: a, kind: derivative, f: -3x^2/2, wrt: x}
      - {id: b, kind: derivative, f: -x^3/3, wrt: x}
      - {id: half, kind: expression, answer: -1/2}
"""


@pytest.fixture
def spec(tmp_path):
    path = tmp_path / "dash.yaml"
    path.write_text(SPEC)
    return str(path)


def run(*args, env=None):
    return CliRunner().invoke(cli, list(args), env=env)


def verdicts(result) -> dict[str, str]:
    assert result.exit_code == 0, result.output
    return {part["key"]: part["status"] for part in json.loads(result.output)["parts"]}


@pytest.mark.parametrize("args, key", [
    (["--key", "d.a", "-3x"], "d.a"),
    (["--key", "d.b", "-x^2"], "d.b"),
    (["--key", "d.half", "-0.5"], "d.half"),
    (["--key", "d.a", "--", "-3x"], "d.a"),
    (["--key=d.a", "-3x"], "d.a"),
    (["-3x", "--key", "d.a"], "d.a"),
])
def test_an_answer_beginning_with_minus_is_the_answer(spec, args, key):
    assert verdicts(run("check", spec, "--format", "json", *args)) == {key: "correct"}


def test_options_after_a_minus_answer_still_count(spec):
    result = run("check", spec, "--key", "d.a", "-3x", "--format", "json")
    assert verdicts(result) == {"d.a": "correct"}


@pytest.mark.parametrize("args, option", [
    (["--key", "d.a", "--bogus"], "--bogus"),
    (["--key", "d.a", "-3x", "-q"], "-q"),
    (["--key", "d.a", "-3x", "--formt", "json"], "--formt"),
    (["-3x"], "-3"),
])
def test_a_real_unknown_option_is_still_an_error(spec, args, option):
    result = run("check", spec, *args)
    assert result.exit_code == 2
    assert f"No such option '{option}'" in result.output
