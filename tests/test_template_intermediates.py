"""The template offers each part's intermediate keys as optional, named as the JSON ``values``.

The YAML template comments them out after the part's graded keys, the LaTeX sheet comments
out their ``\\answer`` lines, and the JSON template lists them under ``"optional"``. A
template filled in with them is read by ``hwsolver check``; the values written in are those
of the worked solution, and each is judged correct, as the substituted-back check of
tests/test_json_values.py shows they are.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

import pytest
from click.testing import CliRunner

from solver.check.answerfile import answers_from_text
from solver.check.template import blank_answers, blank_answers_json, blank_answers_latex
from solver.cli import cli
from solver.errors import SpecErrors
from solver.render.json_out import solved_json
from solver.solving import solve_set
from solver.spec.load import load_spec

ROOT = Path(__file__).resolve().parent.parent
SETS = sorted((ROOT / "problems").glob("*.yaml"))
WEEK4 = ROOT / "problems" / "in5400-week04-dense-networks.yaml"
OPTIONAL_YAML = re.compile(r"^  # (\S+): ''    # optional", re.MULTILINE)
OPTIONAL_LATEX = re.compile(r"^%\\answer\{([^}]+)\}\{\}", re.MULTILINE)


@cache
def solved(path: Path):
    return solve_set(load_spec(path))


def values_keys(path: Path) -> list[str]:
    """Every part's ``values`` names as ``problem.part.name``, in document order."""
    return [f"{problem['id']}.{part['id']}.{name}"
            for problem in solved_json(solved(path))["problems"]
            for part in problem["parts"] for name in part["values"]]


@pytest.mark.parametrize("spec", SETS, ids=lambda path: path.stem)
def test_optional_keys_of_every_template_are_the_json_values(spec):
    expected = values_keys(spec)
    assert OPTIONAL_YAML.findall(blank_answers(solved(spec))) == expected
    assert OPTIONAL_LATEX.findall(blank_answers_latex(solved(spec))) == expected
    assert list(json.loads(blank_answers_json(solved(spec)))["optional"]) == expected


def test_optional_keys_follow_their_part_and_graded_keys_stay():
    lines = blank_answers(solved(WEEK4)).splitlines()
    graded = lines.index("  forward-propagation.a.yhat: ''    # a number, or a vector/matrix "
                         "as the layout shows it [1/4 pt]")
    assert lines[graded + 1].startswith("  # forward-propagation.a.a2: ''    # optional")
    assert lines[graded + 2].startswith("  forward-propagation.b.z1: ''")
    blank = json.loads(blank_answers_json(solved(WEEK4)))
    assert "forward-propagation.a.yhat" in blank["answers"]
    assert not set(blank["answers"]) & set(blank["optional"])


def plain_text(value) -> str:
    """A JSON value as plain math: a scalar as it is, rows as [[a, b], [c, d]]."""
    if isinstance(value, list):
        return "[" + ", ".join(plain_text(item) for item in value) + "]"
    return str(value)


def worked_values(path: Path) -> dict[str, str]:
    """The worked solution's intermediate values of ``path`` as plain math, by key."""
    return {f"{problem['id']}.{part['id']}.{name}": plain_text(value)
            for problem in solved_json(solved(path))["problems"]
            for part in problem["parts"] for name, value in part["values"].items()
            if not isinstance(value, dict)}


def check_json(spec: Path, sheet: Path) -> dict[str, str]:
    result = CliRunner().invoke(cli, ["check", str(spec), str(sheet), "--format", "json"])
    assert result.exit_code == 0, result.output
    return {part["key"]: part["status"] for part in json.loads(result.output)["parts"]}


def test_filled_yaml_template_with_intermediates_is_checked(tmp_path):
    values = worked_values(WEEK4)
    text = blank_answers(solved(WEEK4))
    for key, value in values.items():
        text = text.replace(f"  # {key}: ''", f"  {key}: '{value}'")
    sheet = tmp_path / "ada.yaml"
    sheet.write_text(text, encoding="utf-8")
    statuses = check_json(WEEK4, sheet)
    assert {statuses[key] for key in values} == {"correct"}
    assert "forward-propagation.a.a2" in values


def test_filled_latex_sheet_with_intermediates_is_checked(tmp_path):
    values = worked_values(WEEK4)
    text = blank_answers_latex(solved(WEEK4))
    for key, value in values.items():
        text = text.replace(f"%\\answer{{{key}}}{{}}", f"\\answer{{{key}}}{{{value}}}")
    sheet = tmp_path / "ada.tex"
    sheet.write_text(text, encoding="utf-8")
    statuses = check_json(WEEK4, sheet)
    assert {statuses[key] for key in values} == {"correct"}


def test_filled_json_template_with_intermediates_is_checked(tmp_path):
    values = worked_values(WEEK4)
    blank = json.loads(blank_answers_json(solved(WEEK4)))
    blank["optional"].update(values)
    sheet = tmp_path / "ada.json"
    sheet.write_text(json.dumps(blank), encoding="utf-8")
    statuses = check_json(WEEK4, sheet)
    assert {statuses[key] for key in values} == {"correct"}
    assert {statuses[key] for key in blank["answers"]} == {"missing"}


def test_blank_json_template_has_only_missing_graded_keys(tmp_path):
    sheet = tmp_path / "blank.json"
    sheet.write_text(blank_answers_json(solved(WEEK4)), encoding="utf-8")
    blank = json.loads(sheet.read_text())
    assert set(check_json(WEEK4, sheet)) == set(blank["answers"])


def test_a_key_under_answers_and_optional_is_refused():
    text = ('{"answers": {"forward-propagation.a.a2": "36"},\n'
            ' "optional": {"forward-propagation.a.a2": "36"}}')
    with pytest.raises(SpecErrors) as raised:
        answers_from_text(text, "ada.json", "ada")
    assert "ada.json:2: 'forward-propagation.a.a2' is answered twice" in str(raised.value.errors[0])
