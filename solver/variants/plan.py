"""Reading what varies in a spec: the set's ``seed``, each problem's ``vary`` and ``require``.

::

    seed: week4-2026            # with the student's id it fixes each variant
    problems:
      - id: linear-algebra
        vary:                   # name: generator (solver.variants.generator_text)
          P: matrix(2, 2, integers(-6, 6))
        require:                # solver.variants.require
          - det(P) = 0
          - part d is no_solution

A varied name acts exactly as a ``given`` name: the parts and the statements use it
unchanged. The set itself may ``vary`` names shared by every problem (drawn once per
student, before the problems) and ``require`` comparisons of them; a property of a part
belongs to its problem's ``require``. Every error names the file, the line and what is
wrong.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from solver.errors import Location, SpecError, SpecErrors
from solver.spec.reader import CONSTANTS, NAME
from solver.spec.yamlsource import YMap, YNode, YScalar, YSeq, node_kind
from solver.variants.generator_text import GeneratorError, read_generator
from solver.variants.generators import Generator
from solver.variants.require import Comparison, Requirement, RequirementError, read_requirement

MAX_SEED_CHARS = 200
SET_ID = ""  # the draws of the set's own names (no problem id is empty)


@dataclass(frozen=True)
class Varied:
    """A name drawn from a generator, and where it was written."""

    name: str
    generator: Generator
    line: int


@dataclass(frozen=True)
class Required:
    """A requirement, and where it was written."""

    requirement: Requirement
    line: int


@dataclass(frozen=True)
class ProblemPlan:
    """What varies in one problem; ``node`` is the problem as written."""

    id: str
    file: str
    line: int
    node: YMap
    varied: tuple[Varied, ...]
    required: tuple[Required, ...]

    @property
    def where(self) -> str:
        return f"problem '{self.id}'" if self.id != SET_ID else "the file"


@dataclass(frozen=True)
class SetPlan:
    """The spec as written, its seed, the plans of the problems that vary (every problem
    when the set varies names of its own) and the set's own plan."""

    file: str
    root: YMap
    seed: str | None
    problems: tuple[ProblemPlan, ...]
    shared: ProblemPlan | None = None  # the set's own vary and require

    def plan_of(self, node: YNode) -> ProblemPlan | None:
        """The plan of a problem node of ``root`` (None: it does not vary)."""
        return next((plan for plan in self.problems if plan.node is node), None)


def varying(root: YNode) -> bool:
    """Whether a spec read by ``read_yaml`` (the set or a problem) has ``vary`` or
    ``require``."""
    return any(isinstance(node, YMap) and ("vary" in node.items or "require" in node.items)
               for node in (root, *_problem_nodes(root)))


def read_plan(root: YNode, file: str) -> SetPlan:
    """The seed, the set's shared names and the plan of every varying problem; SpecErrors
    listing what is wrong (the rest of the spec is checked when each variant is loaded)."""
    errors: list[SpecError] = []
    shared = None
    if isinstance(root, YMap) and ("vary" in root.items or "require" in root.items):
        try:
            shared = _set_plan(root, file)
        except SpecError as error:
            errors.append(error)
        except SpecErrors as found:
            errors.extend(found.errors)
    vary = root.items.get("vary") if isinstance(root, YMap) else None
    names = set(vary.items) if isinstance(vary, YMap) else set()
    problems: list[ProblemPlan] = []
    for node in _problem_nodes(root):
        if not (isinstance(node, YMap) and ("vary" in node.items or "require" in node.items
                                            or shared is not None)):
            continue
        try:
            plan = _problem_plan(node, file, names)
        except SpecError as error:
            errors.append(error)
            continue
        except SpecErrors as found:
            errors.extend(found.errors)
            continue
        problems.append(plan)
    seed = None
    if isinstance(root, YMap):
        seed = _seed(root, file, errors, needed=bool(problems or shared or errors))
    if errors:
        raise SpecErrors(errors)
    return SetPlan(file, root, seed, tuple(problems), shared)


def _set_plan(root: YMap, file: str) -> ProblemPlan:
    """The set's own ``vary`` and ``require`` (comparisons only)."""
    varied = _varied(root, file, "the file", ())
    if not varied:
        raise SpecError(Location(file, root.key_lines.get("require", root.line), "the file"),
                        "'require' without 'vary': nothing is drawn",
                        "vary: {k: integers(1, 5)}")
    required = _required(root, file, "the file", {item.name for item in varied}, None)
    return ProblemPlan(SET_ID, file, root.line, root, varied, required)


def _problem_nodes(root: YNode) -> tuple[YNode, ...]:
    problems = root.items.get("problems") if isinstance(root, YMap) else None
    return problems.items if isinstance(problems, YSeq) else ()


def _seed(root: YMap, file: str, errors: list[SpecError], needed: bool) -> str | None:
    node = root.items.get("seed")
    if node is None:
        if needed:
            errors.append(SpecError(Location(file, root.line, "the file"),
                                    "a set whose problems vary needs a 'seed'",
                                    "e.g. seed: week4-2026 (with each student's id it fixes "
                                    "their variant)"))
        return None
    if not (isinstance(node, YScalar) and node.type != "null" and node.text.strip()
            and len(node.text) <= MAX_SEED_CHARS):
        errors.append(SpecError(Location(file, node.line, "the file, field 'seed'"),
                                f"expected a short text, found {node_kind(node)}",
                                "e.g. seed: week4-2026"))
        return None
    return node.text


