"""Answer sheets written in LaTeX: ``\\answer{key}{value}`` and ``\\student{name}``, read as text.

Nothing is run or expanded: a scanner walks the source once, skipping comments
(``%`` to the end of the line, but not ``\\%``), ``\\verb|...|`` and the
``verbatim``-like and ``comment`` environments, and takes the two brace groups after
every ``\\answer`` (escaped braces ``\\{ \\}`` do not count). A value keeps its text as
written, comments removed and line breaks turned into spaces; reading it as math is
the checker's business (:mod:`solver.check.read`).

The scanner is made of possessive regular expressions that consume everything of no
interest in one step and never backtrack, so hostile sources (a million ``{``,
``\\answer{`` repeated) are read in linear time.

``load_submission(path, data)`` reads any answer file by its suffix: ``.tex`` here,
``.yaml``/``.yml``/``.json`` through :func:`solver.check.answerfile.answers_from_text`.
"""

from __future__ import annotations

import re
from pathlib import Path

from solver.check.answerfile import AnswerEntry, AnswerFile, answers_from_text
from solver.errors import Location, SpecError, SpecErrors
from solver.render.environment import templates_dir

MAX_SOURCE_BYTES = 2 * 1024 * 1024
MAX_ANSWERS = 10_000
MAX_ERRORS = 20
LATEX_SUFFIXES = (".tex",)
DATA_SUFFIXES = (".yaml", ".yml", ".json")
ANSWER_SUFFIXES = DATA_SUFFIXES + LATEX_SUFFIXES
NOT_AN_ANSWER_FILE = "not an answer file (.yaml, .yml, .json or .tex)"
UTF8_BOM = b"\xef\xbb\xbf"

_KEY = re.compile(r"[A-Za-z0-9._/-]+")
_SHOWN_KEY_CHARS = 40

# Environments whose body TeX reads as raw text: nothing in them is an answer.
_RAW_ENVIRONMENTS = r"(?:verbatim\*?|Verbatim\*?|comment|lstlisting|minted)"
# Commands that define \answer or \student rather than use them (a pasted preamble).
_DEFINERS = (r"(?:[gex]?def|let|(?:re)?newcommand|providecommand|DeclareRobustCommand"
             r"|(?:New|Renew|Provide|Declare)DocumentCommand)")
_COMMANDS = r"(?:answer|student)(?![A-Za-z])"
_INTERESTING = (rf"(?:{_COMMANDS}|verb(?![A-Za-z])|begin\s*+\{{{_RAW_ENVIRONMENTS}\}}"
                rf"|{_DEFINERS}\s*+\*?+\s*+\{{?+\s*+\\{_COMMANDS})")

# Everything up to the next \answer, \student, \verb, raw environment or definition of
# \answer/\student: plain text, comments, other control sequences. Never backtracks.
_TOP = re.compile(
    rf"(?>[^\\%]++|%[^\n]*+|\\(?!{_INTERESTING})(?:[A-Za-z]++|.))*+"
    rf"\\(?:(?P<command>{_COMMANDS})"
    rf"|(?P<verb>verb\*?+)"
    rf"|begin\s*+\{{(?P<raw>{_RAW_ENVIRONMENTS})\}}"
    rf"|(?P<definition>{_DEFINERS})\s*+\*?+\s*+\{{?+\s*+\\{_COMMANDS})",
    re.DOTALL)

# Inside a brace group: everything up to the next run of braces. Comments, escaped braces
# and groups with no braces inside ({x^2}, {}) are consumed on the way.
_SKIP_IN_GROUP = r"[^\\%{}]++|\\(?:[A-Za-z]++|.)|%[^\n]*+"
_GROUP = re.compile(
    rf"(?>{_SKIP_IN_GROUP}|\{{(?>{_SKIP_IN_GROUP})*+\}})*+(?:(?P<open>\{{++)|(?P<close>\}}++))",
    re.DOTALL)

