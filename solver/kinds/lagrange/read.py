"""Reading a Lagrange part: f, its variables, the constraints g(x) = c (or g(x) ≤ c,
g(x) ≥ c) written as text, and which extrema are asked for."""

from __future__ import annotations

import re
from dataclasses import dataclass

import sympy

from solver.spec.reader import PartReader, variables
from solver.spec.yamlsource import YScalar, YSeq

GOALS = ("both", "max", "min")
MAX_INEQUALITIES = 3  # 2^k complementary-slackness cases
MAX_CONSTRAINTS = 4
_RELATION = re.compile(r"<=|>=|≤|≥|⩽|⩾|==|=|<|>")
_RELATIONS = {"<=": "<=", "≤": "<=", "⩽": "<=", ">=": ">=", "≥": ">=", "⩾": ">=",
              "=": "=", "==": "="}


@dataclass(frozen=True)
class Constraint:
    """g(x) relation c; ``relation`` is ``=``, ``<=`` or ``>=``."""

    g: sympy.Expr
    c: sympy.Expr
    relation: str = "="

    @property
    def equality(self) -> bool:
        return self.relation == "="

    @property
    def relation_tex(self) -> str:
        return {"=": "=", "<=": r"\le", ">=": r"\ge"}[self.relation]

    @property
    def excess(self) -> sympy.Expr:
        """g − c, as written (for ≥ the feasible side is g − c ≥ 0)."""
        return sympy.expand(self.g - self.c)

    @property
    def upper(self) -> sympy.Expr:
        """h with the constraint read as h ≤ 0 (h = g − c for ≤ and =, c − g for ≥)."""
        return -self.excess if self.relation == ">=" else self.excess


@dataclass(frozen=True)
class LagrangeInputs:
    f: sympy.Expr
    wrt: tuple[sympy.Symbol, ...]
    constraints: tuple[Constraint, ...]
    goal: str = "both"

    @property
    def equalities(self) -> tuple[Constraint, ...]:
        return tuple(c for c in self.constraints if c.equality)

    @property
    def inequalities(self) -> tuple[Constraint, ...]:
        return tuple(c for c in self.constraints if not c.equality)


def read(r: PartReader) -> LagrangeInputs:
    wrt = r.names("wrt")
    symbols = variables(wrt)
    f = r.expression("f", symbols)
    node = r.get("constraints")
    items = node.items if isinstance(node, YSeq) else (node,)
    if not items:
        raise r.error("constraints", "expected at least one constraint, e.g. x + y = 10")
    if len(items) > MAX_CONSTRAINTS:
        raise r.error("constraints", f"at most {MAX_CONSTRAINTS} constraints are worked, "
                                     f"found {len(items)}")
    constraints = tuple(_constraint(r, item, symbols) for item in items)
    inequalities = sum(not c.equality for c in constraints)
    if inequalities > MAX_INEQUALITIES:
        raise r.error("constraints", f"at most {MAX_INEQUALITIES} inequalities are worked "
                                     f"(2^k cases), found {inequalities}")
    if sum(c.equality for c in constraints) >= len(wrt):
        raise r.error("constraints", f"{len(wrt)} variables need fewer than {len(wrt)} "
                                     f"equality constraints for anything to optimise")
    goal = r.choice("goal", GOALS, "both")
    return LagrangeInputs(f, tuple(symbols[name] for name in wrt), constraints, goal)


def _constraint(r: PartReader, item, symbols) -> Constraint:
    if not (isinstance(item, YScalar) and item.type == "str"):
        raise r.error("constraints", "write each constraint as text, e.g. 'x^2 + y^2 = 1'",
                      line=getattr(item, "line", None))
    found = _RELATION.findall(item.text)
    if len(found) != 1:
        raise r.error("constraints", f"{item.text!r}: expected one =, <= or >=, e.g. "
                                     f"'x + y = 10'", line=item.line)
    if found[0] in ("<", ">"):
        raise r.error("constraints", f"{item.text!r}: a strict inequality has no closed "
                                     f"feasible set", "write <= or >=", line=item.line)
    left, right = _RELATION.split(item.text)
    if not left.strip() or not right.strip():
        raise r.error("constraints", f"{item.text!r}: a side of the relation is empty",
                      line=item.line)
    g = r.expression_node("constraints", YScalar(left.strip(), "str", item.line), symbols)
    c = r.expression_node("constraints", YScalar(right.strip(), "str", item.line), symbols)
    excess = sympy.expand(g - c)
    if not excess.free_symbols:
        raise r.error("constraints", f"{item.text!r} does not involve the variables",
                      line=item.line)
    if c.free_symbols:  # variables on both sides: g(x) = c with the number on the right
        constant = -excess.as_coeff_Add()[0]
        g, c = sympy.expand(excess + constant), constant
    return Constraint(g, c, _RELATIONS[found[0]])
