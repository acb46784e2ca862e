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


@pytest.mark.parametrize("key, hint", [
    ("d.aa", "did you mean 'd.a'?"),
    ("d.hlf", "did you mean 'd.half'?"),
    ("nothing-like-it", "lists every key"),
])
def test_an_unknown_key_is_an_error_with_the_closest_key(spec, key, hint):
    result = run("check", spec, "--key", key, "3x")
    assert result.exit_code == 2
    assert f"'{key}' is not a key of {spec}" in result.output and hint in result.output
    assert "line 1" not in result.output


def test_a_command_line_answer_is_not_called_a_file_or_a_line(spec):
    result = run("check", spec, "--key", "d.a", "3x")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("key ")
    assert "line 1" not in result.output and "command line" not in result.output
    data = json.loads(run("check", spec, "--key", "d.a", "3x", "--format", "json").output)
    assert data["student"] is None and data["notes"] == []
