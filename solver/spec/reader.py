"""Reading one part's fields: typed accessors that turn located YAML into exact SymPy values.

Every accessor names the field, the part and the line when the value is wrong, and
records whether the inputs were written as decimals (then answers are shown as decimals).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Any

import sympy

from solver.errors import Location, SpecError
from solver.expr import ExprError, parse, to_sympy
from solver.expr import nodes as ast
from solver.numbers import exact, is_decimal_text, is_number_text, symbol
from solver.spec.yamlsource import YMap, YNode, YScalar, YSeq, node_kind

NAME = re.compile(r"[A-Za-z][A-Za-z0-9_']*")  # y' is a name of its own
MAX_MATRIX_SIDE = 50
CONSTANTS = frozenset({"e", "pi"})


@dataclass(frozen=True)
class Given:
    """A value shared by a problem's parts, with where it was written."""

    value: Any
    line: int
    decimal: bool
    text: str


def did_you_mean(word: str, choices) -> str | None:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else None


class PartReader:
    """Typed access to the fields of one part (or of a problem's ``given``)."""

    def __init__(self, node: YMap, file: str, where: str, given: dict[str, Given]):
        self.node = node
        self.file = file
        self.where = where
        self.given = given
        self.decimal = False
        self.digits: int | None = None  # significant figures of decimal results (``digits``)
        self.source: dict[str, str] = {}

    # -- errors ---------------------------------------------------------------------------
    def error(self, field: str | None, message: str, hint: str | None = None,
              line: int | None = None) -> SpecError:
        if line is None:
            line = self.node.key_lines.get(field, self.node.line) if field else self.node.line
        where = f"{self.where}, field '{field}'" if field else self.where
        return SpecError(Location(self.file, line, where), message, hint)

    # -- presence -------------------------------------------------------------------------
    def has(self, field: str) -> bool:
        return field in self.node.items and not _is_null(self.node.items[field])

    def get(self, field: str) -> YNode:
        if not self.has(field):
            raise self.error(None, f"missing field '{field}'")
        value = self.node.items[field]
        self.source[field] = _source_text(value)
        return value

    # -- scalars --------------------------------------------------------------------------
    def text(self, field: str, default: str | None = None) -> str | None:
        if not self.has(field):
            return default
        value = self.get(field)
        if not isinstance(value, YScalar):
            raise self.error(field, f"expected text, found {node_kind(value)}")
        return value.text

    def choice(self, field: str, options: tuple[str, ...], default: str,
               noun: str | None = None) -> str:
        """One of ``options`` (``default`` when the field is absent); anything else is a
        spec error naming the field, the options and the closest one."""
        value = self.text(field, default)
        if value not in options:
            raise self.error(field, f"unknown {noun or field} {value!r}: expected one of "
                                    f"{', '.join(options)}", did_you_mean(value, options))
        return value

    def flag(self, field: str, default: bool = False) -> bool:
        if not self.has(field):
            return default
        value = self.get(field)
        if not (isinstance(value, YScalar) and value.type == "bool"):
            raise self.error(field, f"expected true or false, found {node_kind(value)}")
        return value.text.lower() in ("true", "yes", "on")

    def number(self, field: str, default: Any = None) -> sympy.Expr:
        if not self.has(field):
            if default is None:
                raise self.error(None, f"missing field '{field}'")
            return default
        return self.number_node(field, self.get(field))

    def integer(self, field: str, default: int, minimum: int = 0, maximum: int = 1000) -> int:
        if not self.has(field):
            return default
        value = self.get(field)
        if not (isinstance(value, YScalar) and value.type == "int"):
            raise self.error(field, f"expected a whole number, found {node_kind(value)}")
        number = int(value.text)
        if not minimum <= number <= maximum:
            raise self.error(field, f"must be between {minimum} and {maximum}, found {number}")
        return number

    def number_node(self, field: str, value: YNode) -> sympy.Expr:
        """A number: a YAML number, a given name, or constant text such as 2/3 or sqrt(2)."""
        if not isinstance(value, YScalar) or value.type in ("bool", "null"):
            raise self.error(field, f"expected a number, found {node_kind(value)}",
                             line=getattr(value, "line", None))
        if is_number_text(value.text):
            self.decimal |= is_decimal_text(value.text)
            try:
                return exact(value.text)
            except ValueError:
                raise self.error(field, f"number too long: {value.text[:20]}...",
                                 line=value.line) from None
        if value.text in self.given:
            return self._given_scalar(field, value)
        number = self.expression_node(field, value, {})
        if number.free_symbols:
            raise self.error(field, f"expected a number, found {value.text!r}", line=value.line)
        return number

    # -- names ----------------------------------------------------------------------------
    def names(self, field: str) -> tuple[str, ...]:
        value = self.get(field)
        items = value.items if isinstance(value, YSeq) else (value,)
        result = []
        for item in items:
            if not (isinstance(item, YScalar) and NAME.fullmatch(item.text)):
                raise self.error(field, f"expected a variable name, found {_source_text(item)!r}",
                                 line=item.line)
            if item.text in result:
                raise self.error(field, f"'{item.text}' is listed twice", line=item.line)
            result.append(item.text)
        if not result:
            raise self.error(field, "expected at least one variable name")
        return tuple(result)

    # -- expressions ----------------------------------------------------------------------
    def expression(self, field: str, variables: dict[str, sympy.Symbol]) -> sympy.Expr:
        return self.expression_node(field, self.get(field), variables)

    def expression_list(self, field: str, variables: dict[str, sympy.Symbol]):
        value = self.get(field)
        if not isinstance(value, YSeq) or not value.items:
            raise self.error(field, f"expected a list of expressions, found {node_kind(value)}")
        return tuple(self.expression_node(field, item, variables) for item in value.items)

    def expression_map(self, field: str, variables: dict[str, sympy.Symbol]):
        value = self.get(field)
        if not isinstance(value, YMap):
            raise self.error(field, f"expected a mapping of name: expression, found "
                                    f"{node_kind(value)}")
        result = {}
        for name, item in value.items.items():
            if not NAME.fullmatch(name):
                raise self.error(field, f"'{name}' is not a valid name",
                                 line=value.key_lines[name])
            result[name] = self.expression_node(field, item, variables)
        return result

    def expression_node(self, field: str, value: YNode, variables: dict[str, Any]) -> sympy.Expr:
        """Parse plain-math text; every name must be a variable, a given number, e or pi."""
        if isinstance(value, YScalar) and value.type in ("int", "float"):
            return self.number_node(field, value)
        if not isinstance(value, YScalar) or value.type != "str":
            raise self.error(field, f"expected an expression, found {node_kind(value)}",
                             line=getattr(value, "line", None))
        tree = self.parse_text(field, value)
        symbols = dict(variables)
        for name in ast.names(tree) - symbols.keys() - CONSTANTS:
            if name in self.given and _is_scalar(self.given[name].value):
                symbols[name] = self._given_scalar(field, YScalar(name, "str", value.line))
        try:
            return to_sympy(tree, symbols)
        except ExprError as error:
            raise self.error(field, f"{value.text!r}: {error.describe()}",
                             line=value.line) from None

    def parse_text(self, field: str, value: YScalar) -> ast.Node:
        try:
            tree = parse(value.text)
        except ExprError as error:
            raise self.error(field, f"{value.text!r}: {error.describe()}",
                             line=value.line) from None
        self.decimal |= any(isinstance(node, ast.Number) and is_decimal_text(node.text)
                            for node in ast.walk(tree))
        return tree

    # -- matrices -------------------------------------------------------------------------
    def matrix(self, field: str, vector: bool = False) -> sympy.ImmutableMatrix:
        return self.matrix_node(field, self.get(field), vector)

    def matrix_node(self, field: str, value: YNode, vector: bool = False):
        """A matrix by rows, a flat list as a column vector, or the name of a given one."""
        if isinstance(value, YScalar) and value.type == "str" and value.text in self.given:
            matrix = self._given(field, value)
            if not isinstance(matrix, sympy.MatrixBase):
                raise self.error(field, f"'{value.text}' is a number, expected a "
                                        f"{'vector' if vector else 'matrix'}", line=value.line)
        elif isinstance(value, YSeq):
            matrix = self._literal_matrix(field, value)
        else:
            hint = did_you_mean(value.text, self.given) if isinstance(value, YScalar) else None
            raise self.error(field, f"expected a {'vector' if vector else 'matrix'} (a list, "
                                    f"or a name from 'given'), found {_source_text(value)!r}",
                             hint, line=value.line)
        if vector and matrix.cols != 1:
            raise self.error(field, f"expected a column vector, found a "
                                    f"{matrix.rows}×{matrix.cols} matrix", line=value.line)
        return matrix

    def _literal_matrix(self, field: str, value: YSeq) -> sympy.ImmutableMatrix:
        if not value.items:
            raise self.error(field, "empty list", line=value.line)
        if all(isinstance(item, YSeq) for item in value.items):
            rows = [[self.number_node(field, entry) for entry in row.items]
                    for row in value.items]
            widths = {len(row) for row in rows}
            if len(widths) != 1 or 0 in widths:
                raise self.error(field, "rows of different lengths: "
                                 + ", ".join(str(len(row)) for row in rows), line=value.line)
        elif any(isinstance(item, YSeq | YMap) for item in value.items):
            raise self.error(field, "mix of numbers and lists: write a matrix as a list of rows",
                             line=value.line)
        else:
            rows = [[self.number_node(field, entry)] for entry in value.items]
        if len(rows) > MAX_MATRIX_SIDE or len(rows[0]) > MAX_MATRIX_SIDE:
            raise self.error(field, f"matrices are limited to {MAX_MATRIX_SIDE} rows and columns",
                             line=value.line)
        return sympy.ImmutableMatrix(rows)

    # -- given ----------------------------------------------------------------------------
    def _given(self, field: str, value: YScalar):
        given = self.given[value.text]
        self.decimal |= given.decimal
        return given.value

    def _given_scalar(self, field: str, value: YScalar) -> sympy.Expr:
        number = self._given(field, value)
        if isinstance(number, sympy.MatrixBase):
            raise self.error(field, f"'{value.text}' is a matrix, expected a number",
                             line=value.line)
        return number

    def given_value(self, name: str):
        """The value of a given entry, as the matrix language sees it."""
        return self.given[name].value


