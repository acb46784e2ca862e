"""``hwsolver check`` as a student runs it: answers on the command line, answer files,
the table on a terminal, and the time limit per answer."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from solver.cli import cli

ROOT = Path(__file__).resolve().parent.parent
WEEK4 = str(ROOT / "problems" / "in5400-week04-dense-networks.yaml")

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


def test_a_part_with_named_results_names_them():
    result = run("check", WEEK4, "--key", "chain-rule.c", "1")
    assert result.exit_code == 2
    assert "its results are chain-rule.c.x1, chain-rule.c.x2" in result.output


def test_a_command_line_answer_is_not_called_a_file_or_a_line(spec):
    result = run("check", spec, "--key", "d.a", "3x")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("key ")
    assert "line 1" not in result.output and "command line" not in result.output
    data = json.loads(run("check", spec, "--key", "d.a", "3x", "--format", "json").output)
    assert data["student"] is None and data["notes"] == []


def check_file_output(tmp_path, name: str, content: str, *args):
    sheet = tmp_path / name
    sheet.write_text(content, encoding="utf-8")
    return run("check", str(tmp_path / "dash.yaml"), str(sheet), *args)


@pytest.mark.parametrize("content, words", [
    ('{\n  "answers": {\n    "d.a": "-3x",\n  }\n}\n',
     ["ada.json:4:", "JSON syntax error at column 3", "comma before '}'"]),
    ('{\n  "answers": {\n    "d.a": "-3x"\n    "d.b": "-x^2"\n  }\n}\n',
     ["ada.json:4:", "JSON syntax error at column 5", "expected ','"]),
    ('{"answers": {"d.a": -3x}}', ["ada.json:1:", "JSON syntax error", '"2x cos(x^2)"']),
    ("{'answers': {}}", ["ada.json:1:", "double quotes"]),
    ('{"answers": {"d.a": "-3x}}', ["ada.json:1:", "never closed"]),
    ('{"answers": {"d.a": "-3x}}\n', ["ada.json:1:", "not closed on this line"]),
    ('{"answers": {"d.half": "\\frac{-1}{2}"}}', ["ada.json:1:", "'\\frac'", "twice"]),
])
def test_a_bad_json_answer_file_is_a_json_error_with_line_and_column(spec, tmp_path, content,
                                                                      words):
    result = check_file_output(tmp_path, "ada.json", content)
    assert result.exit_code == 2
    assert "YAML" not in result.output
    for word in words:
        assert word in result.output


def test_json_escapes_are_read_as_json_reads_them(spec, tmp_path):
    answers = {"d.a": "-3x", "d.b": "-x²", "d.half": "\\frac{-1}{2}"}
    data = {"student": "𝟙ada", "answers": answers}
    content = json.dumps(data)  # ASCII only: é, ², 𝟙 as \u escapes, 𝟙 as a surrogate pair
    assert "\\ud835" in content
    assert json.loads(content) == data
    result = check_file_output(tmp_path, "ada.json", content, "--format", "json")
    assert verdicts(result) == dict.fromkeys(answers, "correct")
    assert json.loads(result.output)["student"] == "𝟙ada"


INDENTATION = ("the indentation of this line does not match the lines above it; every key "
               "of one level must start in the same column")


@pytest.mark.parametrize("content, line, words", [
    ("student: ada\nanswers:\n  d.a: -3x\n   d.b: -x^2\n", 4, INDENTATION),
    ("student: ada\nanswers:\n  d.a: -3x\n d.b: -x^2\n", 4, INDENTATION),
    ("answers:\n    d.a: -3x\n  d.b: -x^2\n", 3, INDENTATION),
    ("answers:\n  d.a:\n    - 1\n   - 2\n", 4, INDENTATION),
    ("  student: ada\nanswers: {}\n", 2, INDENTATION),
    ("answers:\n\td.a: -3x\n", 2, "this line is indented with a tab; indent with spaces"),
    ("answers:\n  d.a: 'it's'\n", 2, "the quoted text ends before the end of the line"),
    ("answers:\n  d.a: [1, 2\n  d.b: 3\n", 3, "the list opened with '[' on line 2 is not "
                                              "closed"),
    ("answers:\n  d.a: 'abc\n  d.b: 2\n", 2, "the quote opened on line 2 is never closed"),
    ("answers:\n  d.a: @x\n", 2, "a value cannot begin with '@'; put it in quotes"),
])
def test_a_bad_yaml_answer_file_says_what_is_wrong_in_words(spec, tmp_path, content, line,
                                                            words):
    result = check_file_output(tmp_path, "ada.yaml", content)
    assert result.exit_code == 2
    assert f"ada.yaml:{line}: YAML syntax error: {words}" in result.output


LONG_ANSWERS = """\
student: Ada Augusta King, Countess of Lovelace, who wrote the first published program
answers:
  linear-algebra.c: [[18, 12], [30, 20]]
  linear-algebra.d: x = [1, 2] + t [3, 4]
  chain-rule.a: cos(x^2)
  chain-rule.c.x1: sinx
  forward-propagation.a.z1: [1, 2, 3]
  forward-propagation.b.yhat: 123456789012345678901234567890123456789012345678901234567890
  not-a-key.of-this-set.at-all: 1
