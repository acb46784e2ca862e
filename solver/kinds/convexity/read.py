"""Reading a convexity part: f in the wrt variables, and an optional box domain written as
conditions on single variables (``x > 0``, ``0 <= y <= 1``, joined by ``and`` or listed)."""

from __future__ import annotations

from dataclasses import dataclass, field

import sympy

from solver.spec.reader import PartReader, variables
from solver.spec.yamlsource import YScalar, YSeq

MAX_VARIABLES = 4
_KINKED = (sympy.Abs, sympy.Max, sympy.Min, sympy.Heaviside, sympy.Piecewise, sympy.sign)
_DOMAIN_HINT = "write bounds on single variables, e.g. 'x > 0' or '0 <= x <= 1 and y > 0'"


@dataclass(frozen=True)
class Bounds:
    """lower < x < upper (±oo when unbounded); the tests work on the open interval, whose
    closure adds nothing to convexity of a continuous f."""

    variable: sympy.Symbol
    lower: sympy.Expr = sympy.S.NegativeInfinity
    upper: sympy.Expr = sympy.S.Infinity
    closed: tuple[bool, bool] = (False, False)

    def __post_init__(self):
        object.__setattr__(self, "lower", sympy.sympify(self.lower))
        object.__setattr__(self, "upper", sympy.sympify(self.upper))

    def contains(self, value) -> bool:
        """Whether ``value`` lies strictly inside."""
        return bool(self.lower < value) and bool(value < self.upper)


@dataclass(frozen=True)
class ConvexityInputs:
    """f, its variables in order and the box domain (one ``Bounds`` per variable)."""

    f: sympy.Expr
    wrt: tuple[sympy.Symbol, ...]
    domain: tuple[Bounds, ...] = field(default=())

    @property
    def box(self) -> tuple[Bounds, ...]:
        """The domain with every variable bounded (all of ℝ where the part sets nothing)."""
        given = {bounds.variable: bounds for bounds in self.domain}
        return tuple(given.get(x, Bounds(x)) for x in self.wrt)

    @property
    def restricted(self) -> tuple[Bounds, ...]:
        """The variables the domain restricts."""
        return tuple(b for b in self.box if b.lower.is_finite or b.upper.is_finite)

    @property
    def variables(self) -> tuple[sympy.Symbol, ...]:
        """The names a student's answer may use."""
        return self.wrt


def read(r: PartReader) -> ConvexityInputs:
    names = r.names("wrt")
    if len(names) > MAX_VARIABLES:
        raise r.error("wrt", f"a worked convexity test is shown for up to {MAX_VARIABLES} "
                             f"variables, found {len(names)}")
    symbols = variables(names)
    f = r.expression("f", symbols)
    if not isinstance(f, sympy.Expr):
        raise r.error("f", "expected a scalar expression, found a matrix")
    if f.has(*_KINKED):
        raise r.error("f", "f must be twice differentiable: abs, max, min, relu, step and "
                           "piecewise functions have no second derivative at their kinks",
                      "this kind tests convexity through the Hessian")
    domain = _domain(r, symbols) if r.has("domain") else ()
    return ConvexityInputs(f, tuple(symbols.values()), domain)


def _domain(r: PartReader, symbols: dict[str, sympy.Symbol]) -> tuple[Bounds, ...]:
    node = r.get("domain")
    items = node.items if isinstance(node, YSeq) else (node,)
    relations: list = []
    for item in items:
        if not (isinstance(item, YScalar) and item.type == "str"):
            raise r.error("domain", "expected conditions such as 'x > 0'", _DOMAIN_HINT,
                          line=getattr(item, "line", None))
        # a condition is a value only inside an indicator [ … ]: read it as one
        indicator = r.expression_node("domain", YScalar(f"[{item.text}]", "str", item.line),
                                      symbols)
        if not (isinstance(indicator, sympy.Piecewise) and len(indicator.args) == 2):
            raise r.error("domain", f"{item.text!r} is not a condition", _DOMAIN_HINT,
                          line=item.line)
        condition = indicator.args[0].cond
        parts = condition.args if isinstance(condition, sympy.And) else (condition,)
        for part in parts:
            if not isinstance(part, sympy.core.relational.Relational):
                raise r.error("domain", f"{item.text!r}: only 'and' may join conditions",
                              _DOMAIN_HINT, line=item.line)
            relations.append((part, item))
    bounds = {x: Bounds(x) for x in symbols.values()}
    for relation, item in relations:
        variable, side, value, closed = _bound(relation)
        if variable is None or variable not in bounds:
            raise r.error("domain", f"{item.text!r}: each condition must compare one of "
                                    f"{', '.join(symbols)} with a number", _DOMAIN_HINT,
                          line=item.line)
        old = bounds[variable]
        if side == "lower" and value >= old.lower:
            bounds[variable] = Bounds(variable, value, old.upper, (closed, old.closed[1]))
        elif side == "upper" and value <= old.upper:
            bounds[variable] = Bounds(variable, old.lower, value, (old.closed[0], closed))
    for b in bounds.values():
        if not b.lower < b.upper:
            raise r.error("domain", f"the bounds on {b.variable} leave no interval",
                          _DOMAIN_HINT)
    return tuple(b for b in bounds.values() if b.lower.is_finite or b.upper.is_finite)


def _bound(relation):
    """(variable, "lower" | "upper", number, closed) of x > a, a < x, x <= b, …; variable
    None when the relation is not of that form."""
    lhs, rhs = relation.lhs, relation.rhs
    greater = isinstance(relation, sympy.StrictGreaterThan | sympy.GreaterThan)
    closed = isinstance(relation, sympy.GreaterThan | sympy.LessThan)
    if isinstance(lhs, sympy.Symbol) and rhs.is_number and rhs.is_real:
        return lhs, "lower" if greater else "upper", rhs, closed
    if isinstance(rhs, sympy.Symbol) and lhs.is_number and lhs.is_real:
        return rhs, "upper" if greater else "lower", lhs, closed
    return None, "", None, False