def read_given(node: YNode | None, file: str, where: str) -> dict[str, Given]:
    """The ``given`` mapping of a problem: name → number, vector or matrix."""
    if node is None:
        return {}
    if not isinstance(node, YMap):
        raise SpecError(Location(file, node.line, where),
                        f"'given' must be a mapping of name: value, found {node_kind(node)}")
    given: dict[str, Given] = {}
    for name, value in node.items.items():
        line = node.key_lines[name]
        if not NAME.fullmatch(name) or name in CONSTANTS:
            raise SpecError(Location(file, line, where), f"'{name}' cannot be used as a name")
        reader = PartReader(node, file, f"{where}, given '{name}'", given)
        if isinstance(value, YSeq):
            result = reader.matrix_node(name, value)
        else:
            result = reader.number_node(name, value)
        given[name] = Given(result, line, reader.decimal, _source_text(value))
    return given


def raw_node(node: YNode):
    """A node as an answer reader takes it: source text, or nested lists of text."""
    if isinstance(node, YSeq):
        return [raw_node(item) for item in node.items]
    if isinstance(node, YScalar):
        return node.text
    return _source_text(node)


def variables(names) -> dict[str, sympy.Symbol]:
    return {name: symbol(name) for name in names}


def _is_scalar(value) -> bool:
    return not isinstance(value, sympy.MatrixBase)


def _is_null(node: YNode) -> bool:
    return isinstance(node, YScalar) and node.type == "null" and not node.quoted


def _source_text(node: YNode) -> str:
    if isinstance(node, YScalar):
        return node.text
    if isinstance(node, YSeq):
        return "[" + ", ".join(_source_text(item) for item in node.items) + "]"
    return "{" + ", ".join(f"{k}: {_source_text(v)}" for k, v in node.items.items()) + "}"
