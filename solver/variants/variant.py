"""One student's variant of a spec: drawn, checked against its requirements, loaded.

For each problem that varies, draws are made (``solver.variants.draw``) until one meets
every requirement: the comparisons first, on the drawn and given values; then, only when
they hold, the properties, on the parts they name, solved by their kinds as any part is.
The variant is the spec with each problem's accepted values in its ``given``
(``solver.variants.concrete``), loaded by the ordinary loader.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from solver.errors import Location, SpecError, SpecErrors
from solver.solve_limits import solve_within
from solver.solving import solve_part
from solver.spec.load import load_tree, read_spec_text
from solver.spec.model import ProblemSet
from solver.spec.reader import read_given
from solver.spec.yamlsource import YNode, read_yaml
from solver.variants.concrete import drawn_nodes, given_node, problem_node, set_node
from solver.variants.draw import Judgement, draw_values
from solver.variants.plan import ProblemPlan, SetPlan, read_plan, varying
from solver.variants.properties import PropertyError
from solver.variants.require import Comparison, NotMet, PartProperty, RequirementError
from solver.variants.yamltext import yaml_text

PROPERTY_SOLVE_LIMIT = 20.0  # seconds solving one part to test a property of a draw
SHARED_DRAWS = "(set)"  # the key of the set's own draws in Variant.draws


@dataclass(frozen=True)
class Variant:
    """A student's variant: the loaded spec, the drawn values of each varying problem
    (problem id → name → value, the set's shared names included), the draws each took (the
    set's own under ``(set)``), the concrete spec tree, and the (problem, name) pairs of
    the values shown as decimals."""

    student: str
    spec: ProblemSet
    values: dict[str, dict[str, Any]]
    draws: dict[str, int]
    tree: YNode
    decimals: frozenset[tuple[str, str]] = frozenset()

    def yaml(self) -> str:
        """The variant as a spec file of its own (no seed, vary or require)."""
        return yaml_text(self.tree)


def read_tree(path: str | Path) -> tuple[YNode, str]:
    """A spec file read into located YAML nodes, and its name."""
    return _tree(read_spec_text(Path(path)), str(path)), str(path)


def _tree(text: str, file: str) -> YNode:
    try:
        return read_yaml(text, file)
    except SpecError as error:
        raise SpecErrors([error]) from None


def path_varies(path: str | Path, text: str | None = None) -> bool:
    """Whether a spec file (the set or a problem; ``text`` its content when already read)
    has ``vary`` or ``require``."""
    return varying(_tree_of(path, text))


def _tree_of(path: str | Path, text: str | None) -> YNode:
    return read_tree(path)[0] if text is None else _tree(text, str(path))


def requirements_of(path: str | Path, text: str | None = None) -> dict[str, tuple[str, ...]]:
    """Each varying problem's requirements as written (the set's own first), by problem
    id; problems that require nothing are left out."""
    plan = read_plan(_tree_of(path, text), str(path))
    shared = plan.shared.required if plan.shared is not None else ()
    found = {problem.id: tuple(required.requirement.text
                               for required in (*shared, *problem.required))
             for problem in plan.problems}
    return {problem: texts for problem, texts in found.items() if texts}


def draw_variant(path: str | Path, student: str, text: str | None = None) -> Variant:
    """The variant of ``student`` (``text``: the file's content when already read, so
    that the variant is drawn from exactly that); SpecErrors for a bad spec or when a problem's
    requirements cannot be met (``VariantImpossible``, a SpecError). The last variants
    drawn are kept by the file's text and the student (a grader asks for each student's
    more than once); treat them as read-only."""
    text = read_spec_text(Path(path)) if text is None else text
    return _draw(text, str(path), Path(path).stem, student)


@lru_cache(maxsize=256)
def _draw(text: str, file: str, stem: str, student: str) -> Variant:
    root = _tree(text, file)
    plan = read_plan(root, file)
    if not plan.problems:
        return Variant(student, load_tree(root, file, stem), {}, {}, root)
    values: dict[str, dict[str, Any]] = {}
    draws: dict[str, int] = {}
    decimals: set[tuple[str, str]] = set()
    try:
        shared = _draw_shared(plan, student, draws)
        nodes = []
        for node in root.items["problems"].items:
            problem = plan.plan_of(node)
            if problem is None:
                nodes.append(node)
                continue
            drawn = {}
            if problem.varied:
                drawn, draws[problem.id] = draw_values(
                    problem, plan.seed, student,
                    lambda values, p=problem: _judge(plan, p, values, shared))
            given = read_given(given_node(problem, drawn, shared.nodes), file, problem.where)
            shown = {name: (item.value, item.decimal) for name, item in given.items()}
            nodes.append(problem_node(problem, drawn, shown, shared.nodes))
            values[problem.id] = {**shared.values, **drawn}
            decimals.update((problem.id, name) for name in values[problem.id]
                            if name in given and given[name].decimal)
    except SpecError as error:
        raise SpecErrors([error]) from None
    tree = set_node(plan.root, tuple(nodes))
    spec = load_tree(tree, file, stem)
    return Variant(student, ProblemSet(spec.title, spec.problems, spec.file, spec.stem, student),
                   values, draws, tree, frozenset(decimals))


@dataclass(frozen=True)
class Shared:
    """The set's own drawn values, and the same as YAML nodes for each problem's given."""

    values: dict[str, Any]
    nodes: dict[str, YNode]


def _draw_shared(plan: SetPlan, student: str, draws: dict[str, int]) -> Shared:
    if plan.shared is None:
        return Shared({}, {})
    nothing = Shared({}, {})
    values, draws[SHARED_DRAWS] = draw_values(
        plan.shared, plan.seed, student, lambda drawn: _judge(plan, plan.shared, drawn, nothing))
    return Shared(values, drawn_nodes(plan.shared, values))


def _judge(plan: SetPlan, problem: ProblemPlan, values: dict[str, Any],
           shared: Shared) -> Judgement:
    """Which requirements a draw fails: the comparisons, then (only when they hold) the
    properties of the solved parts."""
    bound = {**shared.values, **values}
    if _writes_given(problem):
        given = read_given(given_node(problem, values, shared.nodes), plan.file, problem.where)
        bound = {name: item.value for name, item in given.items()}
    judgement = Judgement()
    properties = []
    for required in problem.required:
        requirement = required.requirement
        if isinstance(requirement, PartProperty):
            properties.append(required)
            continue
        assert isinstance(requirement, Comparison)
        try:
            requirement.check(bound)
        except NotMet as why:
            judgement.failed.append((requirement.text, str(why)))
        except RequirementError as error:
            raise _located(problem, required.line, error.message, error.hint) from None
    if judgement.failed:
        judgement.untried.extend(required.requirement.text for required in properties)
        return judgement
    if properties:
        _judge_properties(plan, problem, values, properties, judgement, shared)
    return judgement


def _writes_given(problem: ProblemPlan) -> bool:
    """Whether the problem gives values of its own besides the drawn ones (read with them,
    as they may use them); the drawn values are read back unchanged."""
    given = problem.node.items.get("given")
    return bool(getattr(given, "items", None))


def _judge_properties(plan: SetPlan, problem: ProblemPlan, values: dict[str, Any],
                      properties, judgement: Judgement, shared: Shared) -> None:
    tree = set_node(plan.root, (problem_node(problem, values, shared=shared.nodes),))
    loaded = load_tree(tree, plan.file).problems[0]
    parts = {part.id: part for part in loaded.parts}
    solved = {}
    for required in properties:
        requirement = required.requirement
        part = parts[requirement.part]
        if part.id not in solved:
            solved[part.id] = solve_within(solve_part, part, PROPERTY_SOLVE_LIMIT)
        try:
            holds = requirement.property.holds(solved[part.id])
        except PropertyError as error:
            raise _located(problem, required.line, f"{requirement.text!r}: {error}") from None
        if not holds:
            status = solved[part.id].answer.status.replace("_", " ")
            judgement.failed.append((requirement.text, f"the last answer was {status}"))


def _located(problem: ProblemPlan, line: int, message: str, hint: str | None = None):
    return SpecError(Location(problem.file, line, f"{problem.where}, field 'require'"),
                     message, hint)

