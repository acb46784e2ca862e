"""Loading a spec file: strict YAML → validated problems, with every error located."""

from __future__ import annotations

import re
from pathlib import Path

from solver.errors import Location, SpecError, SpecErrors
from solver.kinds import KINDS
from solver.spec.model import Grading, Part, Problem, ProblemSet
from solver.spec.reader import PartReader, did_you_mean, read_given
from solver.spec.yamlsource import YMap, YNode, YScalar, YSeq, node_kind, read_yaml

SLUG = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")
SET_FIELDS = ("title", "digits", "seed", "vary", "require", "problems")
PROBLEM_FIELDS = ("id", "title", "statement", "digits", "vary", "require", "given", "parts")
VARIANT_FIELDS = ("vary", "require")  # read by solver.variants, which loads each variant
PART_FIELDS = ("id", "kind", "title", "statement", "points", "digits", "tolerance", "sigfigs",
               "exact", "partial", "ecf", "credit")
MAX_DIGITS = 30  # significant figures a decimal may be shown with (values carry 40)


def load_spec(path: str | Path) -> ProblemSet:
    """Read and validate a spec; raise SpecErrors listing every problem found."""
    path = Path(path)
    return load_text(read_spec_text(path), str(path), path.stem)


def read_spec_text(path: Path) -> str:
    """A spec file's text; SpecErrors for a missing file, a folder or invalid UTF-8."""
    file = str(path)
    try:
        text = path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        raise SpecErrors([SpecError(Location(file), "no such file")]) from None
    except IsADirectoryError:
        raise SpecErrors([SpecError(Location(file), "is a directory, expected a .yaml file")]) \
            from None
    except UnicodeDecodeError as error:
        line = path.read_bytes()[: error.start].count(b"\n") + 1
        raise SpecErrors([SpecError(Location(file, line), "the file is not valid UTF-8")]) \
            from None
    return text


def load_text(text: str, file: str, stem: str = "spec") -> ProblemSet:
    try:
        root = read_yaml(text, file)
    except SpecError as error:
        raise SpecErrors([error]) from None
    return load_tree(root, file, stem)


def load_tree(root: YNode, file: str, stem: str = "spec") -> ProblemSet:
    """Validate a spec read by ``read_yaml``. A problem with ``vary`` or ``require`` is a
    template of per-student variants: ``solver.variants`` draws each variant into a tree
    without them and loads that."""
    errors: list[SpecError] = []
    try:
        top = _mapping(root, file, "the file", SET_FIELDS)
        problems_node = top.items.get("problems")
        if not isinstance(problems_node, YSeq) or not problems_node.items:
            raise SpecError(Location(file, top.line), "expected a non-empty list 'problems'")
        _refuse_variants(top, file, "the file")
        title = _text(top, "title", file, "the file") or stem
        digits = _digits(top, file, "the file", None)
    except SpecError as error:
        raise SpecErrors([error]) from None
    problems, seen = [], {}
    for node in problems_node.items:
        try:
            problem = _problem(node, file, errors, digits)
        except SpecError as error:
            errors.append(error)
            continue
        if problem.id in seen:
            errors.append(SpecError(Location(file, problem.line, f"problem '{problem.id}'"),
                                    f"duplicate problem id (first at line {seen[problem.id]})"))
        seen[problem.id] = problem.line
        problems.append(problem)
    if errors:
        raise SpecErrors(errors)
    return ProblemSet(title, tuple(problems), file, stem)


def _problem(node: YNode, file: str, errors: list[SpecError], digits: int | None) -> Problem:
    problem = _mapping(node, file, "a problem", PROBLEM_FIELDS)
    pid = _slug(problem, file, "problem")
    where = f"problem '{pid}'"
    _refuse_variants(problem, file, where)
    digits = _digits(problem, file, where, digits)
    given = read_given(problem.items.get("given"), file, where)
    parts_node = problem.items.get("parts")
    if not isinstance(parts_node, YSeq) or not parts_node.items:
        raise SpecError(Location(file, problem.line, where), "expected a non-empty list 'parts'")
    parts, seen = [], {}
    for part_node in parts_node.items:
        try:
            part = _part(part_node, file, where, given, digits)
        except SpecError as error:
            errors.append(error)
            continue
        if part.id in seen:
            errors.append(SpecError(Location(file, part.line, f"{where}, part '{part.id}'"),
                                    f"duplicate part id (first at line {seen[part.id]})"))
        seen[part.id] = part.line
        parts.append(part)
    return Problem(pid, _text(problem, "title", file, where), _text(problem, "statement", file,
                   where), {name: item.value for name, item in given.items()}, tuple(parts),
                   problem.line)


