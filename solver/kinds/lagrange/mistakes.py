"""Typical mistakes with Lagrange multipliers, each the kind's own solve with one rule,
input or label changed."""

from __future__ import annotations

from dataclasses import replace

import sympy

from solver.answers import Named
from solver.kinds.lagrange.rules import Rules
from solver.kinds.lagrange.solve import solve
from solver.kinds.lagrange.steps import LagrangeCaseSplit

_ITEMS = ("max", "argmax", "min", "argmin")


class _Comparable:
    """The collector, passed only answers it can compare: a set of numerically found
    points or values, or one compared with such a set, is left out."""

    def __init__(self, found):
        self.found = found

    def add(self, code, message, answer, name=None):
        expected = getattr(self.found, "items", {}).get(name)
        for value in (getattr(answer, "value", None), getattr(expected, "value", None)):
            if isinstance(value, sympy.FiniteSet) and value.has(sympy.Float):
                return
        self.found.add(code, message, answer, name)

    def add_items(self, code, message, items):
        for name, answer in items:
            self.add(code, message, answer, name)


def mistakes(inputs, solved, found) -> None:
    """L = f + λg (every multiplier with the opposite sign); a case of the split dropped
    (its candidates missing); the stationary points of f with the constraints ignored;
    maximum and minimum swapped."""
    if not isinstance(solved.answer, Named):
        return
    found = _Comparable(found)
    flipped = solve(inputs, rules=Rules(sign=1))
    if isinstance(flipped.answer, Named):
        for name, value in flipped.answer.items:
            message = "your multiplier has the opposite sign: with L = f − λ(g − c), " \
                      "∇f = λ∇g; L = f + λ(g − c) gives −λ" if name.startswith(
                          ("lambda", "mu")) else "with L = f + μ(g − c) the sign test on " \
                      "μ is reversed: for L = f − μ(g − c) a maximum on an active g ≤ c " \
                      "needs μ ≥ 0"
            found.add("lagrangian_sign", message, value, name)
    items = dict(solved.answer.items)
    if "max" in items and "min" in items:
        swapped = {"max": "min", "min": "max", "argmax": "argmin", "argmin": "argmax"}
        found.add_items("max_min_swapped", "you swapped the maximum and the minimum: the "
                        "largest value of f at the candidates is the maximum",
                        [(name, items[other]) for name, other in swapped.items()
                         if name in items and other in items])
    split = next((s for s in solved.walk() if isinstance(s, LagrangeCaseSplit)), None)
    for number in range(1, len(split.cases) + 1 if split else 1):
        dropped = solve(inputs, rules=Rules(dropped=number))
        message = "you missed a case of the split, and with it some candidates: " \
                  "ab = 0 means a = 0 or b = 0, and each case must be solved"
        if isinstance(dropped.answer, Named):
            found.add_items("case_dropped", message, dropped.answer.items)
    free = solve(replace(inputs, constraints=()), rules=Rules(existence=False))
    if isinstance(free.answer, Named):
        found.add_items("constraint_ignored", "you took a stationary point of f itself "
                        "(∇f = 0), ignoring the constraint: on the constraint ∇f = λ∇g",
                        [item for item in free.answer.items if item[0] in _ITEMS])
