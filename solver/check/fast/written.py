"""Exact rationals as a student writes them, read without the reader.

``written(raw)`` is (rows, columns, entries row by row, as fractions) for:

- a number: ``12``, ``-3/4``, ``+5`` (digits 0–9, at most ``DIGITS`` in each part, a
  denominator not starting with 0), or a Python integer of at most ``DIGITS`` digits;
- in LaTeX: ``\\frac{3}{4}``, ``- \\frac{3}{4}``, ``-12``;
- a list of numbers (a column) or a list of rows of numbers (a matrix), within the
  reader's limits on sides;
- a LaTeX matrix: ``\\left(\\begin{matrix}1 & 2\\\\3 & 4\\end{matrix}\\right)`` (also with
  brackets), ``\\begin{pmatrix}…\\end{pmatrix}``, ``\\begin{bmatrix}…\\end{bmatrix}``, of
  LaTeX numbers.

None for anything else, a decimal point included: the reader reads those.
"""

from __future__ import annotations

import re
from fractions import Fraction
from typing import Any

from solver.input_limits import MAX_SIDE

DIGITS = 15
_INTEGER = rf"[0-9]{{1,{DIGITS}}}"
_DENOMINATOR = rf"[1-9][0-9]{{0,{DIGITS - 1}}}"
_NUMBER = re.compile(rf"[-+]?{_INTEGER}(?:/{_DENOMINATOR})?")
_LATEX_NUMBER = re.compile(
    rf" *(?P<sign>- *)?(?:(?P<integer>{_INTEGER})"
    rf"|\\frac\{{(?P<top>{_INTEGER})\}}\{{(?P<bottom>{_DENOMINATOR})\}}) *")
LATEX_MATRIX = re.compile(
    r" *(?:\\left\( *\\begin\{matrix\}(?P<round>.*)\\end\{matrix\} *\\right\)"
    r"|\\left\[ *\\begin\{matrix\}(?P<square>.*)\\end\{matrix\} *\\right\]"
    r"|\\begin\{pmatrix\}(?P<p>.*)\\end\{pmatrix\}"
    r"|\\begin\{bmatrix\}(?P<b>.*)\\end\{bmatrix\}) *")
ROW_END = "\\\\"


def written(raw: Any) -> tuple[int, int, tuple[Fraction, ...]] | None:
    """(rows, columns, entries row by row) of exact rationals written as in the module
    docstring; None for any other answer."""
    if isinstance(raw, list | tuple):
        return _listed(raw)
    if isinstance(raw, str) and "\\" in raw:
        return _latex(raw)
    number = _number(raw)
    return None if number is None else (1, 1, (number,))


def _listed(raw: list | tuple) -> tuple[int, int, tuple[Fraction, ...]] | None:
    if not raw or len(raw) > MAX_SIDE:
        return None
    if not any(isinstance(entry, list | tuple) for entry in raw):
        column = [_number(entry) for entry in raw]
        return None if None in column else (len(column), 1, tuple(column))
    if not all(isinstance(row, list | tuple) for row in raw):
        return None
    width = len(raw[0])
    if not width or width > MAX_SIDE or any(len(row) != width for row in raw):
        return None
    table = [_number(entry) for row in raw for entry in row]
    return None if None in table else (len(raw), width, tuple(table))


def _number(raw: Any) -> Fraction | None:
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return Fraction(raw) if abs(raw) < 10 ** DIGITS else None
    if not isinstance(raw, str):
        return None
    text = raw.strip()
    if _NUMBER.fullmatch(text) is None:
        return None
    return Fraction(text) if "/" in text else Fraction(int(text))


def _latex(raw: str) -> tuple[int, int, tuple[Fraction, ...]] | None:
    number = _latex_number(raw)
    if number is not None:
        return 1, 1, (number,)
    rows = latex_matrix_cells(raw)
    if rows is None:
        return None
    table = [_latex_number(cell) for row in rows for cell in row]
    return None if None in table else (len(rows), len(rows[0]), tuple(table))


def latex_matrix_cells(raw: str) -> list[list[str]] | None:
    """The cells' texts of a LaTeX matrix environment, row by row (rectangular, within
    the size limit); None for any other text."""
    match = LATEX_MATRIX.fullmatch(raw)
    if match is None:
        return None
    body = next(group for group in match.groups() if group is not None)
    rows = [row.split("&") for row in body.split(ROW_END)]
    width = len(rows[0])
    if len(rows) > MAX_SIDE or width > MAX_SIDE or any(len(row) != width for row in rows):
        return None
    return rows


def _latex_number(text: str) -> Fraction | None:
    match = _LATEX_NUMBER.fullmatch(text)
    if match is None:
        return None
    if match.group("integer") is not None:
        value = Fraction(int(match.group("integer")))
    else:
        value = Fraction(int(match.group("top")), int(match.group("bottom")))
    return -value if match.group("sign") else value
