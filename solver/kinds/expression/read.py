"""Reading an authored answer: written in the syntax a student uses and read by the same
reader (an expression, a number, a matrix, 'no solution', an interval, a set of points), with
the names in ``variables`` and their assumptions."""

from __future__ import annotations

from dataclasses import dataclass

import sympy

from solver import answers as A
from solver.check.read import read_answer
from solver.check.values import Family, Invalid, Points, Range, Says, Written
from solver.spec.reader import NAME, PartReader, raw_node
from solver.spec.yamlsource import YMap, YScalar, YSeq

ASSUMPTIONS = {"real": {"real": True}, "positive": {"positive": True},
               "nonnegative": {"nonnegative": True}, "integer": {"integer": True},
               "complex": {}}
SAYS = {"no_solution": lambda text: A.NoSolution(text),
        "undefined": lambda text: A.Undefined(text),
        "no_bound": lambda text: A.NoBound(text)}


@dataclass(frozen=True)
class Authored:
    answer: A.Answer
    solution: str | None
    variables: tuple[sympy.Symbol, ...]


def read(r: PartReader) -> Authored:
    symbols = _variables(r)
    raw = raw_node(r.get("answer"))
    value = read_answer(raw, symbols)
    if isinstance(value, Invalid):
        where = f" at column {value.position + 1}" if value.position is not None else ""
        raise r.error("answer", f"cannot read the answer{where}: {value.message}", value.hint)
    if isinstance(value, Says) and value.status == "infinitely_many":
        raise r.error("answer", "'infinitely many' needs its family",
                      "write x = [1, 0] + t [-2, 1]")
    r.decimal |= isinstance(value, Written) and value.decimals
    return Authored(_as_answer(value, tuple(symbols)), r.text("solution"),
                    tuple(symbols.values()))


def _variables(r: PartReader) -> dict[str, sympy.Symbol]:
    if not r.has("variables"):
        return {}
    node = r.get("variables")
    if isinstance(node, YSeq | YScalar):
        return {name: sympy.Symbol(name, real=True) for name in r.names("variables")}
    if not isinstance(node, YMap):
        raise r.error("variables", "expected a list of names or a mapping name: assumption")
    symbols = {}
    for name, kind in node.items.items():
        if not NAME.fullmatch(name):
            raise r.error("variables", f"'{name}' is not a valid name", line=node.key_lines[name])
        if not isinstance(kind, YScalar) or kind.text not in ASSUMPTIONS:
            raise r.error("variables", f"the assumption for '{name}' must be one of "
                                       + ", ".join(ASSUMPTIONS), line=node.key_lines[name])
        symbols[name] = sympy.Symbol(name, **ASSUMPTIONS[kind.text])
    return symbols


def _as_answer(value, variables: tuple[str, ...] = ()) -> A.Answer:
    """The answer as written: a range keeps which ends are closed; a set of values (or of
    tuples) is a finite set compared in any order; a set with an integer parameter k is a
    set of point families (coordinates named by the declared variables, else x1, x2, …)."""
    match value:
        case Written():
            return A.Value(value.value)
        case Says(status="none"):
            return A.PointSet((), (), "there are none")
        case Says():
            return SAYS[value.status](value.text)
        case Family():
            return A.InfinitelyMany(value.particular, value.directions, value.parameters,
                                    value.text)
        case Range():
            variable = variables[0] if len(variables) == 1 else "x"
            return A.Interval(value.variable or variable, value.lower, value.upper,
                              (not value.lower_open, not value.upper_open))
        case Points(parameters=()):
            return A.Value(sympy.FiniteSet(*(point[0] if len(point) == 1 else sympy.Tuple(*point)
                                             for point in value.points)), "set")
        case Points():
            parameter = value.parameters[0] if len(value.parameters) == 1 else None
            size = len(value.points[0])
            names = variables if len(variables) == size else tuple(
                f"x{i}" for i in range(1, size + 1))
            return A.PointSet(names, tuple(A.Point(point, "", parameter)
                                           for point in value.points))
    raise TypeError(type(value).__name__)