def _problem_plan(node: YMap, file: str, shared: set[str]) -> ProblemPlan:
    pid = node.items.get("id")
    pid = pid.text if isinstance(pid, YScalar) else "?"
    where = f"problem '{pid}'"
    given = node.items.get("given")
    given_names = tuple(given.items) if isinstance(given, YMap) else ()
    taken = sorted(shared & set(given_names))
    if taken:
        raise SpecError(Location(file, given.key_lines[taken[0]], where),
                        f"'{taken[0]}' is varied by the set and given here",
                        "remove it from one of them")
    varied = _varied(node, file, where, given_names + tuple(sorted(shared)))
    if not varied and "require" in node.items:
        raise SpecError(Location(file, node.key_lines.get("require", node.line), where),
                        "'require' without 'vary': nothing is drawn",
                        "vary: {P: matrix(2, 2, integers(-6, 6))}, or the set's 'require' "
                        "for its shared names")
    names = {item.name for item in varied} | set(given_names) | shared
    required = _required(node, file, where, names, _part_ids(node))
    return ProblemPlan(pid, file, node.line, node, varied, required)


def _varied(node: YMap, file: str, where: str, given_names) -> tuple[Varied, ...]:
    vary = node.items.get("vary")
    if vary is None:
        return ()
    if not isinstance(vary, YMap) or not vary.items:
        raise SpecError(Location(file, vary.line, f"{where}, field 'vary'"),
                        f"expected a mapping of name: generator, found {node_kind(vary)}",
                        "vary: {P: matrix(2, 2, integers(-6, 6))}")
    errors, varied = [], []
    for name, value in vary.items.items():
        line = vary.key_lines[name]
        place = Location(file, line, f"{where}, vary '{name}'")
        if not NAME.fullmatch(name) or name in CONSTANTS:
            errors.append(SpecError(place, f"'{name}' cannot be used as a name"))
            continue
        if name in given_names:
            errors.append(SpecError(place, f"'{name}' is both varied and given (here or by "
                                           f"the set)", "remove it from one of them"))
            continue
        if not (isinstance(value, YScalar) and value.type in ("str", "int", "float")):
            errors.append(SpecError(place, f"expected a generator, found {node_kind(value)}",
                                    "e.g. integers(-5, 5) or matrix(2, 2, integers(-6, 6))"))
            continue
        try:
            varied.append(Varied(name, read_generator(value.text), value.line))
        except GeneratorError as error:
            errors.append(SpecError(Location(file, value.line, place.where), error.message,
                                    error.hint))
    if errors:
        raise SpecErrors(errors)
    return tuple(varied)


def _part_ids(node: YMap) -> tuple[str, ...]:
    parts = node.items.get("parts")
    if not isinstance(parts, YSeq):
        return ()
    return tuple(part.items["id"].text for part in parts.items
                 if isinstance(part, YMap) and isinstance(part.items.get("id"), YScalar))


def _required(node: YMap, file: str, where: str, names: set[str],
              part_ids: tuple[str, ...] | None) -> tuple[Required, ...]:
    """The requirements; ``part_ids`` None: the set's, where a property has no part."""
    require = node.items.get("require")
    if require is None:
        return ()
    items = require.items if isinstance(require, YSeq) else (require,)
    errors, required = [], []
    for item in items:
        place = Location(file, item.line, f"{where}, field 'require'")
        if not (isinstance(item, YScalar) and item.type == "str"):
            errors.append(SpecError(place, f"expected a requirement, found {node_kind(item)}",
                                    "e.g. det(P) = 0 or part d is no_solution"))
            continue
        try:
            requirement = read_requirement(item.text)
            _check_names(requirement, names, part_ids)
        except RequirementError as error:
            errors.append(SpecError(place, error.message, error.hint))
            continue
        required.append(Required(requirement, item.line))
    if errors:
        raise SpecErrors(errors)
    return tuple(required)


def _check_names(requirement: Requirement, names: set[str],
                 part_ids: tuple[str, ...] | None) -> None:
    if not isinstance(requirement, Comparison):
        if part_ids is None:
            raise RequirementError(f"{requirement.text!r}: a property of a part belongs to "
                                   f"its problem's 'require'")
        if requirement.part not in part_ids:
            raise RequirementError(f"{requirement.text!r}: the problem has no part "
                                   f"'{requirement.part}'",
                                   f"its parts: {', '.join(part_ids) or 'none'}")
        return
    for name in sorted(requirement.names()):
        if name in names or name in CONSTANTS or _entry_of(name, names):
            continue
        raise RequirementError(f"{requirement.text!r}: '{name}' is not a varied or given name",
                               f"varied and given: {', '.join(sorted(names))}")


def _entry_of(name: str, names: set[str]) -> bool:
    """``a1``, ``a_1``, ``P12``, ``P_1_2``: an entry of the varied or given ``a``, ``P``."""
    return any(name.startswith(known) and re.fullmatch(r"_?\d+(_\d+)?", name[len(known):])
               for known in names)
