"""Loading specs strictly: every bad input is one clear message with file, line and part."""

from __future__ import annotations

import textwrap

import pytest
import sympy

from solver.errors import SpecErrors
from solver.spec.load import load_spec, load_text

GOOD = """\
title: Demo
problems:
  - id: la
    given: {a: [1, 2], P: [[3, 6], [2, 4]], eta: 0.1}
    parts:
      - {id: c, kind: matrix_expression, expr: P a}
"""


def errors_of(text: str) -> str:
    with pytest.raises(SpecErrors) as caught:
        load_text(textwrap.dedent(text), "bad.yaml")
    return str(caught.value)


def test_good_spec_loads_with_exact_numbers():
    spec = load_text(GOOD, "good.yaml")
    problem = spec.problems[0]
    assert problem.given["eta"] == sympy.Rational(1, 10)
    assert problem.given["a"] == sympy.ImmutableMatrix([1, 2])
    assert problem.parts[0].key(problem) == "la.c"


@pytest.mark.parametrize("text, words", [
    ("problems: [\n", ["bad.yaml:", "YAML syntax error"]),
    ("title: a\ntitle: b\nproblems: []\n", ["bad.yaml:2", "duplicate key 'title'"]),
    ("x: &a 1\nproblems: *a\n", ["anchors"]),
    ("problems: !!python/object/apply:os.system ['ls']\n", ["tags"]),
    ("titel: x\nproblems: []\n", ["unknown field 'titel'", "did you mean 'title'"]),
    ("problems: []\n", ["non-empty list 'problems'"]),
    (GOOD.replace("kind: matrix_expression", "kind: matrix_expresion"),
     ["bad.yaml:6", "unknown kind", "did you mean 'matrix_expression'"]),
    (GOOD.replace("expr: P a", "expr: P a, exponent: 2"),
     ["bad.yaml:6", "part 'c'", "unknown field 'exponent'"]),
    (GOOD.replace("expr: P a", "expr: P x"), ["part 'c'", "'x' is not defined"]),
    (GOOD.replace("expr: P a", "expr: 'P (a'"), ["part 'c'", "field 'expr'"]),
    (GOOD.replace("P: [[3, 6], [2, 4]]", "P: [[3, 6], [2]]"), ["rows of different lengths"]),
    (GOOD.replace("P: [[3, 6], [2, 4]]", "P: [[3, 6], [2, yes]]"), ["expected a number"]),
    (GOOD.replace("expr: P a", 'expr: "\\\\frac"').replace('\\\\', '\\'),
     ["control character", "single quotes"]),
    (GOOD.replace("- id: la", "- id: 'l a'"), ["an id is letters"]),
    (GOOD + "      - {id: c, kind: matrix_expression, expr: P}\n", ["duplicate part id"]),
])
def test_bad_specs_are_reported_with_place_and_reason(text, words):
    message = errors_of(text)
    for word in words:
        assert word in message, message


def test_one_message_per_bad_part_and_good_parts_still_checked():
    text = GOOD + textwrap.indent(textwrap.dedent("""\
          - {id: d, kind: linear_system, A: P}
          - {id: e, kind: eigen, matrix: [[1, 2, 3]]}
    """), "      ")
    message = errors_of(text)
    assert "part 'd'" in message and "missing field 'b'" in message
    assert "part 'e'" in message and "square" in message
    assert message.count("\n") == 1


def test_billion_laughs_is_refused_before_expansion():
    bomb = "a: &a ['x','x']\nb: &b [*a,*a]\nc: &c [*b,*b]\nproblems: *c\n"
    assert "anchors" in errors_of(bomb)


def test_files_invalid_utf8_and_missing(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_bytes(b"title: x\nproblems: \xff\n")
    with pytest.raises(SpecErrors, match="bad.yaml:2: the file is not valid UTF-8"):
        load_spec(bad)
    with pytest.raises(SpecErrors, match="no such file"):
        load_spec(tmp_path / "missing.yaml")


def test_decimal_inputs_switch_on_decimal_display():
    spec = load_text(GOOD.replace("expr: P a", "expr: eta P a"), "d.yaml")
    assert spec.problems[0].parts[0].decimal
    assert not load_text(GOOD, "g.yaml").problems[0].parts[0].decimal
