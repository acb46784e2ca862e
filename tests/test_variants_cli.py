"""``hwsolver variants`` and the roster it reads: per-student sheets and solutions, versions
for an exam, the concrete YAML, and exit 2 with the reason for bad input."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from solver.cli import cli
from solver.spec.load import load_spec
from solver.variants.catalog import GENERATORS, PROPERTIES, ROSTER_IDS
from solver.variants.roster import RosterError, Student, read_roster, roster_from_text

ROOT = Path(__file__).resolve().parent.parent
SPEC = """\
    title: Week 4
    seed: week4-2026
    problems:
      - id: linear-algebra
        vary:
          P: matrix(2, 2, integers(-6, 6))
          a: vector(2, integers(-5, 5), nonzero)
        require:
          - det(P) = 0
          - part d is no_solution
        given: {}
        parts:
          - {id: d, kind: linear_system, A: P, b: a, statement: '$Px = a$'}
    """
CANVAS = ('Student,ID,SIS User ID,SIS Login ID,Section\n'
          '    Points Possible,,,,\n'
          '"Lovelace, Ada",101,ada1,ada,A\n'
          'Bob Byte,102,bob2,bob,A\n')


def run(*args):
    return CliRunner().invoke(cli, [str(arg) for arg in args])


@pytest.fixture
def spec(tmp_path) -> Path:
    path = tmp_path / "week4.yaml"
    path.write_text(textwrap.dedent(SPEC), encoding="utf-8")
    return path


def test_a_roster_gives_each_student_a_sheet_and_a_solution(tmp_path, spec):
    roster = tmp_path / "roster.csv"
    roster.write_text(CANVAS, encoding="utf-8")
    result = run("variants", spec, "--roster", roster, "-o", tmp_path / "out", "--format", "md")
    assert result.exit_code == 0, result.output
    out = tmp_path / "out"
    assert sorted(p.name for p in out.iterdir()) == [
        "variants.json", "week4-101-solution.md", "week4-101.md", "week4-102-solution.md",
        "week4-102.md"]
    sheet = (out / "week4-101.md").read_text()
    solution = (out / "week4-101-solution.md").read_text()
    assert "Lovelace, Ada" in sheet and "Step 1" not in sheet and "Step 1" in solution
    assert "no solution" in solution.lower()
    listing = json.loads((out / "variants.json").read_text())
    assert [s["id"] for s in listing["students"]] == ["101", "102"]
    assert set(listing["students"][0]["values"]["linear-algebra"]) == {"P", "a"}


def test_answers_only_writes_keys(tmp_path, spec):
    result = run("variants", spec, "--count", 1, "-o", tmp_path / "k", "--format", "tex",
                 "--answers-only")
    assert result.exit_code == 0, result.output
    key = (tmp_path / "k" / "week4-A-key.tex").read_text()
    assert "answer key" in key and "Step 1" not in key


def test_count_gives_versions_and_yaml_gives_concrete_specs(tmp_path, spec):
    result = run("variants", spec, "--count", 3, "-o", tmp_path / "exam", "--format", "yaml")
    assert result.exit_code == 0, result.output
    texts = [(tmp_path / "exam" / f"week4-{v}.yaml").read_text() for v in "ABC"]
    assert len(set(texts)) == 3
    for v in "ABC":
        loaded = load_spec(tmp_path / "exam" / f"week4-{v}.yaml")
        assert loaded.problems[0].given["P"].det() == 0


@pytest.mark.parametrize("args, words", [
    ((), ["give --roster ROSTER.csv or --count N"]),
    (("--count", 2, "--roster", "r.csv"), ["give --roster ROSTER.csv or --count N"]),
])
def test_roster_or_count(tmp_path, spec, args, words):
    result = run("variants", spec, *args, "-o", tmp_path / "o")
    assert result.exit_code == 2
    for word in words:
        assert word in result.output


def test_impossible_requirements_exit_2_naming_problem_requirement_and_draws(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text(textwrap.dedent(SPEC).replace("integers(-6, 6)", "integers(0, 0)")
                    .replace("det(P) = 0", "det(P) = 7"), encoding="utf-8")
    result = run("variants", path, "--count", 1, "-o", tmp_path / "o", "--format", "yaml")
    assert result.exit_code == 2
    assert "problem 'linear-algebra'" in result.output
    assert "'det(P) = 7' failed in 200 of 200" in result.output


def test_a_bad_roster_exits_2_with_file_and_line(tmp_path, spec):
    roster = tmp_path / "roster.csv"
    roster.write_text("id,name\n1,Ada\n1,Bob\n", encoding="utf-8")
    result = run("variants", spec, "--roster", roster, "-o", tmp_path / "o")
    assert result.exit_code == 2
    assert "roster.csv:3: the id '1' is also on line 2" in result.output


def test_as_a_subprocess(tmp_path, spec):
    done = subprocess.run([sys.executable, "-m", "solver", "variants", str(spec), "--count", "2",
                           "-o", str(tmp_path / "sub"), "--format", "md"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "sub" / "week4-B-solution.md").exists()
    assert "wrote" in done.stderr


@pytest.mark.tex
def test_pdf_sheets_compile(tmp_path, spec):
    result = run("variants", spec, "--count", 1, "-o", tmp_path / "pdf")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "pdf" / "week4-A.pdf").stat().st_size > 1000
    assert (tmp_path / "pdf" / "week4-A-solution.pdf").stat().st_size > 1000


@pytest.mark.parametrize("text, expected", [
    (CANVAS, (Student("101", "Lovelace, Ada"), Student("102", "Bob Byte"))),
    ("\ufeffFirst name;Surname;ID number;Email address\nAda;Lovelace;s1;ada@uni\n",
     (Student("s1", "Ada Lovelace"),)),
    ("Username\tFull Name\nada\tAda L\n\nbob\tBob B\n",
     (Student("ada", "Ada L"), Student("bob", "Bob B"))),
    ("Email Address,Last Name,First Name\nada@uni,Lovelace,Ada\n",
     (Student("ada@uni", "Ada Lovelace"),)),
    ("student\nada\n", (Student("ada", "ada"),)),
    ("Student Name,Student ID\nAda,42\n", (Student("42", "Ada"),)),
])
def test_rosters_as_lms_export_them(text, expected):
    assert roster_from_text(text) == expected


@pytest.mark.parametrize("text, words", [
    ("name\nAda\n", ["roster.csv:1", "no id column", "recognised"]),
    ("id,name\n1,Ada\n,Bob\n", ["roster.csv:3", "no 'id'"]),
    ("id,name\n", ["no students"]),
    ("", ["empty"]),
])
def test_bad_rosters_name_file_and_line(text, words):
    with pytest.raises(RosterError) as caught:
        roster_from_text(text)
    for word in words:
        assert word in str(caught.value)


def test_a_roster_file_that_is_not_utf8(tmp_path):
    path = tmp_path / "r.csv"
    path.write_bytes(b"id,name\n1,Ad\xe9\n")
    with pytest.raises(RosterError, match="r.csv:2: not UTF-8"):
        read_roster(path)
    with pytest.raises(RosterError, match="missing.csv"):
        read_roster(tmp_path / "missing.csv")


def test_readme_and_kinds_list_every_generator_property_and_roster_header():
    from solver.variants.generator_text import GENERATOR_NAMES

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    kinds = run("kinds").output
    assert {name.split("(")[0] for name, _ in GENERATORS} == GENERATOR_NAMES
    for name, _ in GENERATORS + PROPERTIES:
        assert name in readme and name in kinds, name
    for header in ROSTER_IDS:
        assert f"`{header}`" in readme, header


def test_validate_checks_a_varying_spec_on_version_a(tmp_path, spec):
    result = run("validate", spec, ROOT / "problems" / "in5400-week04-dense-networks.yaml")
    assert result.exit_code == 0, result.output
    assert "varies per student, version A drawn" in result.output
    assert result.output.count("ok:") == 2
    bad = tmp_path / "bad.yaml"
    bad.write_text(textwrap.dedent(SPEC).replace("det(P) = 0", "det(Q) = 0"), encoding="utf-8")
    result = run("validate", bad)
    assert result.exit_code == 2 and "'Q' is not a varied or given name" in result.output


def test_every_listed_property_is_read():
    from solver.variants.require import PartProperty, read_requirement

    for name, _ in PROPERTIES[1:]:
        assert isinstance(read_requirement(name.replace(" N", " 3")), PartProperty), name
