"""Requirements of a variant: comparisons of the varied values, and properties of parts.

A requirement is either

- a property of a solved part, ``part d is no_solution`` (``solver.variants.properties``;
  ``part d: no z is 0`` with a colon reads the same), or
- a comparison of two plain-math expressions, ``det(P) = 0``, ``a1 != 0``,
  ``trace(P) < 5``: the text is cut at its one relation outside brackets (``=``, ``!=``,
  ``<``, ``<=``, ``>``, ``>=``; ``==``, ``≠``, ``≤``, ``≥`` too), each side parsed by the
  expression language and evaluated by its matrix evaluator (``solver.expr.matrices``) with
  the varied and given names bound to their drawn values. A vector ``a`` also binds its
  entries ``a1``, ``a2``, … (``a_1``, …) and a matrix ``P`` its entries ``P11``, ``P12``, …
  (``P_11``, …), when no name of the problem is spelled so.

Equal means equal exactly (the difference simplifies to 0; matrices of one shape entry by
entry); ``<`` and the like need two real numbers. A side that is not defined for a draw
(the inverse of a singular matrix) makes the comparison fail for that draw.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import sympy

from solver.expr import ExprError, parse
from solver.expr import nodes as ast
from solver.expr.matrices import EXPRESSION_RULES, MatrixEvaluator, MatrixUndefined
from solver.variants.properties import Property, read_property

RELATIONS = {"==": "=", "=": "=", "!=": "!=", "≠": "!=", "<=": "<=", "≤": "<=", ">=": ">=",
             "≥": ">=", "<": "<", ">": ">"}
_RELATION = re.compile("|".join(re.escape(text) for text in sorted(RELATIONS, key=len,
                                                                     reverse=True)))
_PART = re.compile(r"part\s+([A-Za-z0-9][A-Za-z0-9_-]*)\s*:?\s+(.+)", re.DOTALL)
_OPEN, _CLOSE = "([{", ")]}"


class RequirementError(Exception):
    """A requirement that cannot be read, or names what the problem does not have."""

    def __init__(self, message: str, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint


class NotMet(Exception):
    """A draw does not meet a requirement, and why (when there is more to say)."""


@dataclass(frozen=True)
class Comparison:
    """``left relation right`` over the varied and given names."""

    text: str
    left: ast.Node
    relation: str
    right: ast.Node

    def names(self) -> frozenset[str]:
        return ast.names(self.left) | ast.names(self.right)

    def check(self, values: dict[str, Any]) -> None:
        """Raise ``NotMet`` unless the comparison holds for these values."""
        bound = bind_entries(values)
        missing = sorted(self.names() - bound.keys())
        if missing:
            raise RequirementError(f"{self.text!r}: '{missing[0]}' is not a varied or given "
                                   f"name, nor an entry of one")
        try:
            left, right = (_scalar(MatrixEvaluator(bound, EXPRESSION_RULES).value(side))
                           for side in (self.left, self.right))
        except MatrixUndefined as error:
            raise NotMet(f"not defined: {error.reason}") from None
        except ExprError as error:
            raise NotMet(error.describe()) from None
        if not _compare(left, self.relation, right):
            raise NotMet()


@dataclass(frozen=True)
class PartProperty:
    """A property of the solved part ``part``."""

    text: str
    part: str
    property: Property


Requirement = Comparison | PartProperty


def read_requirement(text: str) -> Requirement:
    """The requirement a ``require:`` entry states."""
    text = " ".join(text.split())
    part = _PART.fullmatch(text)
    if part is not None:
        found = read_property(part.group(2))
        if found is None:
            raise RequirementError(f"{text!r}: unknown property '{part.group(2)}'",
                                   "e.g. 'part d is no_solution', 'part d has integer "
                                   "entries', 'part a eigenvalues are integers', 'part a: no "
                                   "z is 0' (hwsolver kinds lists them)")
        return PartProperty(text, part.group(1), found)
    return _comparison(text)


def _comparison(text: str) -> Comparison:
    found = [match for match in _RELATION.finditer(text) if _depth(text, match.start()) == 0]
    if len(found) != 1:
        raise RequirementError(
            f"{text!r}: expected one comparison (=, !=, <, <=, >, >=) or a property of a part"
            if not found else f"{text!r}: write one comparison per requirement",
            "e.g. 'det(P) = 0', 'a1 != 0' or 'part d is no_solution'")
    match = found[0]
    sides = []
    for side in (text[: match.start()], text[match.end():]):
        try:
            sides.append(parse(side.strip()))
        except ExprError as error:
            raise RequirementError(f"{text!r}: {error.describe()}") from None
    return Comparison(text, sides[0], RELATIONS[match.group()], sides[1])


def _depth(text: str, end: int) -> int:
    depth = 0
    for char in text[:end]:
        depth += (char in _OPEN) - (char in _CLOSE)
    return depth


def bind_entries(values: dict[str, Any]) -> dict[str, Any]:
    """The values with their entries named: a1 (a_1) of a vector, P12 (P_12) of a matrix;
    an entry name that is a name of its own keeps that name's value."""
    bound = dict(values)
    for name, value in values.items():
        if not isinstance(value, sympy.MatrixBase):
            continue
        rows, columns = value.shape
        for i in range(rows):
            for j in range(columns):
                if columns == 1:
                    spellings = (f"{name}{i + 1}", f"{name}_{i + 1}")
                elif rows <= 9 and columns <= 9:
                    spellings = (f"{name}{i + 1}{j + 1}", f"{name}_{i + 1}{j + 1}")
                else:
                    spellings = (f"{name}_{i + 1}_{j + 1}",)
                for spelling in spellings:
                    bound.setdefault(spelling, value[i, j])
    return bound


def _scalar(value: Any) -> Any:
    if isinstance(value, sympy.MatrixBase) and value.shape == (1, 1):
        return value[0, 0]
    return value


def _compare(left: Any, relation: str, right: Any) -> bool:
    if relation in ("=", "!="):
        equal = _equal(left, right)
        return equal if relation == "=" else not equal
    if isinstance(left, sympy.MatrixBase) or isinstance(right, sympy.MatrixBase):
        raise NotMet(f"'{relation}' compares numbers, not matrices")
    try:
        holds = {"<": sympy.Lt, "<=": sympy.Le, ">": sympy.Gt, ">=": sympy.Ge}[relation](left,
                                                                                     right)
    except TypeError:
        raise NotMet(f"'{relation}' compares real numbers") from None
    if holds not in (sympy.true, sympy.false):
        raise NotMet(f"cannot decide {left} {relation} {right}")
    return bool(holds)


def _equal(left: Any, right: Any) -> bool:
    if isinstance(left, sympy.MatrixBase) or isinstance(right, sympy.MatrixBase):
        if not (isinstance(left, sympy.MatrixBase) and isinstance(right, sympy.MatrixBase)
                and left.shape == right.shape):
            return False
        return all(sympy.simplify(a - b) == 0 for a, b in zip(left, right, strict=True))
    return sympy.simplify(left - right) == 0
