"""Every kind is one package whose ``KIND`` record provides each facet, or says why not."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import pytest

from solver.check.mistakes import mistakes
from solver.kinds import KINDS
from solver.kinds.base import Kind, Without
from solver.kinds.given import NOTHING
from solver.spec.load import load_text

ROOT = Path(__file__).resolve().parent.parent
SOLVER = ROOT / "solver"


@pytest.mark.parametrize("name", sorted(KINDS))
def test_every_facet_is_provided_or_says_why_not(name):
    kind = KINDS[name]
    assert isinstance(kind, Kind) and kind.name == name
    assert kind.summary.strip() and kind.fields and kind.example.strip()
    assert kind.hint.strip()
    for answer, hint in kind.hints:  # only answers the kind has, each with its own form
        assert hint.strip() and hint != kind.hint and kind.hint_for(answer) == hint
        assert answer in kind.doc
    assert kind.doc and kind.doc.strip(), "the package docstring documents the kind"
    for facet in (kind.mistakes, kind.carries):
        if isinstance(facet, Without):
            assert len(facet.reason) > 20 and "TODO" not in facet.reason
    assert callable(kind.mistakes) or isinstance(kind.mistakes, Without)
    assert (isinstance(kind.carries, str) and kind.carries.strip()) \
        or isinstance(kind.carries, Without)


@pytest.mark.parametrize("name", sorted(KINDS))
def test_every_kind_is_a_package_with_its_templates(name):
    package = SOLVER / "kinds" / name
    assert (package / "__init__.py").is_file()
    assert (ROOT / "templates" / "kinds" / name / "statement.jinja").is_file()


@pytest.mark.parametrize("name", sorted(KINDS))
def test_every_kind_solves_its_example_and_its_mistakes_are_answers(name):
    kind = KINDS[name]
    example = kind.example.split("#")[0].strip()
    given = "    given: {P: [[1, 2], [3, 4]], Q: [[0, 1], [1, 0]]}\n" \
        if name == "matrix_expression" else ""
    spec = load_text(f"problems:\n  - id: p\n{given}    parts:\n      - {example}\n",
                     "example.yaml")
    part = spec.problems[0].parts[0]
    solved = kind.solve(part.inputs)
    assert solved.answer is not None
    if not isinstance(kind.carries, Without):
        assert "given" in inspect.signature(kind.solve).parameters
        assert kind.solve(part.inputs, NOTHING).answer == solved.answer
    found = mistakes(name, part.inputs, solved)
    assert all(m.answer != solved.answer for m in found)


def test_the_checker_and_grader_name_no_kind():
    """solver/check and solver/grade reach kinds only through their records."""
    for folder in ("check", "grade"):
        for path in (SOLVER / folder).rglob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if isinstance(node, ast.ImportFrom) and node.module:
                    assert not any(node.module.startswith(f"solver.kinds.{name}")
                                   for name in KINDS), f"{path}: imports {node.module}"
                if isinstance(node, ast.Constant) and isinstance(node.value, str):
                    assert node.value not in KINDS, f"{path}:{node.lineno}: {node.value!r}"


@pytest.mark.parametrize("name", sorted(KINDS))
def test_hwsolver_kinds_prints_the_record(name):
    from click.testing import CliRunner

    from solver.cli import cli

    result = CliRunner().invoke(cli, ["kinds", name])
    assert result.exit_code == 0
    kind = KINDS[name]
    assert kind.summary in result.output
    assert f"answer: {kind.hint}" in result.output
    for answer, hint in kind.hints:  # a named answer's own form
        assert f"answer {answer}: {hint}" in result.output
    assert "error carried forward: " in result.output and "typical mistakes: " in result.output
    assert " ".join(kind.doc.split()[:6]) in " ".join(result.output.split())
