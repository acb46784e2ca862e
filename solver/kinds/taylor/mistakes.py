"""Typical mistakes in a Taylor polynomial, each the kind's own solve with one rule or one
input changed."""

from __future__ import annotations

from dataclasses import replace

import sympy

from solver.answers import Value
from solver.kinds.taylor.rules import Rules
from solver.kinds.taylor.solve import solve

RULES = (
    ("factorial_as_k", Rules(divisor="k"),
     "you divided the k-th derivative by k; the term of order k is f⁽ᵏ⁾(a)/k! · (x − a)ᵏ, "
     "divided by k! = 1·2·…·k"),
    ("factorial_missing", Rules(divisor="one"),
     "you left out the k! of each term; the term of order k is f⁽ᵏ⁾(a)/k! · (x − a)ᵏ "
     "(for several variables the ½ of ½ (x − a)ᵀH(a)(x − a))"),
    ("derivatives_not_at_point", Rules(at_point=False),
     "your coefficients still depend on x: the derivatives are evaluated at the point a, "
     "f⁽ᵏ⁾(a), before they multiply (x − a)ᵏ"),
    ("shift_sign", Rules(shift_sign=1),
     "your powers are of (x + a); the Taylor polynomial about a is in powers of (x − a)"),
    ("cross_terms_once", Rules(count_orderings=False),
     "you counted each mixed partial derivative once; (x − a)ᵀH(x − a) holds Hᵢⱼ and Hⱼᵢ, "
     "so the mixed term is Hᵢⱼ(xᵢ − aᵢ)(xⱼ − aⱼ) without the ½ (of order k, D^αf counts "
     "k!/α! times)"),
)


def mistakes(inputs, solved, found) -> None:
    """k in place of k!, no k! at all, the derivatives left as functions of x, (x + a) in
    place of (x − a), a mixed second derivative counted once (several variables), and the
    expansion about 0 instead of a (Maclaurin)."""
    if not isinstance(solved.answer, Value):
        return
    for code, rules, message in RULES:
        if code == "cross_terms_once" and not (inputs.several and inputs.order >= 2):
            continue
        found.add(code, message, solve(inputs, rules=rules).answer)
    if any(coordinate != 0 for coordinate in inputs.at):
        about_zero = replace(inputs, at=(sympy.S.Zero,) * len(inputs.wrt))
        found.add("expanded_about_zero",
                  "you expanded about 0 (the Maclaurin polynomial); the question asks for the "
                  "expansion about a, in powers of (x − a)", solve(about_zero).answer)
