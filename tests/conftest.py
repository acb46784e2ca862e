"""Shared helpers for the tests: load a spec from text, solve one part."""

from __future__ import annotations

import textwrap

import pytest

from solver.kinds import KINDS
from solver.spec.load import load_text


def load(yaml_text: str):
    return load_text(textwrap.dedent(yaml_text), "t.yaml")


def solve_only_part(yaml_text: str):
    """Load a spec with one problem and one part; return (part, solved)."""
    spec = load(yaml_text)
    part = spec.problems[0].parts[0]
    return part, KINDS[part.kind].solve(part.inputs)


@pytest.fixture
def solve_yaml():
    return solve_only_part
