"""Shared helpers for the tests: load a spec from text, its spec error, solve one part."""

from __future__ import annotations

import textwrap

import pytest

from solver.kinds import KINDS
from solver.spec.load import load_text


def load(yaml_text: str):
    return load_text(textwrap.dedent(yaml_text), "t.yaml")


def spec_error(kind: str, fields: str) -> str:
    """The spec error of a one-part set of ``kind`` with ``fields`` (YAML flow-mapping
    entries); fails when the set loads."""
    from solver.errors import SpecErrors

    with pytest.raises(SpecErrors) as error:
        load(f"""\
        title: t
        problems:
          - id: p
            parts:
              - {{id: a, kind: {kind}, {fields}}}
        """)
    return str(error.value)


def example_spec(kind: str):
    """The one-part set of ``kind``'s own example (what ``hwsolver kinds KIND`` shows)."""
    return load(f"""\
    title: t
    problems:
      - id: p
        parts:
          - {KINDS[kind].example}
    """)


def solve_only_part(yaml_text: str):
    """Load a spec with one problem and one part; return (part, solved)."""
    spec = load(yaml_text)
    part = spec.problems[0].parts[0]
    return part, KINDS[part.kind].solve(part.inputs)


@pytest.fixture
def solve_yaml():
    return solve_only_part


def checked_key(spec, key: str, answer: str) -> dict:
    """``hwsolver check SPEC --key KEY ANSWER --format json`` through CliRunner: the
    verdict of the one part (the command must exit 0)."""
    import json

    from click.testing import CliRunner

    from solver.cli import cli

    result = CliRunner().invoke(cli, ["check", str(spec), "--key", key, answer,
                                      "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)["parts"][0]