"""


def _table(text: str) -> tuple[list[tuple[str, str]], list[str]]:
    """The (key, feedback) of each row, the cells' wrapped lines joined, and the other
    lines; read by the columns of the header."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("key "))
    header = lines[start]
    verdict, feedback = header.index("verdict"), header.index("feedback")
    rows: list[tuple[str, str]] = []
    end = lines.index("", start)
    for line in lines[start + 1:end]:
        key_part, rest = line[:verdict].strip(), line[feedback:]
        if line[verdict:verdict + 1].strip():
            rows.append((key_part, rest))
        else:
            key, reason = rows[-1]
            rows[-1] = (key + key_part, f"{reason} {rest}")
    return rows, lines[:start] + lines[end:]


def _words(text: str) -> str:
    return "".join(text.split())


@pytest.mark.parametrize("columns", [60, 120])
def test_the_table_fits_the_terminal_and_loses_no_text(tmp_path, columns):
    sheet = tmp_path / "ada.yaml"
    sheet.write_text(LONG_ANSWERS)
    data = json.loads(run("check", WEEK4, str(sheet), "--format", "json").output)
    result = run("check", WEEK4, str(sheet), env={"COLUMNS": str(columns)})
    assert result.exit_code == 0, result.output
    assert max(len(line) for line in result.output.splitlines()) <= columns
    rows, others = _table(result.output)
    assert [key for key, _ in rows] == [part["key"] for part in data["parts"]]
    for (_, feedback), part in zip(rows, data["parts"], strict=True):
        assert _words(feedback) == _words(part["reason"])
    assert _words(data["student"]) in _words(" ".join(others))
    assert _words(data["notes"][0]) in _words(" ".join(others))
    assert any(len(line) > columns - 10 for line in result.output.splitlines())


def test_a_narrow_terminal_gets_the_minimum_width(tmp_path):
    sheet = tmp_path / "ada.yaml"
    sheet.write_text(LONG_ANSWERS)
    result = run("check", WEEK4, str(sheet), env={"COLUMNS": "20"})
    assert result.exit_code == 0, result.output
    assert max(len(line) for line in result.output.splitlines()) == 50


# Answers that take SymPy minutes or forever: a tower of exponentials, and the sine of a
# number with about 2e8 digits.
SLOW = ("e^(e^(e^(e^e)))", "sin(exp(exp(20)))")
LIMIT_REASON = "checking took longer than the 1 s limit per answer"


def test_answers_past_the_limit_are_undetermined_and_the_others_checked(spec, tmp_path):
    sheet = tmp_path / "ada.yaml"
    sheet.write_text(f"answers:\n  d.a: {SLOW[0]}\n  d.b: -x^2\n  d.half: {SLOW[1]}\n")
    started = time.monotonic()
    result = subprocess.run([sys.executable, "-m", "solver", "check", spec, str(sheet),
                             "--answer-limit", "1", "--format", "json"],
                            capture_output=True, text=True, timeout=120)
    seconds = time.monotonic() - started
    assert result.returncode == 0, result.stderr
    parts = {part["key"]: part for part in json.loads(result.stdout)["parts"]}
    assert {key: part["status"] for key, part in parts.items()} == {
        "d.a": "undetermined", "d.b": "correct", "d.half": "undetermined"}
    assert LIMIT_REASON in parts["d.a"]["reason"] and LIMIT_REASON in parts["d.half"]["reason"]
    assert seconds < 20, f"took {seconds:.1f} s"


@pytest.mark.parametrize("answer", SLOW)
def test_one_answer_past_the_limit_is_undetermined(spec, answer):
    started = time.monotonic()
    result = run("check", spec, "--key", "d.a", answer, "--answer-limit", "1")
    assert result.exit_code == 0, result.output
    assert "undetermined" in result.output and LIMIT_REASON in " ".join(result.output.split())
    assert time.monotonic() - started < 10


def test_the_answer_limit_is_an_option_of_check_with_the_graders_default():
    text = run("check", "--help").output
    assert "--answer-limit" in text and "10.0" in text