def _refuse_variants(node: YMap, file: str, where: str) -> None:
    for field in VARIANT_FIELDS:
        if field in node.items:
            raise SpecError(Location(file, node.key_lines[field], where),
                            f"'{field}' makes a variant per student, which this command does "
                            f"not draw", "hwsolver variants SPEC --roster roster.csv (or "
                            "--count N) writes each student's variant and key; hwsolver "
                            "check (--student ID) and grade use the student's own")


def _part(node: YNode, file: str, problem_where: str, given, digits: int | None) -> Part:
    if not isinstance(node, YMap):
        raise SpecError(Location(file, node.line, problem_where),
                        f"a part must be a mapping, found {node_kind(node)}")
    part_id = _slug(node, file, f"{problem_where}, part")
    where = f"{problem_where}, part '{part_id}'"
    kind_node = node.items.get("kind")
    if not isinstance(kind_node, YScalar):
        raise SpecError(Location(file, node.line, where), "missing field 'kind'",
                        "run 'hwsolver kinds' for the list")
    kind = KINDS.get(kind_node.text)
    if kind is None:
        raise SpecError(Location(file, kind_node.line, where),
                        f"unknown kind '{kind_node.text}'",
                        did_you_mean(kind_node.text, KINDS) or "run 'hwsolver kinds'")
    _check_fields(node, file, where, PART_FIELDS + kind.field_names)
    reader = PartReader(node, file, where, given)
    points = reader.number("points", default=1)
    grading = _grading(reader)
    reader.decimal = False  # only the kind's own inputs decide how answers are shown
    reader.digits = _digits(node, file, where, digits)
    statement = reader.text("statement")
    title = _text(node, "title", file, where)
    inputs = kind.read(reader)
    return Part(part_id, kind.name, inputs, statement, points, node.line, reader.decimal,
                dict(reader.source), grading, reader.digits, title)


def _digits(node: YMap, file: str, where: str, inherited: int | None) -> int | None:
    """The significant figures decimals are shown with: this level's ``digits`` field, else
    the enclosing level's (None: the kind's default)."""
    value = node.items.get("digits")
    if value is None:
        return inherited
    if not (isinstance(value, YScalar) and value.type == "int"
            and 1 <= int(value.text) <= MAX_DIGITS):
        found = value.text if isinstance(value, YScalar) else node_kind(value)
        raise SpecError(Location(file, value.line, f"{where}, field 'digits'"),
                        f"expected a whole number of significant figures from 1 to "
                        f"{MAX_DIGITS}, found {found}", "for example digits: 6")
    return int(value.text)


def _grading(reader: PartReader) -> Grading:
    """The optional grading fields of a part."""
    tolerance = reader.number("tolerance", default=0) if reader.has("tolerance") else None
    if tolerance is not None and not 0 <= tolerance < 1:
        raise reader.error("tolerance", "a relative tolerance between 0 and 1, e.g. 0.001")
    sigfigs = reader.integer("sigfigs", default=0, minimum=1, maximum=15) or None
    credit = ()
    if reader.has("credit"):
        node = reader.get("credit")
        if not isinstance(node, YMap):
            raise reader.error("credit", "expected a mapping of diagnosis: fraction, e.g. "
                                         "{sign_error: 0.5}")
        credit = tuple((code, reader.number_node("credit", value))
                       for code, value in node.items.items())
        for code, fraction in credit:
            if not 0 <= fraction <= 1:
                raise reader.error("credit", f"the credit for {code} must be between 0 and 1")
    return Grading(tolerance, sigfigs, reader.flag("exact"), reader.flag("partial"),
                   reader.flag("ecf"), credit)


def _mapping(node: YNode, file: str, what: str, allowed: tuple[str, ...]) -> YMap:
    if not isinstance(node, YMap):
        raise SpecError(Location(file, node.line), f"{what} must be a mapping, "
                                                   f"found {node_kind(node)}")
    _check_fields(node, file, what, allowed)
    return node


def _check_fields(node: YMap, file: str, where: str, allowed: tuple[str, ...]) -> None:
    for key in node.items:
        if key not in allowed:
            raise SpecError(Location(file, node.key_lines[key], where), f"unknown field '{key}'",
                            did_you_mean(key, allowed) or "allowed: " + ", ".join(allowed))


def _slug(node: YMap, file: str, what: str) -> str:
    value = node.items.get("id")
    if value is None:
        raise SpecError(Location(file, node.line, what), "missing field 'id'")
    if not (isinstance(value, YScalar) and SLUG.fullmatch(value.text)):
        raise SpecError(Location(file, value.line, what),
                        "an id is letters, digits, '-' and '_' (e.g. chain-rule)")
    return value.text


def _text(node: YMap, field: str, file: str, where: str) -> str | None:
    value = node.items.get(field)
    if value is None or (isinstance(value, YScalar) and value.type == "null"):
        return None
    if not isinstance(value, YScalar):
        raise SpecError(Location(file, value.line, where),
                        f"field '{field}' must be text, found {node_kind(value)}")
    return value.text