# A comment of a group's text, with the line break and the indentation after it (as TeX
# drops them); findall keeps the text before each one.
_BEFORE_COMMENT = re.compile(r"((?>[^\\%]++|\\.?+)*+)(?:%[^\n]*+(?:\n[ \t]*+)?+)?+",
                             re.DOTALL)

# Between \answer and its arguments: spaces, line breaks and comments.
_GAP = re.compile(r"(?>\s++|%[^\n]*+)*+")


def sty_path() -> Path:
    """The ``hwanswers.sty`` package that makes a LaTeX answer sheet compile."""
    return templates_dir() / "latex" / "hwanswers.sty"


def load_submission(path: Path, data: bytes) -> AnswerFile:
    """An answer file from its bytes, read by its suffix; ``path`` names it in messages.

    The student defaults to the file's stem. A UTF-8 byte-order mark is accepted.
    """
    file = path.as_posix()
    suffix = path.suffix.lower()
    if suffix not in ANSWER_SUFFIXES:
        raise _error(file, None, NOT_AN_ANSWER_FILE)
    if len(data) > MAX_SOURCE_BYTES:
        raise _error(file, None, _too_large())
    if data.startswith(UTF8_BOM):
        data = data[len(UTF8_BOM):]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[:error.start].count(b"\n") + 1
        raise SpecErrors([SpecError(Location(file, line), "the file is not valid UTF-8",
                                    "save it with the UTF-8 encoding")]) from None
    if not text.strip():
        raise _error(file, None, "the file is empty")
    if suffix in LATEX_SUFFIXES:
        return answers_from_latex(text, file, path.stem)
    return answers_from_text(text, file, path.stem)


def answers_from_latex(text: str, file: str, default_student: str) -> AnswerFile:
    """Every ``\\answer{key}{value}`` and the ``\\student{name}`` of a LaTeX source."""
    size = len(text) if len(text) > MAX_SOURCE_BYTES else len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_SOURCE_BYTES:
        raise _error(file, None, _too_large())
    return _Scanner(text.replace("\r\n", "\n").replace("\r", "\n"), file).read(default_student)


