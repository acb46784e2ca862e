"""Every step type, kind and answer type has its template, and each renders in both formats."""

from __future__ import annotations

import pytest

from solver import answers
from solver.kinds import KINDS, all_step_types
from solver.render.environment import templates_dir

TEMPLATES = templates_dir()


@pytest.mark.parametrize("step", all_step_types(), ids=lambda cls: cls.__name__)
def test_every_step_type_has_a_template(step):
    assert (TEMPLATES / "steps" / f"{step.__name__}.jinja").is_file()


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_kind_has_a_statement_template(kind):
    assert (TEMPLATES / "kinds" / kind / "statement.jinja").is_file()


@pytest.mark.parametrize("answer", ["Value", "Named", "Undefined", "NoSolution",
                                    "InfinitelyMany", "Interval", "NoBound", "PointSet"])
def test_every_answer_type_has_a_template(answer):
    assert hasattr(answers, answer)
    assert (TEMPLATES / "answers" / f"{answer}.jinja").is_file()


def test_no_template_without_a_step_type():
    names = {cls.__name__ for cls in all_step_types()}
    orphans = [path.stem for path in (TEMPLATES / "steps").glob("*.jinja")
               if path.stem not in names]
    assert orphans == []


def test_every_kind_has_an_example_that_names_it():
    for name, kind in KINDS.items():
        assert f"kind: {name}" in kind.example
