"""JSON answer files: their syntax errors in JSON's terms, and JSON text made ready for
the strict YAML reader.

JSON is read by the same located, strict reader as YAML (lines, duplicate keys, the
source text of numbers), since a JSON document is YAML. Two things differ and are settled
here first: a syntax error is reported as JSON's (``json`` gives line and column), and
escapes JSON allows but YAML reads differently are resolved: a surrogate pair
(``"\\ud835\\udfd9"``, as ``json.dumps`` writes 𝟙) becomes one ``\\U`` escape, and a
control-character escape that spoils LaTeX (``"\\frac"`` is a form feed and "rac") is an
error with the fix.
"""

from __future__ import annotations

import json
import re
from pathlib import PurePath

from solver.errors import Location, SpecError

JSON_SUFFIX = ".json"
YAML_SUFFIXES = (".yaml", ".yml")
BACKSLASH_HINT = 'in JSON write each backslash twice, e.g. "\\\\frac{1}{2}"'

# Every escape of a valid JSON text (backslashes occur only inside strings), read from
# the left so that an escaped backslash is never taken as the start of another escape.
_ESCAPE = re.compile(r"\\(?:u(?P<high>[dD][89abAB][0-9a-fA-F]{2})"
                     r"\\u(?P<low>[dD][c-fC-F][0-9a-fA-F]{2})"
                     r"|(?P<lone>u[dD][89a-fA-F][0-9a-fA-F]{2})|(?P<control>[bfnrt])"
                     r"|u[0-9a-fA-F]{4}|.)", re.DOTALL)
_CONTROL_NAMES = {"b": "backspace", "f": "form feed", "n": "line break", "r": "carriage return",
                  "t": "tab"}


def is_json(text: str, file: str) -> bool:
    """A ``.json`` file, or one that is not ``.yaml``/``.yml`` and starts like JSON."""
    suffix = PurePath(file).suffix.lower()
    if suffix == JSON_SUFFIX:
        return True
    return suffix not in YAML_SUFFIXES and text.lstrip().startswith(("{", "["))


def json_as_yaml(text: str, file: str) -> str:
    """``text``, checked as JSON (SpecError with line and column if it is not), with the
    escapes YAML reads differently resolved."""
    try:
        json.loads(text, parse_int=str, parse_float=str, parse_constant=str)
    except json.JSONDecodeError as error:
        words, hint = _explain(error)
        raise SpecError(Location(file, error.lineno),
                        f"JSON syntax error at column {error.colno}: {words}", hint) from None
    except RecursionError:
        raise SpecError(Location(file), "the JSON data is nested too deeply") from None
    return _ESCAPE.sub(lambda match: _escape(match, text, file), text)


def _escape(match: re.Match, text: str, file: str) -> str:
    line = text.count("\n", 0, match.start()) + 1
    if match["high"]:
        code = 0x10000 + ((int(match["high"], 16) - 0xD800) << 10) \
            + int(match["low"], 16) - 0xDC00
        return f"\\U{code:08X}"
    if match["lone"]:
        raise SpecError(Location(file, line), f"'\\{match['lone']}' is half of a character "
                                              "(a lone UTF-16 surrogate)")
    if match["control"]:
        word = re.match(r"\\[A-Za-z]*", text[match.start():])
        written = word.group() if word else match.group()
        raise SpecError(Location(file, line),
                        f"'{written}' in a JSON string starts with '{match.group()}', a "
                        f"{_CONTROL_NAMES[match['control']]}, not a backslash",
                        BACKSLASH_HINT)
    return match.group()


def _explain(error: json.JSONDecodeError) -> tuple[str, str | None]:
    """What a JSON syntax error means, and how to fix it when that is known."""
    before = error.doc[:error.pos].rstrip()[-1:]
    at = error.doc[error.pos:error.pos + 1]
    message = error.msg
    if at == "'":
        return "JSON text is written in double quotes, not single quotes", None
    if message.startswith(("Expecting property name", "Expecting value")) and before == ",":
        return f"a comma before '{at}' is not allowed in JSON", "remove the last comma"
    if message.startswith("Expecting value") and not at:
        return "the file ends before the JSON data is complete", None
    if message.startswith("Expecting value"):
        return ("expected a value: a number, text in double quotes, a list [...] or a "
                "mapping {...}", 'an answer such as 2x cos(x^2) is text: "2x cos(x^2)"')
    if message.startswith("Expecting property name"):
        return "expected a key in double quotes", None
    if message.startswith("Expecting ',' delimiter"):
        return ("expected ',' between two items, or the closing '}' or ']'",
                'an answer such as 2x cos(x^2) is text: "2x cos(x^2)"')
    if message.startswith("Expecting ':' delimiter"):
        return "expected ':' after the key", None
    if message.startswith("Unterminated string"):
        return "the text in double quotes that starts here is never closed", None
    if message.startswith("Invalid \\escape"):
        return f"'\\{error.doc[error.pos + 1:error.pos + 2]}' is not a JSON escape", \
            BACKSLASH_HINT
    if message.startswith("Invalid control character") and at in "\r\n":
        return "the text in double quotes is not closed on this line", None
    if message.startswith("Invalid control character"):
        return "a tab or control character inside double quotes", "write a tab as \\t"
    if message.startswith("Extra data"):
        return "more text after the end of the JSON data", None
    return message[:1].lower() + message[1:], None