class _Scanner:
    """One pass over a LaTeX source; positions only move forward."""

    def __init__(self, text: str, file: str) -> None:
        self.text = text
        self.file = file
        self.errors: list[SpecError] = []
        self.entries: dict[str, AnswerEntry] = {}
        self.students: list[tuple[str, int]] = []
        self._line = 1
        self._line_pos = 0
        self._count = 0

    def line_at(self, pos: int) -> int:
        """Line number of ``pos``; calls come with non-decreasing positions."""
        self._line += self.text.count("\n", self._line_pos, pos)
        self._line_pos = pos
        return self._line

    def read(self, default_student: str) -> AnswerFile:
        pos = 0
        while len(self.errors) < MAX_ERRORS:
            match = _TOP.match(self.text, pos)
            if match is None:
                break
            command = match.group("command")
            if command == "answer":
                pos = self.answer(match.start("command") - 1, match.end())
            elif command == "student":
                pos = self.student(match.start("command") - 1, match.end())
            elif match.group("verb"):
                pos = self.skip_verb(match.end())
            elif match.group("raw"):
                pos = self.skip_environment(match.group("raw"), match.end())
            else:
                pos = match.end()
            if pos < 0:
                break
        if self.errors:
            raise SpecErrors(self.errors)
        if not self.entries:
            raise _error(self.file, None, "no \\answer{key}{value} found")
        return AnswerFile(self.student_name(default_student), self.file, self.entries)

    def answer(self, start: int, pos: int) -> int:
        """Read the two groups of the ``\\answer`` at ``start``; the position after them."""
        line = self.line_at(start)
        self._count += 1
        if self._count > MAX_ANSWERS:
            self.fail(line, f"more than {MAX_ANSWERS:,} answers in one file")
            return -1
        key_group = self.group(pos, line, "\\answer", "{key}{value}")
        if key_group is None:
            return -1
        key, pos = key_group
        value_group = self.group(pos, line, f"\\answer{{{_shown(key)}}}", "{value}")
        if value_group is None:
            return -1
        value, pos = value_group
        self.add(key.strip(), value, line)
        return pos

    def add(self, key: str, value: str, line: int) -> None:
        if not key:
            self.fail(line, f"\\answer{{}}{{...}} at line {line} has an empty key")
        elif not _KEY.fullmatch(key):
            self.fail(line, f"the key '{_shown(key)}' of the \\answer at line {line} may only "
                            "hold letters, digits, '.', '_' and '-', and '/' (as in df/dg1)")
        elif key in self.entries:
            first = self.entries[key].line
            self.fail(line, f"'{key}' is answered twice: at line {first} and at line {line}",
                      "keep one of them")
        else:
            self.entries[key] = AnswerEntry(key, " ".join(value.split("\n")).strip(), line)

    def student(self, start: int, pos: int) -> int:
        line = self.line_at(start)
        group = self.group(pos, line, "\\student", "{name}")
        if group is None:
            return -1
        name, pos = group
        name = " ".join(name.split())
        if not name:
            self.fail(line, f"\\student{{}} at line {line} must hold a name")
        elif self.students:
            self.fail(line, f"\\student is given twice: at line {self.students[0][1]} and at "
                            f"line {line}", "keep one of them")
        else:
            self.students.append((name, line))
        return pos

    def student_name(self, default: str) -> str:
        return self.students[0][0] if self.students else default

    def group(self, pos: int, line: int, written: str, expected: str
              ) -> tuple[str, int] | None:
        """The text of the brace group after ``pos`` (comments removed) and the end of it."""
        gap = _GAP.match(self.text, pos)
        pos = gap.end() if gap else pos
        if not self.text.startswith("{", pos):
            self.fail(line, f"{written} at line {line} must be followed by {expected}")
            return None
        depth = 1
        scan = pos + 1
        while True:
            match = _GROUP.match(self.text, scan)
            if match is None:
                self.fail(line, f"{written}{{...}} at line {line} is not closed",
                          "a '}' is missing; write \\{ and \\} for literal braces")
                return None
            kind = match.lastgroup
            run = match.end() - match.start(kind)
            if kind == "open":
                depth += run
            elif run >= depth:
                end = match.start(kind) + depth - 1
                return _without_comments(self.text[pos + 1:end]), end + 1
            else:
                depth -= run
            scan = match.end()

    def skip_verb(self, pos: int) -> int:
        """Skip ``\\verb|...|``: from the delimiter to its next occurrence on the line."""
        if pos >= len(self.text) or self.text[pos] in " \n":
            return pos
        end = self.text.find(self.text[pos], pos + 1)
        if end < 0 or self.text.find("\n", pos + 1, end) >= 0:
            return pos + 1
        return end + 1

    def skip_environment(self, name: str, pos: int) -> int:
        end = self.text.find(f"\\end{{{name}}}", pos)
        return -1 if end < 0 else end

    def fail(self, line: int, message: str, hint: str | None = None) -> None:
        self.errors.append(SpecError(Location(self.file, line), message, hint))


def _without_comments(text: str) -> str:
    return "".join(_BEFORE_COMMENT.findall(text)) if "%" in text else text


def _shown(key: str) -> str:
    """A key as quoted in a message: long keys are cut, line breaks flattened."""
    flat = " ".join(key.split())
    return flat if len(flat) <= _SHOWN_KEY_CHARS else flat[:_SHOWN_KEY_CHARS] + "..."


def _too_large() -> str:
    return f"the file is larger than {MAX_SOURCE_BYTES // (1024 * 1024)} MB"


def _error(file: str, line: int | None, message: str) -> SpecErrors:
    return SpecErrors([SpecError(Location(file, line), message)])
