"""A variant as a spec: the problem as written, its drawn values put first in ``given``.

The drawn values become located YAML nodes (at the line of their ``vary`` entry), so the
ordinary loader reads them exactly as if the instructor had written them: a whole number
as ``3``, a fraction as ``3/4``, a decimal generator's value as ``0.35`` (then answers are
shown as decimals), a vector as a flat list, a matrix as a list of rows. ``vary`` and
``require`` are dropped, and ``seed`` from the set. The set's own varied names are given
in every problem, before the problem's. In a statement ``{{P}}`` is the LaTeX of the value
of a varied or given ``P``.
"""

from __future__ import annotations

import re
from typing import Any

import sympy

from solver.errors import Location, SpecError
from solver.render.printing import latex
from solver.spec.yamlsource import YMap, YNode, YScalar, YSeq
from solver.variants.plan import ProblemPlan

_PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z][A-Za-z0-9_']*)\s*\}\}")
MAX_PLACES = 30


def decimal_text(value: sympy.Rational) -> str | None:
    """``7/20`` as ``0.35`` (at least one figure after the point); None when the
    denominator has a prime factor other than 2 and 5."""
    value = sympy.Rational(value)
    for places in range(1, MAX_PLACES + 1):
        scaled = value * 10**places
        if scaled.is_integer:
            sign = "-" if scaled < 0 else ""
            digits = str(abs(int(scaled))).rjust(places + 1, "0")
            return f"{sign}{digits[:-places]}.{digits[-places:]}"
    return None


def value_node(value: Any, decimal: bool, line: int) -> YNode:
    """A drawn value as the YAML the loader reads."""
    if isinstance(value, sympy.MatrixBase):
        if value.cols == 1:
            return YSeq(tuple(value_node(entry, decimal, line) for entry in value), line)
        return YSeq(tuple(YSeq(tuple(value_node(entry, decimal, line) for entry in row), line)
                          for row in value.tolist()), line)
    value = sympy.sympify(value)
    if decimal and value.is_Rational:
        text = decimal_text(value)
        if text is not None:
            return YScalar(text, "float", line)
    if value.is_Integer:
        return YScalar(str(int(value)), "int", line)
    if value.is_Rational:
        return YScalar(f"{value.p}/{value.q}", "str", line)
    return YScalar(sympy.sstr(value).replace("**", "^"), "str", line)


def drawn_nodes(plan: ProblemPlan, values: dict[str, Any]) -> dict[str, YNode]:
    """The drawn values of a plan as YAML nodes, by name."""
    return {varied.name: value_node(values[varied.name], varied.generator.decimal,
                                    varied.line) for varied in plan.varied}


def given_node(plan: ProblemPlan, values: dict[str, Any],
               shared: dict[str, YNode] | None = None) -> YMap:
    """The problem's ``given``: the set's drawn values, the problem's, then the values
    written there."""
    items: dict[str, YNode] = dict(shared or {})
    lines: dict[str, int] = {name: node.line for name, node in items.items()}
    for varied in plan.varied:
        items[varied.name] = value_node(values[varied.name], varied.generator.decimal,
                                        varied.line)
        lines[varied.name] = varied.line
    given = plan.node.items.get("given")
    line = plan.node.key_lines.get("given", plan.line)
    if isinstance(given, YMap):
        items.update(given.items)
        lines.update(given.key_lines)
        line = given.line
    return YMap(items, line, lines)


def problem_node(plan: ProblemPlan, values: dict[str, Any],
                 shown: dict[str, tuple[Any, bool]] | None = None,
                 shared: dict[str, YNode] | None = None) -> YMap:
    """The problem with the drawn values given, without ``vary`` and ``require``; with
    ``shown`` (name → value, decimal), ``{{name}}`` in its statements is the value."""
    node = plan.node
    items: dict[str, YNode] = {}
    lines: dict[str, int] = {}
    for key, item in node.items.items():
        if key in ("vary", "require", "given"):
            continue
        if key == "parts" and shown is not None and isinstance(item, YSeq):
            item = YSeq(tuple(_with_statement(part, shown, plan) for part in item.items),
                        item.line)
        if key == "statement" and shown is not None:
            item = _filled(item, shown, plan)
        if key == "parts":
            items["given"] = given_node(plan, values, shared)
            lines["given"] = node.key_lines.get("given", node.key_lines.get("vary", node.line))
        items[key] = item
        lines[key] = node.key_lines[key]
    return YMap(items, node.line, lines)


def _with_statement(part: YNode, shown, plan: ProblemPlan) -> YNode:
    if not (isinstance(part, YMap) and "statement" in part.items):
        return part
    items = dict(part.items)
    items["statement"] = _filled(items["statement"], shown, plan)
    return YMap(items, part.line, part.key_lines)


def _filled(node: YNode, shown: dict[str, tuple[Any, bool]], plan: ProblemPlan) -> YNode:
    if not isinstance(node, YScalar):
        return node

    def value(match: re.Match) -> str:
        name = match.group(1)
        if name not in shown:
            raise SpecError(Location(plan.file, node.line, f"{plan.where}, statement"),
                            f"'{{{{{name}}}}}' is not a varied or given name",
                            f"names: {', '.join(shown)}")
        number, decimal = shown[name]
        return latex(number, decimal=decimal)

    return YScalar(_PLACEHOLDER.sub(value, node.text), node.type, node.line, node.quoted)


def set_node(root: YMap, problems: tuple[YNode, ...]) -> YMap:
    """The set with ``problems`` in place of its own and without ``seed``, ``vary`` and
    ``require``."""
    dropped = ("seed", "vary", "require")
    items = {key: item for key, item in root.items.items() if key not in dropped}
    lines = {key: line for key, line in root.key_lines.items() if key not in dropped}
    old = root.items.get("problems")
    items["problems"] = YSeq(problems, old.line if old is not None else root.line)
    return YMap(items, root.line, lines)
