"""YAML syntax errors in words a student understands, at the line to fix.

PyYAML reports where its parser stopped ("did not find expected key", "mapping values
are not allowed in this context"); most often the cause is a line indented to a column
no line above uses, or a tab. Those are named as such; other problems get a sentence of
what to change, and PyYAML's own words when nothing better is known.
"""

from __future__ import annotations

import yaml

MISALIGNED = ("the indentation of this line does not match the lines above it; every key "
              "of one level must start in the same column")
TAB = "this line is indented with a tab; indent with spaces only"
_ALIGNMENT_PROBLEMS = ("did not find expected key", "mapping values are not allowed",
                       "did not find expected '-' indicator",
                       "expected <block end>, but found",
                       "did not find expected <document start>")


def explain(error: yaml.MarkedYAMLError, text: str) -> tuple[int | None, str]:
    """The line to point at (1-based) and what is wrong there."""
    lines = text.splitlines()
    problem, context = error.problem or "", error.context or ""
    mark = error.problem_mark or error.context_mark
    line = mark.line + 1 if mark else None
    start = error.context_mark.line + 1 if error.context_mark else line
    if line is not None and line <= len(lines):
        here = lines[line - 1]
        if "\t" in here[:len(here) - len(here.lstrip())]:
            return line, TAB
        if problem.startswith(_ALIGNMENT_PROBLEMS) and _misaligned(lines, line):
            return line, MISALIGNED
    if problem.startswith("did not find expected key") and _after_quote(lines, mark):
        return line, ("the quoted text ends before the end of the line; inside '...' write a "
                      "quote as '', or quote the whole answer with the other kind of quotes")
    if problem.startswith("mapping values are not allowed"):
        return line, ("a ':' where no key can start (is the ':' missing on a line above, or "
                      "does this text need quotes?)")
    if problem.startswith("could not find expected ':'"):
        return start, "this line is neither 'key: value' nor '- item': a ':' is missing"
    if "flow sequence" in context:
        return line, (f"the list opened with '[' on line {start} is not closed with ']' "
                      "(or a ',' is missing between its items)")
    if "flow mapping" in context:
        return line, (f"the mapping opened with '{{' on line {start} is not closed with "
                      "'}' (or a ',' is missing between its entries)")
    if "quoted scalar" in context and "end of stream" in problem:
        return start, f"the quote opened on line {start} is never closed"
    if problem.startswith("found character that cannot start any token") and mark:
        character = _character(lines, mark)
        if character:
            return line, f"a value cannot begin with '{character}'; put it in quotes"
    return line, " ".join(part for part in (context, problem) if part)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _columns(line: str) -> set[int]:
    """The columns where something of a level starts on a line: its indentation and, after
    each '- ' of a list item, the item's content."""
    column = _indent(line)
    columns = {column}
    while line[column:column + 2] == "- ":
        column += 2 + _indent(line[column + 2:])
        columns.add(column)
    return columns


def _misaligned(lines: list[str], number: int) -> bool:
    """Whether line ``number`` starts at a column that fits no level above it: deeper than
    a line that opens nothing, or shallower but at no column a line above starts at."""
    above = [text for text in lines[:number - 1]
             if text.strip() and not text.lstrip().startswith("#")]
    here = _indent(lines[number - 1])
    if not above:
        return here > 0
    previous = above[-1].split(" #")[0].rstrip()
    if here > max(_columns(above[-1])):
        return not previous.endswith((":", "-", "[", "{", ","))
    return not any(here in _columns(text) for text in above)


def _after_quote(lines: list[str], mark) -> bool:
    return bool(mark) and 0 < mark.column and mark.line < len(lines) \
        and lines[mark.line][mark.column - 1:mark.column] in ("'", '"')


def _character(lines: list[str], mark) -> str:
    if mark.line < len(lines) and mark.column < len(lines[mark.line]):
        return lines[mark.line][mark.column]
    return ""
