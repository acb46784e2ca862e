"""Answer files (YAML or JSON): ``student`` and ``answers: {key: answer}``, read strictly.

``optional: {key: answer}`` (the JSON template's intermediate keys) holds more answers;
its blank ones are left out, and a key may not be in both mappings.

Answers keep their source text (``0.131`` stays the decimal the student wrote); nested
lists are vectors and matrices. Reading uses the same strict YAML reader as specs, so
tags, aliases and duplicate keys are refused with the file and line; JSON is checked as
JSON first (:mod:`solver.check.jsontext`), so its syntax errors are JSON's.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from solver.check.jsontext import is_json, json_as_yaml
from solver.errors import Location, SpecError, SpecErrors
from solver.spec.reader import did_you_mean
from solver.spec.yamlsource import YMap, YNode, YScalar, YSeq, node_kind, read_yaml

FIELDS = ("student", "answers", "optional")
MAX_NESTING = 3


@dataclass(frozen=True)
class AnswerEntry:
    """One answer as written: text, or nested lists of text; and its line (None for an
    answer given on the command line)."""

    key: str
    raw: Any
    line: int | None


@dataclass(frozen=True)
class AnswerFile:
    """A student's answers; ``student`` and ``file`` are empty for answers given on the
    command line."""

    student: str
    file: str
    entries: dict[str, AnswerEntry]


def answers_from_text(text: str, file: str, default_student: str) -> AnswerFile:
    """The answers of a YAML or JSON answer file (JSON by its suffix or its first
    character); SpecErrors names the file, the line and what is wrong."""
    try:
        if is_json(text, file):
            text = json_as_yaml(text, file)
        root = read_yaml(text, file)
        return _answer_file(root, file, default_student)
    except SpecError as error:
        raise SpecErrors([error]) from None


def _answer_file(root: YNode, file: str, default_student: str) -> AnswerFile:
    if not isinstance(root, YMap):
        raise SpecError(Location(file, root.line), f"expected a mapping with 'answers', found "
                                                   f"{node_kind(root)}")
    for key in root.items:
        if key not in FIELDS:
            raise SpecError(Location(file, root.key_lines[key]), f"unknown field '{key}'",
                            did_you_mean(key, FIELDS) or "allowed: student, answers, optional")
    student_node = root.items.get("student")
    student = default_student
    if student_node is not None:
        if not isinstance(student_node, YScalar) or not student_node.text.strip():
            raise SpecError(Location(file, student_node.line), "'student' must be a name")
        student = student_node.text.strip()
    answers = root.items.get("answers")
    if not isinstance(answers, YMap):
        line = answers.line if answers is not None else root.line
        raise SpecError(Location(file, line), "expected a mapping 'answers: {key: answer}'")
    entries = {key: AnswerEntry(key, raw_answer(value, file, 0), answers.key_lines[key])
               for key, value in answers.items.items()}
    entries.update(_optional_entries(root.items.get("optional"), entries, file))
    return AnswerFile(student, file, entries)


def _optional_entries(optional: YNode | None, answered: dict[str, AnswerEntry],
                      file: str) -> dict[str, AnswerEntry]:
    """The filled-in answers of ``optional`` (a blank one is not an answer)."""
    if optional is None:
        return {}
    if not isinstance(optional, YMap):
        raise SpecError(Location(file, optional.line),
                        "expected a mapping 'optional: {key: answer}'")
    entries = {}
    for key, value in optional.items.items():
        line = optional.key_lines[key]
        if key in answered:
            raise SpecError(Location(file, line), f"'{key}' is answered twice",
                            f"it is also under 'answers' (line {answered[key].line})")
        raw = raw_answer(value, file, 0)
        if raw != "":
            entries[key] = AnswerEntry(key, raw, line)
    return entries


def raw_answer(node: YNode, file: str, depth: int) -> Any:
    """Text for a scalar (an empty answer is ''), nested lists for a list."""
    if isinstance(node, YScalar):
        return "" if node.type == "null" and not node.quoted else node.text
    if isinstance(node, YSeq):
        if depth >= MAX_NESTING:
            raise SpecError(Location(file, node.line), "an answer nests lists too deeply")
        return [raw_answer(item, file, depth + 1) for item in node.items]
    raise SpecError(Location(file, node.line), "an answer must be text, a number or a list, "
                                               "not a mapping")
