"""Typical mistakes in a Cholesky factorisation, each the kind's own solve with one rule
changed."""

from __future__ import annotations

from solver.answers import Value
from solver.kinds.cholesky.rules import Rules
from solver.kinds.cholesky.solve import solve
from solver.kinds.given import NotCarried

MISTAKES = (
    ("cholesky_root_forgotten", Rules(diagonal_root=False),
     "you forgot the square root on the diagonal: lⱼⱼ = √(aⱼⱼ − Σₖ lⱼₖ²), not "
     "aⱼⱼ − Σₖ lⱼₖ²"),
    ("cholesky_upper_factor", Rules(transposed=True),
     "you gave the upper triangular Lᵀ; the Cholesky factor L in A = LLᵀ is lower "
     "triangular"),
    ("cholesky_divided_by_square", Rules(divisor_power=2),
     "you divided by lⱼⱼ²; below the diagonal lᵢⱼ = (aᵢⱼ − Σₖ lᵢₖlⱼₖ) / lⱼⱼ"),
)


def mistakes(inputs, solved, found) -> None:
    """The square root on the diagonal forgotten, Lᵀ (upper triangular) given for L, and
    the entries below the diagonal divided by lⱼⱼ² instead of lⱼⱼ."""
    if not isinstance(solved.answer, Value):
        return
    for code, rules, message in MISTAKES:
        try:
            wrong = solve(inputs, rules=rules)
        except NotCarried:  # the changed rule left a non-positive diagonal entry
            continue
        found.add(code, message, wrong.answer)
